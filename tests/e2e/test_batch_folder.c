/* test_batch_folder: a batch's output folder (and a volume's output file)
 * under concurrency and kills: a second batch into the folder, or a second
 * volume into the file, is refused at once (the first's state intact); a
 * batch or volume killed with SIGKILL mid-way, or at random moments,
 * leaves nothing that the next one does not clean up (its temporary
 * files, and only those), and the next batch skips the reports finished
 * before the kill and renders the rest. The batch is held mid-way by the
 * test hook TRIPREPORT_TEST_HOLD. */
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

/* Whether a process of the group 'pgid' is still running (a zombie that
 * the system has not reaped yet has ended: not counted). */
static bool group_running(pid_t pgid)
{
    GDir *proc = g_dir_open("/proc", 0, NULL);
    g_assert_nonnull(proc);
    bool running = false;
    const char *nm;
    while (!running && (nm = g_dir_read_name(proc))) {
        if (!g_ascii_isdigit(nm[0]))
            continue;
        char *path = g_strdup_printf("/proc/%s/stat", nm);
        char *stat = NULL;
        if (g_file_get_contents(path, &stat, NULL, NULL)) {
            /* "pid (comm) S ppid pgrp ...": comm may hold ')' */
            const char *close = strrchr(stat, ')');
            char state = 0;
            int ppid = 0, pgrp = 0;
            if (close && sscanf(close + 1, " %c %d %d", &state, &ppid, &pgrp) == 3)
                running = pgrp == pgid && state != 'Z' && state != 'X';
            g_free(stat);
        }
        g_free(path);
    }
    g_dir_close(proc);
    return running;
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
    for (int i = 0; i < 500 && group_running(pid); i++)
        g_usleep(10000);
    g_assert_false(group_running(pid));
    /* Its lock file stays, naming a process that is gone: the next batch
     * takes the folder over (the lock is the kernel's, not the file's). */
    g_assert_true(exists_in(out, ".tripreport-lock"));

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

/* The reports a batch's folder has recorded as made: its state table,
 * then its journal's whole lines over it ("S\tNAME\tSTAMP" made, "D\tNAME"
 * failed), as the next batch reads them. The names here need no escape. */
static GHashTable *recorded(const char *out)
{
    GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char *path = g_build_filename(out, ".tripreport-state", NULL);
    char *text = NULL;
    if (g_file_get_contents(path, &text, NULL, NULL)) {
        char **lines = g_strsplit(text, "\n", -1);
        for (int i = 0; lines[i]; i++) {
            char *tab = strchr(lines[i], '\t');
            if (tab)
                g_hash_table_add(t, g_strndup(lines[i], (gsize)(tab - lines[i])));
        }
        g_strfreev(lines);
        g_free(text);
    }
    g_free(path);
    path = g_build_filename(out, ".tripreport-journal", NULL);
    if (g_file_get_contents(path, &text, NULL, NULL)) {
        char *end = strrchr(text, '\n');
        if (end)
            end[1] = '\0';
        else
            text[0] = '\0'; /* one record cut short: not a record */
        char **lines = g_strsplit(text, "\n", -1);
        for (int i = 0; lines[i]; i++) {
            char **f = g_strsplit(lines[i], "\t", 3);
            if (f[0] && f[1] && strcmp(f[0], "S") == 0 && f[2])
                g_hash_table_add(t, g_strdup(f[1]));
            else if (f[0] && f[1] && strcmp(f[0], "D") == 0)
                g_hash_table_remove(t, f[1]);
            g_strfreev(f);
        }
        g_strfreev(lines);
        g_free(text);
    }
    g_free(path);
    return t;
}

/* The files in 'dir' whose names end in ".part" (temporaries). */
static int temporaries_in(const char *dir)
{
    GDir *gd = g_dir_open(dir, 0, NULL);
    int n = 0;
    const char *nm;
    while (gd && (nm = g_dir_read_name(gd)))
        n += g_str_has_suffix(nm, ".part");
    if (gd)
        g_dir_close(gd);
    return n;
}

#define RANDOM_REPORTS 6
#define RANDOM_ROUNDS 2 /* into a new folder each, at -j1 and at -j2 */
#define RANDOM_KILLS 2  /* batches killed in a row into that folder */

/* Starts `batch REPORTS -o OUT JOBS` in a process group of its own, kills
 * it with SIGKILL 'after_us' later (if it has not ended), and waits until
 * its reports' processes have ended too (at most 5 s: they end with it).
 * True if it was still running when killed. */
static bool batch_killed(const char *reports, const char *out, const char *jobs, int after_us)
{
    const char *argv[] = { bin, "batch", reports, "-o", out, jobs, NULL };
    GPid pid;
    GError *err = NULL;
    g_assert_true(g_spawn_async(NULL, (char **)argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                own_group, NULL, &pid, &err));
    g_assert_no_error(err);
    g_usleep((gulong)after_us);
    kill(pid, SIGKILL);
    int wait = 0;
    g_assert_cmpint(waitpid(pid, &wait, 0), ==, pid);
    g_spawn_close_pid(pid);
    gint64 t0 = g_get_monotonic_time();
    for (int i = 0; i < 500 && group_running(pid); i++)
        g_usleep(10000);
    g_assert_false(group_running(pid));
    g_test_message("%s: killed after %d ms (%s), its processes gone %.3f s later", jobs, after_us / 1000,
                   WIFSIGNALED(wait) ? "running" : "had ended", (double)(g_get_monotonic_time() - t0) / 1e6);
    return WIFSIGNALED(wait);
}

/* Batches at -j1 and at -j2 killed with SIGKILL at random moments (from
 * its start to a little after the time a whole batch takes, measured
 * first), twice in a row into a new folder, then run to the end; two
 * rounds of this. The reports' processes end with their batch. A report
 * recorded as made is never lost by a later kill, and its PDF is there;
 * the run to the end renders exactly the reports not recorded and skips
 * the others; then every PDF is valid (qpdf --check), no temporary file,
 * journal or lock is left, the state table names every report, and the
 * next batch skips them all. */
static void test_killed_at_random(void)
{
    char *dir = tmpdir();
    char *reports = g_build_filename(dir, "reports", NULL);
    for (int i = 1; i <= RANDOM_REPORTS; i++)
        g_free(add_report(reports, i));
    const char *jobs[] = { "-j1", "-j2" };
    int killed_running = 0;
    for (guint k = 0; k < G_N_ELEMENTS(jobs); k++) {
        /* How long a whole batch takes (the sanitized program is many
         * times slower). */
        char *whole = g_strdup_printf("%s/whole%s", dir, jobs[k]);
        gint64 t0 = g_get_monotonic_time();
        result r = RUN(bin, "batch", reports, "-o", whole, jobs[k]);
        g_assert_cmpint(r.status, ==, 0);
        result_clear(&r);
        int whole_us = (int)(g_get_monotonic_time() - t0);
        g_test_message("%s: a whole batch takes %.3f s", jobs[k], whole_us / 1e6);
        g_free(whole);
        for (int round = 0; round < RANDOM_ROUNDS; round++) {
            char *out = g_strdup_printf("%s/out%s-%d", dir, jobs[k], round);
            GHashTable *before = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
            for (int kill_no = 0; kill_no < RANDOM_KILLS; kill_no++) {
                killed_running += batch_killed(reports, out, jobs[k],
                                               g_test_rand_int_range(0, whole_us + whole_us / 5));
                GHashTable *now = recorded(out);
                g_test_message("%u of %d reports recorded, %d temporary files left", g_hash_table_size(now),
                               RANDOM_REPORTS, temporaries_in(out));
                GHashTableIter it;
                gpointer name;
                g_hash_table_iter_init(&it, before);
                while (g_hash_table_iter_next(&it, &name, NULL))
                    g_assert_true(g_hash_table_contains(now, name));
                g_hash_table_iter_init(&it, now);
                while (g_hash_table_iter_next(&it, &name, NULL))
                    g_assert_true(exists_in(out, name));
                g_hash_table_unref(before);
                before = now;
            }
            r = RUN(bin, "batch", reports, "-o", out, jobs[k]);
            g_assert_cmpint(r.status, ==, 0);
            int made = (int)g_hash_table_size(before);
            char *sum = g_strdup_printf("rendered %d, skipped %d, failed 0, ", RANDOM_REPORTS - made, made);
            if (!strstr(r.err, sum))
                g_error("wanted '%s' in:\n%s", sum, r.err);
            g_free(sum);
            result_clear(&r);
            g_assert_cmpint(temporaries_in(out), ==, 0);
            g_assert_false(exists_in(out, ".tripreport-journal"));
            g_assert_false(exists_in(out, ".tripreport-lock"));
            GHashTable *state = read_table(out, ".tripreport-state");
            g_assert_cmpuint(g_hash_table_size(state), ==, RANDOM_REPORTS);
            g_hash_table_unref(state);
            for (int i = 1; i <= RANDOM_REPORTS; i++) {
                char *pdf = g_strdup_printf("%s/%03d-r.pdf", out, i);
                result q = RUN("qpdf", "--check", pdf);
                g_assert_cmpint(q.status, ==, 0);
                result_clear(&q);
                g_free(pdf);
            }
            if (round == RANDOM_ROUNDS - 1) {
                r = RUN(bin, "batch", reports, "-o", out, jobs[k]);
                sum = g_strdup_printf("rendered 0, skipped %d, failed 0, ", RANDOM_REPORTS);
                g_assert_nonnull(strstr(r.err, sum));
                g_free(sum);
                result_clear(&r);
            }
            g_hash_table_unref(before);
            g_free(out);
        }
    }
    g_test_message("%d of %d batches were killed while running", killed_running,
                   2 * RANDOM_ROUNDS * RANDOM_KILLS);
    g_free(reports);
    rm_rf(dir);
    g_free(dir);
}

/* Two volumes into one file: the second is refused at once, naming the
 * first's process, and writes nothing; the first ends with its volume and
 * no lock file. The temporary files of that name a killed volume left are
 * removed by the next (others stay). */
static void test_volume_one_at_a_time(void)
{
    char *dir = tmpdir();
    char *reports = g_build_filename(dir, "reports", NULL);
    for (int i = 1; i <= 2; i++)
        g_free(add_report(reports, i));
    char *vol = g_build_filename(dir, "series.pdf", NULL);
    char *flag = g_build_filename(dir, "held", NULL);
    char *hold = g_strdup_printf("series.pdf:%s", flag);
    char **env = g_environ_setenv(g_get_environ(), "TRIPREPORT_TEST_HOLD", hold, TRUE);
    const char *argv[] = { bin, "volume", reports, "-o", vol, NULL };
    GPid pid;
    int err_fd = -1;
    GError *err = NULL;
    g_assert_true(g_spawn_async_with_pipes(NULL, (char **)argv, env,
                                           G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, own_group, NULL,
                                           &pid, NULL, NULL, &err_fd, &err));
    g_assert_no_error(err);
    for (int i = 0; i < 2000 && !g_file_test(flag, G_FILE_TEST_EXISTS); i++)
        g_usleep(10000);
    g_assert_true(g_file_test(flag, G_FILE_TEST_EXISTS));

    result r = RUN(bin, "volume", reports, "-o", vol);
    g_assert_cmpint(r.status, ==, 1);
    char *want = g_strdup_printf("%s: error: another volume (process %d) is writing this file; wait until it has "
                                 "finished, or give another output name\n",
                                 vol, (int)pid);
    g_assert_cmpstr(r.err, ==, want);
    g_free(want);
    result_clear(&r);
    g_assert_false(g_file_test(vol, G_FILE_TEST_EXISTS));

    g_assert_cmpint(g_unlink(flag), ==, 0);
    char *out = read_all(err_fd);
    int wait = 0;
    g_assert_cmpint(waitpid(pid, &wait, 0), ==, pid);
    g_spawn_close_pid(pid);
    g_test_message("%s", out);
    g_assert_true(WIFEXITED(wait));
    g_assert_cmpint(WEXITSTATUS(wait), ==, 0);
    g_free(out);
    g_assert_cmpint(pdf_pages(vol), ==, 1 + 2 * 3);
    g_assert_false(exists_in(dir, ".series.pdf.tripreport-lock"));

    /* What a killed volume leaves, and what is not its. */
    const char *ours[] = { ".series.pdf.Ab12Cd.part", ".series.pdf.000000.part" };
    const char *not_ours[] = { ".series.pdf.Ab12C.part", ".other.pdf.Ab12Cd.part" };
    for (guint i = 0; i < G_N_ELEMENTS(ours); i++) {
        char *p = g_build_filename(dir, ours[i], NULL);
        g_assert_true(g_file_set_contents(p, "%PDF-", -1, NULL));
        g_free(p);
    }
    for (guint i = 0; i < G_N_ELEMENTS(not_ours); i++) {
        char *p = g_build_filename(dir, not_ours[i], NULL);
        g_assert_true(g_file_set_contents(p, "keep", -1, NULL));
        g_free(p);
    }
    r = RUN(bin, "volume", reports, "-o", vol);
    g_assert_cmpint(r.status, ==, 0);
    want = g_strdup_printf("%s: note: removed 2 temporary files left by an earlier volume that was stopped\n", vol);
    g_assert_nonnull(strstr(r.err, want));
    g_free(want);
    result_clear(&r);
    for (guint i = 0; i < G_N_ELEMENTS(ours); i++)
        g_assert_false(exists_in(dir, ours[i]));
    for (guint i = 0; i < G_N_ELEMENTS(not_ours); i++)
        g_assert_true(exists_in(dir, not_ours[i]));

    g_free(hold);
    g_strfreev(env);
    g_free(flag);
    g_free(vol);
    g_free(reports);
    rm_rf(dir);
    g_free(dir);
}

/* A volume killed with SIGKILL at random moments (up to a little after
 * the time a whole one takes), four times, then made to the end: the PDF
 * is valid (qpdf --check) and whole, and no temporary file or lock is
 * left beside it. */
static void test_volume_killed_at_random(void)
{
    char *dir = tmpdir();
    char *reports = g_build_filename(dir, "reports", NULL);
    for (int i = 1; i <= RANDOM_REPORTS; i++)
        g_free(add_report(reports, i));
    char *out = g_build_filename(dir, "out", NULL);
    g_assert_cmpint(g_mkdir(out, 0755), ==, 0);
    char *vol = g_build_filename(out, "series.pdf", NULL);
    gint64 t0 = g_get_monotonic_time();
    result r = RUN(bin, "volume", reports, "-o", vol);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    int whole_us = (int)(g_get_monotonic_time() - t0);
    g_test_message("a whole volume takes %.3f s", whole_us / 1e6);
    g_assert_cmpint(g_unlink(vol), ==, 0);
    int running = 0;
    for (int k = 0; k < 4; k++) {
        const char *argv[] = { bin, "volume", reports, "-o", vol, NULL };
        GPid pid;
        GError *err = NULL;
        g_assert_true(g_spawn_async(NULL, (char **)argv, NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                        G_SPAWN_STDERR_TO_DEV_NULL,
                                    own_group, NULL, &pid, &err));
        g_assert_no_error(err);
        int after_us = g_test_rand_int_range(0, whole_us + whole_us / 5);
        g_usleep((gulong)after_us);
        kill(pid, SIGKILL);
        int wait = 0;
        g_assert_cmpint(waitpid(pid, &wait, 0), ==, pid);
        g_spawn_close_pid(pid);
        running += WIFSIGNALED(wait);
        g_test_message("killed after %d ms (%s), %d temporary files left", after_us / 1000,
                       WIFSIGNALED(wait) ? "running" : "had ended", temporaries_in(out));
    }
    g_test_message("%d of 4 volumes were killed while running", running);
    r = RUN(bin, "volume", reports, "-o", vol);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    g_assert_cmpint(temporaries_in(out), ==, 0);
    g_assert_false(exists_in(out, ".series.pdf.tripreport-lock"));
    r = RUN("qpdf", "--check", vol);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    g_assert_cmpint(pdf_pages(vol), ==, 1 + RANDOM_REPORTS * 3);
    g_free(vol);
    g_free(out);
    g_free(reports);
    rm_rf(dir);
    g_free(dir);
}

E2E_TESTS(add_batch_folder_tests, 42)
{
    g_test_add_func("/e2e/batch-folder/one-batch-per-folder", test_one_batch_per_folder);
    g_test_add_func("/e2e/batch-folder/killed-batch-resumes", test_killed_batch_resumes);
    g_test_add_func("/e2e/batch-folder/killed-at-random", test_killed_at_random);
    g_test_add_func("/e2e/batch-folder/volume-one-at-a-time", test_volume_one_at_a_time);
    g_test_add_func("/e2e/batch-folder/volume-killed-at-random", test_volume_killed_at_random);
}
