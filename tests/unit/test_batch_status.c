/* Unit tests of batch_status.c and batch_state.c: a child's status record
 * read back whole, never from a part of it or from text; batch's tables
 * keep names with tabs and newlines as one entry. */
#include "batch_state.h"
#include "batch_status.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static void fill(batch_status *s)
{
    batch_status_init(s);
    s->outcome = BATCH_OUTCOME_RENDERED;
    s->pages = 123456;
    s->digest = g_strdup("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    g_hash_table_insert(s->memo, g_strdup("photos/a.jpg"), g_strdup("10 1.000000000 7 abc"));
    g_hash_table_insert(s->memo, g_strdup("odd\n@memo x\ty/trip.txt"), g_strdup("5 2.000000000 8 def"));
}

static void test_round_trip(void)
{
    batch_status s, t;
    fill(&s);
    GByteArray *b = batch_status_encode(&s);
    batch_status_init(&t);
    g_assert_true(batch_status_decode(b->data, b->len, &t));
    g_assert_cmpint(t.outcome, ==, BATCH_OUTCOME_RENDERED);
    g_assert_cmpint(t.pages, ==, 123456);
    g_assert_cmpstr(t.digest, ==, s.digest);
    g_assert_cmpuint(g_hash_table_size(t.memo), ==, 2);
    g_assert_cmpstr(g_hash_table_lookup(t.memo, "odd\n@memo x\ty/trip.txt"), ==, "5 2.000000000 8 def");
    g_assert_cmpstr(g_hash_table_lookup(t.memo, "photos/a.jpg"), ==, "10 1.000000000 7 abc");
    /* Skipped and failed, no digest, no memo. */
    batch_status_clear(&s);
    s.outcome = BATCH_OUTCOME_FAILED;
    g_byte_array_unref(b);
    b = batch_status_encode(&s);
    batch_status_clear(&t);
    g_assert_true(batch_status_decode(b->data, b->len, &t));
    g_assert_cmpint(t.outcome, ==, BATCH_OUTCOME_FAILED);
    g_assert_null(t.digest);
    g_assert_cmpuint(g_hash_table_size(t.memo), ==, 0);
    g_byte_array_unref(b);
    batch_status_clear(&s);
    batch_status_clear(&t);
    g_hash_table_unref(s.memo);
    g_hash_table_unref(t.memo);
}

/* A child that dies while sending leaves a prefix of its record: no
 * prefix is a record; nor is a record with anything after it. */
static void test_cut_short(void)
{
    batch_status s, t;
    fill(&s);
    GByteArray *b = batch_status_encode(&s);
    batch_status_init(&t);
    for (guint len = 0; len < b->len; len++) {
        g_assert_false(batch_status_decode(b->data, len, &t));
        g_assert_cmpint(t.outcome, ==, BATCH_OUTCOME_NONE);
        g_assert_null(t.digest);
    }
    g_byte_array_append(b, (const guint8 *)"E", 1);
    g_assert_false(batch_status_decode(b->data, b->len, &t));
    g_byte_array_unref(b);
    batch_status_clear(&s);
    g_hash_table_unref(s.memo);
    g_hash_table_unref(t.memo);
}

/* What the old protocol was (text lines) is not a record. */
static void test_text_is_not_a_record(void)
{
    static const char *const texts[] = {
        "@skipped\n",
        "@pages 3\n@digest abc\n",
        "x/trip.txt:9:1: error: unknown key 'colums'\n@digest 0\n",
        "",
    };
    batch_status t;
    batch_status_init(&t);
    for (guint i = 0; i < G_N_ELEMENTS(texts); i++)
        g_assert_false(batch_status_decode((const guint8 *)texts[i], strlen(texts[i]), &t));
    /* A record must say how it went. */
    static const guint8 end_only[] = { 'E', 0, 0, 0, 0 };
    g_assert_false(batch_status_decode(end_only, sizeof(end_only), &t));
    /* A length past the end. */
    static const guint8 too_long[] = { 'D', 9, 0, 0, 0, 'a', 'b', 'E', 0, 0, 0, 0 };
    g_assert_false(batch_status_decode(too_long, sizeof(too_long), &t));
    g_hash_table_unref(t.memo);
}

/* Keys and values with a tab, a newline, a backslash are one entry each
 * when read back; the file is one line per entry. */
static void test_table_escapes(void)
{
    char *dir = g_dir_make_tmp("test-batch-state-XXXXXX", NULL);
    g_assert_nonnull(dir);
    char *path = g_build_filename(dir, BATCH_STATE_FILE, NULL);
    GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_hash_table_insert(t, g_strdup("002-x\n@skipped\n.pdf"), g_strdup("d 1 2.0"));
    g_hash_table_insert(t, g_strdup("a\tb\\c\r.pdf"), g_strdup("v\\1\t2"));
    g_hash_table_insert(t, g_strdup("017-松江.pdf"), g_strdup("e 3 4.0"));
    batch_table_write(path, t);
    char *text = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    char **lines = g_strsplit(text, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, 4); /* three lines and the empty rest */
    g_strfreev(lines);
    g_free(text);
    GHashTable *back = batch_table_read(path);
    g_assert_cmpuint(g_hash_table_size(back), ==, 3);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, t);
    while (g_hash_table_iter_next(&it, &k, &v))
        g_assert_cmpstr(g_hash_table_lookup(back, k), ==, v);
    g_hash_table_unref(back);
    g_hash_table_unref(t);
    g_unlink(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/batch-status/round-trip", test_round_trip);
    g_test_add_func("/batch-status/cut-short", test_cut_short);
    g_test_add_func("/batch-status/text-is-not-a-record", test_text_is_not_a_record);
    g_test_add_func("/batch-status/table-escapes", test_table_escapes);
    return g_test_run();
}
