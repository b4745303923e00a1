/* layout_box: pages, boxes and the structure containers they sit in: made
 * and freed here, and read here by the renderers (a text box's font, lines
 * and text; the role of every box). */
#include "layout_box.h"

#include "layout_pango.h"

#include <string.h>

/*** Pages and boxes ***/

static void box_free(gpointer p)
{
    box *b = p;
    if (b->pango)
        g_object_unref(b->pango);
    if (b->links)
        g_array_unref(b->links);
    g_free(b->alt);
    g_free(b);
}

void page_free(gpointer p)
{
    page *pg = p;
    g_ptr_array_unref(pg->boxes);
    g_free(pg->heading);
    g_free(pg->label);
    g_free(pg);
}

diag_loc layout_meta_loc(const layout_ctx *c, diag_loc at)
{
    return at.file ? at : (diag_loc){ c->dc->file, 1, 1 };
}

page *page_add(layout_ctx *c, const doc_node *sec)
{
    page *pg = g_new0(page, 1);
    pg->boxes = g_ptr_array_new_with_free_func(box_free);
    pg->section = sec;
    pg->number = (int)c->out->pages->len + 1;
    pg->label = g_strdup_printf("%d", pg->number);
    const style *st = c->st;
    pg->content = (layout_rect){ c->cx, c->cy, c->cw, c->cbottom - c->cy };
    pg->band = (layout_rect){ c->cx, 0, c->cw, c->band_h };
    pg->footer = (layout_rect){ c->cx, st->page_h_pt - st->margin_bottom_pt, c->cw, st->margin_bottom_pt };
    g_ptr_array_add(c->out->pages, pg);
    c->pg = pg;
    return pg;
}

box *box_add(layout_ctx *c, box_type t, double x, double y, double w, double h)
{
    box *b = g_new0(box, 1);
    b->type = t;
    b->x_pt = x;
    b->y_pt = y;
    b->w_pt = w;
    b->h_pt = h;
    b->line_count = -1;
    b->area = BOX_AREA_CONTENT;
    g_ptr_array_add(c->pg->boxes, b);
    return b;
}

box *box_add_fill(layout_ctx *c, double x, double y, double w, double h, guint32 color, const char *role)
{
    box *b = box_add(c, BOX_FILL, x, y, w, h);
    b->color = color;
    b->role = role;
    if (strcmp(role, "band") == 0)
        b->area = BOX_AREA_PAGE;
    return b;
}

box *box_add_rule(layout_ctx *c, double x, double y, double w, double h, double line_pt, guint32 color)
{
    box *b = box_add(c, BOX_RULE, x, y, w, h);
    b->color = color;
    b->line_pt = line_pt;
    b->role = "rule";
    return b;
}

void box_set_source(box *b, int i, const doc_text *t, int start, int from, int len)
{
    b->src[i] = (box_source){ t, start, from, len };
}

GArray *box_links_of(const GArray *spans, int offset, int len)
{
    GArray *a = NULL;
    for (guint i = 0; spans && i < spans->len; i++) {
        const doc_span *sp = &g_array_index(spans, doc_span, i);
        if (sp->kind != DOC_SPAN_LINK || sp->end <= offset || sp->start - offset >= len)
            continue;
        if (!a)
            a = g_array_new(FALSE, FALSE, sizeof(box_link));
        box_link l = { MAX(0, sp->start - offset), MIN(len, sp->end - offset), sp->url };
        g_array_append_val(a, l);
    }
    return a;
}

const layout_group *group_new(layout_ctx *c, const layout_group *parent, const char *tag)
{
    layout_group *g = g_new(layout_group, 1);
    *g = (layout_group){ tag, ++c->next_id, parent };
    if (!c->out->groups)
        c->out->groups = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(c->out->groups, g);
    return g;
}

/*** Roles ***/

/* Every role a box can have, with its structure element (NULL: untagged)
 * and whether it is page furniture. */
static const struct role {
    const char *role, *tag;
    bool furniture;
} roles[] = {
    { "heading", "H1", false },         { "number", "H1", false },          { "subheading", "H2", false },
    { "goal", "H2", false },            { "facts-title", "H2", false },     { "title", "P", false },
    { "place", "P", false },            { "period", "P", false },           { "traveler", "P", false },
    { "mark", "P", false },             { "body", "P", false },             { "signature", "P", false },
    { "fact", "P", false },             { "item", "LBody", false },         { "subitem", "LBody", false },
    { "bullet", "Lbl", false },         { "table-header", "TH", false },    { "table-label", "TH", false },
    { "table-cell", "TD", false },      { "caption", "Caption", false },    { "credit", "Caption", false },
    { "placeholder", "Caption", false }, { "photo", "Figure", false },      { "image", "Figure", false },
    { "placeholder-fill", "Figure", false },
    { "band", NULL, true },             { "footer", NULL, true },           { "footer-rule", NULL, true },
    { "page-number", NULL, true },      { "logo", NULL, true },
};

static const struct role *role_of(const char *role)
{
    for (guint i = 0; role && i < G_N_ELEMENTS(roles); i++)
        if (strcmp(roles[i].role, role) == 0)
            return &roles[i];
    return NULL;
}

const char *layout_role_tag(const char *role)
{
    const struct role *r = role_of(role);
    return r ? r->tag : NULL;
}

bool layout_role_is_furniture(const char *role)
{
    const struct role *r = role_of(role);
    return r && r->furniture;
}

/*** What a text box shows ***/

PangoLayout *box_pango_layout(const box *b)
{
    return b && b->type == BOX_TEXT ? b->pango : NULL;
}

box_font box_text_font(const box *b)
{
    const PangoFontDescription *fd = pango_layout_get_font_description(b->pango);
    return (box_font){ pango_font_description_get_family(fd),
                       pango_font_description_get_size(fd) / (double)PANGO_SCALE,
                       pango_font_description_get_weight(fd) >= PANGO_WEIGHT_BOLD };
}

const char *box_text_string(const box *b)
{
    return pango_layout_get_text(b->pango);
}

int box_text_lines_shown(const box *b)
{
    return b->line_count >= 0 ? b->line_count : pango_layout_get_line_count(b->pango) - b->line_first;
}

/* The index after the last line shown. */
static int last_line(const box *b)
{
    return b->line_count < 0 ? G_MAXINT : b->line_first + b->line_count;
}

char *box_text_shown(const box *b, const char *sep)
{
    GString *s = g_string_new(NULL);
    const char *txt = pango_layout_get_text(b->pango);
    GSList *lines = pango_layout_get_lines_readonly(b->pango);
    int li = 0, last = last_line(b);
    for (GSList *it = lines; it && li < last; it = it->next, li++) {
        PangoLayoutLine *ln = it->data;
        if (li < b->line_first)
            continue;
        if (s->len) /* (an empty first line gets no separator after it) */
            g_string_append(s, sep);
        g_string_append_len(s, txt + ln->start_index, ln->length);
    }
    return g_string_free(s, FALSE);
}

bool box_text_overflows(const box *b)
{
    PangoLayoutIter *it = pango_layout_get_iter(b->pango);
    bool over = false;
    int li = 0, last = last_line(b);
    do {
        if (li >= b->line_first && li < last) {
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it, NULL, &logical);
            over = over || (double)(logical.x + logical.width) / PANGO_SCALE > b->w_pt + 0.5;
        }
        li++;
    } while (li < last && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return over;
}
