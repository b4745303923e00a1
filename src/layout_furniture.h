/* layout_furniture: what pages have besides their content: the heading
 * band (heading, logo), the footer (the report's line, the page number).
 * Internal to the layout's files. */
#ifndef LAYOUT_FURNITURE_H
#define LAYOUT_FURNITURE_H

#include "layout_box.h"

/* Starts a page of 'sec' with its heading band, c->band_h high (see
 * furniture_band_use): the section's heading, fitted to one line down to
 * size-floor, else wrapped; when the band is too low for it even so, set
 * smaller down to size-heading-least, then cut with a diagnostic. The
 * logo beside it; a continuation page says so after the heading. */
void furniture_section_page(layout_ctx *c, const doc_node *sec, bool continued);

/* The heading band's height (from the page's top) that the design gives
 * every page (heading-band below the heading's top), and the most it may
 * grow to for a long heading (heading-band-most of the page's height, or
 * the least when that is more). */
double furniture_band_least(const style *st);
double furniture_band_most(const style *st);

/* The band's height that the heading of 'sec' needs ('continued': with
 * （続き）, as on a continuation page), between the least and the most:
 * the heading set as furniture_section_page() sets it, at its top, with
 * heading-space-below under it. Says nothing. */
double furniture_band_need(layout_ctx *c, const doc_node *sec, bool continued);

/* Makes the heading band of the pages that 'c' starts from now on
 * 'band_h' high, and their content start below it (band-gap, or
 * band-gap-rule). */
void furniture_band_use(layout_ctx *c, double band_h);

/* Makes 'pg' a page of its own design (title, closing): its content area
 * is the page inside its margins, and it has no heading band nor footer. */
void furniture_plain_page(layout_ctx *c, page *pg);

/* The footer of c->pg: 'label' at the left (NULL: the report's series,
 * number and place), "n / total" at the right. */
void furniture_footer(layout_ctx *c, int total, const char *label);

/* Says (an error, or a warning in a draft) when the report's own footer
 * does not fit its strip; the footers are added later, by layout_number(),
 * which says nothing. */
void furniture_footer_check(layout_ctx *c);

/* The size of the logo at most 'max_h' high (and a quarter of the content
 * width wide): false when the design has none. */
bool furniture_logo_size(const layout_ctx *c, double max_h, double *w, double *h);

/* Adds the design's logo to c->pg at (x, y), w x h, in 'area'. */
box *furniture_logo_add(layout_ctx *c, double x, double y, double w, double h, box_area area);

#endif
