/* typeset_compose: the glyphs of a PangoLayout's broken lines -> the same
 * lines composed as JLReq asks (和欧間, punctuation pairs, 字下げ, line-start
 * brackets, hanging, justification). See typeset_compose.h.
 *
 * How it works with Pango 1.50 (pango-layout.c, shape_run() and
 * adjust_line_letter_spacing()): a letter spacing s on an item adds s/2
 * before its first glyph (x_offset and width) and s - s/2 after its last,
 * and the part at a line's start or end is trimmed again after the line is
 * broken. typeset_add_space_attrs() gives every Japanese character beside
 * a Latin letter or digit, alone, the letter spacing of its 和欧間: Pango
 * then breaks lines with that width counted. typeset_compose() takes the
 * reservation back out of each glyph (the natural advance), decides every
 * gap itself and writes the widths and offsets back; pango_layout_get_lines()
 * marks the lines as changed, so every extent Pango reports afterwards is
 * computed from the new widths. The renderers draw those glyphs as they are. */
#include "typeset_compose.h"

#include <hb.h>
#include <string.h>

bool typeset_is_japanese(gunichar c)
{
    return (c >= 0x3040 && c <= 0x30FF && c != 0x30FB) || /* kana, ー; not ・ */
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x3FFFF) || (c >= 0x31F0 && c <= 0x31FF) || c == 0x3005 || c == 0x3006 ||
           c == 0x3007 || c == 0x303B || (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
           (c >= 0xFF41 && c <= 0xFF5A) || (c >= 0xFF66 && c <= 0xFF9F);
}

bool typeset_is_latin(gunichar c)
{
    if (c < 0x80)
        return g_ascii_isalnum((char)c);
    return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x3FF) ||
           (c >= 0x400 && c <= 0x4FF);
}

bool typeset_is_opening(gunichar c)
{
    switch (c) {
    case 0x300C: case 0x300E: case 0xFF08: case 0x3010: case 0x3014: case 0xFF3B: case 0xFF5B:
    case 0x3008: case 0x300A: case 0x3016: case 0x3018: case 0x301D: case 0x2018: case 0x201C:
        return true;
    default:
        return false;
    }
}

bool typeset_is_closing(gunichar c)
{
    switch (c) {
    case 0x300D: case 0x300F: case 0xFF09: case 0x3011: case 0x3015: case 0xFF3D: case 0xFF5D:
    case 0x3009: case 0x300B: case 0x3017: case 0x3019: case 0x301F: case 0x2019: case 0x201D:
        return true;
    default:
        return false;
    }
}

bool typeset_is_stop(gunichar c)
{
    return c == 0x3002 || c == 0x3001 || c == 0xFF0C || c == 0xFF0E;
}

bool typeset_is_punct(gunichar c)
{
    return typeset_is_opening(c) || typeset_is_closing(c) || typeset_is_stop(c) || c == 0x30FB ||
           c == 0xFF1A || c == 0xFF1B || c == 0xFF01 || c == 0xFF1F;
}

int typeset_wa_units(const typeset_params *p)
{
    return (int)(p->wa_space * p->em * PANGO_SCALE + 0.5);
}

/* Whether a 和欧間 goes between a and b. */
static bool wa_between(gunichar a, gunichar b)
{
    return (typeset_is_japanese(a) && typeset_is_latin(b)) || (typeset_is_latin(a) && typeset_is_japanese(b));
}

static void add_spacing(PangoAttrList *attrs, int start, int end, int units)
{
    PangoAttribute *a = pango_attr_letter_spacing_new(units);
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(attrs, a);
}

void typeset_add_space_attrs(const char *text, int len, PangoAttrList *attrs, const typeset_params *p)
{
    int wa = typeset_wa_units(p);
    if (wa <= 0 || !text)
        return;
    gunichar prev = 0;
    int k = 0; /* characters with a reservation, so that two side by side differ (two items) */
    for (const char *s = text; s < text + len;) {
        const char *n = g_utf8_find_next_char(s, text + len);
        if (!n)
            n = text + len;
        gunichar c = g_utf8_get_char_validated(s, (gssize)(n - s));
        if (c == (gunichar)-1 || c == (gunichar)-2)
            c = 0;
        if (typeset_is_japanese(c)) {
            gunichar next = 0;
            if (n < text + len) {
                next = g_utf8_get_char_validated(n, (gssize)(text + len - n));
                if (next == (gunichar)-1 || next == (gunichar)-2)
                    next = 0;
            }
            int count = wa_between(prev, c) + wa_between(c, next);
            if (count)
                add_spacing(attrs, (int)(s - text), (int)(n - text), count * wa + (k++ & 1));
        }
        prev = c;
        s = n;
    }
}

void typeset_add_hang_attr(PangoAttrList *attrs, const char *text, int index, int advance)
{
    const char *n = g_utf8_next_char(text + index);
    add_spacing(attrs, index, (int)(n - text), -advance);
}

/* --- composing a line ------------------------------------------------------ */

enum { GAP_NONE, GAP_WA, GAP_J };

typedef struct cell {
    PangoGlyphString *gs;
    PangoFont *font; /* borrowed from the run's item */
    int g0, g1;   /* its glyphs [g0, g1) in gs */
    gunichar c;
    int byte;
    int cur_w;    /* the advance Pango gave it */
    int nat_w;    /* its own advance, without any reservation */
    int nat_x;    /* the x offset of its first glyph without the reservation */
    int w;        /* the advance it gets */
    int shift;    /* moved left (< 0) or right */
    int gap;      /* space after it */
    int kind;     /* what the gap after it is (GAP_*) */
    bool hangs;
} cell;

/* The mark of a letter spacing that is not ours to take back (a ruby base
 * spaced out to its reading): a line holding one is left as Pango set it. */
static gboolean fixed_equal(const PangoAttribute *a, const PangoAttribute *b)
{
    (void)a;
    (void)b;
    return TRUE;
}

static void fixed_destroy(PangoAttribute *a)
{
    g_free(a);
}

static PangoAttribute *fixed_copy(const PangoAttribute *a);

static PangoAttrClass fixed_class = { 0, fixed_copy, fixed_destroy, fixed_equal };

static PangoAttrType fixed_type(void)
{
    static gsize type;
    if (g_once_init_enter(&type))
        g_once_init_leave(&type, (gsize)pango_attr_type_register("tripreport-fixed-spacing"));
    return (PangoAttrType)type;
}

PangoAttribute *typeset_fixed_spacing_attr_new(void)
{
    fixed_class.type = fixed_type();
    PangoAttribute *a = g_new0(PangoAttribute, 1);
    pango_attribute_init(a, &fixed_class);
    return a;
}

static PangoAttribute *fixed_copy(const PangoAttribute *a)
{
    (void)a;
    return typeset_fixed_spacing_attr_new();
}

static bool item_fixed(const PangoItem *item)
{
    for (GSList *l = item->analysis.extra_attrs; l; l = l->next)
        if (((const PangoAttribute *)l->data)->klass->type == fixed_type())
            return true;
    return false;
}

/* Pango's distribute_letter_spacing(). */
static void distribute(int ls, int *left, int *right)
{
    *left = ls / 2;
    if ((ls & (PANGO_SCALE - 1)) == 0)
        *left = PANGO_UNITS_ROUND(*left);
    *right = ls - *left;
}

static int item_letter_spacing(const PangoItem *item)
{
    for (GSList *l = item->analysis.extra_attrs; l; l = l->next) {
        const PangoAttribute *a = l->data;
        if (a->klass->type == PANGO_ATTR_LETTER_SPACING)
            return ((const PangoAttrInt *)a)->value;
    }
    return 0;
}

/* The cells of 'line' in visual order; FALSE if it cannot be composed
 * (right-to-left runs, a run of several characters with letter spacing). */
static bool line_cells(PangoLayoutLine *line, const char *text, GArray *cells, GArray *ls_of)
{
    g_array_set_size(cells, 0);
    g_array_set_size(ls_of, 0);
    for (GSList *r = line->runs; r; r = r->next) {
        PangoGlyphItem *run = r->data;
        if ((run->item->analysis.level & 1) || item_fixed(run->item))
            return false;
        int ls = item_letter_spacing(run->item);
        PangoGlyphString *gs = run->glyphs;
        int first = (int)cells->len;
        for (int g = 0; g < gs->num_glyphs;) {
            int e = g + 1;
            while (e < gs->num_glyphs && gs->log_clusters[e] == gs->log_clusters[g])
                e++;
            cell cl = {0};
            cl.gs = gs;
            cl.font = run->item->analysis.font;
            cl.g0 = g;
            cl.g1 = e;
            cl.byte = run->item->offset + gs->log_clusters[g];
            cl.c = g_utf8_get_char(text + cl.byte);
            for (int i = g; i < e; i++)
                cl.cur_w += gs->glyphs[i].geometry.width;
            cl.nat_w = cl.cur_w;
            cl.nat_x = gs->glyphs[g].geometry.x_offset;
            g_array_append_val(cells, cl);
            g_array_append_val(ls_of, ls);
            g = e;
        }
        if (ls != 0 && (int)cells->len - first > 1)
            return false;
    }
    /* Take the reservations back out (see the top of this file). */
    int n = (int)cells->len;
    for (int k = 0; k < n; k++) {
        int ls = g_array_index(ls_of, int, k);
        if (!ls)
            continue;
        cell *cl = &g_array_index(cells, cell, k);
        int sl, sr;
        distribute(ls, &sl, &sr);
        if (ls < 0 && cl->cur_w == 0) { /* a hanging stop: Pango leaves it at no width */
            cl->nat_w = -ls;
            cl->nat_x -= sl;
            cl->hangs = true;
            continue;
        }
        cl->nat_w = cl->cur_w - (k == 0 ? 0 : sl) - (k == n - 1 ? 0 : sr);
        cl->nat_x -= k == 0 ? 0 : sl;
    }
    return true;
}

/* A gap between two characters that justification may widen: not inside
 * a Latin word or number, not inside —— or ……, not beside a space. */
static bool gap_stretches(gunichar a, gunichar b)
{
    if (a == ' ' || b == ' ' || a == 0x3000 || b == 0x3000 || a == '\t' || b == '\t')
        return false;
    if (a == b && (a == 0x2014 || a == 0x2015 || a == 0x2026 || a == 0x2025))
        return false;
    if (typeset_is_punct(a) && typeset_is_punct(b))
        return false; /* a pair of marks stays within its 1.5 em */
    bool wide_a = a >= 0x2E80 || a == 0x2014 || a == 0x2015 || a == 0x2026 || a == 0x2025;
    bool wide_b = b >= 0x2E80 || b == 0x2014 || b == 0x2015 || b == 0x2026 || b == 0x2025;
    return wide_a && wide_b;
}

/* A gap narrower than this (in em) is drawn as advance, not as a spacer
 * glyph: readers that take text from a PDF add no space for it. Measured
 * (glyphs moved apart by hand, cairo 1.16): pdftotext (poppler 22) adds a
 * space for a gap over 0.10 em, mutool 1.21 from 0.15 em, and pdf.js counts
 * one up to 0.102 em as tracking (its TRACKING_SPACE_FACTOR). A line's
 * justification gaps are a few hundredths of an em. */
#define SPACER_MIN_EM 0.08

/* A gap of SPACER_MIN_EM or more (a 和欧間 is 0.25 em) as a glyph of its
 * own in the cell's cluster: a space glyph of the gap's width. Cairo writes
 * a cluster of one character and two glyphs inside a /Span with /ActualText
 * (the character), so a reader that honours it (pdftotext, Acrobat) sees
 * the character alone, followed at once by the next one, and adds no space
 * for the gap. Readers that do not (mutool, pdf.js) read the glyph as a
 * space, and each span costs about 70 bytes of content stream: a narrower
 * gap is left to the advance. The glyph has no ink. */
static void add_spacer(cell *cl, int width)
{
    hb_codepoint_t gid;
    hb_font_t *hb = cl->font ? pango_font_get_hb_font(cl->font) : NULL;
    PangoGlyphString *gs = cl->gs;
    if (!hb || !hb_font_get_nominal_glyph(hb, ' ', &gid)) {
        gs->glyphs[cl->g1 - 1].geometry.width += width;
        return;
    }
    int n = gs->num_glyphs;
    pango_glyph_string_set_size(gs, n + 1);
    memmove(gs->glyphs + cl->g1 + 1, gs->glyphs + cl->g1, sizeof(PangoGlyphInfo) * (size_t)(n - cl->g1));
    memmove(gs->log_clusters + cl->g1 + 1, gs->log_clusters + cl->g1, sizeof(int) * (size_t)(n - cl->g1));
    PangoGlyphInfo *sp = &gs->glyphs[cl->g1];
    memset(sp, 0, sizeof *sp);
    sp->glyph = gid;
    sp->geometry.width = width;
    /* Drawn so that it ends where the next character starts: a reader
     * that puts the span's text over the span's glyphs (poppler) then
     * sees no gap at all, whatever the width. */
    PangoRectangle logical;
    pango_font_get_glyph_extents(cl->font, gid, NULL, &logical);
    sp->geometry.x_offset = width - logical.width;
    sp->attr.is_cluster_start = 0;
    gs->log_clusters[cl->g1] = gs->log_clusters[cl->g1 - 1];
}

static void compose_line(PangoLayoutLine *line, const char *text, const typeset_params *p, bool last_in_para,
                         int avail, GArray *cells, GArray *ls_of)
{
    if (!line->runs || !line_cells(line, text, cells, ls_of))
        return;
    int n = (int)cells->len;
    cell *C = (cell *)(void *)cells->data;
    const int em = (int)(p->em * PANGO_SCALE + 0.5);
    const int half = em / 2;
    for (int k = 0; k < n; k++)
        C[k].w = C[k].nat_w;

    /* 字下げ: a paragraph's leading full-width space is 1 em. */
    if (line->is_paragraph_start && C[0].c == 0x3000 && C[0].nat_w > 0)
        C[0].w = em;
    /* JLReq 3.1 (opening brackets at the line head): one starting a line that is not a
     * paragraph's first is set flush (天付き): its leading half goes. */
    if (!line->is_paragraph_start && typeset_is_opening(C[0].c) && C[0].nat_w > half + em / 8) {
        int t = C[0].nat_w - half;
        C[0].w -= t;
        C[0].shift -= t;
    }
    /* 約物の詰め (JLReq 3.1, consecutive punctuation): two marks side by side
     * take at most 1.5 em: the space after a closing mark or a stop goes
     * first, then the space before an opening bracket. */
    const int pair_max = em + half;
    for (int k = 0; k + 1 < n; k++) {
        cell *a = &C[k], *b = &C[k + 1];
        if (!typeset_is_punct(a->c) || !typeset_is_punct(b->c))
            continue;
        int excess = a->w + b->w - pair_max;
        if (excess <= 0)
            continue;
        if ((typeset_is_closing(a->c) || typeset_is_stop(a->c)) && a->w > half) {
            int t = MIN(excess, a->w - half);
            a->w -= t;
            excess -= t;
        }
        if (excess > 0 && typeset_is_opening(b->c) && b->w > half) {
            int t = MIN(excess, b->w - half);
            b->w -= t;
            b->shift -= t;
        }
    }
    /* 和欧間, never at the line's ends (there is no gap after the last cell). */
    const int wa = typeset_wa_units(p);
    for (int k = 0; k + 1 < n; k++) {
        if (wa > 0 && wa_between(C[k].c, C[k + 1].c)) {
            C[k].gap = wa;
            C[k].kind = GAP_WA;
        } else if (gap_stretches(C[k].c, C[k + 1].c)) {
            C[k].kind = GAP_J;
        }
    }

    /* The width the line takes (a hanging stop at its end is outside). */
    int hang_end = n > 0 && C[n - 1].hangs && p->hanging ? n - 1 : n;
    long width = 0;
    for (int k = 0; k < hang_end; k++)
        width += C[k].w + C[k].gap;
    if (hang_end < n && hang_end > 0) {
        width -= C[hang_end - 1].gap;
        C[hang_end - 1].gap = 0;
    }
    /* ぶら下げ (JLReq 3.8.2): the stop is drawn past the line's end and
     * takes no width of the line. */
    if (hang_end < n)
        C[n - 1].w = 0;
    long slack = avail > 0 ? avail - width : 0;
    /* A line with a hanging stop is full, even a paragraph's last. */
    bool fill = p->justify && (!last_in_para || hang_end < n) && avail > 0;

    if (slack > 0 && fill) {
        /* JLReq 3.8.3: the slack goes to 和欧間 and to the gaps between
         * Japanese characters; an ASCII space takes at most up to space_max
         * while those gaps can take the rest. */
        int nj = 0, nsp = 0;
        for (int k = 0; k < hang_end; k++) {
            if (k + 1 < hang_end && C[k].kind != GAP_NONE)
                nj++;
            if (C[k].c == ' ' && k > 0 && k + 1 < hang_end)
                nsp++;
        }
        int cap = (int)(p->space_max * em);
        long sp_each = 0;
        if (nsp > 0) {
            long share = slack / (nj + nsp);
            if (nj == 0) {
                sp_each = slack / nsp;
            } else {
                int room = G_MAXINT;
                for (int k = 1; k + 1 < hang_end; k++)
                    if (C[k].c == ' ')
                        room = MIN(room, MAX(0, cap - C[k].w));
                sp_each = MIN(share, (long)room);
            }
        }
        long rest = slack - sp_each * nsp;
        long each = nj > 0 ? rest / nj : 0;
        long extra = nj > 0 ? rest - each * nj : 0;
        /* No gap wider than space_max: a line that would need more (a URL
         * piece that went down) keeps the rest at its end. */
        long each_max = (long)(p->space_max * em) - wa;
        if (each >= each_max) {
            each = MAX(0, each_max);
            extra = 0;
        }
        for (int k = 0; k < hang_end; k++) {
            if (C[k].c == ' ' && k > 0 && k + 1 < hang_end)
                C[k].w += (int)sp_each;
            if (k + 1 < hang_end && C[k].kind != GAP_NONE) {
                C[k].gap += (int)each + (extra > 0 ? 1 : 0);
                extra--;
            }
        }
    } else if (slack < 0) {
        /* Too long (the 字下げ grew, or Pango counted a reservation that
         * a line end took away): shrink 和欧間 to 1/8 em, then the half
         * spaces of stops and closing brackets (the last first), then, by
         * a hair, the gaps between Japanese characters. */
        long need = -slack;
        int nwa = 0;
        for (int k = 0; k < hang_end; k++)
            nwa += C[k].kind == GAP_WA;
        if (nwa > 0) {
            long room = (long)(wa - em / 8) * nwa;
            long take = MIN(need, MAX(0, room));
            for (int k = 0; k < hang_end && take > 0; k++)
                if (C[k].kind == GAP_WA) {
                    int t = (int)MIN((long)(wa - em / 8), (take + nwa - 1) / nwa);
                    t = (int)MIN((long)t, need);
                    C[k].gap -= t;
                    need -= t;
                }
        }
        for (int k = hang_end - 1; k >= 0 && need > 0; k--)
            if ((typeset_is_closing(C[k].c) || typeset_is_stop(C[k].c)) && C[k].w > half) {
                int t = (int)MIN(need, (long)(C[k].w - half));
                C[k].w -= t;
                need -= t;
            }
        int nj = 0;
        for (int k = 0; k + 1 < hang_end; k++)
            nj += C[k].kind == GAP_J;
        if (need > 0 && nj > 0) {
            long each = MIN((need + nj - 1) / nj, (long)(em / 20));
            for (int k = 0; k + 1 < hang_end && need > 0; k++)
                if (C[k].kind == GAP_J) {
                    C[k].gap -= (int)MIN(each, need);
                    need -= MIN(each, need);
                }
        }
    }

    /* Write the geometry back, from the end (a spacer glyph moves the
     * glyphs after it in its run). */
    for (int k = n - 1; k >= 0; k--) {
        cell *cl = &C[k];
        PangoGlyphInfo *g = cl->gs->glyphs;
        int dx = cl->nat_x + cl->shift - g[cl->g0].geometry.x_offset;
        for (int i = cl->g0; i < cl->g1; i++)
            g[i].geometry.x_offset += dx;
        int spacer = cl->gap >= (int)(SPACER_MIN_EM * em) ? cl->gap : 0;
        g[cl->g1 - 1].geometry.width += cl->w + cl->gap - spacer - cl->cur_w;
        if (spacer)
            add_spacer(cl, spacer);
    }
}

void typeset_compose(PangoLayout *pl, const typeset_params *p)
{
    const char *text = pango_layout_get_text(pl);
    int width = pango_layout_get_width(pl);
    int indent = pango_layout_get_indent(pl);
    GArray *cells = g_array_new(FALSE, FALSE, sizeof(cell));
    GArray *ls_of = g_array_new(FALSE, FALSE, sizeof(int));
    for (GSList *l = pango_layout_get_lines(pl); l; l = l->next) {
        PangoLayoutLine *line = l->data;
        PangoLayoutLine *next = l->next ? l->next->data : NULL;
        bool last = !next || next->is_paragraph_start;
        int x0 = indent > 0 ? (line->is_paragraph_start ? indent : 0) : (line->is_paragraph_start ? 0 : -indent);
        compose_line(line, text, p, last, width > 0 ? width - x0 : 0, cells, ls_of);
    }
    g_array_unref(ls_of);
    g_array_unref(cells);
}
