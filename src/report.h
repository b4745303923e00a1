/* report: one report from trip file to PDF (the whole pipeline, used by
 * `render`, by each child of `batch`, and by `volume`). Options in, a
 * PDF (or a dump) and diagnostics out; never exits. */
#ifndef REPORT_H
#define REPORT_H

#include "doc.h"
#include "style.h"

#include <stdio.h>

typedef struct report_options {
    const char *layout;  /* --layout NAME|PATH, or NULL for the trip's own */
    bool draft;          /* placeholders for unusable photos */
    bool now;            /* date the PDF now instead of from the trip */
    int image_dpi;       /* > 0: downsample photos above it */
    int jpeg_quality;    /* for those; 0: 85 */
    FILE *dump;          /* non-NULL: print the boxes there instead of writing a PDF */
    int handout;         /* 0, or 1, 2, 3, 4, 6 slides on each A4 portrait sheet */
    bool grayscale;      /* colours in grey */
    bool grayscale_photos; /* photos in grey too */
    const char *png_dir; /* non-NULL: PNG previews there instead of a PDF */
    double png_dpi;      /* their resolution (default 96) */
    int first_page, last_page; /* previews: the range (1-based; 0 = all) */
} report_options;

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
