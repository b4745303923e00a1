/* image_verify_pool: photo paths in, image_verify()'s answers out, read
 * through on a GThreadPool (the asking thread helps with what no thread
 * has taken yet) and kept by file identity for the process. */
#include "image_verify_pool.h"

#include "image_probe.h"
#include "image_source.h"
#include "image_verify.h"
#include "infile.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Answers kept at most (then all forgotten): `watch` of a trip whose
 * photos keep changing must not grow without end. */
#define ANSWERS_MAX 4096

typedef enum { JOB_QUEUED, JOB_RUNNING, JOB_DONE } job_state;

/* A verification begun by image_verify_pool_start(). */
typedef struct job {
    char *path;
    job_state state;
} job;

/* What reading a file through said. UNKNOWN: nothing to keep (not a
 * regular file, not a JPEG, a read error, changed while read, out of
 * memory): image_verify() itself then says what it says today. */
typedef enum { VERDICT_WHOLE, VERDICT_DAMAGED, VERDICT_UNKNOWN } verdict;

/* Everything below under 'lock'. */
static GMutex lock;
static GCond job_done;
static GThreadPool *pool;      /* NULL until threads are first needed */
static pid_t pool_pid;         /* the process whose threads 'pool' has (batch forks) */
static GHashTable *pending;    /* path -> job* (owned): begun, not asked for yet */
static GQueue queued = G_QUEUE_INIT; /* job* (borrowed from 'pending') no thread has taken, first begun first */
static GHashTable *answers;    /* identity key -> "" (whole) or the damage's message, both owned */
static GPtrArray *found;       /* identity keys read through and found whole here (owned) */
static int processes = 1, forced_threads;
static gint decoded;           /* atomic */

static void job_free(gpointer p)
{
    job *j = p;
    g_free(j->path);
    g_free(j);
}

/* The file's identity: a file rewritten, even within the same second or
 * with its modification time put back, has another (its change time). */
static char *identity_of(const struct stat *st)
{
    return g_strdup_printf("%ju:%ju:%jd:%jd.%09ld:%jd.%09ld", (uintmax_t)st->st_dev, (uintmax_t)st->st_ino,
                           (intmax_t)st->st_size, (intmax_t)st->st_mtim.tv_sec, (long)st->st_mtim.tv_nsec,
                           (intmax_t)st->st_ctim.tv_sec, (long)st->st_ctim.tv_nsec);
}

/* Reads the JPEG 'path' whole, without touching anything shared (safe on
 * any thread; opened here, not through infile, whose record of inputs is
 * the main thread's, which probes each photo first): a regular file, a
 * JPEG by its first bytes and the probe, unchanged while read. Its bytes
 * ('*buf', caller frees), those that go into the PDF ('*len': up to its
 * EOI), what the probe found and its identity ('*id', caller frees); false
 * (nothing set) otherwise. */
static bool read_jpeg(const char *path, guint8 **buf, gsize *len, image_info *info, char **id)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return false;
    struct stat before, after;
    guint8 magic[2], *b = NULL;
    bool ok = false;
    if (fstat(fd, &before) != 0 || !S_ISREG(before.st_mode) || before.st_size < 2 ||
        before.st_size > INFILE_MAX_IMAGE)
        goto out;
    image_source fs = { .fd = fd, .mem = NULL, .size = before.st_size, .err = 0 };
    if (!image_source_read(&fs, 0, magic, 2) || magic[0] != 0xFF || magic[1] != 0xD8)
        goto out; /* not a JPEG: nothing to read through */
    b = g_try_malloc((gsize)before.st_size);
    if (!b || !image_source_read(&fs, 0, b, (size_t)before.st_size) || fstat(fd, &after) != 0)
        goto out;
    char *id_before = identity_of(&before), *id_after = identity_of(&after);
    bool same = strcmp(id_before, id_after) == 0;
    g_free(id_after);
    image_probe_result r;
    if (!same || !image_probe_bytes_full(b, (gsize)before.st_size, &r, NULL) || r.info.format != IMAGE_FORMAT_JPEG) {
        g_free(id_before);
        goto out;
    }
    *buf = b;
    b = NULL;
    *len = (gsize)MIN(r.data_len, before.st_size);
    *info = r.info;
    *id = id_before;
    ok = true;
out:
    g_free(b);
    close(fd);
    return ok;
}

/* Reads 'path' and verifies it as image_verify() would, without touching
 * anything shared but the 'decoded' count (safe on any thread). '*id' and
 * '*msg' (caller frees) are set unless UNKNOWN. */
static verdict verify_file(const char *path, char **id, char **msg)
{
    guint8 *buf = NULL;
    gsize len = 0;
    image_info info;
    char *id_read = NULL;
    if (!read_jpeg(path, &buf, &len, &info, &id_read))
        return VERDICT_UNKNOWN;
    verdict v = VERDICT_UNKNOWN;
    GError *e = NULL;
    g_atomic_int_inc(&decoded);
    if (image_verify_jpeg_bytes(buf, len, &e)) {
        v = VERDICT_WHOLE;
        *msg = g_strdup("");
    } else if (e->code == IMAGE_ERROR_DAMAGED) {
        v = VERDICT_DAMAGED;
        *msg = g_strdup(e->message);
    }
    g_clear_error(&e);
    if (v != VERDICT_UNKNOWN)
        *id = id_read;
    else
        g_free(id_read);
    g_free(buf);
    return v;
}

/* Keeps an answer ('read': from reading the file through here, which a
 * whole one adds to 'found'). Under 'lock'. */
static void keep_answer(char *id, char *msg, bool read)
{
    if (!answers)
        answers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (g_hash_table_size(answers) >= ANSWERS_MAX)
        g_hash_table_remove_all(answers);
    if (read && !*msg) {
        if (!found)
            found = g_ptr_array_new_with_free_func(g_free);
        if (found->len < ANSWERS_MAX)
            g_ptr_array_add(found, g_strdup(id));
    }
    g_hash_table_replace(answers, id, msg);
}

/* Verifies the job 'j' (taken: RUNNING) and publishes its answer. Called
 * without 'lock'. */
static void job_run(job *j)
{
    char *id = NULL, *msg = NULL;
    verdict v = verify_file(j->path, &id, &msg);
    g_mutex_lock(&lock);
    if (v != VERDICT_UNKNOWN)
        keep_answer(id, msg, true);
    j->state = JOB_DONE;
    g_cond_broadcast(&job_done);
    g_mutex_unlock(&lock);
}

/* A pool thread: takes the first job begun that nobody has taken (each
 * push is one such turn; a job the asking thread took itself leaves a
 * turn with nothing to do). */
static void pool_turn(gpointer data, gpointer user)
{
    (void)data;
    (void)user;
    g_mutex_lock(&lock);
    job *j = g_queue_pop_head(&queued);
    if (j)
        j->state = JOB_RUNNING;
    g_mutex_unlock(&lock);
    if (j)
        job_run(j);
}

static int threads_wanted(void)
{
    if (forced_threads > 0)
        return forced_threads;
    return MAX(1, (int)g_get_num_processors() / MAX(1, processes));
}

/* A child forked after threads were started has none of them, nor any use
 * for the jobs they had: starts afresh (the old ones are left, unfreed).
 * Under 'lock'. */
static void after_fork(void)
{
    if (!pool || pool_pid == getpid())
        return;
    pool = NULL;
    pending = NULL;
    found = NULL;
    g_queue_init(&queued);
}

void image_verify_pool_share(int n)
{
    g_mutex_lock(&lock);
    processes = MAX(1, n);
    g_mutex_unlock(&lock);
}

void image_verify_pool_set_threads(int threads)
{
    g_mutex_lock(&lock);
    forced_threads = MAX(0, threads);
    if (pool)
        g_thread_pool_set_max_threads(pool, MAX(1, threads_wanted() - 1), NULL);
    g_mutex_unlock(&lock);
}

void image_verify_pool_start(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return;
    char *id = identity_of(&st);
    g_mutex_lock(&lock);
    after_fork();
    int workers = threads_wanted() - 1;
    const job *was = pending ? g_hash_table_lookup(pending, path) : NULL;
    bool known = (answers && g_hash_table_contains(answers, id)) || (was && was->state != JOB_DONE);
    if (workers > 0 && !known) {
        if (!pool) {
            pool = g_thread_pool_new(pool_turn, NULL, workers, FALSE, NULL);
            pool_pid = getpid();
        }
        if (!pending)
            pending = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, job_free);
        job *j = g_new0(job, 1);
        j->path = g_strdup(path);
        j->state = JOB_QUEUED;
        g_hash_table_replace(pending, g_strdup(path), j);
        g_queue_push_tail(&queued, j);
        g_thread_pool_push(pool, GINT_TO_POINTER(1), NULL);
    }
    g_mutex_unlock(&lock);
    g_free(id);
}

bool image_verify_pool_result(const char *path, GError **err)
{
    g_mutex_lock(&lock);
    after_fork();
    job *j = pending ? g_hash_table_lookup(pending, path) : NULL;
    while (j && j->state != JOB_DONE) {
        /* Rather than wait: this photo's job if no thread has it, else the
         * next one begun. */
        job *k = NULL;
        if (j->state == JOB_QUEUED) {
            g_queue_remove(&queued, j);
            k = j;
        } else {
            k = g_queue_pop_head(&queued);
        }
        if (k) {
            k->state = JOB_RUNNING;
            g_mutex_unlock(&lock);
            job_run(k);
            g_mutex_lock(&lock);
        } else {
            g_cond_wait(&job_done, &lock);
        }
    }
    if (j)
        g_hash_table_remove(pending, path);
    g_mutex_unlock(&lock);

    /* The answer for the file as it is now. */
    struct stat st;
    if (stat(path, &st) != 0)
        return image_verify(path, err);
    char *id = identity_of(&st);
    g_mutex_lock(&lock);
    const char *known = answers ? g_hash_table_lookup(answers, id) : NULL;
    char *msg = g_strdup(known);
    g_mutex_unlock(&lock);
    g_free(id);
    if (!msg) {
        /* Not begun, or the file changed since it was read. */
        char *read_id = NULL;
        if (verify_file(path, &read_id, &msg) == VERDICT_UNKNOWN)
            return image_verify(path, err);
        g_mutex_lock(&lock);
        keep_answer(read_id, g_strdup(msg), true);
        g_mutex_unlock(&lock);
    }
    bool ok = !*msg;
    if (!ok)
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED, msg);
    g_free(msg);
    return ok;
}

bool image_verify_pool_read(const char *path, guint8 **data, gsize *len, image_info *info, char **identity,
                            bool *known)
{
    if (!read_jpeg(path, data, len, info, identity))
        return false;
    g_mutex_lock(&lock);
    after_fork();
    *known = answers && g_hash_table_contains(answers, *identity);
    g_mutex_unlock(&lock);
    return true;
}

bool image_verify_pool_open(const char *path, int *fd, goffset *size, char **identity, bool *known)
{
    int f = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (f < 0)
        return false;
    struct stat st;
    bool ok = fstat(f, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 2 && st.st_size <= INFILE_MAX_IMAGE;
    if (ok) {
        guint8 magic[2];
        image_source fs = { .fd = f, .mem = NULL, .size = st.st_size, .err = 0 };
        ok = image_source_read(&fs, 0, magic, 2) && magic[0] == 0xFF && magic[1] == 0xD8;
    }
    if (!ok) {
        close(f);
        return false;
    }
    *fd = f;
    *size = st.st_size;
    *identity = identity_of(&st);
    g_mutex_lock(&lock);
    after_fork();
    *known = answers && g_hash_table_contains(answers, *identity);
    g_mutex_unlock(&lock);
    return true;
}

bool image_verify_pool_close(int fd, const char *identity)
{
    struct stat st;
    bool same = fstat(fd, &st) == 0;
    if (same) {
        char *now = identity_of(&st);
        same = strcmp(now, identity) == 0;
        g_free(now);
    }
    close(fd);
    return same;
}

void image_verify_pool_keep(const char *identity, const char *damage)
{
    g_mutex_lock(&lock);
    after_fork();
    keep_answer(g_strdup(identity), g_strdup(damage ? damage : ""), true);
    g_mutex_unlock(&lock);
}

char *image_verify_pool_identity(const struct stat *st)
{
    return identity_of(st);
}

void image_verify_pool_add_whole(const char *identity)
{
    g_mutex_lock(&lock);
    after_fork();
    keep_answer(g_strdup(identity), g_strdup(""), false);
    g_mutex_unlock(&lock);
}

bool image_verify_pool_known_whole(const char *identity)
{
    g_mutex_lock(&lock);
    after_fork();
    const char *a = answers ? g_hash_table_lookup(answers, identity) : NULL;
    bool whole = a && !*a;
    g_mutex_unlock(&lock);
    return whole;
}

GPtrArray *image_verify_pool_found_whole(void)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    g_mutex_lock(&lock);
    after_fork();
    for (guint i = 0; found && i < found->len; i++)
        g_ptr_array_add(a, g_strdup(g_ptr_array_index(found, i)));
    g_mutex_unlock(&lock);
    return a;
}

int image_verify_pool_decoded(void)
{
    return g_atomic_int_get(&decoded);
}

void image_verify_pool_forget(void)
{
    g_mutex_lock(&lock);
    after_fork();
    /* Jobs no thread has taken are dropped; those under way finish. */
    for (job *j; (j = g_queue_pop_head(&queued));)
        j->state = JOB_DONE;
    for (bool running = true; running;) {
        running = false;
        GHashTableIter it;
        gpointer v;
        if (pending) {
            g_hash_table_iter_init(&it, pending);
            while (g_hash_table_iter_next(&it, NULL, &v))
                running = running || ((job *)v)->state == JOB_RUNNING;
        }
        if (running)
            g_cond_wait(&job_done, &lock);
    }
    if (pending)
        g_hash_table_remove_all(pending);
    if (answers)
        g_hash_table_remove_all(answers);
    if (found)
        g_ptr_array_set_size(found, 0);
    g_mutex_unlock(&lock);
}
