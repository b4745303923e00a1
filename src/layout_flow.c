/* layout_flow: a section's paragraphs, lists and subheadings -> text boxes
 * stacked down its pages, split between lines where a page ends (no widow
 * nor orphan), continued under the next page's heading band. */
#include "layout_flow.h"
#include "i18n.h"

#include "layout_furniture.h"

#include <math.h>
#include <string.h>

void flow_new_page(flow *f)
{
    layout_ctx *c = f->c;
    furniture_section_page(c, f->sec, f->pages > 0);
    f->x = c->cx;
    f->w = c->cw;
    if (f->pages == 0 && f->first_w > 0) {
        f->x = f->first_x;
        f->w = f->first_w;
    }
    f->y = c->cy;
    f->bottom = c->fill_bottom > c->cy ? MIN(c->cbottom, c->fill_bottom) : c->cbottom;
    f->empty = true;
    f->pages++;
}

void flow_begin(flow *f, layout_ctx *c, const doc_node *sec)
{
    memset(f, 0, sizeof(*f));
    f->c = c;
    f->sec = sec;
}

void flow_start(flow *f)
{
    if (f->pages == 0)
        flow_new_page(f);
}


/* The sources of bytes [offset, offset + len) of a flow text, as bytes of
 * a layout of just those. */
static void sources_part(box *b, const box_source in[2], int offset, int len)
{
    int j = 0;
    for (int i = 0; i < 2; i++) {
        if (!in[i].text)
            continue;
        int s = MAX(in[i].start, offset), e = MIN(in[i].start + in[i].len, offset + len);
        if (e > s)
            box_set_source(b, j++, in[i].text, s - offset, in[i].from + (s - in[i].start), e - s);
    }
}

void flow_add_text(flow *f, const flow_text *t)
{
    layout_ctx *c = f->c;
    flow_start(f);
    int len = (int)strlen(t->str);
    span_index si;
    span_index_init(&si, t->spans);
    /* The label: set once, no taller than a page's region. */
    PangoLayout *label = NULL;
    int label_shown = 0;
    bool label_cut = false;
    diag_loc label_loc = t->label_src ? t->label_src->loc : NO_LOC;
    if (t->label) {
        label = text_clamped(c, t->label, t->label_spans, &t->label_o, c->cbottom - c->cy, label_loc, N_("this title"),
                             &label_shown);
        label_cut = label_shown < (int)strlen(t->label);
    }
    int offset = 0;
    bool first = true, warned = false;
    for (;;) {
        text_opts o = t->o;
        o.width_pt = f->w - t->indent_pt;
        double before = f->empty ? 0 : t->space_before;
        double avail = f->bottom - f->y - before;
        int end;
        GArray *spans;
        PangoLayout *pl = text_prefix(c, t->str, offset, len, &si, &o, avail, t->loc, &warned, &end, &spans);
        GArray *lines = text_lines(pl);
        int n = (int)lines->len;
        /* Only as many lines as were laid out are known: the rest has at
         * least three more (layout_prefix), which is all the choices below
         * need to know of it. */
        bool whole = end == len;
        int nt = whole ? n : G_MAXINT;
        double total = whole ? LINE(lines, n - 1).bottom : G_MAXDOUBLE;
        double label_h = 0, lift = 0;
        if (first && label) {
            lift = PT(pango_layout_get_baseline(label)) - PT(pango_layout_get_baseline(pl));
            label_h = text_height(label) - lift;
            /* A label raised above the top of the page's content comes
             * down, and its text with it. */
            double raise = c->cy - (f->y + before - lift);
            if (raise > 0) {
                before += raise;
                avail -= raise;
            }
            /* On an empty page it must fit below where it stands. */
            double room = f->bottom - (f->y + before - lift);
            if (f->empty && text_height(label) > room + 0.01) {
                g_object_unref(label);
                label = text_clamped(c, t->label, t->label_spans, &t->label_o, room, label_cut ? NO_LOC : label_loc,
                                     N_("this title"), &label_shown);
                label_h = text_height(label) - lift;
            }
        }
        double need = MAX(total, label_h) + t->keep_next_pt;
        int k = n;
        if (need > avail + 0.01) {
            /* How many lines fit; keep two together at either end of a
             * paragraph of four lines or more (no widows, no orphans). */
            k = text_lines_within(lines, avail);
            if (t->keep_next_pt > 0 && k == nt)
                k = nt - 1;
            if (nt >= 4) {
                if (k == nt - 1)
                    k = nt - 2;
                if (k < 2)
                    k = 0;
            }
            if (first && label && k > 0 && label_h > LINE(lines, k - 1).bottom + 0.01)
                k = 0; /* the label must fit beside what is placed */
            if (k == 0 && f->empty)
                k = 1; /* an empty page takes at least one line */
        }
        if (k == 0) {
            g_array_unref(lines);
            g_object_unref(pl);
            if (spans)
                g_array_unref(spans);
            flow_new_page(f);
            continue;
        }
        bool done = whole && k == n;
        int shown_bytes = done ? end - offset : LINE(lines, k).start_index;
        double y = f->y + before;
        double shown = LINE(lines, k - 1).bottom;
        box *b = box_add(c, BOX_TEXT, f->x + t->indent_pt, y, o.width_pt, shown);
        b->pango = pl;
        b->line_first = 0;
        b->line_count = done ? -1 : k;
        b->color = t->color;
        b->role = t->role;
        b->node = t->node;
        b->group = t->group;
        b->links = box_links_of(spans, offset, shown_bytes);
        sources_part(b, t->src, offset, shown_bytes);
        if (spans)
            g_array_unref(spans);
        double h = shown;
        if (first && label) {
            box *lb = box_add(c, BOX_TEXT, f->x + t->label_x, y - lift,
                              t->label_o.width_pt > 0 ? t->label_o.width_pt : text_width(label), text_height(label));
            lb->pango = g_object_ref(label);
            lb->color = t->label_color;
            lb->role = t->label_role;
            lb->node = t->node;
            lb->links = box_links_of(t->label_spans, 0, label_shown);
            if (t->label_src && label_shown > t->label_src_start)
                box_set_source(lb, 0, t->label_src, t->label_src_start, 0, label_shown - t->label_src_start);
            lb->group = t->group;
            /* The label reads first: put it before its text. */
            GPtrArray *bx = c->pg->boxes;
            bx->pdata[bx->len - 1] = b;
            bx->pdata[bx->len - 2] = lb;
            /* A label taller than the text pushes what follows down. */
            h = MAX(h, label_h);
        }
        f->y = y + h;
        f->empty = false;
        g_array_unref(lines);
        if (done)
            break;
        offset += shown_bytes;
        first = false;
        flow_new_page(f);
    }
    if (label)
        g_object_unref(label);
    span_index_clear(&si);
}

static double line_h(const style *st, double size)
{
    return size * st->line_spacing;
}

char *flow_marked(const char *mark, const doc_text *t, GArray **spans)
{
    int shift = (int)strlen(mark);
    *spans = g_array_copy(t->spans);
    for (guint i = 0; i < (*spans)->len; i++) {
        g_array_index(*spans, doc_span, i).start += shift;
        g_array_index(*spans, doc_span, i).end += shift;
    }
    return g_strconcat(mark, t->str, NULL);
}

static void flow_subheading(flow *f, const doc_node *n)
{
    const style *st = f->c->st;
    const char *mark = f->c->w->subheading_mark;
    GArray *spans;
    char *s = flow_marked(mark, n->text, &spans);
    flow_text t = { 0 };
    t.str = s;
    t.spans = spans;
    t.o = text_opts_of(st->font_heading, st->size_subheading_pt, true, 0, PANGO_ALIGN_LEFT);
    t.o.palt = true;
    t.o.spacing = st->text.subheading_spacing;
    t.color = st->color_accent;
    t.role = "subheading";
    t.node = n;
    t.loc = n->text->loc;
    t.src[0] = (box_source){ n->text, (int)strlen(mark), 0, (int)strlen(n->text->str) };
    t.space_before = st->size_subheading_pt * st->text.subheading_space;
    /* It stays with two lines of what follows. */
    t.keep_next_pt = 2 * line_h(st, st->size_body_pt) + st->text.subheading_below_pt;
    flow_add_text(f, &t);
    f->y += st->text.subheading_below_pt;
    g_array_unref(spans);
    g_free(s);
}

flow_text flow_paragraph_text(const style *st, const doc_node *n, double indent, double size)
{
    flow_text t = { 0 };
    t.str = n->text->str;
    t.spans = n->text->spans;
    t.o = text_opts_of(st->font_body, size, false, 0, PANGO_ALIGN_LEFT);
    t.o.justify = true;
    t.o.spacing = st->line_spacing;
    t.indent_pt = indent;
    t.color = st->color_text;
    t.role = "body";
    t.node = n;
    t.loc = n->text->loc;
    t.src[0] = (box_source){ n->text, 0, 0, (int)strlen(n->text->str) };
    t.space_before = size * st->text.paragraph_space;
    return t;
}

static void flow_paragraph(flow *f, const doc_node *n, double indent, double size)
{
    flow_text t = flow_paragraph_text(f->c->st, n, indent, size);
    flow_add_text(f, &t);
}

void flow_list(flow *f, const doc_node *list, double indent, double size)
{
    const style *st = f->c->st;
    if (!list->children)
        return;
    const layout_group *lgroup = group_new(f->c, NULL, "L");
    bool warned = false;
    for (guint i = 0; i < list->children->len; i++) {
        const doc_node *it = g_ptr_array_index(list->children, i);
        const layout_group *ligroup = group_new(f->c, lgroup, "LI");
        const style_text *T = &st->text;
        double isize = it->level == 0 ? size : MAX(st->size_body_pt * T->subitem_size_least, size * T->subitem_size);
        double step = size * T->list_indent;
        double mw = isize * T->list_mark; /* the marker's column */
        /* Each level steps right, the marks no further than a share of the
         * region's width (the text keeps the rest), and deeper items stand
         * at the deepest level that allows it. */
        int max_level = MAX(0, (int)floor((f->w * T->list_indent_most - indent - mw) / step));
        int level = MIN(it->level, max_level);
        if (level < it->level && !warned) {
            diag_warning(f->c->d, it->loc, "this list item is nested %d deep, more than the page has room for; it is drawn %d deep",
                         it->level + 1, level + 1);
            warned = true;
        }
        flow_text t = { 0 };
        t.str = it->text->str;
        t.spans = it->text->spans;
        t.o = text_opts_of(st->font_body, isize, it->level == 0, 0, PANGO_ALIGN_LEFT);
        t.o.justify = true;
        t.o.spacing = st->line_spacing;
        t.indent_pt = indent + level * step + mw;
        t.color = st->color_text;
        t.role = it->level == 0 ? "item" : "subitem";
        t.node = it;
        t.loc = it->text->loc;
        t.src[0] = (box_source){ it->text, 0, 0, (int)strlen(it->text->str) };
        t.space_before = it->level == 0 ? isize * T->item_space : isize * T->subitem_space;
        t.label = it->level == 0 ? f->c->w->item_mark : f->c->w->subitem_mark;
        t.label_o = text_opts_of(st->font_body, isize, false, mw, PANGO_ALIGN_LEFT);
        t.label_o.spacing = st->line_spacing;
        t.label_x = indent + level * step;
        t.label_color = it->level == 0 ? st->color_accent2 : st->color_muted;
        t.label_role = "bullet";
        t.group = ligroup;
        flow_add_text(f, &t);
    }
}

void flow_blocks(flow *f, const doc_node *parent, double indent, double size)
{
    if (!parent->children)
        return;
    for (guint i = 0; i < parent->children->len; i++) {
        const doc_node *n = g_ptr_array_index(parent->children, i);
        switch (n->type) {
        case DOC_NODE_PARAGRAPH:
            flow_paragraph(f, n, indent, size);
            break;
        case DOC_NODE_LIST:
            flow_list(f, n, indent, size);
            break;
        case DOC_NODE_SUBHEADING:
            flow_subheading(f, n);
            break;
        case DOC_NODE_NONE:
        case DOC_NODE_SECTION:
        case DOC_NODE_GOAL:
        case DOC_NODE_ITEM:
        case DOC_NODE_TABLE:
        case DOC_NODE_ROW:
        case DOC_NODE_FACT:
        case DOC_NODE_TITLE:
        case DOC_NODE_IMAGE:
        case DOC_NODE_PHOTO:
        case DOC_NODE_SIGNATURE:
        case DOC_NODE_MARK:
            break; /* placed by their kind's own code */
        }
    }
}
