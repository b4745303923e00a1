/* Unit tests of infile.c and outfile.c: every input is a regular file
 * within its cap and never blocks; every output is made exclusively beside
 * its target, never through a link, never over an input, a folder or a
 * device, and appears whole or not at all. */
#include "infile.h"
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *scratch(void)
{
    GError *err = NULL;
    char *d = g_dir_make_tmp("test_files-XXXXXX", &err);
    g_assert_no_error(err);
    return d;
}

static void rm_rf(const char *dir)
{
    char *argv[] = { (char *)"rm", (char *)"-rf", (char *)dir, NULL };
    g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL));
}

static char *put(const char *dir, const char *name, const char *text)
{
    char *p = g_build_filename(dir, name, NULL);
    g_assert_true(g_file_set_contents(p, text, -1, NULL));
    return p;
}

static gint cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in 'dir', sorted, joined by " ". Caller frees. */
static char *listing(const char *dir)
{
    GDir *gd = g_dir_open(dir, 0, NULL);
    g_assert_nonnull(gd);
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    const char *n;
    while ((n = g_dir_read_name(gd)))
        g_ptr_array_add(a, g_strdup(n));
    g_dir_close(gd);
    g_ptr_array_sort(a, cmp_names);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < a->len; i++)
        g_string_append_printf(s, "%s%s", i ? " " : "", (char *)g_ptr_array_index(a, i));
    g_ptr_array_unref(a);
    return g_string_free(s, FALSE);
}

/*** infile ***/

static void test_read_regular(void)
{
    char *dir = scratch();
    char *p = put(dir, "trip.txt", "place: 松江\n");
    char *bytes = NULL;
    gsize len = 0;
    GError *err = NULL;
    g_assert_true(infile_read(p, INFILE_TRIP, &bytes, &len, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(len, ==, strlen("place: 松江\n"));
    g_assert_cmpstr(bytes, ==, "place: 松江\n");
    g_free(bytes);
    g_free(p);
    rm_rf(dir);
    g_free(dir);
    infile_forget();
}

/* A FIFO with no writer: open() would wait for ever without O_NONBLOCK. */
static void test_fifo_never_blocks(void)
{
    char *dir = scratch();
    char *p = g_build_filename(dir, "layout.layout", NULL);
    g_assert_cmpint(mkfifo(p, 0600), ==, 0);
    gint64 t0 = g_get_monotonic_time();
    char *bytes = NULL;
    gsize len = 0;
    GError *err = NULL;
    g_assert_false(infile_read(p, INFILE_LAYOUT, &bytes, &len, &err));
    g_assert_error(err, INFILE_ERROR, INFILE_ERROR_NOT_REGULAR);
    g_assert_cmpstr(err->message, ==, "is a FIFO (named pipe), not a layout file; give the path of a real file");
    g_assert_cmpint(g_get_monotonic_time() - t0, <, 2 * G_USEC_PER_SEC);
    g_clear_error(&err);
    g_assert_cmpint(infile_open(p, INFILE_IMAGE, NULL, &err), <, 0);
    g_assert_cmpstr(err->message, ==, "is a FIFO (named pipe), not an image file; give the path of a real file");
    g_clear_error(&err);
    g_free(p);
    rm_rf(dir);
    g_free(dir);
}

static void test_not_regular(void)
{
    GError *err = NULL;
    char *bytes = NULL;
    gsize len = 0;
    /* A device that never ends: refused before a byte is read. */
    g_assert_false(infile_read("/dev/zero", INFILE_LAYOUT, &bytes, &len, &err));
    g_assert_cmpstr(err->message, ==, "is a device, not a layout file; give the path of a real file");
    g_clear_error(&err);
    char *dir = scratch();
    g_assert_false(infile_read(dir, INFILE_TRIP, &bytes, &len, &err));
    g_assert_error(err, INFILE_ERROR, INFILE_ERROR_NOT_REGULAR);
    g_assert_cmpstr(err->message, ==, "is a folder, not a trip file");
    g_clear_error(&err);
    char *missing = g_build_filename(dir, "nothere.jpg", NULL);
    g_assert_false(infile_read(missing, INFILE_IMAGE, &bytes, &len, &err));
    g_assert_error(err, INFILE_ERROR, INFILE_ERROR_NOT_FOUND);
    g_clear_error(&err);
    /* A link that points at itself. */
    char *loop = g_build_filename(dir, "loop.jpg", NULL);
    g_assert_cmpint(symlink("loop.jpg", loop), ==, 0);
    g_assert_false(infile_read(loop, INFILE_IMAGE, &bytes, &len, &err));
    g_assert_cmpstr(err->message, ==, "is a symbolic link that leads round in a loop; make it point to the real file");
    g_clear_error(&err);
    g_free(loop);
    g_free(missing);
    rm_rf(dir);
    g_free(dir);
}

/* A file over its kind's cap is refused from its size, without reading
 * it (a sparse file: no disk used). */
static void test_caps(void)
{
    char *dir = scratch();
    char *p = g_build_filename(dir, "trip.txt", NULL);
    int fd = open(p, O_CREAT | O_WRONLY, 0600);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ftruncate(fd, INFILE_MAX_TRIP + 1), ==, 0);
    close(fd);
    char *bytes = NULL;
    gsize len = 0;
    GError *err = NULL;
    g_assert_false(infile_read(p, INFILE_TRIP, &bytes, &len, &err));
    g_assert_error(err, INFILE_ERROR, INFILE_ERROR_TOO_LARGE);
    g_assert_cmpstr(err->message, ==, "is too large (4.1 MB; a trip file may be at most 4.0 MB)");
    g_clear_error(&err);
    /* At the cap it is read (the same file as an image: 128 MB cap). */
    g_assert_true(infile_read(p, INFILE_IMAGE, &bytes, &len, &err));
    g_assert_cmpuint(len, ==, INFILE_MAX_TRIP + 1);
    g_free(bytes);
    /* 4 GB of holes as a photo: refused at once. */
    fd = open(p, O_WRONLY);
    g_assert_cmpint(ftruncate(fd, 4LL << 30), ==, 0);
    close(fd);
    gint64 t0 = g_get_monotonic_time();
    g_assert_cmpint(infile_open(p, INFILE_IMAGE, NULL, &err), <, 0);
    g_assert_cmpstr(err->message, ==, "is too large (4096 MB; an image may be at most 128 MB)");
    g_assert_cmpint(g_get_monotonic_time() - t0, <, G_USEC_PER_SEC / 2);
    g_clear_error(&err);
    g_free(p);
    rm_rf(dir);
    g_free(dir);
}

/* Every file opened is an input of the run, by device and inode. */
static void test_inputs_recorded(void)
{
    infile_forget();
    char *dir = scratch();
    char *p = put(dir, "trip.txt", "x");
    struct stat st;
    g_assert_cmpint(stat(p, &st), ==, 0);
    g_assert_false(infile_is_input(st.st_dev, st.st_ino, NULL, NULL));
    char *bytes = NULL;
    gsize len = 0;
    g_assert_true(infile_read(p, INFILE_TRIP, &bytes, &len, NULL));
    g_free(bytes);
    const char *named = NULL;
    infile_kind kind = INFILE_NONE;
    g_assert_true(infile_is_input(st.st_dev, st.st_ino, &named, &kind));
    g_assert_cmpstr(named, ==, p);
    g_assert_cmpint(kind, ==, INFILE_TRIP);
    /* Batch's own tables are read and written back: not inputs. */
    char *state = put(dir, ".tripreport-state", "a\tb\n");
    g_assert_true(infile_read(state, INFILE_STATE, &bytes, &len, NULL));
    g_free(bytes);
    g_assert_cmpint(stat(state, &st), ==, 0);
    g_assert_false(infile_is_input(st.st_dev, st.st_ino, NULL, NULL));
    infile_forget();
    g_assert_cmpint(stat(p, &st), ==, 0);
    g_assert_false(infile_is_input(st.st_dev, st.st_ino, NULL, NULL));
    g_free(state);
    g_free(p);
    rm_rf(dir);
    g_free(dir);
}

/*** outfile ***/

/* Checks 'path'; the message (or "" when allowed). Caller frees. */
static char *check(const char *path)
{
    GError *err = NULL;
    if (outfile_check(path, &err))
        return g_strdup("");
    char *m = g_strdup(err->message);
    g_error_free(err);
    return m;
}

static void test_check_refuses(void)
{
    infile_forget();
    char *dir = scratch();
    char *trip = put(dir, "trip.txt", "place: x\n");
    char *bytes = NULL;
    gsize len = 0;
    g_assert_true(infile_read(trip, INFILE_TRIP, &bytes, &len, NULL));
    g_free(bytes);
    char *m = check(trip);
    char *want = g_strdup_printf("is the trip file of this run ('%s'); writing the output there would destroy it: "
                                 "choose another name",
                                 trip);
    g_assert_cmpstr(m, ==, want);
    g_free(want);
    g_free(m);
    /* Another name for the same file. */
    char *hard = g_build_filename(dir, "copy.pdf", NULL);
    g_assert_cmpint(link(trip, hard), ==, 0);
    m = check(hard);
    g_assert_true(g_str_has_prefix(m, "is the trip file of this run"));
    g_free(m);
    char *link_path = g_build_filename(dir, "link.pdf", NULL);
    g_assert_cmpint(symlink("elsewhere.pdf", link_path), ==, 0);
    m = check(link_path);
    g_assert_true(g_str_has_prefix(m, "is a symbolic link;"));
    g_free(m);
    m = check(dir);
    g_assert_cmpstr(m, ==, "is a folder; give a file name in it, like FOLDER/report.pdf");
    g_free(m);
    m = check("/dev/null");
    g_assert_cmpstr(m, ==, "is a device, not a file; choose a file name for the output");
    g_free(m);
    m = check("");
    g_assert_cmpstr(m, ==, "is not a file name (the name is empty)");
    g_free(m);
    char *slash = g_strconcat(dir, "/", NULL);
    m = check(slash);
    g_assert_true(g_str_has_prefix(m, "names a folder (it ends in '/')"));
    g_free(m);
    char *deep = g_build_filename(dir, "typo", "x.pdf", NULL);
    m = check(deep);
    g_assert_true(g_str_has_prefix(m, "cannot be written: the folder '"));
    g_assert_true(g_str_has_suffix(m, "typo' does not exist; create it first, or check the spelling"));
    g_free(m);
    /* Allowed: a new name, an existing PDF, standard output. */
    char *fresh = g_build_filename(dir, "new.pdf", NULL);
    m = check(fresh);
    g_assert_cmpstr(m, ==, "");
    g_free(m);
    char *old = put(dir, "old.pdf", "%PDF-old");
    m = check(old);
    g_assert_cmpstr(m, ==, "");
    g_free(m);
    m = check("-");
    g_assert_cmpstr(m, ==, "");
    g_free(m);
    g_free(old);
    g_free(fresh);
    g_free(deep);
    g_free(slash);
    g_free(link_path);
    g_free(hard);
    g_free(trip);
    rm_rf(dir);
    g_free(dir);
    infile_forget();
}

/* The temporary file is beside the target, hidden, new, and goes away:
 * renamed into place by commit, removed by abort. */
static void test_commit_and_abort(void)
{
    char *dir = scratch();
    char *target = put(dir, "r.pdf", "old");
    GError *err = NULL;
    outfile *f = outfile_new(target, &err);
    g_assert_no_error(err);
    g_assert_nonnull(f);
    char *names = listing(dir);
    g_assert_true(g_str_has_prefix(names, ".r.pdf."));
    g_assert_true(g_str_has_suffix(names, ".part r.pdf"));
    g_free(names);
    g_assert_cmpint(write(outfile_fd(f), "new", 3), ==, 3);
    char *now = NULL;
    g_assert_true(g_file_get_contents(target, &now, NULL, NULL));
    g_assert_cmpstr(now, ==, "old"); /* not yet */
    g_free(now);
    g_assert_true(outfile_commit(f, &err));
    g_assert_no_error(err);
    g_assert_true(g_file_get_contents(target, &now, NULL, NULL));
    g_assert_cmpstr(now, ==, "new");
    g_free(now);
    names = listing(dir);
    g_assert_cmpstr(names, ==, "r.pdf");
    g_free(names);

    f = outfile_new(target, &err);
    g_assert_cmpint(write(outfile_fd(f), "half", 4), ==, 4);
    outfile_abort(f);
    g_assert_true(g_file_get_contents(target, &now, NULL, NULL));
    g_assert_cmpstr(now, ==, "new");
    g_free(now);
    names = listing(dir);
    g_assert_cmpstr(names, ==, "r.pdf");
    g_free(names);
    g_free(target);
    rm_rf(dir);
    g_free(dir);
}

/* A link put where the output will go, after the check: the rename
 * replaces the link itself; what it points at is never written. */
static void test_never_through_links(void)
{
    char *dir = scratch();
    char *victim = put(dir, "victim.txt", "precious");
    char *target = g_build_filename(dir, "r.pdf", NULL);
    GError *err = NULL;
    outfile *f = outfile_new(target, &err);
    g_assert_nonnull(f);
    g_assert_cmpint(symlink(victim, target), ==, 0);
    g_assert_cmpint(write(outfile_fd(f), "new", 3), ==, 3);
    /* Checked again before the rename: refused, nothing written anywhere. */
    g_assert_false(outfile_commit(f, &err));
    g_assert_error(err, OUTFILE_ERROR, OUTFILE_ERROR_NOT_REGULAR);
    g_clear_error(&err);
    char *now = NULL;
    g_assert_true(g_file_get_contents(victim, &now, NULL, NULL));
    g_assert_cmpstr(now, ==, "precious");
    g_free(now);
    char *names = listing(dir);
    g_assert_cmpstr(names, ==, "r.pdf victim.txt");
    g_free(names);
    g_free(target);
    g_free(victim);
    rm_rf(dir);
    g_free(dir);
}

/* Ctrl-C while the file is being written: the temporary file goes, the
 * old file stays, the process dies of the signal. */
static void test_signal_removes_temporary(void)
{
    char *dir = scratch();
    char *target = put(dir, "r.pdf", "old");
    pid_t pid = fork();
    if (pid == 0) {
        /* As from a terminal: a shell that runs us in the background
         * (CI, `make test &`) hands SIGINT down ignored, and outfile rightly
         * leaves an ignored signal ignored. */
        signal(SIGINT, SIG_DFL);
        outfile *f = outfile_new(target, NULL);
        if (!f)
            _exit(3);
        if (write(outfile_fd(f), "part", 4) != 4)
            _exit(4);
        raise(SIGINT);
        _exit(5); /* not reached */
    }
    int status = 0;
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    g_assert_true(WIFSIGNALED(status));
    g_assert_cmpint(WTERMSIG(status), ==, SIGINT);
    char *names = listing(dir);
    g_assert_cmpstr(names, ==, "r.pdf");
    g_free(names);
    char *now = NULL;
    g_assert_true(g_file_get_contents(target, &now, NULL, NULL));
    g_assert_cmpstr(now, ==, "old");
    g_free(now);
    g_free(target);
    rm_rf(dir);
    g_free(dir);
}

/* outfile_write_new never replaces: the refusal comes from the rename
 * itself (nothing is checked before), so a file that appears while the new
 * one is written is kept too. */
static void test_write_new_never_replaces(void)
{
    char *dir = scratch();
    char *target = g_build_filename(dir, "trip.txt", NULL);
    GError *err = NULL;
    g_assert_true(outfile_write_new(target, "first", 5, &err));
    g_assert_no_error(err);
    g_assert_false(outfile_write_new(target, "second", 6, &err));
    g_assert_error(err, OUTFILE_ERROR, OUTFILE_ERROR_EXISTS);
    g_clear_error(&err);
    char *text = NULL;
    g_assert_true(g_file_get_contents(target, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "first");
    g_free(text);
    GDir *dh = g_dir_open(dir, 0, NULL);
    int n = 0;
    while (g_dir_read_name(dh))
        n++;
    g_dir_close(dh);
    g_assert_cmpint(n, ==, 1); /* no temporary file left */
    g_free(target);
    rm_rf(dir);
    g_free(dir);
}

/* outfile_write_cache replaces a file whole, through the same temporary
 * file and rename as outfile_write_all (nothing left beside it), and
 * never writes through a symbolic link nor over an input of the run. */
static void test_write_cache(void)
{
    char *dir = scratch();
    char *target = put(dir, "memo", "old");
    GError *err = NULL;
    g_assert_true(outfile_write_cache(target, "new memo", 8, &err));
    g_assert_no_error(err);
    char *text = NULL;
    g_assert_true(g_file_get_contents(target, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "new memo");
    g_free(text);
    char *names = listing(dir);
    g_assert_cmpstr(names, ==, "memo");
    g_free(names);
    char *elsewhere = put(dir, "elsewhere", "kept"), *link = g_build_filename(dir, "link", NULL);
    g_assert_cmpint(symlink(elsewhere, link), ==, 0);
    g_assert_false(outfile_write_cache(link, "x", 1, &err));
    g_assert_error(err, OUTFILE_ERROR, OUTFILE_ERROR_NOT_REGULAR);
    g_clear_error(&err);
    g_assert_true(g_file_get_contents(elsewhere, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "kept");
    g_free(text);
    infile_forget();
    goffset size = 0;
    int fd = infile_open(target, INFILE_TRIP, &size, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_false(outfile_write_cache(target, "x", 1, &err));
    g_assert_error(err, OUTFILE_ERROR, OUTFILE_ERROR_INPUT);
    g_clear_error(&err);
    infile_forget();
    g_free(link);
    g_free(elsewhere);
    g_free(target);
    rm_rf(dir);
    g_free(dir);
}

static void test_make_dir(void)
{
    char *dir = scratch();
    char *one = g_build_filename(dir, "out", NULL);
    bool created = false;
    GError *err = NULL;
    g_assert_true(outfile_make_dir(one, &created, &err));
    g_assert_true(created);
    g_assert_true(outfile_make_dir(one, &created, &err));
    g_assert_false(created);
    /* Two levels: nothing is made. */
    char *two = g_build_filename(dir, "typo", "out", NULL);
    g_assert_false(outfile_make_dir(two, &created, &err));
    g_assert_error(err, OUTFILE_ERROR, OUTFILE_ERROR_NO_FOLDER);
    g_clear_error(&err);
    char *typo = g_build_filename(dir, "typo", NULL);
    g_assert_false(g_file_test(typo, G_FILE_TEST_EXISTS));
    char *file = put(dir, "f", "x");
    g_assert_false(outfile_make_dir(file, &created, &err));
    g_assert_cmpstr(err->message, ==, "is not a folder");
    g_clear_error(&err);
    g_free(file);
    g_free(typo);
    g_free(two);
    g_free(one);
    rm_rf(dir);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/infile/read-regular", test_read_regular);
    g_test_add_func("/infile/fifo-never-blocks", test_fifo_never_blocks);
    g_test_add_func("/infile/not-regular", test_not_regular);
    g_test_add_func("/infile/caps", test_caps);
    g_test_add_func("/infile/inputs-recorded", test_inputs_recorded);
    g_test_add_func("/outfile/check-refuses", test_check_refuses);
    g_test_add_func("/outfile/commit-and-abort", test_commit_and_abort);
    g_test_add_func("/outfile/never-through-links", test_never_through_links);
    g_test_add_func("/outfile/signal-removes-temporary", test_signal_removes_temporary);
    g_test_add_func("/outfile/make-dir", test_make_dir);
    g_test_add_func("/outfile/write-new-never-replaces", test_write_new_never_replaces);
    g_test_add_func("/outfile/write-cache", test_write_cache);
    return g_test_run();
}
