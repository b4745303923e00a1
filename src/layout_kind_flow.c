/* layout_kind_flow: the page kinds whose content flows down as many pages
 * as it needs under the section's heading: goals, overview, bullets, text
 * and schedule. */
#include "i18n.h"
#include "layout_kinds.h"

#include "layout_table.h"

#include <string.h>

const doc_node *kind_child(const doc_node *sec, doc_node_type t)
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

/* [goals]: each goal's title in a left column, its text beside it. */
void kind_goals(layout_ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    flow f;
    flow_begin(&f, c, sec);
    flow_start(&f);
    const style_goals *G = &st->goals;
    const char *mark = c->w->subheading_mark;
    double size = st->size_body_pt + G->size_plus_pt;
    /* The title column is as wide as the widest goal title needs, up to
     * a third of the page; the text gets the rest. */
    double label_w = 0;
    for (guint i = 0; sec->children && i < sec->children->len; i++) {
        const doc_node *g = g_ptr_array_index(sec->children, i);
        if (g->type != DOC_NODE_GOAL)
            continue;
        char *label = g_strconcat(mark, g->text->str, NULL);
        text_opts lo = text_opts_of(st->font_heading, st->size_subheading_pt, true, 0, PANGO_ALIGN_LEFT);
        lo.palt = true;
        double lw = text_natural_width(c, label, NULL, 0, text_prefix_len(label, TEXT_FIT_MAX_BYTES), &lo);
        label_w = MAX(label_w, lw + G->title_room_pt);
        g_free(label);
    }
    label_w = MIN(label_w, c->cw / 3);
    f.y += G->space_pt;
    for (guint i = 0; sec->children && i < sec->children->len; i++) {
        const doc_node *g = g_ptr_array_index(sec->children, i);
        if (g->type != DOC_NODE_GOAL || !g->children)
            continue;
        if (i > 0 && !f.empty) {
            f.y += size * G->rule_above;
            if (f.y > f.bottom) {
                flow_new_page(&f); /* no rule at the foot of a page */
            } else {
                box_add_rule(c, c->cx, f.y, c->cw, 0, G->rule_pt, st->color_rule);
                f.y += size * G->rule_below;
            }
        }
        GArray *spans;
        char *label = flow_marked(mark, g->text, &spans);
        text_opts lo = text_opts_of(st->font_heading, st->size_subheading_pt, true, 0, PANGO_ALIGN_LEFT);
        lo.palt = true;
        lo.size_pt = text_fitted_size(c, label, spans, lo, label_w - G->title_gap_pt, g->text->loc, N_("this goal"));
        lo.width_pt = label_w - G->title_gap_pt;
        bool first = true;
        for (guint j = 0; j < g->children->len; j++) {
            const doc_node *n = g_ptr_array_index(g->children, j);
            if (n->type == DOC_NODE_LIST) {
                if (first) {
                    /* A goal whose text starts with a list: its title on
                     * a line of its own above the list. */
                    flow_text t = { 0 };
                    t.str = label;
                    t.spans = spans;
                    t.o = lo;
                    t.o.width_pt = 0;
                    t.color = st->color_accent;
                    t.role = "goal";
                    t.node = g;
                    t.loc = g->text->loc;
                    t.src[0] = (box_source){ g->text, (int)strlen(mark), 0, (int)strlen(g->text->str) };
                    flow_add_text(&f, &t);
                }
                flow_list(&f, n, label_w, size);
                first = false;
                continue;
            }
            if (n->type != DOC_NODE_PARAGRAPH)
                continue;
            flow_text t = flow_paragraph_text(st, n, label_w, size);
            if (first) {
                t.label = label;
                t.label_spans = spans;
                t.label_o = lo;
                t.label_color = st->color_accent;
                t.label_role = "goal";
                t.label_src = g->text;
                t.label_src_start = (int)strlen(mark);
            }
            flow_add_text(&f, &t);
            first = false;
        }
        g_array_unref(spans);
        g_free(label);
    }
}

void kind_overview(layout_ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    flow f;
    flow_begin(&f, c, sec);
    flow_start(&f);
    /* The facts as a two-column table, set large: it is a slide. */
    doc_node table = { 0 };
    table.type = DOC_NODE_TABLE;
    table.children = g_ptr_array_new();
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)doc_node_free);
    for (guint i = 0; sec->children && i < sec->children->len; i++) {
        const doc_node *n = g_ptr_array_index(sec->children, i);
        if (n->type != DOC_NODE_FACT)
            continue;
        doc_node *row = doc_node_new(DOC_NODE_ROW, n->loc);
        row->cells = g_ptr_array_new();
        g_ptr_array_add(row->cells, n->text);
        g_ptr_array_add(row->cells, n->text2);
        g_ptr_array_add(rows, row);
        g_ptr_array_add(table.children, row);
    }
    const style_table *T = &st->table;
    table_style ts = { st->size_body_pt + T->overview_plus_pt, T->overview_pad_x_pt, T->overview_pad_y_pt, false, true,
                       st->font_table };
    f.y += (c->cbottom - c->cy) * T->overview_top;
    table_flow(&f, &table, &ts);
    g_ptr_array_unref(table.children);
    g_ptr_array_unref(rows);
}

void kind_bullets(layout_ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    flow f;
    flow_begin(&f, c, sec);
    flow_start(&f);
    flow_blocks(&f, sec, 0, st->size_body_pt + st->table.bullets_plus_pt);
}

void kind_text(layout_ctx *c, const doc_node *sec)
{
    flow f;
    flow_begin(&f, c, sec);
    flow_start(&f);
    flow_blocks(&f, sec, 0, c->st->size_body_pt);
}

void kind_schedule(layout_ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    flow f;
    flow_begin(&f, c, sec);
    flow_start(&f);
    const doc_node *table = kind_child(sec, DOC_NODE_TABLE);
    if (table) {
        table_style ts = { st->size_table_pt, st->table.pad_x_pt, st->table.pad_y_pt, true, false, st->font_table };
        table_flow(&f, table, &ts);
        f.y += st->size_body_pt * st->table.space_below;
    }
    flow_blocks(&f, sec, 0, st->size_body_pt);
}
