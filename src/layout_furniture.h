/* layout_furniture: what pages have besides their content: the heading
 * band (heading, logo), the footer (the report's line, the page number).
 * Internal to the layout's files. */
#ifndef LAYOUT_FURNITURE_H
#define LAYOUT_FURNITURE_H

#include "layout_box.h"

/* Starts a page of 'sec' with its heading band: the section's heading,
 * fitted to the band (smaller, then cut with a diagnostic), the logo
 * beside it; a continuation page says so after the heading. */
void furniture_section_page(layout_ctx *c, const doc_node *sec, bool continued);

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
