/* test_series_safety: batch and volume over hostile folders. A photo that
 * is a FIFO, a device or a 4 GB sparse file fails its report at once with
 * render's message and is never hashed (-j1, -j2, volume); every folder
 * looked at and not rendered is named with its reason, and the counts
 * printed are those of the output; a series too large for one volume is
 * refused with its size and the limit. */
#include "e2e.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>

/* A report folder 'name' in 'dir' whose one photo is 'photo' (a path as
 * the trip names it). Returns the trip's path; caller frees. */
static char *add_report(const char *dir, const char *name, int number, const char *photo)
{
    char *sub = g_build_filename(dir, name, NULL);
    g_assert_cmpint(g_mkdir_with_parents(sub, 0755), ==, 0);
    char *text = g_strdup_printf("number: %d\nplace: 福島県\nperiod: 2024-06-01 .. 2024-06-02\ntraveler: 磐梯太郎\n"
                                 "organization: 磐梯町役場\n\n[photos]\nheading: 写真\nphoto: %s\ncaption: 写真\n\n"
                                 "[closing]\n",
                                 number, photo);
    char *trip = g_build_filename(sub, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, text, -1, NULL));
    g_free(text);
    g_free(sub);
    return trip;
}

static char *good_photo(void)
{
    return abs_path("out/fixtures/landscape.jpg");
}

/* Runs argv under a 20 s watchdog (timeout(1)); fails the test if it hung. */
static result run_watched(const char *const *argv)
{
    GPtrArray *a = g_ptr_array_new();
    g_ptr_array_add(a, (gpointer) "timeout");
    g_ptr_array_add(a, (gpointer) "20");
    for (int i = 0; argv[i]; i++)
        g_ptr_array_add(a, (gpointer)argv[i]);
    g_ptr_array_add(a, NULL);
    result r = run_in(NULL, (const char *const *)a->pdata);
    g_ptr_array_unref(a);
    g_assert_cmpint(r.status, !=, 124); /* timeout's "it hung" */
    return r;
}
#define WATCHED(...) run_watched((const char *const[]){ __VA_ARGS__, NULL })

/* The line of 'text' that contains 'part' (caller frees), or NULL. */
static char *line_with(const char *text, const char *part)
{
    const char *at = strstr(text, part);
    if (!at)
        return NULL;
    const char *start = at, *end = strchr(at, '\n');
    while (start > text && start[-1] != '\n')
        start--;
    return g_strndup(start, (gsize)((end ? end : at + strlen(at)) - start));
}

/* The keys of the batch table 'file' in 'out' (escaped as written). */
static char *table_text(const char *out, const char *file)
{
    char *path = g_build_filename(out, file, NULL);
    char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        text = g_strdup("");
    g_free(path);
    return text;
}

/* A photo that is a FIFO, a device (ours, made with mknod: as root only),
 * a 4 GB sparse file or a socket: batch at -j1 and -j2 and volume fail that report
 * at once, with the message render gives, and never hash the photo (the
 * memo of file hashes has no entry for it). */
static void test_inputs_checked_first(void)
{
    char *dir = tmpdir();
    char *good = good_photo();
    char *trips[5];
    trips[0] = add_report(dir, "001-good", 1, good);
    trips[1] = add_report(dir, "002-fifo", 2, "p.jpg");
    trips[2] = add_report(dir, "003-device", 3, "p.jpg");
    trips[3] = add_report(dir, "004-sparse", 4, "p.jpg");
    trips[4] = add_report(dir, "005-socket", 5, "p.jpg");
    char *fifo = g_build_filename(dir, "002-fifo", "p.jpg", NULL);
    char *dev = g_build_filename(dir, "003-device", "p.jpg", NULL);
    char *sparse = g_build_filename(dir, "004-sparse", "p.jpg", NULL);
    g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
    bool have_dev = mknod(dev, S_IFCHR | 0600, makedev(1, 5)) == 0; /* as /dev/zero: endless */
    if (!have_dev) {
        g_test_message("not root: no device of our own, the device's report is left out of this test");
        char *sub = g_build_filename(dir, "003-device", NULL);
        rm_rf(sub);
        g_free(sub);
    }
    int fd = open(sparse, O_WRONLY | O_CREAT | O_EXCL, 0600);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ftruncate(fd, (off_t)4 << 30), ==, 0);
    close(fd);
    /* A socket cannot even be opened (ENXIO). */
    char *sock = g_build_filename(dir, "005-socket", "p.jpg", NULL);
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    g_assert_cmpuint(strlen(sock), <, sizeof(sa.sun_path));
    strcpy(sa.sun_path, sock);
    int sfd = socket(AF_UNIX, SOCK_STREAM, 0);
    g_assert_cmpint(sfd, >=, 0);
    g_assert_cmpint(bind(sfd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    int bad = have_dev ? 4 : 3;

    /* What render says of each. */
    char *pdf = g_build_filename(dir, "r.pdf", NULL);
    char *want[5] = { NULL };
    for (int i = 1; i < 5; i++) {
        if (i == 2 && !have_dev)
            continue;
        result r = WATCHED(bin, "render", trips[i], "-o", pdf);
        g_assert_cmpint(r.status, ==, 1);
        want[i] = line_with(r.err, "error: image 'p.jpg' ");
        g_assert_nonnull(want[i]);
        result_clear(&r);
    }
    g_assert_nonnull(strstr(want[1], "is a FIFO (named pipe), not an image file"));
    g_assert_nonnull(strstr(want[3], "is too large (4096 MB; an image may be at most 128 MB)"));
    g_assert_nonnull(strstr(want[4], "is a socket, not an image file"));

    const char *jobs[] = { "-j1", "-j2" };
    for (guint k = 0; k < G_N_ELEMENTS(jobs); k++) {
        char *out = g_build_filename(dir, jobs[k] + 1, NULL);
        gint64 t0 = g_get_monotonic_time();
        result r = WATCHED(bin, "batch", dir, "-o", out, jobs[k]);
        double s = (double)(g_get_monotonic_time() - t0) / 1e6;
        g_test_message("batch %s: %.2f s", jobs[k], s);
        g_assert_cmpint(r.status, ==, 1);
        for (int i = 1; i < 5; i++)
            if (want[i])
                g_assert_nonnull(strstr(r.err, want[i]));
        char *sum = g_strdup_printf("rendered 1, skipped 0, failed %d, ", bad);
        g_assert_nonnull(strstr(r.err, sum));
        g_free(sum);
        /* Never hashed: checked before anything read it. */
        char *memo = table_text(out, ".tripreport-files");
        g_assert_nonnull(strstr(memo, "landscape.jpg"));
        g_assert_null(strstr(memo, "p.jpg"));
        g_free(memo);
        g_assert_cmpfloat(s, <, 10.0);
        result_clear(&r);
        g_free(out);
    }

    char *vol = g_build_filename(dir, "series.pdf", NULL);
    result r = WATCHED(bin, "volume", dir, "-o", vol);
    g_assert_cmpint(r.status, ==, 1);
    for (int i = 1; i < 5; i++)
        if (want[i])
            g_assert_nonnull(strstr(r.err, want[i]));
    int pages = pdf_pages(vol);
    char *sum = g_strdup_printf("%s: 1 reports, %d pages; %d reports left out, each named above with its reason\n", vol,
                                pages, bad);
    g_assert_nonnull(strstr(r.err, sum));
    g_free(sum);
    result_clear(&r);

    g_free(vol);
    for (int i = 0; i < 5; i++) {
        g_free(want[i]);
        g_free(trips[i]);
    }
    close(sfd);
    g_free(sock);
    g_free(pdf);
    g_free(sparse);
    g_free(dev);
    g_free(fifo);
    g_free(good);
    rm_rf(dir);
    g_free(dir);
}

/* Runs the program as the user 'nobody' when we are root (so that
 * permissions mean something), else as ourselves. */
static void drop_root(gpointer data)
{
    (void)data;
    if (geteuid() == 0) {
        if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
            _exit(99);
    }
}

static result run_unprivileged(const char *const *argv)
{
    result r = { -1, NULL, NULL };
    int wait = 0;
    GError *err = NULL;
    gboolean ok = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, drop_root, NULL, &r.out, &r.err, &wait,
                               &err);
    g_assert_no_error(err);
    g_assert_true(ok);
    if (WIFEXITED(wait))
        r.status = WEXITSTATUS(wait);
    g_assert_cmpint(r.status, !=, 99);
    return r;
}
#define RUN_UNPRIVILEGED(...) run_unprivileged((const char *const[]){ __VA_ARGS__, NULL })

/* Whether the unprivileged user can run 'prog' at all: as root, the
 * project may sit in a folder that 'nobody' cannot enter (a clone under
 * /root), and then the permission checks cannot be made here. */
static bool unprivileged_can_run(const char *prog)
{
    /* Every folder from / down to the project must let others through:
     * a clone under /root (0700) runs its own files as root only. */
    char *cwd = g_get_current_dir();
    for (char *p = cwd; p;) {
        char *slash = strchr(p + 1, '/');
        if (slash)
            *slash = '\0';
        struct stat st;
        bool through = stat(cwd[0] ? cwd : "/", &st) == 0 && (st.st_mode & S_IXOTH);
        if (slash)
            *slash = '/';
        if (!through) {
            g_test_message("'nobody' cannot pass through a folder on the way to %s", cwd);
            g_free(cwd);
            return false;
        }
        p = slash;
    }
    g_free(cwd);
    /* And tried the way the test runs it. */
    char *argv[] = { (char *)prog, (char *)"--version", NULL };
    int wait = 0;
    GError *err = NULL;
    gboolean ok = g_spawn_sync(NULL, argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, drop_root,
                               NULL, NULL, NULL, &wait, &err);
    if (!ok) {
        g_test_message("as 'nobody': %s", err->message);
        g_error_free(err);
        return false;
    }
    return WIFEXITED(wait) && WEXITSTATUS(wait) == 0;
}

/* The number of bookmarks at the top of 'pdf'. */
static guint outline_count(const char *pdf)
{
    JsonNode *root = qpdf_json(pdf);
    guint n = json_array_get_length(json_object_get_array_member(json_node_get_object(root), "outlines"));
    json_node_unref(root);
    return n;
}

/* Every folder batch and volume look at and do not render is named with
 * its reason: a report whose trip.txt is a folder, a link to nothing, a
 * FIFO, a link to itself, in a folder that cannot be read, or cannot be
 * read itself is a failure (counted, listed); a folder without trip.txt,
 * a hidden one, batch's output folder and a link to nothing are noted.
 * The counts are those of the output: batch's progress counts every
 * report, volume's summary what its PDF holds. */
static void test_nothing_skipped_in_silence(void)
{
    if (!unprivileged_can_run(bin)) {
        g_test_skip("the user 'nobody' cannot run the program where it is (a folder only root may enter), so "
                    "unreadable folders cannot be made here");
        return;
    }
    char *dir = tmpdir();
    g_assert_cmpint(chmod(dir, 0755), ==, 0);
    char *good = good_photo();
    char *t1 = add_report(dir, "001-good", 1, good), *t2 = add_report(dir, "002-good", 2, good);
    char *t3 = g_build_filename(dir, "003-folder", "trip.txt", NULL);
    g_assert_cmpint(g_mkdir_with_parents(t3, 0755), ==, 0);
    char *t4 = g_build_filename(dir, "004-dangling", "trip.txt", NULL);
    char *d4 = g_path_get_dirname(t4);
    g_assert_cmpint(g_mkdir(d4, 0755), ==, 0);
    g_assert_cmpint(symlink("nowhere.txt", t4), ==, 0);
    char *t5 = g_build_filename(dir, "005-fifo", "trip.txt", NULL);
    char *d5 = g_path_get_dirname(t5);
    g_assert_cmpint(g_mkdir(d5, 0755), ==, 0);
    g_assert_cmpint(mkfifo(t5, 0644), ==, 0);
    char *t6 = add_report(dir, "006-loop", 6, good);
    g_assert_cmpint(g_unlink(t6), ==, 0);
    g_assert_cmpint(symlink("trip.txt", t6), ==, 0);
    char *t7 = add_report(dir, "007-closed-folder", 7, good);
    char *t8 = add_report(dir, "008-closed-trip", 8, good);
    char *none = g_build_filename(dir, "009-no-trip", NULL);
    g_assert_cmpint(g_mkdir(none, 0755), ==, 0);
    char *th = add_report(dir, ".010-hidden", 10, good);
    char *hidden = g_path_get_dirname(th);
    char *link = g_build_filename(dir, "011-link", NULL);
    g_assert_cmpint(symlink("/nonexistent-tripreport-folder", link), ==, 0);
    char *old_out = g_build_filename(dir, "012-old-output", NULL);
    g_assert_cmpint(g_mkdir(old_out, 0755), ==, 0);
    char *old_state = g_build_filename(old_out, ".tripreport-state", NULL);
    g_assert_true(g_file_set_contents(old_state, "", 0, NULL));
    /* Permissions hold for a user other than root (we run it as nobody). */
    char *d7 = g_path_get_dirname(t7);
    g_assert_cmpint(chmod(d7, 0), ==, 0);
    g_assert_cmpint(chmod(t8, 0), ==, 0);
    char *out = tmpdir();
    g_assert_cmpint(chmod(out, 0777), ==, 0);

    result r = RUN_UNPRIVILEGED(bin, "batch", dir, "-o", out, "-j2");
    g_test_message("%s", r.err);
    g_assert_cmpint(r.status, ==, 1);
    /* Eight report folders, each counted; two PDFs made. */
    g_assert_nonnull(strstr(r.err, "[8/8] "));
    g_assert_null(strstr(r.err, "[9/"));
    g_assert_nonnull(strstr(r.err, "rendered 2, skipped 0, failed 6, "));
    char *w[] = {
        g_strdup_printf("\n%s: error: is a folder, not a trip file; this report is left out\n", t3),
        g_strdup_printf("\n%s: error: is a symbolic link to 'nowhere.txt', which does not exist; this report is left "
                        "out\n",
                        t4),
        g_strdup_printf("\n%s: error: is a FIFO (named pipe), not a trip file; this report is left out\n", t5),
        g_strdup_printf("\n%s: error: is a symbolic link that leads back to itself; this report is left out\n", t6),
        g_strdup_printf("\n%s: error: cannot be read (Permission denied); this report is left out\n", t7),
        g_strdup_printf("\n%s: error: cannot read the file: it cannot be opened (permission denied)\n", t8),
        g_strdup_printf("%s: note: no trip.txt in this folder; it is not a report, left out\n", none),
        g_strdup_printf("%s: note: a hidden folder (its name starts with '.') is not a report; it is left out\n",
                        hidden),
        g_strdup_printf("%s: note: a symbolic link to '/nonexistent-tripreport-folder', which does not exist; it is "
                        "left out\n",
                        link),
        g_strdup_printf("%s: note: this is the output folder of a batch (it holds .tripreport-state), not a report; "
                        "it is left out\n",
                        old_out),
    };
    for (guint i = 0; i < G_N_ELEMENTS(w); i++) {
        if (!strstr(r.err, w[i]))
            g_test_message("missing: %s", w[i]);
        g_assert_nonnull(strstr(r.err, w[i]));
    }
    result_clear(&r);

    char *vol = g_build_filename(out, "series.pdf", NULL);
    r = RUN_UNPRIVILEGED(bin, "volume", dir, "-o", vol);
    g_test_message("%s", r.err);
    g_assert_cmpint(r.status, ==, 1);
    /* The same reasons (render's own for the trip that cannot be opened,
     * which is read, then a note that it is left out of the volume). */
    for (guint i = 0; i < G_N_ELEMENTS(w); i++) {
        if (!strstr(r.err, w[i]))
            g_test_message("missing: %s", w[i]);
        g_assert_nonnull(strstr(r.err, w[i]));
    }
    char *t8_out = g_strdup_printf("%s: note: this report is left out of the volume because of its errors\n", t8);
    g_assert_nonnull(strstr(r.err, t8_out));
    g_free(t8_out);
    /* The counts are the PDF's: two reports (and the contents), its pages. */
    int pages = pdf_pages(vol);
    char *sum = g_strdup_printf("%s: 2 reports, %d pages; 6 reports left out, each named above with its reason\n", vol,
                                pages);
    g_assert_nonnull(strstr(r.err, sum));
    g_assert_cmpuint(outline_count(vol), ==, 1 + 2);
    g_free(sum);
    result_clear(&r);

    g_assert_cmpint(chmod(d7, 0755), ==, 0);
    for (guint i = 0; i < G_N_ELEMENTS(w); i++)
        g_free(w[i]);
    g_free(vol);
    rm_rf(out);
    g_free(out);
    g_free(d7);
    g_free(old_state);
    g_free(old_out);
    g_free(link);
    g_free(hidden);
    g_free(th);
    g_free(none);
    g_free(t8);
    g_free(t7);
    g_free(t6);
    g_free(d5);
    g_free(t5);
    g_free(d4);
    g_free(t4);
    g_free(t3);
    g_free(t2);
    g_free(t1);
    g_free(good);
    rm_rf(dir);
    g_free(dir);
}

/* A series too large for one volume is refused with its size and the
 * limit, and no volume is written: trip files over 8 MB together (before
 * any is read: their text is not even a trip), over 20,000 photos (before
 * the layout), over the page limit (here lowered to 5 through the test
 * hook: three reports of 3 pages; the layout stops at the second). */
static void test_volume_too_large(void)
{
    char *dir = tmpdir();
    char *vol = g_build_filename(dir, "series.pdf", NULL);
    char *big = g_build_filename(dir, "big", NULL);
    GString *junk = g_string_new(NULL);
    while (junk->len < (3 << 20))
        g_string_append(junk, "not a key of a trip file, and never read\n");
    g_string_truncate(junk, 3 << 20);
    for (int i = 1; i <= 3; i++) {
        char *trip = g_strdup_printf("%s/00%d/trip.txt", big, i);
        char *sub = g_path_get_dirname(trip);
        g_assert_cmpint(g_mkdir_with_parents(sub, 0755), ==, 0);
        g_assert_true(g_file_set_contents(trip, junk->str, (gssize)junk->len, NULL));
        g_free(sub);
        g_free(trip);
    }
    g_string_free(junk, TRUE);
    result r = WATCHED(bin, "volume", big, "-o", vol);
    g_assert_cmpint(r.status, ==, 1);
    char *want = g_strdup_printf("%s: error: the series is too large for one volume: its 3 trip files hold 9.0 MB, "
                                 "and a volume may hold at most 8 MB of them; make two volumes, each of a part of "
                                 "the series\n",
                                 vol);
    g_assert_cmpstr(r.err, ==, want);
    g_free(want);
    g_assert_false(g_file_test(vol, G_FILE_TEST_EXISTS));
    result_clear(&r);

    char *many = g_build_filename(dir, "many", NULL);
    char *good = good_photo();
    for (int i = 1; i <= 2; i++) {
        GString *t = g_string_new(NULL);
        g_string_append_printf(t, "number: %d\nplace: 福島県\nperiod: 2024-06-01 .. 2024-06-02\ntraveler: 磐梯太郎\n"
                                  "organization: 磐梯町役場\n\n[photos]\nheading: 写真\n",
                               i);
        for (int k = 0; k < 10000 + (i == 1); k++)
            g_string_append_printf(t, "photo: %s\ncaption: 写真\n", good);
        g_string_append(t, "\n[closing]\n");
        char *trip = g_strdup_printf("%s/00%d/trip.txt", many, i);
        char *sub = g_path_get_dirname(trip);
        g_assert_cmpint(g_mkdir_with_parents(sub, 0755), ==, 0);
        g_assert_true(g_file_set_contents(trip, t->str, (gssize)t->len, NULL));
        g_string_free(t, TRUE);
        g_free(sub);
        g_free(trip);
    }
    r = WATCHED(bin, "volume", many, "-o", vol);
    g_assert_cmpint(r.status, ==, 1);
    want = g_strdup_printf("%s: error: the series is too large for one volume: its reports place 20001 photos and "
                           "images, and a volume may hold at most 20000; make two volumes, each of a part of the "
                           "series\n",
                           vol);
    g_assert_cmpstr(r.err, ==, want);
    g_free(want);
    g_assert_false(g_file_test(vol, G_FILE_TEST_EXISTS));
    result_clear(&r);

    char *three = g_build_filename(dir, "three", NULL);
    for (int i = 1; i <= 3; i++) {
        char *name = g_strdup_printf("00%d", i);
        g_free(add_report(three, name, i, good));
        g_free(name);
    }
    const char *argv[] = { bin, "volume", three, "-o", vol, NULL };
    r = run_env("TRIPREPORT_TEST_VOLUME_MAX_PAGES", "5", argv);
    g_assert_cmpint(r.status, ==, 1);
    want = g_strdup_printf("%s: error: the series is too large for one volume: its first 2 of 3 reports already have "
                           "6 pages, and a volume may have at most 5; make two volumes, each of a part of the "
                           "series\n",
                           vol);
    g_assert_cmpstr(r.err, ==, want);
    g_free(want);
    g_assert_false(g_file_test(vol, G_FILE_TEST_EXISTS));
    result_clear(&r);
    /* The hook only lowers the limit: the same series is a volume. */
    r = run_env("TRIPREPORT_TEST_VOLUME_MAX_PAGES", "100000", argv);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_cmpint(pdf_pages(vol), ==, 1 + 9);
    result_clear(&r);

    g_free(three);
    g_free(good);
    g_free(many);
    g_free(big);
    g_free(vol);
    rm_rf(dir);
    g_free(dir);
}

E2E_TESTS(add_series_safety_tests, 42)
{
    g_test_add_func("/e2e/series-safety/inputs-checked-first", test_inputs_checked_first);
    g_test_add_func("/e2e/series-safety/nothing-skipped-in-silence", test_nothing_skipped_in_silence);
    g_test_add_func("/e2e/series-safety/volume-too-large", test_volume_too_large);
}
