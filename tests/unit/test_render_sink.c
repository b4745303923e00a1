/* Unit tests for render_sink: every byte reaches the descriptor in order,
 * small writes gathered and large ones straight through; into a file, the
 * disk is asked to begin writing every 8 MB (the writeback kicked, so that
 * the fsync before the rename has little left); into a pipe or a file
 * without a name nothing is asked and nothing fails; what is written to
 * the file past the sink (the update) is asked for the same way
 * (render_sink_kick_rest). A kicker on its own thread asks for what
 * another writes as the file grows, and nothing for a pipe. */
#include "render_sink.h"

#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define MB (1024 * 1024)

/* 'n' bytes of a pattern that tells every offset apart (mod 251). */
static guint8 *pattern(gsize n)
{
    guint8 *p = g_malloc(n);
    for (gsize i = 0; i < n; i++)
        p[i] = (guint8)(i % 251);
    return p;
}

static void test_file(void)
{
    char *path = NULL;
    int fd = g_file_open_tmp("tripreport-sink-XXXXXX", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    gsize total = 20 * MB;
    guint8 *data = pattern(total);
    render_sink s;
    render_sink_init(&s, fd, true);
    /* small pieces (gathered), then 1 MB ones (straight through) */
    gsize at = 0;
    for (; at < MB; at += 1000)
        g_assert_cmpint(render_sink_write(&s, data + at, (unsigned)MIN(1000, MB - at)), ==, CAIRO_STATUS_SUCCESS);
    at = MB;
    for (; at < total; at += MB) {
        g_assert_cmpint(render_sink_write(&s, data + at, MB), ==, CAIRO_STATUS_SUCCESS);
        /* asked every 8 MB written, never for bytes not written yet */
        g_assert_cmpint(s.kicked, <=, s.written);
        g_assert_cmpint(s.written - s.kicked, <, 8 * MB + MB);
    }
    g_assert_cmpint(render_sink_flush(&s), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint(s.err, ==, 0);
    g_assert_cmpint(s.written, ==, (gint64)total);
    g_assert_cmpint(s.kicked, ==, 16 * MB);
    render_sink_clear(&s);
    close(fd);
    gchar *back = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents(path, &back, &len, NULL));
    g_assert_cmpuint(len, ==, total);
    g_assert_true(memcmp(back, data, total) == 0);
    g_free(back);
    g_unlink(path);
    g_free(path);
    g_free(data);
}

/* What is written to the file past the sink (the update with the photos'
 * bytes): render_sink_kick_rest() asks for it as the sink asks for its own
 * (from the last byte asked for, once 8 MB are waiting), and not for less. */
static void test_kick_rest(void)
{
    char *path = NULL;
    int fd = g_file_open_tmp("tripreport-sink-XXXXXX", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    guint8 *data = pattern(10 * MB);
    render_sink s;
    render_sink_init(&s, fd, true);
    g_assert_cmpint(render_sink_write(&s, data, 3 * MB), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint(render_sink_flush(&s), ==, CAIRO_STATUS_SUCCESS);
    render_sink_clear(&s);
    g_assert_cmpint(s.kicked, ==, 0); /* 3 MB: not yet */
    g_assert_cmpint(pwrite(fd, data, 2 * MB, 3 * MB), ==, 2 * MB);
    render_sink_kick_rest(&s);
    g_assert_cmpint(s.written, ==, 5 * MB);
    g_assert_cmpint(s.kicked, ==, 0); /* 5 MB waiting: not yet */
    g_assert_cmpint(pwrite(fd, data, 10 * MB, 5 * MB), ==, 10 * MB);
    render_sink_kick_rest(&s);
    g_assert_cmpint(s.written, ==, 15 * MB);
    g_assert_cmpint(s.kicked, ==, 15 * MB); /* all of it asked for */
    render_sink_kick_rest(&s);               /* nothing new: nothing changes */
    g_assert_cmpint(s.kicked, ==, 15 * MB);
    close(fd);
    g_unlink(path);
    g_free(path);
    g_free(data);
}

typedef struct drain {
    int fd;
    GByteArray *got;
} drain;

static gpointer drain_run(gpointer p)
{
    drain *d = p;
    guint8 buf[65536];
    for (;;) {
        ssize_t n = read(d->fd, buf, sizeof buf);
        if (n <= 0)
            break;
        g_byte_array_append(d->got, buf, (guint)n);
    }
    return NULL;
}

static void test_pipe(void)
{
    int p[2];
    g_assert_cmpint(pipe(p), ==, 0);
    drain d = { p[0], g_byte_array_new() };
    GThread *t = g_thread_new("drain", drain_run, &d);
    gsize total = 10 * MB;
    guint8 *data = pattern(total);
    render_sink s;
    render_sink_init(&s, p[1], true);
    for (gsize at = 0; at < total; at += MB)
        g_assert_cmpint(render_sink_write(&s, data + at, MB), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint(render_sink_flush(&s), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint(s.err, ==, 0);
    g_assert_cmpint(s.kicked, ==, -1); /* a pipe: asked once, refused, never again */
    render_sink_clear(&s);
    close(p[1]);
    g_thread_join(t);
    close(p[0]);
    g_assert_cmpuint(d.got->len, ==, total);
    g_assert_true(memcmp(d.got->data, data, total) == 0);
    g_byte_array_unref(d.got);
    g_free(data);
}

/* A file without a name (O_TMPFILE: the PDF for standard output) is
 * written whole and never handed to the disk. */
static void test_unnamed(void)
{
    int fd = open(g_get_tmp_dir(), O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        g_test_skip("no O_TMPFILE in the temporary folder");
        return;
    }
    gsize total = 10 * MB;
    guint8 *data = pattern(total);
    render_sink s;
    render_sink_init(&s, fd, true);
    for (gsize at = 0; at < total; at += MB)
        g_assert_cmpint(render_sink_write(&s, data + at, MB), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint(render_sink_flush(&s), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint(s.kicked, ==, -1);
    g_assert_cmpint(s.written, ==, (gint64)total);
    guint8 *back = g_malloc(total);
    g_assert_cmpint(pread(fd, back, total, 0), ==, (gssize)total);
    g_assert_true(memcmp(back, data, total) == 0);
    render_sink_clear(&s);
    close(fd);
    g_free(back);
    g_free(data);
}

/* 12 MB and a half written a megabyte at a time while the kicker looks:
 * stopped, it has asked for all of it (every 4 MB grown, then the rest);
 * started and stopped again, for the whole file again; on a pipe it does
 * not start. */
static void test_kicker(void)
{
    char *path = NULL;
    int fd = g_file_open_tmp("tripreport-kick-XXXXXX", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    render_kicker *k = render_kicker_start(fd);
    g_assert_nonnull(k);
    guint8 *p = pattern(MB);
    for (int i = 0; i < 12; i++) {
        g_assert_cmpint(write(fd, p, MB), ==, MB);
        g_usleep(3000); /* the kicker looks every half millisecond */
    }
    g_assert_cmpint(write(fd, p, MB / 2), ==, MB / 2);
    g_assert_cmpint(render_kicker_stop(k), ==, 12 * MB + MB / 2);
    g_assert_cmpint(render_kicker_stop(render_kicker_start(fd)), ==, 12 * MB + MB / 2);
    close(fd);
    g_unlink(path);
    g_free(path);
    g_free(p);

    int pipefd[2];
    g_assert_cmpint(pipe(pipefd), ==, 0);
    g_assert_null(render_kicker_start(pipefd[1]));
    g_assert_cmpint(render_kicker_stop(NULL), ==, 0);
    close(pipefd[0]);
    close(pipefd[1]);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/render/sink/file", test_file);
    g_test_add_func("/render/sink/kick-rest", test_kick_rest);
    g_test_add_func("/render/sink/pipe", test_pipe);
    g_test_add_func("/render/sink/unnamed", test_unnamed);
    g_test_add_func("/render/sink/kicker", test_kicker);
    return g_test_run();
}
