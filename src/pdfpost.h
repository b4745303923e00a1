/* pdfpost: amends a PDF that cairo 1.16 wrote, by an incremental update
 * (ISO 32000-1 §7.5.6): /Lang in the catalog, /Alt on the Figure structure
 * elements and "D:" dates in the Info dictionary, which cairo cannot write. */
#ifndef PDFPOST_H
#define PDFPOST_H

#include <glib.h>
#include <stdbool.h>

/* What to change. Every pointer is borrowed for the duration of the call. */
typedef struct pdfpost_info {
    const char *lang;               /* e.g. "ja", written as /Lang (ja); NULL: leave the catalog alone */
    const char *const *figure_alts; /* /Alt for each /Figure structure element, in the order of the
                                       structure tree (depth-first, document order); UTF-8. A NULL
                                       entry leaves that Figure alone; NULL when n_figure_alts <= 0 */
    int n_figure_alts;              /* must equal the number of Figure elements (0 for an untagged
                                       PDF); negative: leave every Figure alone and don't count them */
    bool fix_dates;                 /* give Info /CreationDate and /ModDate the "D:" prefix cairo
                                       leaves off (entries already prefixed are kept) */
    const char *mod_date;           /* optional: /ModDate, a PDF date already in "D:..." form */
} pdfpost_info;

#define PDFPOST_ERROR pdfpost_error_quark()
GQuark pdfpost_error_quark(void);

typedef enum {
    PDFPOST_ERROR_NONE,   /* not used: 0 means no error */
    PDFPOST_ERROR_IO,     /* the file could not be read or written */
    PDFPOST_ERROR_FORMAT, /* not a PDF, a damaged one, or a kind cairo 1.16 does not write */
    PDFPOST_ERROR_COUNT,  /* the Figure elements and 'n_figure_alts' differ in number */
    PDFPOST_ERROR_TEXT,   /* a text in 'info' is not valid UTF-8 */
} pdfpost_error;

/* Appends an incremental update to the PDF open read/write on 'fd' (as
 * cairo 1.16 wrote it, or as an earlier call left it): new versions of the
 * catalog, of the Figure elements and of the Info dictionary, each a copy of
 * the old dictionary text with only the changed keys added or replaced, then
 * an xref section for exactly those objects and a trailer with /Prev (and
 * the old /ID, if any). Reads only what it needs (header, tail, xref
 * entries, the objects it looks at) with pread, in bounded memory, and
 * writes with pwrite at the end of the file; the file offset of 'fd' is not
 * used. Deterministic: the same input gives the same bytes. Writes nothing
 * when nothing would change.
 * Returns false with 'err' set (a message for the user, without the path,
 * e.g. "is not a PDF (it does not start with '%PDF-')") if the file is not a
 * PDF it understands, or the number of Figure elements differs from
 * 'n_figure_alts'; these are found before anything is written. If writing
 * fails, the file is truncated back to its old length. */
bool pdfpost_amend(int fd, const pdfpost_info *info, GError **err);

#endif
