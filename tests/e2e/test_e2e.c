/* End-to-end tests: run the built program on real trip files and check the
 * PDFs with poppler-utils (pdfinfo, pdftotext), the messages of bad inputs
 * against the .err files in tests/errors/, and layout dumps against the .dump files in tests/golden/.
 * The program is $TRIPREPORT_BIN, default out/tripreport; run from the
 * project's top folder. */
#include <glib.h>
#include <glib/gstdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <string.h>

static const char *bin;

typedef struct result {
    int status; /* exit status, or -1 if killed */
    char *out;
    char *err;
} result;

static void result_clear(result *r)
{
    g_free(r->out);
    g_free(r->err);
}

/* Runs argv (NULL-terminated) in 'cwd' (NULL = here), waits, captures. */
static result run_in(const char *cwd, const char *const *argv)
{
    result r = { -1, NULL, NULL };
    int wait = 0;
    GError *err = NULL;
    gboolean ok = g_spawn_sync(cwd, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &r.out, &r.err,
                               &wait, &err);
    g_assert_no_error(err);
    g_assert_true(ok);
    if (WIFEXITED(wait))
        r.status = WEXITSTATUS(wait);
    return r;
}

#define RUN(...) run_in(NULL, (const char *const[]){ __VA_ARGS__, NULL })

static char *tmpdir(void)
{
    GError *err = NULL;
    char *d = g_dir_make_tmp("tripreport-e2e-XXXXXX", &err);
    g_assert_no_error(err);
    return d;
}

static void rm_rf(const char *path)
{
    result r = RUN("rm", "-rf", path);
    result_clear(&r);
}

/* Removes all white space, for comparing extracted text. */
static char *squeeze(const char *s)
{
    GString *o = g_string_new(NULL);
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (!g_unichar_isspace(c) && c != 0x3000)
            g_string_append_unichar(o, c);
    }
    return g_string_free(o, FALSE);
}

static char *pdftotext(const char *pdf)
{
    result r = RUN("pdftotext", "-enc", "UTF-8", pdf, "-");
    g_assert_cmpint(r.status, ==, 0);
    g_free(r.err);
    return r.out;
}

static char *abs_path(const char *p)
{
    return g_canonicalize_filename(p, NULL);
}

/*** The sample ***/

static char *sample_pdf; /* rendered once, shared by the tests below */

static const char *render_sample(void)
{
    if (sample_pdf)
        return sample_pdf;
    char *dir = tmpdir();
    sample_pdf = g_build_filename(dir, "017-matsue.pdf", NULL);
    result r = RUN(bin, "render", "samples/017-matsue/trip.txt", "-o", sample_pdf);
    if (r.status != 0)
        g_printerr("%s", r.err);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    g_free(dir);
    return sample_pdf;
}

static void test_sample_page_size(void)
{
    result r = RUN("pdfinfo", render_sample());
    g_assert_cmpint(r.status, ==, 0);
    /* A4 landscape: 297 x 210 mm. */
    g_assert_nonnull(strstr(r.out, "Page size:       841.89 x 595.276 pts (A4)"));
    result_clear(&r);
}

static void test_sample_title_and_closing(void)
{
    char *text = pdftotext(render_sample());
    char *sq = squeeze(text);
    /* Title page: series, number, place, period with weekdays. */
    const char *title[] = { "旅する公務員", "第17弾", "島根県松江市", "2024年2月7日（水）～2024年2月9日（金）" };
    for (guint i = 0; i < G_N_ELEMENTS(title); i++)
        g_assert_nonnull(strstr(sq, title[i]));
    /* Closing page, as the seed has it. */
    const char *closing[] = { "以上", "「旅する公務員」第17弾島根県松江市", "報告を終わります。",
                              "磐梯町役場デジタル変革戦略室室長小野広暁" };
    for (guint i = 0; i < G_N_ELEMENTS(closing); i++)
        g_assert_nonnull(strstr(sq, closing[i]));
    /* The closing page is the last page: its text comes after the title's. */
    g_assert_true(strstr(sq, "報告を終わります。") > strstr(sq, "第17弾"));
    g_free(sq);
    g_free(text);
}

static void test_sample_fonts_embedded(void)
{
    result r = RUN("pdffonts", render_sample());
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "BIZUDPGothic"));
    /* Every font line says "yes yes" for embedded and subset. */
    char **lines = g_strsplit(r.out, "\n", -1);
    int fonts = 0;
    for (int i = 2; lines[i]; i++) {
        if (!lines[i][0])
            continue;
        fonts++;
        g_assert_nonnull(strstr(lines[i], " yes yes "));
    }
    g_assert_cmpint(fonts, >, 0);
    g_strfreev(lines);
    result_clear(&r);
}

/* A Shift_JIS (CP932) copy of the sample gives the same text. */
static void test_cp932_same_text(void)
{
    char *dir = tmpdir();
    char *utf8 = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents("samples/017-matsue/trip.txt", &utf8, &len, NULL));
    /* Windows line ends too. */
    char **lines = g_strsplit(utf8, "\n", -1);
    char *crlf = g_strjoinv("\r\n", lines);
    g_strfreev(lines);
    gsize sjis_len = 0;
    GError *err = NULL;
    char *sjis = g_convert(crlf, -1, "CP932", "UTF-8", NULL, &sjis_len, &err);
    g_assert_no_error(err);
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, sjis, (gssize)sjis_len, NULL));
    char *photos = abs_path("samples/017-matsue/photos");
    char *link = g_build_filename(dir, "photos", NULL);
    g_assert_cmpint(symlink(photos, link), ==, 0);

    char *pdf = g_build_filename(dir, "sjis.pdf", NULL);
    result r = RUN(bin, "render", trip, "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.err, "warning: the file is not UTF-8; read it as Shift_JIS (CP932)"));
    result_clear(&r);

    char *a = pdftotext(render_sample());
    char *b = pdftotext(pdf);
    g_assert_cmpstr(a, ==, b);
    g_free(a);
    g_free(b);
    rm_rf(dir);
    g_free(pdf);
    g_free(link);
    g_free(photos);
    g_free(trip);
    g_free(sjis);
    g_free(crlf);
    g_free(utf8);
    g_free(dir);
}

/*** The command line ***/

static void test_check_misspelt_key(void)
{
    char *dir = tmpdir();
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    const char *text = "number: 1\nplace: 松江市\nperiod: 2024-02-07\ntraveler: 小野\n\n"
                       "[schedule]\nheading: 日程\ncolums: 月日 | AM\nrow: 2024-02-07 | 移動\n";
    g_assert_true(g_file_set_contents(trip, text, -1, NULL));
    result r = RUN(bin, "check", trip);
    g_assert_cmpint(r.status, ==, 1);
    char *want = g_strdup_printf("%s:8:1: error: unknown key 'colums' (did you mean 'columns'?)\n", trip);
    g_assert_nonnull(strstr(r.err, want));
    g_assert_cmpstr(r.out, ==, "");
    g_free(want);
    result_clear(&r);
    rm_rf(dir);
    g_free(trip);
    g_free(dir);
}

static void test_usage(void)
{
    result r = run_in(NULL, (const char *const[]){ bin, NULL });
    g_assert_cmpint(r.status, ==, 2);
    result_clear(&r);
    r = RUN(bin, "--version");
    g_assert_cmpint(r.status, ==, 0);
    g_assert_true(g_str_has_prefix(r.out, "tripreport "));
    result_clear(&r);
    r = RUN(bin, "--help");
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "render TRIP"));
    result_clear(&r);
    r = RUN(bin, "frobnicate");
    g_assert_cmpint(r.status, ==, 2);
    g_assert_nonnull(strstr(r.err, "unknown command 'frobnicate'"));
    result_clear(&r);
    r = RUN(bin, "render");
    g_assert_cmpint(r.status, ==, 2);
    result_clear(&r);
    r = RUN(bin, "render", "--no-such-option", "x.txt");
    g_assert_cmpint(r.status, ==, 2);
    result_clear(&r);
    r = RUN(bin, "check", "/nonexistent/trip.txt");
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "/nonexistent/trip.txt: error: cannot read the file: no such file"));
    result_clear(&r);
}

/* Without -o the PDF goes to out/<folder>.pdf under the working folder. */
static void test_default_output(void)
{
    char *dir = tmpdir();
    char *sub = g_build_filename(dir, "018-test", NULL);
    g_mkdir(sub, 0755);
    char *trip = g_build_filename(sub, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, "number: 18\nplace: 会津若松市\nperiod: 2024-05-01\ntraveler: 小野\n\n[closing]\n", -1, NULL));
    char *abin = abs_path(bin);
    result r = run_in(dir, (const char *const[]){ abin, "render", "018-test/trip.txt", NULL });
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    char *pdf = g_build_filename(dir, "out", "018-test.pdf", NULL);
    g_assert_true(g_file_test(pdf, G_FILE_TEST_IS_REGULAR));
    char *text = pdftotext(pdf);
    char *sq = squeeze(text);
    g_assert_nonnull(strstr(sq, "第18弾"));
    g_assert_nonnull(strstr(sq, "2024年5月1日（水）"));
    g_free(sq);
    g_free(text);
    rm_rf(dir);
    g_free(pdf);
    g_free(abin);
    g_free(trip);
    g_free(sub);
    g_free(dir);
}

/* A run that fails leaves an existing PDF as it was, and no temporary file. */
static void test_failed_render_keeps_pdf(void)
{
    char *dir = tmpdir();
    char *pdf = g_build_filename(dir, "report.pdf", NULL);
    g_assert_true(g_file_set_contents(pdf, "%PDF-old", -1, NULL));
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, "number: x\n", -1, NULL));
    result r = RUN(bin, "render", trip, "-o", pdf);
    g_assert_cmpint(r.status, ==, 1);
    result_clear(&r);
    char *now = NULL;
    g_assert_true(g_file_get_contents(pdf, &now, NULL, NULL));
    g_assert_cmpstr(now, ==, "%PDF-old");
    g_free(now);
    GDir *gd = g_dir_open(dir, 0, NULL);
    int n = 0;
    while (g_dir_read_name(gd))
        n++;
    g_dir_close(gd);
    g_assert_cmpint(n, ==, 2);
    rm_rf(dir);
    g_free(trip);
    g_free(pdf);
    g_free(dir);
}

/*** Bad inputs: tests/errors/NAME.txt and the exact stderr NAME.err ***/

static void test_error_case(gconstpointer data)
{
    const char *txt = data;
    char *errf = g_strdup(txt);
    strcpy(errf + strlen(errf) - 3, "err");
    char *want = NULL;
    g_assert_true(g_file_get_contents(errf, &want, NULL, NULL));
    result r = RUN(bin, "check", txt);
    g_assert_cmpstr(r.err, ==, want);
    /* Errors exit 1; a file with warnings only exits 0. */
    g_assert_cmpint(r.status, ==, strstr(want, ": error: ") ? 1 : 0);
    result_clear(&r);
    g_free(want);
    g_free(errf);
}

/*** Golden layout dumps: tests/golden/NAME.txt -> NAME.dump ***/

static void test_golden(gconstpointer data)
{
    const char *txt = data;
    char *dumpf = g_strdup(txt);
    strcpy(dumpf + strlen(dumpf) - 3, "dump");
    result r = RUN(bin, "render", "--dump", txt);
    if (r.status != 0)
        g_printerr("%s", r.err);
    g_assert_cmpint(r.status, ==, 0);
    if (g_getenv("GOLDEN_UPDATE")) {
        g_assert_true(g_file_set_contents(dumpf, r.out, -1, NULL));
    } else {
        char *want = NULL;
        if (!g_file_get_contents(dumpf, &want, NULL, NULL))
            g_error("%s is missing: run 'make golden-update' and review it", dumpf);
        if (strcmp(want, r.out) != 0) {
            char *got = g_strconcat(dumpf, ".got", NULL);
            g_file_set_contents(got, r.out, -1, NULL);
            result d = RUN("diff", "-u", dumpf, got);
            g_printerr("%s", d.out);
            result_clear(&d);
            g_unlink(got);
            g_free(got);
        }
        g_assert_cmpstr(want, ==, r.out);
        g_free(want);
    }
    result_clear(&r);
    g_free(dumpf);
}

static gint cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_glob(const char *dir, const char *prefix, GTestDataFunc fn)
{
    GDir *gd = g_dir_open(dir, 0, NULL);
    if (!gd)
        return;
    GPtrArray *names = g_ptr_array_new();
    const char *n;
    while ((n = g_dir_read_name(gd)))
        if (g_str_has_suffix(n, ".txt"))
            g_ptr_array_add(names, g_strdup(n));
    g_dir_close(gd);
    g_ptr_array_sort(names, cmp_names);
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        char *path = g_build_filename(dir, name, NULL);
        char *test = g_strdup_printf("%s/%.*s", prefix, (int)strlen(name) - 4, name);
        g_test_add_data_func_full(test, path, fn, g_free);
        g_free(test);
    }
    g_ptr_array_free(names, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_setenv("LC_ALL", "C.UTF-8", TRUE);
    g_setenv("SOURCE_DATE_EPOCH", "1708387200", TRUE);
    bin = g_getenv("TRIPREPORT_BIN");
    if (!bin)
        bin = "out/tripreport";

    g_test_add_func("/e2e/sample/page-size", test_sample_page_size);
    g_test_add_func("/e2e/sample/title-and-closing", test_sample_title_and_closing);
    g_test_add_func("/e2e/sample/fonts-embedded", test_sample_fonts_embedded);
    g_test_add_func("/e2e/cp932/same-text", test_cp932_same_text);
    g_test_add_func("/e2e/cli/misspelt-key", test_check_misspelt_key);
    g_test_add_func("/e2e/cli/usage", test_usage);
    g_test_add_func("/e2e/cli/default-output", test_default_output);
    g_test_add_func("/e2e/cli/failed-render-keeps-pdf", test_failed_render_keeps_pdf);
    add_glob("tests/errors", "/e2e/errors", test_error_case);
    add_glob("tests/golden", "/e2e/golden", test_golden);
    int rc = g_test_run();
    if (sample_pdf) {
        char *dir = g_path_get_dirname(sample_pdf);
        rm_rf(dir);
        g_free(dir);
        g_free(sample_pdf);
    }
    return rc;
}
