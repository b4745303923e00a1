/* test_large_report: our own output is never too large for us. A trip of
 * 100,000 short paragraphs (issue 16: 120,000 failed with "object 4 is too
 * large" from the post-processor's 1 MB object cap) renders to a PDF that
 * holds all of it, whose structure tree's Document element is one object
 * of more than 1 MB. (A trip over the 4 MB cap is refused from its size
 * before it is read: test_safety's oversized-trip.) */
#include "e2e.h"

#define PARAGRAPHS 100000

/* The object 'key' refers to in object 'obj' of 'pdf' ("trailer" for the
 * trailer), as qpdf shows it: "key N 0 R" or "key [ N 0 R"; 0 if none. */
static int ref_of(const char *pdf, const char *obj, const char *key)
{
    char *opt = g_strdup_printf("--show-object=%s", obj);
    result r = RUN("qpdf", opt, pdf);
    g_assert_cmpint(r.status, ==, 0);
    const char *at = strstr(r.out, key);
    int num = 0;
    if (at && sscanf(at + strlen(key), " %d 0 R", &num) != 1 && sscanf(at + strlen(key), " [ %d 0 R", &num) != 1)
        num = 0;
    result_clear(&r);
    g_free(opt);
    return num;
}

static void test_many_paragraphs(void)
{
    if (strstr(bin, "asan")) {
        /* 20 times slower sanitized; its memory checks are the other
         * tests' business. */
        g_test_skip("the sanitized program is too slow for 100,000 paragraphs");
        return;
    }
    char *dir = tmpdir();
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    GString *t = g_string_new("number: 1\nplace: 福島県\nperiod: 2024-07-01 .. 2024-07-02\ntraveler: 磐梯太郎\n\n"
                              "[text]\nheading: 長い報告\ntext:\n");
    for (int i = 0; i < PARAGRAPHS; i++)
        g_string_append_printf(t, "  p%d\n\n", i);
    g_assert_true(g_file_set_contents(trip, t->str, (gssize)t->len, NULL));
    g_string_free(t, TRUE);
    char *pdf = g_build_filename(dir, "big.pdf", NULL);
    gint64 t0 = g_get_monotonic_time();
    result r = RUN(bin, "render", trip, "-o", pdf);
    g_test_message("rendered in %.2f s", (double)(g_get_monotonic_time() - t0) / 1e6);
    /* No error and no warning: only notes (the size) and the summary line. */
    g_assert_null(strstr(r.err, ": error: "));
    g_assert_null(strstr(r.err, ": warning: "));
    g_assert_nonnull(strstr(r.err, " pages, "));
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);

    /* The structure tree's Document element, which holds every
     * paragraph, read back by another reader: more than the old cap. It
     * is in an object stream: found from the trailer, by reference. */
    char *n = g_strdup_printf("%d", ref_of(pdf, "trailer", "/Root"));
    char *tree = g_strdup_printf("%d", ref_of(pdf, n, "/StructTreeRoot"));
    int num = ref_of(pdf, tree, "/K");
    g_free(tree);
    g_free(n);
    g_assert_cmpint(num, >, 0);
    char *opt = g_strdup_printf("--show-object=%d", num);
    r = RUN("qpdf", opt, pdf);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "/S /Document"));
    g_test_message("the Document element (object %d) is %zu bytes", num, strlen(r.out));
    g_assert_cmpuint(strlen(r.out), >, 1 << 20);
    result_clear(&r);
    g_free(opt);

    /* Every paragraph is there: the last one on the last page. */
    int pages = pdf_pages(pdf);
    g_assert_cmpint(pages, >, PARAGRAPHS / 30);
    char *last = g_strdup_printf("%d", pages);
    r = RUN("pdftotext", "-f", last, "-l", last, pdf, "-");
    g_assert_cmpint(r.status, ==, 0);
    char *want = g_strdup_printf("p%d\n", PARAGRAPHS - 1);
    g_assert_nonnull(strstr(r.out, want));
    g_free(want);
    result_clear(&r);

    g_free(last);
    g_free(pdf);
    g_free(trip);
    rm_rf(dir);
    g_free(dir);
}

E2E_TESTS(add_large_report_tests, 36)
{
    g_test_add_func("/e2e/large-report/many-paragraphs", test_many_paragraphs);
}
