/* volume: the series as one bound PDF (contents page, every report in
 * series order, continuous page numbers, a bookmark per report). */
#ifndef VOLUME_H
#define VOLUME_H

#include "report.h"

/* What a volume holds, to keep its memory bounded (measured: about 40 KB
 * resident a page laid out; 10,000 pages of the sample's reports, 430 MB).
 * The trip files' bytes are counted before anything is read, the photos
 * once the trips are read, the pages as each report is laid out. */
#define VOLUME_MAX_TRIP_BYTES (8 << 20) /* all trip files together: a typical trip is 7 KB */
#define VOLUME_MAX_PHOTOS 20000         /* photos and images placed, in all reports */
#define VOLUME_MAX_PAGES 10000          /* pages of the reports laid out */

/* At most this many messages are kept of a report (then a note says how
 * many more there were), as batch keeps of each report's process. */
#define VOLUME_MESSAGES_PER_REPORT 20

typedef struct volume_result {
    int reports;  /* reports the volume holds */
    int left_out; /* reports left out, each named in the messages with its reason */
    int pages;    /* pages of the volume written, the contents included; 0 when none was written */
} volume_result;

/* Renders the reports 'trips' (NULL-terminated) into one PDF at 'output'.
 * A report that cannot be read or laid out is left out, its messages and
 * a note saying so go to 'd' (then the result is false, but the volume of
 * the others is written). A series over the limits above is refused with
 * its size and the limit, and no volume is written. '*res' (may be NULL)
 * gets what the volume holds. Every report uses one page design:
 * o->layout, else the default. */
bool volume_render(char **trips, const char *output, const report_options *o, diag_list *d, volume_result *res);

#endif
