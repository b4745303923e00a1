/* volume: the series as one bound PDF (contents page, every report in
 * series order, continuous page numbers, a bookmark per report). */
#ifndef VOLUME_H
#define VOLUME_H

#include "report.h"

/* Renders the reports 'trips' (NULL-terminated) into one PDF at 'output'.
 * A report that cannot be read is left out and its messages go to 'd'
 * (then the result is false, but the volume of the others is written).
 * '*pages' (may be NULL) gets the page count. Every report uses one page
 * design: o->layout, else the default. */
bool volume_render(char **trips, const char *output, const report_options *o, diag_list *d, int *pages);

#endif
