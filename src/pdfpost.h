/* pdfpost: amends a PDF that cairo 1.16 wrote, by an incremental update
 * (ISO 32000-1 §7.5.6): /Lang in the catalog, /Alt on the Figure structure
 * elements and "D:" dates in the Info dictionary, which cairo cannot write,
 * and PNGs' own compressed data in place of the placeholder images cairo
 * drew for them (cairo 1.16 has no PNG mime type to pass them through). */
#ifndef PDFPOST_H
#define PDFPOST_H

#include <glib.h>
#include <stdbool.h>

/* A PNG whose compressed image data goes into the PDF unchanged: the image
 * XObject of its placeholder (the one image of exactly placeholder_w ×
 * placeholder_h pixels, drawn by image.c) gets a new version with /Filter
 * /FlateDecode, /DecodeParms << /Predictor 15 /Colors 'colours'
 * /BitsPerComponent 8 /Columns 'width' >> and the data of the PNG's IDAT
 * chunks as its stream. image_cache_pngs() (image.h) makes these. */
typedef struct pdfpost_png {
    int placeholder_w, placeholder_h; /* pixels of the placeholder: unique in the PDF */
    char *path;                       /* the PNG file (owned by whoever made the list) */
    int width, height;                /* the PNG's pixels */
    int colours;                      /* 3: RGB (colour type 2), 1: grey (colour type 0); 8 bits each,
                                         not interlaced */
    gint64 idat_offset;               /* file offset of its first IDAT chunk (the length field) */
    gint64 idat_bytes;                /* the data of its IDAT chunks, one run of 'idat_chunks', together */
    int idat_chunks;
    guint32 idat_crc;                 /* CRC-32 (zlib's crc32) of those 'idat_bytes' bytes */
} pdfpost_png;

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
    const pdfpost_png *pngs;        /* PNGs to put in place of their placeholders; NULL when n_pngs is 0 */
    int n_pngs;
} pdfpost_info;

#define PDFPOST_ERROR pdfpost_error_quark()
GQuark pdfpost_error_quark(void);

typedef enum {
    PDFPOST_ERROR_NONE,   /* not used: 0 means no error */
    PDFPOST_ERROR_IO,     /* the file could not be read or written */
    PDFPOST_ERROR_FORMAT, /* not a PDF, a damaged one, or a kind cairo 1.16 does not write */
    PDFPOST_ERROR_COUNT,  /* the Figure elements and 'n_figure_alts' differ in number */
    PDFPOST_ERROR_TEXT,   /* a text in 'info' is not valid UTF-8 */
    PDFPOST_ERROR_IMAGE,  /* a PNG's placeholder is missing or not unique, or the PNG file is not
                             (any more) what 'pngs' says */
} pdfpost_error;

/* Appends an incremental update to the PDF open read/write on 'fd' (as
 * cairo 1.16 wrote it, or as an earlier call left it): new versions of the
 * catalog, of the Figure elements and of the Info dictionary, each a copy of
 * the old dictionary text with only the changed keys added or replaced, and
 * of each PNG's placeholder image (a new dictionary, and the PNG's IDAT data
 * streamed from its file in 64 KB pieces), then an xref section for exactly
 * those objects and a trailer with /Prev (and the old /ID, if any). Reads
 * only what it needs (header, tail, xref entries, the objects it looks at;
 * with 'pngs', the first bytes of every object in use, to find the
 * placeholders) with pread, in bounded memory, and writes with pwrite at the
 * end of the file; the file offset of 'fd' is not used. Deterministic: the
 * same input gives the same bytes. Writes nothing when nothing would change.
 * Returns false with 'err' set (a message for the user, without the path,
 * e.g. "is not a PDF (it does not start with '%PDF-')") if the file is not a
 * PDF it understands, the number of Figure elements differs from
 * 'n_figure_alts', a PNG's placeholder is not in the PDF exactly once (a
 * placeholder is never left in a PDF), or a PNG's chunks (types, lengths,
 * CRCs) are not what 'pngs' says; these are found before anything is
 * written. If writing fails (or a PNG changes while it is copied), the file
 * is truncated back to its old length. */
bool pdfpost_amend(int fd, const pdfpost_info *info, GError **err);

#endif
