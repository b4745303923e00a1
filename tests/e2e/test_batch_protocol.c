/* test_batch_protocol: what a batch's children tell it, and Ctrl-C:
 * messages that look like the old status lines are only messages; a child
 * that ends without its status record failed; a stop signal leaves whole
 * PDFs, no temporary file, exit status 130 and the reports not started
 * named so. */
#include "e2e.h"

#include <poll.h>
#include <stdint.h>
#include <sys/stat.h>

/* A report folder 'name' in 'dir' with 'photos' photos and 'extra' lines
 * at the end of its [photos] page. The photos are small fixtures, or with
 * 'big' the sample's (2 MB each: with --image-dpi each is decoded and
 * scaled, about 80 ms). */
static void make_report(const char *dir, const char *name, int number, int photos, bool big, const char *extra)
{
    static const char *const small_pool[] = { "landscape.jpg", "portrait.jpg", "orient-3.jpg", "orient-6.jpg",
                                              "orient-8.jpg" };
    static const char *const big_pool[] = { "01-city-hall.jpg", "02-counter.jpg", "03-temporary.jpg",
                                            "04-space.jpg", "05-assembly.jpg", "06-history.jpg" };
    char *from = abs_path(big ? "samples/017-matsue/photos" : "out/fixtures");
    char *sub = g_build_filename(dir, name, NULL);
    g_assert_cmpint(g_mkdir(sub, 0755), ==, 0);
    GString *t = g_string_new(NULL);
    g_string_append_printf(t, "number: %d\nplace: 福島県\nperiod: 2024-05-01 .. 2024-05-02\ntraveler: 磐梯太郎\n"
                              "organization: 磐梯町役場\n\n[photos]\nheading: 写真\n",
                           number);
    for (int i = 0; i < photos; i++)
        g_string_append_printf(t, "photo: %s/%s\ncaption: 写真%d\n", from,
                               big ? big_pool[i % G_N_ELEMENTS(big_pool)] : small_pool[i % G_N_ELEMENTS(small_pool)],
                               i + 1);
    g_string_append_printf(t, "%s\n[closing]\n", extra ? extra : "");
    char *trip = g_build_filename(sub, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, t->str, -1, NULL));
    g_free(trip);
    g_string_free(t, TRUE);
    g_free(sub);
    g_free(from);
}

/* The batch's table 'file' in 'out' as read back: one entry per line,
 * "key\tvalue". Caller unrefs. */
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

/* Messages that read like the old protocol's lines ("@skipped",
 * "@digest D", "@pages N", "@memo PATH\tVALUE" after a newline in a
 * folder's name, echoed in a message about the trip) change nothing: the
 * counts are right, a failure's messages are shown whole, and no memo or
 * state entry comes from them. */
/* The identity keys (image_verify_pool_identity) of the .jpg files in the
 * folders make_report() takes its photos from. */
static GHashTable *photo_identities(void)
{
    GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    static const char *const pools[] = { "samples/017-matsue/photos", "out/fixtures" };
    for (size_t i = 0; i < G_N_ELEMENTS(pools); i++) {
        GDir *p = g_dir_open(pools[i], 0, NULL);
        for (const char *f; p && (f = g_dir_read_name(p));) {
            char *path = g_build_filename(pools[i], f, NULL);
            struct stat st;
            if (g_str_has_suffix(f, ".jpg") && stat(path, &st) == 0)
                g_hash_table_add(ids, g_strdup_printf("%ju:%ju:%jd:%jd.%09ld:%jd.%09ld", (uintmax_t)st.st_dev,
                                                      (uintmax_t)st.st_ino, (intmax_t)st.st_size,
                                                      (intmax_t)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec,
                                                      (intmax_t)st.st_ctim.tv_sec, (long)st.st_ctim.tv_nsec));
            g_free(path);
        }
        if (p)
            g_dir_close(p);
    }
    return ids;
}

static void test_messages_look_like_status(void)
{
    char *dir = tmpdir();
    char *out = out_of(dir);
    /* Rendered, with a warning (--draft: the photo missing) naming it. */
    make_report(dir, "001-plain", 1, 1, false, NULL);
    const char *warned = "002-warned\n@skipped\n@pages 99\n";
    make_report(dir, warned, 2, 1, false, "photo: no-such-photo.jpg\ncaption: まだない");
    /* Failed (an unknown key), its messages naming it. */
    const char *failed = "003-failed\n@digest 0\n@memo z\tw\n@skipped\n";
    make_report(dir, failed, 3, 1, false, "colums: x");
    result r = RUN(bin, "batch", dir, "-o", out, "-j1", "--draft");
    g_test_message("%s", r.err);
    g_assert_cmpint(r.status, ==, 1);
    /* The pages are the sum of those the two reports said they have. */
    int pages = 0, counted = 0;
    GMatchInfo *mi = NULL;
    GRegex *re = g_regex_new("\\] [^]]*: rendered, ([0-9]+) pages, ", G_REGEX_MULTILINE, 0, NULL);
    for (g_regex_match(re, r.err, 0, &mi); g_match_info_matches(mi); g_match_info_next(mi, NULL)) {
        char *num = g_match_info_fetch(mi, 1);
        pages += atoi(num);
        counted++;
        g_free(num);
    }
    g_match_info_free(mi);
    g_regex_unref(re);
    g_assert_cmpint(counted, ==, 2);
    char *sum = g_strdup_printf("rendered 2, skipped 0, failed 1, pages %d,", pages);
    g_assert_nonnull(strstr(r.err, sum));
    g_free(sum);
    /* The failure's message, whole, with the lines that look like status. */
    char *bad = g_build_filename(dir, failed, "trip.txt", NULL);
    char *want = g_strdup_printf("\n%s:", bad);
    g_assert_nonnull(strstr(r.err, want));
    g_assert_nonnull(strstr(r.err, "\n@digest 0\n@memo z\tw\n@skipped\n/trip.txt:"));
    result_clear(&r);
    /* Nothing of the messages in the tables: every memo key is a file, or
     * the identity of a photo of the series found whole, with the
     * program's hash, or drawn, with the program's hash and its stream's
     * fields (test_batch_whole.c). */
    GHashTable *memo = read_table(out, ".tripreport-files");
    g_assert_false(g_hash_table_contains(memo, "z"));
    GHashTable *ids = photo_identities();
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, memo);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        if (g_str_has_prefix(k, "jpeg-whole ")) {
            if (!g_hash_table_contains(ids, (const char *)k + strlen("jpeg-whole ")))
                g_error("memo entry for no photo of the series: '%s'", (const char *)k);
            g_assert_cmpuint(strlen(v), ==, 64);
            g_assert_cmpuint(strspn(v, "0123456789abcdef"), ==, 64);
            continue;
        }
        if (g_str_has_prefix(k, "jpeg-stream ")) {
            if (!g_hash_table_contains(ids, (const char *)k + strlen("jpeg-stream ")))
                g_error("memo entry for no photo of the series: '%s'", (const char *)k);
            g_assert_cmpuint(strspn(v, "0123456789abcdef"), ==, 64);
            g_assert_cmpint(((const char *)v)[64], ==, ' ');
            continue;
        }
        char *key = g_strcompress(k);
        if (!g_file_test(key, G_FILE_TEST_EXISTS))
            g_test_message("memo entry for a file that is not there: '%s'", key);
        g_assert_true(g_file_test(key, G_FILE_TEST_EXISTS));
        g_free(key);
    }
    g_hash_table_unref(ids);
    g_hash_table_unref(memo);
    /* The PDFs are there, and the next batch knows them (the names with
     * newlines too): all skipped. */
    char *pdf = g_strdup_printf("%s/%s.pdf", out, warned);
    g_assert_true(g_file_test(pdf, G_FILE_TEST_IS_REGULAR));
    r = RUN(bin, "batch", dir, "-o", out, "-j1", "--draft");
    g_assert_nonnull(strstr(r.err, "rendered 0, skipped 2, failed 1, pages 0,"));
    result_clear(&r);
    g_free(pdf);
    g_free(want);
    g_free(bad);
    rm_rf(dir);
    g_free(out);
    g_free(dir);
}

/* A report's process that ends (exit status 0) without sending its status
 * record failed, with the reason; it is rendered again next time. */
static void test_no_status_is_failure(void)
{
    char *dir = tmpdir();
    char *out = out_of(dir);
    make_report(dir, "001-one", 1, 1, false, NULL);
    make_report(dir, "002-two", 2, 1, false, NULL);
    const char *argv[] = { bin, "batch", dir, "-o", out, "-j2", NULL };
    result r = run_env("TRIPREPORT_TEST_NO_STATUS", "002-two.pdf", argv);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "rendered 1, skipped 0, failed 1, pages "));
    g_assert_nonnull(strstr(r.err, "] 002-two.pdf: FAILED, ended without telling how the report went (exit code 0)\n"));
    char *trip = g_build_filename(dir, "002-two", "trip.txt", NULL);
    char *why = g_strdup_printf("\n%s: ended without telling how the report went (exit code 0)\n", trip);
    g_assert_nonnull(strstr(r.err, why));
    result_clear(&r);
    r = RUN(bin, "batch", dir, "-o", out, "-j2");
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.err, "rendered 1, skipped 1, failed 0, pages "));
    g_assert_nonnull(strstr(r.err, "] 002-two.pdf: rendered, "));
    result_clear(&r);
    g_free(why);
    g_free(trip);
    rm_rf(dir);
    g_free(out);
    g_free(dir);
}

static void own_group(gpointer data)
{
    (void)data;
    setpgid(0, 0);
}

/* Whether 'pdf' is a whole PDF: it ends in %%EOF and qpdf finds it sound. */
static bool pdf_whole(const char *pdf)
{
    gsize len = 0;
    char *b = file_bytes(pdf, &len);
    bool eof = len > 16 && g_strstr_len(b + len - 16, 16, "%%EOF") != NULL;
    g_free(b);
    result r = RUN("qpdf", "--check", pdf);
    bool ok = eof && r.status == 0;
    result_clear(&r);
    return ok;
}

#define STOP_REPORTS 5

/* Ctrl-C (SIGINT to the whole process group, as a terminal sends it; or,
 * with 'data' set, to the batch alone, which must then stop its children
 * itself) once the first report is done: exit status 130, the reports
 * running stopped, no other started, every PDF whole, no temporary file,
 * the summary names each report not started as "not started" (not as
 * failed), and the state table records only the PDF that was made. */
static void test_stopped(gconstpointer data)
{
    bool group = data == NULL;
    char *dir = tmpdir();
    char *out = out_of(dir);
    char *names[STOP_REPORTS], *trips[STOP_REPORTS];
    for (int i = 0; i < STOP_REPORTS; i++) {
        names[i] = g_strdup_printf("%03d-report", i + 1);
        trips[i] = g_build_filename(dir, names[i], "trip.txt", NULL);
        make_report(dir, names[i], i + 1, i == 0 ? 1 : 6, i > 0, NULL);
    }
    /* Two at a time: the first report is quick, the others take about
     * 0.5 s each, so when the first is done the second is running and the
     * last ones have not started. */
    const char *argv[] = { bin, "batch", dir, "-o", out, "-j2", "--image-dpi", "60", NULL };
    GPid pid;
    int err_fd = -1;
    GError *gerr = NULL;
    g_assert_true(g_spawn_async_with_pipes(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
                                           G_SPAWN_STDOUT_TO_DEV_NULL, own_group, NULL, &pid, NULL, NULL,
                                           &err_fd, &gerr));
    g_assert_no_error(gerr);
    /* Read its progress until the first report is done, then stop it. */
    GString *err = g_string_new(NULL);
    bool sent = false;
    gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
    for (;;) {
        struct pollfd pf = { err_fd, POLLIN, 0 };
        int left_ms = (int)((deadline - g_get_monotonic_time()) / 1000);
        g_assert_cmpint(left_ms, >, 0);
        if (poll(&pf, 1, left_ms) <= 0)
            continue;
        char buf[4096];
        ssize_t n = read(err_fd, buf, sizeof(buf));
        if (n <= 0)
            break;
        g_string_append_len(err, buf, n);
        if (!sent && strstr(err->str, "[1/5] ")) {
            g_assert_cmpint(kill(group ? -pid : pid, SIGINT), ==, 0);
            sent = true;
        }
    }
    close(err_fd);
    int wait = 0;
    g_assert_cmpint(waitpid(pid, &wait, 0), ==, pid);
    g_spawn_close_pid(pid);
    g_test_message("%s", err->str);
    g_assert_true(sent);
    g_assert_true(WIFEXITED(wait));
    g_assert_cmpint(WEXITSTATUS(wait), ==, 130);

    /* Each report is rendered, stopped while running, or not started. */
    int rendered = 0, stopped = 0, not_started = 0;
    for (int i = 0; i < STOP_REPORTS; i++) {
        char *done_line = g_strdup_printf("] %s.pdf: rendered, ", names[i]);
        char *stopped_line = g_strdup_printf("] %s.pdf: FAILED, interrupted (signal ", names[i]);
        char *not_line = g_strdup_printf("\n%s: not started\n", trips[i]);
        int ways = 0;
        if (strstr(err->str, done_line))
            ways++, rendered++;
        if (strstr(err->str, stopped_line))
            ways++, stopped++;
        if (strstr(err->str, not_line)) {
            ways++, not_started++;
            /* Not started: not listed as failed, no PDF. */
            char *failed_line = g_strdup_printf("] %s.pdf: FAILED", names[i]);
            g_assert_null(strstr(err->str, failed_line));
            g_free(failed_line);
            char *pdf = g_strdup_printf("%s/%s.pdf", out, names[i]);
            g_assert_false(g_file_test(pdf, G_FILE_TEST_EXISTS));
            g_free(pdf);
        }
        g_assert_cmpint(ways, ==, 1);
        g_free(done_line);
        g_free(stopped_line);
        g_free(not_line);
    }
    /* The first was done, the second stopped (the third perhaps too, if it
     * had started), the last ones not started. */
    g_assert_cmpint(rendered, ==, 1);
    g_assert_cmpint(stopped, >=, 1);
    g_assert_cmpint(not_started, >=, 2);
    char *sum = g_strdup_printf("rendered %d, skipped 0, failed %d, not started %d, pages ", rendered, stopped,
                                not_started);
    g_assert_nonnull(strstr(err->str, sum));
    g_free(sum);
    g_assert_nonnull(strstr(err->str, "\nnot started (the batch was stopped; "));

    /* Every PDF there is whole; nothing else but the two tables. */
    GDir *gd = g_dir_open(out, 0, NULL);
    g_assert_nonnull(gd);
    const char *nm;
    int pdfs = 0;
    while ((nm = g_dir_read_name(gd))) {
        if (strcmp(nm, ".tripreport-state") == 0 || strcmp(nm, ".tripreport-files") == 0)
            continue;
        g_assert_false(g_str_has_suffix(nm, ".part"));
        g_assert_true(g_str_has_suffix(nm, ".pdf") && nm[0] != '.');
        char *pdf = g_build_filename(out, nm, NULL);
        g_assert_true(pdf_whole(pdf));
        g_free(pdf);
        pdfs++;
    }
    g_dir_close(gd);
    g_assert_cmpint(pdfs, >=, rendered);
    g_assert_cmpint(pdfs, <=, rendered + stopped);
    /* No process of it is left. */
    g_assert_cmpint(kill(-pid, 0), ==, -1);

    /* What was rendered is recorded (the next batch skips it), nothing
     * else (the next batch renders it). */
    GHashTable *state = read_table(out, ".tripreport-state");
    g_assert_cmpuint(g_hash_table_size(state), ==, (guint)rendered);
    for (int i = 0; i < STOP_REPORTS; i++) {
        char *name = g_strdup_printf("%s.pdf", names[i]);
        char *done_line = g_strdup_printf("] %s: rendered, ", name);
        g_assert_true(g_hash_table_contains(state, name) == (strstr(err->str, done_line) != NULL));
        g_free(done_line);
        g_free(name);
    }
    g_hash_table_unref(state);

    g_string_free(err, TRUE);
    for (int i = 0; i < STOP_REPORTS; i++) {
        g_free(names[i]);
        g_free(trips[i]);
    }
    rm_rf(dir);
    g_free(out);
    g_free(dir);
}

E2E_TESTS(add_batch_protocol_tests, 41)
{
    g_test_add_func("/e2e/batch-protocol/messages-look-like-status", test_messages_look_like_status);
    g_test_add_func("/e2e/batch-protocol/no-status-is-failure", test_no_status_is_failure);
    g_test_add_data_func("/e2e/batch-protocol/ctrl-c", NULL, test_stopped);
    g_test_add_data_func("/e2e/batch-protocol/stop-signal-to-batch-only", "", test_stopped);
}
