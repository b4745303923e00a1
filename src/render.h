/* render: draws a layout. render_pdf.c writes the PDF (slides, or handout
 * sheets made by render_handout.c) through outfile.h, whole or not at all;
 * render_png.c writes PNG previews; render_boxes.c is the drawing of a
 * slide they share, render_tags.c the PDF's structure and links;
 * render_dump.c prints the boxes as text for tests. */
#ifndef RENDER_H
#define RENDER_H

#include "layout.h"

#include <cairo.h>
#include <stdio.h>

typedef struct pdf_options {
    const char *creator;   /* "tripreport 0.1.0" */
    gint64 epoch;          /* creation date as seconds since 1970 (UTC); < 0: now */
    int image_dpi;         /* > 0: downsample photos above this resolution at their placed size */
    int jpeg_quality;      /* for those re-encoded photos; 0: 85 */
    bool grayscale;        /* text, fills and rules in grey */
    bool grayscale_photos; /* photos in grey too */
    bool keep_photo_metadata; /* JPEGs with their EXIF, XMP… (else only their image and colour segments);
                                 also when style->photos.keep_metadata */
    int handout;           /* 0: the slides; 1, 2, 3, 4 or 6: that many slides on each A4 portrait sheet */
    const char *sheet_footer; /* handouts: left of the sheet footer ("旅する公務員 第17弾") */
    const char *sheet_date;   /* handouts: right of the sheet footer */
    const style *style;       /* handouts: the page design (footer face, size, colours); borrowed */
    fonts *fonts;             /* handouts: the program's fonts the footer is set in; borrowed */
    struct image_estimate *estimate; /* non-NULL: records the images drawn (image_estimate.h); borrowed */
    bool (*before_commit)(void *data); /* non-NULL: asked once the PDF is written, before it is put in
                                          place (pdf_render_parts); false: it is not, the file is left as
                                          it was, and the function has said why */
    void *before_commit_data;
} pdf_options;

/* The document's metadata (owned strings). */
typedef struct pdf_meta {
    char *title, *author, *subject, *keywords;
} pdf_meta;

/* Title, author, subject and keywords made from a report's metadata.
 * Caller frees with pdf_meta_free(). */
pdf_meta *pdf_meta_of_doc(const doc *dc);
void pdf_meta_free(pdf_meta *m); /* NULL is fine */

/* One report (or the contents page) of a volume. */
typedef struct pdf_part {
    const layout *l;
    const doc *dc;
    const char *bookmark; /* a top-level bookmark holding the part's own, or NULL */
} pdf_part;

/* Writes 'nparts' parts one after the other as one PDF (see pdf_render).
 * Pages must already be numbered across the parts (layout_number). */
bool pdf_render_parts(const pdf_part *parts, int nparts, const pdf_meta *meta, const pdf_options *o,
                      const char *path, diag_list *diags);

/* Writes the pages (or handout sheets, o->handout) first..last (1-based;
 * last 0 = to the end) of the parts as PNG files DIR/NAME-01.png … at
 * 'dpi', photos decoded for real, each file whole or not at all (outfile.h).
 * '*written' (may be NULL) gets how many. False with errors in 'diags'. */
bool png_render_parts(const pdf_part *parts, int nparts, const pdf_options *o, const char *dir, const char *name,
                      double dpi, int first, int last, diag_list *diags, int *written);

/* Writes 'l' as a PDF to 'path' ("-" = standard output), through
 * outfile.h: the file appears whole or not at all, an existing file at
 * 'path' is replaced only after the new one is complete and flushed, and
 * 'path' may not be an input of the run. False with an error in 'diags'
 * on failure. */
bool pdf_render(const layout *l, const doc *dc, const pdf_options *o, const char *path, diag_list *diags);

/* The same PDF as pdf_render writes, made in memory (nothing on disk).
 * NULL with an error in 'diags' on failure. Caller unrefs. */
GBytes *pdf_render_to_memory(const layout *l, const doc *dc, const pdf_options *o, diag_list *diags);

/* For the tests: 'deflates' true has cairo deflate its streams at zlib's
 * own level while it writes a PDF, as it does without this file's
 * deflateInit_ (false, the default: stored, pdfpack deflates them).
 * Returns how many streams cairo has begun stored on this thread so far. */
unsigned pdf_test_cairo_deflates(bool deflates);

/* Appends to 'out' (of PangoLayout*, borrowed from 'l') the layout of
 * every text box of 'l' and of its readings (ruby): the texts its PDF
 * draws. */
void pdf_text_layouts(const layout *l, GPtrArray *out);

/* Draws the lines of text box 'b' that its page shows, at its position,
 * in the current source colour: a paragraph split across pages draws the
 * same way in every renderer. */
void box_show_text(cairo_t *cr, const box *b);

/* Prints every page and box of 'l' as text, one line a box, numbers in
 * points with two decimals. */
void dump_render(const layout *l, FILE *out);

#endif
