/* typeset: what Japanese typesetting needs beyond Pango's own line
 * breaking, as Pango attributes: ranges kept whole (dates, numbers with
 * units or counters, Latin words, URLs) and the dash and ellipsis pairs
 * (——, ……) that must not be split nor start a line. See JLReq and
 * ../shared/NOTES-stack.md. Pure functions of the text: no fonts. */
#ifndef TYPESET_H
#define TYPESET_H

#include <glib.h>
#include <pango/pango.h>

typedef struct typeset_range {
    int start; /* byte offset, inclusive */
    int end;   /* byte offset, exclusive */
} typeset_range;

/* The byte ranges of 'text' inside which no line break may fall, in
 * order, not overlapping. Caller frees with g_array_unref(). Ranges:
 *  - dates: 2024年2月7日（水）, 2024年2月7日, 2月7日, 2/7 (水), 2/7, 2024.01.01,
 *    2024-02-07, 2024/02/07, and a weekday in brackets right after a date;
 *  - numbers with what belongs to them: 572.99km², 198,697人, 9時間, 1日8時間
 *    (each number+unit whole), 第17弾, 約200名, 10:30, 50%, ¥1,000, 3日;
 *  - Latin words and URLs (runs of ASCII letters/digits and URL punctuation);
 *  - the pairs —— (U+2014 U+2014), ―― (U+2015 U+2015), …… and ‥‥. */
GArray *typeset_keep_ranges(const char *text);

/* The same for the first 'len' bytes of 'text' (len < 0: all of it), for
 * a part of a longer text. Linear in 'len'. */
GArray *typeset_keep_ranges_len(const char *text, int len);

/* Adds to 'attrs' the attributes that keep those ranges whole
 * (pango_attr_allow_breaks_new(FALSE), placed so that the break before and
 * after each range stays allowed). 'base' is added to every offset, for
 * text that starts at 'base' inside a longer layout text. */
void typeset_add_keep_attrs(const char *text, PangoAttrList *attrs, int base);

/* The same for the first 'len' bytes of 'text' (len < 0: all of it). */
void typeset_add_keep_attrs_len(const char *text, int len, PangoAttrList *attrs, int base);

/* The ranges of the first 'len' bytes of 'text' to keep whole when those
 * of 'drop' (ranges or pieces found too wide for their line; may be NULL)
 * are not: a dropped range is kept in pieces that end after / - . or ?
 * (where a URL may break), each piece unless it is in 'drop' too. In
 * order; caller unrefs. */
GArray *typeset_keep_units(const char *text, int len, const GArray *drop);

/* Adds to 'attrs' the attributes that keep 'units' whole, and no hyphen
 * inside the ranges of 'drop' (may be NULL). Offsets as they are. */
void typeset_add_units(PangoAttrList *attrs, const GArray *units, const GArray *drop);

#endif
