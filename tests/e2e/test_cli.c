/* test_cli: The command line: usage, default output, a failed render keeps the PDF. */
#include "e2e.h"

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

/* check lays the pages out too: what render would refuse (text too long
 * for its place), check refuses, with the same message. */
static void test_check_lays_out(void)
{
    result c = RUN(bin, "check", "tests/golden/long-caption.txt");
    result r = RUN(bin, "render", "--dump", "tests/golden/long-caption.txt");
    g_assert_cmpint(c.status, ==, 1);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(c.err, "long-caption.txt:10:10: error: this caption does not fit in its space on the page"));
    g_assert_cmpstr(c.err, ==, r.err);
    result_clear(&r);
    result_clear(&c);
}

E2E_TESTS(add_cli_tests, 60)
{
    g_test_add_func("/e2e/cli/check-lays-out", test_check_lays_out);
    g_test_add_func("/e2e/cli/misspelt-key", test_check_misspelt_key);
    g_test_add_func("/e2e/cli/usage", test_usage);
    g_test_add_func("/e2e/cli/default-output", test_default_output);
    g_test_add_func("/e2e/cli/failed-render-keeps-pdf", test_failed_render_keeps_pdf);
}
