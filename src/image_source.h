/* image_source: the bytes of an image for the image files: bounded reads
 * from a descriptor or memory, files opened and read whole (infile), the
 * error domain of every image message. Glib only. */
#ifndef IMAGE_SOURCE_H
#define IMAGE_SOURCE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The errors of image_probe(), image_draw() and the files behind them. The
 * messages are for the user and never name the path. */
#define IMAGE_ERROR image_error_quark()
GQuark image_error_quark(void);

typedef enum {
    IMAGE_ERROR_READ,      /* not found, permission, I/O, changed while read */
    IMAGE_ERROR_EMPTY,     /* 0 bytes */
    IMAGE_ERROR_FORMAT,    /* not a JPEG or PNG, or a kind of one we do not take (CMYK) */
    IMAGE_ERROR_DAMAGED,   /* truncated, or its header or pixels cannot be read */
    IMAGE_ERROR_TOO_LARGE, /* over a limit, or out of memory */
} image_error;

/* Where the bytes are: a file open for reading, or memory. */
typedef struct image_source {
    int fd;            /* -1: 'mem' */
    const guint8 *mem; /* the bytes when 'fd' is -1 (borrowed) */
    goffset size;      /* bytes */
    int err;           /* errno of a failed read, 0 if none */
} image_source;

/* Reads exactly 'len' bytes at 'off' into 'buf'; false past the end or on
 * an error (then s->err is set). */
bool image_source_read(image_source *s, goffset off, void *buf, size_t len);

/* A failed read: sets 'err' to an I/O error if there was one ("cannot be
 * read (…)"), otherwise to 'msg' (IMAGE_ERROR_DAMAGED). Returns false. */
bool image_source_fail(const image_source *s, GError **err, const char *msg);

/* Sets 'err' for the errno 'e' of opening an image (or of realpath on its
 * path): "was not found", "cannot be opened (permission denied)", … */
void image_source_set_open_error(int e, GError **err);

/* Opens the regular file 'path' for reading (infile_open: never a FIFO or
 * device, at most INFILE_MAX_IMAGE bytes; recorded as an input of the run)
 * and sets '*size'. The caller closes the descriptor. -1 with 'err' set
 * otherwise. */
int image_source_open(const char *path, goffset *size, GError **err);

/* The whole file 'path' in memory (read, never mapped: a file truncated
 * meanwhile is a short read, not a SIGBUS): '*buf' (caller frees) and
 * '*size'. False with 'err' set otherwise (then nothing is to be freed). */
bool image_source_read_all(const char *path, guint8 **buf, goffset *size, GError **err);

/* The big-endian 32-bit number at 'p' (PNG lengths and sizes). */
static inline uint32_t image_be32(const guint8 *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#endif
