/* test_batch: batch and volume: survival of bad reports, incremental rules, -j, the volume (Ctrl-C:
 * test_batch_protocol.c). */
#include "e2e.h"

static void test_batch_survives(void)
{
    char *dir = make_series();
    char *out = out_of(dir);
    g_mkdir(out, 0755);
    /* An earlier PDF of the report that now fails. */
    char *old = g_build_filename(out, "003-bad.pdf", NULL);
    g_assert_true(g_file_set_contents(old, "%PDF-old", -1, NULL));
    char *j = g_strdup("-j2");
    const char *argv[] = { bin, "batch", dir, "-o", out, j, NULL };
    const char *env_name = "TRIPREPORT_TEST_CRASH";
    result r = run_env(env_name, "005-inawashiro.pdf", argv);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "rendered 2, skipped 0, failed 3, pages "));
    /* Failures listed with their file:line messages. */
    char *bad = g_build_filename(dir, "003-bad", "trip.txt", NULL);
    char *want = g_strdup_printf("%s:9:1: error: unknown key 'colums'", bad);
    g_assert_nonnull(strstr(r.err, want));
    g_assert_nonnull(strstr(r.err, "no-such-photo.jpg' not found"));
    g_assert_nonnull(strstr(r.err, ": crashed (signal 6)"));
    g_assert_nonnull(strstr(r.err, "] 001-aizu.pdf: rendered, 3 pages"));
    result_clear(&r);
    /* The good ones are there; the earlier PDF of the bad one untouched. */
    char *a = g_build_filename(out, "001-aizu.pdf", NULL), *b = g_build_filename(out, "002-kitakata.pdf", NULL);
    g_assert_true(g_file_test(a, G_FILE_TEST_IS_REGULAR));
    g_assert_true(g_file_test(b, G_FILE_TEST_IS_REGULAR));
    assert_untouched(out, old, "%PDF-old");
    g_free(a);
    g_free(b);
    g_free(want);
    g_free(bad);
    g_free(j);
    rm_rf(dir);
    g_free(old);
    g_free(out);
    g_free(dir);
}

static void test_batch_incremental(void)
{
    char *dir = make_series();
    char *out = out_of(dir);
    result r = RUN(bin, "batch", dir, "-o", out);
    g_assert_nonnull(strstr(r.err, "rendered 3, skipped 0, failed 2"));
    result_clear(&r);
    /* Nothing changed: all skipped. */
    r = RUN(bin, "batch", dir, "-o", out);
    g_assert_nonnull(strstr(r.err, "rendered 0, skipped 3, failed 2"));
    result_clear(&r);
    /* A new modification time, the same content: still skipped. */
    char *trip1 = g_build_filename(dir, "001-aizu", "trip.txt", NULL);
    result t = RUN("touch", "-d", "2030-01-01", trip1);
    result_clear(&t);
    r = RUN(bin, "batch", dir, "-o", out);
    g_assert_nonnull(strstr(r.err, "rendered 0, skipped 3, failed 2"));
    result_clear(&r);
    /* New content: that one only. */
    char *text = NULL;
    g_assert_true(g_file_get_contents(trip1, &text, NULL, NULL));
    char **parts = g_strsplit(text, "会津の町並み", 2);
    char *more = g_strjoinv("会津の古い町並み", parts);
    g_strfreev(parts);
    g_assert_true(g_file_set_contents(trip1, more, -1, NULL));
    r = RUN(bin, "batch", dir, "-o", out);
    g_assert_nonnull(strstr(r.err, "rendered 1, skipped 2, failed 2"));
    g_assert_nonnull(strstr(r.err, "001-aizu.pdf: rendered"));
    result_clear(&r);
    /* Another page design: everything again; --force: everything. */
    r = RUN(bin, "batch", dir, "-o", out, "--layout", "print");
    g_assert_nonnull(strstr(r.err, "rendered 3, skipped 0, failed 2"));
    result_clear(&r);
    r = RUN(bin, "batch", dir, "-o", out, "--layout", "print", "--force");
    g_assert_nonnull(strstr(r.err, "rendered 3, skipped 0, failed 2"));
    result_clear(&r);
    /* A PDF removed by hand is made again. */
    char *pdf2 = g_build_filename(out, "002-kitakata.pdf", NULL);
    g_unlink(pdf2);
    r = RUN(bin, "batch", dir, "-o", out, "--layout", "print");
    g_assert_nonnull(strstr(r.err, "rendered 1, skipped 2, failed 2"));
    result_clear(&r);
    g_free(pdf2);
    g_free(more);
    g_free(text);
    g_free(trip1);
    rm_rf(dir);
    g_free(out);
    g_free(dir);
}

/* One process or two: the same bytes. */
static void test_batch_parallel_identical(void)
{
    char *dir = make_series();
    char *o1 = g_build_filename(dir, "j1", NULL), *o2 = g_build_filename(dir, "j2", NULL);
    result r = RUN(bin, "batch", dir, "-o", o1, "-j1");
    result_clear(&r);
    r = RUN(bin, "batch", dir, "-o", o2, "-j2");
    result_clear(&r);
    const char *names[] = { "001-aizu.pdf", "002-kitakata.pdf", "005-inawashiro.pdf" };
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        char *a = g_build_filename(o1, names[i], NULL), *b = g_build_filename(o2, names[i], NULL);
        gsize la, lb;
        char *ba = file_bytes(a, &la), *bb = file_bytes(b, &lb);
        g_assert_cmpuint(la, ==, lb);
        g_assert_true(memcmp(ba, bb, la) == 0);
        g_free(ba);
        g_free(bb);
        g_free(a);
        g_free(b);
    }
    rm_rf(dir);
    g_free(o1);
    g_free(o2);
    g_free(dir);
}

/* The series as one volume: contents, reports in order, numbers through,
 * a bookmark per report with its own inside, a shared photo stored once. */
static void test_volume(void)
{
    char *dir = make_series();
    char *pdf = g_build_filename(dir, "series.pdf", NULL);
    result r = RUN(bin, "volume", dir, "-o", pdf);
    g_assert_cmpint(r.status, ==, 1); /* two reports cannot be read */
    g_assert_nonnull(strstr(r.err, "unknown key 'colums'"));
    result_clear(&r);
    int n = pdf_pages(pdf);
    g_assert_cmpint(n, ==, 1 + 3 + 3 + 3);
    char *p1 = page_body(pdf, 1);
    g_assert_nonnull(strstr(p1, "目次"));
    g_assert_nonnull(strstr(p1, "第1弾"));
    g_assert_nonnull(strstr(p1, "第5弾"));
    g_free(p1);
    char *num = g_strdup_printf("%d", n);
    r = RUN("pdftotext", "-f", num, "-l", num, pdf, "-");
    char *last = g_strdup_printf("%d / %d", n, n);
    g_assert_nonnull(strstr(r.out, last));
    result_clear(&r);
    JsonNode *root = qpdf_json(pdf);
    JsonArray *ol = json_object_get_array_member(json_node_get_object(root), "outlines");
    g_assert_cmpuint(json_array_get_length(ol), ==, 4);
    JsonObject *second = json_array_get_object_element(ol, 2);
    g_assert_cmpstr(json_str(second, "title"), ==, "第2弾 福島県");
    g_assert_cmpint(json_object_get_int_member(second, "destpageposfrom1"), ==, 5);
    g_assert_cmpuint(json_array_get_length(json_object_get_array_member(second, "kids")), ==, 3);
    json_node_unref(root);
    /* landscape.jpg is in two reports: one image object. */
    r = RUN("pdfimages", "-list", pdf);
    int uses = 0;
    GHashTable *objects = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char **lines = g_strsplit(r.out, "\n", -1);
    for (int i = 2; lines[i]; i++) {
        char enc[16];
        int obj = 0;
        if (sscanf(lines[i], "%*d %*d %*s %*d %*d %*s %*d %*d %15s %*s %d", enc, &obj) != 2 || strcmp(enc, "jpeg") != 0)
            continue;
        uses++;
        g_hash_table_add(objects, g_strdup_printf("%d", obj));
    }
    g_strfreev(lines);
    /* 4 photos placed, 3 files: landscape.jpg, used by two reports, once. */
    g_assert_cmpint(uses, ==, 4);
    g_assert_cmpuint(g_hash_table_size(objects), ==, 3);
    g_hash_table_unref(objects);
    result_clear(&r);
    g_free(last);
    g_free(num);
    rm_rf(dir);
    g_free(pdf);
    g_free(dir);
}

E2E_TESTS(add_batch_tests, 40)
{
    g_test_add_func("/e2e/batch/survives", test_batch_survives);
    g_test_add_func("/e2e/batch/incremental", test_batch_incremental);
    g_test_add_func("/e2e/batch/parallel-identical", test_batch_parallel_identical);
    g_test_add_func("/e2e/volume", test_volume);
}
