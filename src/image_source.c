/* image_source: bytes of an image from a file descriptor (pread) or from
 * memory, read within bounds; image files opened and read whole through
 * infile; the image error domain and the messages of failed reads. */
#include "image_source.h"

#include "infile.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

GQuark image_error_quark(void)
{
    return g_quark_from_static_string("tripreport-image-error-quark");
}

bool image_source_read(image_source *s, goffset off, void *buf, size_t len)
{
    if (off < 0 || (goffset)len > s->size || off > s->size - (goffset)len)
        return false;
    if (len == 0)
        return true;
    if (s->fd < 0) {
        memcpy(buf, s->mem + off, len);
        return true;
    }
    size_t got = 0;
    while (got < len) {
        ssize_t n = pread(s->fd, (char *)buf + got, len - got, (off_t)(off + (goffset)got));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            s->err = errno;
            return false;
        }
        if (n == 0) /* the file shrank under us */
            return false;
        got += (size_t)n;
    }
    return true;
}

bool image_source_fail(const image_source *s, GError **err, const char *msg)
{
    if (s->err)
        g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_READ, "cannot be read (%s)", g_strerror(s->err));
    else
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED, msg);
    return false;
}

void image_source_set_open_error(int e, GError **err)
{
    if (e == ENOENT || e == ENOTDIR)
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_READ, "was not found");
    else if (e == ELOOP)
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_READ,
                            "is a symbolic link that leads round in a loop; make it point to the real file");
    else if (e == EACCES || e == EPERM)
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_READ, "cannot be opened (permission denied)");
    else
        g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_READ, "cannot be read (%s)", g_strerror(e));
}

int image_source_open(const char *path, goffset *size, GError **err)
{
    GError *e = NULL;
    int fd = infile_open(path, INFILE_IMAGE, size, &e);
    if (fd < 0) {
        int code = g_error_matches(e, INFILE_ERROR, INFILE_ERROR_TOO_LARGE) ? IMAGE_ERROR_TOO_LARGE : IMAGE_ERROR_READ;
        g_set_error_literal(err, IMAGE_ERROR, code, e->message);
        g_error_free(e);
    }
    return fd;
}

bool image_source_read_all(const char *path, guint8 **buf, goffset *size, GError **err)
{
    int fd = image_source_open(path, size, err);
    if (fd < 0)
        return false;
    *buf = g_malloc(*size > 0 ? (gsize)*size : 1);
    image_source fs = { .fd = fd, .mem = NULL, .size = *size, .err = 0 };
    bool ok = image_source_read(&fs, 0, *buf, (size_t)*size);
    close(fd);
    if (!ok) {
        g_clear_pointer(buf, g_free);
        image_source_fail(&fs, err, "cannot be read (it changed while being read)");
    }
    return ok;
}
