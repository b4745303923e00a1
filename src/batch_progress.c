/* batch_progress: consumes the jobs of a batch as they change, produces
 * the progress lines and the summary the user reads. */
#include "batch_progress.h"
#include "i18n.h"

#include <unistd.h>

void batch_progress_init(batch_progress *p, FILE *out, const batch_job *jobs, int n, int todo)
{
    *p = (batch_progress){ out, isatty(fileno(out)), jobs, n, todo, 0, g_get_monotonic_time() };
}

void batch_progress_finished(batch_progress *p, const batch_job *j)
{
    p->done++;
    if (p->tty) {
        if (j->state == BATCH_JOB_FAILED)
            fprintf(p->out, "\r\033[K%s: %s\n", j->name, _("FAILED"));
        batch_progress_tick(p);
        return;
    }
    if (j->state == BATCH_JOB_SKIPPED)
        fprintf(p->out, _("[%d/%d] %s: skipped (unchanged)\n"), p->done, p->n, j->name);
    else if (j->state == BATCH_JOB_DONE)
        fprintf(p->out, _("[%d/%d] %s: rendered, %d pages, %.2f s\n"), p->done, p->n, j->name, j->status.pages,
                j->seconds);
    else
        fprintf(p->out, _("[%d/%d] %s: FAILED%s%s\n"), p->done, p->n, j->name, j->why ? ", " : "", j->why ? j->why : "");
    fflush(p->out);
}

void batch_progress_tick(batch_progress *p)
{
    if (!p->tty)
        return;
    double el = (double)(g_get_monotonic_time() - p->t0_us) / 1e6;
    const char *current = "";
    int rendered_done = 0;
    for (int i = 0; i < p->n; i++) {
        if (p->jobs[i].state == BATCH_JOB_RUNNING)
            current = p->jobs[i].name;
        rendered_done += p->jobs[i].state == BATCH_JOB_DONE || p->jobs[i].state == BATCH_JOB_FAILED;
    }
    char eta[64] = "";
    if (rendered_done > 0 && p->todo > rendered_done)
        g_snprintf(eta, sizeof(eta), _(", about %.0f s left"), el / rendered_done * (p->todo - rendered_done));
    fprintf(p->out, "\r\033[K[%d/%d] %s  %.1f s%s", p->done, p->n, current, el, eta);
    fflush(p->out);
}

void batch_progress_summary(batch_progress *p, double seconds)
{
    FILE *out = p->out;
    batch_job_tally t = batch_job_tally_of(p->jobs, p->n);
    const batch_job_tally *r = &t;
    if (p->tty)
        fprintf(out, "\r\033[K");
    fprintf(out, _("rendered %d, skipped %d, failed %d, "), r->rendered, r->skipped, r->failed);
    if (r->not_started)
        fprintf(out, _("not started %d, "), r->not_started);
    fprintf(out, _("pages %d, seconds %.2f\n"), r->pages, seconds);
    if (r->failed) {
        fprintf(out, _("\nfailed (earlier PDFs of these reports were left as they were):\n"));
        for (int i = 0; i < p->n; i++) {
            const batch_job *j = &p->jobs[i];
            if (j->state != BATCH_JOB_FAILED)
                continue;
            if (j->why)
                fprintf(out, "%s: %s\n", j->trip, j->why);
            if (j->msgs->len) {
                fputs(j->msgs->str, out);
                if (j->msgs->str[j->msgs->len - 1] != '\n')
                    fputc('\n', out);
            }
        }
    }
    if (r->not_started) {
        fprintf(out, _("\nnot started (the batch was stopped; earlier PDFs of these reports were left as they were):\n"));
        for (int i = 0; i < p->n; i++)
            if (p->jobs[i].state == BATCH_JOB_WAITING)
                fprintf(out, _("%s: not started\n"), p->jobs[i].trip);
    }
    fflush(out);
}
