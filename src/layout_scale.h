/* layout_scale: a flowing section's slides composed: its type size from
 * the layout's range, an even split in place of a runt page, the leftover
 * height used. Internal to the layout's files (layout.c). */
#ifndef LAYOUT_SCALE_H
#define LAYOUT_SCALE_H

#include "layout_box.h"

typedef void (*scale_kind_fn)(layout_ctx *c, const doc_node *sec);

/* How a section is to be laid out. */
typedef struct scale_plan {
    int step;      /* the step of size-body's range (style_at_step) */
    bool one_page; /* the section fits one page (at 'step') */
    double fill;   /* > 0: its text stops at this height on each page (layout_ctx.fill_bottom) */
    int tries;     /* trial layouts it took */
} scale_plan;

/* The plan of section 'sec' laid out by 'lay' in run 'c': the largest
 * step at which it fits one page (bisection over the steps: the pages a
 * section takes grow with its size); when it does not fit at the least
 * step and its last page would hold less than continuation-least of a
 * page, the height at which every page stops so that the same pages share
 * the content. Lays out trials in scratch layouts: 'c' is unchanged. */
scale_plan scale_plan_section(layout_ctx *c, scale_kind_fn lay, const doc_node *sec);

/* The pages section 'sec' takes when 'lay' lays it out in run 'c' (a
 * trial in a scratch layout: 'c' is unchanged). */
int scale_trial_pages(layout_ctx *c, scale_kind_fn lay, const doc_node *sec);

/* Caps the steps of the one-page slides of each kind at the smallest of
 * that kind plus 'steps_apart'. 'plans' and 'scaled' have one entry per
 * section of 'dc'; sections not 'scaled' are left alone. */
void scale_plans_even(const doc *dc, scale_plan *plans, const bool *scaled, int steps_apart);

/* The lowest bottom of the content boxes of 'pg', or -1 for none. */
double scale_content_bottom(const page *pg);

/* Uses the leftover height of 'pg' as the design says (balance): moves
 * its content boxes down (spread gaps between blocks up to the limit,
 * centre the rest; or centre; or nothing for 'top'). Stays inside the
 * content area. */
void scale_balance_page(const layout_ctx *c, page *pg);

#endif
