/* pdfsyntax: the PDF syntax the post-processor reads (ISO 32000-1 §7.2–7.3),
 * over bytes already in memory: white space and comments, unsigned numbers,
 * values skipped whole, dictionaries as positions of their keys and values,
 * and indirect references. Nothing here reads a file or allocates, but the
 * entry arrays the caller passes in. */
#ifndef PDFSYNTAX_H
#define PDFSYNTAX_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#define PDFSYNTAX_MAX_OBJ_NUM 8388607 /* ISO 32000-1 Annex C: the largest object number */
#define PDFSYNTAX_MAX_GEN 65535       /* the largest generation number */

/* The result of parsing from a buffer: PDFSYNTAX_MORE means the buffer
 * ended inside the value, so a longer read of the same place may succeed. */
enum { PDFSYNTAX_OK, PDFSYNTAX_BAD, PDFSYNTAX_MORE };

/* One "key value" pair of a dictionary: positions in the buffer it was
 * parsed from (the buffer stays the caller's). */
typedef struct pdfsyntax_entry {
    size_t k, k_end; /* the key, '/' included */
    size_t v, v_end; /* the value */
} pdfsyntax_entry;

/* True for the six white-space bytes of PDF (NUL included). */
bool pdfsyntax_is_ws(guint8 c);

/* Skips white space and comments in 'b' (of 'n' bytes) from *i. */
void pdfsyntax_skip_ws(const guint8 *b, size_t n, size_t *i);

/* Skips a run of digits from *i; PDFSYNTAX_MORE if it reaches 'n'. */
int pdfsyntax_skip_digits(const guint8 *b, size_t n, size_t *i);

/* Reads b[s, e), digits only, into *out if it is at most 'max'. */
bool pdfsyntax_parse_uint(const guint8 *b, size_t s, size_t e, gint64 max, gint64 *out);

/* Skips one value from *i (at its first byte): a dictionary, an array, a
 * string, a name, a number, a keyword, or an indirect reference "n g R".
 * 'depth' is the nesting it is found at (0 for an object's value); deeper
 * than 64 is PDFSYNTAX_BAD. *i is left after the value on PDFSYNTAX_OK. */
int pdfsyntax_skip_value(const guint8 *b, size_t n, size_t *i, int depth);

/* Parses the dictionary at *i ("<<") into 'out' (emptied first; an array
 * of pdfsyntax_entry) and leaves *i after its ">>". */
int pdfsyntax_dict_parse(const guint8 *b, size_t n, size_t *i, GArray *out);

/* The first entry of 'd' (parsed from 'b') whose key is 'key' (without
 * the '/'), or NULL. Borrowed from 'd'. */
const pdfsyntax_entry *pdfsyntax_dict_get(const GArray *d, const guint8 *b, const char *key);

/* True if the value b[s, e) is the name '/name'. */
bool pdfsyntax_value_is_name(const guint8 *b, size_t s, size_t e, const char *name);

/* Reads the value b[s, e) as an indirect reference "num gen R" (num at
 * least 1). */
bool pdfsyntax_value_ref(const guint8 *b, size_t s, size_t e, gint64 *num, gint64 *gen);

/* Reads the value b[s, e) as an unsigned integer that fits in an int. */
bool pdfsyntax_value_int(const guint8 *b, size_t s, size_t e, int *out);

/* Appends the bytes b[s, e) to 'out' with only the white space PDF needs:
 * comments go; a run of white space between two tokens goes where either
 * side is a delimiter and is one space where both are regular characters;
 * strings and hex strings are copied as they are. False, and 'out' as it
 * was, if a string in them is not closed (or a hex string holds what is
 * not a hex digit). */
bool pdfsyntax_compact(const guint8 *b, size_t s, size_t e, GString *out);

#endif
