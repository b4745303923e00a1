/* e2e: what every end-to-end test file shares: running the program and
 * the tools (poppler-utils, qpdf), temporary folders, the sample rendered
 * once, page text and pixels. The program is $TRIPREPORT_BIN, default
 * out/tripreport; the tests run from the project's top folder. */
#ifndef E2E_H
#define E2E_H

#include <glib.h>
#include <glib/gstdio.h>
#include <cairo.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <stdbool.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

extern const char *bin;            /* the program under test */
extern GPtrArray *test_data;       /* strings the registered tests point at */

typedef struct result {
    int status; /* exit status, or -1 if killed */
    char *out;
    char *err;
} result;

/* A rendered page as RGB pixels (pdftoppm at 72 dpi: one pixel a point). */
typedef struct pixmap {
    int w, h;
    guchar *rgb;
} pixmap;

void result_clear(result *r);
/* Runs argv (NULL-terminated) in 'cwd' (NULL = here), waits, captures. */
result run_in(const char *cwd, const char *const *argv);
#define RUN(...) run_in(NULL, (const char *const[]){ __VA_ARGS__, NULL })
/* Runs argv with environment variable 'name' set to 'value' (NULL: unset). */
result run_env(const char *name, const char *value, const char *const *argv);
char *tmpdir(void);
void rm_rf(const char *path);
/* Removes all white space, for comparing extracted text. */
char *squeeze(const char *s);
char *pdftotext(const char *pdf);
char *abs_path(const char *p);
extern char *sample_pdf;
const char *render_sample(void);
/* Text of page 'n' without the footer and the page number, so that a
 * paragraph split over two pages reads on. */
char *page_body(const char *pdf, int n);
int pdf_pages(const char *pdf);
pixmap render_page(const char *pdf, int page, const char *dir);
void pixel(const pixmap *pm, double x, double y, int *r, int *g, int *b);
char *file_bytes(const char *path, gsize *len);
JsonNode *qpdf_json(const char *pdf);
/* Two independent readers take 'pdf' without a word of complaint, or the
 * test fails with what they said: qpdf --check (exit 0, no warning) and
 * mutool (MuPDF) drawing every page at 9 dpi, photos decoded (exit 0,
 * nothing on stderr). Both run at once. For every PDF a test writes.
 * Nothing is run when $TRIPREPORT_E2E_READERS_DONE is set (the ASan pass
 * of tests/run.sh: the same PDFs, judged in the plain pass). */
void assert_pdf_sound(const char *pdf);
/* 'err' (a render's standard error) holds nothing but render's closing
 * line for 'pdf': "PDF: N pages, SIZE". */
void assert_only_summary(const char *err, const char *pdf);
const char *json_str(JsonObject *o, const char *key);
/* No temporary file is left in 'dir', and 'pdf' still holds 'old'. */
void assert_untouched(const char *dir, const char *pdf, const char *old);
/* A folder of reports: three good ones (two share a photo), one with a
 * misspelt key, one whose photo is missing. */
char *make_series(void);
char *out_of(const char *dir);
/* Every piece of the seed's text (whole lines, or with 'words' each word)
 * is in 'text'. */
void assert_seed_in(const char *text, bool words);
/* Whether the golden trip 'txt' asks to be rendered as a draft: a line
 * "# golden-options: --draft" (text cut to fit is then a warning, not an
 * error). */
bool golden_is_draft(const char *txt);
/* Registers one test 'prefix'/NAME for each 'dir'/NAME.txt, in name order,
 * running 'fn' with the file's path. */
void add_glob(const char *dir, const char *prefix, GTestDataFunc fn);

/* Each test file registers its tests with E2E_TESTS(name, order): the
 * files' registrations run in 'order', then in name order, so a new file
 * needs no change anywhere else. */
typedef void (*e2e_register_fn)(void);
void e2e_register(const char *name, int order, e2e_register_fn fn);
#define E2E_TESTS(name, order)                                                  \
    static void name(void);                                                     \
    __attribute__((constructor)) static void name##_register(void)              \
    {                                                                           \
        e2e_register(#name, order, name);                                       \
    }                                                                           \
    static void name(void)

#endif
