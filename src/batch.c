/* batch: consumes the trip files of a series and the options, produces
 * their PDFs in the output folder: holds the folder (batch_lock), decides
 * what is unchanged, runs the others' processes (batch_job) as many at
 * once as asked, records each as it ends (batch_state), handles Ctrl-C. */
#include "batch.h"
#include "i18n.h"

#include "batch_digest.h"
#include "batch_job.h"
#include "batch_lock.h"
#include "batch_progress.h"
#include "batch_state.h"
#include "image_verify_pool.h"

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

/* The one thing a signal handler must reach: set by SIGINT or SIGTERM,
 * read by the loop of batch_run, which then stops its children. */
static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* Sets up 'jobs' for 'trips' (n): a name taken twice fails; a report whose
 * PDF was made from the inputs it has now, by the memo alone (no file
 * read), is skipped without a process. The others (WAITING) are counted
 * in the result. */
static int plan(batch_job *jobs, char **trips, int n, const batch_options *o, GHashTable *state,
                batch_digester *g)
{
    GHashTable *names = g_hash_table_new(g_str_hash, g_str_equal);
    int todo = 0;
    for (int i = 0; i < n; i++) {
        batch_job *j = &jobs[i];
        batch_job_init(j, trips[i], o->outdir);
        const char *other = g_hash_table_lookup(names, j->name);
        if (other) {
            batch_job_fail(j, "another report is also named %s (%s); rename one of the folders", j->name, other);
            continue;
        }
        g_hash_table_insert(names, j->name, (gpointer)j->trip);
        diag_list *why = diag_list_new();
        if (batch_find_refuse(j->trip, why)) {
            /* Named among the failures, counted with them: not a report
             * that can be made, and no process is started for it. */
            for (guint k = 0; k < why->msgs->len; k++) {
                char *line = diag_format(g_ptr_array_index(why->msgs, k));
                g_string_append_printf(j->msgs, "%s\n", line);
                g_free(line);
            }
            j->state = BATCH_JOB_FAILED;
        }
        diag_list_free(why);
        if (j->state == BATCH_JOB_FAILED)
            continue;
        j->was = g_hash_table_lookup(state, j->name);
        /* Unchanged and every input known to the memo: skipped here.
         * Otherwise the child hashes what it must. */
        if (!o->force && !o->report.now && j->was) {
            g->memo_only = true;
            g->missed = false;
            char *dg = batch_digester_digest(g, j->trip, &o->report);
            g->memo_only = false;
            char *stamp = g->missed ? NULL : batch_pdf_stamp(dg, j->pdf);
            if (stamp && strcmp(stamp, j->was) == 0)
                j->state = BATCH_JOB_SKIPPED;
            g_free(stamp);
            g_free(dg);
        }
        todo += j->state == BATCH_JOB_WAITING;
    }
    g_hash_table_unref(names);
    return todo;
}

/* 'j' has ended: its memo entries and its PDF's stamp are recorded at
 * once (a failed report's stamp is forgotten: it is tried again next
 * time). */
static void record(const batch_job *j, batch_state *s)
{
    char *stamp = j->state == BATCH_JOB_DONE && j->status.digest ? batch_pdf_stamp(j->status.digest, j->pdf) : NULL;
    batch_state_record(s, j->name, stamp, j->state == BATCH_JOB_FAILED, j->status.memo);
    g_free(stamp);
}

/* Removes what a killed batch left of the files this one writes, and
 * says so. */
static void sweep(const batch_job *jobs, int n, const batch_options *o)
{
    char **names = g_new0(char *, n + 3);
    for (int i = 0; i < n; i++)
        names[i] = jobs[i].name;
    names[n] = BATCH_STATE_FILE;
    names[n + 1] = BATCH_MEMO_FILE;
    int removed = batch_lock_sweep(o->outdir, names, n + 2);
    if (removed == 1)
        fprintf(o->progress, _("%s: note: removed 1 temporary file left by an earlier batch that was stopped\n"),
                o->outdir);
    else if (removed > 1)
        fprintf(o->progress, _("%s: note: removed %d temporary files left by an earlier batch that was stopped\n"),
                o->outdir, removed);
    g_free(names);
}

/* Waits for output from the running jobs or a 0.2 s tick (the live
 * line's clock), and reads it. */
static void wait_for_output(batch_job *jobs, int n, int running)
{
    struct pollfd *pf = g_new0(struct pollfd, 2 * running);
    int np = 0;
    for (int i = 0; i < n; i++) {
        if (jobs[i].state != BATCH_JOB_RUNNING)
            continue;
        if (jobs[i].msg_fd >= 0)
            pf[np++] = (struct pollfd){ jobs[i].msg_fd, POLLIN, 0 };
        if (jobs[i].status_fd >= 0)
            pf[np++] = (struct pollfd){ jobs[i].status_fd, POLLIN, 0 };
    }
    poll(pf, (nfds_t)np, 200);
    g_free(pf);
    for (int i = 0; i < n; i++)
        if (jobs[i].state == BATCH_JOB_RUNNING)
            batch_job_read(&jobs[i]);
}

char *batch_digest(const char *trip, const report_options *o, GHashTable *memo)
{
    batch_digester *g = batch_digester_new(memo);
    char *digest = batch_digester_digest(g, trip, o);
    batch_digester_free(g);
    return digest;
}

batch_result batch_run(char **trips, const batch_options *o)
{
    int n = (int)g_strv_length(trips);
    GError *err = NULL;
    batch_lock *lock = batch_lock_take(o->outdir, &err);
    if (!lock) {
        fprintf(o->progress, "%s: error: %s\n", o->outdir, err->message);
        fflush(o->progress);
        g_error_free(err);
        return (batch_result){ .refused = true, .not_started = n };
    }
    batch_job *jobs = g_new0(batch_job, n > 0 ? n : 1);
    batch_state *bs = batch_state_open(o->outdir);
    batch_digester *g = batch_digester_new(bs->memo);
    batch_progress pr;
    batch_progress_init(&pr, o->progress, jobs, n, 0);
    pr.todo = plan(jobs, trips, n, o, bs->state, g);
    sweep(jobs, n, o);
    /* What every child needs, made once here (and inherited): the
     * program's own hash and fontconfig (config only: no threads before
     * fork). */
    if (n > 0)
        batch_digester_prepare(g, o->report.layout);
    /* Each child verifies its photos on its share of the cores. */
    image_verify_pool_share(MIN(o->jobs, MAX(1, pr.todo)));
    /* The folder's files are the parent's: a child closes them. */
    const int parent_fds[] = { batch_lock_fd(lock), bs->journal_fd, -1 };

    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    stop_requested = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);

    for (int i = 0; i < n; i++)
        if (jobs[i].state == BATCH_JOB_SKIPPED || jobs[i].state == BATCH_JOB_FAILED)
            batch_progress_finished(&pr, &jobs[i]);
    fflush(NULL); /* nothing buffered is copied into the children */
    int running = 0, next = 0;
    bool stopping = false;
    while (true) {
        while (!stop_requested && running < o->jobs && next < n) {
            batch_job *j = &jobs[next++];
            if (j->state != BATCH_JOB_WAITING)
                continue;
            if (batch_job_start(j, &o->report, o->force, g, parent_fds))
                running++;
            else
                batch_progress_finished(&pr, j);
        }
        if (running == 0)
            break;
        if (stop_requested && !stopping) {
            stopping = true;
            for (int i = 0; i < n; i++)
                if (jobs[i].state == BATCH_JOB_RUNNING)
                    kill(jobs[i].pid, SIGTERM);
        }
        wait_for_output(jobs, n, running);
        /* Each job's own process (a program using the library may have
         * children of its own, which are not ours to reap). One whose
         * pipes have both ended is exiting: waited for, not polled again
         * after a 0.2 s sleep. */
        for (int i = 0; i < n; i++) {
            batch_job *j = &jobs[i];
            if (j->state != BATCH_JOB_RUNNING)
                continue;
            int status;
            bool ended = j->msg_fd < 0 && j->status_fd < 0;
            if (waitpid(j->pid, &status, ended ? 0 : WNOHANG) != j->pid)
                continue;
            batch_job_finish(j, status);
            running--;
            record(j, bs);
            batch_progress_finished(&pr, j);
        }
        batch_progress_tick(&pr);
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);

    /* The digester borrows the memo: gone first. */
    batch_digester_free(g);
    batch_state_close(bs);

    batch_job_tally t = batch_job_tally_of(jobs, n);
    batch_result res = {
        .rendered = t.rendered,
        .skipped = t.skipped,
        .failed = t.failed,
        .not_started = t.not_started,
        .pages = t.pages,
        .seconds = (double)(g_get_monotonic_time() - pr.t0_us) / 1e6,
        .interrupted = stop_requested != 0,
    };
    batch_progress_summary(&pr, res.seconds);

    for (int i = 0; i < n; i++)
        batch_job_clear(&jobs[i]);
    g_free(jobs);
    batch_lock_release(lock);
    return res;
}
