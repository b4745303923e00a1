/* test_cut_reported: text that cannot be shown whole is said, at its own
 * key's line and column, however long it is (issue 16: a 100,000-character
 * heading printed 31 characters without a word, and long metadata values
 * were reported at trip.txt:1:1 as "this title"). `check` gives the error;
 * --draft renders it cut, ending in '…', with the warning at the same
 * place. The shorter cases are in tests/errors/long-*.txt. */
#include "e2e.h"

typedef struct cut_case {
    const char *key;  /* the metadata key or "heading" */
    int chars;        /* the value's length, characters */
    const char *what; /* how the messages name it */
    const char *role; /* its box in the dump */
    int line, col;    /* where its value starts */
} cut_case;

static const cut_case cases[] = {
    { "heading", 60000, "this heading", "heading", 8, 10 },
    { "heading", 100000, "this heading", "heading", 8, 10 },
    { "place", 100000, "'place'", "place", 2, 8 },
    { "series", 100000, "'series'", "title", 5, 9 },
};

static void test_cut(gconstpointer data)
{
    const cut_case *cc = data;
    GString *v = g_string_new(NULL);
    for (int i = 0; i < cc->chars; i++)
        g_string_append(v, i % 10 == 9 ? "。" : "あ");
    bool series = strcmp(cc->key, "series") == 0, place = strcmp(cc->key, "place") == 0;
    bool heading = strcmp(cc->key, "heading") == 0;
    char *text = g_strdup_printf("number: 1\nplace: %s\nperiod: 2024-07-01 .. 2024-07-02\ntraveler: 磐梯太郎\n"
                                 "%s%s\n\n[text]\nheading: %s\ntext: 本文\n",
                                 place ? v->str : "福島県", series ? "series: " : "# no series", series ? v->str : "",
                                 heading ? v->str : "見出し");
    char *dir = tmpdir();
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, text, -1, NULL));

    char *err = g_strdup_printf("%s:%d:%d: error: %s does not fit in its space on the page even at the smallest "
                                "size; shorten it (with --draft the PDF is made with it cut after ",
                                trip, cc->line, cc->col, cc->what);
    result r = RUN(bin, "check", trip);
    g_assert_cmpint(r.status, ==, 1);
    if (!strstr(r.err, err))
        g_error("wanted\n  %s\nin:\n%s", err, r.err);
    /* Nothing is said at the top of the file. */
    char *top = g_strdup_printf("%s:1:1:", trip);
    g_assert_null(strstr(r.err, top));
    result_clear(&r);

    char *warn = g_strdup_printf("%s:%d:%d: warning: %s does not fit in its space on the page: it is cut after ", trip,
                                 cc->line, cc->col, cc->what);
    r = RUN(bin, "render", "--dump", "--draft", trip);
    g_assert_cmpint(r.status, ==, 0);
    if (!strstr(r.err, warn))
        g_error("wanted\n  %s\nin:\n%s", warn, r.err);
    g_assert_null(strstr(r.err, top));
    /* The box shows it cut, ending in '…'. */
    char *box = g_strdup_printf("\n  text %s ", cc->role);
    const char *at = strstr(r.out, box);
    g_assert_nonnull(at);
    const char *eol = strchr(at + 1, '\n');
    g_assert_nonnull(eol);
    g_assert_true(eol - at > 4 && strncmp(eol - strlen("…\""), "…\"", strlen("…\"")) == 0);
    result_clear(&r);

    g_free(box);
    g_free(warn);
    g_free(top);
    g_free(err);
    g_free(trip);
    rm_rf(dir);
    g_free(dir);
    g_free(text);
    g_string_free(v, TRUE);
}

E2E_TESTS(add_cut_reported_tests, 76)
{
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *path = g_strdup_printf("/e2e/cut-reported/%s-%d", cases[i].key, cases[i].chars);
        g_test_add_data_func(path, &cases[i], test_cut);
        g_free(path);
    }
}
