/* report: one report from trip file to PDF (the whole pipeline, used by
 * `render`, by each child of `batch`, and by `volume`). Options in, a
 * PDF (or a dump) and diagnostics out; never exits. */
#ifndef REPORT_H
#define REPORT_H

#include "doc.h"
#include "style.h"

#include <stdio.h>

/* Every option that changes what a report's output is, listed once: the
 * struct's fields, report_options_digest() (which batch stores to know
 * what to render again) and the test that changing any one of them changes
 * the digest are all made from this list, so an option added here cannot
 * be forgotten by batch. X(KIND, name, what): KIND is STR, BOOL, INT or
 * DOUBLE. */
#define REPORT_OUTPUT_OPTIONS(X)                                                                                   \
    X(STR, layout, "--layout NAME|PATH, or NULL for the trip's own")                                            \
    X(BOOL, draft, "placeholders for unusable photos")                                                           \
    X(BOOL, now, "date the PDF now instead of from the trip")                                                     \
    X(INT, image_dpi, "> 0: downsample photos above it")                                                         \
    X(INT, jpeg_quality, "for those; 0: 85")                                                                     \
    X(INT, handout, "0, or 1, 2, 3, 4, 6 slides on each A4 portrait sheet")                                      \
    X(BOOL, grayscale, "colours in grey")                                                                        \
    X(BOOL, grayscale_photos, "photos in grey too")                                                              \
    X(STR, png_dir, "non-NULL: PNG previews there instead of a PDF")                                             \
    X(DOUBLE, png_dpi, "their resolution (default 96)")                                                          \
    X(INT, first_page, "previews: the first page (1-based; 0 = all)")                                            \
    X(INT, last_page, "previews: the last page (0 = to the end)")

#define REPORT_OPTION_TYPE_STR const char *
#define REPORT_OPTION_TYPE_BOOL bool
#define REPORT_OPTION_TYPE_INT int
#define REPORT_OPTION_TYPE_DOUBLE double

typedef struct report_options {
#define REPORT_OPTION_FIELD(kind, name, what) REPORT_OPTION_TYPE_##kind name;
    REPORT_OUTPUT_OPTIONS(REPORT_OPTION_FIELD)
#undef REPORT_OPTION_FIELD
    FILE *dump; /* non-NULL: print the boxes there instead of writing a PDF (no file is written) */
} report_options;

/* Every output option of 'o' and its value, as one string ("layout=print;
 * draft=0;…"), for batch's record of what a PDF was made with. Caller
 * frees. */
char *report_options_digest(const report_options *o);

/* The pdf_options for 'o' and a report 'dc' (creator, date, handout
 * footer). The strings are owned by '*keep' (free with g_strfreev). */
struct pdf_options;
void report_pdf_options(const report_options *o, const doc *dc, gint64 epoch, struct pdf_options *out, char ***keep);

/* The report's name: "017-matsue" for …/017-matsue/trip.txt, else the
 * file's name less its extension. Caller frees. */
char *report_name(const char *trip);

/* Reads, parses and checks 'trip' ('flags': BUILD_*). NULL when it could
 * not be read at all; otherwise a doc (look at d->errors). Caller frees. */
doc *report_load(const char *trip, diag_list *d, unsigned flags);

/* The page design of 'dc': 'option' wins over the trip's `layout:` (which
 * is relative to the trip's folder). NULL after an error. Caller frees. */
style *report_style(const doc *dc, const char *option, diag_list *d);

/* Seconds since 1970 for the PDF's dates: SOURCE_DATE_EPOCH, else the
 * trip's date (or the period's last day) at 00:00 in Japan. */
gint64 report_epoch(const doc *dc);

/* Renders 'trip' to 'output' ("-" = standard output). False with the
 * reasons in 'd'. '*pages' (may be NULL) gets the page count. An existing
 * file at 'output' is replaced only by a complete new one. */
bool report_render(const char *trip, const char *output, const report_options *o, diag_list *d, int *pages);

#endif
