/* pdftest: what the tests of the PDF post-processor share (static inline
 * only): a folder for the run's files, cairo's tagged fixtures, hand-written
 * PDFs, pdfpost_amend on a file with the checks every test makes (an error
 * leaves the file as it was), and the outside tools (qpdf, pdfinfo) that
 * judge the result. Included by test_pdfpost.c, test_pdfread.c and
 * test_pdfsplice.c. */
#ifndef PDFTEST_H
#define PDFTEST_H

#include "pdfpost.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *tmp; /* the folder of this run's files */

/* Alternate texts: Japanese, with the brackets a literal string would escape. */
static const char *const ALTS[] = {
    "松江城址から見る日の出",
    "宍道湖の夕日 (嫁ヶ島)",
    "堀川めぐりの舟",
};

/*** Files ***/

static inline char *path_of(const char *name)
{
    return g_build_filename(tmp, name, NULL);
}

static inline GBytes *read_all(const char *path)
{
    char *data = NULL;
    gsize len = 0;
    GError *err = NULL;
    g_file_get_contents(path, &data, &len, &err);
    g_assert_no_error(err);
    return g_bytes_new_take(data, len);
}

/* Writes 'len' bytes to 'name'; caller frees the path. */
static inline char *write_file(const char *name, const void *data, size_t len)
{
    char *p = path_of(name);
    GError *err = NULL;
    g_file_set_contents(p, data, (gssize)len, &err);
    g_assert_no_error(err);
    return p;
}

static inline char *copy_file(const char *src, const char *name)
{
    GBytes *b = read_all(src);
    gsize len;
    const void *d = g_bytes_get_data(b, &len);
    char *p = write_file(name, d, len);
    g_bytes_unref(b);
    return p;
}

static inline bool same_bytes(GBytes *a, GBytes *b)
{
    return g_bytes_equal(a, b);
}

/* Draws a grey rectangle as a Figure. */
static inline void figure(cairo_t *cr, double y)
{
    cairo_tag_begin(cr, "Figure", "Alt='ignored by cairo 1.16'");
    cairo_rectangle(cr, 72, y, 144, 96);
    cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
    cairo_fill(cr);
    cairo_tag_end(cr, "Figure");
}

static inline void text(cairo_t *cr, const char *tag, double y, const char *s)
{
    cairo_tag_begin(cr, tag, NULL);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, 72, y);
    cairo_show_text(cr, s);
    cairo_tag_end(cr, tag);
}

/* Writes a two-page PDF with cairo: page 1 holds a heading, a paragraph and
 * Figure 1 under Document; page 2 Figure 2 in a table cell and Figure 3 in
 * a paragraph (as many as 'n_figures'). Untagged: the same drawing without
 * any tag. Caller frees the path. */
static inline char *make_pdf(const char *name, int n_figures, bool tagged)
{
    char *p = path_of(name);
    cairo_surface_t *s = cairo_pdf_surface_create(p, 842, 595);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2024-02-20T00:00:00+09:00");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "旅する公務員 第17弾 (松江)");
    cairo_t *cr = cairo_create(s);
    if (tagged) {
        cairo_tag_begin(cr, "Document", NULL);
        text(cr, "H1", 60, "Matsue");
        text(cr, "P", 90, "A report.");
        if (n_figures > 0)
            figure(cr, 120);
        cairo_show_page(cr);
        if (n_figures > 1) {
            cairo_tag_begin(cr, "Table", NULL);
            cairo_tag_begin(cr, "TR", NULL);
            cairo_tag_begin(cr, "TD", NULL);
            figure(cr, 72);
            cairo_tag_end(cr, "TD");
            cairo_tag_end(cr, "TR");
            cairo_tag_end(cr, "Table");
        }
        if (n_figures > 2) {
            cairo_tag_begin(cr, "P", NULL);
            figure(cr, 300);
            cairo_tag_end(cr, "P");
        }
        cairo_tag_end(cr, "Document");
    } else {
        cairo_move_to(cr, 72, 60);
        cairo_show_text(cr, "Matsue");
        cairo_rectangle(cr, 72, 120, 144, 96);
        cairo_fill(cr);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return p;
}

/* The cairo fixtures, written once: two Figures, three Figures, untagged. */
static char *pdf2, *pdf3, *pdf_plain;

static inline const char *base_pdf(int which)
{
    if (!pdf2) {
        pdf2 = make_pdf("base2.pdf", 2, true);
        pdf3 = make_pdf("base3.pdf", 3, true);
        pdf_plain = make_pdf("plain.pdf", 0, false);
    }
    return which == 2 ? pdf2 : which == 3 ? pdf3 : pdf_plain;
}

/* Amends 'path' with 'info'; returns the result, 'err' set on failure. */
static inline bool amend_path(const char *path, const pdfpost_info *info, GError **err)
{
    int fd = g_open(path, O_RDWR, 0);
    g_assert_cmpint(fd, >=, 0);
    bool ok = pdfpost_amend(fd, info, err);
    g_assert_cmpint(close(fd), ==, 0);
    return ok;
}

static inline pdfpost_info info_ja(const char *const *alts, int n)
{
    pdfpost_info in = { .lang = "ja", .figure_alts = alts, .n_figure_alts = n, .fix_dates = true };
    return in;
}

/*** Tools ***/

/* Runs 'argv' (searched in PATH) and returns its standard output; caller
 * frees. 'status' gets the exit status. */
static inline char *run(const char *const *argv, int *status)
{
    char *out = NULL, *errout = NULL;
    int ws = 0;
    GError *err = NULL;
    g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &errout, &ws, &err);
    g_assert_no_error(err);
    g_assert_true(WIFEXITED(ws));
    *status = WEXITSTATUS(ws);
    if (*status != 0)
        g_test_message("%s: %s", argv[0], errout);
    g_free(errout);
    return out;
}

static inline void assert_qpdf_check(const char *path)
{
    int st;
    char *out = run((const char *const[]){ "qpdf", "--check", path, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    g_assert_nonnull(strstr(out, "No syntax or stream encoding errors found"));
    g_free(out);
}

/* The value of the line "key: value" of pdfinfo's output (or NULL);
 * caller frees. */
static inline char *pdfinfo_field(const char *path, const char *key)
{
    int st;
    char *out = run((const char *const[]){ "pdfinfo", "-isodates", path, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    char *want = g_strdup_printf("%s:", key), *val = NULL;
    char **lines = g_strsplit(out, "\n", -1);
    for (char **l = lines; *l; l++)
        if (g_str_has_prefix(*l, want))
            val = g_strstrip(g_strdup(*l + strlen(want)));
    g_strfreev(lines);
    g_free(want);
    g_free(out);
    return val;
}

/* The first group of the first match of 're' in 's', or NULL; caller frees. */
static inline char *regex_first(GRegex *re, const char *s)
{
    GMatchInfo *m = NULL;
    char *got = g_regex_match(re, s, 0, &m) ? g_match_info_fetch(m, 1) : NULL;
    g_match_info_free(m);
    return got;
}

/* One Figure element as qpdf --json shows it. */
typedef struct fig {
    int page;    /* 1-based */
    int mcid;    /* its /K */
    char *alt;   /* decoded /Alt, or NULL */
} fig;

static inline gint cmp_fig(gconstpointer a, gconstpointer b)
{
    const fig *x = a, *y = b;
    return x->page != y->page ? x->page - y->page : x->mcid - y->mcid;
}

/* The Figure elements of 'path' in page and marked-content order, which is
 * the document order of the fixtures, read with qpdf --json (version 2:
 * keys sorted, text strings as "u:<UTF-8>"); 'lang' gets the catalog's
 * /Lang or NULL. Frees with figs_free(). */
static inline GArray *figs_of(const char *path, char **lang)
{
    int st;
    char *json = run((const char *const[]){ "qpdf", "--json", "--json-key=pages", "--json-key=qpdf", path, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    /* Pages: their object numbers in order. */
    GArray *pages = g_array_new(FALSE, FALSE, sizeof(int));
    GRegex *re_page = g_regex_new("\"object\": \"(\\d+) 0 R\",\\s*\"outlines\"", 0, 0, NULL);
    GMatchInfo *m;
    g_regex_match(re_page, json, 0, &m);
    for (; g_match_info_matches(m); g_match_info_next(m, NULL)) {
        char *num = g_match_info_fetch(m, 1);
        int n = atoi(num);
        g_array_append_val(pages, n);
        g_free(num);
    }
    g_match_info_free(m);
    g_regex_unref(re_page);
    /* Objects: each "obj:N 0 R" block up to the next one. */
    GArray *figs = g_array_new(FALSE, TRUE, sizeof(fig));
    *lang = NULL;
    char **blocks = g_strsplit(json, "\"obj:", -1);
    GRegex *re_alt = g_regex_new("\"/Alt\": \"u:([^\"]*)\"", 0, 0, NULL);
    GRegex *re_k = g_regex_new("\"/K\": (\\d+),", 0, 0, NULL);
    GRegex *re_pg = g_regex_new("\"/Pg\": \"(\\d+) 0 R\"", 0, 0, NULL);
    GRegex *re_lang = g_regex_new("\"/Lang\": \"u:([^\"]*)\"", 0, 0, NULL);
    for (char **b = blocks + 1; *b; b++) {
        if (strstr(*b, "\"/Type\": \"/Catalog\"")) {
            g_free(*lang);
            *lang = regex_first(re_lang, *b);
        }
        if (!strstr(*b, "\"/S\": \"/Figure\""))
            continue;
        fig f = { 0, -1, regex_first(re_alt, *b) };
        char *k = regex_first(re_k, *b), *pg = regex_first(re_pg, *b);
        if (k)
            f.mcid = atoi(k);
        for (guint i = 0; pg && i < pages->len; i++)
            if (g_array_index(pages, int, i) == atoi(pg))
                f.page = (int)i + 1;
        g_free(k);
        g_free(pg);
        g_assert_cmpint(f.page, >, 0);
        g_array_append_val(figs, f);
    }
    g_array_sort(figs, cmp_fig);
    g_regex_unref(re_alt);
    g_regex_unref(re_k);
    g_regex_unref(re_pg);
    g_regex_unref(re_lang);
    g_strfreev(blocks);
    g_array_unref(pages);
    g_free(json);
    return figs;
}

static inline void figs_free(GArray *figs)
{
    for (guint i = 0; i < figs->len; i++)
        g_free(g_array_index(figs, fig, i).alt);
    g_array_unref(figs);
}

/* Asserts that the Figures of 'path' carry 'alts' in document order (a
 * NULL entry: no /Alt) and that the catalog's /Lang is 'lang'. */
static inline void assert_alts(const char *path, const char *lang, const char *const *alts, int n)
{
    char *got_lang;
    GArray *figs = figs_of(path, &got_lang);
    g_assert_cmpstr(got_lang, ==, lang);
    g_assert_cmpuint(figs->len, ==, (guint)n);
    for (int i = 0; i < n; i++)
        g_assert_cmpstr(g_array_index(figs, fig, i).alt, ==, alts[i]);
    figs_free(figs);
    g_free(got_lang);
}

/* True if 'needle' occurs in 'b' (which holds binary data: NUL bytes too). */
static inline bool bytes_have(GBytes *b, const char *needle)
{
    gsize len;
    const char *d = g_bytes_get_data(b, &len);
    return memmem(d, len, needle, strlen(needle)) != NULL;
}

/* The offset after the file's last "startxref". */
static inline long last_startxref(GBytes *b)
{
    gsize len;
    const char *d = g_bytes_get_data(b, &len);
    for (gsize i = len >= 10 ? len - 10 : 0; i-- > 0;)
        if (memcmp(d + i, "startxref\n", 10) == 0)
            return strtol(d + i + 10, NULL, 10);
    g_assert_not_reached();
}

/*** Hand-written PDFs ***/

/* A PDF of the objects 'objs' (object i + 1 is "i+1 0 obj\n<objs[i]>\nendobj")
 * with a correct xref table, then "trailer\n<trailer>" ("%d" in it is the
 * /Size), startxref and %%EOF. Caller frees. */
static inline GString *hand_pdf(const char *const *objs, int n, const char *trailer)
{
    GString *s = g_string_new("%PDF-1.5\n%\xb5\xed\xae\xfb\n");
    gsize *offs = g_new(gsize, (gsize)n);
    for (int i = 0; i < n; i++) {
        offs[i] = s->len;
        g_string_append_printf(s, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
    gsize xref = s->len;
    g_string_append_printf(s, "xref\n0 %d\n0000000000 65535 f \n", n + 1);
    for (int i = 0; i < n; i++)
        g_string_append_printf(s, "%010" G_GSIZE_FORMAT " 00000 n \n", offs[i]);
    g_string_append(s, "trailer\n");
    g_string_append_printf(s, trailer ? trailer : "<< /Size %d /Root 1 0 R >>", n + 1);
    g_string_append_printf(s, "\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", xref);
    g_free(offs);
    return s;
}

/* Writes 'data' as 'name', amends it, and checks the result: on failure
 * the error code is 'code', the message starts with 'msg' (unless NULL) and
 * the file is unchanged; on success (code 0) the file grew. Returns the
 * file's bytes after; caller unrefs. */
static inline GBytes *amend_bytes(const char *name, const void *data, size_t len, const pdfpost_info *info, int code,
                           const char *msg)
{
    char *p = write_file(name, data, len);
    GError *err = NULL;
    bool ok = amend_path(p, info, &err);
    GBytes *after = read_all(p);
    if (code) {
        g_assert_false(ok);
        g_assert_error(err, PDFPOST_ERROR, code);
        if (msg && !g_str_has_prefix(err->message, msg))
            g_error("%s: got '%s', wanted '%s...'", name, err->message, msg);
        g_assert_cmpuint(g_bytes_get_size(after), ==, len);
        g_assert_cmpint(memcmp(g_bytes_get_data(after, NULL), data, len), ==, 0);
        g_error_free(err);
    } else {
        g_assert_no_error(err);
        g_assert_true(ok);
    }
    g_free(p);
    return after;
}

static inline void amend_string(const char *name, GString *s, const pdfpost_info *info, int code, const char *msg)
{
    g_bytes_unref(amend_bytes(name, s->str, s->len, info, code, msg));
}

/* The part of 'after' beyond the first 'len' bytes, as a string. */
static inline char *appended(GBytes *after, size_t len)
{
    gsize n;
    const char *d = g_bytes_get_data(after, &n);
    g_assert_cmpuint(n, >=, len);
    return g_strndup(d + len, n - len);
}

/*** The run ***/

/* Makes the run's folder; call after g_test_init(). */
static inline void pdftest_begin(void)
{
    GError *err = NULL;
    tmp = g_dir_make_tmp("tripreport-pdfpost-XXXXXX", &err);
    g_assert_no_error(err);
}

/* Removes the run's folder and its files; returns 'rc'. */
static inline int pdftest_end(int rc)
{
    GDir *d = g_dir_open(tmp, 0, NULL);
    for (const char *n; d && (n = g_dir_read_name(d));) {
        char *p = path_of(n);
        g_unlink(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(tmp);
    g_free(tmp);
    g_free(pdf2);
    g_free(pdf3);
    g_free(pdf_plain);
    return rc;
}

#endif
