/* Unit tests for pdfpost.c: real tagged PDFs written by cairo 1.16 are
 * amended (/Lang, Japanese /Alt on each Figure, "D:" dates) and checked with
 * qpdf and pdfinfo; hand-written PDFs cover odd syntax, loops in the
 * structure tree, and the damaged, truncated and unsupported files that
 * must give an error, never a crash, and leave the file as it was. PNG
 * placeholders replaced by the PNG's IDAT data (cairo and hand-written PDFs,
 * an older version of the object); a missing or ambiguous placeholder or a
 * PNG that changed is an error. */
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
#include <zlib.h>

static char *tmp; /* the folder of this run's files */

/* Alternate texts: Japanese, with the brackets a literal string would escape. */
static const char *const ALTS[] = {
    "松江城址から見る日の出",
    "宍道湖の夕日 (嫁ヶ島)",
    "堀川めぐりの舟",
};

/*** Files ***/

static char *path_of(const char *name)
{
    return g_build_filename(tmp, name, NULL);
}

static GBytes *read_all(const char *path)
{
    char *data = NULL;
    gsize len = 0;
    GError *err = NULL;
    g_file_get_contents(path, &data, &len, &err);
    g_assert_no_error(err);
    return g_bytes_new_take(data, len);
}

/* Writes 'len' bytes to 'name'; caller frees the path. */
static char *write_file(const char *name, const void *data, size_t len)
{
    char *p = path_of(name);
    GError *err = NULL;
    g_file_set_contents(p, data, (gssize)len, &err);
    g_assert_no_error(err);
    return p;
}

static char *copy_file(const char *src, const char *name)
{
    GBytes *b = read_all(src);
    gsize len;
    const void *d = g_bytes_get_data(b, &len);
    char *p = write_file(name, d, len);
    g_bytes_unref(b);
    return p;
}

static bool same_bytes(GBytes *a, GBytes *b)
{
    return g_bytes_equal(a, b);
}

/* Draws a grey rectangle as a Figure. */
static void figure(cairo_t *cr, double y)
{
    cairo_tag_begin(cr, "Figure", "Alt='ignored by cairo 1.16'");
    cairo_rectangle(cr, 72, y, 144, 96);
    cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
    cairo_fill(cr);
    cairo_tag_end(cr, "Figure");
}

static void text(cairo_t *cr, const char *tag, double y, const char *s)
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
static char *make_pdf(const char *name, int n_figures, bool tagged)
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

static const char *base_pdf(int which)
{
    if (!pdf2) {
        pdf2 = make_pdf("base2.pdf", 2, true);
        pdf3 = make_pdf("base3.pdf", 3, true);
        pdf_plain = make_pdf("plain.pdf", 0, false);
    }
    return which == 2 ? pdf2 : which == 3 ? pdf3 : pdf_plain;
}

/* Amends 'path' with 'info'; returns the result, 'err' set on failure. */
static bool amend_path(const char *path, const pdfpost_info *info, GError **err)
{
    int fd = g_open(path, O_RDWR, 0);
    g_assert_cmpint(fd, >=, 0);
    bool ok = pdfpost_amend(fd, info, err);
    g_assert_cmpint(close(fd), ==, 0);
    return ok;
}

static pdfpost_info info_ja(const char *const *alts, int n)
{
    pdfpost_info in = { .lang = "ja", .figure_alts = alts, .n_figure_alts = n, .fix_dates = true };
    return in;
}

/*** Tools ***/

/* Runs 'argv' (searched in PATH) and returns its standard output; caller
 * frees. 'status' gets the exit status. */
static char *run(const char *const *argv, int *status)
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

static void assert_qpdf_check(const char *path)
{
    int st;
    char *out = run((const char *const[]){ "qpdf", "--check", path, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    g_assert_nonnull(strstr(out, "No syntax or stream encoding errors found"));
    g_free(out);
}

/* The value of the line "key: value" of pdfinfo's output (or NULL);
 * caller frees. */
static char *pdfinfo_field(const char *path, const char *key)
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
static char *regex_first(GRegex *re, const char *s)
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

static gint cmp_fig(gconstpointer a, gconstpointer b)
{
    const fig *x = a, *y = b;
    return x->page != y->page ? x->page - y->page : x->mcid - y->mcid;
}

/* The Figure elements of 'path' in page and marked-content order, which is
 * the document order of the fixtures, read with qpdf --json (version 2:
 * keys sorted, text strings as "u:<UTF-8>"); 'lang' gets the catalog's
 * /Lang or NULL. Frees with figs_free(). */
static GArray *figs_of(const char *path, char **lang)
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

static void figs_free(GArray *figs)
{
    for (guint i = 0; i < figs->len; i++)
        g_free(g_array_index(figs, fig, i).alt);
    g_array_unref(figs);
}

/* Asserts that the Figures of 'path' carry 'alts' in document order (a
 * NULL entry: no /Alt) and that the catalog's /Lang is 'lang'. */
static void assert_alts(const char *path, const char *lang, const char *const *alts, int n)
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
static bool bytes_have(GBytes *b, const char *needle)
{
    gsize len;
    const char *d = g_bytes_get_data(b, &len);
    return memmem(d, len, needle, strlen(needle)) != NULL;
}

/* The offset after the file's last "startxref". */
static long last_startxref(GBytes *b)
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
static GString *hand_pdf(const char *const *objs, int n, const char *trailer)
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
static GBytes *amend_bytes(const char *name, const void *data, size_t len, const pdfpost_info *info, int code,
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

static void amend_string(const char *name, GString *s, const pdfpost_info *info, int code, const char *msg)
{
    g_bytes_unref(amend_bytes(name, s->str, s->len, info, code, msg));
}

/* The part of 'after' beyond the first 'len' bytes, as a string. */
static char *appended(GBytes *after, size_t len)
{
    gsize n;
    const char *d = g_bytes_get_data(after, &n);
    g_assert_cmpuint(n, >=, len);
    return g_strndup(d + len, n - len);
}

/*** Tests: cairo PDFs ***/

/* Lang, three Japanese alts in document order, qpdf --check. */
static void test_amend_cairo(void)
{
    char *p = copy_file(base_pdf(3), "amend3.pdf");
    GBytes *before = read_all(p);
    assert_alts(p, NULL, (const char *const[]){ NULL, NULL, NULL }, 3); /* cairo drops Alt='...' */
    pdfpost_info in = info_ja(ALTS, 3);
    GError *err = NULL;
    g_assert_true(amend_path(p, &in, &err));
    g_assert_no_error(err);
    assert_qpdf_check(p);
    assert_alts(p, "ja", ALTS, 3);

    /* An incremental update: the old bytes untouched, /Prev to the old xref. */
    GBytes *after = read_all(p);
    g_assert_cmpuint(g_bytes_get_size(after), >, g_bytes_get_size(before));
    g_assert_cmpint(memcmp(g_bytes_get_data(after, NULL), g_bytes_get_data(before, NULL), g_bytes_get_size(before)),
                    ==, 0);
    int st;
    char *tr = run((const char *const[]){ "qpdf", "--show-object=trailer", p, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    char *prev = g_strdup_printf("/Prev %ld ", last_startxref(before));
    g_assert_nonnull(strstr(tr, prev));
    g_free(prev);
    g_free(tr);
    g_bytes_unref(after);
    g_bytes_unref(before);
    g_free(p);
}

/* pdfinfo still reads it: pages, tagged, the dates now "D:". */
static void test_amend_pdfinfo(void)
{
    char *p = copy_file(base_pdf(2), "info.pdf");
    GBytes *before = read_all(p);
    g_assert_true(bytes_have(before, "/CreationDate (20240220000000+09'00)"));
    pdfpost_info in = info_ja(ALTS, 2);
    in.mod_date = "D:20240221103000+09'00'";
    GError *err = NULL;
    g_assert_true(amend_path(p, &in, &err));
    g_assert_no_error(err);
    assert_qpdf_check(p);
    GBytes *after = read_all(p);
    g_assert_true(bytes_have(after, "/CreationDate (D:20240220000000+09'00)"));
    g_assert_true(bytes_have(after, "/ModDate (D:20240221103000+09'00')"));
    g_assert_true(bytes_have(after, "/Title <FEFF")); /* kept as it was */

    const char *want[][2] = { { "Pages", "2" },
                              { "Tagged", "yes" },
                              { "CreationDate", "2024-02-20T00:00:00+09" },
                              { "ModDate", "2024-02-21T10:30:00+09" },
                              { "Title", "旅する公務員 第17弾 (松江)" } };
    for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
        char *v = pdfinfo_field(p, want[i][0]);
        g_assert_cmpstr(v, ==, want[i][1]);
        g_free(v);
    }
    g_bytes_unref(after);
    g_bytes_unref(before);
    g_free(p);
}

/* The same input amended twice gives the same bytes; amending the result
 * again with the same info adds nothing; with other alts, a second update. */
static void test_amend_deterministic(void)
{
    char *a = copy_file(base_pdf(2), "det-a.pdf"), *b = copy_file(base_pdf(2), "det-b.pdf");
    pdfpost_info in = info_ja(ALTS, 2);
    g_assert_true(amend_path(a, &in, NULL));
    g_assert_true(amend_path(b, &in, NULL));
    GBytes *ba = read_all(a), *bb = read_all(b);
    g_assert_true(same_bytes(ba, bb));

    g_assert_true(amend_path(a, &in, NULL));
    GBytes *ba2 = read_all(a);
    g_assert_true(same_bytes(ba, ba2));

    const char *other[] = { "城", "湖" };
    pdfpost_info in2 = info_ja(other, 2);
    g_assert_true(amend_path(a, &in2, NULL));
    GBytes *ba3 = read_all(a);
    g_assert_cmpuint(g_bytes_get_size(ba3), >, g_bytes_get_size(ba2));
    char *upd = appended(ba3, g_bytes_get_size(ba2));
    g_assert_null(strstr(upd, "/Catalog"));      /* /Lang was already there */
    g_assert_null(strstr(upd, "/CreationDate")); /* already "D:" */
    g_assert_nonnull(strstr(upd, "/Alt <FEFF57CE>"));
    g_free(upd);
    assert_qpdf_check(a);
    assert_alts(a, "ja", other, 2);
    char *tagged = pdfinfo_field(a, "Tagged");
    g_assert_cmpstr(tagged, ==, "yes");
    g_free(tagged);

    g_bytes_unref(ba3);
    g_bytes_unref(ba2);
    g_bytes_unref(bb);
    g_bytes_unref(ba);
    g_free(a);
    g_free(b);
}

/* A NULL alt leaves its Figure alone; n < 0 leaves all of them alone. */
static void test_amend_partial(void)
{
    char *p = copy_file(base_pdf(2), "partial.pdf");
    const char *alts[] = { NULL, ALTS[1] };
    pdfpost_info in = info_ja(alts, 2);
    g_assert_true(amend_path(p, &in, NULL));
    assert_qpdf_check(p);
    assert_alts(p, "ja", alts, 2);
    g_free(p);

    p = copy_file(base_pdf(3), "lang-only.pdf");
    pdfpost_info lang = { .lang = "ja", .n_figure_alts = -1 };
    g_assert_true(amend_path(p, &lang, NULL));
    assert_qpdf_check(p);
    assert_alts(p, "ja", (const char *const[]){ NULL, NULL, NULL }, 3);
    GBytes *b = read_all(p);
    g_assert_true(bytes_have(b, "/CreationDate (2024")); /* fix_dates false */
    g_bytes_unref(b);
    g_free(p);
}

/* An untagged PDF has no Figure: /Lang only, and alts are a mismatch. */
static void test_amend_untagged(void)
{
    char *p = copy_file(base_pdf(0), "untagged.pdf");
    GBytes *before = read_all(p);
    pdfpost_info in = info_ja(ALTS, 1);
    GError *err = NULL;
    g_assert_false(amend_path(p, &in, &err));
    g_assert_error(err, PDFPOST_ERROR, PDFPOST_ERROR_COUNT);
    g_assert_cmpstr(err->message, ==, "has 0 Figure elements in its structure tree but 1 alternate text was given");
    g_clear_error(&err);
    GBytes *same = read_all(p);
    g_assert_true(same_bytes(before, same));
    g_bytes_unref(same);

    in = info_ja(NULL, 0);
    g_assert_true(amend_path(p, &in, &err));
    g_assert_no_error(err);
    assert_qpdf_check(p);
    assert_alts(p, "ja", NULL, 0);
    char *tagged = pdfinfo_field(p, "Tagged");
    g_assert_cmpstr(tagged, ==, "no");
    g_free(tagged);
    g_bytes_unref(before);
    g_free(p);
}

/* More or fewer alts than Figures: an error, the file unchanged. */
static void test_count_mismatch(void)
{
    GBytes *orig = read_all(base_pdf(2));
    gsize len;
    const void *d = g_bytes_get_data(orig, &len);
    for (int n = 0; n <= 3; n++) {
        if (n == 2)
            continue;
        pdfpost_info in = info_ja(ALTS, n);
        g_bytes_unref(amend_bytes("mismatch.pdf", d, len, &in, PDFPOST_ERROR_COUNT, NULL));
    }
    pdfpost_info in = info_ja(ALTS, 1);
    char *p = write_file("mismatch.pdf", d, len);
    GError *err = NULL;
    g_assert_false(amend_path(p, &in, &err));
    g_assert_cmpstr(err->message, ==, "has 2 Figure elements in its structure tree but 1 alternate text was given");
    g_error_free(err);
    g_free(p);
    g_bytes_unref(orig);
}

/* Not UTF-8: an error before anything is read. */
static void test_bad_text(void)
{
    GBytes *orig = read_all(base_pdf(2));
    gsize len;
    const void *d = g_bytes_get_data(orig, &len);
    const char *alts[] = { "ok", "\xff\xfe" };
    pdfpost_info in = info_ja(alts, 2);
    g_bytes_unref(amend_bytes("badtext.pdf", d, len, &in, PDFPOST_ERROR_TEXT, NULL));
    g_bytes_unref(orig);
}

/* A failed write (read-only descriptor) leaves the file as it was. */
static void test_write_fails(void)
{
    char *p = copy_file(base_pdf(2), "readonly.pdf");
    GBytes *before = read_all(p);
    int fd = g_open(p, O_RDONLY, 0);
    g_assert_cmpint(fd, >=, 0);
    pdfpost_info in = info_ja(ALTS, 2);
    GError *err = NULL;
    g_assert_false(pdfpost_amend(fd, &in, &err));
    g_assert_error(err, PDFPOST_ERROR, PDFPOST_ERROR_IO);
    g_assert_true(g_str_has_prefix(err->message, "cannot be written ("));
    g_error_free(err);
    close(fd);
    GBytes *after = read_all(p);
    g_assert_true(same_bytes(before, after));
    g_bytes_unref(after);
    g_bytes_unref(before);
    g_free(p);
}

/*** Tests: not PDFs, truncated and damaged ***/

static void test_not_pdf(void)
{
    pdfpost_info in = info_ja(NULL, 0);
    const char *texts[] = { "", "%PDF", "hello, world\n", "%PDF-1.5\n%%EOF\n", "%PDF-1.5\nstartxref\n%%EOF\n" };
    for (guint i = 0; i < G_N_ELEMENTS(texts); i++)
        g_bytes_unref(amend_bytes("notpdf.pdf", texts[i], strlen(texts[i]), &in, PDFPOST_ERROR_FORMAT,
                                  i < 2 ? "is not a PDF (it does not start with '%PDF-')" : NULL));

    /* A JPEG's first bytes. */
    static const guint8 jpeg[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0 };
    g_bytes_unref(
        amend_bytes("notpdf.jpg", jpeg, sizeof jpeg, &in, PDFPOST_ERROR_FORMAT, "is not a PDF (it does not start with"));

    /* A folder. */
    int fd = g_open(tmp, O_RDONLY, 0);
    GError *err = NULL;
    g_assert_false(pdfpost_amend(fd, &in, &err));
    g_assert_error(err, PDFPOST_ERROR, PDFPOST_ERROR_IO);
    g_error_free(err);
    close(fd);
}

/* Every cut of a cairo PDF but the last newline is an error. */
static void test_truncated(void)
{
    GBytes *orig = read_all(base_pdf(2));
    gsize len;
    const guint8 *d = g_bytes_get_data(orig, &len);
    pdfpost_info in = info_ja(ALTS, 2);
    for (gsize cut = 0; cut + 1 < len; cut += cut + 64 < len ? 97 : 1)
        g_bytes_unref(amend_bytes("cut.pdf", d, cut, &in, PDFPOST_ERROR_FORMAT,
                                  cut < 5 ? "is not a PDF" : "is a truncated or damaged PDF ("));
    /* Without the final newline it is still whole: the update starts one. */
    GBytes *after = amend_bytes("cut.pdf", d, len - 1, &in, 0, NULL);
    char *upd = appended(after, len - 1);
    g_assert_true(g_str_has_prefix(upd, "\n"));
    g_free(upd);
    char *p = path_of("cut.pdf");
    assert_qpdf_check(p);
    g_free(p);
    g_bytes_unref(after);
    g_bytes_unref(orig);
}

/* Bytes of the tail changed to a few values (every byte of the trailer and
 * the last xref entries, every 4th byte of the xref table and of the last
 * objects before it: catalog, Info, structure elements): an error or an
 * amended file, never a crash, and on error the file is unchanged. */
static void test_damaged_tail(void)
{
    GBytes *orig = read_all(base_pdf(2));
    gsize len;
    const guint8 *d = g_bytes_get_data(orig, &len);
    guint8 *buf = g_memdup2(d, len);
    pdfpost_info in = info_ja(ALTS, 2);
    static const guint8 vals[] = { '9', ' ', '<', '%' };
    char *p = path_of("flip.pdf");
    int n_ok = 0, n_err = 0;
    for (gsize at = len > 1200 ? len - 1200 : 0; at < len; at += at + 200 < len ? 4 : 1) {
        for (guint v = 0; v < G_N_ELEMENTS(vals); v++) {
            if (d[at] == vals[v])
                continue;
            buf[at] = vals[v];
            GError *err = NULL;
            int fd = g_open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
            g_assert_cmpint(fd, >=, 0);
            g_assert_cmpint(write(fd, buf, len), ==, (gssize)len);
            bool ok = pdfpost_amend(fd, &in, &err);
            g_assert_cmpint(close(fd), ==, 0);
            if (ok) {
                n_ok++;
            } else {
                n_err++;
                g_assert_nonnull(err);
                GBytes *after = read_all(p);
                g_assert_cmpuint(g_bytes_get_size(after), ==, len);
                g_assert_cmpint(memcmp(g_bytes_get_data(after, NULL), buf, len), ==, 0);
                g_bytes_unref(after);
                g_error_free(err);
            }
            buf[at] = d[at];
        }
    }
    g_test_message("damaged tails: %d amended, %d errors", n_ok, n_err);
    g_assert_cmpint(n_err, >, 0);
    g_free(p);
    g_free(buf);
    g_bytes_unref(orig);
}

/* Hand-written files: odd numbers, loops, unsupported kinds. */
static void test_damaged_hand(void)
{
    pdfpost_info in = info_ja(NULL, 0);
    const char *cat[] = { "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>" };
    GString *s = hand_pdf(cat, 2, NULL);
    GBytes *ok = amend_bytes("hand-ok.pdf", s->str, s->len, &in, 0, NULL);
    g_bytes_unref(ok);

    struct {
        const char *from, *to; /* a replacement in the good file */
        const char *msg;       /* the start of the message */
    } cases[] = {
        { "startxref\n", "startxref\n99999999999999999999999999", "is a truncated or damaged PDF (its 'startxref'" },
        { "startxref\n", "startxref\n0\n%%EOF\n% ", "is a truncated or damaged PDF ('startxref' does not point" },
        { "xref\n0 3", "xref\n0 99999999", "is a truncated or damaged PDF (its cross-reference table" },
        { "xref\n0 3", "xref\n8388600 30", "is a truncated or damaged PDF (its cross-reference table" },
        { "/Size 3", "/Size 99999999999999999999", "is a truncated or damaged PDF (its trailer has no valid" },
        { "/Root 1 0 R", "/Root 99999999999 0 R", "is a truncated or damaged PDF (its trailer has no valid" },
        { "/Root 1 0 R", "/Root 2 0 R", "is a truncated or damaged PDF (its /Root is not a catalog)" },
        { "/Root 1 0 R", "/Root 1 7 R", "is a truncated or damaged PDF (object 1 is missing)" },
        { "/Root 1 0 R", "/Root 3 0 R", "is a truncated or damaged PDF (object 3 is missing)" },
        { "/Root 1 0 R", "/Root 1 0 R /Encrypt 5 0 R", "is encrypted" },
        { "/Root 1 0 R", "/Root 1 0 R /XRefStm 5", "uses a cross-reference stream" },
        { "/Root 1 0 R", "/Root 1 0 R /Prev 999999999", "is a truncated or damaged PDF (its trailer's /Prev" },
        { "/Root 1 0 R >>", "/Root 1 0 R", "is a truncated or damaged PDF (its trailer is damaged)" },
        { "1 0 obj", "2 0 obj", "is a truncated or damaged PDF (object 1 is damaged)" },
        { "/Pages 2 0 R", "/Pages (2 0 R", "is a truncated or damaged PDF (object 1 is damaged)" },
        { "65535 f \n0000000", "65535 f \n000000X", "is a truncated or damaged PDF (its cross-reference table" },
        { "%%EOF", "%%EOX", "is a truncated or damaged PDF (it does not end with '%%EOF')" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        GString *t = g_string_new(s->str);
        g_assert_cmpuint(g_string_replace(t, cases[i].from, cases[i].to, 1), ==, 1);
        amend_string("hand-bad.pdf", t, &in, PDFPOST_ERROR_FORMAT, cases[i].msg);
        g_string_free(t, TRUE);
    }

    /* A catalog that is a stream. */
    const char *streamed[] = { "<< /Type /Catalog /Pages 2 0 R /Length 0 >>\nstream\n\nendstream", cat[1] };
    GString *st = hand_pdf(streamed, 2, NULL);
    amend_string("stream.pdf", st, &in, PDFPOST_ERROR_FORMAT, "is a truncated or damaged PDF (object 1 is damaged)");
    g_string_free(st, TRUE);

    /* A cross-reference stream (PDF 1.5 writers other than cairo). */
    GString *xs = g_string_new("%PDF-1.5\n1 0 obj\n<< /Type /Catalog >>\nendobj\n");
    gsize at = xs->len;
    g_string_append_printf(xs,
                           "2 0 obj\n<< /Type /XRef /Size 3 /W [1 2 1] /Root 1 0 R /Length 0 >>\n"
                           "stream\n\nendstream\nendobj\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                           at);
    amend_string("xrefstm.pdf", xs, &in, PDFPOST_ERROR_FORMAT, "uses a cross-reference stream");
    g_string_free(xs, TRUE);

    /* Nesting without end, huge numbers in the catalog. */
    GString *deep = g_string_new("<< /Type /Catalog /Pages 2 0 R /X ");
    for (int i = 0; i < 5000; i++)
        g_string_append_c(deep, '[');
    g_string_append(deep, " >>");
    const char *deep_objs[] = { deep->str, cat[1] };
    GString *t = hand_pdf(deep_objs, 2, NULL);
    amend_string("deep.pdf", t, &in, PDFPOST_ERROR_FORMAT, "is a truncated or damaged PDF (object 1 is damaged)");
    g_string_free(t, TRUE);
    g_string_free(deep, TRUE);

    /* /Prev pointing back at its own section: a loop. */
    gsize xref_at = (gsize)(strstr(s->str, "\nxref\n") - s->str) + 1;
    char *tr = g_strdup_printf("<< /Size 3 /Root 1 0 R /Prev %" G_GSIZE_FORMAT " >>", xref_at);
    GString *loop = hand_pdf(cat, 2, tr);
    g_free(tr);
    amend_string("loop.pdf", loop, &in, PDFPOST_ERROR_FORMAT,
                 "is a truncated or damaged PDF (its cross-reference sections form a loop)");
    g_string_free(loop, TRUE);
    g_string_free(s, TRUE);
}

/* Structure trees cairo would not write: loops, shared kids, direct
 * elements, marked-content references; the syntax edge cases of the
 * catalog (comments, no spaces, strings with brackets). */
static void test_struct_odd(void)
{
    /* 3 is a Figure whose kids point back at it and at 4, which points at 3:
     * each element is visited once. 5 is an OBJR, 6 a Figure under an MCR. */
    const char *objs[] = {
        "<</Type/Catalog/Pages 2 0 R%a comment >> here\n/StructTreeRoot 7 0 R/X<</A(x\\)y>]) /B<00ff>>>/Y[1 0 R]>>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
        "<< /Type /StructElem /S /Figure /P 7 0 R /K [ 3 0 R 4 0 R 0 << /Type /MCR /MCID 1 >> ] >>",
        "<< /Type /StructElem /S /Sect /P 3 0 R /K [ 3 0 R 5 0 R 6 0 R ] >>",
        "<< /Type /OBJR /Obj 2 0 R >>",
        "<< /Type /StructElem /S /Figure /P 4 0 R /K 2 /Alt (old) >>",
        "<< /Type /StructTreeRoot /K 3 0 R >>",
    };
    GString *s = hand_pdf(objs, 7, NULL);
    const char *alts[] = { "一", "二" };
    pdfpost_info in = info_ja(alts, 2);
    GBytes *after = amend_bytes("odd.pdf", s->str, s->len, &in, 0, NULL);
    char *upd = appended(after, s->len);
    /* The whole update, byte for byte: three objects, three subsections. */
    const char *o1 = "1 0 obj\n<</Type/Catalog/Pages 2 0 R%a comment >> here\n/StructTreeRoot 7 0 R"
                     "/X<</A(x\\)y>]) /B<00ff>>>/Y[1 0 R] /Lang (ja) >>\nendobj\n";
    const char *o3 = "3 0 obj\n<< /Type /StructElem /S /Figure /P 7 0 R /K [ 3 0 R 4 0 R 0 << /Type /MCR /MCID 1 >> ] "
                     "/Alt <FEFF4E00> >>\nendobj\n";
    const char *o6 = "6 0 obj\n<< /Type /StructElem /S /Figure /P 4 0 R /K 2 /Alt <FEFF4E8C> >>\nendobj\n";
    gsize at1 = s->len, at3 = at1 + strlen(o1), at6 = at3 + strlen(o3), xref = at6 + strlen(o6);
    GBytes *orig = g_bytes_new_static(s->str, s->len);
    char *want = g_strdup_printf("%s%s%sxref\n1 1\n%010" G_GSIZE_FORMAT " 00000 n \n3 1\n%010" G_GSIZE_FORMAT
                                 " 00000 n \n6 1\n%010" G_GSIZE_FORMAT " 00000 n \n"
                                 "trailer\n<< /Size 8\n   /Root 1 0 R\n   /Prev %ld\n>>\nstartxref\n%" G_GSIZE_FORMAT
                                 "\n%%%%EOF\n",
                                 o1, o3, o6, at1, at3, at6, last_startxref(orig), xref);
    g_bytes_unref(orig);
    g_assert_cmpstr(upd, ==, want);
    g_free(want);
    g_free(upd);
    g_bytes_unref(after);

    /* qpdf reads the update of a hand-written file too. */
    char *p = path_of("odd.pdf");
    int st;
    char *obj = run((const char *const[]){ "qpdf", "--show-object=6", p, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    g_assert_cmpstr(obj, ==, "<< /Alt <feff4e8c> /K 2 /P 4 0 R /S /Figure /Type /StructElem >>\n");
    g_free(obj);
    g_free(p);

    /* A Figure that is a direct dictionary cannot get a new version. */
    const char *direct[] = {
        "<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 3 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
        "<< /Type /StructTreeRoot /K [ << /S /Figure /K 0 >> ] >>",
    };
    GString *t = hand_pdf(direct, 3, NULL);
    pdfpost_info one = info_ja(alts, 1);
    amend_string("direct.pdf", t, &one, PDFPOST_ERROR_FORMAT,
                 "has a Figure structure element that is not an indirect object");
    g_string_free(t, TRUE);

    /* A kid that is missing from the xref. */
    const char *missing[] = {
        "<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 3 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
        "<< /Type /StructTreeRoot /K [ 9 0 R ] >>",
    };
    t = hand_pdf(missing, 3, NULL);
    amend_string("missing.pdf", t, &one, PDFPOST_ERROR_FORMAT, "is a truncated or damaged PDF (object 9 is missing)");
    g_string_free(t, TRUE);
    g_string_free(s, TRUE);
}

/* No Info at all and a /ModDate: a new Info object; the /ID is kept. */
static void test_new_info(void)
{
    const char *objs[] = { "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>" };
    GString *s = hand_pdf(objs, 2, "<< /Size %d /Root 1 0 R /ID [<0123456789ABCDEF><0123456789ABCDEF>] >>");
    pdfpost_info in = { .n_figure_alts = 0, .fix_dates = true, .mod_date = "D:20240221(x)" };
    GBytes *after = amend_bytes("noinfo.pdf", s->str, s->len, &in, 0, NULL);
    char *upd = appended(after, s->len);
    char *want = g_strdup_printf("3 0 obj\n<< /ModDate (D:20240221\\(x\\)) >>\nendobj\n"
                                 "xref\n3 1\n%010" G_GSIZE_FORMAT " 00000 n \n"
                                 "trailer\n<< /Size 4\n   /Root 1 0 R\n   /Info 3 0 R\n   /Prev %ld\n"
                                 "   /ID [<0123456789ABCDEF><0123456789ABCDEF>]\n>>\nstartxref\n",
                                 s->len, strtol(g_strrstr(s->str, "startxref\n") + 10, NULL, 10));
    if (!g_str_has_prefix(upd, want))
        g_error("got:\n%s\nwanted:\n%s", upd, want);
    g_free(want);
    g_free(upd);
    g_bytes_unref(after);
    g_string_free(s, TRUE);

    /* A /Size that leaves no free number for the new Info. */
    s = hand_pdf(objs, 2, "<< /Size 2 /Root 1 0 R >>");
    amend_string("smallsize.pdf", s, &in, PDFPOST_ERROR_FORMAT,
                 "is a truncated or damaged PDF (its trailer's /Size is too small)");
    g_string_free(s, TRUE);

    /* An empty xref subsection is fine. */
    s = hand_pdf(objs, 2, NULL);
    g_assert_cmpuint(g_string_replace(s, "xref\n0 3\n", "xref\n7 0\n0 3\n", 1), ==, 1);
    pdfpost_info lang = { .lang = "de-CH", .n_figure_alts = 0 };
    after = amend_bytes("empty-sub.pdf", s->str, s->len, &lang, 0, NULL);
    upd = appended(after, s->len);
    g_assert_true(g_str_has_prefix(upd, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Lang (de-CH) >>\nendobj\nxref\n1 1\n"));
    g_free(upd);
    g_bytes_unref(after);
    g_string_free(s, TRUE);
}

/*** Tests: PNGs in place of their placeholders ***/

/* A PNG of 64×48 pixels written by cairo (8-bit RGB, colour type 2): the
 * top half blue, the bottom half yellow. Caller frees the path. */
static char *make_png(const char *name)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 64, 48);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0, 0, 1);
    cairo_paint(cr);
    cairo_rectangle(cr, 0, 24, 64, 24);
    cairo_set_source_rgb(cr, 1, 1, 0);
    cairo_fill(cr);
    cairo_destroy(cr);
    char *p = path_of(name);
    g_assert_cmpint(cairo_surface_write_to_png(s, p), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return p;
}

static uint32_t get_be32(const guint8 *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* The description of the PNG at 'path' for a placeholder of 3 × 'ph'
 * pixels, read from its chunks (as image.c does). 'path' is borrowed. */
static pdfpost_png describe_png(const char *path, int ph)
{
    GBytes *b = read_all(path);
    gsize n;
    const guint8 *d = g_bytes_get_data(b, &n);
    pdfpost_png g = { 3, ph, (char *)path, (int)get_be32(d + 16), (int)get_be32(d + 20), d[25] == 2 ? 3 : 1,
                      -1, 0, 0, 0 };
    uLong crc = crc32(0L, Z_NULL, 0);
    for (gsize off = 8; off + 12 <= n;) {
        uint32_t len = get_be32(d + off);
        if (memcmp(d + off + 4, "IDAT", 4) == 0) {
            if (g.idat_offset < 0)
                g.idat_offset = (gint64)off;
            g.idat_bytes += len;
            g.idat_chunks++;
            crc = crc32(crc, d + off + 8, len);
        }
        off += 12 + len;
    }
    g.idat_crc = (guint32)crc;
    g_bytes_unref(b);
    return g;
}

/* A cairo PDF with 'n' placeholders of 3 × 'ph' magenta pixels (each its
 * own surface: one image object each), the first in a Figure. */
static char *make_placeholder_pdf(const char *name, int n, int ph)
{
    char *p = path_of(name);
    cairo_surface_t *s = cairo_pdf_surface_create(p, 300, 200);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2024-02-20T00:00:00+09:00");
    cairo_t *cr = cairo_create(s);
    cairo_tag_begin(cr, "Document", NULL);
    for (int i = 0; i < n; i++) {
        cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 3, ph);
        cairo_t *ic = cairo_create(img);
        cairo_set_source_rgb(ic, 1, 0, 1);
        cairo_paint(ic);
        cairo_destroy(ic);
        if (i == 0)
            cairo_tag_begin(cr, "Figure", NULL);
        cairo_save(cr);
        /* cairo 1.16 reports a tag error for an unclipped paint in a Figure */
        cairo_rectangle(cr, 20 + 140 * i, 20, 128, 96);
        cairo_clip(cr);
        cairo_translate(cr, 20 + 140 * i, 20);
        cairo_scale(cr, 128.0 / 3, 96.0 / ph);
        cairo_set_source_surface(cr, img, 0, 0);
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
        cairo_paint(cr);
        cairo_restore(cr);
        if (i == 0)
            cairo_tag_end(cr, "Figure");
        cairo_surface_destroy(img);
    }
    cairo_tag_end(cr, "Document");
    cairo_destroy(cr);
    cairo_surface_finish(s);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return p;
}

/* The placeholder becomes the PNG, with /Lang and the Figure's /Alt in the
 * same update: qpdf is content, pdfimages sees the PNG's size, the bytes
 * hold its IDAT data, pdftoppm shows its colours; deterministic. */
static void test_png_replace(void)
{
    char *png = make_png("blue-yellow.png");
    char *base = make_placeholder_pdf("ph1.pdf", 1, 7919);
    char *a = copy_file(base, "ph1-a.pdf"), *b = copy_file(base, "ph1-b.pdf");
    GBytes *before = read_all(base);
    pdfpost_png g = describe_png(png, 7919);
    g_assert_cmpint(g.idat_chunks, >=, 1);
    pdfpost_info in = info_ja(ALTS, 1);
    in.pngs = &g;
    in.n_pngs = 1;
    GError *err = NULL;
    g_assert_true(amend_path(a, &in, &err));
    g_assert_no_error(err);
    g_assert_true(amend_path(b, &in, NULL));
    GBytes *ba = read_all(a), *bb = read_all(b);
    g_assert_true(same_bytes(ba, bb));
    g_assert_cmpint(memcmp(g_bytes_get_data(ba, NULL), g_bytes_get_data(before, NULL), g_bytes_get_size(before)), ==,
                    0);
    assert_qpdf_check(a);
    assert_alts(a, "ja", ALTS, 1);

    /* the IDAT data as it is, after the new dictionary */
    GBytes *pb = read_all(png);
    const guint8 *pd = g_bytes_get_data(pb, NULL);
    GByteArray *z = g_byte_array_new();
    for (gint64 off = g.idat_offset, k = 0; k < g.idat_chunks; k++) {
        uint32_t len = get_be32(pd + off);
        g_byte_array_append(z, pd + off + 8, len);
        off += 12 + len;
    }
    char *dict = appended(ba, g_bytes_get_size(before));
    g_assert_nonnull(strstr(dict, "<< /Type /XObject\n   /Subtype /Image\n   /Width 64\n   /Height 48\n"
                                  "   /ColorSpace /DeviceRGB\n   /BitsPerComponent 8\n   /Interpolate true\n"
                                  "   /Filter /FlateDecode\n"
                                  "   /DecodeParms << /Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns 64 >>\n"));
    char *want = g_strdup_printf("   /Length %" G_GINT64_FORMAT "\n>>\nstream\n", g.idat_bytes);
    const char *at = strstr(dict, want);
    g_assert_nonnull(at);
    const guint8 *data = (const guint8 *)g_bytes_get_data(ba, NULL) + g_bytes_get_size(before) + (at - dict) +
                         strlen(want);
    g_assert_cmpmem(data, z->len, z->data, z->len);
    g_assert_cmpmem(data + z->len, 18, "\nendstream\nendobj\n", 18);
    g_free(want);
    g_free(dict);
    g_byte_array_unref(z);
    g_bytes_unref(pb);

    int st;
    char *list = run((const char *const[]){ "pdfimages", "-list", a, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    GRegex *re = g_regex_new("^\\s*1\\s+0\\s+image\\s+64\\s+48\\s+rgb\\s+3\\s+8\\s+image", G_REGEX_MULTILINE, 0, NULL);
    g_assert_true(g_regex_match(re, list, 0, NULL));
    g_regex_unref(re);
    g_assert_null(strstr(list, " 7919 "));
    g_free(list);

    /* pdftoppm: blue above, yellow below, where the placeholder was */
    char *prefix = path_of("ph1-render");
    char *out = run((const char *const[]){ "pdftoppm", "-r", "72", "-singlefile", "-png", a, prefix, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    g_free(out);
    char *rendered = g_strconcat(prefix, ".png", NULL);
    cairo_surface_t *img = cairo_image_surface_create_from_png(rendered);
    g_assert_cmpint(cairo_surface_status(img), ==, CAIRO_STATUS_SUCCESS);
    const guint8 *px = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    uint32_t top = ((const uint32_t *)(px + (size_t)40 * stride))[84] & 0xFFFFFF;
    uint32_t bottom = ((const uint32_t *)(px + (size_t)100 * stride))[84] & 0xFFFFFF;
    g_assert_cmphex(top, ==, 0x0000FF);
    g_assert_cmphex(bottom, ==, 0xFFFF00);
    cairo_surface_destroy(img);
    g_unlink(rendered);
    g_free(rendered);
    g_free(prefix);

    g_bytes_unref(bb);
    g_bytes_unref(ba);
    g_bytes_unref(before);
    g_free(b);
    g_free(a);
    g_free(base);
    g_free(png);
}

/* A hand-written PDF: an image stream whose dictionary is written without
 * spaces, a grey PNG description, and an update section that replaces the
 * placeholder object by another image (the newest version counts). */
static void test_png_hand(void)
{
    char *png = make_png("hand.png");
    pdfpost_png g = describe_png(png, 7919);
    const char *objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Resources << /XObject << /x4 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<</Type/XObject/Subtype/Image/Width 3/Height 7919/ColorSpace/DeviceGray/BitsPerComponent 8/Length 1>>\n"
        "stream\nx\nendstream",
        "<< /Length 30 >>\nstream\nq 64 0 0 48 10 10 cm /x4 Do Q\nendstream",
        "<< /Type /XObject /Subtype /Image /Width 3 /Height 7920 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        "/Length 1 >>\nstream\nx\nendstream",
    };
    GString *s = hand_pdf(objs, G_N_ELEMENTS(objs), NULL);
    pdfpost_info in = { .n_figure_alts = -1, .pngs = &g, .n_pngs = 1 };
    GBytes *after = amend_bytes("hand-png.pdf", s->str, s->len, &in, 0, NULL);
    char *upd = appended(after, s->len);
    g_assert_true(g_str_has_prefix(upd, "4 0 obj\n<< /Type /XObject\n"));
    g_assert_null(strstr(upd, "/Interpolate")); /* the placeholder had none */
    g_assert_nonnull(strstr(upd, "xref\n4 1\n"));
    g_free(upd);
    char *p = path_of("hand-png.pdf");
    assert_qpdf_check(p);
    g_free(p);
    g_bytes_unref(after);

    /* grey, on the other placeholder */
    g.placeholder_h = 7920;
    g.colours = 1;
    g.width = 192; /* the same bytes as 192 grey columns: only the dictionary changes */
    after = amend_bytes("hand-png.pdf", s->str, s->len, &in, 0, NULL);
    upd = appended(after, s->len);
    g_assert_true(g_str_has_prefix(upd, "6 0 obj\n"));
    g_assert_nonnull(strstr(upd, "/ColorSpace /DeviceGray\n"));
    g_assert_nonnull(strstr(upd, "/Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns 192 >>"));
    g_free(upd);
    g_bytes_unref(after);

    /* object 4 replaced by an image of 3 × 7921 in an update section */
    GBytes *sb = g_bytes_new_static(s->str, s->len);
    gsize prev = (gsize)last_startxref(sb), obj = s->len;
    g_bytes_unref(sb);
    g_string_append(s, "4 0 obj\n<< /Type /XObject /Subtype /Image /Width 3 /Height 7921 /ColorSpace /DeviceGray "
                       "/BitsPerComponent 8 /Length 1 >>\nstream\nx\nendstream\nendobj\n");
    gsize xref = s->len;
    g_string_append_printf(s,
                           "xref\n4 1\n%010" G_GSIZE_FORMAT " 00000 n \ntrailer\n<< /Size 7 /Root 1 0 R /Prev %" G_GSIZE_FORMAT
                           " >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                           obj, prev, xref);
    g.placeholder_h = 7919;
    amend_string("hand-png2.pdf", s, &in, PDFPOST_ERROR_IMAGE, "has no placeholder image (3×7919 pixels)");
    g.placeholder_h = 7921;
    after = amend_bytes("hand-png2.pdf", s->str, s->len, &in, 0, NULL);
    upd = appended(after, s->len);
    g_assert_true(g_str_has_prefix(upd, "4 0 obj\n"));
    g_free(upd);
    p = path_of("hand-png2.pdf");
    assert_qpdf_check(p);
    g_free(p);
    g_bytes_unref(after);
    g_string_free(s, TRUE);
    g_free(png);
}

/* No placeholder, two of one size, a PNG that changed or is gone, a file
 * that cannot be written: an error, and the PDF as it was. */
static void test_png_errors(void)
{
    char *png = make_png("err.png");
    char *one = make_placeholder_pdf("ph-one.pdf", 1, 7919), *two = make_placeholder_pdf("ph-two.pdf", 2, 7919);
    GBytes *b1 = read_all(one), *b2 = read_all(two);
    gsize n1, n2;
    const void *d1 = g_bytes_get_data(b1, &n1), *d2 = g_bytes_get_data(b2, &n2);
    pdfpost_png g = describe_png(png, 7919);
    pdfpost_info in = info_ja(ALTS, 1);
    in.pngs = &g;
    in.n_pngs = 1;

    g.placeholder_h = 7920;
    g_bytes_unref(amend_bytes("e.pdf", d1, n1, &in, PDFPOST_ERROR_IMAGE, "has no placeholder image (3×7920 pixels) for the PNG '"));
    g.placeholder_h = 7919;
    g_bytes_unref(amend_bytes("e.pdf", d2, n2, &in, PDFPOST_ERROR_IMAGE,
                              "has more than one image of 3×7919 pixels, the placeholder for the PNG '"));
    pdfpost_info plain = { .n_figure_alts = -1, .pngs = &g, .n_pngs = 1 };
    g_bytes_unref(amend_bytes("e.pdf", d1, n1, &plain, 0, NULL)); /* the description is right */

    static const char changed[] = "the PNG '";
    pdfpost_png bad = g;
    in.pngs = &bad;
    bad.idat_crc ^= 1;
    g_bytes_unref(amend_bytes("e.pdf", d1, n1, &in, PDFPOST_ERROR_IMAGE, changed));
    bad = g;
    bad.idat_bytes += 1;
    g_bytes_unref(amend_bytes("e.pdf", d1, n1, &in, PDFPOST_ERROR_IMAGE, changed));
    bad = g;
    bad.idat_offset += 4;
    g_bytes_unref(amend_bytes("e.pdf", d1, n1, &in, PDFPOST_ERROR_IMAGE, changed));
    bad = g;
    bad.idat_chunks += 1;
    g_bytes_unref(amend_bytes("e.pdf", d1, n1, &in, PDFPOST_ERROR_IMAGE, changed));
    bad = g;
    char *gone = path_of("gone.png");
    bad.path = gone;
    g_bytes_unref(amend_bytes("e.pdf", d1, n1, &in, PDFPOST_ERROR_IO, "cannot read the PNG '"));
    g_free(gone);

    /* A byte of the PNG's data changed after it was described (its chunk
     * CRC too, so that only the run's CRC-32 tells). */
    char *png2 = copy_file(png, "err2.png");
    GBytes *pb = read_all(png2);
    gsize pn;
    const void *orig = g_bytes_get_data(pb, &pn);
    guint8 *pd = g_memdup2(orig, pn);
    gint64 off = g.idat_offset;
    uint32_t len = get_be32(pd + off);
    pd[off + 8 + len / 2] ^= 0x01;
    uint32_t crc = (uint32_t)crc32(crc32(0L, pd + off + 4, 4), pd + off + 8, len);
    pd[off + 8 + len] = (guint8)(crc >> 24), pd[off + 9 + len] = (guint8)(crc >> 16);
    pd[off + 10 + len] = (guint8)(crc >> 8), pd[off + 11 + len] = (guint8)crc;
    bad = g;
    bad.path = png2;
    g_free(write_file("err2.png", pd, pn));
    g_bytes_unref(amend_bytes("e.pdf", d1, n1, &in, PDFPOST_ERROR_IMAGE, changed));
    g_free(pd);
    g_bytes_unref(pb);
    g_free(png2);

    /* read-only */
    in.pngs = &g;
    char *p = write_file("ro.pdf", d1, n1);
    int fd = g_open(p, O_RDONLY, 0);
    GError *err = NULL;
    g_assert_false(pdfpost_amend(fd, &in, &err));
    g_assert_error(err, PDFPOST_ERROR, PDFPOST_ERROR_IO);
    g_assert_true(g_str_has_prefix(err->message, "cannot be written ("));
    g_error_free(err);
    close(fd);
    GBytes *after = read_all(p);
    g_assert_true(same_bytes(after, b1));
    g_bytes_unref(after);
    g_free(p);

    g_bytes_unref(b2);
    g_bytes_unref(b1);
    g_free(two);
    g_free(one);
    g_free(png);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    GError *err = NULL;
    tmp = g_dir_make_tmp("tripreport-pdfpost-XXXXXX", &err);
    g_assert_no_error(err);

    g_test_add_func("/pdfpost/amend/cairo", test_amend_cairo);
    g_test_add_func("/pdfpost/amend/pdfinfo", test_amend_pdfinfo);
    g_test_add_func("/pdfpost/amend/deterministic", test_amend_deterministic);
    g_test_add_func("/pdfpost/amend/partial", test_amend_partial);
    g_test_add_func("/pdfpost/amend/untagged", test_amend_untagged);
    g_test_add_func("/pdfpost/amend/new-info", test_new_info);
    g_test_add_func("/pdfpost/amend/struct-odd", test_struct_odd);
    g_test_add_func("/pdfpost/errors/count-mismatch", test_count_mismatch);
    g_test_add_func("/pdfpost/errors/bad-text", test_bad_text);
    g_test_add_func("/pdfpost/errors/write-fails", test_write_fails);
    g_test_add_func("/pdfpost/errors/not-pdf", test_not_pdf);
    g_test_add_func("/pdfpost/errors/truncated", test_truncated);
    g_test_add_func("/pdfpost/errors/damaged-tail", test_damaged_tail);
    g_test_add_func("/pdfpost/errors/damaged-hand", test_damaged_hand);
    g_test_add_func("/pdfpost/png/replace", test_png_replace);
    g_test_add_func("/pdfpost/png/hand", test_png_hand);
    g_test_add_func("/pdfpost/png/errors", test_png_errors);
    int rc = g_test_run();

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
