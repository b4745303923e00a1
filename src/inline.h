/* inline: the character-level syntax inside values: `**bold**`, ruby
 * `{宍道湖|しんじこ}` (also with ｛｜｝), the escapes `\*` `\|` `\｜` `\:`
 * `\：` `\[` `\［` `\{` `\}` `\｛` `\｝` `\\` and `\u{B2}` (a character by
 * its Unicode code), and table cells split on `|` or `｜`. */
#ifndef INLINE_H
#define INLINE_H

#include "doc.h"

/* Parses 'src' (one value; "\n" is a kept line break) starting at 'loc'
 * into a doc_text owned by 'd'. An unclosed `**` stays literal and adds a
 * warning to 'diags'. `{base|reading}` puts the base in the text with a
 * DOC_SPAN_RUBY span over it; a ruby that is not well formed (unclosed on
 * its line, no `|`, no base, no reading, a `{` or second `|` inside) is an
 * error at its brace and stays literal. 'diags' may be NULL. */
doc_text *inline_parse(doc *d, const char *src, diag_loc loc, diag_list *diags);

/* Resolves the escapes of 'src' (metadata values: no bold, and a ruby
 * gives its base text alone). Caller frees. */
char *inline_plain(const char *src);

/* Splits 'src' on unescaped `|` and `｜` (not the one inside a ruby) into
 * trimmed cells. The escapes stay in the cells for inline_parse(). 'locs'
 * (may be NULL) receives a diag_loc per cell, computed from 'loc'
 * (single-line values). Returns a NULL-terminated array; caller frees with
 * g_strfreev() (and 'locs' with g_free()). */
char **inline_split_cells(const char *src, diag_loc loc, diag_loc **locs);

#endif
