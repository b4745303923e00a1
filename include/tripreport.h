/* tripreport.h: libtripreport, the public interface. Turns a trip file
 * (docs/trip-format.md) into the report's PDF — A4 landscape slides,
 * Japanese typeset with Pango, written by cairo — or PNG previews, handout
 * sheets, a text dump of the laid-out boxes, a batch of reports, or a bound
 * volume of the series.
 *
 * Shape: opaque handles made by _new/_load functions and released by _free (NULL
 * is fine for every _free); problems in the input are diagnostics *as
 * data* (file, line, column, severity, message), collected in a
 * tripreport_diagnostics list, all of them at once; an operation that
 * fails also sets a GError saying in one sentence why (GLib's usual
 * convention: a function returning false or NULL sets '*error' if 'error'
 * is not NULL). Every returned pointer says who frees it. Only GLib types
 * appear here; Pango and cairo stay inside.
 *
 * Build a program against it with
 *   cc prog.c $(pkg-config --cflags --libs tripreport)
 */
#ifndef TRIPREPORT_H
#define TRIPREPORT_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

G_BEGIN_DECLS

#define TRIPREPORT_VERSION_MAJOR 0
#define TRIPREPORT_VERSION_MINOR 2
#define TRIPREPORT_VERSION_MICRO 0

/* The library's version, "0.2.0". Static. */
const char *tripreport_version(void);

#define TRIPREPORT_ERROR tripreport_error_quark()
GQuark tripreport_error_quark(void);

typedef enum {
    TRIPREPORT_ERROR_NONE,
    TRIPREPORT_ERROR_INPUT,  /* the trip (or a file it names) has errors: see the diagnostics */
    TRIPREPORT_ERROR_OUTPUT, /* the output could not be written, or would have harmed a file */
    TRIPREPORT_ERROR_FONTS,  /* fontconfig could not be set up, or a face of the design is missing */
} tripreport_error;

/*** Diagnostics ***/

typedef enum {
    TRIPREPORT_SEVERITY_NONE,
    TRIPREPORT_SEVERITY_WARNING, /* the output is made anyway */
    TRIPREPORT_SEVERITY_ERROR,   /* no output */
    TRIPREPORT_SEVERITY_NOTE,    /* something the program did that may surprise (a folder made) */
} tripreport_severity;

/* One message. Every string is borrowed from the list it came from and
 * valid until that list is freed. */
typedef struct tripreport_diagnostic {
    tripreport_severity severity;
    const char *file; /* the file it is about, as named to the program; NULL: the program itself */
    int line;         /* 1-based; 0: the whole file */
    int column;       /* 1-based, in characters (code points); 0: the whole line */
    const char *message; /* one sentence: what is wrong and what to do */
} tripreport_diagnostic;

typedef struct tripreport_diagnostics tripreport_diagnostics;

tripreport_diagnostics *tripreport_diagnostics_new(void);
void tripreport_diagnostics_free(tripreport_diagnostics *d);

/* How many messages, errors, warnings the list holds. */
guint tripreport_diagnostics_count(const tripreport_diagnostics *d);
int tripreport_diagnostics_errors(const tripreport_diagnostics *d);
int tripreport_diagnostics_warnings(const tripreport_diagnostics *d);

/* Message 'i' (0-based, in the order found: file order within a file) into
 * '*out' (strings borrowed from 'd'). False if 'i' is out of range. */
bool tripreport_diagnostics_get(const tripreport_diagnostics *d, guint i, tripreport_diagnostic *out);

/* One message as a compiler prints it: "trip.txt:14:1: error: unknown key
 * 'colums' (did you mean 'columns'?)". Caller frees with g_free(). */
char *tripreport_diagnostic_format(const tripreport_diagnostic *m);

/* Prints the messages, one a line, at most 'cap' of them (0: all), then a
 * line saying how many were left out. */
void tripreport_diagnostics_print(const tripreport_diagnostics *d, FILE *out, int cap);

/* Adds a message of the caller's own (a program's usage notes, say).
 * 'file' may be NULL. */
void tripreport_diagnostics_add(tripreport_diagnostics *d, tripreport_severity severity, const char *file, int line,
                                int column, const char *message);

/*** Options ***/

/* Every option that changes what a report's output is, listed once:
 * tripreport_options' fields and tripreport_options_digest() are made from
 * this list, so that a batch can never forget an option when it decides
 * what to render again. X(KIND, name, what): KIND is STR, BOOL, INT or
 * DOUBLE. */
#define TRIPREPORT_OUTPUT_OPTIONS(X)                                                                               \
    X(STR, layout, "page design: a name in layouts/ (default, print) or a path; NULL: the trip's own")          \
    X(BOOL, draft, "an unusable photo, or text too long for its place, is a warning, not an error")             \
    X(BOOL, no_verify_photos, "do not read each JPEG's picture data through to find damage (check always does)") \
    X(BOOL, now, "date the PDF now instead of from the trip (or SOURCE_DATE_EPOCH)")                            \
    X(INT, image_dpi, "> 0: downsample photos sharper than this at their size on the page")                     \
    X(INT, jpeg_quality, "quality of re-encoded photos, 1-100")                                                 \
    X(INT, handout, "0: slides; 1, 2, 3, 4 or 6: that many slides on each A4 portrait sheet")                   \
    X(BOOL, grayscale, "text, fills and rules in grey")                                                         \
    X(BOOL, grayscale_photos, "photos in grey too")                                                             \
    X(BOOL, keep_photo_metadata, "JPEGs keep their metadata (EXIF, XMP…) in the PDF; false: removed")          \
    X(STR, png_dir, "for tripreport_render_png(): the folder of the previews")                                   \
    X(DOUBLE, png_dpi, "the previews' resolution")                                                              \
    X(INT, first_page, "previews: the first page or sheet (1-based; 0: from the first)")                        \
    X(INT, last_page, "previews: the last page or sheet (0: to the end)")

#define TRIPREPORT_OPTION_TYPE_STR const char *
#define TRIPREPORT_OPTION_TYPE_BOOL bool
#define TRIPREPORT_OPTION_TYPE_INT int
#define TRIPREPORT_OPTION_TYPE_DOUBLE double

/* Strings are borrowed: they must outlive every call the options go to. */
typedef struct tripreport_options {
#define TRIPREPORT_OPTION_FIELD(kind, name, what) TRIPREPORT_OPTION_TYPE_##kind name;
    TRIPREPORT_OUTPUT_OPTIONS(TRIPREPORT_OPTION_FIELD)
#undef TRIPREPORT_OPTION_FIELD
} tripreport_options;

/* The defaults: the trip's own design, photos passed through, slides,
 * previews at 96 dpi, JPEG quality 85. */
void tripreport_options_init(tripreport_options *o);

/* Every option of 'o' with its value, as one string; equal strings mean
 * equal output (for the same inputs). Caller frees with g_free(). */
char *tripreport_options_digest(const tripreport_options *o);

/*** One report ***/

/* A trip file read and checked, with its page design and fonts. */
typedef struct tripreport_report tripreport_report;

/* Reads and checks the trip file 'trip' (its photos, its page design: the
 * option's, else the trip's `layout:`, else "default"; the design's fonts).
 * Messages go to 'diags'. NULL (and TRIPREPORT_ERROR_INPUT or _FONTS in
 * '*error') when it has errors. Caller frees. */
tripreport_report *tripreport_report_load(const char *trip, const tripreport_options *o,
                                          tripreport_diagnostics *diags, GError **error);
void tripreport_report_free(tripreport_report *r);

/* The report's name: "017-matsue" for …/017-matsue/trip.txt, else the
 * file's name less its extension. Caller frees. */
char *tripreport_report_name(const char *trip);

/* The report's pages, laid out. Borrows 'r', which must outlive it. */
typedef struct tripreport_layout tripreport_layout;

/* Lays out the pages of 'r' (messages to 'diags': text that cannot be
 * shown, characters no font has). NULL after an error. Caller frees. */
tripreport_layout *tripreport_layout_new(tripreport_report *r, tripreport_diagnostics *diags, GError **error);
void tripreport_layout_free(tripreport_layout *l);

/* How many pages (slides). */
guint tripreport_layout_page_count(const tripreport_layout *l);

/* Writes the PDF (slides, or handout sheets with the option 'handout') to
 * 'path' ("-" for standard output). The file appears whole or not at all;
 * 'path' may not be an input of the report, a folder, a device or a
 * symbolic link, and its folder must exist. */
bool tripreport_render_pdf(const tripreport_layout *l, const char *path, tripreport_diagnostics *diags,
                           GError **error);

/* The same PDF, made in memory (nothing is written to disk). Caller
 * unrefs. */
GBytes *tripreport_render_pdf_data(const tripreport_layout *l, tripreport_diagnostics *diags, GError **error);

/* Writes PNG previews of the pages (or sheets) in the options' range into
 * the options' png_dir as NAME-01.png, NAME-02.png … (NAME from the trip
 * file: tripreport_report_name()); the folder must exist. '*written' (may
 * be NULL) gets how many. */
bool tripreport_render_png(const tripreport_layout *l, int *written, tripreport_diagnostics *diags, GError **error);

/* Prints every page and box as text, one line a box (positions in
 * points), for tests and for looking. */
void tripreport_render_dump(const tripreport_layout *l, FILE *out);

/* The simple interface: read 'trip', lay it out and write it to 'output'
 * with options 'o' (NULL: the defaults). Messages go to 'diags' (may be
 * NULL). '*pages' (may be NULL) gets the page count. A PDF larger than the
 * page design's pdf-size-limit gets a note with its size at --image-dpi
 * 150 (measured: that PDF is made in memory too). */
bool tripreport_render_file(const char *trip, const char *output, const tripreport_options *o,
                            tripreport_diagnostics *diags, int *pages, GError **error);

/*** The series ***/

/* The trip files of 'args' ('n' of them): a file is itself; a folder is
 * its own trip.txt, or every FOLDER/trip.txt one level below it, in name
 * order. What is left out, and why, goes to 'diags'. NULL-terminated;
 * caller frees with g_strfreev(). */
char **tripreport_find_reports(const char *const *args, int n, tripreport_diagnostics *diags);

typedef struct tripreport_batch_options {
    const char *outdir;        /* where the PDFs go; it must exist */
    int jobs;                  /* reports rendered at once (>= 1) */
    bool force;                /* render every report, also those whose inputs have not changed */
    tripreport_options report; /* for every report */
    FILE *progress;            /* progress and the summary (stderr) */
} tripreport_batch_options;

typedef struct tripreport_batch_result {
    int rendered, skipped, failed, not_started;
    int pages;            /* pages of the reports rendered */
    double seconds;
    bool interrupted;     /* stopped by SIGINT or SIGTERM */
    bool refused;         /* nothing done: another batch is writing into the output folder (said on 'progress') */
} tripreport_batch_result;

/* Renders 'trips', each in a process of its own, 'jobs' at once; a report
 * is rendered again only when something its PDF depends on changed (its
 * trip, photos, page design, fonts, options, the program). One bad report
 * never stops the others; an earlier PDF of a failed report is left as it
 * was. One batch at a time writes into a folder ('refused' otherwise);
 * each report is recorded as it ends, so a batch killed loses only the
 * reports it was making. */
tripreport_batch_result tripreport_batch_run(char **trips, const tripreport_batch_options *o);

typedef struct tripreport_volume_result {
    int reports;  /* reports the volume holds */
    int left_out; /* reports left out for their errors, each named in the diagnostics */
    int pages;    /* pages of the volume written, the contents included; 0 when none was written */
} tripreport_volume_result;

/* The series as one PDF at 'output': a contents page, then every report
 * in series order, pages numbered through. A report that cannot be made is
 * left out (and named); a series too large for one volume is refused.
 * '*result' (may be NULL) gets what the volume holds. */
bool tripreport_volume_render(char **trips, const char *output, const tripreport_options *o,
                              tripreport_diagnostics *diags, tripreport_volume_result *result, GError **error);

/*** Fonts and page designs ***/

/* The folder that holds layouts/ and fonts/ (the TRIPREPORT_DATA
 * environment variable, else the build tree the program runs from, else
 * the installed data folder). Static. */
const char *tripreport_data_dir(void);

/* For a program's main(), before anything is printed: sets the locale
 * from the environment (setlocale(LC_ALL, "")) and binds the message
 * catalogue of the text domain "tripreport", so that the diagnostics (and
 * the program's own dgettext("tripreport", ...) calls) are in the user's
 * language: Japanese with LANG=ja_JP.UTF-8 or LANGUAGE=ja, English
 * otherwise. A language whose locale is not installed still gets its
 * messages: the locale is then C.UTF-8, with LANGUAGE naming it. */
void tripreport_locale_init(void);

/* The folder holding LANG/LC_MESSAGES/tripreport.mo: the build tree's
 * out/locale beside the program, else PREFIX/share/locale for a program in
 * PREFIX/bin, else the installed one. Static. */
const char *tripreport_locale_dir(void);

/* Prints, for each text role of the page design 'layout' (a name or a
 * path; NULL: "default") — or of the trip 'trip' if not NULL — the face
 * and file its regular and bold weights resolve to. False after an error
 * (in 'diags'). */
bool tripreport_fonts_list(const char *trip, const char *layout, FILE *out, tripreport_diagnostics *diags,
                           GError **error);

/* Makes the output folder 'dir' when it is missing — only that folder:
 * its parent must exist, so a mistyped path makes nothing — with a note in
 * 'diags' when it was made. */
bool tripreport_output_folder(const char *dir, tripreport_diagnostics *diags, GError **error);

G_END_DECLS

#endif
