/* layout_text: doc text (bold spans, links, keep-whole ranges) -> Pango
 * layouts wrapped to a width, fitted to a line or clamped to a height, and
 * text boxes of them. Pango units stay in here; what it hands out is in pt. */
#include "layout_text.h"
#include "i18n.h"

#include "fonts.h"
#include "layout_ruby.h"
#include "typeset.h"
#include "typeset_break.h"
#include "typeset_compose.h"

#include <string.h>

text_opts text_opts_of(const char *family, double size, bool bold, double width, PangoAlignment align)
{
    text_opts o = { family, size, bold, width, align, false, 0, false, 0, NULL };
    return o;
}

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

/* The most an ASCII space grows to in a justified line, em (and any gap). */
#define TEXT_SPACE_MAX 0.5

/* How the lines of 'o' are composed (typeset_compose.h). */
static typeset_params compose_params(const layout_ctx *c, const text_opts *o)
{
    typeset_params p = { o->size_pt, c->st->text.cjk_latin_space, TEXT_SPACE_MAX, o->justify,
                         c->st->text.hanging_punctuation };
    return p;
}

/* A layout of bytes [offset, end) of 'str' (end < 0: to its end) with
 * the bold 'spans' (offsets into 'str'; those outside are ignored), 'o',
 * the 和欧間 reserved, and, if 'keep', the typeset keep-whole ranges
 * (those of 'drop', byte offsets into the layout text, left out); 'more'
 * (may be NULL) adds attributes (offsets into the layout text). Lines not
 * composed yet (typeset_compose). */
static PangoLayout *build(layout_ctx *c, const char *str, const GArray *spans, int offset, int end,
                          const text_opts *o, bool keep, const GArray *drop, const PangoAttrList *more)
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
            if ((int)a->end_index > offset && (int)a->start_index < offset + len) {
                /* Clipped to the bytes laid out (text_prefix lays out a
                 * part: Pango reads past the text for a range beyond it). */
                a->start_index = (guint)MAX(0, (int)a->start_index - offset);
                a->end_index = (guint)MIN(len, (int)a->end_index - offset);
                pango_attr_list_insert(attrs, a);
            } else {
                pango_attribute_destroy(a);
            }
        }
        g_slist_free(list);
    }
    typeset_params tp = compose_params(c, o);
    typeset_add_space_attrs(text, len, attrs, &tp);
    typeset_jisage_attrs_add(pl, text, len, offset == 0 || str[offset - 1] == '\n', attrs, o->size_pt);
    if (keep)
        typeset_keep_attrs_add_except(text, len, attrs, drop);
    if (more) {
        GSList *list = pango_attr_list_get_attributes((PangoAttrList *)more);
        for (GSList *it = list; it; it = it->next)
            pango_attr_list_insert(attrs, it->data);
        g_slist_free(list);
    }
    ruby_add_attrs(c, pl, text, len, offset, spans, attrs, o, keep);
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
    pango_layout_set_justify(pl, false); /* typeset_compose justifies */
    if (o->spacing > 0)
        pango_layout_set_line_spacing(pl, (float)o->spacing);
    ruby_fit_lines(pl);
    return pl;
}

static void compose(layout_ctx *c, PangoLayout *pl, const text_opts *o)
{
    typeset_params tp = compose_params(c, o);
    typeset_compose(pl, &tp);
}

PangoLayout *text_build(layout_ctx *c, const char *str, const GArray *spans, int offset, int end, const text_opts *o,
                        bool keep)
{
    PangoLayout *pl = build(c, str, spans, offset, end, o, keep, NULL, NULL);
    compose(c, pl, o);
    return pl;
}

double text_width(PangoLayout *pl)
{
    PangoRectangle logical;
    pango_layout_get_extents(pl, NULL, &logical);
    return PT(logical.x + logical.width);
}

/* True if a line of 'pl' runs out of 'width_pt' at either side (a right
 * aligned or centred line that is too wide starts left of 0: by any
 * amount, as layout_check counts it). */
static bool overflows(PangoLayout *pl, double width_pt)
{
    PangoRectangle logical;
    pango_layout_get_extents(pl, NULL, &logical);
    return PT(logical.x) < -0.01 || PT(logical.x + logical.width) > width_pt + 0.5;
}

double text_height(PangoLayout *pl)
{
    PangoRectangle logical;
    pango_layout_get_extents(pl, NULL, &logical);
    return PT(logical.height);
}

/* Where byte 'at' of a text that starts at 'loc' is in the trip file: one
 * line further at each "\n" (a text's lines are the file's lines). */
static diag_loc loc_at(diag_loc loc, const char *text, int at)
{
    int col = 0;
    for (const char *p = text; p < text + at; p = g_utf8_next_char(p)) {
        if (*p == '\n') {
            loc.line++;
            col = 0;
        } else {
            col++;
        }
    }
    loc.col += col;
    return loc;
}

/* A layout of bytes [offset, end) of 'str' (end < 0: to its end), wrapped
 * at o->width_pt, with the keep-whole ranges. A kept range wider than the
 * line itself is broken (a URL after / - . or ?, no hyphen), with a warning
 * at its place (once: not when '*warned', which is then set; 'warned' may
 * be NULL); the other ranges stay whole. */
/* Says at 'loc' (once: see text_make) that a word of the text from byte
 * 'offset' of 'str' is broken inside its line of 'width_pt'; 'drop0': the
 * first range too wide (a byte offset into the text), or -1. */
static void say_broken(layout_ctx *c, const char *str, int offset, double width_pt, int drop0, diag_loc loc,
                       bool *warned)
{
    if (!loc.file || (warned && *warned))
        return;
    diag_loc at = drop0 >= 0 ? loc_at(loc, str, drop0 + offset) : loc;
    diag_warning(c->d, at, "a word or number here is wider than its line (%.0f pt), so it is broken inside", width_pt);
    if (warned)
        *warned = true;
}

/* text_make without the memo: '*broke' gets whether a word had to be
 * broken inside its line, '*drop0' where (say_broken). */
static PangoLayout *make_fresh(layout_ctx *c, const char *str, const GArray *spans, int offset, int end,
                               const text_opts *o, diag_loc loc, bool *warned, bool *broke, int *drop0)
{
    const char *text = str + offset;
    int len = end < 0 ? (int)strlen(text) : end - offset;
    GArray *drop = g_array_new(FALSE, FALSE, sizeof(typeset_range));
    bool keep = true, plain = true; /* plain: as build() made it, to be made again */
    *broke = false;
    *drop0 = -1;
    PangoLayout *pl = build(c, str, spans, offset, end, o, keep, drop, NULL);
    if (o->width_pt > 0 && overflows(pl, o->width_pt)) {
        /* The ranges too wide, then their pieces too wide, both measured
         * in this layout (a kept range is on one line): one more layout. */
        if (typeset_too_wide_find(pl, text, len, o->width_pt, o->size_pt, drop)) {
            typeset_too_wide_find(pl, text, len, o->width_pt, o->size_pt, drop);
            g_object_unref(pl);
            pl = build(c, str, spans, offset, end, o, keep, drop, NULL);
        }
        if (overflows(pl, o->width_pt)) {
            g_object_unref(pl);
            keep = false;
            pl = build(c, str, spans, offset, end, o, keep, NULL, NULL);
        }
        /* Still too wide: a run Pango finds no break in even between
         * characters (";;;;…" and other infix marks in a row). Broken at
         * any character, as the last resort. */
        if (overflows(pl, o->width_pt)) {
            pango_layout_set_wrap(pl, PANGO_WRAP_CHAR);
            plain = false;
        }
        /* Pango 1.50 can still let a justified line of such a run pass the
         * width by a character (seen: 52 bold Q's, 727.5 pt in 720.3):
         * narrow the width it breaks at until every line is inside. */
        for (int i = 0; i < 4 && overflows(pl, o->width_pt); i++) {
            PangoRectangle logical;
            pango_layout_get_extents(pl, NULL, &logical);
            double over = MAX(1.0, PT(logical.x + logical.width) - o->width_pt);
            if (PT(pango_layout_get_width(pl)) - over < 1.0)
                break;
            pango_layout_set_width(pl, pango_layout_get_width(pl) - UNITS(over));
        }
        ruby_fit_lines(pl); /* its lines were broken again */
        *broke = true;
        *drop0 = drop->len ? g_array_index(drop, typeset_range, 0).start : -1;
        say_broken(c, str, offset, o->width_pt, *drop0, loc, warned);
    }
    /* ぶら下げ, when the layout asks for it. */
    PangoAttrList *hang = NULL;
    if (plain && o->width_pt > 0 && compose_params(c, o).hanging && typeset_hang_attrs(pl, &hang)) {
        PangoLayout *again = build(c, str, spans, offset, end, o, keep, keep ? drop : NULL, hang);
        g_object_unref(pl);
        pl = again;
    }
    /* No runt last line: push characters down to it. */
    if (plain && o->width_pt > 0 && pango_layout_get_line_count(pl) > 1) {
        bool text_ends = end < 0 || str[end] == '\0' || str[end] == '\n';
        typeset_params tp = compose_params(c, o);
        PangoAttrList *tight = NULL;
        PangoAttrList *push = typeset_runt_attrs(pl, text_ends, &tp, &tight);
        if (tight) {
            if (hang) {
                GSList *list = pango_attr_list_get_attributes(hang);
                for (GSList *it = list; it; it = it->next)
                    pango_attr_list_insert(tight, it->data);
                g_slist_free(list);
            }
            PangoLayout *again = build(c, str, spans, offset, end, o, keep, keep ? drop : NULL, tight);
            PangoAttrList *still = typeset_runt_attrs(again, text_ends, &tp, NULL);
            if (!still && !overflows(again, o->width_pt)) {
                g_object_unref(pl);
                pl = again;
                pango_attr_list_unref(push);
                push = NULL;
            } else {
                g_object_unref(again);
            }
            if (still)
                pango_attr_list_unref(still);
            pango_attr_list_unref(tight);
        }
        if (push && hang) {
            GSList *list = pango_attr_list_get_attributes(hang);
            for (GSList *it = list; it; it = it->next)
                pango_attr_list_insert(push, it->data);
            g_slist_free(list);
        }
        if (push) {
            PangoLayout *again = build(c, str, spans, offset, end, o, keep, keep ? drop : NULL, push);
            if (!overflows(again, o->width_pt)) {
                g_object_unref(pl);
                pl = again;
            } else {
                g_object_unref(again);
            }
            pango_attr_list_unref(push);
        }
    }
    if (hang)
        pango_attr_list_unref(hang);
    g_array_unref(drop);
    compose(c, pl, o);
    return pl;
}

/*** The memo of layouts ***/

/* The same text set with the same options is laid out again and again:
 * in each trial of the type scale (layout_scale.c) at the same size, in the
 * pages made after them, for each page's footer and heading. text_make
 * keeps the last MEMO_MAX layouts it made (of texts up to MEMO_MAX_BYTES,
 * MEMO_MAX_TEXT bytes in all: a layout takes about 20 bytes of memory a
 * byte of text) with everything they depend on, and hands out the same
 * layout again (a layout is not changed once made). */
#define MEMO_MAX 256
#define MEMO_MAX_BYTES 8192
#define MEMO_MAX_TEXT 65536

typedef struct memo_entry {
    GBytes *key;
    PangoLayout *pl;
    bool broke; /* what make_fresh said */
    int drop0;
    gsize bytes; /* of the text laid out */
    GList link; /* in memo.order, oldest first */
} memo_entry;

typedef struct memo {
    GHashTable *by_key; /* GBytes key -> memo_entry, owned */
    GQueue order;
    gsize text_bytes;   /* of the layouts kept */
    GHashTable *widths; /* GBytes key -> double: text_natural_width's, up to MEMO_MAX_WIDTHS */
} memo;

#define MEMO_MAX_WIDTHS 4096

static void memo_entry_free(gpointer p)
{
    memo_entry *e = p;
    g_bytes_unref(e->key);
    g_object_unref(e->pl);
    g_free(e);
}

static void memo_free(void *p)
{
    memo *m = p;
    g_hash_table_unref(m->by_key);
    g_hash_table_unref(m->widths);
    g_free(m);
}

static memo *memo_of(fonts *f)
{
    if (!f->memo) {
        memo *m = g_new0(memo, 1);
        m->by_key = g_hash_table_new_full(g_bytes_hash, g_bytes_equal, NULL, memo_entry_free);
        g_queue_init(&m->order);
        m->widths = g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref, g_free);
        f->memo = m;
        f->memo_free = memo_free;
    }
    return f->memo;
}

static void key_add(GByteArray *k, const void *p, size_t n)
{
    g_byte_array_append(k, p, (guint)n);
}

/* Everything text_make's layout of bytes [offset, end) of 'str' depends
 * on: the bytes, the spans over them (from the text's start), the options,
 * the design's typesetting, whether the text starts a paragraph and ends
 * one. NULL when it is not kept (extra attributes, a long text). */
static GBytes *memo_key(const layout_ctx *c, const char *str, const GArray *spans, int offset, int end,
                        const text_opts *o)
{
    const char *text = str + offset;
    int len = end < 0 ? (int)strlen(text) : end - offset;
    if (o->extra || len > MEMO_MAX_BYTES)
        return NULL;
    GByteArray *k = g_byte_array_sized_new((guint)len + 96);
    key_add(k, o->family, strlen(o->family) + 1);
    double d[] = { o->size_pt, o->width_pt, o->spacing, o->tab_pt, c->st->text.cjk_latin_space };
    key_add(k, d, sizeof d);
    int n[] = { o->bold, (int)o->align, o->justify, o->palt, c->st->text.hanging_punctuation,
                offset == 0 || str[offset - 1] == '\n', end < 0 || str[end] == '\0' || str[end] == '\n', len };
    key_add(k, n, sizeof n);
    key_add(k, text, (size_t)len);
    for (guint i = 0; spans && i < spans->len; i++) {
        const doc_span *sp = &g_array_index(spans, doc_span, i);
        if (sp->end < offset || sp->start > offset + len)
            continue;
        int r[] = { (int)sp->kind, sp->start - offset, sp->end - offset };
        key_add(k, r, sizeof r);
        if (sp->kind == DOC_SPAN_RUBY && sp->ruby)
            key_add(k, sp->ruby, strlen(sp->ruby) + 1);
    }
    return g_byte_array_free_to_bytes(k);
}

PangoLayout *text_make(layout_ctx *c, const char *str, const GArray *spans, int offset, int end, const text_opts *o,
                       diag_loc loc, bool *warned)
{
    GBytes *key = memo_key(c, str, spans, offset, end, o);
    if (!key) {
        bool broke;
        int drop0;
        return make_fresh(c, str, spans, offset, end, o, loc, warned, &broke, &drop0);
    }
    memo *m = memo_of(c->f);
    memo_entry *e = g_hash_table_lookup(m->by_key, key);
    if (e) {
        g_bytes_unref(key);
        g_queue_unlink(&m->order, &e->link);
        g_queue_push_tail_link(&m->order, &e->link);
        if (e->broke)
            say_broken(c, str, offset, o->width_pt, e->drop0, loc, warned);
        return g_object_ref(e->pl);
    }
    e = g_new0(memo_entry, 1);
    e->key = key;
    e->pl = make_fresh(c, str, spans, offset, end, o, loc, warned, &e->broke, &e->drop0);
    e->link.data = e;
    g_hash_table_insert(m->by_key, key, e);
    g_queue_push_tail_link(&m->order, &e->link);
    e->bytes = (gsize)(end < 0 ? (int)strlen(str + offset) : end - offset);
    m->text_bytes += e->bytes;
    while (m->order.length > MEMO_MAX || (m->text_bytes > MEMO_MAX_TEXT && m->order.length > 1)) {
        memo_entry *old = g_queue_pop_head_link(&m->order)->data;
        m->text_bytes -= old->bytes;
        g_hash_table_remove(m->by_key, old->key);
    }
    return g_object_ref(e->pl);
}

double text_natural_width(layout_ctx *c, const char *str, const GArray *spans, int offset, int end,
                          const text_opts *o)
{
    text_opts one = *o;
    one.width_pt = 0;
    GBytes *key = memo_key(c, str, spans, offset, end, &one);
    memo *m = key ? memo_of(c->f) : NULL;
    const double *had = key ? g_hash_table_lookup(m->widths, key) : NULL;
    if (had) {
        g_bytes_unref(key);
        return *had;
    }
    PangoLayout *pl = text_build(c, str, spans, offset, end, &one, false);
    double w = text_width(pl);
    g_object_unref(pl);
    if (key) {
        if (g_hash_table_size(m->widths) >= MEMO_MAX_WIDTHS)
            g_hash_table_remove_all(m->widths);
        g_hash_table_insert(m->widths, key, g_memdup2(&w, sizeof w));
    }
    return w;
}

GArray *text_lines(PangoLayout *pl)
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

/* The lines of 'lines' whose bottom is within 'max_h'. */
int text_lines_within(const GArray *lines, double max_h)
{
    int k = 0;
    while (k < (int)lines->len && LINE(lines, k).bottom <= max_h + 0.01)
        k++;
    return k;
}

void span_index_init(span_index *si, const GArray *spans)
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

void span_index_clear(span_index *si)
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
PangoLayout *text_prefix(layout_ctx *c, const char *str, int offset, int len, const span_index *si,
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
            return text_make(c, str, *spans, offset, len, o, loc, warned);
        }
        while (e > offset && (str[e] & 0xC0) == 0x80)
            e--;
        GArray *win = span_window(si, offset, e);
        bool w0 = warned ? *warned : false;
        PangoLayout *pl = text_make(c, str, win, offset, e, o, loc, &w0);
        GArray *lines = text_lines(pl);
        int n = (int)lines->len, k = text_lines_within(lines, max_h);
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
 * 'what' ("this caption", marked N_() by the caller) is cut. '*shown' gets how many bytes of 'str'
 * are shown. Lays out only a few pages' worth of a long text. */
PangoLayout *text_clamped(layout_ctx *c, const char *str, const GArray *spans, const text_opts *o, double max_h,
                          diag_loc loc, const char *what, int *shown)
{
    int len = (int)strlen(str);
    span_index si;
    span_index_init(&si, spans);
    bool warned = false;
    int end;
    GArray *win;
    PangoLayout *pl = text_prefix(c, str, 0, len, &si, o, max_h, loc, &warned, &end, &win);
    GArray *lines = text_lines(pl);
    int n = (int)lines->len, k = text_lines_within(lines, max_h);
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
        g_string_append(g, c->w->ellipsis);
        pl = text_make(c, g->str, win, 0, -1, o, NO_LOC, NULL);
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
                     _(what), k, k == 1 ? "" : "s");
    else
        diag_error(c->d, loc, "%s does not fit in its space on the page even at the smallest size; shorten it (with "
                   "--draft the PDF is made with it cut after %d line%s)",
                   _(what), k, k == 1 ? "" : "s");
out:
    g_array_unref(lines);
    if (win)
        g_array_unref(win);
    span_index_clear(&si);
    return pl;
}

/* Places 'str' at (x, y), set with 'o' and no taller than 'max_h' (see
 * make_clamped: 'what' names it in the warning). 'src' (may be NULL) is
 * the doc text that 'str' shows from its byte 'src_start' on. */
box *text_add_clamped(layout_ctx *c, double x, double y, const char *str, const GArray *spans, const text_opts *o,
                      double max_h, guint32 color, const char *role, const doc_node *node, const doc_text *src,
                      int src_start, diag_loc loc, const char *what)
{
    int shown = 0;
    PangoLayout *pl = text_clamped(c, str, spans, o, max_h, loc, what, &shown);
    box *b = box_add(c, BOX_TEXT, x, y, o->width_pt > 0 ? o->width_pt : text_width(pl), text_height(pl));
    b->pango = pl;
    b->color = color;
    b->role = role;
    b->node = node;
    b->links = box_links_of(spans, 0, shown);
    if (src && shown > src_start)
        box_set_source(b, 0, src, src_start, 0, MIN(shown - src_start, (int)strlen(src->str)));
    return b;
}

/* Places the whole of a short text at (x, y) (page furniture). */
box *text_add(layout_ctx *c, double x, double y, const char *str, const GArray *spans, const text_opts *o,
              guint32 color, const char *role, const doc_node *node)
{
    PangoLayout *pl = text_make(c, str, spans, 0, -1, o, NO_LOC, NULL);
    box *b = box_add(c, BOX_TEXT, x, y, o->width_pt > 0 ? o->width_pt : text_width(pl), text_height(pl));
    b->pango = pl;
    b->color = color;
    b->role = role;
    b->node = node;
    b->links = box_links_of(spans, 0, (int)strlen(str));
    return b;
}

/* The bytes of at most the first 'max' bytes of 's' that end on a
 * character's boundary. */
int text_prefix_len(const char *s, int max)
{
    int n = (int)strlen(s);
    if (n <= max)
        return n;
    while (max > 0 && (s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

/* A title of more lines than this cannot fit either (Pango is slow over
 * many paragraphs, see text_prefix()). */
#define FIT_MAX_LINES 32

/* How far, at most, the width of a line set at another size strays from
 * the width at one size scaled in proportion, as a share of that width and
 * in points. With metrics unhinted and positions not rounded, a line's
 * width is its size times a constant, but for the size and every advance
 * kept in Pango units (1/1024 pt) and the 和欧間 and ruby spacing rounded
 * to them: measured, a hundred-thousandth of the width (test_layout_text). */
#define FIT_STRAY_SHARE 0.002
#define FIT_STRAY_PT 0.1

/* The size at which 'str' fits 'max_w' on as many lines as it has: the
 * first of the sizes 4 % apart from o.size_pt down to the style's floor
 * that fits. Warns at 'loc' when even the floor is too wide (the text then
 * wraps). A size that is measured and does not fit tells by how much the
 * next ones are too wide (the width goes as the size): those that surely do
 * not fit are passed over unmeasured, and the first that may fit is
 * measured; so the size is the same as measuring every step in turn, with
 * one or two layouts instead of one a step (each new size costs Pango a
 * font pattern, a font sort and two threads). '*probes' (may be NULL) gets
 * the number of widths measured (text_natural_width, which may have them
 * already). */
double text_fitted_size_probed(layout_ctx *c, const char *str, const GArray *spans, text_opts o, double max_w,
                               diag_loc loc, const char *what, int *probes)
{
    double floor_pt = MIN(c->st->size_floor_pt, o.size_pt);
    double size = o.size_pt;
    int lines = 0, made = 0;
    for (const char *p = str; (p = strchr(p, '\n')) && lines <= FIT_MAX_LINES; p++)
        lines++;
    bool long_text = strlen(str) > TEXT_FIT_MAX_BYTES || lines > FIT_MAX_LINES;
    for (;;) {
        double w = G_MAXDOUBLE;
        if (!long_text) {
            o.size_pt = size;
            w = text_natural_width(c, str, spans, 0, -1, &o);
            made++;
        }
        if (w <= max_w + 0.01)
            break;
        if (size <= floor_pt || long_text) {
            if (loc.file)
                diag_warning(c->d, loc, "%s does not fit on one line even at %.1f pt, so it wraps; shorten it to keep it on one line",
                             _(what), floor_pt);
            size = floor_pt;
            break;
        }
        /* The steps down (each computed from the one before, as always),
         * passing over those whose width in proportion is wider than the
         * line by more than the stray. */
        double next = MAX(floor_pt, size * 0.96);
        for (;;) {
            double guess = w * next / size;
            if (long_text || next <= floor_pt || guess <= max_w + 0.01 + guess * FIT_STRAY_SHARE + FIT_STRAY_PT)
                break;
            next = MAX(floor_pt, next * 0.96);
        }
        size = next;
    }
    if (probes)
        *probes = made;
    return size;
}

double text_fitted_size(layout_ctx *c, const char *str, const GArray *spans, text_opts o, double max_w, diag_loc loc,
                        const char *what)
{
    return text_fitted_size_probed(c, str, spans, o, max_w, loc, what, NULL);
}

/* The height of 'str' set with 'o', or a little more than 'max_h' when it
 * is taller (only so much of it is laid out). */
double text_height_upto(layout_ctx *c, const char *str, const GArray *spans, const text_opts *o, double max_h)
{
    span_index si;
    span_index_init(&si, spans);
    int end;
    GArray *win;
    bool warned = true;
    PangoLayout *pl = text_prefix(c, str, 0, (int)strlen(str), &si, o, max_h, NO_LOC, &warned, &end, &win);
    double h = text_height(pl);
    g_object_unref(pl);
    if (win)
        g_array_unref(win);
    span_index_clear(&si);
    return h;
}

/* A title: the size at which it fits one line of 'max_w' (down to the
 * floor), wrapped there and no taller than 'max_h'. */
box *text_add_fitted(layout_ctx *c, double x, double y, const char *str, const GArray *spans, text_opts o, double max_w,
                     double max_h, guint32 color, const char *role, const doc_node *node, const doc_text *src,
                     diag_loc loc, const char *what)
{
    o.size_pt = text_fitted_size(c, str, spans, o, max_w, loc, what);
    o.width_pt = max_w;
    return text_add_clamped(c, x, y, str, spans, &o, max_h, color, role, node, src, 0, loc, what);
}
