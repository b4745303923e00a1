/* layout: doc + style -> pages of boxes. Pango units stay inside this
 * file; everything it hands out is in points. */
#include "layout.h"

#include <string.h>

#define PT(units) ((double)(units) / PANGO_SCALE)
#define UNITS(pt) ((int)((pt) * PANGO_SCALE + 0.5))

typedef struct ctx {
    const doc *dc;
    const style *st;
    fonts *f;
    diag_list *d;
    layout *out;
    page *pg; /* the page being filled */
} ctx;

typedef struct text_opts {
    const char *family;
    double size_pt;
    bool bold;
    double width_pt;       /* wrap width; <= 0: no wrapping */
    PangoAlignment align;
    bool justify;
    double spacing;        /* line spacing factor; 0 = the font's own */
} text_opts;

static void box_free(gpointer p)
{
    box *b = p;
    if (b->layout)
        g_object_unref(b->layout);
    g_free(b);
}

static void page_free(gpointer p)
{
    page *pg = p;
    g_ptr_array_unref(pg->boxes);
    g_free(pg->heading);
    g_free(pg);
}

void layout_free(layout *l)
{
    if (!l)
        return;
    g_ptr_array_unref(l->pages);
    g_ptr_array_unref(l->skipped);
    g_free(l);
}

static page *new_page(ctx *c, const doc_node *sec)
{
    page *pg = g_new0(page, 1);
    pg->boxes = g_ptr_array_new_with_free_func(box_free);
    pg->section = sec;
    pg->number = (int)c->out->pages->len + 1;
    g_ptr_array_add(c->out->pages, pg);
    c->pg = pg;
    return pg;
}

static box *add_box(ctx *c, box_type t, double x, double y, double w, double h)
{
    box *b = g_new0(box, 1);
    b->type = t;
    b->x_pt = x;
    b->y_pt = y;
    b->w_pt = w;
    b->h_pt = h;
    g_ptr_array_add(c->pg->boxes, b);
    return b;
}

static void add_fill(ctx *c, double x, double y, double w, double h, guint32 color, const char *role)
{
    box *b = add_box(c, BOX_FILL, x, y, w, h);
    b->color = color;
    b->role = role;
}

static void add_rule(ctx *c, double x, double y, double w, double h, double line_pt, guint32 color)
{
    box *b = add_box(c, BOX_RULE, x, y, w, h);
    b->color = color;
    b->line_pt = line_pt;
    b->role = "rule";
}

/*** Text ***/

static PangoLayout *make_layout(ctx *c, const char *str, const GArray *spans, const text_opts *o)
{
    PangoLayout *pl = pango_layout_new(c->f->context);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, o->family);
    pango_font_description_set_absolute_size(fd, o->size_pt * PANGO_SCALE);
    pango_font_description_set_weight(fd, o->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(pl, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(pl, str, -1);

    PangoAttrList *attrs = pango_attr_list_new();
    PangoAttribute *lang = pango_attr_language_new(pango_language_from_string("ja"));
    pango_attr_list_insert(attrs, lang);
    if (spans) {
        for (guint i = 0; i < spans->len; i++) {
            const doc_span *sp = &g_array_index(spans, doc_span, i);
            if (sp->kind != DOC_SPAN_BOLD)
                continue;
            PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
            a->start_index = (guint)sp->start;
            a->end_index = (guint)sp->end;
            pango_attr_list_insert(attrs, a);
        }
    }
    pango_layout_set_attributes(pl, attrs);
    pango_attr_list_unref(attrs);

    if (o->width_pt > 0) {
        pango_layout_set_width(pl, UNITS(o->width_pt));
        pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(pl, o->align);
    pango_layout_set_justify(pl, o->justify);
    if (o->spacing > 0)
        pango_layout_set_line_spacing(pl, (float)o->spacing);
    return pl;
}

static void layout_size(PangoLayout *pl, double *w, double *h)
{
    PangoRectangle logical;
    pango_layout_get_extents(pl, NULL, &logical);
    *w = PT(logical.width);
    *h = PT(logical.height);
}

/* Places text at (x, y); with a wrap width the box is that wide. Returns
 * the box (its h_pt is the text's height). */
static box *add_text(ctx *c, double x, double y, const char *str, const GArray *spans, const text_opts *o,
                     guint32 color, const char *role, const doc_node *node)
{
    PangoLayout *pl = make_layout(c, str, spans, o);
    double w, h;
    layout_size(pl, &w, &h);
    box *b = add_box(c, BOX_TEXT, x, y, o->width_pt > 0 ? o->width_pt : w, h);
    b->layout = pl;
    b->color = color;
    b->role = role;
    b->node = node;
    return b;
}

/* Text that must fit 'max_w' on as few lines as it has: shrinks the size in
 * steps of 4 % down to the style's floor, then wraps at 'max_w'. Warns
 * (at the node) when even that needs more than 'max_lines' lines. */
static box *add_fitted(ctx *c, double x, double y, const char *str, const GArray *spans, text_opts o,
                       double max_w, guint32 color, const char *role, const doc_node *node,
                       diag_loc loc)
{
    double floor_pt = MIN(c->st->size_floor_pt, o.size_pt);
    int want_lines = 1;
    for (const char *p = str; *p; p++)
        want_lines += *p == '\n';
    double size = o.size_pt;
    for (;;) {
        o.size_pt = size;
        o.width_pt = 0;
        PangoLayout *pl = make_layout(c, str, spans, &o);
        double w, h;
        layout_size(pl, &w, &h);
        g_object_unref(pl);
        if (w <= max_w + 0.01)
            break;
        if (size <= floor_pt) {
            diag_warning(c->d, loc, "this text is too long for one line even at %.1f pt, so it wraps; shorten it to keep it on one line",
                         size);
            break;
        }
        size = MAX(floor_pt, size * 0.96);
    }
    o.width_pt = max_w;
    return add_text(c, x, y, str, spans, &o, color, role, node);
}

static text_opts opts(const char *family, double size, bool bold, double width, PangoAlignment align)
{
    text_opts o = { family, size, bold, width, align, false, 0 };
    return o;
}

/*** Page furniture ***/

static char *series_label(const doc *dc)
{
    char *num = doc_number_label(dc->meta.number);
    char *s = g_strdup_printf("%s %s %s", dc->meta.series, num, dc->meta.place ? dc->meta.place : "");
    g_free(num);
    return s;
}

static void add_footer(ctx *c, int total)
{
    const style *st = c->st;
    double y = st->page_h_pt - st->margin_bottom_pt + 4;
    double x0 = st->margin_left_pt, w = st->page_w_pt - st->margin_left_pt - st->margin_right_pt;
    add_rule(c, x0, y - 4, w, 0, 0.5, st->color_rule);
    char *left = series_label(c->dc);
    text_opts o = opts(st->font_body, st->size_footer_pt, false, w * 0.7, PANGO_ALIGN_LEFT);
    add_text(c, x0, y, left, NULL, &o, st->color_muted, "footer", NULL);
    g_free(left);
    char *num = g_strdup_printf("%d / %d", c->pg->number, total);
    o = opts(st->font_body, st->size_footer_pt, false, w * 0.3, PANGO_ALIGN_RIGHT);
    add_text(c, x0 + w * 0.7, y, num, NULL, &o, st->color_muted, "page-number", NULL);
    g_free(num);
}

/*** Title page ***/

static void layout_title(ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    const doc_meta *m = &c->dc->meta;
    page *pg = new_page(c, sec);
    pg->heading = g_strdup("表紙");
    double W = st->page_w_pt, H = st->page_h_pt;
    double x0 = st->margin_left_pt + 24, w = W - x0 - st->margin_right_pt - 24;

    if (st->band_filled) {
        add_fill(c, 0, 0, W, 14, st->color_accent, "band");
        add_fill(c, 0, H - 96, W, 96, st->color_fill_light, "band");
        add_fill(c, 0, H - 100, W, 4, st->color_accent2, "band");
    } else {
        add_rule(c, st->margin_left_pt, 28, W - st->margin_left_pt - st->margin_right_pt, 0, 2, st->color_text);
        add_rule(c, st->margin_left_pt, H - 100, W - st->margin_left_pt - st->margin_right_pt, 0, 1, st->color_text);
    }

    double y = H * 0.17;
    diag_loc loc = { c->dc->file, 1, 1 };
    text_opts o = opts(st->font_title, st->size_title_pt, true, 0, PANGO_ALIGN_LEFT);
    box *b = add_fitted(c, x0, y, m->series, NULL, o, w, st->color_accent, "title", sec, loc);
    y += b->h_pt + 6;

    char *num = doc_number_label(m->number);
    o = opts(st->font_title, st->size_number_pt, true, 0, PANGO_ALIGN_LEFT);
    b = add_fitted(c, x0 - 4, y, num, NULL, o, w, st->color_accent2, "number", sec, loc);
    g_free(num);
    y += b->h_pt + 10;

    add_rule(c, x0, y, MIN(w, 420), 0, 2.5, st->band_filled ? st->color_accent : st->color_text);
    y += 18;
    o = opts(st->font_title, st->size_place_pt, true, 0, PANGO_ALIGN_LEFT);
    add_fitted(c, x0, y, m->place ? m->place : "", NULL, o, w, st->color_text, "place", sec, loc);

    /* Period, organisation and traveller in the bottom band. */
    double by = H - 84;
    char *period = m->period_start.year ? doc_period_format(m->period_start, m->period_end) : g_strdup("");
    o = opts(st->font_body, 18, false, 0, PANGO_ALIGN_LEFT);
    b = add_fitted(c, x0, by, period, NULL, o, w, st->color_text, "period", sec, loc);
    g_free(period);
    by += b->h_pt + 8;
    char *who = m->organization ? g_strdup_printf("%s　%s", m->organization, m->traveler ? m->traveler : "")
                                : g_strdup(m->traveler ? m->traveler : "");
    o = opts(st->font_body, 14, false, 0, PANGO_ALIGN_LEFT);
    add_fitted(c, x0, by, who, NULL, o, w, st->color_muted, "traveler", sec, loc);
    g_free(who);
}

/*** Closing page ***/

static const doc_node *child_of(const doc_node *sec, doc_node_type t)
{
    if (!sec->children)
        return NULL;
    for (guint i = 0; i < sec->children->len; i++) {
        const doc_node *n = g_ptr_array_index(sec->children, i);
        if (n->type == t)
            return n;
    }
    return NULL;
}

static void layout_closing(ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    page *pg = new_page(c, sec);
    pg->heading = g_strdup("おわりに");
    double W = st->page_w_pt, H = st->page_h_pt;
    double x0 = st->margin_left_pt, w = W - st->margin_left_pt - st->margin_right_pt;

    if (st->band_filled)
        add_fill(c, 0, 0, W, 14, st->color_accent, "band");

    const doc_node *mark = child_of(sec, DOC_NODE_MARK);
    if (mark) {
        text_opts o = opts(st->font_body, 20, false, w, PANGO_ALIGN_RIGHT);
        add_text(c, x0, st->margin_top_pt + 6, mark->text->str, mark->text->spans, &o, st->color_text, "mark", mark);
    }

    /* Measure the three blocks, then centre them as a group. */
    const doc_node *title = child_of(sec, DOC_NODE_TITLE);
    const doc_node *text = child_of(sec, DOC_NODE_PARAGRAPH);
    const doc_node *sig = child_of(sec, DOC_NODE_SIGNATURE);
    double avail_top = st->margin_top_pt + 40, avail_bottom = H - st->margin_bottom_pt - 10;
    double y = avail_top + (avail_bottom - avail_top) * 0.12;
    if (title) {
        text_opts o = opts(st->font_title, 36, true, 0, PANGO_ALIGN_CENTER);
        box *b = add_fitted(c, x0, y, title->text->str, title->text->spans, o, w, st->color_accent, "title",
                            title, title->text->loc);
        y += b->h_pt + 24;
        add_rule(c, W / 2 - 60, y, 120, 0, 2, st->band_filled ? st->color_accent2 : st->color_text);
        y += 28;
    }
    if (text) {
        text_opts o = opts(st->font_body, 28, true, w, PANGO_ALIGN_CENTER);
        o.spacing = 1.4;
        box *b = add_text(c, x0, y, text->text->str, text->text->spans, &o, st->color_text, "body", text);
        y += b->h_pt + 40;
    }
    if (sig) {
        text_opts o = opts(st->font_body, 18, false, w, PANGO_ALIGN_CENTER);
        o.spacing = 1.5;
        add_text(c, x0, y, sig->text->str, sig->text->spans, &o, st->color_text, "signature", sig);
    }
}

layout *layout_run(const doc *dc, const style *st, fonts *f, diag_list *diags)
{
    layout *l = g_new0(layout, 1);
    l->pages = g_ptr_array_new_with_free_func(page_free);
    l->skipped = g_ptr_array_new();
    l->width_pt = st->page_w_pt;
    l->height_pt = st->page_h_pt;
    ctx c = { dc, st, f, diags, l, NULL };

    for (guint i = 0; i < dc->sections->len; i++) {
        const doc_node *sec = g_ptr_array_index(dc->sections, i);
        switch (sec->kind) {
        case DOC_KIND_TITLE:
            layout_title(&c, sec);
            break;
        case DOC_KIND_CLOSING:
            layout_closing(&c, sec);
            break;
        case DOC_KIND_GOALS:
        case DOC_KIND_OVERVIEW:
        case DOC_KIND_BULLETS:
        case DOC_KIND_FACTS:
        case DOC_KIND_SCHEDULE:
        case DOC_KIND_TEXT:
        case DOC_KIND_PHOTOS:
        case DOC_KIND_NONE:
            g_ptr_array_add(l->skipped, (gpointer)sec);
            diag_warning(diags, sec->loc, "[%s] is checked but not drawn yet: this version draws the title and closing pages only",
                         doc_kind_name(sec->kind));
            break;
        }
    }
    /* Footers need the page count. */
    int total = (int)l->pages->len;
    for (guint i = 0; i < l->pages->len; i++) {
        c.pg = g_ptr_array_index(l->pages, i);
        if (c.pg->section->kind != DOC_KIND_TITLE)
            add_footer(&c, total);
    }
    return l;
}
