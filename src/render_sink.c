/* render_sink: cairo's write callback -> a file descriptor, through a
 * buffer, keeping the first errno. */
#include "render_sink.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define SINK_BUFFER (256 * 1024)
/* Every this many bytes written, the disk is asked to begin writing them
 * (sync_file_range, which does not wait): the fsync before the PDF is put
 * in place (outfile_commit) then finds little left to wait for, and in a
 * batch one report's photos go to the disk while the next is drawn, not
 * while a core waits (100 reports x 16 MB at -j 2: about 7 % of the time
 * was spent waiting in fsync). Not a named file (a pipe, a file for
 * standard output): nothing asked. */
#define SINK_KICK (8 * 1024 * 1024)

/* Asks the disk to begin writing what is written and not yet asked for.
 * A file without a name (the PDF for standard output, copied there and
 * dropped) is never asked for: its bytes need not reach the disk. */
static void kick(render_sink *s)
{
#ifdef SYNC_FILE_RANGE_WRITE
    if (s->written - s->kicked >= SINK_KICK && s->kicked >= 0) {
        struct stat st;
        if (s->kicked == 0 && (fstat(s->fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink == 0))
            s->kicked = -1;
        else if (sync_file_range(s->fd, s->kicked, s->written - s->kicked, SYNC_FILE_RANGE_WRITE) != 0)
            s->kicked = -1; /* not a file, or not allowed: never again */
        else
            s->kicked = s->written;
    }
#else
    (void)s;
#endif
}

void render_sink_kick_rest(render_sink *s)
{
    struct stat st;
    if (fstat(s->fd, &st) == 0 && st.st_size > s->written) {
        s->written = st.st_size;
        kick(s);
    }
}

static cairo_status_t write_raw(render_sink *s, const unsigned char *data, unsigned int len)
{
    while (len > 0) {
        ssize_t n = write(s->fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (!s->err)
                s->err = errno;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        data += n;
        len -= (unsigned)n;
        s->written += n;
    }
    kick(s);
    return CAIRO_STATUS_SUCCESS;
}

void render_sink_init(render_sink *s, int fd, bool buffered)
{
    s->fd = fd;
    s->err = 0;
    s->written = s->kicked = 0;
    s->buf = buffered ? g_byte_array_sized_new(SINK_BUFFER) : NULL;
}

cairo_status_t render_sink_flush(render_sink *s)
{
    if (!s->buf || s->buf->len == 0)
        return s->err ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
    cairo_status_t st = write_raw(s, s->buf->data, s->buf->len);
    g_byte_array_set_size(s->buf, 0);
    return st;
}

void render_sink_clear(render_sink *s)
{
    if (s->buf)
        g_byte_array_unref(s->buf);
    s->buf = NULL;
}

cairo_status_t render_sink_write(void *closure, const unsigned char *data, unsigned int len)
{
    render_sink *s = closure;
    if (s->err)
        return CAIRO_STATUS_WRITE_ERROR;
    if (!s->buf)
        return write_raw(s, data, len);
    if (s->buf->len + len > SINK_BUFFER && render_sink_flush(s) != CAIRO_STATUS_SUCCESS)
        return CAIRO_STATUS_WRITE_ERROR;
    if (len >= SINK_BUFFER)
        return write_raw(s, data, len); /* a photo: straight through */
    g_byte_array_append(s->buf, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/*** A kicker on a thread ***/

#define SINK_KICK_GROWN (4 * 1024 * 1024)

struct render_kicker {
    int fd;
    gint stop;
    GThread *thread;
    gint64 kicked; /* the thread's, read after the join */
};

static gpointer kicker_run(gpointer data)
{
    render_kicker *k = data;
    gint64 kicked = 0;
    for (bool last = false; !last;) {
        last = g_atomic_int_get(&k->stop); /* once stopped: what is left, once more */
        struct stat st;
        if (fstat(k->fd, &st) != 0)
            break;
        if (st.st_size - kicked >= SINK_KICK_GROWN || (last && st.st_size > kicked)) {
#ifdef SYNC_FILE_RANGE_WRITE
            if (sync_file_range(k->fd, kicked, st.st_size - kicked, SYNC_FILE_RANGE_WRITE) != 0)
                break;
#endif
            kicked = st.st_size;
            continue;
        }
        if (!last)
            g_usleep(500);
    }
    k->kicked = kicked;
    return NULL;
}

render_kicker *render_kicker_start(int fd)
{
#ifdef SYNC_FILE_RANGE_WRITE
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink == 0)
        return NULL;
    render_kicker *k = g_new0(render_kicker, 1);
    k->fd = fd;
    k->thread = g_thread_try_new("kick", kicker_run, k, NULL);
    if (!k->thread) {
        g_free(k);
        return NULL;
    }
    return k;
#else
    (void)fd;
    return NULL;
#endif
}

gint64 render_kicker_stop(render_kicker *k)
{
    if (!k)
        return 0;
    g_atomic_int_set(&k->stop, 1);
    g_thread_join(k->thread);
    gint64 kicked = k->kicked;
    g_free(k);
    return kicked;
}
