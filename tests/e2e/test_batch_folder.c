/* test_batch_folder: a batch's output folder under concurrency and kills:
 * a second batch into it is refused at once (the first's state intact);
 * a batch killed with SIGKILL mid-way leaves nothing that the next one
 * does not clean up (its temporary files, and only those), and the next
 * one skips the reports finished before the kill and renders the rest.
 * The batch is held mid-way by the test hook TRIPREPORT_TEST_HOLD. */
#include "e2e.h"

#include <errno.h>
#include <sys/file.h>

static char *add_report(const char *dir, int number)
{
    char *photo = abs_path("out/fixtures/landscape.jpg");
    char *sub = g_strdup_printf("%s/%03d-r", dir, number);
    g_assert_cmpint(g_mkdir_with_parents(sub, 0755), ==, 0);
    char *text = g_strdup_printf("number: %d\nplace: 福島県\nperiod: 2024-07-01 .. 2024-07-02\ntraveler: 磐梯太郎\n"
                                 "organization: 磐梯町役場\n\n[photos]\nheading: 写真\nphoto: %s\ncaption: 写真\n\n"
                                 "[closing]\n",
                                 number, photo);
    char *trip = g_build_filename(sub, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, text, -1, NULL));
    g_free(text);
    g_free(sub);
    g_free(photo);
    return trip;
}

static void own_group(gpointer data)
{
    (void)data;
    setpgid(0, 0);
}

/* Starts `batch DIR -o OUT -j1` in a process group of its own, the report
 * 'held' (NAME.pdf) holding the batch once it is started until 'flag' is
 * removed; waits until it is held. '*err_fd' reads its stderr. */
static GPid start_held(const char *dir, const char *out, const char *held, const char *flag, int *err_fd)
{
    char **env = g_get_environ();
    char *hold = g_strdup_printf("%s:%s", held, flag);
    env = g_environ_setenv(env, "TRIPREPORT_TEST_HOLD", hold, TRUE);
    const char *argv[] = { bin, "batch", dir, "-o", out, "-j1", NULL };
    GPid pid;
    GError *err = NULL;
    g_assert_true(g_spawn_async_with_pipes(NULL, (char **)argv, env,
                                           G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, own_group, NULL,
                                           &pid, NULL, NULL, err_fd, &err));
    g_assert_no_error(err);
    for (int i = 0; i < 2000 && !g_file_test(flag, G_FILE_TEST_EXISTS); i++)
        g_usleep(10000);
    g_assert_true(g_file_test(flag, G_FILE_TEST_EXISTS));
    g_strfreev(env);
    g_free(hold);
    return pid;
}

/* Everything on 'fd' to its end. */
static char *read_all(int fd)
{
    GString *s = g_string_new(NULL);
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof(buf))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        g_assert_cmpint(n, >, 0);
        g_string_append_len(s, buf, n);
    }
    close(fd);
    return g_string_free(s, FALSE);
}

static GHashTable *read_table(const char *out, const char *file)
{
    GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    char *path = g_build_filename(out, file, NULL);
    char *text = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    char **lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        char *tab = strchr(lines[i], '\t');
        if (tab)
            g_hash_table_insert(t, g_strndup(lines[i], (gsize)(tab - lines[i])), g_strdup(tab + 1));
    }
    g_strfreev(lines);
    g_free(text);
    g_free(path);
    return t;
}

static bool exists_in(const char *dir, const char *name)
{
    char *p = g_build_filename(dir, name, NULL);
    struct stat st;
    bool yes = lstat(p, &st) == 0;
    g_free(p);
    return yes;
}

/* Two batches into one folder: the second is refused at once, naming the
 * folder and the first's process, and touches nothing; the first ends
 * with all its reports recorded (the next batch skips them all); the
 * folder's lock file is gone afterwards. A lock file that is a link is
 * never followed. */
static void test_one_batch_per_folder(void)
{
    char *dir = tmpdir();
    char *out = g_build_filename(dir, "pdf", NULL);
    g_assert_cmpint(g_mkdir(out, 0755), ==, 0);
    char *reports = g_build_filename(dir, "reports", NULL);
    for (int i = 1; i <= 3; i++)
        g_free(add_report(reports, i));
    char *flag = g_build_filename(dir, "held", NULL);
    int err_fd = -1;
    GPid pid = start_held(reports, out, "002-r.pdf", flag, &err_fd);

    result r = RUN(bin, "batch", reports, "-o", out, "--force");
    g_assert_cmpint(r.status, ==, 1);
    char *want = g_strdup_printf("%s: error: another batch (process %d) is writing into this folder; wait until it "
                                 "has finished, or give another output folder\n",
                                 out, (int)pid);
    g_assert_cmpstr(r.err, ==, want);
    g_free(want);
    result_clear(&r);

    g_assert_cmpint(g_unlink(flag), ==, 0);
    char *err = read_all(err_fd);
    int wait = 0;
    g_assert_cmpint(waitpid(pid, &wait, 0), ==, pid);
    g_spawn_close_pid(pid);
    g_test_message("%s", err);
    g_assert_true(WIFEXITED(wait));
    g_assert_cmpint(WEXITSTATUS(wait), ==, 0);
    g_assert_nonnull(strstr(err, "rendered 3, skipped 0, failed 0, "));
    g_free(err);
    GHashTable *state = read_table(out, ".tripreport-state");
    g_assert_cmpuint(g_hash_table_size(state), ==, 3);
    g_hash_table_unref(state);
    g_assert_false(exists_in(out, ".tripreport-lock"));
    g_assert_false(exists_in(out, ".tripreport-journal"));
    r = RUN(bin, "batch", reports, "-o", out);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.err, "rendered 0, skipped 3, failed 0, "));
    result_clear(&r);

    /* A lock file put there as a link: refused, its target untouched. */
    char *victim = g_build_filename(dir, "victim.txt", NULL);
    g_assert_true(g_file_set_contents(victim, "mine", -1, NULL));
    char *lock = g_build_filename(out, ".tripreport-lock", NULL);
    g_assert_cmpint(symlink(victim, lock), ==, 0);
    r = RUN(bin, "batch", reports, "-o", out);
    g_assert_cmpint(r.status, ==, 1);
    want = g_strdup_printf("%s: error: its lock file .tripreport-lock is a symbolic link, which batch never follows; "
                           "remove it, then run the batch again\n",
                           out);
    g_assert_cmpstr(r.err, ==, want);
    g_free(want);
    result_clear(&r);
    char *text = NULL;
    g_assert_true(g_file_get_contents(victim, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "mine");
    g_free(text);

    g_free(lock);
    g_free(victim);
    g_free(flag);
    g_free(reports);
    g_free(out);
    rm_rf(dir);
    g_free(dir);
}

/* A batch killed with SIGKILL while its third report is being made: its
 * process for that report ends with it (no orphan renders on); the next
 * batch removes the temporary files a killed batch leaves (ours, by our
 * exact pattern, regular files only: another's, another pattern and a
 * link stay), skips the two reports finished before the kill and renders
 * the other two; its tables are whole and the journal is gone. */
static void test_killed_batch_resumes(void)
{
    char *dir = tmpdir();
    char *out = g_build_filename(dir, "pdf", NULL);
    g_assert_cmpint(g_mkdir(out, 0755), ==, 0);
    char *reports = g_build_filename(dir, "reports", NULL);
    for (int i = 1; i <= 4; i++)
        g_free(add_report(reports, i));
    char *flag = g_build_filename(dir, "held", NULL);
    int err_fd = -1;
    GPid pid = start_held(reports, out, "003-r.pdf", flag, &err_fd);
    /* Held: 001 and 002 are done, 003's process is running. */
    g_assert_true(exists_in(out, "002-r.pdf"));
    g_assert_true(exists_in(out, ".tripreport-journal"));
    g_assert_cmpint(kill(pid, SIGKILL), ==, 0);
    char *err = read_all(err_fd);
    int wait = 0;
    g_assert_cmpint(waitpid(pid, &wait, 0), ==, pid);
    g_spawn_close_pid(pid);
    g_assert_true(WIFSIGNALED(wait));
    g_test_message("%s", err);
    g_free(err);
    /* Its report's process ends with it (within 5 s). */
    int alive = 0;
    for (alive = 0; alive < 500 && kill(-pid, 0) == 0; alive++)
        g_usleep(10000);
    g_assert_cmpint(kill(-pid, 0), ==, -1);

    /* What a killed batch (or a killed report's process) leaves, and
     * what is not ours. */
    const char *ours[] = { ".004-r.pdf.Ab12Cd.part", "..tripreport-state.x9Y8z7.part" };
    const char *not_ours[] = { ".004-r.pdf.abc.part", ".other.pdf.Ab12Cd.part", ".004-r.pdf.Ab12Cd.partial",
                               "004-r.pdf.Ab12Cd.part" };
    for (guint i = 0; i < G_N_ELEMENTS(ours); i++) {
        char *p = g_build_filename(out, ours[i], NULL);
        g_assert_true(g_file_set_contents(p, "%PDF-", -1, NULL));
        g_free(p);
    }
    for (guint i = 0; i < G_N_ELEMENTS(not_ours); i++) {
        char *p = g_build_filename(out, not_ours[i], NULL);
        g_assert_true(g_file_set_contents(p, "keep", -1, NULL));
        g_free(p);
    }
    char *victim = g_build_filename(dir, "victim.txt", NULL);
    g_assert_true(g_file_set_contents(victim, "mine", -1, NULL));
    char *link = g_build_filename(out, ".001-r.pdf.Zz99Zz.part", NULL);
    g_assert_cmpint(symlink(victim, link), ==, 0);

    result r = RUN(bin, "batch", reports, "-o", out, "-j2");
    g_test_message("%s", r.err);
    g_assert_cmpint(r.status, ==, 0);
    char *note = g_strdup_printf("%s: note: removed 2 temporary files left by an earlier batch that was stopped\n", out);
    g_assert_nonnull(strstr(r.err, note));
    g_free(note);
    g_assert_nonnull(strstr(r.err, "] 001-r.pdf: skipped (unchanged)\n"));
    g_assert_nonnull(strstr(r.err, "] 002-r.pdf: skipped (unchanged)\n"));
    g_assert_nonnull(strstr(r.err, "] 003-r.pdf: rendered, "));
    g_assert_nonnull(strstr(r.err, "] 004-r.pdf: rendered, "));
    g_assert_nonnull(strstr(r.err, "rendered 2, skipped 2, failed 0, "));
    result_clear(&r);
    for (guint i = 0; i < G_N_ELEMENTS(ours); i++)
        g_assert_false(exists_in(out, ours[i]));
    for (guint i = 0; i < G_N_ELEMENTS(not_ours); i++)
        g_assert_true(exists_in(out, not_ours[i]));
    g_assert_true(exists_in(out, ".001-r.pdf.Zz99Zz.part"));
    char *text = NULL;
    g_assert_true(g_file_get_contents(victim, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "mine");
    g_free(text);
    g_assert_false(exists_in(out, ".tripreport-journal"));
    g_assert_false(exists_in(out, ".tripreport-lock"));
    GHashTable *state = read_table(out, ".tripreport-state");
    g_assert_cmpuint(g_hash_table_size(state), ==, 4);
    g_hash_table_unref(state);
    /* And all four are known now. */
    r = RUN(bin, "batch", reports, "-o", out);
    g_assert_nonnull(strstr(r.err, "rendered 0, skipped 4, failed 0, "));
    result_clear(&r);

    g_free(link);
    g_free(victim);
    g_free(flag);
    g_free(reports);
    g_free(out);
    rm_rf(dir);
    g_free(dir);
}

E2E_TESTS(add_batch_folder_tests, 42)
{
    g_test_add_func("/e2e/batch-folder/one-batch-per-folder", test_one_batch_per_folder);
    g_test_add_func("/e2e/batch-folder/killed-batch-resumes", test_killed_batch_resumes);
}
