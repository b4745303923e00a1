/* layout_furniture: what pages have besides their content: the heading
 * band (heading), the footer (the report's line, the page number).
 * Internal to the layout's files. */
#ifndef LAYOUT_FURNITURE_H
#define LAYOUT_FURNITURE_H

#include "layout_box.h"

/* Starts a page of 'sec' with its heading band: the section's heading,
 * fitted to the band (smaller, then cut with a diagnostic); a
 * continuation page says so after the heading. */
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

#endif
