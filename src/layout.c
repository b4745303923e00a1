/* layout: doc + style -> pages of boxes. Measures with Pango, paginates
 * (text splits between lines and continues at the next page's width,
 * tables split between rows and repeat their header, photo grids continue),
 * and leaves drawing to the renderers. Pango units stay inside this file;
 * everything it hands out is in points. */
#include "layout.h"

#include "grid.h"
#include "image.h"
#include "typeset.h"

#include <math.h>
#include <string.h>

#define PT(units) ((double)(units) / PANGO_SCALE)
#define UNITS(pt) ((int)((pt) * PANGO_SCALE + 0.5))

typedef struct text_opts {
    const char *family;
    double size_pt;
    bool bold;
    double width_pt;       /* wrap width; <= 0: no wrapping */
    PangoAlignment align;
    bool justify;
    double spacing;        /* line spacing factor; 0 = the font's own */
    bool palt;             /* proportional punctuation (titles, headings) */
    double tab_pt;         /* > 0: one tab stop there, and later lines hang to it */
    const PangoAttrList *extra; /* more attributes (byte offsets into the whole text) */
} text_opts;

typedef struct ctx {
    const doc *dc;
    const style *st;
    fonts *f;
    diag_list *d;
    layout *out;
    page *pg;             /* the page being filled */
    int next_id;          /* for structure containers */
    /* The content area of an ordinary page. */
    double cx, cy, cw, cbottom;
    double band_h;
} ctx;

/*** Boxes and pages ***/

static void box_free(gpointer p)
{
    box *b = p;
    if (b->layout)
        g_object_unref(b->layout);
    if (b->links)
        g_array_unref(b->links);
    g_free(b->group);
    g_free(b->alt);
    g_free(b);
}

static void page_free(gpointer p)
{
    page *pg = p;
    g_ptr_array_unref(pg->boxes);
    g_free(pg->heading);
    g_free(pg->label);
    g_free(pg);
}

const char *layout_role_tag(const char *role)
{
    static const struct {
        const char *role, *tag;
    } map[] = {
        { "heading", "H1" },      { "number", "H1" },        { "subheading", "H2" },  { "goal", "H2" },
        { "facts-title", "H2" },  { "title", "P" },          { "place", "P" },        { "period", "P" },
        { "traveler", "P" },      { "mark", "P" },           { "body", "P" },         { "signature", "P" },
        { "fact", "P" },          { "item", "LBody" },       { "subitem", "LBody" },  { "bullet", "Lbl" },
        { "table-header", "TH" }, { "table-label", "TH" },   { "table-cell", "TD" },  { "caption", "Caption" },
        { "credit", "Caption" },  { "placeholder", "Caption" }, { "photo", "Figure" },
        { "image", "Figure" },    { "placeholder-fill", "Figure" },
    };
    if (!role)
        return NULL;
    for (guint i = 0; i < G_N_ELEMENTS(map); i++)
        if (strcmp(map[i].role, role) == 0)
            return map[i].tag;
    return NULL;
}

/* The links of 'spans' that fall in text from byte 'offset' on, shifted
 * to it; NULL when there are none. */
static GArray *links_of(const GArray *spans, int offset, int len)
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
    pg->label = g_strdup_printf("%d", pg->number);
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
    b->line_count = -1;
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

static text_opts opts(const char *family, double size, bool bold, double width, PangoAlignment align)
{
    text_opts o = { family, size, bold, width, align, false, 0, false, 0, NULL };
    return o;
}

static PangoLayout *build_layout(ctx *c, const char *str, const GArray *spans, int offset, const text_opts *o,
                                 bool keep)
{
    PangoLayout *pl = pango_layout_new(c->f->context);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, o->family);
    pango_font_description_set_absolute_size(fd, o->size_pt * PANGO_SCALE);
    pango_font_description_set_weight(fd, o->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(pl, fd);
    pango_font_description_free(fd);
    const char *text = str + offset;
    pango_layout_set_text(pl, text, -1);

    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_language_new(pango_language_from_string("ja")));
    if (o->palt)
        pango_attr_list_insert(attrs, pango_attr_font_features_new("palt"));
    if (spans) {
        for (guint i = 0; i < spans->len; i++) {
            const doc_span *sp = &g_array_index(spans, doc_span, i);
            if (sp->kind != DOC_SPAN_BOLD || sp->end <= offset)
                continue;
            PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
            a->start_index = (guint)MAX(0, sp->start - offset);
            a->end_index = (guint)(sp->end - offset);
            pango_attr_list_insert(attrs, a);
        }
    }
    if (o->extra) {
        GSList *list = pango_attr_list_get_attributes((PangoAttrList *)o->extra);
        for (GSList *it = list; it; it = it->next) {
            PangoAttribute *a = it->data;
            if ((int)a->end_index > offset) {
                a->start_index = (guint)MAX(0, (int)a->start_index - offset);
                a->end_index = (guint)((int)a->end_index - offset);
                pango_attr_list_insert(attrs, a);
            } else {
                pango_attribute_destroy(a);
            }
        }
        g_slist_free(list);
    }
    if (keep)
        typeset_add_keep_attrs(text, attrs, 0);
    pango_layout_set_attributes(pl, attrs);
    if (o->tab_pt > 0) {
        PangoTabArray *tabs = pango_tab_array_new_with_positions(1, FALSE, PANGO_TAB_LEFT, UNITS(o->tab_pt));
        pango_layout_set_tabs(pl, tabs);
        pango_tab_array_free(tabs);
        if (offset == 0)
            pango_layout_set_indent(pl, -UNITS(o->tab_pt));
    }
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

static double layout_width(PangoLayout *pl)
{
    PangoRectangle logical;
    pango_layout_get_extents(pl, NULL, &logical);
    return PT(logical.x + logical.width);
}

static double layout_height(PangoLayout *pl)
{
    PangoRectangle logical;
    pango_layout_get_extents(pl, NULL, &logical);
    return PT(logical.height);
}

/* A layout of 'str' from byte 'offset', wrapped at o->width_pt, with the
 * keep-whole ranges. When a kept range is wider than the line itself the
 * layout is made again without them, so that nothing runs out of its box,
 * and a warning names the line. */
static PangoLayout *make_layout(ctx *c, const char *str, const GArray *spans, int offset, const text_opts *o,
                                diag_loc loc)
{
    PangoLayout *pl = build_layout(c, str, spans, offset, o, true);
    if (o->width_pt > 0 && layout_width(pl) > o->width_pt + 0.5) {
        g_object_unref(pl);
        pl = build_layout(c, str, spans, offset, o, false);
        if (loc.file)
            diag_warning(c->d, loc, "a word or number here is wider than its line (%.0f pt), so it is broken inside",
                         o->width_pt);
    }
    return pl;
}

/* Places the whole of a text at (x, y). */
static box *add_text(ctx *c, double x, double y, const char *str, const GArray *spans, const text_opts *o,
                     guint32 color, const char *role, const doc_node *node)
{
    diag_loc loc = node ? node->loc : (diag_loc){ NULL, 0, 0 };
    PangoLayout *pl = make_layout(c, str, spans, 0, o, loc);
    box *b = add_box(c, BOX_TEXT, x, y, o->width_pt > 0 ? o->width_pt : layout_width(pl), layout_height(pl));
    b->layout = pl;
    b->color = color;
    b->role = role;
    b->node = node;
    b->links = links_of(spans, 0, (int)strlen(str));
    return b;
}

static char *new_group(ctx *c, const char *parent, const char *tag)
{
    int id = ++c->next_id;
    return parent ? g_strdup_printf("%s/%s.%d", parent, tag, id) : g_strdup_printf("%s.%d", tag, id);
}

/* The size at which 'str' fits 'max_w' on as many lines as it has: shrinks
 * in steps of 4 % down to the style's floor. Warns at 'loc' when even the
 * floor is too wide (the text then wraps). */
static double fitted_size(ctx *c, const char *str, const GArray *spans, text_opts o, double max_w, diag_loc loc)
{
    double floor_pt = MIN(c->st->size_floor_pt, o.size_pt);
    double size = o.size_pt;
    for (;;) {
        o.size_pt = size;
        o.width_pt = 0;
        PangoLayout *pl = build_layout(c, str, spans, 0, &o, false);
        double w = layout_width(pl);
        g_object_unref(pl);
        if (w <= max_w + 0.01)
            return size;
        if (size <= floor_pt) {
            if (loc.file)
                diag_warning(c->d, loc, "this title does not fit on its line even at %.1f pt, so it wraps; shorten it to keep it on one line",
                             size);
            return size;
        }
        size = MAX(floor_pt, size * 0.96);
    }
}

static box *add_fitted(ctx *c, double x, double y, const char *str, const GArray *spans, text_opts o,
                       double max_w, guint32 color, const char *role, const doc_node *node, diag_loc loc)
{
    o.size_pt = fitted_size(c, str, spans, o, max_w, loc);
    o.width_pt = max_w;
    return add_text(c, x, y, str, spans, &o, color, role, node);
}

/* Vertical extent of each line, in points from the layout's top. */
typedef struct line_range {
    double top, bottom;
    int start_index; /* byte offset of the line in the layout's text */
} line_range;

static GArray *line_ranges(PangoLayout *pl)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(line_range));
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    do {
        int y0, y1;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        PangoLayoutLine *ln = pango_layout_iter_get_line_readonly(it);
        line_range r = { PT(y0), PT(y1), ln->start_index };
        g_array_append_val(a, r);
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return a;
}

/*** Page furniture ***/

static char *series_label(const doc *dc)
{
    char *num = doc_number_label(dc->meta.number);
    char *s = g_strdup_printf("%s %s %s", dc->meta.series, num, dc->meta.place ? dc->meta.place : "");
    g_free(num);
    return s;
}

static void add_footer(ctx *c, int total, const char *label)
{
    const style *st = c->st;
    double y = st->page_h_pt - st->margin_bottom_pt + 6;
    double x0 = st->margin_left_pt, w = st->page_w_pt - st->margin_left_pt - st->margin_right_pt;
    add_rule(c, x0, y - 4, w, 0, 0.5, st->color_rule);
    ((box *)g_ptr_array_index(c->pg->boxes, c->pg->boxes->len - 1))->role = "footer-rule";
    char *left = label ? g_strdup(label) : series_label(c->dc);
    text_opts o = opts(st->font_body, st->size_footer_pt, false, w * 0.7, PANGO_ALIGN_LEFT);
    add_text(c, x0, y, left, NULL, &o, st->color_muted, "footer", NULL);
    g_free(left);
    char *num = g_strdup_printf("%d / %d", c->pg->number, total);
    o = opts(st->font_body, st->size_footer_pt, false, w * 0.3, PANGO_ALIGN_RIGHT);
    add_text(c, x0 + w * 0.7, y, num, NULL, &o, st->color_muted, "page-number", NULL);
    g_free(num);
}

/* Starts a page of 'sec' with its heading band; a continuation page says
 * （続き）. */
static void begin_section_page(ctx *c, const doc_node *sec, bool continued)
{
    const style *st = c->st;
    page *pg = new_page(c, sec);
    pg->continued = continued;
    const doc_text *h = sec->text;
    const char *heading = h ? h->str : "";
    char *shown = continued ? g_strconcat(heading, "（続き）", NULL) : g_strdup(heading);
    pg->heading = g_strdup(shown);
    double W = st->page_w_pt;
    double x0 = st->margin_left_pt, w = W - st->margin_left_pt - st->margin_right_pt;
    guint32 color;
    if (st->band_filled) {
        add_fill(c, 0, 0, W, c->band_h, st->color_band, "band");
        add_fill(c, 0, c->band_h, W, 3, st->color_accent2, "band");
        color = st->color_band_text;
    } else {
        add_rule(c, x0, c->band_h - 2, w, 0, 1.5, st->color_text);
        color = st->color_text;
    }
    text_opts o = opts(st->font_heading, st->size_heading_pt, true, 0, PANGO_ALIGN_LEFT);
    o.palt = true;
    diag_loc loc = h ? h->loc : sec->loc;
    o.size_pt = fitted_size(c, shown, h && !continued ? h->spans : NULL, o, w, continued ? (diag_loc){ NULL, 0, 0 } : loc);
    o.width_pt = w;
    PangoLayout *pl = make_layout(c, shown, h && !continued ? h->spans : NULL, 0, &o, loc);
    double th = layout_height(pl);
    double top = st->margin_top_pt * 0.35;
    /* Two lines at the floor size fit the band; a heading that needs more
     * goes smaller still rather than out of its band. */
    while (th > c->band_h - top - 4 && o.size_pt > 6) {
        o.size_pt *= 0.92;
        g_object_unref(pl);
        pl = make_layout(c, shown, h && !continued ? h->spans : NULL, 0, &o, (diag_loc){ NULL, 0, 0 });
        th = layout_height(pl);
    }
    double y = top + MAX(0, (c->band_h - top - th) / 2);
    box *b = add_box(c, BOX_TEXT, x0, y, w, th);
    b->layout = pl;
    b->color = color;
    b->role = "heading";
    b->node = sec;
    g_free(shown);
}

/*** The flow: stacking blocks down pages ***/

typedef struct flow {
    ctx *c;
    const doc_node *sec;
    int pages;             /* pages begun for this section */
    double x, w, y, bottom; /* the current region */
    bool empty;            /* nothing placed in the region yet */
    /* The first page's region, when it differs from the content area
     * (the facts page's right column); w <= 0: the content area. */
    double first_x, first_w;
} flow;

static void flow_new_page(flow *f)
{
    ctx *c = f->c;
    begin_section_page(c, f->sec, f->pages > 0);
    f->x = c->cx;
    f->w = c->cw;
    if (f->pages == 0 && f->first_w > 0) {
        f->x = f->first_x;
        f->w = f->first_w;
    }
    f->y = c->cy;
    f->bottom = c->cbottom;
    f->empty = true;
    f->pages++;
}

static void flow_begin(flow *f, ctx *c, const doc_node *sec)
{
    memset(f, 0, sizeof(*f));
    f->c = c;
    f->sec = sec;
}

static void flow_start(flow *f)
{
    if (f->pages == 0)
        flow_new_page(f);
}

/* A block of text in the flow. */
typedef struct flow_text {
    const char *str;
    const GArray *spans;
    text_opts o;           /* width_pt is set from the region */
    double indent_pt;      /* from the region's left */
    guint32 color;
    const char *role;
    const doc_node *node;
    diag_loc loc;
    double space_before;   /* dropped at the top of a page */
    double keep_next_pt;   /* room the next block needs on the same page (headings) */
    /* An optional label left of the first line: a bullet, a goal's title. */
    const char *label;
    const GArray *label_spans;
    text_opts label_o;     /* width_pt: the label's width */
    double label_x;        /* from the region's left */
    guint32 label_color;
    const char *label_role;
    const char *group;     /* structure containers of the text and its label (copied) */
} flow_text;

/* How far the label must be raised so that its first baseline meets the
 * text's first baseline (negative: lowered). */
static double label_lift(ctx *c, const flow_text *t, PangoLayout *text, double *label_h)
{
    PangoLayout *lp = build_layout(c, t->label, t->label_spans, 0, &t->label_o, true);
    double lift = PT(pango_layout_get_baseline(lp)) - PT(pango_layout_get_baseline(text));
    *label_h = layout_height(lp) - lift;
    g_object_unref(lp);
    return lift;
}

static void flow_add_text(flow *f, const flow_text *t)
{
    ctx *c = f->c;
    flow_start(f);
    int offset = 0;
    bool first = true;
    int guard = 0;
    while (guard++ < 10000) {
        text_opts o = t->o;
        o.width_pt = f->w - t->indent_pt;
        PangoLayout *pl = make_layout(c, t->str, t->spans, offset, &o, first ? t->loc : (diag_loc){ NULL, 0, 0 });
        GArray *lines = line_ranges(pl);
        int n = (int)lines->len;
        double total = g_array_index(lines, line_range, n - 1).bottom;
        double before = f->empty ? 0 : t->space_before;
        double label_h = 0, lift = 0;
        if (first && t->label)
            lift = label_lift(c, t, pl, &label_h);
        double avail = f->bottom - f->y - before;
        double need = MAX(total, label_h) + t->keep_next_pt;
        int k = n;
        if (need > avail + 0.01) {
            /* How many lines fit; keep two together at either end of a
             * paragraph of four lines or more (no widows, no orphans). */
            k = 0;
            while (k < n && g_array_index(lines, line_range, k).bottom <= avail + 0.01)
                k++;
            if (t->keep_next_pt > 0 && k == n)
                k = n - 1;
            if (n >= 4) {
                if (k == n - 1)
                    k = n - 2;
                if (k < 2)
                    k = 0;
            }
            if (first && t->label && k > 0 && label_h > g_array_index(lines, line_range, k - 1).bottom + 0.01)
                k = 0; /* the label must fit beside what is placed */
            if (k == 0 && f->empty)
                k = 1; /* an empty page takes at least one line */
        }
        if (k == 0) {
            g_array_unref(lines);
            g_object_unref(pl);
            flow_new_page(f);
            continue;
        }
        double y = f->y + before;
        double shown = g_array_index(lines, line_range, k - 1).bottom;
        box *b = add_box(c, BOX_TEXT, f->x + t->indent_pt, y, o.width_pt, shown);
        b->layout = pl;
        b->line_first = 0;
        b->line_count = k == n ? -1 : k;
        b->color = t->color;
        b->role = t->role;
        b->node = t->node;
        b->group = g_strdup(t->group);
        b->links = links_of(t->spans, offset, (int)strlen(t->str + offset));
        double h = shown;
        if (first && t->label) {
            box *lb = add_text(c, f->x + t->label_x, y - lift, t->label, t->label_spans, &t->label_o, t->label_color,
                               t->label_role, t->node);
            lb->group = g_strdup(t->group);
            /* The label reads first: put it before its text. */
            GPtrArray *bx = c->pg->boxes;
            bx->pdata[bx->len - 1] = b;
            bx->pdata[bx->len - 2] = lb;
            /* A label taller than the text pushes what follows down. */
            h = MAX(h, label_h);
        }
        f->y = y + h;
        f->empty = false;
        if (k == n) {
            g_array_unref(lines);
            return;
        }
        offset += g_array_index(lines, line_range, k).start_index;
        g_array_unref(lines);
        first = false;
        flow_new_page(f);
    }
}

static double line_h(const style *st, double size)
{
    return size * st->line_spacing;
}

/* Adds paragraphs and lists (the children of a section or a goal). */
static void flow_blocks(flow *f, const doc_node *parent, double indent, double size);

static void flow_subheading(flow *f, const doc_node *n)
{
    const style *st = f->c->st;
    char *s = g_strconcat("◆", n->text->str, NULL);
    /* Spans shift by the marker's three bytes. */
    GArray *spans = g_array_copy(n->text->spans);
    for (guint i = 0; i < spans->len; i++) {
        g_array_index(spans, doc_span, i).start += 3;
        g_array_index(spans, doc_span, i).end += 3;
    }
    flow_text t = { 0 };
    t.str = s;
    t.spans = spans;
    t.o = opts(st->font_heading, st->size_subheading_pt, true, 0, PANGO_ALIGN_LEFT);
    t.o.palt = true;
    t.o.spacing = 1.3;
    t.color = st->color_accent;
    t.role = "subheading";
    t.node = n;
    t.loc = n->text->loc;
    t.space_before = st->size_subheading_pt * 1.1;
    t.keep_next_pt = 2 * line_h(st, st->size_body_pt) + 6;
    flow_add_text(f, &t);
    f->y += 6;
    g_array_unref(spans);
    g_free(s);
}

/* A body paragraph: justified, the layout's line spacing. */
static flow_text paragraph_text(const style *st, const doc_node *n, double indent, double size)
{
    flow_text t = { 0 };
    t.str = n->text->str;
    t.spans = n->text->spans;
    t.o = opts(st->font_body, size, false, 0, PANGO_ALIGN_LEFT);
    t.o.justify = true;
    t.o.spacing = st->line_spacing;
    t.indent_pt = indent;
    t.color = st->color_text;
    t.role = "body";
    t.node = n;
    t.loc = n->text->loc;
    t.space_before = size * 0.7;
    return t;
}

static void flow_paragraph(flow *f, const doc_node *n, double indent, double size)
{
    flow_text t = paragraph_text(f->c->st, n, indent, size);
    flow_add_text(f, &t);
}

static void flow_list(flow *f, const doc_node *list, double indent, double size)
{
    const style *st = f->c->st;
    if (!list->children)
        return;
    char *lgroup = new_group(f->c, NULL, "L");
    for (guint i = 0; i < list->children->len; i++) {
        const doc_node *it = g_ptr_array_index(list->children, i);
        char *ligroup = new_group(f->c, lgroup, "LI");
        double isize = it->level == 0 ? size : MAX(st->size_body_pt * 0.9, size * 0.85);
        double step = size * 1.6;
        double mw = isize * 1.3; /* the marker's column */
        flow_text t = { 0 };
        t.str = it->text->str;
        t.spans = it->text->spans;
        t.o = opts(st->font_body, isize, it->level == 0, 0, PANGO_ALIGN_LEFT);
        t.o.justify = true;
        t.o.spacing = st->line_spacing;
        t.indent_pt = indent + it->level * step + mw;
        t.color = it->level == 0 ? st->color_text : st->color_text;
        t.role = it->level == 0 ? "item" : "subitem";
        t.node = it;
        t.loc = it->text->loc;
        t.space_before = it->level == 0 ? isize * 0.8 : isize * 0.25;
        t.label = it->level == 0 ? "●" : "－";
        t.label_o = opts(st->font_body, isize, false, mw, PANGO_ALIGN_LEFT);
        t.label_o.spacing = st->line_spacing;
        t.label_x = indent + it->level * step;
        t.label_color = it->level == 0 ? st->color_accent2 : st->color_muted;
        t.label_role = "bullet";
        t.group = ligroup;
        flow_add_text(f, &t);
        g_free(ligroup);
    }
    g_free(lgroup);
}

static void flow_blocks(flow *f, const doc_node *parent, double indent, double size)
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

/*** Tables ***/

typedef struct table_style {
    double size_pt;
    double pad_x, pad_y;
    bool header;           /* the first row is a header */
    bool label_column;     /* the first column is a label (overview) */
    const char *family;
} table_style;

typedef struct tcell {
    const doc_text *text;
    PangoLayout *pl;
    GArray *lines;
    int first_line;        /* lines already placed (a row split over pages) */
} tcell;

typedef struct trow {
    tcell *cells;
    double h;
    const doc_node *node;
} trow;

static void cell_make(ctx *c, tcell *cell, const table_style *ts, double w, bool header, bool label,
                      PangoAlignment align)
{
    const style *st = c->st;
    text_opts o = opts(ts->family, ts->size_pt, header || label, w, align);
    o.spacing = 1.25;
    cell->pl = make_layout(c, cell->text->str, cell->text->spans, 0, &o, cell->text->loc);
    cell->lines = line_ranges(cell->pl);
    (void)st;
}

/* Column widths: each column's natural width (unwrapped) when they all
 * fit; otherwise at least its widest unbreakable word, sharing the rest in
 * proportion to what each would like beyond that. */
static void table_widths(ctx *c, const doc_node *table, const table_style *ts, double W, int ncols, double *out)
{
    double *nat = g_new0(double, ncols), *min = g_new0(double, ncols);
    for (guint r = 0; r < table->children->len; r++) {
        const doc_node *row = g_ptr_array_index(table->children, r);
        for (int i = 0; i < ncols && i < (int)row->cells->len; i++) {
            const doc_text *t = g_ptr_array_index(row->cells, i);
            bool bold = (ts->header && r == 0) || (ts->label_column && i == 0);
            text_opts o = opts(ts->family, ts->size_pt, bold, 0, PANGO_ALIGN_LEFT);
            PangoLayout *pl = build_layout(c, t->str, t->spans, 0, &o, true);
            nat[i] = MAX(nat[i], layout_width(pl) + 2 * ts->pad_x);
            pango_layout_set_width(pl, 1);
            pango_layout_set_wrap(pl, PANGO_WRAP_WORD);
            min[i] = MAX(min[i], MIN(layout_width(pl), ts->size_pt * 8) + 2 * ts->pad_x);
            g_object_unref(pl);
        }
    }
    /* Columns that want no more than a fair share get what they want;
     * the others share the rest: their natural widths if those fit,
     * else at least their widest word and the rest in proportion. */
    bool *fixed = g_new0(bool, ncols);
    double left = W;
    int nfree = ncols;
    for (bool changed = true; changed && nfree > 0;) {
        changed = false;
        for (int i = 0; i < ncols; i++) {
            if (!fixed[i] && nat[i] <= left / nfree) {
                fixed[i] = true;
                out[i] = nat[i];
                left -= nat[i];
                nfree--;
                changed = true;
            }
        }
    }
    double snat = 0, smin = 0, sfix = 0;
    for (int i = 0; i < ncols; i++) {
        min[i] = MIN(min[i], nat[i]);
        if (fixed[i]) {
            sfix += out[i];
            continue;
        }
        snat += nat[i];
        smin += min[i];
    }
    for (int i = 0; i < ncols; i++) {
        if (nfree == 0)
            out[i] = nat[i] + (W - sfix) * nat[i] / sfix; /* all fit: spread the slack */
        else if (fixed[i])
            continue;
        else if (smin <= left && snat > smin)
            out[i] = min[i] + (left - smin) * (nat[i] - min[i]) / (snat - smin);
        else
            out[i] = left * min[i] / smin;
    }
    g_free(fixed);
    g_free(nat);
    g_free(min);
}

static double cell_rest_h(const tcell *cell)
{
    int n = (int)cell->lines->len;
    if (cell->first_line >= n)
        return 0;
    double top = g_array_index(cell->lines, line_range, cell->first_line).top;
    return g_array_index(cell->lines, line_range, n - 1).bottom - top;
}

static void row_measure(trow *r, int ncols, const table_style *ts)
{
    r->h = 0;
    for (int i = 0; i < ncols; i++)
        r->h = MAX(r->h, cell_rest_h(&r->cells[i]));
    r->h += 2 * ts->pad_y;
}

/* Draws what is left of row 'r' at y, at most 'avail' high; returns the
 * height used. Cells whose lines do not all fit keep the rest for the next
 * page. */
static double row_place(ctx *c, trow *r, int ncols, const double *xs, const double *ws, double y, double avail,
                        const table_style *ts, bool header, guint32 fill, const char *tgroup)
{
    char *rgroup = new_group(c, tgroup, "TR");
    const style *st = c->st;
    double inner = avail - 2 * ts->pad_y;
    double used = 0;
    int counts[64];
    for (int i = 0; i < ncols && i < 64; i++) {
        tcell *cell = &r->cells[i];
        int n = (int)cell->lines->len, k = cell->first_line;
        if (k >= n) {
            counts[i] = 0;
            continue;
        }
        double top = g_array_index(cell->lines, line_range, k).top;
        while (k < n && g_array_index(cell->lines, line_range, k).bottom - top <= inner + 0.01)
            k++;
        if (k == cell->first_line)
            k++; /* at least one line */
        counts[i] = k - cell->first_line;
        used = MAX(used, g_array_index(cell->lines, line_range, k - 1).bottom - top);
    }
    double h = used + 2 * ts->pad_y;
    if (fill)
        add_fill(c, xs[0], y, xs[ncols - 1] + ws[ncols - 1] - xs[0], h, fill, header ? "table-header" : "table-fill");
    if (ts->label_column && !header)
        add_fill(c, xs[0], y, ws[0], h, st->color_fill_light, "table-label-fill");
    for (int i = 0; i < ncols && i < 64; i++) {
        tcell *cell = &r->cells[i];
        if (!counts[i])
            continue;
        double top = g_array_index(cell->lines, line_range, cell->first_line).top;
        double ch = g_array_index(cell->lines, line_range, cell->first_line + counts[i] - 1).bottom - top;
        /* Vertically centred in the row. */
        double cy = y + ts->pad_y + (used - ch) / 2;
        box *b = add_box(c, BOX_TEXT, xs[i] + ts->pad_x, cy, ws[i] - 2 * ts->pad_x, ch);
        b->layout = g_object_ref(cell->pl);
        b->line_first = cell->first_line;
        b->line_count = cell->first_line + counts[i] >= (int)cell->lines->len && cell->first_line == 0 ? -1 : counts[i];
        b->color = header ? (st->band_filled ? st->color_band_text : st->color_text)
                          : (ts->label_column && i == 0 ? st->color_accent : st->color_text);
        b->role = header ? "table-header" : (ts->label_column && i == 0 ? "table-label" : "table-cell");
        b->node = r->node;
        b->group = g_strdup(rgroup);
        b->links = links_of(cell->text->spans, 0, (int)strlen(cell->text->str));
        cell->first_line += counts[i];
    }
    add_rule(c, xs[0], y + h, xs[ncols - 1] + ws[ncols - 1] - xs[0], 0, header ? 1.2 : 0.6,
             header ? st->color_accent : st->color_rule);
    g_free(rgroup);
    return h;
}

static void flow_add_table(flow *f, const doc_node *table, const table_style *ts)
{
    ctx *c = f->c;
    const style *st = c->st;
    flow_start(f);
    if (!table->children || table->children->len == 0)
        return;
    const doc_node *first = g_ptr_array_index(table->children, 0);
    int ncols = (int)first->cells->len;
    if (ncols > 64)
        ncols = 64;
    double W = f->w;
    double *ws = g_new0(double, ncols), *xs = g_new0(double, ncols);
    table_widths(c, table, ts, W, ncols, ws);
    guint nrows = table->children->len;
    trow *rows = g_new0(trow, nrows);
    for (guint r = 0; r < nrows; r++) {
        const doc_node *row = g_ptr_array_index(table->children, r);
        rows[r].node = row;
        rows[r].cells = g_new0(tcell, ncols);
        for (int i = 0; i < ncols; i++) {
            static const doc_text empty = { "", NULL, { NULL, 0, 0 } };
            rows[r].cells[i].text = i < (int)row->cells->len ? g_ptr_array_index(row->cells, i) : &empty;
            bool header = ts->header && r == 0;
            PangoAlignment al = PANGO_ALIGN_LEFT;
            cell_make(c, &rows[r].cells[i], ts, ws[i] - 2 * ts->pad_x, header, ts->label_column && i == 0, al);
        }
        row_measure(&rows[r], ncols, ts);
    }
    guint body0 = ts->header ? 1 : 0;
    char *tgroup = new_group(c, NULL, "Table");
    double hh = ts->header ? rows[0].h : 0;
    guint32 header_fill = st->band_filled ? st->color_band : st->color_fill_light;
    if (!st->band_filled)
        header_fill = 0xFFFFFF;

    bool need_header = ts->header;
    double space = f->empty ? 0 : ts->size_pt;
    for (guint r = body0; r < nrows; r++) {
        for (;;) {
            double head = need_header ? hh : 0;
            double avail = f->bottom - f->y - space - head;
            double full = c->cbottom - c->cy - hh; /* what an empty page offers a row */
            bool fits = rows[r].h <= avail + 0.01;
            bool splittable = rows[r].h > full + 0.01; /* taller than a page by itself */
            if (!fits && !(splittable && avail > ts->size_pt * 2 + 2 * ts->pad_y) && !f->empty) {
                flow_new_page(f);
                need_header = ts->header;
                space = 0;
                continue;
            }
            xs[0] = f->x;
            for (int i = 1; i < ncols; i++)
                xs[i] = xs[i - 1] + ws[i - 1];
            f->y += space;
            space = 0;
            if (need_header) {
                if (!st->band_filled)
                    add_rule(c, xs[0], f->y, W, 0, 1.2, st->color_text);
                /* The header is drawn again on every page: reset its lines. */
                for (int i = 0; i < ncols; i++)
                    rows[0].cells[i].first_line = 0;
                f->y += row_place(c, &rows[0], ncols, xs, ws, f->y, 1e9, ts, true, header_fill, tgroup);
                need_header = false;
            } else if (r == body0 && !ts->header) {
                add_rule(c, xs[0], f->y, W, 0, 0.6, st->color_rule);
            }
            guint32 zebra = ((r - body0) % 2 == 1 && st->band_filled) ? 0xF6F8FB : 0;
            f->y += row_place(c, &rows[r], ncols, xs, ws, f->y, f->bottom - f->y, ts, false, zebra, tgroup);
            f->empty = false;
            row_measure(&rows[r], ncols, ts);
            if (rows[r].h <= 2 * ts->pad_y + 0.01)
                break; /* the row is complete */
            flow_new_page(f); /* the rest of a row taller than a page */
            need_header = ts->header;
        }
    }
    for (guint r = 0; r < nrows; r++) {
        for (int i = 0; i < ncols; i++) {
            g_object_unref(rows[r].cells[i].pl);
            g_array_unref(rows[r].cells[i].lines);
        }
        g_free(rows[r].cells);
    }
    g_free(rows);
    g_free(ws);
    g_free(xs);
    g_free(tgroup);
}

/*** Kinds ***/

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

static void layout_title(ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    const doc_meta *m = &c->dc->meta;
    page *pg = new_page(c, sec);
    pg->heading = g_strdup("表紙");
    g_free(pg->label);
    pg->label = g_strdup("表紙");
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
    o.palt = true;
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
    o.palt = true;
    add_fitted(c, x0, y, m->place ? m->place : "", NULL, o, w, st->color_text, "place", sec, loc);

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
    const doc_node *title = child_of(sec, DOC_NODE_TITLE);
    const doc_node *text = child_of(sec, DOC_NODE_PARAGRAPH);
    const doc_node *sig = child_of(sec, DOC_NODE_SIGNATURE);
    double avail_top = st->margin_top_pt + 40, avail_bottom = H - st->margin_bottom_pt - 10;
    double y = avail_top + (avail_bottom - avail_top) * 0.12;
    if (title) {
        text_opts o = opts(st->font_title, 36, true, 0, PANGO_ALIGN_CENTER);
        o.palt = true;
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

/* [goals]: each goal's title in a left column, its text beside it. */
static void layout_goals(ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    flow f;
    flow_begin(&f, c, sec);
    flow_start(&f);
    double size = st->size_body_pt + 1;
    /* The title column is as wide as the widest goal title needs, up to
     * a third of the page; the text gets the rest. */
    double label_w = 0;
    for (guint i = 0; sec->children && i < sec->children->len; i++) {
        const doc_node *g = g_ptr_array_index(sec->children, i);
        if (g->type != DOC_NODE_GOAL)
            continue;
        char *label = g_strconcat("◆", g->text->str, NULL);
        text_opts lo = opts(st->font_heading, st->size_subheading_pt, true, 0, PANGO_ALIGN_LEFT);
        lo.palt = true;
        PangoLayout *pl = build_layout(c, label, NULL, 0, &lo, false);
        label_w = MAX(label_w, layout_width(pl) + 28);
        g_object_unref(pl);
        g_free(label);
    }
    label_w = MIN(label_w, c->cw / 3);
    f.y += 6;
    for (guint i = 0; sec->children && i < sec->children->len; i++) {
        const doc_node *g = g_ptr_array_index(sec->children, i);
        if (g->type != DOC_NODE_GOAL || !g->children)
            continue;
        if (i > 0 && !f.empty) {
            f.y += size * 0.6;
            add_rule(c, c->cx, f.y, c->cw, 0, 0.6, st->color_rule);
            f.y += size * 0.8;
        }
        char *label = g_strconcat("◆", g->text->str, NULL);
        GArray *spans = g_array_copy(g->text->spans);
        for (guint k = 0; k < spans->len; k++) {
            g_array_index(spans, doc_span, k).start += 3;
            g_array_index(spans, doc_span, k).end += 3;
        }
        text_opts lo = opts(st->font_heading, st->size_subheading_pt, true, 0, PANGO_ALIGN_LEFT);
        lo.palt = true;
        lo.size_pt = fitted_size(c, label, spans, lo, label_w - 12, g->text->loc);
        lo.width_pt = label_w - 12;
        bool first = true;
        for (guint j = 0; j < g->children->len; j++) {
            const doc_node *n = g_ptr_array_index(g->children, j);
            if (n->type == DOC_NODE_LIST) {
                flow_list(&f, n, label_w, size);
                first = false;
                continue;
            }
            if (n->type != DOC_NODE_PARAGRAPH)
                continue;
            flow_text t = paragraph_text(st, n, label_w, size);
            if (first) {
                t.label = label;
                t.label_spans = spans;
                t.label_o = lo;
                t.label_color = st->color_accent;
                t.label_role = "goal";
            }
            flow_add_text(&f, &t);
            first = false;
        }
        g_array_unref(spans);
        g_free(label);
    }
}

static void layout_overview(ctx *c, const doc_node *sec)
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
    table_style ts = { st->size_body_pt + 5, 18, 14, false, true, st->font_table };
    f.y += (c->cbottom - c->cy) * 0.12;
    flow_add_table(&f, &table, &ts);
    g_ptr_array_unref(table.children);
    g_ptr_array_unref(rows);
}

static void layout_bullets(ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    flow f;
    flow_begin(&f, c, sec);
    flow_start(&f);
    flow_blocks(&f, sec, 0, st->size_body_pt + 5);
}

static void layout_text(ctx *c, const doc_node *sec)
{
    flow f;
    flow_begin(&f, c, sec);
    flow_start(&f);
    flow_blocks(&f, sec, 0, c->st->size_body_pt);
}

static void layout_schedule(ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    flow f;
    flow_begin(&f, c, sec);
    flow_start(&f);
    const doc_node *table = child_of(sec, DOC_NODE_TABLE);
    if (table) {
        table_style ts = { st->size_table_pt, 10, 8, true, false, st->font_table };
        flow_add_table(&f, table, &ts);
        f.y += st->size_body_pt;
    }
    flow_blocks(&f, sec, 0, st->size_body_pt);
}

/* Reports a problem with an image at its trip line. */
static bool probe_image(ctx *c, const doc_node *n, image_info *info)
{
    if (n->placeholder) {
        /* --draft: the photo is not usable yet; hold a 4:3 place for it. */
        *info = (image_info){ IMAGE_FORMAT_NONE, 4, 3, 1, 4, 3 };
        return true;
    }
    if (n->display_w > 0 && n->display_h > 0) {
        /* Probed when the doc was built: the shown size is all we need. */
        *info = (image_info){ IMAGE_FORMAT_NONE, n->display_w, n->display_h, 1, n->display_w, n->display_h };
        return true;
    }
    GError *err = NULL;
    if (image_probe(n->resolved, info, &err))
        return true;
    diag_error(c->d, n->path_loc, "image '%s' %s", n->path, err ? err->message : "cannot be read");
    if (err)
        g_error_free(err);
    return false;
}

/* The alternative text of an image: its alt:, else its caption, else
 * what the page says about it. Caller frees. */
static char *image_alt_raw(const doc_node *n, const doc_node *sec);

/* Line breaks belong to the page, not to what a screen reader says. */
static char *image_alt(const doc_node *n, const doc_node *sec)
{
    char *a = image_alt_raw(n, sec);
    for (char *p = a; *p; p++)
        if (*p == '\n')
            *p = ' ';
    return a;
}

static char *image_alt_raw(const doc_node *n, const doc_node *sec)
{
    if (n->type == DOC_NODE_PHOTO)
        return g_strdup(n->text2 ? n->text2->str : n->text ? n->text->str : "写真");
    if (n->text && n->text->str[0]) /* [facts] alt: */
        return g_strdup(n->text->str);
    const doc_node *title = NULL;
    for (guint i = 0; sec && sec->children && i < sec->children->len; i++) {
        const doc_node *k = g_ptr_array_index(sec->children, i);
        if (k->type == DOC_NODE_TITLE)
            title = k;
    }
    const char *what = title ? title->text->str : sec && sec->text ? sec->text->str : "";
    return n->text2 ? g_strdup_printf("%sの画像（出典：%s）", what, n->text2->str) : g_strdup_printf("%sの画像", what);
}

/* A grey box with a cross and the file's name where a photo will go. */
static box *add_placeholder(ctx *c, const doc_node *n, double x, double y, double w, double h)
{
    const style *st = c->st;
    add_fill(c, x, y, w, h, 0xE4E8ED, "placeholder-fill");
    box *fig = g_ptr_array_index(c->pg->boxes, c->pg->boxes->len - 1);
    add_rule(c, x, y, w, h, 0.75, st->color_rule);
    add_rule(c, x, y + h, w, -h, 0.75, st->color_rule);
    double size = MIN(st->size_caption_pt + 2, h / 5);
    char *label = g_strdup_printf("写真がまだありません\n%s", n->path ? n->path : "");
    text_opts o = opts(st->font_caption, size, true, w - 8, PANGO_ALIGN_CENTER);
    PangoLayout *pl = build_layout(c, label, NULL, 0, &o, false);
    double th = MIN(layout_height(pl), h - 4);
    g_object_unref(pl);
    box *b = add_text(c, x + 4, y + (h - th) / 2, label, NULL, &o, st->color_muted, "placeholder", n);
    b->h_pt = MIN(b->h_pt, h - 4);
    g_free(label);
    return fig;
}

/* Draws image 'n' (or its placeholder) as a Figure; returns the box whose
 * 'group' a caption should share. */
static box *add_image(ctx *c, const doc_node *n, double x, double y, double w, double h, bool cover)
{
    if (n->placeholder) {
        box *fig = add_placeholder(c, n, x, y, w, h);
        fig->group = new_group(c, NULL, "Div");
        fig->alt = g_strdup_printf("写真がまだありません（%s）", n->path ? n->path : "");
        /* The label inside shares the figure. */
        box *label = g_ptr_array_index(c->pg->boxes, c->pg->boxes->len - 1);
        label->group = g_strdup(fig->group);
        return fig;
    }
    box *b = add_box(c, BOX_IMAGE, x, y, w, h);
    b->group = new_group(c, NULL, "Div");
    b->alt = image_alt(n, c->pg->section);
    b->path = n->resolved;
    b->node = n;
    b->cover = cover;
    b->role = n->type == DOC_NODE_PHOTO ? "photo" : "image";
    return b;
}

/* [facts]: the image (a map) with its credit on the left; the title, the
 * facts and the text on the right, continuing full width if long. */
static void layout_facts(ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    const doc_node *img = child_of(sec, DOC_NODE_IMAGE);
    flow f;
    flow_begin(&f, c, sec);
    double gap = 28;
    double left_w = img ? c->cw * 0.46 : 0;
    if (img) {
        f.first_x = c->cx + left_w + gap;
        f.first_w = c->cw - left_w - gap;
    }
    flow_start(&f);
    if (img) {
        image_info info;
        double credit_h = st->size_caption_pt * 1.6;
        double max_h = c->cbottom - c->cy - credit_h - 4;
        if (probe_image(c, img, &info)) {
            double aspect = (double)info.display_w / info.display_h;
            double w = left_w, h = w / aspect;
            if (h > max_h) {
                h = max_h;
                w = h * aspect;
            }
            box *fig = add_image(c, img, c->cx + (left_w - w) / 2, c->cy, w, h, false);
            if (st->band_filled)
                add_rule(c, c->cx + (left_w - w) / 2, c->cy + h, w, 0, 0.5, st->color_rule);
            if (img->text2) {
                char *credit = g_strconcat("出典：", img->text2->str, NULL);
                text_opts o = opts(st->font_caption, st->size_caption_pt, false, w, PANGO_ALIGN_RIGHT);
                box *cb = add_text(c, c->cx + (left_w - w) / 2, c->cy + h + 4, credit, NULL, &o, st->color_muted, "credit", img);
                cb->group = g_strdup(fig->group);
                /* The credit links to the source's terms where it names OpenStreetMap. */
                if (strstr(img->text2->str, "OpenStreetMap")) {
                    cb->links = g_array_new(FALSE, FALSE, sizeof(box_link));
                    box_link l = { 0, (int)strlen(credit), "https://www.openstreetmap.org/copyright" };
                    g_array_append_val(cb->links, l);
                }
                g_free(credit);
            }
        }
    }
    const doc_node *title = child_of(sec, DOC_NODE_TITLE);
    if (title) {
        text_opts o = opts(st->font_title, st->size_heading_pt + 6, false, 0, PANGO_ALIGN_LEFT);
        o.palt = true;
        box *b = add_fitted(c, f.x, f.y, title->text->str, title->text->spans, o, f.w, st->color_accent, "facts-title",
                            title, title->text->loc);
        f.y += b->h_pt + 10;
        add_rule(c, f.x, f.y, f.w, 0, 1.5, st->band_filled ? st->color_accent2 : st->color_text);
        f.y += 12;
        f.empty = false;
    }
    /* Facts: a small muted label, a tab, a large value; one layout, so
     * that the label and its value read together in any text extraction.
     * The tab stands one value-em after the widest label: a wider gap makes
     * text extractors (pdftotext) read the labels as a column of their own. */
    double tab = 0;
    for (guint i = 0; sec->children && i < sec->children->len; i++) {
        const doc_node *n = g_ptr_array_index(sec->children, i);
        if (n->type != DOC_NODE_FACT)
            continue;
        text_opts lo = opts(st->font_body, st->size_body_pt + 9, false, 0, PANGO_ALIGN_LEFT);
        PangoLayout *pl = build_layout(c, n->text->str, n->text->spans, 0, &lo, false);
        tab = MAX(tab, layout_width(pl));
        g_object_unref(pl);
    }
    tab += (st->size_body_pt + 9) * 0.6;
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
        t.o = opts(st->font_body, st->size_body_pt + 9, true, 0, PANGO_ALIGN_LEFT);
        t.o.spacing = 1.2;
        t.o.tab_pt = tab;
        t.o.extra = extra;
        t.color = st->color_accent;
        t.role = "fact";
        t.node = n;
        t.loc = n->text2->loc;
        t.space_before = 4;
        flow_add_text(&f, &t);
        pango_attr_list_unref(extra);
        g_array_unref(spans);
        g_free(str);
    }
    f.y += 8;
    flow_blocks(&f, sec, 0, st->size_body_pt);
}

typedef struct caption_ctx {
    ctx *c;
    const doc_node *const *photos;
    text_opts o;
} caption_ctx;

static double caption_height(void *user, int index, double width_pt)
{
    caption_ctx *cc = user;
    text_opts o = cc->o;
    o.width_pt = width_pt;
    const doc_text *t = cc->photos[index]->text;
    PangoLayout *pl = build_layout(cc->c, t->str, t->spans, 0, &o, true);
    double h = layout_height(pl);
    g_object_unref(pl);
    return h;
}

static void layout_photos(ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    GPtrArray *photos = g_ptr_array_new();
    GArray *aspects = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint i = 0; sec->children && i < sec->children->len; i++) {
        const doc_node *n = g_ptr_array_index(sec->children, i);
        if (n->type != DOC_NODE_PHOTO)
            continue;
        image_info info;
        if (!probe_image(c, n, &info))
            continue;
        /* fit: cover fills a standard 4:3 cell (cropping what overflows);
         * contain keeps the photo's own shape. */
        double a = n->fit == DOC_FIT_COVER ? 4.0 / 3.0 : (double)info.display_w / info.display_h;
        g_ptr_array_add(photos, (gpointer)n);
        g_array_append_val(aspects, a);
    }
    flow f;
    flow_begin(&f, c, sec);
    flow_start(&f);
    caption_ctx cc = { c, (const doc_node *const *)photos->pdata,
                       opts(st->font_caption, st->size_caption_pt + 1, false, 0, PANGO_ALIGN_CENTER) };
    cc.o.spacing = 1.25;
    grid_params gp = { c->cw, c->cbottom - c->cy, 14, 5, 110, 6, caption_height, &cc };
    grid_cell cells[16];
    int n = (int)photos->len;
    for (int first = 0; first < n;) {
        if (first > 0)
            flow_new_page(&f);
        int k = grid_page((const double *)aspects->data, first, n, &gp, cells);
        if (k <= 0)
            k = 1;
        for (int i = 0; i < k; i++) {
            const doc_node *p = g_ptr_array_index(photos, first + i);
            grid_cell *gc = &cells[i];
            box *fig = add_image(c, p, c->cx + gc->x_pt, c->cy + gc->y_pt, gc->w_pt, gc->h_pt, p->fit == DOC_FIT_COVER);
            text_opts o = cc.o;
            o.width_pt = gc->cap_w_pt;
            box *cb = add_text(c, c->cx + gc->cap_x_pt, c->cy + gc->cap_y_pt, p->text->str, p->text->spans, &o,
                               st->color_text, "caption", p);
            cb->group = g_strdup(fig->group);
        }
        first += k;
    }
    g_ptr_array_unref(photos);
    g_array_unref(aspects);
}

static ctx make_ctx(const doc *dc, const style *st, fonts *f, diag_list *diags, layout *l)
{
    ctx c = { .dc = dc, .st = st, .f = f, .d = diags, .out = l };
    c.band_h = st->heading_band_pt + st->margin_top_pt * 0.35;
    c.cx = st->margin_left_pt;
    c.cw = st->page_w_pt - st->margin_left_pt - st->margin_right_pt;
    c.cy = c.band_h + (st->band_filled ? 22 : 18);
    c.cbottom = st->page_h_pt - st->margin_bottom_pt - 6;
    return c;
}

layout *layout_pages(const doc *dc, const style *st, fonts *f, diag_list *diags)
{
    layout *l = g_new0(layout, 1);
    l->pages = g_ptr_array_new_with_free_func(page_free);
    l->skipped = g_ptr_array_new();
    l->width_pt = st->page_w_pt;
    l->height_pt = st->page_h_pt;
    ctx c = make_ctx(dc, st, f, diags, l);
    for (guint i = 0; i < dc->sections->len; i++) {
        const doc_node *sec = g_ptr_array_index(dc->sections, i);
        switch (sec->kind) {
        case DOC_KIND_TITLE: layout_title(&c, sec); break;
        case DOC_KIND_GOALS: layout_goals(&c, sec); break;
        case DOC_KIND_OVERVIEW: layout_overview(&c, sec); break;
        case DOC_KIND_BULLETS: layout_bullets(&c, sec); break;
        case DOC_KIND_FACTS: layout_facts(&c, sec); break;
        case DOC_KIND_SCHEDULE: layout_schedule(&c, sec); break;
        case DOC_KIND_TEXT: layout_text(&c, sec); break;
        case DOC_KIND_PHOTOS: layout_photos(&c, sec); break;
        case DOC_KIND_CLOSING: layout_closing(&c, sec); break;
        case DOC_KIND_NONE: break;
        }
    }
    return l;
}

void layout_number(layout *l, const doc *dc, const style *st, fonts *f, int first, int total,
                   const char *footer, const char *title_label)
{
    ctx c = make_ctx(dc, st, f, NULL, l);
    for (guint i = 0; i < l->pages->len; i++) {
        c.pg = g_ptr_array_index(l->pages, i);
        c.pg->number = first + (int)i;
        g_free(c.pg->label);
        if (c.pg->section->kind == DOC_KIND_TITLE) {
            c.pg->label = g_strdup(title_label ? title_label : "表紙");
        } else {
            c.pg->label = g_strdup_printf("%d", c.pg->number);
            add_footer(&c, total, footer);
        }
    }
}

layout *layout_run(const doc *dc, const style *st, fonts *f, diag_list *diags)
{
    layout *l = layout_pages(dc, st, f, diags);
    layout_number(l, dc, st, f, 1, (int)l->pages->len, NULL, NULL);
    return l;
}
