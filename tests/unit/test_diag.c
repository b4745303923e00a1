/* Unit tests of diag.c: docs/trip-format.md section 6 — the message form
 * `file:line:column: error: text`, warnings, "all of them at once (up to
 * 20)", and the "did you mean" hints. */
#include "testutil.h"

#include <stdio.h>

static void test_format(void)
{
    diag_list *d = diag_list_new();
    const char *f = diag_file(d, "samples/x/trip.txt");
    diag_error(d, (diag_loc){ f, 14, 1 }, "unknown key '%s' (did you mean '%s'?)", "colums", "columns");
    diag_warning(d, (diag_loc){ f, 3, 12 }, "a warning");
    diag_error(d, (diag_loc){ f, 7, 0 }, "line only");
    diag_warning(d, (diag_loc){ f, 0, 0 }, "whole file");
    diag_error(d, (diag_loc){ NULL, 0, 0 }, "no file");
    tu_assert_messages(d, "samples/x/trip.txt:14:1: error: unknown key 'colums' (did you mean 'columns'?)\n"
                          "samples/x/trip.txt:3:12: warning: a warning\n"
                          "samples/x/trip.txt:7: error: line only\n"
                          "samples/x/trip.txt: warning: whole file\n"
                          "tripreport: error: no file\n");
    g_assert_cmpint(d->errors, ==, 3);
    g_assert_cmpint(d->warnings, ==, 2);
    diag_list_free(d);
    diag_list_free(NULL);
}

static void test_file_interned(void)
{
    diag_list *d = diag_list_new();
    char *name = g_strdup("trip.txt");
    const char *a = diag_file(d, name);
    const char *b = diag_file(d, "trip.txt");
    g_free(name);
    /* The same string, owned by the list. */
    g_assert_true(a == b);
    g_assert_cmpstr(a, ==, "trip.txt");
    diag_list_free(d);
}

/* What diag_print() writes for 'n' errors with cap 'cap'. */
static char *print_n(int n, int cap)
{
    diag_list *d = diag_list_new();
    const char *f = diag_file(d, "t.txt");
    for (int i = 1; i <= n; i++)
        diag_error(d, (diag_loc){ f, i, 1 }, "error %d", i);
    diag_warning(d, (diag_loc){ f, n + 1, 1 }, "last");
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    g_assert_nonnull(out);
    diag_print(d, out, cap);
    fclose(out);
    diag_list_free(d);
    char *s = g_strdup(buf);
    free(buf);
    return s;
}

static void test_print_cap(void)
{
    /* Up to 20 messages, then one line that counts the rest. */
    char *s = print_n(24, 20);
    char **lines = g_strsplit(s, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, 22); /* 20 + summary + "" after the last "\n" */
    g_assert_cmpstr(lines[0], ==, "t.txt:1:1: error: error 1");
    g_assert_cmpstr(lines[19], ==, "t.txt:20:1: error: error 20");
    g_assert_cmpstr(lines[20], ==, "tripreport: 5 more messages not shown (24 errors, 1 warning in all)");
    g_assert_cmpstr(lines[21], ==, "");
    g_strfreev(lines);
    g_free(s);

    /* Exactly 20: all shown, no summary. */
    s = print_n(19, 20);
    g_assert_null(strstr(s, "not shown"));
    g_assert_nonnull(strstr(s, "t.txt:20:1: warning: last\n"));
    g_free(s);

    /* cap 0: no cap. */
    s = print_n(30, 0);
    g_assert_nonnull(strstr(s, "t.txt:30:1: error: error 30\nt.txt:31:1: warning: last\n"));
    g_assert_null(strstr(s, "not shown"));
    g_free(s);
}

static void test_distance(void)
{
    g_assert_cmpint(diag_distance("colums", "columns"), ==, 1);
    g_assert_cmpint(diag_distance("heading", "heading"), ==, 0);
    g_assert_cmpint(diag_distance("", "text"), ==, 4);
    g_assert_cmpint(diag_distance("kitten", "sitting"), ==, 3);
}

static void test_suggest(void)
{
    static const char *const keys[] = { "heading", "columns", "row", "subheading", "text", NULL };
    g_assert_cmpstr(diag_suggest("colums", keys), ==, "columns");
    g_assert_cmpstr(diag_suggest("heding", keys), ==, "heading");
    g_assert_cmpstr(diag_suggest("rows", keys), ==, "row");
    g_assert_cmpstr(diag_suggest("subheadng", keys), ==, "subheading");
    /* Too far from everything: no hint. */
    g_assert_null(diag_suggest("x", keys));
    g_assert_null(diag_suggest("caption", keys));
    static const char *const kinds[] = { "goals", "overview", "bullets", "facts", "schedule", "text", "photos", "closing", NULL };
    g_assert_cmpstr(diag_suggest("schedul", kinds), ==, "schedule");
    g_assert_cmpstr(diag_suggest("photo", kinds), ==, "photos");
    g_assert_null(diag_suggest("title", kinds));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/diag/format", test_format);
    g_test_add_func("/diag/file-interned", test_file_interned);
    g_test_add_func("/diag/print-cap", test_print_cap);
    g_test_add_func("/diag/distance", test_distance);
    g_test_add_func("/diag/suggest", test_suggest);
    return g_test_run();
}
