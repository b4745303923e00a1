/* batch_job: one report of a batch and the process that renders it: its
 * state, starting the process (fork), reading its two pipes (messages;
 * status record) and, when it has ended, what became of it. */
#ifndef BATCH_JOB_H
#define BATCH_JOB_H

#include "batch_digest.h"
#include "batch_status.h"

#include <sys/types.h>

typedef enum {
    BATCH_JOB_NONE,
    BATCH_JOB_WAITING,  /* to be rendered, not started yet */
    BATCH_JOB_RUNNING,  /* its process is running */
    BATCH_JOB_DONE,     /* rendered */
    BATCH_JOB_SKIPPED,  /* unchanged, not rendered again */
    BATCH_JOB_FAILED,   /* see 'why' and 'msgs' */
} batch_job_state;

typedef struct batch_job {
    const char *trip;     /* borrowed: the trip file */
    char *name;           /* owned: the PDF's name, "017-matsue.pdf" */
    char *pdf;            /* owned: outdir/017-matsue.pdf */
    const char *was;      /* borrowed (the state table): this PDF's stamp when it was made, or NULL */
    batch_job_state state;
    pid_t pid;            /* while RUNNING */
    int msg_fd;           /* read end of the child's stdout+stderr, -1 when closed */
    int status_fd;        /* read end of its status pipe, -1 when closed */
    GString *msgs;        /* owned: what it printed (its messages, as they are) */
    GString *status_in;   /* owned: the bytes of its status record as they came */
    batch_status status;  /* the decoded record, once finished (outcome NONE if there was none) */
    gint64 start_us;      /* monotonic clock when started */
    double seconds;       /* how long it ran */
    char *why;            /* owned, or NULL: why it failed when its messages do not say (crash, signal, exit code) */
} batch_job;

/* A WAITING job for 'trip' (borrowed; must outlive the job) whose PDF goes
 * into 'outdir'. Free what it holds with batch_job_clear(). */
void batch_job_init(batch_job *j, const char *trip, const char *outdir);
void batch_job_clear(batch_job *j);

/* Marks 'j' FAILED with the reason 'fmt' (printf-style). */
void batch_job_fail(batch_job *j, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Starts the process of 'j' (RUNNING), which works out the digest of its
 * inputs with 'g' (inherited), skips the report if its PDF was made from
 * the same inputs (unless 'force' or o->now), else renders it with 'o',
 * and sends its status record. The process first closes 'parent_fds'
 * (ended by -1; the parent's lock and journal), and is sent SIGTERM if the
 * parent dies (killed: its temporary file goes, no orphan renders on).
 * False (and 'j' FAILED) if it cannot start. */
bool batch_job_start(batch_job *j, const report_options *o, bool force, batch_digester *g, const int *parent_fds);

/* Reads what is waiting on the pipes of a RUNNING job, without blocking. */
void batch_job_read(batch_job *j);

/* 'j's process has ended with 'wait_status' (from waitpid): reads the rest
 * of its pipes and sets its state from its status record; with no whole
 * record, or killed by a signal, it failed, and 'why' says how. */
void batch_job_finish(batch_job *j, int wait_status);

/* How many of 'jobs' (n) are in each state, and the pages rendered. */
typedef struct batch_job_tally {
    int rendered, skipped, failed;
    int not_started; /* still WAITING: a stop signal came before their turn */
    int pages;       /* of those rendered */
} batch_job_tally;

batch_job_tally batch_job_tally_of(const batch_job *jobs, int n);

#endif
