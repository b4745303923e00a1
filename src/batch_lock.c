/* batch_lock: consumes an output folder, produces the right to write into
 * it (a flock on OUTDIR/.tripreport-lock) and a folder free of the
 * temporary files of an earlier batch that was killed. */
#include "batch_lock.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK(tripreport-batch-lock-error-quark, batch_lock_error)

struct batch_lock {
    char *path; /* OUTDIR/.tripreport-lock */
    int fd;
};

/* The pid written in the lock file 'fd' by the batch holding it, or 0. */
static long holder_pid(int fd)
{
    char buf[32] = "";
    ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    char *end = NULL;
    long pid = strtol(buf, &end, 10);
    return end != buf && pid > 0 ? pid : 0;
}

/* Says that the lock at 'path' cannot be had ('e': errno; 0 when it is
 * held by another, whose pid is 'pid' or 0), as batch or volume says it:
 * each message one whole sentence. */
static void set_lock_error(GError **err, bool volume, int e, long pid, const char *name)
{
    if (e == ELOOP && !volume)
        g_set_error(err, BATCH_LOCK_ERROR, BATCH_LOCK_ERROR_FILE,
                    "its lock file %s is a symbolic link, which batch never follows; remove it, then run the batch "
                    "again",
                    name);
    else if (e == ELOOP)
        g_set_error(err, BATCH_LOCK_ERROR, BATCH_LOCK_ERROR_FILE,
                    "its lock file %s is a symbolic link, which volume never follows; remove it, then make the "
                    "volume again",
                    name);
    else if (e == ENOENT)
        g_set_error(err, BATCH_LOCK_ERROR, BATCH_LOCK_ERROR_NO_FOLDER, "cannot make its lock file %s (%s)", name,
                    g_strerror(e));
    else if (e == -1 && !volume)
        g_set_error(err, BATCH_LOCK_ERROR, BATCH_LOCK_ERROR_FILE,
                    "its lock file %s is not a regular file; remove it, then run the batch again", name);
    else if (e == -1)
        g_set_error(err, BATCH_LOCK_ERROR, BATCH_LOCK_ERROR_FILE,
                    "its lock file %s is not a regular file; remove it, then make the volume again", name);
    else if (e != 0)
        g_set_error(err, BATCH_LOCK_ERROR, BATCH_LOCK_ERROR_FILE, "cannot use its lock file %s (%s)", name,
                    g_strerror(e));
    else if (pid && !volume)
        g_set_error(err, BATCH_LOCK_ERROR, BATCH_LOCK_ERROR_BUSY,
                    "another batch (process %ld) is writing into this folder; wait until it has finished, or give "
                    "another output folder",
                    pid);
    else if (!volume)
        g_set_error_literal(err, BATCH_LOCK_ERROR, BATCH_LOCK_ERROR_BUSY,
                            "another batch is writing into this folder; wait until it has finished, or give another "
                            "output folder");
    else if (pid)
        g_set_error(err, BATCH_LOCK_ERROR, BATCH_LOCK_ERROR_BUSY,
                    "another volume (process %ld) is writing this file; wait until it has finished, or give "
                    "another output name",
                    pid);
    else
        g_set_error_literal(err, BATCH_LOCK_ERROR, BATCH_LOCK_ERROR_BUSY,
                            "another volume is writing this file; wait until it has finished, or give another output "
                            "name");
}

/* Takes the lock file 'path' (named 'name' in messages) for this process. */
static batch_lock *take(char *path, const char *name, bool volume, GError **err)
{
    /* A holder that has just finished removes the file while holding it:
     * a lock taken on a file no longer at 'path' is tried again. */
    for (int attempt = 0; attempt < 20; attempt++) {
        int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0666);
        if (fd < 0) {
            set_lock_error(err, volume, errno, 0, name);
            break;
        }
        struct stat fst, pst;
        if (fstat(fd, &fst) != 0 || !S_ISREG(fst.st_mode)) {
            set_lock_error(err, volume, -1, 0, name);
            close(fd);
            break;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            set_lock_error(err, volume, e == EWOULDBLOCK ? 0 : e, e == EWOULDBLOCK ? holder_pid(fd) : 0, name);
            close(fd);
            break;
        }
        if (lstat(path, &pst) != 0 || pst.st_dev != fst.st_dev || pst.st_ino != fst.st_ino) {
            close(fd);
            continue;
        }
        char pid[32];
        int len = g_snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
        if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
            /* The lock holds without the pid; a second one says less. */
        }
        batch_lock *l = g_new0(batch_lock, 1);
        l->path = path;
        l->fd = fd;
        return l;
    }
    if (err && !*err)
        set_lock_error(err, volume, 0, 0, name);
    g_free(path);
    return NULL;
}

batch_lock *batch_lock_take(const char *outdir, GError **err)
{
    return take(g_build_filename(outdir, BATCH_LOCK_FILE, NULL), BATCH_LOCK_FILE, false, err);
}

batch_lock *batch_lock_take_output(const char *output, GError **err)
{
    char *dir = g_path_get_dirname(output), *base = g_path_get_basename(output);
    char *name = g_strdup_printf(".%s" BATCH_LOCK_SUFFIX, base);
    batch_lock *l = take(g_build_filename(dir, name, NULL), name, true, err);
    g_free(name);
    g_free(base);
    g_free(dir);
    return l;
}

int batch_lock_fd(const batch_lock *l)
{
    return l ? l->fd : -1;
}

void batch_lock_release(batch_lock *l)
{
    if (!l)
        return;
    /* Removed while held: a batch waiting on this file finds it gone and
     * opens the new one (see batch_lock_take). */
    unlink(l->path);
    close(l->fd);
    g_free(l->path);
    g_free(l);
}

/* outfile keeps a temporary file's name within NAME_MAX by cutting the
 * target's name at 200 bytes (outfile_new). */
#define OUTFILE_NAME_KEPT 200

/* Whether 'file' is ".NAME.XXXXXX.part" for one of 'names' (n): the
 * random part six letters or digits, as outfile_new makes it. */
static bool is_our_temporary(const char *file, char *const *names, int n)
{
    size_t len = strlen(file);
    const size_t tail = strlen(".XXXXXX.part");
    if (len < 1 + 1 + tail || file[0] != '.' || !g_str_has_suffix(file, ".part"))
        return false;
    const char *rnd = file + len - tail;
    if (rnd[0] != '.')
        return false;
    for (int i = 1; i <= 6; i++)
        if (!g_ascii_isalnum(rnd[i]))
            return false;
    size_t name_len = (size_t)(rnd - (file + 1));
    for (int i = 0; i < n; i++) {
        size_t want = MIN(strlen(names[i]), (size_t)OUTFILE_NAME_KEPT);
        if (name_len == want && strncmp(file + 1, names[i], want) == 0)
            return true;
    }
    return false;
}

int batch_lock_sweep(const char *outdir, char *const *names, int n)
{
    DIR *dir = opendir(outdir);
    if (!dir)
        return 0;
    int removed = 0;
    const struct dirent *de;
    while ((de = readdir(dir))) {
        if (!is_our_temporary(de->d_name, names, n))
            continue;
        struct stat st;
        if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
            st.st_uid != geteuid())
            continue;
        if (unlinkat(dirfd(dir), de->d_name, 0) == 0)
            removed++;
    }
    closedir(dir);
    return removed;
}

void batch_lock_test_hold(const char *name)
{
    const char *v = g_getenv("TRIPREPORT_TEST_HOLD");
    const char *colon = v ? strchr(v, ':') : NULL;
    if (!colon || strlen(name) != (size_t)(colon - v) || strncmp(v, name, strlen(name)) != 0)
        return;
    int fd = open(colon + 1, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0)
        close(fd);
    struct stat st;
    for (int i = 0; i < 6000 && stat(colon + 1, &st) == 0; i++)
        g_usleep(10000);
}
