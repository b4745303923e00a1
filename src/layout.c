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

/* Where a metadata value was written, or the top of the file when it was
 * not (a default). */
static diag_loc meta_loc(const ctx *c, diag_loc at)
{
    return at.file ? at : (diag_loc){ c->dc->file, 1, 1 };
}

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
    const style *st = c->st;
    pg->content = (layout_rect){ c->cx, c->cy, c->cw, c->cbottom - c->cy };
    pg->band = (layout_rect){ c->cx, 0, c->cw, c->band_h };
    pg->footer = (layout_rect){ c->cx, st->page_h_pt - st->margin_bottom_pt, c->cw, st->margin_bottom_pt };
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
    b->area = BOX_AREA_CONTENT;
    g_ptr_array_add(c->pg->boxes, b);
    return b;
}

static box *add_fill(ctx *c, double x, double y, double w, double h, guint32 color, const char *role)
{
    box *b = add_box(c, BOX_FILL, x, y, w, h);
    b->color = color;
    b->role = role;
    if (strcmp(role, "band") == 0)
        b->area = BOX_AREA_PAGE;
    return b;
}

static box *add_rule(ctx *c, double x, double y, double w, double h, double line_pt, guint32 color)
{
    box *b = add_box(c, BOX_RULE, x, y, w, h);
    b->color = color;
    b->line_pt = line_pt;
    b->role = "rule";
    return b;
}

/*** Text ***/

static text_opts opts(const char *family, double size, bool bold, double width, PangoAlignment align)
{
    text_opts o = { family, size, bold, width, align, false, 0, false, 0, NULL };
    return o;
}

static const diag_loc no_loc = { NULL, 0, 0 };

/* Pango 1.50 shapes what is left of an item again at every line it breaks
 * inside that item, and when a word is broken between characters
 * (PANGO_WRAP_WORD_CHAR) it shapes again at every candidate break: one item
 * of n characters set on many lines costs O(n^2) (a 50,000-character word:
 * 27 s, measured with perf: pango_shape_item under line_ranges). Pango
 * starts a new item at every boundary of an attribute that affects
 * itemization, so a language attribute ending every SPLIT_BYTES bytes
 * bounds that work per line (the 50,000-character word: 3.7 s -> 0.08 s for
 * the layout alone). Only texts longer than SPLIT_MIN get it: a boundary
 * can change the shaping of the characters beside it (no kerning or
 * ligature across it), which ordinary text must not see; line breaks do
 * not depend on items. */
#define SPLIT_MIN 2048
#define SPLIT_BYTES 512

static void add_item_splits(PangoAttrList *attrs, const char *text, int len)
{
    if (len <= SPLIT_MIN)
        return;
    PangoLanguage *ja = pango_language_from_string("ja");
    for (int i = 0; i < len;) {
        int e = i + SPLIT_BYTES;
        if (e >= len) {
            e = len;
        } else {
            while (e < len && (text[e] & 0xC0) == 0x80)
                e++;
        }
        PangoAttribute *a = pango_attr_language_new(ja);
        a->start_index = (guint)i;
        a->end_index = (guint)e;
        pango_attr_list_insert(attrs, a);
        i = e;
    }
}

/* A layout of bytes [offset, end) of 'str' (end < 0: to its end) with
 * the bold 'spans' (offsets into 'str'; those outside are ignored), 'o',
 * and, if 'keep', the typeset keep-whole ranges. */
static PangoLayout *build_layout(ctx *c, const char *str, const GArray *spans, int offset, int end, const text_opts *o,
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
    int len = end < 0 ? (int)strlen(text) : end - offset;
    pango_layout_set_text(pl, text, len);

    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_language_new(pango_language_from_string("ja")));
    add_item_splits(attrs, text, len);
    if (o->palt)
        pango_attr_list_insert(attrs, pango_attr_font_features_new("palt"));
    if (spans) {
        for (guint i = 0; i < spans->len; i++) {
            const doc_span *sp = &g_array_index(spans, doc_span, i);
            if (sp->kind != DOC_SPAN_BOLD || sp->end <= offset || sp->start >= offset + len)
                continue;
            PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
            a->start_index = (guint)MAX(0, sp->start - offset);
            a->end_index = (guint)MIN(len, sp->end - offset);
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
        typeset_add_keep_attrs_len(text, len, attrs, 0);
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

/* True if a line of 'pl' runs out of 'width_pt' at either side (a right
 * aligned or centred line that is too wide starts left of 0). */
static bool layout_overflows(PangoLayout *pl, double width_pt)
{
    PangoRectangle logical;
    pango_layout_get_extents(pl, NULL, &logical);
    return PT(logical.x) < -0.5 || PT(logical.x + logical.width) > width_pt + 0.5;
}

static double layout_height(PangoLayout *pl)
{
    PangoRectangle logical;
    pango_layout_get_extents(pl, NULL, &logical);
    return PT(logical.height);
}

/* A layout of bytes [offset, end) of 'str' (end < 0: to its end), wrapped
 * at o->width_pt, with the keep-whole ranges. When a kept range is wider
 * than the line itself the layout is made again without them, so that
 * nothing runs out of its box, and a warning names the text's line (once:
 * not when '*warned', which is then set; 'warned' may be NULL). */
static PangoLayout *make_layout(ctx *c, const char *str, const GArray *spans, int offset, int end, const text_opts *o,
                                diag_loc loc, bool *warned)
{
    PangoLayout *pl = build_layout(c, str, spans, offset, end, o, true);
    if (o->width_pt > 0 && layout_overflows(pl, o->width_pt)) {
        g_object_unref(pl);
        pl = build_layout(c, str, spans, offset, end, o, false);
        if (loc.file && !(warned && *warned)) {
            diag_warning(c->d, loc, "a word or number here is wider than its line (%.0f pt), so it is broken inside",
                         o->width_pt);
            if (warned)
                *warned = true;
        }
    }
    return pl;
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

#define LINE(lines, i) (g_array_index((lines), line_range, (i)))

/* The lines of 'lines' whose bottom is within 'max_h'. */
static int lines_within(const GArray *lines, double max_h)
{
    int k = 0;
    while (k < (int)lines->len && LINE(lines, k).bottom <= max_h + 0.01)
        k++;
    return k;
}

/* The spans of a text kept by kind, so that those of a part of a long
 * text are found without looking at all of them (a paragraph set over
 * thousands of pages asks for them once a page). */
typedef struct span_index {
    const GArray *all;  /* borrowed; may be NULL */
    GArray *kind[2];    /* bold, links: each in order, not overlapping; NULL when 'all' is short */
} span_index;

static void span_index_init(span_index *si, const GArray *spans)
{
    si->all = spans;
    si->kind[0] = si->kind[1] = NULL;
    if (!spans || spans->len <= 32)
        return;
    for (int k = 0; k < 2; k++)
        si->kind[k] = g_array_new(FALSE, FALSE, sizeof(doc_span));
    for (guint i = 0; i < spans->len; i++) {
        const doc_span *sp = &g_array_index(spans, doc_span, i);
        g_array_append_val(si->kind[sp->kind == DOC_SPAN_BOLD ? 0 : 1], *sp);
    }
}

static void span_index_clear(span_index *si)
{
    for (int k = 0; k < 2; k++)
        if (si->kind[k])
            g_array_unref(si->kind[k]);
}

/* The spans that overlap bytes [from, to), offsets unchanged. Caller
 * unrefs; NULL when the text has none. */
static GArray *span_window(const span_index *si, int from, int to)
{
    if (!si->all)
        return NULL;
    if (!si->kind[0])
        return g_array_ref((GArray *)si->all);
    GArray *w = g_array_new(FALSE, FALSE, sizeof(doc_span));
    for (int k = 0; k < 2; k++) {
        const GArray *a = si->kind[k];
        guint lo = 0, hi = a->len; /* the first span ending after 'from' */
        while (lo < hi) {
            guint mid = (lo + hi) / 2;
            if (g_array_index(a, doc_span, mid).end <= from)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (guint i = lo; i < a->len && g_array_index(a, doc_span, i).start < to; i++)
            g_array_append_val(w, g_array_index(a, doc_span, i));
    }
    return w;
}

/* A layout of bytes [offset, len) of 'str' (make_layout), or of only so
 * much of it that at least three lines follow those within 'max_h' (and
 * five lines in all): the lines before its last three are then exactly
 * those of the whole text (lines are broken greedily, each by its own
 * text and what follows it up to the next break). A text is laid out in
 * pieces of a few pages at most, however long it is, so that setting it
 * costs time in proportion to its length. '*end' gets the end of the
 * bytes laid out (len: all of them), '*spans' (caller unrefs, may be
 * NULL) the spans of those bytes. Only texts wrapped to a width are cut. */
static PangoLayout *layout_prefix(ctx *c, const char *str, int offset, int len, const span_index *si,
                                  const text_opts *o, double max_h, diag_loc loc, bool *warned, int *end,
                                  GArray **spans)
{
    int rest = len - offset;
    double line = o->size_pt * MAX(1.0, o->spacing);
    double nlines = MAX(0, max_h) / MAX(line, 1.0) + 6;
    /* Bytes of as many lines of narrow Latin text (half an em a character). */
    double per_line = o->width_pt > 0 ? 2 * o->width_pt / MAX(o->size_pt, 1.0) + 8 : 0;
    double guess = MAX(4096.0, nlines * per_line * 2);
    /* Pango 1.50 handles each paragraph of a layout (text between '\n')
     * by going over every break attribute and the text before it
     * (pango_attr_break: g_utf8_pointer_to_offset), quadratic in the
     * number of paragraphs: so a piece also holds no more paragraphs than
     * its lines need. */
    double paras = nlines * 2;
    for (;;) {
        int e = offset + (int)MIN(guess, (double)rest);
        int nl = 0;
        for (const char *p = str + offset; nl < paras && (p = memchr(p, '\n', (size_t)(str + e - p))); p++)
            if (++nl >= paras)
                e = (int)(p - str) + 1;
        if (o->width_pt <= 0 || e >= len) {
            *end = len;
            *spans = span_window(si, offset, len);
            return make_layout(c, str, *spans, offset, len, o, loc, warned);
        }
        while (e > offset && (str[e] & 0xC0) == 0x80)
            e--;
        GArray *win = span_window(si, offset, e);
        bool w0 = warned ? *warned : false;
        PangoLayout *pl = make_layout(c, str, win, offset, e, o, loc, &w0);
        GArray *lines = line_ranges(pl);
        int n = (int)lines->len, k = lines_within(lines, max_h);
        g_array_unref(lines);
        if (n >= 5 && k + 3 <= n) {
            if (warned)
                *warned = w0;
            *end = e;
            *spans = win;
            return pl;
        }
        g_object_unref(pl);
        if (win)
            g_array_unref(win);
        guess *= 2;
        paras *= 2;
    }
}

/* A layout of 'str' (make_layout) no taller than 'max_h' points: when its
 * lines are taller, the lines within 'max_h' are kept (at least one) and
 * the last of them ends in "…", and a warning at 'loc' (when set) says that
 * 'what' ("this caption") is cut. '*shown' gets how many bytes of 'str'
 * are shown. Lays out only a few pages' worth of a long text. */
static PangoLayout *make_clamped(ctx *c, const char *str, const GArray *spans, const text_opts *o, double max_h,
                                 diag_loc loc, const char *what, int *shown)
{
    int len = (int)strlen(str);
    span_index si;
    span_index_init(&si, spans);
    bool warned = false;
    int end;
    GArray *win;
    PangoLayout *pl = layout_prefix(c, str, 0, len, &si, o, max_h, loc, &warned, &end, &win);
    GArray *lines = line_ranges(pl);
    int n = (int)lines->len, k = lines_within(lines, max_h);
    if (end == len && k == n) {
        *shown = len;
        goto out;
    }
    if (k == 0)
        k = 1;
    int cut = k < n ? LINE(lines, k).start_index : end;
    g_object_unref(pl);
    pl = NULL;
    /* Take characters off the end until the text and its "…" are k lines. */
    for (int step = 1;; step *= 2) {
        while (cut > 0 && (str[cut - 1] == '\n' || str[cut - 1] == ' '))
            cut--;
        GString *g = g_string_new_len(str, cut);
        g_string_append(g, "…");
        pl = make_layout(c, g->str, win, 0, -1, o, no_loc, NULL);
        g_string_free(g, TRUE);
        if (cut == 0 || pango_layout_get_line_count(pl) <= k)
            break;
        g_object_unref(pl);
        for (int i = 0; i < step && cut > 0; i++)
            cut = (int)(g_utf8_find_prev_char(str, str + cut) - str);
    }
    *shown = cut;
    /* Text would be lost: an error, so that no report goes out with it
     * cut; a draft shows it cut, with a warning. */
    if (!loc.file)
        ; /* a measuring pass: the drawing pass reports it */
    else if (c->dc->draft)
        diag_warning(c->d, loc, "%s does not fit in its space on the page: it is cut after %d line%s and ends in '…'; shorten it",
                     what, k, k == 1 ? "" : "s");
    else
        diag_error(c->d, loc, "%s does not fit in its space on the page even at the smallest size; shorten it (with "
                   "--draft the PDF is made with it cut after %d line%s)",
                   what, k, k == 1 ? "" : "s");
out:
    g_array_unref(lines);
    if (win)
        g_array_unref(win);
    span_index_clear(&si);
    return pl;
}

/* Sets source 'i' of text box 'b': its layout bytes from 'start' on are
 * 'len' bytes of 't' from byte 'from'. */
static void box_set_source(box *b, int i, const doc_text *t, int start, int from, int len)
{
    b->src[i] = (box_source){ t, start, from, len };
}

/* Places 'str' at (x, y), set with 'o' and no taller than 'max_h' (see
 * make_clamped: 'what' names it in the warning). 'src' (may be NULL) is
 * the doc text that 'str' shows from its byte 'src_start' on. */
static box *add_clamped(ctx *c, double x, double y, const char *str, const GArray *spans, const text_opts *o,
                        double max_h, guint32 color, const char *role, const doc_node *node, const doc_text *src,
                        int src_start, diag_loc loc, const char *what)
{
    int shown = 0;
    PangoLayout *pl = make_clamped(c, str, spans, o, max_h, loc, what, &shown);
    box *b = add_box(c, BOX_TEXT, x, y, o->width_pt > 0 ? o->width_pt : layout_width(pl), layout_height(pl));
    b->layout = pl;
    b->color = color;
    b->role = role;
    b->node = node;
    b->links = links_of(spans, 0, shown);
    if (src && shown > src_start)
        box_set_source(b, 0, src, src_start, 0, MIN(shown - src_start, (int)strlen(src->str)));
    return b;
}

/* Places the whole of a short text at (x, y) (page furniture). */
static box *add_text(ctx *c, double x, double y, const char *str, const GArray *spans, const text_opts *o,
                     guint32 color, const char *role, const doc_node *node)
{
    PangoLayout *pl = make_layout(c, str, spans, 0, -1, o, no_loc, NULL);
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

/* Longer than this, a title cannot be one line at any size we set. */
#define FIT_MAX_BYTES 4096
/* The bytes of at most the first 'max' bytes of 's' that end on a
 * character's boundary. */
static int prefix_len(const char *s, int max)
{
    int n = (int)strlen(s);
    if (n <= max)
        return n;
    while (max > 0 && (s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

/* Nor with this many lines (Pango is slow over many paragraphs, see
 * layout_prefix()). */
#define FIT_MAX_LINES 32

/* The size at which 'str' fits 'max_w' on as many lines as it has: shrinks
 * in steps of 4 % down to the style's floor. Warns at 'loc' when even the
 * floor is too wide (the text then wraps). */
static double fitted_size(ctx *c, const char *str, const GArray *spans, text_opts o, double max_w, diag_loc loc)
{
    double floor_pt = MIN(c->st->size_floor_pt, o.size_pt);
    double size = o.size_pt;
    int lines = 0;
    for (const char *p = str; (p = strchr(p, '\n')) && lines <= FIT_MAX_LINES; p++)
        lines++;
    bool long_text = strlen(str) > FIT_MAX_BYTES || lines > FIT_MAX_LINES;
    for (;;) {
        double w = G_MAXDOUBLE;
        if (!long_text) {
            o.size_pt = size;
            o.width_pt = 0;
            PangoLayout *pl = build_layout(c, str, spans, 0, -1, &o, false);
            w = layout_width(pl);
            g_object_unref(pl);
        }
        if (w <= max_w + 0.01)
            return size;
        if (size <= floor_pt || long_text) {
            if (loc.file)
                diag_warning(c->d, loc, "this title does not fit on its line even at %.1f pt, so it wraps; shorten it to keep it on one line",
                             floor_pt);
            return floor_pt;
        }
        size = MAX(floor_pt, size * 0.96);
    }
}

/* The height of 'str' set with 'o', or a little more than 'max_h' when it
 * is taller (only so much of it is laid out). */
static double height_upto(ctx *c, const char *str, const GArray *spans, const text_opts *o, double max_h)
{
    span_index si;
    span_index_init(&si, spans);
    int end;
    GArray *win;
    bool warned = true;
    PangoLayout *pl = layout_prefix(c, str, 0, (int)strlen(str), &si, o, max_h, no_loc, &warned, &end, &win);
    double h = layout_height(pl);
    g_object_unref(pl);
    if (win)
        g_array_unref(win);
    span_index_clear(&si);
    return h;
}

/* A title: the size at which it fits one line of 'max_w' (down to the
 * floor), wrapped there and no taller than 'max_h'. */
static box *add_fitted(ctx *c, double x, double y, const char *str, const GArray *spans, text_opts o, double max_w,
                       double max_h, guint32 color, const char *role, const doc_node *node, const doc_text *src,
                       diag_loc loc, const char *what)
{
    o.size_pt = fitted_size(c, str, spans, o, max_w, loc);
    o.width_pt = max_w;
    return add_clamped(c, x, y, str, spans, &o, max_h, color, role, node, src, 0, loc, what);
}

/*** Page furniture ***/

static char *series_label(const doc *dc)
{
    char *num = doc_number_label(dc->meta.number);
    char *s = g_strdup_printf("%s %s %s", dc->meta.series, num, dc->meta.place ? dc->meta.place : "");
    g_free(num);
    return s;
}

/* The height a footer may take below its rule. */
static double footer_max_h(const ctx *c)
{
    return c->st->margin_bottom_pt - 6 - 2;
}

static void add_footer(ctx *c, int total, const char *label)
{
    const style *st = c->st;
    double y = st->page_h_pt - st->margin_bottom_pt + 6;
    double x0 = st->margin_left_pt, w = st->page_w_pt - st->margin_left_pt - st->margin_right_pt;
    box *r = add_rule(c, x0, y - 4, w, 0, 0.5, st->color_rule);
    r->role = "footer-rule";
    r->area = BOX_AREA_FOOTER;
    char *left = label ? g_strdup(label) : series_label(c->dc);
    text_opts o = opts(st->font_body, st->size_footer_pt, false, w * 0.7, PANGO_ALIGN_LEFT);
    /* At most what the strip holds below y; layout_pages() warns when a
     * report's own footer is cut. */
    add_clamped(c, x0, y, left, NULL, &o, footer_max_h(c), st->color_muted, "footer", NULL, NULL, 0, no_loc, NULL)->area =
        BOX_AREA_FOOTER;
    g_free(left);
    char *num = g_strdup_printf("%d / %d", c->pg->number, total);
    o = opts(st->font_body, st->size_footer_pt, false, w * 0.3, PANGO_ALIGN_RIGHT);
    add_text(c, x0 + w * 0.7, y, num, NULL, &o, st->color_muted, "page-number", NULL)->area = BOX_AREA_FOOTER;
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
        add_rule(c, x0, c->band_h - 2, w, 0, 1.5, st->color_text)->area = BOX_AREA_BAND;
        color = st->color_text;
    }
    text_opts o = opts(st->font_heading, st->size_heading_pt, true, 0, PANGO_ALIGN_LEFT);
    o.palt = true;
    const GArray *spans = h && !continued ? h->spans : NULL;
    diag_loc loc = continued ? no_loc : h ? h->loc : sec->loc;
    o.size_pt = fitted_size(c, shown, spans, o, w, loc);
    o.width_pt = w;
    double top = st->margin_top_pt * 0.35;
    double max_h = c->band_h - top - 4;
    /* Two lines at the floor size fit the band; a heading that needs more
     * goes smaller still rather than out of its band, and what does not
     * fit even at 6 pt is cut (with a warning). */
    while (o.size_pt > 6 && height_upto(c, shown, spans, &o, max_h) > max_h)
        o.size_pt *= 0.92;
    double y = top;
    box *b = add_clamped(c, x0, y, shown, spans, &o, max_h, color, "heading", sec, h, 0, loc, "this heading");
    b->y_pt = top + MAX(0, (c->band_h - top - b->h_pt) / 2);
    b->area = BOX_AREA_BAND;
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
    box_source src[2];     /* the doc texts 'str' shows (start: byte in 'str') */
    double space_before;   /* dropped at the top of a page */
    double keep_next_pt;   /* room the next block needs on the same page (headings) */
    /* An optional label left of the first line: a bullet, a goal's title. */
    const char *label;
    const GArray *label_spans;
    text_opts label_o;     /* width_pt: the label's width */
    double label_x;        /* from the region's left */
    guint32 label_color;
    const char *label_role;
    const doc_text *label_src; /* the doc text the label shows from its byte 'label_src_start' on, or NULL */
    int label_src_start;
    const char *group;     /* structure containers of the text and its label (copied) */
} flow_text;

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

static void flow_add_text(flow *f, const flow_text *t)
{
    ctx *c = f->c;
    flow_start(f);
    int len = (int)strlen(t->str);
    span_index si;
    span_index_init(&si, t->spans);
    /* The label: set once, no taller than a page's region. */
    PangoLayout *label = NULL;
    int label_shown = 0;
    bool label_cut = false;
    diag_loc label_loc = t->label_src ? t->label_src->loc : no_loc;
    if (t->label) {
        label = make_clamped(c, t->label, t->label_spans, &t->label_o, c->cbottom - c->cy, label_loc, "this title",
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
        PangoLayout *pl = layout_prefix(c, t->str, offset, len, &si, &o, avail, t->loc, &warned, &end, &spans);
        GArray *lines = line_ranges(pl);
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
            label_h = layout_height(label) - lift;
            /* A label raised above the top of the page's content comes
             * down, and its text with it. */
            double raise = c->cy - (f->y + before - lift);
            if (raise > 0) {
                before += raise;
                avail -= raise;
            }
            /* On an empty page it must fit below where it stands. */
            double room = f->bottom - (f->y + before - lift);
            if (f->empty && layout_height(label) > room + 0.01) {
                g_object_unref(label);
                label = make_clamped(c, t->label, t->label_spans, &t->label_o, room, label_cut ? no_loc : label_loc,
                                     "this title", &label_shown);
                label_h = layout_height(label) - lift;
            }
        }
        double need = MAX(total, label_h) + t->keep_next_pt;
        int k = n;
        if (need > avail + 0.01) {
            /* How many lines fit; keep two together at either end of a
             * paragraph of four lines or more (no widows, no orphans). */
            k = lines_within(lines, avail);
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
        box *b = add_box(c, BOX_TEXT, f->x + t->indent_pt, y, o.width_pt, shown);
        b->layout = pl;
        b->line_first = 0;
        b->line_count = done ? -1 : k;
        b->color = t->color;
        b->role = t->role;
        b->node = t->node;
        b->group = g_strdup(t->group);
        b->links = links_of(spans, offset, shown_bytes);
        sources_part(b, t->src, offset, shown_bytes);
        if (spans)
            g_array_unref(spans);
        double h = shown;
        if (first && label) {
            box *lb = add_box(c, BOX_TEXT, f->x + t->label_x, y - lift,
                              t->label_o.width_pt > 0 ? t->label_o.width_pt : layout_width(label), layout_height(label));
            lb->layout = g_object_ref(label);
            lb->color = t->label_color;
            lb->role = t->label_role;
            lb->node = t->node;
            lb->links = links_of(t->label_spans, 0, label_shown);
            if (t->label_src && label_shown > t->label_src_start)
                box_set_source(lb, 0, t->label_src, t->label_src_start, 0, label_shown - t->label_src_start);
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
    t.src[0] = (box_source){ n->text, 3, 0, (int)strlen(n->text->str) };
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
    t.src[0] = (box_source){ n->text, 0, 0, (int)strlen(n->text->str) };
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
    bool warned = false;
    for (guint i = 0; i < list->children->len; i++) {
        const doc_node *it = g_ptr_array_index(list->children, i);
        char *ligroup = new_group(f->c, lgroup, "LI");
        double isize = it->level == 0 ? size : MAX(st->size_body_pt * 0.9, size * 0.85);
        double step = size * 1.6;
        double mw = isize * 1.3; /* the marker's column */
        /* Each level steps right; the text keeps at least 40 % of the
         * region's width, and deeper items stand at the deepest level that
         * allows it. */
        int max_level = MAX(0, (int)floor((f->w * 0.6 - indent - mw) / step));
        int level = MIN(it->level, max_level);
        if (level < it->level && !warned) {
            diag_warning(f->c->d, it->loc, "this list item is nested %d deep, more than the page has room for; it is drawn %d deep",
                         it->level + 1, level + 1);
            warned = true;
        }
        flow_text t = { 0 };
        t.str = it->text->str;
        t.spans = it->text->spans;
        t.o = opts(st->font_body, isize, it->level == 0, 0, PANGO_ALIGN_LEFT);
        t.o.justify = true;
        t.o.spacing = st->line_spacing;
        t.indent_pt = indent + level * step + mw;
        t.color = it->level == 0 ? st->color_text : st->color_text;
        t.role = it->level == 0 ? "item" : "subitem";
        t.node = it;
        t.loc = it->text->loc;
        t.src[0] = (box_source){ it->text, 0, 0, (int)strlen(it->text->str) };
        t.space_before = it->level == 0 ? isize * 0.8 : isize * 0.25;
        t.label = it->level == 0 ? "●" : "－";
        t.label_o = opts(st->font_body, isize, false, mw, PANGO_ALIGN_LEFT);
        t.label_o.spacing = st->line_spacing;
        t.label_x = indent + level * step;
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
    int shown;             /* bytes of the text shown (all but in a header cut short) */
    PangoLayout *pl;
    GArray *lines;
    int first_line;        /* lines already placed (a row split over pages) */
} tcell;

typedef struct trow {
    tcell *cells;
    double h;
    const doc_node *node;
} trow;

/* A cell's layout, all of its text; a header cell (repeated on every
 * page) no taller than 'max_h'. */
static void cell_make(ctx *c, tcell *cell, const table_style *ts, double w, bool header, bool label,
                      PangoAlignment align, double max_h)
{
    text_opts o = opts(ts->family, ts->size_pt, header || label, w, align);
    o.spacing = 1.25;
    if (header) {
        cell->pl = make_clamped(c, cell->text->str, cell->text->spans, &o, max_h, cell->text->loc, "this table header",
                                &cell->shown);
    } else {
        cell->pl = make_layout(c, cell->text->str, cell->text->spans, 0, -1, &o, cell->text->loc, NULL);
        cell->shown = (int)strlen(cell->text->str);
    }
    cell->lines = line_ranges(cell->pl);
}

/* The narrowest a column may be: a character and its padding. */
static double min_column(const table_style *ts)
{
    return 2 * ts->pad_x + ts->size_pt * 1.2;
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
            PangoLayout *pl = build_layout(c, t->str, t->spans, 0, -1, &o, true);
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
    /* Every column at least min_column() wide: the narrow ones take it
     * from the others (the caller has made sure that there is enough). */
    double least = min_column(ts), deficit = 0, spare = 0;
    for (int i = 0; i < ncols; i++) {
        if (out[i] < least)
            deficit += least - out[i];
        else
            spare += out[i] - least;
    }
    if (deficit > 0 && spare > 0) {
        for (int i = 0; i < ncols; i++)
            out[i] = out[i] < least ? least : out[i] - (out[i] - least) * MIN(1.0, deficit / spare);
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
        b->links = links_of(cell->text->spans, 0, cell->shown);
        if (cell->text->loc.file)
            box_set_source(b, 0, cell->text, 0, 0, cell->shown);
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
    double W = f->w;
    int max_cols = MIN(64, MAX(1, (int)floor(W / min_column(ts))));
    if (ncols > max_cols) {
        diag_error(c->d, first->loc, "this table has %d columns, but only %d fit across the page; split it into two tables",
                   ncols, max_cols);
        ncols = max_cols; /* the layout still keeps to its boxes */
    }
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
            cell_make(c, &rows[r].cells[i], ts, ws[i] - 2 * ts->pad_x, header, ts->label_column && i == 0, al,
                      (c->cbottom - c->cy) / 3 - 2 * ts->pad_y);
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

/* A page of its own design (title, closing): the content area is the page
 * inside its margins, and there is no heading band nor footer. */
static void set_plain_page(ctx *c, page *pg)
{
    const style *st = c->st;
    pg->content = (layout_rect){ st->margin_left_pt, st->margin_top_pt,
                                 st->page_w_pt - st->margin_left_pt - st->margin_right_pt,
                                 st->page_h_pt - st->margin_top_pt - st->margin_bottom_pt };
    pg->band = (layout_rect){ 0 };
    pg->footer = (layout_rect){ 0 };
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
    set_plain_page(c, pg);
    double x0 = st->margin_left_pt + 24, w = W - x0 - st->margin_right_pt - 24;

    if (st->band_filled) {
        add_fill(c, 0, 0, W, 14, st->color_accent, "band");
        add_fill(c, 0, H - 96, W, 96, st->color_fill_light, "band");
        add_fill(c, 0, H - 100, W, 4, st->color_accent2, "band");
    } else {
        add_rule(c, st->margin_left_pt, 28, W - st->margin_left_pt - st->margin_right_pt, 0, 2, st->color_text)->area =
            BOX_AREA_PAGE;
        add_rule(c, st->margin_left_pt, H - 100, W - st->margin_left_pt - st->margin_right_pt, 0, 1, st->color_text)->area =
            BOX_AREA_PAGE;
    }

    /* The upper block (series, number, place) stays above the bottom band,
     * the lower one (period, who) inside it and above the bottom margin:
     * each text shrinks to the floor, then wraps, then is cut (warned). */
    double floor_pt = st->size_floor_pt;
    double top_limit = H - 100 - 8, bottom = H - st->margin_bottom_pt, band_top = H - 96 + 6;
    double y = H * 0.17;
    text_opts o = opts(st->font_title, st->size_title_pt, true, 0, PANGO_ALIGN_LEFT);
    o.palt = true;
    double after_series = 6 + st->size_number_pt + 10 + 18 + floor_pt;
    box *b = add_fitted(c, x0, y, m->series, NULL, o, w, MAX(floor_pt, top_limit - y - after_series), st->color_accent,
                        "title", sec, NULL, meta_loc(c, m->series_loc), "'series'");
    y += b->h_pt + 6;

    char *num = doc_number_label(m->number);
    o = opts(st->font_title, st->size_number_pt, true, 0, PANGO_ALIGN_LEFT);
    b = add_fitted(c, x0 - 4, y, num, NULL, o, w, MAX(floor_pt, top_limit - y - (10 + 18 + floor_pt)), st->color_accent2,
                   "number", sec, NULL, meta_loc(c, m->number_loc), "'number'");
    g_free(num);
    y += b->h_pt + 10;

    add_rule(c, x0, y, MIN(w, 420), 0, 2.5, st->band_filled ? st->color_accent : st->color_text);
    y += 18;
    o = opts(st->font_title, st->size_place_pt, true, 0, PANGO_ALIGN_LEFT);
    o.palt = true;
    add_fitted(c, x0, y, m->place ? m->place : "", NULL, o, w, MAX(floor_pt, top_limit - y), st->color_text, "place", sec,
               NULL, meta_loc(c, m->place_loc), "'place'");

    char *period = m->period_start.year ? doc_period_format(m->period_start, m->period_end) : g_strdup("");
    o = opts(st->font_body, 18, false, 0, PANGO_ALIGN_LEFT);
    box *pb = add_fitted(c, x0, 0, period, NULL, o, w, bottom - band_top - 8 - 14, st->color_text, "period", sec, NULL,
                         meta_loc(c, m->period_loc), "the period");
    g_free(period);
    char *who = m->organization ? g_strdup_printf("%s　%s", m->organization, m->traveler ? m->traveler : "")
                                : g_strdup(m->traveler ? m->traveler : "");
    o = opts(st->font_body, 14, false, 0, PANGO_ALIGN_LEFT);
    box *wb = add_fitted(c, x0, 0, who, NULL, o, w, bottom - band_top - pb->h_pt - 8, st->color_muted, "traveler", sec,
                         NULL, meta_loc(c, m->organization ? m->organization_loc : m->traveler_loc),
                         "the line of 'organization' and 'traveler'");
    g_free(who);
    /* At its place, or higher up the band when the traveler wraps. */
    double by = MIN(H - 84, bottom - (pb->h_pt + 8 + wb->h_pt));
    pb->y_pt = by;
    wb->y_pt = by + pb->h_pt + 8;
}

static void layout_closing(ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    page *pg = new_page(c, sec);
    pg->heading = g_strdup("おわりに");
    double W = st->page_w_pt, H = st->page_h_pt;
    set_plain_page(c, pg);
    pg->footer = (layout_rect){ c->cx, H - st->margin_bottom_pt, c->cw, st->margin_bottom_pt };
    double x0 = st->margin_left_pt, w = W - st->margin_left_pt - st->margin_right_pt;

    if (st->band_filled)
        add_fill(c, 0, 0, W, 14, st->color_accent, "band");

    double avail_top = st->margin_top_pt + 40, avail_bottom = H - st->margin_bottom_pt - 10;
    const doc_node *mark = child_of(sec, DOC_NODE_MARK);
    if (mark) {
        text_opts o = opts(st->font_body, 20, false, w, PANGO_ALIGN_RIGHT);
        add_clamped(c, x0, st->margin_top_pt + 6, mark->text->str, mark->text->spans, &o, avail_top - st->margin_top_pt - 8,
                    st->color_text, "mark", mark, mark->text, 0, mark->text->loc, "this mark");
    }
    const doc_node *title = child_of(sec, DOC_NODE_TITLE);
    const doc_node *text = child_of(sec, DOC_NODE_PARAGRAPH);
    const doc_node *sig = child_of(sec, DOC_NODE_SIGNATURE);
    double y = avail_top + (avail_bottom - avail_top) * 0.12;
    text_opts to = opts(st->font_title, 36, true, 0, PANGO_ALIGN_CENTER);
    to.palt = true;
    if (title) {
        to.size_pt = fitted_size(c, title->text->str, title->text->spans, to, w, title->text->loc);
        to.width_pt = w;
    }
    text_opts xo = opts(st->font_body, 28, true, w, PANGO_ALIGN_CENTER);
    xo.spacing = 1.4;
    text_opts so = opts(st->font_body, 18, false, w, PANGO_ALIGN_CENTER);
    so.spacing = 1.5;
    /* When the page cannot hold it all, it starts higher, then the text
     * and the signature shrink to the floor; what is still too long is
     * cut (warned): the title to a third of the page, the signature to
     * what the text leaves. */
    double floor_pt = st->size_floor_pt;
    for (bool up = false;;) {
        double room = avail_bottom - y;
        double th = title ? height_upto(c, title->text->str, title->text->spans, &to, room) + 24 + 28 : 0;
        double xh = text ? height_upto(c, text->text->str, text->text->spans, &xo, room) + 40 : 0;
        double sh = sig ? height_upto(c, sig->text->str, sig->text->spans, &so, room) : 0;
        if (th + xh + sh <= room + 0.01)
            break;
        if (!up) {
            y = avail_top;
            up = true;
        } else if (xo.size_pt > floor_pt || so.size_pt > floor_pt) {
            xo.size_pt = MAX(MIN(floor_pt, xo.size_pt), xo.size_pt * 0.92);
            so.size_pt = MAX(MIN(floor_pt, so.size_pt), so.size_pt * 0.92);
        } else {
            break;
        }
    }
    if (title) {
        double max_h = MAX((avail_bottom - y) / 3, to.size_pt);
        box *b = add_clamped(c, x0, y, title->text->str, title->text->spans, &to, max_h, st->color_accent, "title",
                             title, title->text, 0, title->text->loc, "this title");
        y += b->h_pt + 24;
        add_rule(c, W / 2 - 60, y, 120, 0, 2, st->band_filled ? st->color_accent2 : st->color_text);
        y += 28;
    }
    if (text) {
        double room = avail_bottom - y - 40;
        double sh = sig ? MIN(height_upto(c, sig->text->str, sig->text->spans, &so, room), room / 3) : -40;
        box *b = add_clamped(c, x0, y, text->text->str, text->text->spans, &xo, MAX(room - sh, xo.size_pt),
                             st->color_text, "body", text, text->text, 0, text->text->loc, "this closing text");
        y += b->h_pt + 40;
    }
    if (sig)
        add_clamped(c, x0, y, sig->text->str, sig->text->spans, &so, MAX(avail_bottom - y, so.size_pt), st->color_text,
                    "signature", sig, sig->text, 0, sig->text->loc, "this signature");
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
        PangoLayout *pl = build_layout(c, label, NULL, 0, prefix_len(label, FIT_MAX_BYTES), &lo, false);
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
            if (f.y > f.bottom) {
                flow_new_page(&f); /* no rule at the foot of a page */
            } else {
                add_rule(c, c->cx, f.y, c->cw, 0, 0.6, st->color_rule);
                f.y += size * 0.8;
            }
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
                    t.src[0] = (box_source){ g->text, 3, 0, (int)strlen(g->text->str) };
                    flow_add_text(&f, &t);
                }
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
                t.label_src = g->text;
                t.label_src_start = 3;
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
    text_opts o = opts(st->font_caption, size, true, MAX(1, w - 8), PANGO_ALIGN_CENTER);
    box *b = add_clamped(c, x + 4, y, label, NULL, &o, h - 4, st->color_muted, "placeholder", n, NULL, 0, no_loc, NULL);
    b->y_pt = y + (h - b->h_pt) / 2;
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
        /* Room for the credit below the image: one line, or what it
         * needs across the column (at most a quarter of the page). */
        double credit_h = st->size_caption_pt * 1.6;
        char *credit = img->text2 ? g_strconcat("出典：", img->text2->str, NULL) : NULL;
        text_opts co = opts(st->font_caption, st->size_caption_pt, false, left_w, PANGO_ALIGN_RIGHT);
        double credit_max = (c->cbottom - c->cy) / 4;
        if (credit)
            credit_h = MAX(credit_h, MIN(height_upto(c, credit, NULL, &co, credit_max), credit_max));
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
            if (credit) {
                co.width_pt = w;
                box *cb = add_clamped(c, c->cx + (left_w - w) / 2, c->cy + h + 4, credit, NULL, &co,
                                      c->cbottom - (c->cy + h + 4), st->color_muted, "credit", img, img->text2,
                                      (int)strlen("出典："), img->text2->loc, "this credit");
                cb->group = g_strdup(fig->group);
                /* The credit links to the source's terms where it names OpenStreetMap. */
                if (strstr(img->text2->str, "OpenStreetMap")) {
                    cb->links = g_array_new(FALSE, FALSE, sizeof(box_link));
                    box_link l = { 0, (int)strlen(pango_layout_get_text(cb->layout)),
                                   "https://www.openstreetmap.org/copyright" };
                    g_array_append_val(cb->links, l);
                }
            }
        }
        g_free(credit);
    }
    const doc_node *title = child_of(sec, DOC_NODE_TITLE);
    if (title) {
        text_opts o = opts(st->font_title, st->size_heading_pt + 6, false, 0, PANGO_ALIGN_LEFT);
        o.palt = true;
        box *b = add_fitted(c, f.x, f.y, title->text->str, title->text->spans, o, f.w, (f.bottom - f.y) / 2,
                            st->color_accent, "facts-title", title, title->text, title->text->loc, "this title");
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
        PangoLayout *pl = build_layout(c, n->text->str, n->text->spans, 0, prefix_len(n->text->str, FIT_MAX_BYTES), &lo,
                                       false);
        tab = MAX(tab, layout_width(pl));
        g_object_unref(pl);
    }
    tab += (st->size_body_pt + 9) * 0.6;
    /* A label longer than that wraps before its tab: the values start at
     * most 45 % across the narrowest column the facts stand in. */
    tab = MIN(tab, 0.45 * (img ? MIN(f.first_w, c->cw) : c->cw));
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
        t.src[0] = (box_source){ n->text, 0, 0, vstart - 1 };
        t.src[1] = (box_source){ n->text2, vstart, 0, (int)strlen(n->text2->str) };
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
    double max_h;   /* a caption is cut to this height, so that a photo and its caption always fit a page */
} caption_ctx;

/* Caption 'index' set 'width_pt' wide, as measured and as drawn. */
static PangoLayout *caption_layout(caption_ctx *cc, int index, double width_pt, bool warn, int *shown)
{
    text_opts o = cc->o;
    o.width_pt = width_pt;
    const doc_text *t = cc->photos[index]->text;
    return make_clamped(cc->c, t->str, t->spans, &o, cc->max_h, warn ? t->loc : no_loc, "this caption", shown);
}

static double caption_height(void *user, int index, double width_pt)
{
    int shown;
    PangoLayout *pl = caption_layout(user, index, width_pt, false, &shown);
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
                       opts(st->font_caption, st->size_caption_pt + 1, false, 0, PANGO_ALIGN_CENTER), 0 };
    cc.o.spacing = 1.25;
    cc.max_h = (c->cbottom - c->cy) / 3;
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
            int shown;
            PangoLayout *pl = caption_layout(&cc, first + i, gc->cap_w_pt, true, &shown);
            box *cb = add_box(c, BOX_TEXT, c->cx + gc->cap_x_pt, c->cy + gc->cap_y_pt, gc->cap_w_pt, layout_height(pl));
            cb->layout = pl;
            cb->color = st->color_text;
            cb->role = "caption";
            cb->node = p;
            cb->links = links_of(p->text->spans, 0, shown);
            box_set_source(cb, 0, p->text, 0, 0, shown);
            cb->group = g_strdup(fig->group);
        }
        first += k;
    }
    g_ptr_array_unref(photos);
    g_array_unref(aspects);
}

/*** Characters no installed font can draw ***/

/* The position in the trip file of byte 'off' of text 't'. The line is
 * exact (each '\n' of the text is a line of the file). The column is
 * exact on the text's first line, counting the markup that the text no
 * longer holds: '**' around bold, '[' '](url)' around a link's text. It is
 * approximate where the text lost other characters (an escape such as
 * \u{B2} or \* counts as the one character it became; a comment line
 * inside an indented block is not counted as a line), and on the lines
 * after the first of an indented block, whose indentation is not kept:
 * there the column is counted from the column the text's first line
 * starts at. */
static diag_loc text_position(const doc_text *t, int off)
{
    const char *s = t->str;
    int line = t->loc.line, line_start = 0;
    for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + off - p))); p++) {
        line++;
        line_start = (int)(p - s) + 1;
    }
    int col = t->loc.col + (int)g_utf8_strlen(s + line_start, off - line_start);
    for (guint i = 0; t->spans && i < t->spans->len; i++) {
        const doc_span *sp = &g_array_index(t->spans, doc_span, i);
        if (sp->start < line_start || sp->start > off)
            continue;
        if (sp->kind == DOC_SPAN_BOLD) {
            col += 2 + (sp->end <= off ? 2 : 0);
        } else if (sp->kind == DOC_SPAN_LINK && sp->url &&
                   !(strlen(sp->url) == (size_t)(sp->end - sp->start) && strncmp(sp->url, s + sp->start, strlen(sp->url)) == 0)) {
            col += 1 + (sp->end <= off ? 3 + (int)g_utf8_strlen(sp->url, -1) : 0);
        }
    }
    return (diag_loc){ t->loc.file, line, col };
}

typedef struct unknown_key {
    const doc_text *text; /* NULL: text of no doc text (metadata, page furniture) */
    int off;              /* byte in text->str, or the character itself */
} unknown_key;

static guint unknown_hash(gconstpointer k)
{
    const unknown_key *u = k;
    return g_direct_hash(u->text) * 31u + (guint)u->off;
}

static gboolean unknown_equal(gconstpointer a, gconstpointer b)
{
    const unknown_key *x = a, *y = b;
    return x->text == y->text && x->off == y->off;
}

/* Warns once for each character that a text box shows and that no
 * installed font has (Pango draws a box with its code in it): at its line
 * and column when it comes from a doc text, else at the file (metadata
 * shown on the title page and in footers). */
static void warn_unknown_glyphs(ctx *c)
{
    if (!c->d)
        return;
    GHashTable *seen = g_hash_table_new_full(unknown_hash, unknown_equal, g_free, NULL);
    GHashTable *layouts = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < c->out->pages->len; i++) {
        const page *pg = g_ptr_array_index(c->out->pages, i);
        for (guint j = 0; j < pg->boxes->len; j++) {
            const box *b = g_ptr_array_index(pg->boxes, j);
            if (b->type != BOX_TEXT || !b->layout || g_hash_table_contains(layouts, b->layout))
                continue;
            g_hash_table_add(layouts, b->layout);
            if (pango_layout_get_unknown_glyphs_count(b->layout) == 0)
                continue;
            const char *text = pango_layout_get_text(b->layout);
            PangoLayoutIter *it = pango_layout_get_iter(b->layout);
            do {
                PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
                if (!run)
                    continue;
                for (int g = 0; g < run->glyphs->num_glyphs; g++) {
                    PangoGlyph gl = run->glyphs->glyphs[g].glyph;
                    if (!(gl & PANGO_GLYPH_UNKNOWN_FLAG))
                        continue;
                    int at = run->item->offset + run->glyphs->log_clusters[g];
                    gunichar ch = g_utf8_get_char(text + at);
                    /* Where it comes from: a doc text (not bytes the layout
                     * added, nor the lines of a piece shown on the next page). */
                    unknown_key key = { NULL, (int)ch };
                    bool from_source = false;
                    for (int s = 0; s < 2; s++) {
                        const box_source *src = &b->src[s];
                        if (src->text && src->text->loc.file && at >= src->start && at < src->start + src->len) {
                            key = (unknown_key){ src->text, src->from + at - src->start };
                            from_source = true;
                        }
                    }
                    if (!from_source && b->node && ((b->src[0].text && b->src[0].text->loc.file) ||
                                                    (b->src[1].text && b->src[1].text->loc.file)))
                        continue; /* a character of a doc text, not shown here */
                    if (g_hash_table_contains(seen, &key))
                        continue;
                    g_hash_table_add(seen, g_memdup2(&key, sizeof key));
                    char utf8[8] = { 0 };
                    g_unichar_to_utf8(ch, utf8);
                    diag_loc loc = key.text ? text_position(key.text, key.off) : (diag_loc){ c->dc->file, 0, 0 };
                    diag_warning(c->d, loc, "no installed font can draw 'U+%04X' (%s)%s; it will print as a box", ch, utf8,
                                 key.text ? "" : " in the metadata or a page's furniture");
                }
            } while (pango_layout_iter_next_run(it));
            pango_layout_iter_free(it);
        }
    }
    g_hash_table_unref(layouts);
    g_hash_table_unref(seen);
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
    /* The footers are added later (layout_number), without diagnostics:
     * say now if the report's own is cut. */
    if (diags) {
        char *left = series_label(dc);
        double w = st->page_w_pt - st->margin_left_pt - st->margin_right_pt;
        text_opts o = opts(st->font_body, st->size_footer_pt, false, w * 0.7, PANGO_ALIGN_LEFT);
        int shown;
        g_object_unref(make_clamped(&c, left, NULL, &o, footer_max_h(&c), meta_loc(&c, dc->meta.place_loc),
                                    "the footer ('series', 'number' and 'place')", &shown));
        g_free(left);
    }
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
    warn_unknown_glyphs(&c);
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

/*** The invariant check ***/

/* One line of a layout, in points from the layout's origin. */
typedef struct line_ext {
    double top, bottom; /* the line's y range */
    double lx0, lx1;    /* logical x range */
    double ix0, iy0, ix1, iy1; /* ink rectangle (x1 <= x0: no ink) */
} line_ext;

static GArray *line_exts(PangoLayout *pl)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(line_ext));
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    do {
        int y0, y1;
        PangoRectangle ink, logical;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        pango_layout_iter_get_line_extents(it, &ink, &logical);
        line_ext e = { PT(y0), PT(y1), PT(logical.x), PT(logical.x + logical.width),
                       PT(ink.x), PT(ink.y), PT(ink.x + ink.width), PT(ink.y + ink.height) };
        g_array_append_val(a, e);
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return a;
}

static const char *const area_names[] = { "no", "content", "page", "band", "footer" };

typedef struct checker {
    GString *why;
    int faults;
    GHashTable *lines; /* PangoLayout* -> GArray of line_ext, owned */
} checker;

static void G_GNUC_PRINTF(4, 5) fault(checker *k, const page *pg, const box *b, const char *fmt, ...)
{
    if (k->faults++ >= 20 || !k->why)
        return;
    static const char *const types[] = { "none", "text", "fill", "rule", "image" };
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (b)
        g_string_append_printf(k->why, "page %d: %s %s box at %.2f %.2f %.2fx%.2f: %s\n", pg->number,
                               b->role ? b->role : "-", types[b->type <= BOX_IMAGE ? b->type : 0], b->x_pt, b->y_pt,
                               b->w_pt, b->h_pt, msg);
    else
        g_string_append_printf(k->why, "page %d: %s\n", pg->number, msg);
    g_free(msg);
}

#define EPS 0.01

static bool rect_inside(double x0, double y0, double x1, double y1, const layout_rect *r, double slack)
{
    return x0 >= r->x_pt - slack && y0 >= r->y_pt - slack && x1 <= r->x_pt + r->w_pt + slack &&
           y1 <= r->y_pt + r->h_pt + slack;
}

static const layout_rect *area_of(const page *pg, const layout_rect *whole, box_area a)
{
    switch (a) {
    case BOX_AREA_CONTENT: return &pg->content;
    case BOX_AREA_PAGE: return whole;
    case BOX_AREA_BAND: return &pg->band;
    case BOX_AREA_FOOTER: return &pg->footer;
    case BOX_AREA_NONE: break;
    }
    return NULL;
}

static void check_text(checker *k, const page *pg, const box *b, const layout_rect *area)
{
    GArray *lines = g_hash_table_lookup(k->lines, b->layout);
    if (!lines) {
        lines = line_exts(b->layout);
        g_hash_table_insert(k->lines, b->layout, lines);
    }
    int n = (int)lines->len;
    int first = b->line_first, last = b->line_count < 0 ? n : b->line_first + b->line_count;
    if (first < 0 || first >= n || last > n || last <= first) {
        fault(k, pg, b, "shows lines %d to %d of a layout of %d", first + 1, last, n);
        return;
    }
    const line_ext *l0 = &g_array_index(lines, line_ext, first);
    double dy = b->y_pt - l0->top;
    double shown = g_array_index(lines, line_ext, last - 1).bottom - l0->top;
    if (shown > b->h_pt + EPS)
        fault(k, pg, b, "its %d lines are %.2f pt high", last - first, shown);
    for (int i = first; i < last; i++) {
        const line_ext *e = &g_array_index(lines, line_ext, i);
        if (e->lx1 > e->lx0 && (e->lx0 < -EPS || e->lx1 > b->w_pt + 0.5)) {
            fault(k, pg, b, "line %d runs from %.2f to %.2f pt across it", i + 1, e->lx0, e->lx1);
            break;
        }
        if (e->ix1 > e->ix0 && e->iy1 > e->iy0 &&
            !rect_inside(b->x_pt + e->ix0, dy + e->iy0, b->x_pt + e->ix1, dy + e->iy1, area, 1.0)) {
            fault(k, pg, b, "the ink of line %d (%.2f %.2f to %.2f %.2f) leaves the %s area", i + 1, b->x_pt + e->ix0,
                  dy + e->iy0, b->x_pt + e->ix1, dy + e->iy1, area_names[b->area]);
            break;
        }
    }
}

static int by_top(gconstpointer a, gconstpointer b)
{
    const box *x = *(const box *const *)a, *y = *(const box *const *)b;
    return x->y_pt < y->y_pt ? -1 : x->y_pt > y->y_pt;
}

bool layout_check(const layout *l, GString *why)
{
    g_return_val_if_fail(l != NULL, false);
    checker k = { why, 0, g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)g_array_unref) };
    const layout_rect whole = { 0, 0, l->width_pt, l->height_pt };
    GPtrArray *solid = g_ptr_array_new();
    for (guint i = 0; i < l->pages->len; i++) {
        const page *pg = g_ptr_array_index(l->pages, i);
        const layout_rect *areas[] = { &pg->content, &pg->band, &pg->footer };
        for (guint a = 0; a < G_N_ELEMENTS(areas); a++) {
            const layout_rect *r = areas[a];
            if (r->w_pt < 0 || r->h_pt < 0 ||
                ((r->w_pt > 0 || r->h_pt > 0) &&
                 !rect_inside(r->x_pt, r->y_pt, r->x_pt + r->w_pt, r->y_pt + r->h_pt, &whole, EPS)))
                fault(&k, pg, NULL, "its %s area %.2f %.2f %.2fx%.2f is not inside the page", area_names[a == 0 ? 1 : a + 2],
                      r->x_pt, r->y_pt, r->w_pt, r->h_pt);
        }
        g_ptr_array_set_size(solid, 0);
        for (guint j = 0; j < pg->boxes->len; j++) {
            const box *b = g_ptr_array_index(pg->boxes, j);
            const layout_rect *area = area_of(pg, &whole, b->area);
            if (!area) {
                fault(&k, pg, b, "it belongs to no area");
                continue;
            }
            if (!isfinite(b->x_pt) || !isfinite(b->y_pt) || !isfinite(b->w_pt) || !isfinite(b->h_pt) ||
                (b->type != BOX_RULE && (b->w_pt < 0 || b->h_pt < 0))) {
                fault(&k, pg, b, "its size is not a size");
                continue;
            }
            double x0 = MIN(b->x_pt, b->x_pt + b->w_pt), x1 = MAX(b->x_pt, b->x_pt + b->w_pt);
            double y0 = MIN(b->y_pt, b->y_pt + b->h_pt), y1 = MAX(b->y_pt, b->y_pt + b->h_pt);
            if (!rect_inside(x0, y0, x1, y1, &whole, EPS))
                fault(&k, pg, b, "it is not inside the page");
            else if (!rect_inside(x0, y0, x1, y1, area, EPS))
                fault(&k, pg, b, "it is not inside the %s area %.2f %.2f %.2fx%.2f", area_names[b->area], area->x_pt,
                      area->y_pt, area->w_pt, area->h_pt);
            if (b->type == BOX_TEXT) {
                if (!b->layout)
                    fault(&k, pg, b, "it has no text");
                else
                    check_text(&k, pg, b, area);
            }
            if (b->type == BOX_TEXT || b->type == BOX_IMAGE)
                g_ptr_array_add(solid, (gpointer)b);
        }
        /* Overlaps: a sweep down the page. */
        g_ptr_array_sort(solid, by_top);
        for (guint a = 0; a < solid->len; a++) {
            const box *ba = g_ptr_array_index(solid, a);
            for (guint c = a + 1; c < solid->len; c++) {
                const box *bc = g_ptr_array_index(solid, c);
                if (bc->y_pt >= ba->y_pt + ba->h_pt - 0.5)
                    break;
                double ox = MIN(ba->x_pt + ba->w_pt, bc->x_pt + bc->w_pt) - MAX(ba->x_pt, bc->x_pt);
                double oy = MIN(ba->y_pt + ba->h_pt, bc->y_pt + bc->h_pt) - MAX(ba->y_pt, bc->y_pt);
                if (ox > 0.5 && oy > 0.5)
                    fault(&k, pg, bc, "it overlaps the %s box at %.2f %.2f %.2fx%.2f", ba->role ? ba->role : "-",
                          ba->x_pt, ba->y_pt, ba->w_pt, ba->h_pt);
            }
        }
    }
    if (why && k.faults > 20)
        g_string_append_printf(why, "(%d more)\n", k.faults - 20);
    g_ptr_array_unref(solid);
    g_hash_table_unref(k.lines);
    return k.faults == 0;
}
