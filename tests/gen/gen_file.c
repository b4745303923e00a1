/* gen_file: atomic file writing for the image generators (bytes in, a
 * file renamed into place out) and their "<path>: <reason>" errors. */
#include "gen_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/* Sets 'error' from errno 'code' for 'path'. */
static bool set_errno(GError **error, const char *path, int code)
{
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(code), "%s: %s", path, g_strerror(code));
    return false;
}

bool gen_file_error(GError **error, const char *path, const char *reason)
{
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", path, reason);
    return false;
}

bool gen_file_write(const char *path, const void *data, size_t len, GError **error)
{
    char *tmp = g_strdup_printf("%s.tmp-%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        set_errno(error, path, errno);
        g_free(tmp);
        return false;
    }
    int code = 0; /* the first errno */
    const unsigned char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            code = errno;
            break;
        }
        p += n;
        left -= (size_t)n;
    }
    /* file systems that cannot sync (EINVAL, EROFS) are not an error */
    if (!code && fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
        code = errno;
    if (close(fd) != 0 && !code)
        code = errno;
    if (!code && rename(tmp, path) != 0)
        code = errno;
    if (code) {
        unlink(tmp);
        set_errno(error, path, code);
    }
    g_free(tmp);
    return code == 0;
}

bool gen_file_put(const char *dir, const char *name, const void *data, size_t len, GError **error)
{
    char *path = g_build_filename(dir, name, NULL);
    bool ok = gen_file_write(path, data, len, error);
    g_free(path);
    return ok;
}
