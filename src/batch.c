/* batch: many reports, one process each (fork: one Pango font map per
 * process gives byte-identical output; threads sharing one do not, see
 * NOTES-stack.md), skipping reports whose inputs are unchanged. */
#include "batch.h"

#include "build.h"
#include "fonts.h"
#include "infile.h"
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef TRIPREPORT_VERSION
#define TRIPREPORT_VERSION "0.1.0"
#endif

#define STATE_FILE ".tripreport-state" /* per PDF: the digest it was made from */
#define MEMO_FILE ".tripreport-files"  /* per input file: size, mtime, inode -> content hash */

/*** Finding the trips ***/

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What kind of thing 'path' is (stat: links followed), for messages. */
static const char *what_is(const struct stat *st)
{
    if (S_ISDIR(st->st_mode))
        return "a folder";
    if (S_ISFIFO(st->st_mode))
        return "a FIFO (named pipe)";
    if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
        return "a device";
    if (S_ISSOCK(st->st_mode))
        return "a socket";
    return "not a regular file";
}

/* A folder batch writes into (it has batch's state table). */
static bool is_output_folder(const char *dir)
{
    char *state = g_build_filename(dir, STATE_FILE, NULL);
    bool yes = g_file_test(state, G_FILE_TEST_EXISTS);
    g_free(state);
    return yes;
}

/* The trip.txt of report folder 'dir': its path if it is a regular file
 * (caller frees); NULL otherwise, with a message unless there is none. */
static char *report_trip(const char *dir, bool quiet_if_missing, diag_list *d)
{
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    struct stat st;
    if (stat(trip, &st) == 0 && S_ISREG(st.st_mode))
        return trip;
    if (stat(trip, &st) == 0)
        diag_error(d, (diag_loc){ diag_file(d, trip), 0, 0 }, "is %s, not a trip file; this report is left out",
                   what_is(&st));
    else if (errno != ENOENT)
        diag_error(d, (diag_loc){ diag_file(d, trip), 0, 0 }, "cannot be read (%s); this report is left out",
                   g_strerror(errno));
    else if (!quiet_if_missing && !is_output_folder(dir))
        diag_note(d, (diag_loc){ diag_file(d, dir), 0, 0 }, "no trip.txt in this folder; it is not a report, left out");
    g_free(trip);
    return NULL;
}

char **batch_find(char **args, int n, diag_list *d)
{
    GPtrArray *out = g_ptr_array_new();
    for (int i = 0; i < n; i++) {
        const char *a = args[i];
        struct stat st;
        if (stat(a, &st) != 0) {
            diag_error(d, (diag_loc){ diag_file(d, a), 0, 0 }, "%s",
                       errno == ENOENT || errno == ENOTDIR ? "no such file or folder" : g_strerror(errno));
            continue;
        }
        if (S_ISREG(st.st_mode)) {
            g_ptr_array_add(out, g_strdup(a));
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            diag_error(d, (diag_loc){ diag_file(d, a), 0, 0 }, "is %s, not a trip file or a folder of reports",
                       what_is(&st));
            continue;
        }
        /* The folder of one report, or a folder of report folders. */
        char *own_path = g_build_filename(a, "trip.txt", NULL);
        bool has_own = lstat(own_path, &st) == 0;
        g_free(own_path);
        if (has_own) {
            char *own = report_trip(a, true, d);
            if (own)
                g_ptr_array_add(out, own);
            continue;
        }
        GDir *dir = g_dir_open(a, 0, NULL);
        GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
        const char *name;
        while (dir && (name = g_dir_read_name(dir)))
            g_ptr_array_add(names, g_strdup(name));
        if (dir)
            g_dir_close(dir);
        g_ptr_array_sort(names, cmp_str);
        int found = 0;
        for (guint k = 0; k < names->len; k++) {
            const char *nm = g_ptr_array_index(names, k);
            char *sub = g_build_filename(a, nm, NULL);
            if (nm[0] != '.' && stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
                char *trip = report_trip(sub, false, d);
                if (trip) {
                    g_ptr_array_add(out, trip);
                    found++;
                }
            }
            g_free(sub);
        }
        g_ptr_array_unref(names);
        if (found == 0)
            diag_error(d, (diag_loc){ diag_file(d, a), 0, 0 }, "no report folders here (looked for FOLDER/trip.txt)");
    }
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}

/*** What a PDF depends on ***/

/* SHA-256 of a file's content, or NULL if it cannot be read: opened as
 * every input is (infile_open: a regular file within the cap of 'kind',
 * never a FIFO or device), then read in pieces, never mapped. */
static char *hash_file(const char *path, infile_kind kind)
{
    int fd = infile_open(path, kind, NULL, NULL);
    if (fd < 0)
        return NULL;
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    gsize cap = (gsize)infile_max(kind), total = 0;
    guchar *buf = g_malloc(1 << 20);
    bool ok = true;
    for (;;) {
        ssize_t n = read(fd, buf, 1 << 20);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || (total += (gsize)MAX(n, 0)) > cap) {
            ok = false;
            break;
        }
        if (n == 0)
            break;
        g_checksum_update(c, buf, n);
    }
    close(fd);
    g_free(buf);
    char *h = ok ? g_strdup(g_checksum_get_string(c)) : NULL;
    g_checksum_free(c);
    return h;
}

/* A file's content hash, from 'memo' when its size, modification time
 * (ns) and inode are the ones recorded with the hash. The memo maps a
 * path to "size mtime ino hash". */
/* In a child: the memo entries it added, to send back to the parent. */
static GHashTable *memo_added;
/* In the parent: only what the memo knows, no file read (a miss sets
 * 'memo_missed' and the digest is left to the child). */
static bool memo_only, memo_missed;

static char *file_digest(const char *path, infile_kind kind, GHashTable *memo)
{
    GStatBuf sb;
    if (g_stat(path, &sb) != 0)
        return g_strdup("missing");
    char *key = g_strdup_printf("%lld %lld.%09ld %llu", (long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
                                sb.st_mtim.tv_nsec, (unsigned long long)sb.st_ino);
    const char *known = memo ? g_hash_table_lookup(memo, path) : NULL;
    char *result = NULL;
    if (known && g_str_has_prefix(known, key) && known[strlen(key)] == ' ') {
        result = g_strdup(known + strlen(key) + 1);
    } else if (memo_only) {
        memo_missed = true;
        result = g_strdup("?");
    } else {
        result = hash_file(path, kind);
        if (!result)
            result = g_strdup("unreadable");
        else if (memo) {
            g_hash_table_insert(memo, g_strdup(path), g_strdup_printf("%s %s", key, result));
            if (memo_added)
                g_hash_table_insert(memo_added, g_strdup(path), g_strdup_printf("%s %s", key, result));
        }
    }
    g_free(key);
    return result;
}

static const char *program_digest(void)
{
    static char *digest;
    if (!digest) {
        char *exe = g_file_read_link("/proc/self/exe", NULL);
        digest = exe ? hash_file(exe, INFILE_PROGRAM) : NULL;
        if (!digest)
            digest = g_strdup(TRIPREPORT_VERSION);
        g_free(exe);
    }
    return digest;
}

static void add_images(GChecksum *c, const doc_node *n, GHashTable *memo)
{
    if ((n->type == DOC_NODE_IMAGE || n->type == DOC_NODE_PHOTO) && n->resolved) {
        char *h = file_digest(n->resolved, INFILE_IMAGE, memo);
        g_checksum_update(c, (const guchar *)n->resolved, -1);
        g_checksum_update(c, (const guchar *)h, -1);
        g_free(h);
    }
    for (guint i = 0; n->children && i < n->children->len; i++)
        add_images(c, g_ptr_array_index(n->children, i), memo);
}

/* The fonts a style resolves to, computed once per layout file. */
static const char *fonts_of(const style *st)
{
    static GHashTable *seen;
    static fonts *fc;
    if (!seen) {
        seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        diag_list *d = diag_list_new();
        fc = fonts_new_config_only(d);
        diag_list_free(d);
    }
    const char *key = st->path ? st->path : "default";
    const char *v = g_hash_table_lookup(seen, key);
    if (!v && fc) {
        char *fp = fonts_fingerprint(fc, st);
        g_hash_table_insert(seen, g_strdup(key), fp);
        v = fp;
    }
    return v ? v : "";
}

char *batch_digest(const char *trip, const report_options *o, GHashTable *memo)
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(c, (const guchar *)"tripreport " TRIPREPORT_VERSION "\n", -1);
    g_checksum_update(c, (const guchar *)program_digest(), -1);
    /* Every output option (report.h's one list) and the dates' source. */
    char *od = report_options_digest(o);
    char *opts = g_strdup_printf("\n%s sde=%s\n", od, g_getenv("SOURCE_DATE_EPOCH") ? g_getenv("SOURCE_DATE_EPOCH") : "");
    g_checksum_update(c, (const guchar *)opts, -1);
    g_free(opts);
    g_free(od);
    char *th = file_digest(trip, INFILE_TRIP, memo);
    g_checksum_update(c, (const guchar *)th, -1);
    g_free(th);

    diag_list *d = diag_list_new();
    doc *dc = report_load(trip, d, 0);
    if (dc) {
        for (guint i = 0; i < dc->sections->len; i++)
            add_images(c, g_ptr_array_index(dc->sections, i), memo);
        style *st = report_style(dc, o->layout, d);
        if (st) {
            /* The layout file and its neighbours (a base: names one of them). */
            if (st->path) {
                char *dir = g_path_get_dirname(st->path);
                GDir *gd = g_dir_open(dir, 0, NULL);
                GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
                const char *nm;
                while (gd && (nm = g_dir_read_name(gd)))
                    if (g_str_has_suffix(nm, ".layout"))
                        g_ptr_array_add(names, g_build_filename(dir, nm, NULL));
                if (gd)
                    g_dir_close(gd);
                g_ptr_array_sort(names, cmp_str);
                for (guint k = 0; k < names->len; k++) {
                    char *h = file_digest(g_ptr_array_index(names, k), INFILE_LAYOUT, memo);
                    g_checksum_update(c, (const guchar *)h, -1);
                    g_free(h);
                }
                g_ptr_array_unref(names);
                g_free(dir);
            }
            g_checksum_update(c, (const guchar *)fonts_of(st), -1);
            char *conf = g_build_filename(fonts_data_dir(), "fonts", "fonts.conf", NULL);
            char *h = file_digest(conf, INFILE_OTHER, memo);
            g_checksum_update(c, (const guchar *)h, -1);
            g_free(h);
            g_free(conf);
            style_free(st);
        }
        doc_free(dc);
    }
    diag_list_free(d);
    char *out = g_strdup(g_checksum_get_string(c));
    g_checksum_free(c);
    return out;
}

/*** State files ***/

/* Reads "key\tvalue" lines. */
static GHashTable *read_table(const char *path)
{
    GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    char *text = NULL;
    gsize len = 0;
    if (!infile_read(path, INFILE_STATE, &text, &len, NULL))
        return t;
    char **lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        char *tab = strchr(lines[i], '\t');
        if (tab)
            g_hash_table_insert(t, g_strndup(lines[i], (gsize)(tab - lines[i])), g_strdup(tab + 1));
    }
    g_strfreev(lines);
    g_free(text);
    return t;
}

/* Writes the table sorted, through a temporary file. */
static void write_table(const char *path, GHashTable *t)
{
    GPtrArray *keys = g_ptr_array_new();
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, t);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_ptr_array_add(keys, k);
    g_ptr_array_sort(keys, cmp_str);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < keys->len; i++)
        g_string_append_printf(s, "%s\t%s\n", (char *)g_ptr_array_index(keys, i),
                               (char *)g_hash_table_lookup(t, g_ptr_array_index(keys, i)));
    GError *err = NULL;
    if (!outfile_write_all(path, s->str, s->len, &err)) {
        /* Only costs a re-render next time. */
        g_printerr("%s: warning: %s\n", path, err->message);
        g_error_free(err);
    }
    g_string_free(s, TRUE);
    g_ptr_array_unref(keys);
}

/* "digest size mtime" of a PDF as made. */
static char *pdf_stamp(const char *digest, const char *pdf)
{
    GStatBuf sb;
    if (g_stat(pdf, &sb) != 0)
        return NULL;
    return g_strdup_printf("%s %lld %lld.%09ld", digest, (long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
                           sb.st_mtim.tv_nsec);
}

/*** Running ***/

typedef enum {
    JOB_NONE,
    JOB_WAITING,
    JOB_RUNNING,
    JOB_DONE,
    JOB_SKIPPED,
    JOB_FAILED,
} job_state;

typedef struct job {
    const char *trip;
    char *name;      /* "017-matsue.pdf" */
    char *pdf;       /* outdir/017-matsue.pdf */
    char *digest;    /* from the child */
    const char *was; /* the state recorded for this PDF, or NULL */
    job_state state;
    pid_t pid;
    int fd;          /* the child's stdout+stderr, -1 when closed */
    GString *out;    /* what it printed */
    gint64 start_us;
    double seconds;
    int pages;
    char *why;       /* a failure's reason (crash, signal) */
} job;

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* A report's process: works out the digest of its inputs (in parallel
 * with the others), skips the report if nothing changed, else renders it.
 * It tells the parent through the pipe: "@skipped", "@pages N",
 * "@digest D", "@memo PATH\tVALUE" lines after the messages. */
static void child_main(job *j, const batch_options *o, int wfd, GHashTable *memo)
{
    dup2(wfd, STDOUT_FILENO);
    dup2(wfd, STDERR_FILENO);
    close(wfd);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    /* Test hook: make this report's process crash, to show that a crash
     * stops nothing else (tests/e2e). */
    const char *crash = g_getenv("TRIPREPORT_TEST_CRASH");
    if (crash && strcmp(crash, j->name) == 0)
        abort();
    memo_added = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    char *digest = batch_digest(j->trip, &o->report, memo);
    char *stamp = pdf_stamp(digest, j->pdf);
    bool ok = true;
    if (!o->force && !o->report.now && stamp && j->was && strcmp(stamp, j->was) == 0) {
        fprintf(stdout, "@skipped\n");
    } else {
        diag_list *d = diag_list_new();
        int pages = 0;
        ok = report_render(j->trip, j->pdf, &o->report, d, &pages);
        diag_print(d, stderr, 20);
        fflush(stderr);
        fprintf(stdout, "@pages %d\n", pages);
        diag_list_free(d);
    }
    fprintf(stdout, "@digest %s\n", digest);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, memo_added);
    while (g_hash_table_iter_next(&it, &k, &v))
        fprintf(stdout, "@memo %s\t%s\n", (char *)k, (char *)v);
    fflush(stdout);
    _exit(ok ? 0 : 1);
}

/* Reads the child's "@" lines (and keeps the rest: its messages). */
static void job_finish(job *j, int status, GHashTable *memo)
{
    j->seconds = (double)(g_get_monotonic_time() - j->start_us) / 1e6;
    bool skipped = false;
    GString *msgs = g_string_new(NULL);
    char **lines = g_strsplit(j->out->str, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        const char *l = lines[i];
        if (strcmp(l, "@skipped") == 0) {
            skipped = true;
        } else if (g_str_has_prefix(l, "@pages ")) {
            j->pages = atoi(l + 7);
        } else if (g_str_has_prefix(l, "@digest ")) {
            g_free(j->digest);
            j->digest = g_strdup(l + 8);
        } else if (g_str_has_prefix(l, "@memo ")) {
            const char *tab = strchr(l + 6, '\t');
            if (tab)
                g_hash_table_insert(memo, g_strndup(l + 6, (gsize)(tab - l - 6)), g_strdup(tab + 1));
        } else if (l[0] || lines[i + 1]) {
            g_string_append(msgs, l);
            g_string_append_c(msgs, '\n');
        }
    }
    g_strfreev(lines);
    g_string_free(j->out, TRUE);
    j->out = msgs;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        j->state = skipped ? JOB_SKIPPED : JOB_DONE;
    } else {
        j->state = JOB_FAILED;
        if (WIFSIGNALED(status))
            j->why = g_strdup_printf("%s (signal %d)", WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGTERM
                                                           ? "interrupted" : "crashed",
                                     WTERMSIG(status));
    }
}

static void drain(job *j)
{
    char buf[4096];
    for (;;) {
        ssize_t n = read(j->fd, buf, sizeof(buf));
        if (n > 0) {
            g_string_append_len(j->out, buf, n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 || (n < 0 && errno != EAGAIN)) {
            close(j->fd);
            j->fd = -1;
        }
        return;
    }
}

static void progress_line(const batch_options *o, bool tty, job *jobs, int n, int done, int todo, gint64 t0,
                          const job *finished)
{
    double el = (double)(g_get_monotonic_time() - t0) / 1e6;
    if (!tty) {
        if (!finished)
            return;
        if (finished->state == JOB_SKIPPED)
            fprintf(o->progress, "[%d/%d] %s: skipped (unchanged)\n", done, n, finished->name);
        else if (finished->state == JOB_DONE)
            fprintf(o->progress, "[%d/%d] %s: rendered, %d pages, %.2f s\n", done, n, finished->name, finished->pages,
                    finished->seconds);
        else
            fprintf(o->progress, "[%d/%d] %s: FAILED%s%s\n", done, n, finished->name, finished->why ? ", " : "",
                    finished->why ? finished->why : "");
        fflush(o->progress);
        return;
    }
    const char *current = "";
    for (int i = 0; i < n; i++)
        if (jobs[i].state == JOB_RUNNING)
            current = jobs[i].name;
    int rendered_done = 0;
    for (int i = 0; i < n; i++)
        rendered_done += jobs[i].state == JOB_DONE || jobs[i].state == JOB_FAILED;
    char eta[32] = "";
    if (rendered_done > 0 && todo > rendered_done)
        g_snprintf(eta, sizeof(eta), ", about %.0f s left", el / rendered_done * (todo - rendered_done));
    fprintf(o->progress, "\r\033[K[%d/%d] %s  %.1f s%s", done, n, current, el, eta);
    fflush(o->progress);
}

batch_result batch_run(char **trips, const batch_options *o)
{
    batch_result res = { 0, 0, 0, 0, 0, false };
    gint64 t0 = g_get_monotonic_time();
    int n = (int)g_strv_length(trips);
    job *jobs = g_new0(job, n > 0 ? n : 1);
    char *state_path = g_build_filename(o->outdir, STATE_FILE, NULL);
    char *memo_path = g_build_filename(o->outdir, MEMO_FILE, NULL);
    GHashTable *state = read_table(state_path);
    GHashTable *memo = read_table(memo_path);
    GHashTable *names = g_hash_table_new(g_str_hash, g_str_equal);
    bool tty = isatty(fileno(o->progress));

    /* Decide what to render: by the digest of the inputs. */
    int todo = 0;
    for (int i = 0; i < n; i++) {
        job *j = &jobs[i];
        j->trip = trips[i];
        char *base = report_name(trips[i]);
        j->name = g_strconcat(base, ".pdf", NULL);
        g_free(base);
        j->pdf = g_build_filename(o->outdir, j->name, NULL);
        j->fd = -1;
        j->out = g_string_new(NULL);
        if (g_hash_table_contains(names, j->name)) {
            j->state = JOB_FAILED;
            j->why = g_strdup_printf("another report is also named %s (%s); rename one of the folders",
                                     j->name, (const char *)g_hash_table_lookup(names, j->name));
            continue;
        }
        g_hash_table_insert(names, j->name, (gpointer)j->trip);
        j->was = g_hash_table_lookup(state, j->name);
        j->state = JOB_WAITING;
        /* Unchanged and every input known to the memo: skipped here,
         * without a process. Otherwise the child hashes what it must. */
        if (!o->force && !o->report.now && j->was) {
            memo_only = true;
            memo_missed = false;
            char *dg = batch_digest(j->trip, &o->report, memo);
            memo_only = false;
            char *stamp = memo_missed ? NULL : pdf_stamp(dg, j->pdf);
            if (stamp && strcmp(stamp, j->was) == 0)
                j->state = JOB_SKIPPED;
            g_free(stamp);
            g_free(dg);
        }
        todo += j->state == JOB_WAITING;
    }
    /* What every child needs, made once here (and inherited): the
     * program's own hash and fontconfig (config only: no threads before
     * fork). */
    program_digest();
    if (n > 0) {
        diag_list *dd = diag_list_new();
        style *st = style_load(o->report.layout ? o->report.layout : "default", fonts_data_dir(), NULL,
                               (diag_loc){ NULL, 0, 0 }, dd);
        if (st)
            fonts_of(st);
        style_free(st);
        diag_list_free(dd);
    }

    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    stop_requested = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);

    int done = 0, running = 0, next = 0;
    for (int i = 0; i < n; i++) {
        if (jobs[i].state == JOB_SKIPPED || jobs[i].state == JOB_FAILED) {
            done++;
            progress_line(o, tty, jobs, n, done, todo, t0, &jobs[i]);
        }
    }
    fflush(NULL); /* nothing buffered is copied into the children */
    while (true) {
        while (!stop_requested && running < o->jobs && next < n) {
            job *j = &jobs[next++];
            if (j->state != JOB_WAITING)
                continue;
            int p[2];
            if (pipe(p) != 0) {
                j->state = JOB_FAILED;
                j->why = g_strdup_printf("cannot start: %s", g_strerror(errno));
                done++;
                continue;
            }
            j->start_us = g_get_monotonic_time();
            pid_t pid = fork();
            if (pid == 0) {
                close(p[0]);
                child_main(j, o, p[1], memo);
            }
            close(p[1]);
            if (pid < 0) {
                close(p[0]);
                j->state = JOB_FAILED;
                j->why = g_strdup_printf("cannot start: %s", g_strerror(errno));
                done++;
                continue;
            }
            fcntl(p[0], F_SETFL, O_NONBLOCK);
            j->pid = pid;
            j->fd = p[0];
            j->state = JOB_RUNNING;
            running++;
        }
        if (running == 0)
            break;
        if (stop_requested) {
            for (int i = 0; i < n; i++)
                if (jobs[i].state == JOB_RUNNING)
                    kill(jobs[i].pid, SIGTERM);
        }
        /* Wait for output or a 0.2 s tick (the live line's clock). */
        struct pollfd *pf = g_new0(struct pollfd, running);
        int np = 0;
        for (int i = 0; i < n; i++)
            if (jobs[i].state == JOB_RUNNING && jobs[i].fd >= 0)
                pf[np++] = (struct pollfd){ jobs[i].fd, POLLIN, 0 };
        poll(pf, (nfds_t)np, 200);
        g_free(pf);
        for (int i = 0; i < n; i++)
            if (jobs[i].state == JOB_RUNNING && jobs[i].fd >= 0)
                drain(&jobs[i]);
        int status;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            for (int i = 0; i < n; i++) {
                job *j = &jobs[i];
                if (j->state != JOB_RUNNING || j->pid != pid)
                    continue;
                if (j->fd >= 0) {
                    fcntl(j->fd, F_SETFL, 0);
                    drain(j);
                    if (j->fd >= 0)
                        drain(j);
                }
                job_finish(j, status, memo);
                running--;
                done++;
                if (j->state == JOB_DONE && j->digest) {
                    char *stamp = pdf_stamp(j->digest, j->pdf);
                    if (stamp)
                        g_hash_table_insert(state, g_strdup(j->name), stamp);
                } else if (j->state == JOB_FAILED) {
                    g_hash_table_remove(state, j->name);
                }
                if (tty && j->state == JOB_FAILED)
                    fprintf(o->progress, "\r\033[K%s: FAILED\n", j->name);
                progress_line(o, tty, jobs, n, done, todo, t0, j);
            }
        }
        if (tty)
            progress_line(o, tty, jobs, n, done, todo, t0, NULL);
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (tty)
        fprintf(o->progress, "\r\033[K");

    write_table(state_path, state);
    write_table(memo_path, memo);

    for (int i = 0; i < n; i++) {
        job *j = &jobs[i];
        res.rendered += j->state == JOB_DONE;
        res.skipped += j->state == JOB_SKIPPED;
        res.failed += j->state == JOB_FAILED || j->state == JOB_WAITING;
        if (j->state == JOB_DONE)
            res.pages += j->pages;
    }
    res.interrupted = stop_requested != 0;
    res.seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
    fprintf(o->progress, "rendered %d, skipped %d, failed %d, pages %d, seconds %.2f\n", res.rendered, res.skipped,
            res.failed, res.pages, res.seconds);
    if (res.failed) {
        fprintf(o->progress, "\nfailed (earlier PDFs of these reports were left as they were):\n");
        for (int i = 0; i < n; i++) {
            job *j = &jobs[i];
            if (j->state == JOB_WAITING)
                fprintf(o->progress, "%s: not rendered (interrupted)\n", j->trip);
            if (j->state != JOB_FAILED)
                continue;
            if (j->why)
                fprintf(o->progress, "%s: %s\n", j->trip, j->why);
            if (j->out->len)
                fputs(j->out->str, o->progress);
        }
    }
    for (int i = 0; i < n; i++) {
        g_free(jobs[i].name);
        g_free(jobs[i].pdf);
        g_free(jobs[i].digest);
        g_free(jobs[i].why);
        g_string_free(jobs[i].out, TRUE);
    }
    g_free(jobs);
    g_hash_table_unref(names);
    g_hash_table_unref(state);
    g_hash_table_unref(memo);
    g_free(state_path);
    g_free(memo_path);
    return res;
}
