/* Unit tests of report.c: the output options' digest, made from the one
 * list REPORT_OUTPUT_OPTIONS, changes when any option changes (so batch
 * renders again), and stays the same when nothing does. */
#include "report.h"

#include <glib.h>
#include <string.h>

/* A value of each kind other than 'v'. */
static const char *other_str(const char *v)
{
    return v && strcmp(v, "x") == 0 ? "y" : "x";
}

static void test_digest_every_option(void)
{
    report_options base;
    memset(&base, 0, sizeof base);
    base.jpeg_quality = 85;
    base.png_dpi = 96;
    char *d0 = report_options_digest(&base);
    char *again = report_options_digest(&base);
    g_assert_cmpstr(d0, ==, again);
    g_free(again);
    int checked = 0;
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_add(seen, g_strdup(d0));
#define CHANGE_STR(f) o.f = other_str(o.f)
#define CHANGE_BOOL(f) o.f = !o.f
#define CHANGE_INT(f) o.f = o.f + 1
#define CHANGE_DOUBLE(f) o.f = o.f + 0.5
#define CHECK_OPTION(kind, name, what)                                                                           \
    {                                                                                                           \
        report_options o = base;                                                                                \
        CHANGE_##kind(name);                                                                                    \
        char *d = report_options_digest(&o);                                                                    \
        if (g_hash_table_contains(seen, d))                                                                     \
            g_test_message("changing '%s' (%s) does not change the digest", #name, what);                       \
        g_assert_false(g_hash_table_contains(seen, d));                                                          \
        g_hash_table_add(seen, d);                                                                              \
        checked++;                                                                                              \
    }
    TRIPREPORT_OUTPUT_OPTIONS(CHECK_OPTION)
#undef CHECK_OPTION
    /* Every field of the struct but 'dump' and 'size_note' (a message
     * about the output, not the output) is in the list: the list's fields
     * and those two fill the struct (no field outside the list). */
    size_t listed = 0;
#define SIZE_OPTION(kind, name, what) listed += sizeof(((report_options *)0)->name);
    TRIPREPORT_OUTPUT_OPTIONS(SIZE_OPTION)
#undef SIZE_OPTION
    size_t own = sizeof(FILE *) + sizeof(bool);
    g_assert_cmpuint(listed + own, <=, sizeof(report_options));
    g_assert_cmpuint(sizeof(report_options) - listed - own, <, 2 * sizeof(void *)); /* padding only */
    g_assert_cmpint(checked, >=, 12);
    g_hash_table_unref(seen);
    g_free(d0);
}

/* A NULL string and an empty one differ, and values are not run
 * together (layout "a;draft=1" is not layout "a" with draft). */
static void test_digest_unambiguous(void)
{
    report_options a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    b.layout = "";
    char *da = report_options_digest(&a), *db = report_options_digest(&b);
    g_assert_cmpstr(da, !=, db);
    g_free(db);
    b.layout = "x;draft=1;";
    db = report_options_digest(&b);
    a.layout = "x";
    a.draft = true;
    g_free(da);
    da = report_options_digest(&a);
    g_assert_cmpstr(da, !=, db);
    g_free(da);
    g_free(db);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/report/options-digest/every-option", test_digest_every_option);
    g_test_add_func("/report/options-digest/unambiguous", test_digest_unambiguous);
    return g_test_run();
}
