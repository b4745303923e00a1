/* infile: opening and reading the run's input files, safely, and the
 * record of which files they were (device and inode). */
#include "infile.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK(tripreport-infile-error-quark, infile_error)

/* The inputs of the run: "dev:ino" -> the input as first named. One
 * process renders one run (batch forks a process a report), so a
 * process-wide record is the run's. */
typedef struct input {
    char *path;
    infile_kind kind;
} input;

static GHashTable *inputs;

static void input_free(gpointer p)
{
    input *in = p;
    g_free(in->path);
    g_free(in);
}

static char *input_key(dev_t dev, ino_t ino)
{
    return g_strdup_printf("%llu:%llu", (unsigned long long)dev, (unsigned long long)ino);
}

static void remember(const struct stat *st, const char *path, infile_kind kind)
{
    if (!inputs)
        inputs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, input_free);
    char *key = input_key(st->st_dev, st->st_ino);
    if (g_hash_table_contains(inputs, key)) {
        g_free(key);
        return;
    }
    input *in = g_new0(input, 1);
    in->path = g_strdup(path);
    in->kind = kind;
    g_hash_table_insert(inputs, key, in);
}

void infile_note(const char *path, infile_kind kind)
{
    struct stat st;
    if (path && stat(path, &st) == 0 && S_ISREG(st.st_mode))
        remember(&st, path, kind);
}

bool infile_is_input(dev_t dev, ino_t ino, const char **path, infile_kind *kind)
{
    if (!inputs)
        return false;
    char *key = input_key(dev, ino);
    const input *in = g_hash_table_lookup(inputs, key);
    g_free(key);
    if (in && path)
        *path = in->path;
    if (in && kind)
        *kind = in->kind;
    return in != NULL;
}

const char *infile_kind_noun(infile_kind kind)
{
    switch (kind) {
    case INFILE_TRIP: return _("the trip file");
    case INFILE_LAYOUT: return _("a layout file");
    case INFILE_IMAGE: return _("an image");
    case INFILE_STATE: return _("a state file");
    case INFILE_FONT: return _("a font file");
    case INFILE_PROGRAM: return _("the program itself");
    case INFILE_OTHER:
    case INFILE_NONE: break;
    }
    return _("an input");
}

void infile_forget(void)
{
    g_clear_pointer(&inputs, g_hash_table_destroy);
}

gint64 infile_max(infile_kind kind)
{
    switch (kind) {
    case INFILE_TRIP: return INFILE_MAX_TRIP;
    case INFILE_LAYOUT: return INFILE_MAX_LAYOUT;
    case INFILE_IMAGE: return INFILE_MAX_IMAGE;
    case INFILE_STATE: return INFILE_MAX_STATE;
    case INFILE_PROGRAM: return INFILE_MAX_PROGRAM;
    case INFILE_FONT:
    case INFILE_OTHER: return INFILE_MAX_OTHER;
    case INFILE_NONE: break;
    }
    return INFILE_MAX_OTHER;
}

static const char *kind_noun(infile_kind kind)
{
    switch (kind) {
    case INFILE_TRIP: return _("a trip file");
    case INFILE_LAYOUT: return _("a layout file");
    case INFILE_IMAGE: return _("an image");
    case INFILE_STATE: return _("a state file");
    case INFILE_PROGRAM: return _("the program");
    case INFILE_FONT:
    case INFILE_OTHER:
    case INFILE_NONE: break;
    }
    return _("such a file");
}

/* "300 MB", "2.5 MB", "900 KB"; 'up': rounded up, so that a size just
 * over a cap never reads as the cap itself. Caller frees. */
static char *size_text(gint64 n, bool up)
{
    double mb = (double)n / (1 << 20);
    if (n >= 10LL << 20)
        return g_strdup_printf("%.0f MB", up ? ceil(mb) : floor(mb));
    if (n >= 1LL << 20)
        return g_strdup_printf("%.1f MB", up ? ceil(mb * 10) / 10 : floor(mb * 10) / 10);
    return g_strdup_printf("%lld KB", (long long)((n + (up ? 1023 : 0)) >> 10));
}

static const char *file_noun(infile_kind kind);

static void set_errno_error(int e, infile_kind kind, GError **err)
{
    switch (e) {
    case ENOENT:
    case ENOTDIR:
        g_set_error_literal(err, INFILE_ERROR, INFILE_ERROR_NOT_FOUND, _("was not found"));
        break;
    case EACCES:
    case EPERM:
        g_set_error_literal(err, INFILE_ERROR, INFILE_ERROR_READ, _("cannot be opened (permission denied)"));
        break;
    case ELOOP:
        g_set_error_literal(err, INFILE_ERROR, INFILE_ERROR_READ,
                            _("is a symbolic link that leads round in a loop; make it point to the real file"));
        break;
    case EISDIR:
        g_set_error(err, INFILE_ERROR, INFILE_ERROR_NOT_REGULAR, _("is a folder, not %s"), file_noun(kind));
        break;
    default:
        g_set_error(err, INFILE_ERROR, INFILE_ERROR_READ, _("cannot be read (%s)"), g_strerror(e));
        break;
    }
}

/* "a trip file", "an image file", … for "is a folder, not …". */
static const char *file_noun(infile_kind kind)
{
    switch (kind) {
    case INFILE_TRIP: return _("a trip file");
    case INFILE_LAYOUT: return _("a layout file");
    case INFILE_IMAGE: return _("an image file");
    case INFILE_STATE:
    case INFILE_FONT:
    case INFILE_PROGRAM:
    case INFILE_OTHER:
    case INFILE_NONE: break;
    }
    return _("a file");
}

/* What a file that is not regular is, for the user. */
static void set_type_error(mode_t m, infile_kind kind, GError **err)
{
    if (S_ISDIR(m))
        g_set_error(err, INFILE_ERROR, INFILE_ERROR_NOT_REGULAR, _("is a folder, not %s"), file_noun(kind));
    else if (S_ISFIFO(m))
        g_set_error(err, INFILE_ERROR, INFILE_ERROR_NOT_REGULAR,
                    _("is a FIFO (named pipe), not %s; give the path of a real file"), file_noun(kind));
    else if (S_ISCHR(m) || S_ISBLK(m))
        g_set_error(err, INFILE_ERROR, INFILE_ERROR_NOT_REGULAR, _("is a device, not %s; give the path of a real file"),
                    file_noun(kind));
    else if (S_ISSOCK(m))
        g_set_error(err, INFILE_ERROR, INFILE_ERROR_NOT_REGULAR, _("is a socket, not %s; give the path of a real file"),
                    file_noun(kind));
    else
        g_set_error(err, INFILE_ERROR, INFILE_ERROR_NOT_REGULAR, _("is not a regular file; give the path of a real file"));
}

static bool check_size(gint64 size, infile_kind kind, GError **err)
{
    if (size <= infile_max(kind))
        return true;
    char *have = size_text(size, true), *cap = size_text(infile_max(kind), false);
    g_set_error(err, INFILE_ERROR, INFILE_ERROR_TOO_LARGE, _("is too large (%s; %s may be at most %s)"), have,
                kind_noun(kind), cap);
    g_free(have);
    g_free(cap);
    return false;
}

int infile_open(const char *path, infile_kind kind, goffset *size, GError **err)
{
    g_return_val_if_fail(path != NULL, -1);
    if (!*path) {
        g_set_error_literal(err, INFILE_ERROR, INFILE_ERROR_NOT_FOUND, _("was not found (the name is empty)"));
        return -1;
    }
    /* O_NONBLOCK: opening a FIFO or a device never waits; the type is
     * checked on the descriptor, so nothing can be swapped in between. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        struct stat st;
        /* A socket (or a device without its driver) cannot be opened at
         * all (ENXIO): said as what it is. */
        if (e == ENXIO && stat(path, &st) == 0 && !S_ISREG(st.st_mode))
            set_type_error(st.st_mode, kind, err);
        else
            set_errno_error(e, kind, err);
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        set_errno_error(errno, kind, err);
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        set_type_error(st.st_mode, kind, err);
        close(fd);
        return -1;
    }
    if (kind != INFILE_STATE) /* our own tables, read and written back */
        remember(&st, path, kind);
    if (!check_size((gint64)st.st_size, kind, err)) {
        close(fd);
        return -1;
    }
    /* Reads block as usual from here on. */
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    if (size)
        *size = (goffset)st.st_size;
    return fd;
}

bool infile_pread(int fd, void *buf, size_t len, goffset off)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = pread(fd, (char *)buf + got, len - got, (off_t)(off + (goffset)got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        if (n == 0) {
            errno = 0;
            return false;
        }
        got += (size_t)n;
    }
    return true;
}

bool infile_read(const char *path, infile_kind kind, char **bytes, gsize *len, GError **err)
{
    *bytes = NULL;
    *len = 0;
    goffset size = 0;
    int fd = infile_open(path, kind, &size, err);
    if (fd < 0)
        return false;
    gint64 cap = infile_max(kind);
    /* The size may change while we read: read to the end, within the cap. */
    gsize alloc = (gsize)size + 1, n = 0;
    char *buf = g_malloc(alloc + 1);
    for (;;) {
        if (n == alloc) {
            if ((gint64)n > cap) {
                check_size((gint64)n, kind, err);
                g_free(buf);
                close(fd);
                return false;
            }
            alloc = MIN(alloc * 2, (gsize)cap + 1);
            buf = g_realloc(buf, alloc + 1);
        }
        ssize_t r = read(fd, buf + n, alloc - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            g_free(buf);
            close(fd);
            set_errno_error(e == EISDIR ? EIO : e, kind, err);
            return false;
        }
        if (r == 0)
            break;
        n += (gsize)r;
    }
    close(fd);
    if ((gint64)n > cap) {
        check_size((gint64)n, kind, err);
        g_free(buf);
        return false;
    }
    buf[n] = '\0';
    *bytes = buf;
    *len = n;
    return true;
}
