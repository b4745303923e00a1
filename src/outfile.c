/* outfile: creating output files exclusively under temporary names and
 * renaming them into place; removing the temporary files on a signal. */
#include "outfile.h"
#include "i18n.h"

#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK(tripreport-outfile-error-quark, outfile_error)

struct outfile {
    char *path;     /* the target; "-" for standard output */
    char *tmp;      /* the temporary file's name; NULL when it has none */
    int fd;
    int slot;       /* its place in 'live', or -1 */
    bool no_replace; /* commit fails if the target exists (outfile_write_new) */
    bool no_sync;    /* commit does not wait for the disk (outfile_write_cache) */
};

/*** Signals: the temporary files being written, for the handler ***/

#define LIVE_MAX 16
static char live[LIVE_MAX][PATH_MAX]; /* temporary files to remove on a signal */
static volatile sig_atomic_t live_used[LIVE_MAX];
static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void on_stop_signal(int sig)
{
    /* Only async-signal-safe calls here. */
    for (int i = 0; i < LIVE_MAX; i++) {
        if (live_used[i]) {
            unlink(live[i]);
            live_used[i] = 0;
        }
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void block_stop_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (guint i = 0; i < G_N_ELEMENTS(stop_signals); i++)
        sigaddset(&set, stop_signals[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

static void restore_signals(const sigset_t *old)
{
    sigprocmask(SIG_SETMASK, old, NULL);
}

/* Installs the handler for each stop signal whose action is the default
 * (a caller with a handler of its own, like batch's parent, keeps it; an
 * ignored signal stays ignored). Looked at for every new file: the
 * disposition may have changed since (a forked child resetting it). */
static void install_handlers(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(stop_signals); i++) {
        struct sigaction old;
        if (sigaction(stop_signals[i], NULL, &old) != 0 || old.sa_handler != SIG_DFL)
            continue;
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_stop_signal;
        sigemptyset(&sa.sa_mask);
        for (guint j = 0; j < G_N_ELEMENTS(stop_signals); j++)
            sigaddset(&sa.sa_mask, stop_signals[j]);
        sigaction(stop_signals[i], &sa, NULL);
    }
}

/* With the stop signals blocked: records 'tmp'; -1 if every slot is taken. */
static int live_add(const char *tmp)
{
    if (strlen(tmp) >= PATH_MAX)
        return -1;
    for (int i = 0; i < LIVE_MAX; i++) {
        if (!live_used[i]) {
            g_strlcpy(live[i], tmp, PATH_MAX);
            live_used[i] = 1;
            return i;
        }
    }
    return -1;
}

static void live_remove(int slot)
{
    if (slot >= 0)
        live_used[slot] = 0;
}

/*** Checks ***/

/* What a target that is not a regular file is, for the user. */
static const char *not_file_text(mode_t m)
{
    if (S_ISLNK(m))
        return _("is a symbolic link; tripreport never writes through a link: give the path of the file itself, "
               "or remove the link first");
    if (S_ISDIR(m))
        return _("is a folder; give a file name in it, like FOLDER/report.pdf");
    if (S_ISFIFO(m))
        return _("is a FIFO (named pipe), not a file; choose a file name for the output");
    if (S_ISCHR(m) || S_ISBLK(m))
        return _("is a device, not a file; choose a file name for the output");
    if (S_ISSOCK(m))
        return _("is a socket, not a file; choose a file name for the output");
    return _("is not a regular file; choose a file name for the output");
}

/* The target as it is now: fine if absent or a regular file that is not
 * an input. */
static bool check_target(const char *path, GError **err)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return true;
        g_set_error(err, OUTFILE_ERROR, OUTFILE_ERROR_IO, _("cannot be written (%s)"), g_strerror(errno));
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        g_set_error_literal(err, OUTFILE_ERROR, OUTFILE_ERROR_NOT_REGULAR, not_file_text(st.st_mode));
        return false;
    }
    const char *named = NULL;
    infile_kind kind = INFILE_NONE;
    if (infile_is_input(st.st_dev, st.st_ino, &named, &kind)) {
        g_set_error(err, OUTFILE_ERROR, OUTFILE_ERROR_INPUT,
                    _("is %s of this run ('%s'); writing the output there would destroy it: choose another name"),
                    infile_kind_noun(kind), named);
        return false;
    }
    return true;
}

bool outfile_check(const char *path, GError **err)
{
    g_return_val_if_fail(path != NULL, false);
    if (strcmp(path, "-") == 0)
        return true;
    if (!*path) {
        g_set_error_literal(err, OUTFILE_ERROR, OUTFILE_ERROR_NAME, _("is not a file name (the name is empty)"));
        return false;
    }
    if (g_str_has_suffix(path, "/")) {
        g_set_error_literal(err, OUTFILE_ERROR, OUTFILE_ERROR_NAME,
                            _("names a folder (it ends in '/'); give a file name, like FOLDER/report.pdf"));
        return false;
    }
    char *dir = g_path_get_dirname(path);
    struct stat st;
    bool ok = true;
    if (stat(dir, &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            g_set_error(err, OUTFILE_ERROR, OUTFILE_ERROR_NO_FOLDER,
                        _("cannot be written: the folder '%s' does not exist; create it first, or check the spelling"),
                        dir);
        else
            g_set_error(err, OUTFILE_ERROR, OUTFILE_ERROR_IO, _("cannot be written: the folder '%s' %s"), dir,
                        g_strerror(errno));
        ok = false;
    } else if (!S_ISDIR(st.st_mode)) {
        g_set_error(err, OUTFILE_ERROR, OUTFILE_ERROR_NO_FOLDER, _("cannot be written: '%s' is not a folder"), dir);
        ok = false;
    }
    g_free(dir);
    return ok && check_target(path, err);
}

bool outfile_make_dir(const char *dir, bool *created, GError **err)
{
    if (created)
        *created = false;
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return true;
        g_set_error_literal(err, OUTFILE_ERROR, OUTFILE_ERROR_NO_FOLDER, _("is not a folder"));
        return false;
    }
    if (mkdir(dir, 0777) == 0) {
        if (created)
            *created = true;
        return true;
    }
    if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return true;
    if (errno == ENOENT) {
        char *parent = g_path_get_dirname(dir);
        g_set_error(err, OUTFILE_ERROR, OUTFILE_ERROR_NO_FOLDER,
                    _("cannot be created: the folder '%s' it would be in does not exist; check the spelling, or "
                    "create it first"),
                    parent);
        g_free(parent);
    } else {
        g_set_error(err, OUTFILE_ERROR, OUTFILE_ERROR_IO, _("cannot be created (%s)"), g_strerror(errno));
    }
    return false;
}

/*** Writing ***/

/* A file with no name, for standard output: it is read back (pdfpost)
 * and copied out at the end. */
static int nameless_file(void)
{
    int fd = open(g_get_tmp_dir(), O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL))
        fd = memfd_create("tripreport-output", MFD_CLOEXEC);
    return fd;
}

outfile *outfile_new(const char *path, GError **err)
{
    g_return_val_if_fail(path != NULL, NULL);
    if (!outfile_check(path, err))
        return NULL;
    outfile *f = g_new0(outfile, 1);
    f->path = g_strdup(path);
    f->slot = -1;
    if (strcmp(path, "-") == 0) {
        f->fd = nameless_file();
        if (f->fd < 0) {
            g_set_error(err, OUTFILE_ERROR, OUTFILE_ERROR_IO, _("cannot make a temporary file (%s)"), g_strerror(errno));
            g_free(f->path);
            g_free(f);
            return NULL;
        }
        return f;
    }
    char *dir = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    /* Keep the name within NAME_MAX with the prefix and suffix added. */
    if (strlen(base) > 200)
        base[200] = '\0';
    sigset_t old;
    block_stop_signals(&old); /* created and recorded, or neither */
    install_handlers();
    f->fd = -1;
    int e = 0;
    for (int attempt = 0; attempt < 100 && f->fd < 0; attempt++) {
        char rnd[7];
        static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int i = 0; i < 6; i++)
            rnd[i] = letters[g_random_int_range(0, (gint32)sizeof(letters) - 1)];
        rnd[6] = '\0';
        g_free(f->tmp);
        f->tmp = g_strdup_printf("%s/.%s.%s.part", dir, base, rnd);
        /* O_EXCL: a file or a symbolic link already there is never opened. */
        f->fd = open(f->tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        e = errno;
        if (f->fd < 0 && e != EEXIST)
            break;
    }
    if (f->fd >= 0) {
        f->slot = live_add(f->tmp);
        if (f->slot < 0) {
            close(f->fd);
            unlink(f->tmp);
            f->fd = -1;
            e = EMFILE;
        }
    }
    restore_signals(&old);
    g_free(dir);
    g_free(base);
    if (f->fd < 0) {
        g_set_error(err, OUTFILE_ERROR, OUTFILE_ERROR_IO, _("cannot be written: no new file can be made in its folder (%s)"),
                    g_strerror(e));
        g_free(f->tmp);
        g_free(f->path);
        g_free(f);
        return NULL;
    }
    return f;
}

int outfile_fd(const outfile *f)
{
    return f->fd;
}

static void outfile_free(outfile *f)
{
    g_free(f->path);
    g_free(f->tmp);
    g_free(f);
}

void outfile_abort(outfile *f)
{
    if (!f)
        return;
    sigset_t old;
    block_stop_signals(&old);
    if (f->fd >= 0)
        close(f->fd);
    if (f->tmp)
        unlink(f->tmp);
    live_remove(f->slot);
    restore_signals(&old);
    outfile_free(f);
}

static bool write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static bool copy_to_stdout(int fd)
{
    char buf[65536];
    for (goffset off = 0;;) {
        ssize_t n = pread(fd, buf, sizeof buf, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        if (n == 0)
            return true;
        if (!write_all(STDOUT_FILENO, buf, (size_t)n))
            return false;
        off += n;
    }
}

static bool stop_pending(void)
{
    sigset_t pend;
    if (sigpending(&pend) != 0)
        return false;
    for (guint i = 0; i < G_N_ELEMENTS(stop_signals); i++)
        if (sigismember(&pend, stop_signals[i]) == 1)
            return true;
    return false;
}

/* rename() that never replaces an existing target: renameat2's
 * RENAME_NOREPLACE, or link() then unlink() where the file system lacks it.
 * Fails with EEXIST when the target is there. */
static int rename_no_replace(const char *from, const char *to)
{
#ifdef RENAME_NOREPLACE
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
#endif
    if (link(from, to) != 0)
        return -1;
    unlink(from);
    return 0;
}

bool outfile_commit(outfile *f, GError **err)
{
    g_return_val_if_fail(f != NULL, false);
    if (!f->tmp) {
        bool ok = copy_to_stdout(f->fd);
        if (!ok)
            g_set_error(err, OUTFILE_ERROR, OUTFILE_ERROR_IO, _("cannot be written (%s)"), g_strerror(errno));
        close(f->fd);
        outfile_free(f);
        return ok;
    }
    if ((!f->no_sync && fsync(f->fd) != 0) || close(f->fd) != 0) {
        g_set_error(err, OUTFILE_ERROR, OUTFILE_ERROR_IO, _("cannot be written (%s)"), g_strerror(errno));
        f->fd = -1;
        outfile_abort(f);
        return false;
    }
    f->fd = -1;
    sigset_t old;
    block_stop_signals(&old);
    bool ok = false;
    if (stop_pending()) {
        /* Asked to stop before the new file is in place: the old one stays,
         * and the signal takes its default course once unblocked. */
        unlink(f->tmp);
        live_remove(f->slot);
        for (guint i = 0; i < G_N_ELEMENTS(stop_signals); i++)
            signal(stop_signals[i], SIG_DFL);
        g_set_error_literal(err, OUTFILE_ERROR, OUTFILE_ERROR_INTERRUPTED, _("was not written (interrupted)"));
    } else if (check_target(f->path, err)) {
        if (f->no_replace ? rename_no_replace(f->tmp, f->path) == 0 : rename(f->tmp, f->path) == 0) {
            ok = true;
        } else if (f->no_replace && errno == EEXIST) {
            g_set_error_literal(err, OUTFILE_ERROR, OUTFILE_ERROR_EXISTS, _("exists already, and is left as it was"));
            unlink(f->tmp);
        } else {
            g_set_error(err, OUTFILE_ERROR, OUTFILE_ERROR_IO, _("cannot be put in place (%s)"), g_strerror(errno));
            unlink(f->tmp);
        }
        live_remove(f->slot);
    } else {
        unlink(f->tmp);
        live_remove(f->slot);
    }
    restore_signals(&old);
    outfile_free(f);
    return ok;
}

static bool write_whole(const char *path, const void *data, gsize len, bool no_replace, bool no_sync, GError **err)
{
    outfile *f = outfile_new(path, err);
    if (!f)
        return false;
    f->no_replace = no_replace;
    f->no_sync = no_sync;
    if (!write_all(f->fd, data, len)) {
        g_set_error(err, OUTFILE_ERROR, OUTFILE_ERROR_IO, _("cannot be written (%s)"), g_strerror(errno));
        outfile_abort(f);
        return false;
    }
    return outfile_commit(f, err);
}

bool outfile_write_all(const char *path, const void *data, gsize len, GError **err)
{
    return write_whole(path, data, len, false, false, err);
}

bool outfile_write_cache(const char *path, const void *data, gsize len, GError **err)
{
    return write_whole(path, data, len, false, true, err);
}

bool outfile_write_new(const char *path, const void *data, gsize len, GError **err)
{
    return write_whole(path, data, len, true, false, err);
}
