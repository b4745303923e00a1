/* typeset_break: a first PangoLayout of a text -> the attributes that make
 * Pango break it again as JLReq wants: keep-whole ranges but those too wide
 * for their line, the 字下げ counted at 1 em, no runt last line (tightened
 * first, else characters pushed down), hanging 。、. See typeset_break.h. */
#include "typeset_break.h"

#include "typeset.h"

#include <string.h>

/* The keep-whole attributes of the first 'len' bytes of 'text', but for
 * the ranges in 'drop' (see typeset_keep_units). */
void typeset_keep_attrs_add_except(const char *text, int len, PangoAttrList *attrs, const GArray *drop)
{
    GArray *units = typeset_keep_units(text, len, drop);
    typeset_add_units(attrs, units, drop);
    g_array_unref(units);
}

/* 字下げ: a full-width space that starts a paragraph is 1 em (JLReq
 * 3.1, the paragraph indent); BIZ UDPGothic draws it 0.667 em. The letter
 * spacing that makes up the difference lets Pango break the line with the
 * full em counted; typeset_compose sets it. 'starts' says whether the text
 * starts a paragraph. */
void typeset_jisage_attrs_add(PangoLayout *pl, const char *text, int len, bool starts, PangoAttrList *attrs,
                              double size_pt)
{
    int nat = -1;
    for (int i = 0; i + 3 <= len; i++) {
        if (!(i == 0 ? starts : text[i - 1] == '\n') || memcmp(text + i, "\xE3\x80\x80", 3) != 0)
            continue;
        if (nat < 0) {
            PangoLayout *one = pango_layout_new(pango_layout_get_context(pl));
            pango_layout_set_font_description(one, pango_layout_get_font_description(pl));
            pango_layout_set_text(one, "\xE3\x80\x80", 3);
            PangoRectangle r;
            pango_layout_get_extents(one, NULL, &r);
            nat = r.width;
            g_object_unref(one);
        }
        int em = (int)(size_pt * PANGO_SCALE + 0.5);
        if (nat <= 0 || nat >= em)
            return;
        PangoAttribute *a = pango_attr_letter_spacing_new(em - nat);
        a->start_index = (guint)i;
        a->end_index = (guint)i + 3;
        pango_attr_list_insert(attrs, a);
    }
}

/* The kept ranges (or pieces of dropped ones) of 'pl' that are wider than
 * 'width_pt' or not on one line, appended to 'drop'; how many. */
int typeset_too_wide_find(PangoLayout *pl, const char *text, int len, double width_pt, double size_pt, GArray *drop)
{
    GArray *units = typeset_keep_units(text, len, drop);
    int found = 0;
    for (guint k = 0; k < units->len; k++) {
        typeset_range r = g_array_index(units, typeset_range, k);
        /* No character is 2 em wide: a short range fits (and asking Pango
         * where it is costs a walk over the text). */
        if (g_utf8_strlen(text + r.start, r.end - r.start) * 2 * size_pt <= width_pt)
            continue;
        int last = (int)(g_utf8_find_prev_char(text, text + r.end) - text);
        int l0, l1, x0, x1;
        pango_layout_index_to_line_x(pl, r.start, FALSE, &l0, &x0);
        pango_layout_index_to_line_x(pl, last, TRUE, &l1, &x1);
        if (l0 != l1 || (double)(x1 - x0) / PANGO_SCALE > width_pt + 0.5) {
            g_array_append_val(drop, r);
            found++;
        }
    }
    g_array_unref(units);
    return found;
}

/* Characters that count in a last line (JLReq: punctuation does not). */
static bool counts(gunichar c)
{
    return !typeset_is_punct(c) && !g_unichar_isspace(c) && !(c < 0x80 && g_ascii_ispunct((char)c)) &&
           c != 0x3000;
}

#define RUNT_MIN 3

/* Tightening first (JLReq 3.8: shrink before pushing a character down):
 * when the 和欧間 of line 'prev' at 1/8 em would make room for what line
 * 'line' holds (up to 'e'), attributes that reserve only that much for
 * them in both lines, so that Pango can take the runt back up;
 * typeset_compose then sets those 和欧間 as wide as the line allows. */
static void add_tight(PangoLayout *pl, const char *text, PangoLayoutLine *prev, PangoLayoutLine *line,
                      const char *e, const typeset_params *tp, PangoAttrList **tight)
{
    int wa = typeset_wa_units(tp), least = (int)(tp->em * PANGO_SCALE / 8);
    if (wa <= least)
        return;
    int n = 0;
    gunichar pc = 0;
    const char *from = text + prev->start_index;
    for (const char *p = from; p < e; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char(p);
        n += p < text + line->start_index &&
             ((typeset_is_japanese(pc) && typeset_is_latin(ch)) || (typeset_is_latin(pc) && typeset_is_japanese(ch)));
        pc = ch;
    }
    PangoRectangle pe, le;
    pango_layout_line_get_extents(prev, NULL, &pe);
    pango_layout_line_get_extents(line, NULL, &le);
    int room = pango_layout_get_width(pl) - pe.width + n * (wa - least);
    if (n == 0 || le.width > room)
        return;
    if (!*tight)
        *tight = pango_attr_list_new();
    pc = 0;
    for (const char *p = from; p < e;) {
        const char *q = g_utf8_next_char(p);
        gunichar ch = g_utf8_get_char(p), nc = q < e ? g_utf8_get_char(q) : 0;
        if (typeset_is_japanese(ch)) {
            int k = ((typeset_is_latin(pc)) ? 1 : 0) + ((typeset_is_latin(nc)) ? 1 : 0);
            if (k) {
                PangoAttribute *a = pango_attr_letter_spacing_new(k * least + (int)((p - text) & 1));
                a->start_index = (guint)(p - text);
                a->end_index = (guint)(q - text);
                pango_attr_list_insert(*tight, a);
            }
        }
        pc = ch;
        p = q;
    }
}

/* The attributes that push characters down to every last line of a
 * paragraph of 'pl' that holds fewer than RUNT_MIN characters (and
 * follows a broken line): no break inside the paragraph's last RUNT_MIN
 * characters. 'text_ends' says whether the layout's text ends a paragraph.
 * NULL when there is no such line. */
PangoAttrList *typeset_runt_attrs(PangoLayout *pl, bool text_ends, const typeset_params *tp, PangoAttrList **tight)
{
    const char *text = pango_layout_get_text(pl);
    PangoAttrList *out = NULL;
    GSList *lines = pango_layout_get_lines_readonly(pl);
    PangoLayoutLine *prev = NULL;
    for (GSList *l = lines; l; prev = l->data, l = l->next) {
        PangoLayoutLine *line = l->data;
        PangoLayoutLine *next = l->next ? l->next->data : NULL;
        if (line->is_paragraph_start || (next && !next->is_paragraph_start) || (!next && !text_ends))
            continue;
        int n = 0;
        const char *e = text + line->start_index + line->length;
        while (e > text + line->start_index && e[-1] == '\n')
            e--;
        for (const char *p = text + line->start_index; p < e; p = g_utf8_next_char(p))
            n += counts(g_utf8_get_char(p));
        if (n >= RUNT_MIN || n == 0)
            continue;
        /* The start of the paragraph's RUNT_MIN-th last counted character. */
        const char *s = e;
        for (int k = 0; k < RUNT_MIN && s > text;) {
            s = g_utf8_prev_char(s);
            if (*s == '\n') {
                s = g_utf8_next_char(s);
                break;
            }
            k += counts(g_utf8_get_char(s));
        }
        if (!out)
            out = pango_attr_list_new();
        PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
        a->start_index = (guint)(s - text);
        a->end_index = (guint)(e - text);
        pango_attr_list_insert(out, a);
        if (tight && prev)
            add_tight(pl, text, prev, line, e, tp, tight);
    }
    return out;
}

/* ぶら下げ: for every broken line of 'pl' whose next line starts with a
 * character and a 。 or 、 that Pango sent down together (the stop cannot
 * start a line) while the character alone would fit, an attribute that
 * lets the stop take no width there, so that both stay up and the stop
 * hangs past the line's end. Added to '*attrs' (made when NULL); how many. */
int typeset_hang_attrs(PangoLayout *pl, PangoAttrList **attrs)
{
    const char *text = pango_layout_get_text(pl);
    int width = pango_layout_get_width(pl);
    int found = 0;
    for (GSList *l = pango_layout_get_lines_readonly(pl); l && l->next; l = l->next) {
        PangoLayoutLine *line = l->data, *next = l->next->data;
        if (next->is_paragraph_start || !next->runs)
            continue;
        const char *p = text + next->start_index;
        gunichar x = g_utf8_get_char(p);
        const char *q = g_utf8_next_char(p);
        if (q >= text + next->start_index + next->length || !counts(x))
            continue;
        gunichar stop = g_utf8_get_char(q);
        if (stop != 0x3002 && stop != 0x3001 && stop != 0xFF0C && stop != 0xFF0E)
            continue;
        PangoRectangle ext, first;
        pango_layout_line_get_extents(line, NULL, &ext);
        int x_end, stop_end;
        pango_layout_line_index_to_x(next, (int)(q - text), FALSE, &x_end);
        pango_layout_line_index_to_x(next, (int)(q - text), TRUE, &stop_end);
        (void)first;
        int x_w = x_end; /* the character's advance: it starts the line */
        int stop_w = stop_end - x_end;
        if (ext.width + x_w > width || stop_w <= 0)
            continue;
        if (!*attrs)
            *attrs = pango_attr_list_new();
        typeset_add_hang_attr(*attrs, text, (int)(q - text), stop_w);
        found++;
    }
    return found;
}
