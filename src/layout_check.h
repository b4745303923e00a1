/* layout_check: checks of laid-out pages that say something (layout.h has
 * layout_check(), the silent geometric check). Internal to the layout's
 * files. */
#ifndef LAYOUT_CHECK_H
#define LAYOUT_CHECK_H

#include "layout.h"

/* Warns in 'd' (NULL: nothing) once for each character that a text box
 * of 'l' shows and that no installed font has (Pango draws a box with its
 * code in it): at its line and column when it comes from a text of 'dc',
 * else at the trip file (metadata shown on the title page and in footers). */
void layout_warn_unknown_glyphs(const layout *l, const doc *dc, diag_list *d);

#endif
