/* layout: doc + style -> pages of boxes. Each section is laid out by the
 * function of its page kind (the table below), then the pages are numbered
 * and given their footers. */
#include "layout.h"

#include "layout_check.h"
#include "layout_furniture.h"
#include "layout_kinds.h"
#include "layout_memo.h"
#include "layout_scale.h"

/* The parts of the layout, one job each:
 *   layout_kind_*.c     the page kinds (layout_kinds.h: how to add one)
 *   layout_box.c        the run's state, pages and boxes, the roles of boxes
 *   layout_text.c       text set with Pango: fitted, clamped, in pieces
 *   layout_flow.c       paragraphs, lists and subheadings down the pages
 *   layout_table.c      tables in the flow
 *   layout_figure.c     images and placeholders
 *   layout_furniture.c  heading band, logo, footer
 *   layout_words.c      the words the layout adds to pages
 *   layout_check.c      layout_check(), characters no font has
 *   layout_scale.c      a flowing section's type size, even split and balance
 * Every measure of the page design comes from the style (style.h). */

/* The function that lays out each kind of section. */
/* 'scaled': its pages flow and take the type scale (layout_scale.c);
 * 'balanced': the leftover height of its pages is used (balance);
 * 'banded': its pages have the heading band (furniture_section_page). */
static const struct {
    doc_kind kind;
    void (*lay)(layout_ctx *c, const doc_node *sec);
    bool scaled, balanced, banded;
} kinds[] = {
    { DOC_KIND_TITLE, kind_title, false, false, false },
    { DOC_KIND_GOALS, kind_goals, true, true, true },
    { DOC_KIND_OVERVIEW, kind_overview, true, true, true },
    { DOC_KIND_BULLETS, kind_bullets, true, true, true },
    { DOC_KIND_FACTS, kind_facts, true, false, true },
    { DOC_KIND_SCHEDULE, kind_schedule, true, true, true },
    { DOC_KIND_TEXT, kind_text, true, true, true },
    { DOC_KIND_PHOTOS, kind_photos, false, false, true },
    { DOC_KIND_CLOSING, kind_closing, false, false, false },
};

static int kind_index(doc_kind k)
{
    for (guint i = 0; i < G_N_ELEMENTS(kinds); i++)
        if (kinds[i].kind == k)
            return (int)i;
    return -1;
}

/* A run over 'l' with the geometry of an ordinary page: the heading band
 * at the top, the footer strip in the bottom margin, the content between. */
static layout_ctx ctx_make(const doc *dc, const style *st, fonts *f, diag_list *diags, layout *l)
{
    layout_ctx c = { .dc = dc, .st = st, .w = &layout_words_ja, .f = f, .d = diags, .out = l };
    furniture_band_use(&c, furniture_band_least(st));
    c.cx = st->margin_left_pt;
    c.cw = st->page_w_pt - st->margin_left_pt - st->margin_right_pt;
    c.cbottom = st->page_h_pt - st->margin_bottom_pt - st->footer.gap_pt;
    return c;
}

/* Sections planned (bands laid out, trials), and taken from the memo, in
 * this process. */
static int plans_made, plans_remembered;

/* section_band() without the memo: the band (and plan) worked out, the
 * band left at the design's least. */
static double band_made(layout_ctx *c, scale_kind_fn lay, bool scaled, bool banded, const doc_node *sec,
                        scale_plan *plan)
{
    double least = furniture_band_least(c->st);
    furniture_band_use(c, least);
    double alone = banded ? furniture_band_need(c, sec, false) : least;
    double cont = banded ? furniture_band_need(c, sec, true) : least;
    double band = alone;
    furniture_band_use(c, alone);
    if (scaled)
        *plan = scale_plan_section(c, lay, sec);
    if (cont > alone && (scaled ? !plan->one_page : scale_trial_pages(c, lay, sec) > 1)) {
        /* A lower content area: the section still takes more than a page. */
        furniture_band_use(c, cont);
        band = cont;
        if (scaled)
            *plan = scale_plan_section(c, lay, sec);
    }
    furniture_band_use(c, least);
    return band;
}

/* The height of the heading band of section 'sec' (laid out by 'lay'),
 * which all its pages share, so that its content starts at one height on
 * each: as high as its heading needs (furniture_band_need), and as high
 * as the heading with （続き） needs when the section takes more than a
 * page. A 'scaled' section's plan is made for that band (into 'plan').
 * Both are kept in the memo (layout_memo.h). Leaves c's band at the
 * design's least. */
static double section_band(layout_ctx *c, scale_kind_fn lay, bool scaled, bool banded, const doc_node *sec,
                           scale_plan *plan)
{
    furniture_band_use(c, furniture_band_least(c->st));
    char *key = layout_memo_key(c, sec);
    double band;
    scale_plan kept;
    if (layout_memo_find(key, &band, &kept)) { /* the bands need no heading laid out either */
        if (scaled)
            *plan = kept;
        plans_remembered++;
        g_free(key);
        return band;
    }
    band = band_made(c, lay, scaled, banded, sec, plan);
    plans_made++;
    layout_memo_keep(key, band, scaled ? plan : &(scale_plan){ 0, true, 0, 0 });
    g_free(key);
    return band;
}

void layout_plan_stats(int *made, int *remembered)
{
    *made = plans_made;
    *remembered = plans_remembered;
}

layout *layout_pages(const doc *dc, const style *st, fonts *f, diag_list *diags)
{
    layout *l = g_new0(layout, 1);
    l->pages = g_ptr_array_new_with_free_func(page_free);
    l->skipped = g_ptr_array_new();
    l->width_pt = st->page_w_pt;
    l->height_pt = st->page_h_pt;
    layout_ctx c = ctx_make(dc, st, f, diags, l);
    furniture_footer_check(&c);
    /* First each section's heading band and each flowing section's plan
     * (its size, its split), then the sizes of one kind brought within a
     * few steps, then the pages. */
    guint ns = dc->sections->len;
    scale_plan *plans = g_new0(scale_plan, ns);
    bool *scaled = g_new0(bool, ns);
    double *bands = g_new0(double, ns);
    for (guint i = 0; i < ns; i++) {
        const doc_node *sec = g_ptr_array_index(dc->sections, i);
        int k = kind_index(sec->kind);
        if (k < 0)
            continue;
        bands[i] = section_band(&c, kinds[k].lay, kinds[k].scaled, kinds[k].banded, sec, &plans[i]);
        scaled[i] = kinds[k].scaled;
    }
    scale_plans_even(dc, plans, scaled, st->scale.steps_apart);
    for (guint i = 0; i < ns; i++) {
        const doc_node *sec = g_ptr_array_index(dc->sections, i);
        int k = kind_index(sec->kind);
        if (k < 0)
            continue;
        furniture_band_use(&c, bands[i]);
        if (!scaled[i]) {
            kinds[k].lay(&c, sec);
            continue;
        }
        style at = style_at_step(st, plans[i].step);
        guint first = l->pages->len;
        c.st = &at;
        c.fill_bottom = plans[i].fill;
        kinds[k].lay(&c, sec);
        if (kinds[k].balanced)
            for (guint p = first; p < l->pages->len; p++)
                scale_balance_page(&c, g_ptr_array_index(l->pages, p));
        c.st = st;
        c.fill_bottom = 0;
    }
    furniture_band_use(&c, furniture_band_least(st));
    g_free(bands);
    g_free(plans);
    g_free(scaled);
    layout_warn_unknown_glyphs(l, dc, diags);
    return l;
}

void layout_number(layout *l, const doc *dc, const style *st, fonts *f, int first, int total,
                   const char *footer, const char *title_label)
{
    layout_ctx c = ctx_make(dc, st, f, NULL, l);
    for (guint i = 0; i < l->pages->len; i++) {
        c.pg = g_ptr_array_index(l->pages, i);
        c.pg->number = first + (int)i;
        g_free(c.pg->label);
        if (c.pg->section->kind == DOC_KIND_TITLE) {
            c.pg->label = g_strdup(title_label ? title_label : c.w->title_label);
        } else {
            c.pg->label = g_strdup_printf("%d", c.pg->number);
            furniture_footer(&c, total, footer);
        }
    }
}

layout *layout_run(const doc *dc, const style *st, fonts *f, diag_list *diags)
{
    layout *l = layout_pages(dc, st, f, diags);
    layout_number(l, dc, st, f, 1, (int)l->pages->len, NULL, NULL);
    return l;
}

void layout_early_images(const doc *dc, const style *st, fonts *f, layout_image_fn fn, void *data)
{
    layout *l = g_new0(layout, 1);
    l->pages = g_ptr_array_new_with_free_func(page_free);
    l->skipped = g_ptr_array_new();
    diag_list *quiet = diag_list_new(); /* layout_pages() says it all */
    layout_ctx c = ctx_make(dc, st, f, quiet, l);
    for (guint i = 0; i < dc->sections->len; i++) {
        const doc_node *sec = g_ptr_array_index(dc->sections, i);
        int k = kind_index(sec->kind);
        if (k < 0 || sec->kind != DOC_KIND_PHOTOS || kinds[k].scaled)
            continue;
        scale_plan none;
        /* As layout_pages() lays it out: its band, then its pages. */
        furniture_band_use(&c, band_made(&c, kinds[k].lay, false, kinds[k].banded, sec, &none));
        kinds[k].lay(&c, sec);
        furniture_band_use(&c, furniture_band_least(st));
    }
    layout_images(l, fn, data);
    diag_list_free(quiet);
    layout_free(l);
}

void layout_images(const layout *l, layout_image_fn fn, void *data)
{
    for (guint i = 0; i < l->pages->len; i++) {
        const page *pg = g_ptr_array_index(l->pages, i);
        for (guint k = 0; k < pg->boxes->len; k++) {
            const box *b = g_ptr_array_index(pg->boxes, k);
            if (b->type == BOX_IMAGE && b->path)
                fn(data, b->path, b->w_pt, b->h_pt, b->cover);
        }
    }
}

void layout_free(layout *l)
{
    if (!l)
        return;
    g_ptr_array_unref(l->pages);
    g_ptr_array_unref(l->skipped);
    if (l->groups)
        g_ptr_array_unref(l->groups);
    g_free(l);
}
