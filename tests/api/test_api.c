/* test_api: a client of include/tripreport.h and nothing else (it is
 * built without src/ on its include path): reads the sample, lays it out,
 * renders it to memory, a file, PNG previews and a dump; reads a bad trip's
 * diagnostics as data; checks the options' digest. Run from the project's
 * top folder. */
#include "tripreport.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#define SAMPLE "samples/017-matsue/trip.txt"

static char *scratch(void)
{
    GError *err = NULL;
    char *d = g_dir_make_tmp("test_api-XXXXXX", &err);
    g_assert_no_error(err);
    return d;
}

static void rm_rf(const char *dir)
{
    char *argv[] = { (char *)"rm", (char *)"-rf", (char *)dir, NULL };
    g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL));
}

static void test_version(void)
{
    char *v = g_strdup_printf("%d.%d.%d", TRIPREPORT_VERSION_MAJOR, TRIPREPORT_VERSION_MINOR,
                              TRIPREPORT_VERSION_MICRO);
    g_assert_cmpstr(tripreport_version(), ==, v);
    g_free(v);
}

/* The sample through every stage: 11 pages, a PDF in memory that is a
 * PDF, the same bytes as the file, previews and a dump. */
static void test_sample_stages(void)
{
    g_setenv("SOURCE_DATE_EPOCH", "1708387200", TRUE);
    tripreport_diagnostics *d = tripreport_diagnostics_new();
    tripreport_options o;
    tripreport_options_init(&o);
    GError *err = NULL;
    tripreport_report *r = tripreport_report_load(SAMPLE, &o, d, &err);
    g_assert_no_error(err);
    g_assert_nonnull(r);
    tripreport_layout *l = tripreport_layout_new(r, d, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(tripreport_layout_page_count(l), ==, 11);
    g_assert_cmpint(tripreport_diagnostics_errors(d), ==, 0);

    GBytes *pdf = tripreport_render_pdf_data(l, d, &err);
    g_assert_no_error(err);
    gsize len = 0;
    const char *bytes = g_bytes_get_data(pdf, &len);
    g_assert_cmpuint(len, >, 1000000); /* the photos pass through */
    g_assert_true(memcmp(bytes, "%PDF-", 5) == 0);
    g_assert_nonnull(memmem(bytes + len - 64, 64, "%%EOF", 5)); /* after a stream's binary data */

    char *dir = scratch();
    char *path = g_build_filename(dir, "017.pdf", NULL);
    g_assert_true(tripreport_render_pdf(l, path, d, &err));
    g_assert_no_error(err);
    char *file = NULL;
    gsize flen = 0;
    g_assert_true(g_file_get_contents(path, &file, &flen, NULL));
    g_assert_cmpmem(file, flen, bytes, len);
    g_free(file);

    /* The output may not be an input: refused with a message. */
    g_assert_false(tripreport_render_pdf(l, SAMPLE, d, &err));
    g_assert_error(err, TRIPREPORT_ERROR, TRIPREPORT_ERROR_OUTPUT);
    g_clear_error(&err);
    g_assert_cmpint(tripreport_diagnostics_errors(d), ==, 1);
    tripreport_diagnostic m;
    g_assert_true(tripreport_diagnostics_get(d, tripreport_diagnostics_count(d) - 1, &m));
    g_assert_cmpint(m.severity, ==, TRIPREPORT_SEVERITY_ERROR);
    g_assert_cmpstr(m.file, ==, SAMPLE);
    g_assert_nonnull(strstr(m.message, "is the trip file of this run"));

    char *dump = g_build_filename(dir, "dump.txt", NULL);
    FILE *f = fopen(dump, "w");
    tripreport_render_dump(l, f);
    fclose(f);
    char *text = NULL;
    g_assert_true(g_file_get_contents(dump, &text, NULL, NULL));
    g_assert_true(g_str_has_prefix(text, "document 841.89x595.28"));
    g_free(text);

    tripreport_layout_free(l);
    tripreport_report_free(r);

    /* Previews: the options say where. */
    o.png_dir = dir;
    o.png_dpi = 20;
    o.first_page = 2;
    o.last_page = 3;
    r = tripreport_report_load(SAMPLE, &o, d, &err);
    l = tripreport_layout_new(r, d, &err);
    int written = 0;
    g_assert_true(tripreport_render_png(l, &written, d, &err));
    g_assert_no_error(err);
    g_assert_cmpint(written, ==, 2);
    char *png = g_build_filename(dir, "017-matsue-03.png", NULL);
    g_assert_true(g_file_test(png, G_FILE_TEST_IS_REGULAR));
    g_free(png);
    tripreport_layout_free(l);
    tripreport_report_free(r);

    g_bytes_unref(pdf);
    g_free(dump);
    g_free(path);
    rm_rf(dir);
    g_free(dir);
    tripreport_diagnostics_free(d);
}

/* A trip with mistakes: NULL, an input error, and every message as data
 * with its position, in file order. */
static void test_diagnostics_as_data(void)
{
    char *dir = scratch();
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip,
                                      "number: 3\nplace: 福島県\nperiod: 2024-02-30 .. 2024-03-01\ntraveler: 磐梯太郎\n"
                                      "\n[text]\nheading: 見出し\ncolums: x\ntext: 本文\n",
                                      -1, NULL));
    tripreport_diagnostics *d = tripreport_diagnostics_new();
    GError *err = NULL;
    tripreport_report *r = tripreport_report_load(trip, NULL, d, &err);
    g_assert_null(r);
    g_assert_error(err, TRIPREPORT_ERROR, TRIPREPORT_ERROR_INPUT);
    g_clear_error(&err);
    g_assert_cmpint(tripreport_diagnostics_errors(d), ==, 2);
    tripreport_diagnostic a, b;
    g_assert_true(tripreport_diagnostics_get(d, 0, &a));
    g_assert_true(tripreport_diagnostics_get(d, 1, &b));
    g_assert_cmpuint(tripreport_diagnostics_count(d), ==, 2);
    tripreport_diagnostic none;
    g_assert_false(tripreport_diagnostics_get(d, 2, &none));
    g_assert_cmpint(a.line, ==, 3);
    g_assert_cmpint(a.column, ==, 9);
    g_assert_true(g_str_has_prefix(a.message, "bad period '2024-02-30 .. 2024-03-01'"));
    g_assert_cmpint(b.line, ==, 8);
    g_assert_cmpint(b.column, ==, 1);
    g_assert_cmpstr(b.file, ==, trip);
    char *line = tripreport_diagnostic_format(&b);
    char *want = g_strdup_printf("%s:8:1: error: %s", trip, b.message);
    g_assert_cmpstr(line, ==, want);
    g_free(want);
    g_free(line);
    tripreport_diagnostics_free(d);
    g_free(trip);
    rm_rf(dir);
    g_free(dir);
}

/* The digest differs for every option changed (made from the same list
 * as the struct), and a batch re-renders on it. */
static void test_options_digest(void)
{
    tripreport_options a, b;
    tripreport_options_init(&a);
    tripreport_options_init(&b);
    char *da = tripreport_options_digest(&a), *db = tripreport_options_digest(&b);
    g_assert_cmpstr(da, ==, db);
    g_free(db);
    b.handout = 3;
    db = tripreport_options_digest(&b);
    g_assert_cmpstr(da, !=, db);
    g_free(db);
    g_free(da);
}

/* The simple interface, and the fonts of the default design. */
static void test_render_file_and_fonts(void)
{
    char *dir = scratch();
    char *out = g_build_filename(dir, "r.pdf", NULL);
    int pages = 0;
    GError *err = NULL;
    g_assert_true(tripreport_render_file(SAMPLE, out, NULL, NULL, &pages, &err));
    g_assert_no_error(err);
    g_assert_cmpint(pages, ==, 11);
    g_assert_true(g_file_test(out, G_FILE_TEST_IS_REGULAR));
    char *list = g_build_filename(dir, "fonts.txt", NULL);
    FILE *f = fopen(list, "w");
    g_assert_true(tripreport_fonts_list(NULL, NULL, f, NULL, &err));
    fclose(f);
    char *text = NULL;
    g_assert_true(g_file_get_contents(list, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "font-body"));
    g_assert_nonnull(strstr(text, "BIZ UDPGothic"));
    g_free(text);
    g_free(list);
    g_free(out);
    rm_rf(dir);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/api/version", test_version);
    g_test_add_func("/api/sample-stages", test_sample_stages);
    g_test_add_func("/api/diagnostics-as-data", test_diagnostics_as_data);
    g_test_add_func("/api/options-digest", test_options_digest);
    g_test_add_func("/api/render-file-and-fonts", test_render_file_and_fonts);
    return g_test_run();
}
