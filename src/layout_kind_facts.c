/* layout_kind_facts: the [facts] page: the image (a map) with its credit
 * in a column on the left; the title, the facts (a muted label, a tab, a
 * large value) and the text on the right, continuing full width if long. */
#include "layout_kinds.h"

#include "layout_figure.h"
#include "layout_flow.h"

#include <string.h>

/* [facts]: the image (a map) with its credit on the left; the title, the
 * facts and the text on the right, continuing full width if long. */
void kind_facts(layout_ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    const style_facts *F = &st->facts;
    const doc_node *img = kind_child(sec, DOC_NODE_IMAGE);
    flow f;
    flow_begin(&f, c, sec);
    double gap = F->gap_pt;
    double left_w = img ? c->cw * F->image_share : 0;
    if (img) {
        f.first_x = c->cx + left_w + gap;
        f.first_w = c->cw - left_w - gap;
    }
    flow_start(&f);
    if (img) {
        /* Room for the credit below the image: one line, or what it
         * needs across the column (at most a quarter of the page). */
        double credit_h = st->size_caption_pt * F->credit_room;
        const char *credit_lead = c->w->credit;
        char *credit = img->text2 ? g_strconcat(credit_lead, img->text2->str, NULL) : NULL;
        text_opts co = text_opts_of(st->font_caption, st->size_caption_pt, false, left_w, PANGO_ALIGN_RIGHT);
        double credit_max = (c->cbottom - c->cy) / 4;
        if (credit)
            credit_h = MAX(credit_h, MIN(text_height_upto(c, credit, NULL, &co, credit_max), credit_max));
        double max_h = c->cbottom - c->cy - credit_h - F->credit_space_pt;
        double aspect;
        if (figure_probe(c, img, &aspect)) {
            double w = left_w, h = w / aspect;
            if (h > max_h) {
                h = max_h;
                w = h * aspect;
            }
            box *fig = figure_add(c, img, c->cx + (left_w - w) / 2, c->cy, w, h, false);
            if (st->band_filled)
                box_add_rule(c, c->cx + (left_w - w) / 2, c->cy + h, w, 0, F->image_rule_pt, st->color_rule);
            if (credit) {
                co.width_pt = w;
                double cy = c->cy + h + F->credit_space_pt;
                box *cb = text_add_clamped(c, c->cx + (left_w - w) / 2, cy, credit, NULL, &co, c->cbottom - cy,
                                           st->color_muted, "credit", img, img->text2, (int)strlen(credit_lead),
                                           img->text2->loc, "this credit");
                cb->group = fig->group;
                /* The credit links to the source's terms where it names them (OpenStreetMap). */
                if (strstr(img->text2->str, c->w->credit_terms_name)) {
                    cb->links = g_array_new(FALSE, FALSE, sizeof(box_link));
                    box_link l = { 0, (int)strlen(pango_layout_get_text(cb->pango)), c->w->credit_terms_url };
                    g_array_append_val(cb->links, l);
                }
            }
        }
        g_free(credit);
    }
    const doc_node *title = kind_child(sec, DOC_NODE_TITLE);
    if (title) {
        text_opts o = text_opts_of(st->font_title, st->size_heading_pt + F->title_plus_pt, false, 0, PANGO_ALIGN_LEFT);
        o.palt = true;
        box *b = text_add_fitted(c, f.x, f.y, title->text->str, title->text->spans, o, f.w, (f.bottom - f.y) / 2,
                                 st->color_accent, "facts-title", title, title->text, title->text->loc, "this title");
        f.y += b->h_pt + F->title_space_pt;
        box_add_rule(c, f.x, f.y, f.w, 0, F->rule_pt, st->band_filled ? st->color_accent2 : st->color_text);
        f.y += F->rule_space_pt;
        f.empty = false;
    }
    /* Facts: a small muted label, a tab, a large value; one layout, so
     * that the label and its value read together in any text extraction.
     * The tab stands one value-em after the widest label: a wider gap makes
     * text extractors (pdftotext) read the labels as a column of their own. */
    double size = st->size_body_pt + F->size_plus_pt;
    double tab = 0;
    for (guint i = 0; sec->children && i < sec->children->len; i++) {
        const doc_node *n = g_ptr_array_index(sec->children, i);
        if (n->type != DOC_NODE_FACT)
            continue;
        text_opts lo = text_opts_of(st->font_body, size, false, 0, PANGO_ALIGN_LEFT);
        int len = text_prefix_len(n->text->str, TEXT_FIT_MAX_BYTES);
        PangoLayout *pl = text_build(c, n->text->str, n->text->spans, 0, len, &lo, false);
        tab = MAX(tab, text_width(pl));
        g_object_unref(pl);
    }
    tab += size * F->tab_gap;
    /* A label longer than that wraps before its tab: the values start at
     * most a share across the narrowest column the facts stand in. */
    tab = MIN(tab, F->tab_most * (img ? MIN(f.first_w, c->cw) : c->cw));
    for (guint i = 0; sec->children && i < sec->children->len; i++) {
        const doc_node *n = g_ptr_array_index(sec->children, i);
        if (n->type != DOC_NODE_FACT)
            continue;
        char *str = g_strconcat(n->text->str, "\t", n->text2->str, NULL);
        int vstart = (int)strlen(n->text->str) + 1;
        GArray *spans = g_array_new(FALSE, FALSE, sizeof(doc_span));
        for (guint k = 0; k < n->text2->spans->len; k++) {
            doc_span sp = g_array_index(n->text2->spans, doc_span, k);
            sp.start += vstart;
            sp.end += vstart;
            g_array_append_val(spans, sp);
        }
        PangoAttrList *extra = pango_attr_list_new();
        /* The label at the value's size (pdftotext joins words of one size
         * into a line), regular weight and muted instead. */
        PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_NORMAL);
        a->start_index = 0;
        a->end_index = (guint)vstart;
        pango_attr_list_insert(extra, a);
        guint32 m = st->color_muted;
        a = pango_attr_foreground_new((guint16)(((m >> 16) & 0xFF) * 257), (guint16)(((m >> 8) & 0xFF) * 257),
                                      (guint16)((m & 0xFF) * 257));
        a->start_index = 0;
        a->end_index = (guint)vstart;
        pango_attr_list_insert(extra, a);
        flow_text t = { 0 };
        t.str = str;
        t.spans = spans;
        t.o = text_opts_of(st->font_body, size, true, 0, PANGO_ALIGN_LEFT);
        t.o.spacing = F->line_spacing;
        t.o.tab_pt = tab;
        t.o.extra = extra;
        t.color = st->color_accent;
        t.role = "fact";
        t.node = n;
        t.loc = n->text2->loc;
        t.src[0] = (box_source){ n->text, 0, 0, vstart - 1 };
        t.src[1] = (box_source){ n->text2, vstart, 0, (int)strlen(n->text2->str) };
        t.space_before = F->space_pt;
        flow_add_text(&f, &t);
        pango_attr_list_unref(extra);
        g_array_unref(spans);
        g_free(str);
    }
    f.y += F->space_below_pt;
    flow_blocks(&f, sec, 0, st->size_body_pt);
}
