/* batch: renders many reports, each in a process of its own (fork), as
 * many at once as asked, skipping those whose inputs have not changed,
 * and reporting progress and failures; never stops for one bad report. */
#ifndef BATCH_H
#define BATCH_H

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
    int pages;             /* pages of the reports rendered */
    double seconds;
    bool interrupted;      /* stopped by SIGINT/SIGTERM */
} batch_result;

/* Finds the trip files of 'args' (a folder: its own trip.txt, or every
 * trip.txt one folder below it, in name order; a file: itself). NULL-terminated, caller frees
 * with g_strfreev(). Folders without trips and missing files go to 'd'. */
char **batch_find(char **args, int n, diag_list *d);

/* The digest of everything a report's PDF depends on (the program, the
 * trip file, every image it names, its layout files, the font files its
 * roles resolve to, the options). A file's content is hashed unless its
 * size, modification time and inode match what 'memo' recorded for it.
 * Caller frees. NULL if the trip cannot be read. */
char *batch_digest(const char *trip, const report_options *o, GHashTable *memo);

/* Renders 'trips'; see batch_options. */
batch_result batch_run(char **trips, const batch_options *o);

#endif
