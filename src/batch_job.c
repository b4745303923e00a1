/* batch_job: consumes one report of a batch, produces its outcome: a
 * process of its own (fork: a Pango font map per process gives identical
 * bytes, see NOTES-stack.md) renders it and reports on two pipes. */
#include "batch_job.h"
#include "i18n.h"

#include "batch_lock.h"

#include "batch_state.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

void batch_job_init(batch_job *j, const char *trip, const char *outdir)
{
    memset(j, 0, sizeof(*j));
    j->trip = trip;
    char *base = report_name(trip);
    j->name = g_strconcat(base, ".pdf", NULL);
    g_free(base);
    j->pdf = g_build_filename(outdir, j->name, NULL);
    j->state = BATCH_JOB_WAITING;
    j->msg_fd = -1;
    j->status_fd = -1;
    j->msgs = g_string_new(NULL);
    j->status_in = g_string_new(NULL);
    batch_status_init(&j->status);
}

void batch_job_clear(batch_job *j)
{
    if (j->msg_fd >= 0)
        close(j->msg_fd);
    if (j->status_fd >= 0)
        close(j->status_fd);
    g_free(j->name);
    g_free(j->pdf);
    g_free(j->why);
    g_string_free(j->msgs, TRUE);
    g_string_free(j->status_in, TRUE);
    batch_status_clear(&j->status);
    g_hash_table_unref(j->status.memo);
    memset(j, 0, sizeof(*j));
}

void batch_job_fail(batch_job *j, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_free(j->why);
    j->why = g_strdup_vprintf(_(fmt), ap);
    va_end(ap);
    j->state = BATCH_JOB_FAILED;
}

/* Test hooks (tests/e2e): the report named by one of these makes its
 * process crash, or end without a status record, to show how a batch
 * takes that. */
static bool test_hook(const char *var, const batch_job *j)
{
    const char *v = g_getenv(var);
    return v && strcmp(v, j->name) == 0;
}

/* The report's process: its messages go to 'msg_fd' as they are printed,
 * its status record to 'status_fd' at the end. Exit status 0 when
 * rendered or skipped, 1 when it failed, 2 when the record could not be
 * sent. */
static G_NORETURN void child_main(batch_job *j, const report_options *o, bool force, batch_digester *g,
                                  int msg_fd, int status_fd)
{
    dup2(msg_fd, STDOUT_FILENO);
    dup2(msg_fd, STDERR_FILENO);
    close(msg_fd);
    if (test_hook("TRIPREPORT_TEST_CRASH", j))
        abort();
    batch_lock_test_hold(j->name);
    batch_status st;
    batch_status_init(&st);
    /* The memo entries this child adds travel back in its record. */
    g->added = st.memo;
    st.digest = batch_digester_digest(g, j->trip, o);
    g->added = NULL;
    char *stamp = batch_pdf_stamp(st.digest, j->pdf);
    if (!force && !o->now && stamp && j->was && strcmp(stamp, j->was) == 0) {
        st.outcome = BATCH_OUTCOME_SKIPPED;
    } else {
        diag_list *d = diag_list_new();
        batch_digester_seed_whole(g);
        bool ok = report_render(j->trip, j->pdf, o, d, &st.pages);
        batch_digester_note_whole(g, st.memo);
        diag_print(d, stderr, 20);
        diag_list_free(d);
        st.outcome = ok ? BATCH_OUTCOME_RENDERED : BATCH_OUTCOME_FAILED;
    }
    g_free(stamp);
    fflush(stdout);
    fflush(stderr);
    if (test_hook("TRIPREPORT_TEST_NO_STATUS", j))
        _exit(0);
    bool sent = batch_status_write(status_fd, &st);
    _exit(!sent ? 2 : st.outcome == BATCH_OUTCOME_FAILED ? 1 : 0);
}

bool batch_job_start(batch_job *j, const report_options *o, bool force, batch_digester *g, const int *parent_fds)
{
    int msg[2], status[2];
    if (pipe(msg) != 0) {
        batch_job_fail(j, "cannot start: %s", g_strerror(errno));
        return false;
    }
    if (pipe(status) != 0) {
        batch_job_fail(j, "cannot start: %s", g_strerror(errno));
        close(msg[0]);
        close(msg[1]);
        return false;
    }
    /* A stop signal between fork and the child's own handlers would only
     * set the parent's flag in the child's copy: held until they are set. */
    sigset_t stops, old;
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    sigprocmask(SIG_BLOCK, &stops, &old);
    j->start_us = g_get_monotonic_time();
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        /* Ends with the batch: a batch killed (SIGKILL) leaves no orphan
         * rendering on, and the folder is free for the next batch at once. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(1); /* the parent died before the line above */
        for (int k = 0; parent_fds && parent_fds[k] >= 0; k++)
            close(parent_fds[k]);
        sigprocmask(SIG_SETMASK, &old, NULL);
        close(msg[0]);
        close(status[0]);
        child_main(j, o, force, g, msg[1], status[1]);
    }
    int err = errno;
    sigprocmask(SIG_SETMASK, &old, NULL);
    close(msg[1]);
    close(status[1]);
    if (pid < 0) {
        close(msg[0]);
        close(status[0]);
        batch_job_fail(j, "cannot start: %s", g_strerror(err));
        return false;
    }
    fcntl(msg[0], F_SETFL, O_NONBLOCK);
    fcntl(status[0], F_SETFL, O_NONBLOCK);
    j->pid = pid;
    j->msg_fd = msg[0];
    j->status_fd = status[0];
    j->state = BATCH_JOB_RUNNING;
    return true;
}

/* Appends what can be read from '*fd' now to 'to'; at its end (or an
 * error) closes it and sets it to -1. */
static void read_pipe(int *fd, GString *to)
{
    char buf[4096];
    while (*fd >= 0) {
        ssize_t n = read(*fd, buf, sizeof(buf));
        if (n > 0) {
            g_string_append_len(to, buf, n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        close(*fd);
        *fd = -1;
    }
}

void batch_job_read(batch_job *j)
{
    read_pipe(&j->msg_fd, j->msgs);
    read_pipe(&j->status_fd, j->status_in);
}

void batch_job_finish(batch_job *j, int wait_status)
{
    /* The process has ended: what it wrote is all there, then the end. */
    if (j->msg_fd >= 0)
        fcntl(j->msg_fd, F_SETFL, 0);
    if (j->status_fd >= 0)
        fcntl(j->status_fd, F_SETFL, 0);
    batch_job_read(j);
    j->seconds = (double)(g_get_monotonic_time() - j->start_us) / 1e6;
    bool whole = batch_status_decode((const guint8 *)j->status_in->str, j->status_in->len, &j->status);
    if (WIFSIGNALED(wait_status)) {
        int sig = WTERMSIG(wait_status);
        batch_job_fail(j, "%s (signal %d)", sig == SIGINT || sig == SIGTERM ? _("interrupted") : _("crashed"), sig);
    } else if (!whole) {
        int code = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
        batch_job_fail(j, "ended without telling how the report went (exit code %d)", code);
    } else if (WEXITSTATUS(wait_status) != (j->status.outcome == BATCH_OUTCOME_FAILED ? 1 : 0)) {
        batch_job_fail(j, "ended with exit code %d", WEXITSTATUS(wait_status));
    } else {
        j->state = j->status.outcome == BATCH_OUTCOME_RENDERED  ? BATCH_JOB_DONE
                   : j->status.outcome == BATCH_OUTCOME_SKIPPED ? BATCH_JOB_SKIPPED
                                                                : BATCH_JOB_FAILED;
    }
}

batch_job_tally batch_job_tally_of(const batch_job *jobs, int n)
{
    batch_job_tally t = { 0 };
    for (int i = 0; i < n; i++) {
        t.rendered += jobs[i].state == BATCH_JOB_DONE;
        t.skipped += jobs[i].state == BATCH_JOB_SKIPPED;
        t.failed += jobs[i].state == BATCH_JOB_FAILED;
        t.not_started += jobs[i].state == BATCH_JOB_WAITING;
        if (jobs[i].state == BATCH_JOB_DONE)
            t.pages += jobs[i].status.pages;
    }
    return t;
}
