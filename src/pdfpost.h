/* pdfpost: amends a PDF that cairo 1.16 wrote, by an incremental update
 * (ISO 32000-1 §7.5.6): /Lang in the catalog, /Alt on the Figure structure
 * elements and "D:" dates in the Info dictionary, which cairo cannot write,
 * and PNGs' own compressed data in place of the placeholder images cairo
 * drew for them (cairo 1.16 has no PNG mime type to pass them through),
 * and resource dictionaries with each key once (cairo names an image drawn
 * twice on a page twice). The parts: pdfread (the reader), pdfamend (the
 * amendments), pdfsplice (the PNGs), pdfresources (the repeated keys),
 * pdfupdate (the writer); this file runs them into one update. */
#ifndef PDFPOST_H
#define PDFPOST_H

#include "pdferror.h"
#include "pdfsplice.h"

#include <glib.h>
#include <stdbool.h>

/* A PNG or JPEG whose compressed data goes into the PDF unchanged, in place
 * of its placeholder image (pdfsplice.h says how). image_cache_splices()
 * (image_cache.h) makes these. */
typedef pdfsplice_image pdfpost_image;

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
    const pdfpost_image *images;    /* PNGs and JPEGs to put in place of their placeholders; NULL when
                                       n_images is 0 */
    int n_images;
} pdfpost_info;

/* The errors: PDFPOST_ERROR and pdfpost_error, in pdferror.h. */

/* Appends an incremental update to the PDF open read/write on 'fd' (as
 * cairo 1.16 wrote it, or as an earlier call left it): new versions of the
 * catalog, of the Figure elements, of the Info dictionary and of every
 * resource dictionary with a key twice (pdfresources.h), each a copy of
 * the old dictionary text with only the changed keys added or replaced, and
 * of each image's placeholder (a new dictionary, and the PNG's IDAT data or
 * the JPEG's bytes streamed from its file in 64 KB pieces), then an xref
 * section for exactly those objects and a trailer with /Prev (and the old
 * /ID, if any). Reads
 * only what it needs (header, tail, xref sections, the objects it looks at;
 * with 'images', the first bytes of every object in use, to find the
 * placeholders) with pread, each object no further than where the next one
 * starts: memory stays within a small multiple of the file's size, with no
 * fixed cap on an object. Writes with pwrite at the end of the file; the
 * file offset of 'fd' is not used. Deterministic: the same input gives the
 * same bytes. Writes nothing when nothing would change.
 * Returns false with 'err' set (a message for the user, without the path,
 * e.g. "is not a PDF (it does not start with '%PDF-')") if the file is not a
 * PDF it understands, the number of Figure elements differs from
 * 'n_figure_alts', a placeholder is not in the PDF exactly once (a
 * placeholder is never left in a PDF), or a PNG's chunks (types, lengths,
 * CRCs) are not what 'images' says; these are found before anything is
 * written. If writing fails (PDFPOST_ERROR_WRITE), or a PNG or photo
 * changes while it is copied, the file is truncated back to its old
 * length. */
bool pdfpost_amend(int fd, const pdfpost_info *info, GError **err);

/* The same changes, with the PDF written whole and compact to 'out' (an
 * empty file open for writing; never 'in'): what pdfpack.h says. The PDF
 * on 'in' (as cairo 1.16 wrote it, open for reading) is left as it is.
 * Errors as pdfpost_amend() gives them; what was written to 'out' is
 * then the caller's to drop. This is how a report is written; the
 * incremental form is kept for files amended in place. */
bool pdfpost_pack(int in, int out, const pdfpost_info *info, GError **err);

#endif
