/* test_bounds: nothing is drawn outside its box. Every overflow found (a
 * caption, a table header, a closing page, title-page metadata, a credit, a
 * facts title or label, a goal title, a band heading that is too long) is
 * an error at its line, since text would be lost; with --draft it renders
 * cut inside its box with a warning there. A deep list is drawn less deep
 * with a warning; a table too wide for the page is an error; a
 * character no installed font has is a warning at its line and column.
 * The layout's own check (layout_check, printed by --dump as "OVERFLOW"
 * lines) must hold for each. */
#include "e2e.h"

/* The dump has no fault of layout_check (--dump prints them as lines
 * "  OVERFLOW ...") and every text and image box lies on the page. */
static void assert_dump_inside(const char *dump, const char *name)
{
    double W = 0, H = 0;
    g_assert_cmpint(sscanf(dump, "document %lfx%lf", &W, &H), ==, 2);
    if (strstr(dump, "OVERFLOW"))
        g_error("%s: the layout has faults:\n%s", name, strstr(dump, "OVERFLOW"));
    char **lines = g_strsplit(dump, "\n", -1);
    int boxes = 0;
    for (char **l = lines; *l; l++) {
        char type[16], role[32];
        double x, y, w, h;
        if (sscanf(*l, "  %15s %31s %lf %lf %lf %lf", type, role, &x, &y, &w, &h) != 6)
            continue;
        if (strcmp(type, "text") != 0 && strcmp(type, "image") != 0)
            continue;
        boxes++;
        if (x < -0.01 || y < -0.01 || x + w > W + 0.01 || y + h > H + 0.01)
            g_error("%s: %s box off the page: %s", name, role, *l);
    }
    g_assert_cmpint(boxes, >, 0);
    g_strfreev(lines);
}

typedef struct bounds_case {
    const char *file;
    const char *warnings[4]; /* parts of the warnings it must print, NULL-terminated (none: no message at all) */
} bounds_case;

static const bounds_case cases[] = {
    { "tests/golden/long-caption.txt",
      { "long-caption.txt:10:10: warning: this caption does not fit in its space on the page: it is cut after 10 lines "
        "and ends in '…'",
        "long-caption.txt:13:3: warning: this caption does not fit" } },
    { "tests/golden/tall-table-header.txt", { "tall-table-header.txt:9:15: warning: this table header does not fit in its space" } },
    { "tests/golden/long-closing.txt",
      { "long-closing.txt:10:7: warning: this closing text does not fit in its space",
        "long-closing.txt:8:7: warning: this mark does not fit in its space",
        "long-closing.txt:12:3: warning: this signature does not fit in its space" } },
    { "tests/golden/long-title-page.txt",
      { "warning: the line of 'organization' and 'traveler' does not fit in its space",
        "warning: the footer ('series', 'number' and 'place') does not fit in its space" } },
    { "tests/golden/long-facts.txt", { "long-facts.txt:10:9: warning: this credit does not fit in its space" } },
    { "tests/golden/long-goal.txt", { "long-goal.txt:9:7: warning: this title does not fit in its space" } },
    { "tests/golden/deep-list.txt", { "deep-list.txt:24:33: warning: this list item is nested 15 deep" } },
    { "tests/golden/long-heading-band.txt", { "long-heading-band.txt:8:10: warning: this heading does not fit in its space" } },
    { "samples/017-matsue/trip.txt", { NULL } },
};

static void test_case(gconstpointer data)
{
    const bounds_case *bc = data;
    /* Text cut to fit is an error (no report goes out with text lost);
     * with --draft the PDF is made, cut, with the warnings. */
    bool cut = bc->warnings[0] && strstr(bc->warnings[0], "does not fit in its space");
    if (cut) {
        result r = RUN(bin, "render", "--dump", bc->file);
        g_assert_cmpint(r.status, ==, 1);
        for (guint w = 0; w < G_N_ELEMENTS(bc->warnings) && bc->warnings[w]; w++) {
            char *err = g_strdup(bc->warnings[w]);
            char *at = strstr(err, " warning: ");
            if (at && strstr(at, "does not fit in its space")) {
                /* "x:1:2: warning: this caption does not fit in its space…" -> the error's opening */
                char *end = strstr(at, "does not fit in its space") + strlen("does not fit in its space");
                *end = '\0';
                char *want = g_strdup_printf("%.*s error: %s", (int)(at - err), err, at + strlen(" warning: "));
                if (!strstr(r.err, want))
                    g_error("%s: wanted an error with\n  %s\ngot:\n%s", bc->file, want, r.err);
                g_assert_nonnull(strstr(r.err, "even at the smallest size; shorten it (with --draft the PDF is made"));
                g_free(want);
            }
            g_free(err);
        }
        result_clear(&r);
    }
    /* Both designs; the print one not with the sanitized program, which
     * is 20 times slower (its memory checks need no second design). */
    const char *designs[] = { "default", strstr(bin, "asan") ? NULL : "print" };
    for (guint k = 0; k < G_N_ELEMENTS(designs) && designs[k]; k++) {
        result r = cut ? RUN(bin, "render", "--dump", "--draft", "--layout", designs[k], bc->file)
                       : RUN(bin, "render", "--dump", "--layout", designs[k], bc->file);
        if (r.status != 0)
            g_printerr("%s", r.err);
        g_assert_cmpint(r.status, ==, 0);
        for (guint w = 0; w < G_N_ELEMENTS(bc->warnings) && bc->warnings[w]; w++)
            if (!strstr(r.err, bc->warnings[w]))
                g_error("%s (%s): wanted a warning with\n  %s\ngot:\n%s", bc->file, designs[k], bc->warnings[w], r.err);
        if (!bc->warnings[0])
            g_assert_cmpstr(r.err, ==, "");
        assert_dump_inside(r.out, bc->file);
        result_clear(&r);
    }
}

/* Writes 'text' as DIR/trip.txt; returns the path (caller frees). */
static char *write_trip(const char *dir, const char *text)
{
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, text, -1, NULL));
    return trip;
}

#define META "number: 3\nplace: 松江市\nperiod: 2024-02-07\ntraveler: 小野\n\n"

static void test_too_many_columns(void)
{
    char *dir = tmpdir();
    GString *t = g_string_new(META "[schedule]\nheading: 日程\ncolumns: 月日");
    for (int i = 0; i < 30; i++)
        g_string_append_printf(t, " | 列%d", i);
    g_string_append(t, "\nrow: 2024-02-07");
    for (int i = 0; i < 30; i++)
        g_string_append_printf(t, " | %d", i);
    g_string_append_c(t, '\n');
    char *trip = write_trip(dir, t->str);
    char *pdf = g_build_filename(dir, "out.pdf", NULL);
    result r = RUN(bin, "render", trip, "-o", pdf);
    g_assert_cmpint(r.status, ==, 1);
    char *want = g_strdup_printf("%s:8:1: error: this table has 31 columns, but only 20 fit across the page; split it into two tables\n",
                                 trip);
    g_assert_nonnull(strstr(r.err, want));
    g_assert_false(g_file_test(pdf, G_FILE_TEST_EXISTS));
    result_clear(&r);
    g_free(want);
    g_free(pdf);
    g_free(trip);
    g_string_free(t, TRUE);
    rm_rf(dir);
    g_free(dir);
}

static void test_unknown_glyph(void)
{
    char *dir = tmpdir();
    /* U+10FFFD (private use, plane 16) is in no installed face. */
    char *trip = write_trip(dir, META "[text]\nheading: 見出し\ntext:\n  一行目\n  **太字**の\U0010FFFDと\U0010FFFD\n");
    char *pdf = g_build_filename(dir, "out.pdf", NULL);
    result r = RUN(bin, "render", trip, "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    char *want = g_strdup_printf("%1$s:10:10: warning: no installed font can draw 'U+10FFFD' (\U0010FFFD); it will print as a box\n"
                                 "%1$s:10:12: warning: no installed font can draw 'U+10FFFD' (\U0010FFFD); it will print as a box\n",
                                 trip);
    /* The warnings, then render's summary line. */
    g_assert_true(g_str_has_prefix(r.err, want));
    char *summary = g_strdup_printf("%s: 2 pages, ", pdf);
    g_assert_true(g_str_has_prefix(r.err + strlen(want), summary));
    g_assert_cmpint(strchr(r.err + strlen(want), '\n') - r.err, ==, (long)strlen(r.err) - 1);
    g_free(summary);
    g_assert_true(g_file_test(pdf, G_FILE_TEST_EXISTS));
    result_clear(&r);
    g_free(want);
    g_free(pdf);
    g_free(trip);
    rm_rf(dir);
    g_free(dir);
}

E2E_TESTS(add_bounds_tests, 75)
{
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *base = g_path_get_basename(cases[i].file);
        char *path = g_strdup_printf("/e2e/bounds/%.*s", (int)strlen(base) - 4, base);
        g_test_add_data_func(path, &cases[i], test_case);
        g_free(path);
        g_free(base);
    }
    g_test_add_func("/e2e/bounds/too-many-columns", test_too_many_columns);
    g_test_add_func("/e2e/bounds/unknown-glyph", test_unknown_glyph);
}
