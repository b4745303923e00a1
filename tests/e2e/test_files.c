/* test_files: Bad inputs (tests/errors: exact messages), golden layout dumps and their geometry (tests/golden). */
#include "e2e.h"

static void test_error_case(gconstpointer data)
{
    const char *txt = data;
    char *errf = g_strdup_printf("%.*serr", (int)strlen(txt) - 3, txt);
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

static void test_golden(gconstpointer data)
{
    const char *txt = data;
    char *dumpf = g_strdup_printf("%.*sdump", (int)strlen(txt) - 3, txt);
    result r = golden_is_draft(txt) ? RUN(bin, "render", "--dump", "--draft", txt) : RUN(bin, "render", "--dump", txt);
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
        /* The diff above says what changed; the dumps themselves are long. */
        g_assert_true(strcmp(want, r.out) == 0);
        g_free(want);
    }
    result_clear(&r);
    g_free(dumpf);
}

/* Nothing outside the page, no text running out of its box, no two text
 * or image boxes on a page overlapping: checked on a layout dump. */
typedef struct rect {
    double x, y, w, h;
    char role[32];
} rect;

static void check_dump_geometry(const char *dump, const char *name)
{
    double W = 0, H = 0;
    g_assert_cmpint(sscanf(dump, "document %lfx%lf", &W, &H), ==, 2);
    g_assert_null(strstr(dump, " OVERFLOW"));
    char **lines = g_strsplit(dump, "\n", -1);
    GArray *boxes = g_array_new(FALSE, FALSE, sizeof(rect));
    int page = 0, checked = 0;
    for (int i = 0;; i++) {
        const char *l = lines[i];
        if (!l || g_str_has_prefix(l, "page ")) {
            /* Check the page just read. */
            for (guint a = 0; a < boxes->len; a++) {
                rect *ra = &g_array_index(boxes, rect, a);
                for (guint b = a + 1; b < boxes->len; b++) {
                    rect *rb = &g_array_index(boxes, rect, b);
                    double ox = MIN(ra->x + ra->w, rb->x + rb->w) - MAX(ra->x, rb->x);
                    double oy = MIN(ra->y + ra->h, rb->y + rb->h) - MAX(ra->y, rb->y);
                    if (ox > 0.5 && oy > 0.5)
                        g_test_message("%s page %d: %s box overlaps %s box", name, page, ra->role, rb->role);
                    g_assert_false(ox > 0.5 && oy > 0.5);
                    checked++;
                }
            }
            g_array_set_size(boxes, 0);
            if (!l)
                break;
            page++;
            continue;
        }
        rect r = { 0 };
        char type[16];
        if (sscanf(l, "  %15s %31s %lf %lf %lf %lf", type, r.role, &r.x, &r.y, &r.w, &r.h) != 6)
            continue;
        if (strcmp(type, "text") != 0 && strcmp(type, "image") != 0 && strcmp(type, "fill") != 0)
            continue;
        g_assert_cmpfloat(r.x, >=, -0.01);
        g_assert_cmpfloat(r.y, >=, -0.01);
        g_assert_cmpfloat(r.x + r.w, <=, W + 0.01);
        g_assert_cmpfloat(r.y + r.h, <=, H + 0.01);
        if (strcmp(type, "fill") != 0)
            g_array_append_val(boxes, r);
    }
    g_assert_cmpint(page, >, 0);
    (void)checked;
    g_array_unref(boxes);
    g_strfreev(lines);
}

static void test_geometry(gconstpointer data)
{
    const char *txt = data;
    result r = golden_is_draft(txt) ? RUN(bin, "render", "--dump", "--draft", txt) : RUN(bin, "render", "--dump", txt);
    g_assert_cmpint(r.status, ==, 0);
    check_dump_geometry(r.out, txt);
    result_clear(&r);
}

E2E_TESTS(add_files_tests, 70)
{
    add_glob("tests/errors", "/e2e/errors", test_error_case);
    add_glob("tests/golden", "/e2e/golden", test_golden);
    add_glob("tests/golden", "/e2e/geometry", test_geometry);
    g_test_add_data_func("/e2e/geometry/sample", "samples/017-matsue/trip.txt", test_geometry);
}
