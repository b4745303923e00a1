/* batch_progress: what a batch prints while it runs and when it ends: a
 * line per report finished ("[3/12] 017-matsue.pdf: rendered, …"), or on
 * a terminal one live line, then the summary. */
#ifndef BATCH_PROGRESS_H
#define BATCH_PROGRESS_H

#include "batch_job.h"

#include <stdio.h>

typedef struct batch_progress {
    FILE *out;           /* borrowed: where it goes (batch_options.progress) */
    bool tty;            /* 'out' is a terminal: one live line, redrawn */
    const batch_job *jobs; /* borrowed: all the batch's jobs */
    int n;               /* how many */
    int todo;            /* how many were to be rendered (not skipped or refused at the start) */
    int done;            /* how many have finished */
    gint64 t0_us;        /* monotonic clock at the batch's start */
} batch_progress;

/* Starts the clock; 'jobs' (n of them) are borrowed for its life. */
void batch_progress_init(batch_progress *p, FILE *out, const batch_job *jobs, int n, int todo);

/* 'j' has finished (done, skipped or failed): counts it and prints its
 * line (on a terminal: a failure's name above the live line). */
void batch_progress_finished(batch_progress *p, const batch_job *j);

/* On a terminal, redraws the live line (the report running, the time,
 * an estimate of what is left); elsewhere nothing. */
void batch_progress_tick(batch_progress *p);

/* Clears the live line (on a terminal) and prints the summary: the counts
 * and the time, each failed report with its reason and its messages as
 * the child printed them, then the reports not started (a stop signal came
 * before their turn). */
void batch_progress_summary(batch_progress *p, double seconds);

#endif
