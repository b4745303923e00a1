/* test_batch_state: the tables of a batch's output folder and their
 * journal (what a killed batch finished survives; a record cut short is
 * ignored; escaping), the folder's lock (one holder; released, it is free
 * and its file gone) and the sweep of a killed batch's temporary files. */
#include "batch_lock.h"
#include "batch_state.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *make_dir(void)
{
    GError *err = NULL;
    char *d = g_dir_make_tmp("test-batch-state-XXXXXX", &err);
    g_assert_no_error(err);
    return d;
}

static void remove_dir(const char *dir)
{
    GDir *gd = g_dir_open(dir, 0, NULL);
    const char *n;
    while (gd && (n = g_dir_read_name(gd))) {
        char *p = g_build_filename(dir, n, NULL);
        g_unlink(p);
        g_free(p);
    }
    if (gd)
        g_dir_close(gd);
    g_rmdir(dir);
}

static bool exists_in(const char *dir, const char *name)
{
    char *p = g_build_filename(dir, name, NULL);
    struct stat st;
    bool yes = lstat(p, &st) == 0;
    g_free(p);
    return yes;
}

/* What is recorded reaches the journal at once: a batch_state opened
 * again without the first being closed (a kill) sees it; a name with a
 * tab and a newline is one entry; a failed report's entry goes. */
static void test_journal_survives_a_kill(void)
{
    char *dir = make_dir();
    batch_state *s = batch_state_open(dir);
    g_assert_cmpint(s->journal_fd, >=, 0);
    GHashTable *added = g_hash_table_new(g_str_hash, g_str_equal);
    g_hash_table_insert(added, "photos/a\tb.jpg", "1 2.000000003 4 abc");
    batch_state_record(s, "001-one.pdf", "d1 100 5.000000001", false, added);
    batch_state_record(s, "002-two\nlines.pdf", "d2 200 6.000000002", false, NULL);
    batch_state_record(s, "003-three.pdf", "d3 300 7.000000003", false, NULL);
    batch_state_record(s, "003-three.pdf", NULL, true, NULL);
    g_hash_table_unref(added);
    /* Killed here: the tables were never written. */
    g_assert_false(exists_in(dir, BATCH_STATE_FILE));
    batch_state *again = batch_state_open(dir);
    g_assert_cmpuint(g_hash_table_size(again->state), ==, 2);
    g_assert_cmpstr(g_hash_table_lookup(again->state, "001-one.pdf"), ==, "d1 100 5.000000001");
    g_assert_cmpstr(g_hash_table_lookup(again->state, "002-two\nlines.pdf"), ==, "d2 200 6.000000002");
    g_assert_cmpstr(g_hash_table_lookup(again->memo, "photos/a\tb.jpg"), ==, "1 2.000000003 4 abc");
    /* Closed: the tables hold it all, the journal is gone. */
    batch_state_close(again);
    g_assert_false(exists_in(dir, BATCH_JOURNAL_FILE));
    char *sp = g_build_filename(dir, BATCH_STATE_FILE, NULL);
    GHashTable *t = batch_table_read(sp);
    g_assert_cmpuint(g_hash_table_size(t), ==, 2);
    g_assert_cmpstr(g_hash_table_lookup(t, "002-two\nlines.pdf"), ==, "d2 200 6.000000002");
    g_hash_table_unref(t);
    g_free(sp);
    close(s->journal_fd);
    s->journal_fd = -1;
    /* The first one's memory (never closed) freed without writing. */
    g_hash_table_unref(s->state);
    g_hash_table_unref(s->memo);
    g_free(s->outdir);
    g_free(s);
    remove_dir(dir);
    g_free(dir);
}

/* A record cut short (no newline at the end: killed mid-write) and lines
 * of no known kind are ignored; the journal is read over the tables. */
static void test_journal_cut_short(void)
{
    char *dir = make_dir();
    char *sp = g_build_filename(dir, BATCH_STATE_FILE, NULL);
    char *jp = g_build_filename(dir, BATCH_JOURNAL_FILE, NULL);
    g_assert_true(g_file_set_contents(sp, "001-one.pdf\told\n002-two.pdf\tkept\n", -1, NULL));
    g_assert_true(g_file_set_contents(jp,
                                      "S\t001-one.pdf\tnew\n"
                                      "X\t002-two.pdf\tnonsense\n"
                                      "S\t002-two.pdf\n"
                                      "S\t003-three.pdf\tcut sh",
                                      -1, NULL));
    batch_state *s = batch_state_open(dir);
    g_assert_cmpuint(g_hash_table_size(s->state), ==, 2);
    g_assert_cmpstr(g_hash_table_lookup(s->state, "001-one.pdf"), ==, "new");
    g_assert_cmpstr(g_hash_table_lookup(s->state, "002-two.pdf"), ==, "kept");
    g_assert_false(g_hash_table_contains(s->state, "003-three.pdf"));
    /* Appended after the piece cut short: this record stands alone. */
    batch_state_record(s, "004-four.pdf", "d4", false, NULL);
    close(s->journal_fd);
    s->journal_fd = -1;
    batch_state *again = batch_state_open(dir);
    g_assert_cmpstr(g_hash_table_lookup(again->state, "004-four.pdf"), ==, "d4");
    batch_state_close(again);
    g_hash_table_unref(s->state);
    g_hash_table_unref(s->memo);
    g_free(s->outdir);
    g_free(s);
    g_free(jp);
    g_free(sp);
    remove_dir(dir);
    g_free(dir);
}

/* One holder at a time (a second open file description is refused, with
 * our pid in the message); released, the file is gone and the folder
 * free. */
static void test_lock(void)
{
    char *dir = make_dir();
    GError *err = NULL;
    batch_lock *a = batch_lock_take(dir, &err);
    g_assert_no_error(err);
    g_assert_nonnull(a);
    batch_lock *b = batch_lock_take(dir, &err);
    g_assert_null(b);
    g_assert_error(err, BATCH_LOCK_ERROR, BATCH_LOCK_ERROR_BUSY);
    char *pid = g_strdup_printf("(process %ld)", (long)getpid());
    g_assert_nonnull(strstr(err->message, pid));
    g_free(pid);
    g_clear_error(&err);
    batch_lock_release(a);
    g_assert_false(exists_in(dir, BATCH_LOCK_FILE));
    b = batch_lock_take(dir, &err);
    g_assert_no_error(err);
    g_assert_nonnull(b);
    batch_lock_release(b);
    remove_dir(dir);
    g_free(dir);
}

/* Only ".NAME.XXXXXX.part" of the names given, regular files. */
static void test_sweep(void)
{
    char *dir = make_dir();
    const char *gone[] = { ".a.pdf.Ab12Cd.part", "..tripreport-files.000000.part" };
    const char *kept[] = { ".a.pdf.Ab12C.part", ".a.pdf.Ab12Cde.part", ".b.pdf.Ab12Cd.part", ".a.pdf.Ab-2Cd.part",
                           "a.pdf.Ab12Cd.part", ".a.pdf.Ab12Cd.part~", "a.pdf" };
    for (guint i = 0; i < G_N_ELEMENTS(gone); i++) {
        char *p = g_build_filename(dir, gone[i], NULL);
        g_assert_true(g_file_set_contents(p, "x", -1, NULL));
        g_free(p);
    }
    for (guint i = 0; i < G_N_ELEMENTS(kept); i++) {
        char *p = g_build_filename(dir, kept[i], NULL);
        g_assert_true(g_file_set_contents(p, "x", -1, NULL));
        g_free(p);
    }
    char *link = g_build_filename(dir, ".a.pdf.Zz99Zz.part", NULL);
    g_assert_cmpint(symlink("a.pdf", link), ==, 0);
    char *names[] = { "a.pdf", BATCH_MEMO_FILE };
    g_assert_cmpint(batch_lock_sweep(dir, names, 2), ==, 2);
    for (guint i = 0; i < G_N_ELEMENTS(gone); i++)
        g_assert_false(exists_in(dir, gone[i]));
    for (guint i = 0; i < G_N_ELEMENTS(kept); i++)
        g_assert_true(exists_in(dir, kept[i]));
    g_assert_true(exists_in(dir, ".a.pdf.Zz99Zz.part"));
    g_free(link);
    remove_dir(dir);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/batch-state/journal-survives-a-kill", test_journal_survives_a_kill);
    g_test_add_func("/batch-state/journal-cut-short", test_journal_cut_short);
    g_test_add_func("/batch-state/lock", test_lock);
    g_test_add_func("/batch-state/sweep", test_sweep);
    return g_test_run();
}
