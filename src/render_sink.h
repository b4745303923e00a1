/* render_sink: where cairo's output goes (a PDF or a PNG stream): a file
 * descriptor written in full, small writes gathered in a buffer, the first
 * failed write's errno kept for the message. */
#ifndef RENDER_SINK_H
#define RENDER_SINK_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>

typedef struct render_sink {
    int fd;          /* borrowed: the caller opens and closes it */
    int err;         /* errno of the first failed write, 0 if none */
    GByteArray *buf; /* owned; small writes gathered here, NULL: unbuffered */
    gint64 written;  /* bytes written to 'fd' so far (from offset 0) */
    gint64 kicked;   /* of those, handed to the disk's writeback (render_sink.c) */
} render_sink;

/* A sink writing into 'fd'; 'buffered': gather small writes (cairo's PDF
 * surface writes in many small pieces). Free with render_sink_clear(). */
void render_sink_init(render_sink *s, int fd, bool buffered);

/* Writes out what is gathered. CAIRO_STATUS_WRITE_ERROR if that (or any
 * earlier write) failed; s->err says why. */
cairo_status_t render_sink_flush(render_sink *s);

/* Frees the buffer (without writing it out); the fd stays open. */
void render_sink_clear(render_sink *s);

/* A cairo_write_func_t: 'closure' is a render_sink. Writes larger than
 * the buffer (a photo) go straight through. */
cairo_status_t render_sink_write(void *closure, const unsigned char *data, unsigned int len);

/* Hands the bytes written to 'fd' after cairo's (from s->written to the
 * file's end: the update with the photos' bytes) to the disk's writeback
 * as the sink does with its own, unless the sink found 'fd' not to be a
 * named file. */
void render_sink_kick_rest(render_sink *s);

/* A thread handing what another thread writes to 'fd' to the disk's
 * writeback as the file grows (every SINK_KICK_GROWN bytes), so that the
 * writer does not wait while the kernel takes them: the fsync before the
 * file is put in place then finds them on their way. NULL (nothing
 * started) for anything but a named regular file. */
typedef struct render_kicker render_kicker;
render_kicker *render_kicker_start(int fd);

/* Stops 'k' (NULL is fine: 0), which then hands what is left to the
 * writeback, and joins it: the bytes from the file's start it handed
 * over, the whole file as written before the call. */
gint64 render_kicker_stop(render_kicker *k);

#endif
