/* batch: renders many reports, each in a process of its own (fork), as
 * many at once as asked, skipping those whose inputs have not changed,
 * and reporting progress and failures; never stops for one bad report. */
#ifndef BATCH_H
#define BATCH_H

/* The parts: batch_find (the trips), batch_digest (what a PDF depends on),
 * batch_lock (one batch per output folder), batch_state (the tables in
 * the output folder and their journal), batch_job and
 * batch_status (a report's process and what it sends back),
 * batch_progress (what the user reads), batch.c (running them all). */

#include "batch_find.h"
#include "report.h"

typedef struct batch_options {
    const char *outdir;    /* where the PDFs go ("out") */
    int jobs;              /* processes at once (>= 1) */
    bool force;            /* render even what is up to date */
    report_options report; /* for every report (dump must be NULL) */
    FILE *progress;        /* where progress and the summary go (stderr) */
} batch_options;

typedef struct batch_result {
    int rendered, skipped, failed;
    int not_started;       /* reports never started: a stop signal came first */
    int pages;             /* pages of the reports rendered */
    double seconds;
    bool interrupted;      /* stopped by SIGINT/SIGTERM */
    bool refused;          /* nothing done: another batch holds the output folder, or its lock file is
                              not ours to use (said on 'progress'); every report is counted not started */
} batch_result;

/* The digest of everything a report's PDF depends on (the program, the
 * trip file, every image it names, its layout files, the font files its
 * roles resolve to, the options). A file's content is hashed unless its
 * size, modification time and inode match what 'memo' (may be NULL)
 * recorded for it; what is hashed is added to 'memo'. Caller frees; a
 * trip that cannot be read has a digest too (it says so). */
char *batch_digest(const char *trip, const report_options *o, GHashTable *memo);

/* Renders 'trips'; see batch_options. The output folder is held for the
 * whole run (batch_lock: a second batch into it is refused at once), the
 * temporary files a killed batch left there are removed first, and each
 * report is recorded as it ends (batch_state), so that a batch killed
 * (even with SIGKILL) loses only the reports it was making. A trip that
 * is not a regular file fails without a process. On SIGINT or SIGTERM it
 * stops the reports' processes (no partial PDF is left), starts no other,
 * prints the summary (the reports not started named so) and returns with
 * 'interrupted' set. */
batch_result batch_run(char **trips, const batch_options *o);

#endif
