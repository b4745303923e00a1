/* report: one report from trip file to PDF (the whole pipeline, used by
 * `render`, by each child of `batch`, and by `volume`). Options in, a
 * PDF (or a dump) and diagnostics out; never exits. */
#ifndef REPORT_H
#define REPORT_H

#include "doc.h"
#include "style.h"
#include "tripreport.h"

#include <stdio.h>

/* The options of a report: every output option of the public list
 * (TRIPREPORT_OUTPUT_OPTIONS in tripreport.h, so that batch's digest and
 * the library's options can never differ), and where a dump goes. */
typedef struct report_options {
#define REPORT_OPTION_FIELD(kind, name, what) TRIPREPORT_OPTION_TYPE_##kind name;
    TRIPREPORT_OUTPUT_OPTIONS(REPORT_OPTION_FIELD)
#undef REPORT_OPTION_FIELD
    FILE *dump; /* non-NULL: print the boxes there instead of writing a PDF (no file is written) */
    bool size_note; /* a PDF over the design's pdf-size-limit gets a note (render, watch; not batch's children) */
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

/* The BUILD_* flags of a report made with 'o': every photo checked (its
 * picture data read through unless o->no_verify_photos), unusable ones a
 * warning with o->draft. */
unsigned report_build_flags(const report_options *o);

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

/* For tests: how many renders since the process started began the size
 * note's images of the photo pages before laying out the text (a photo's
 * first render: layout_early_images). */
int report_test_early_begun(void);

#endif
