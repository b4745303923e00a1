/* render_handout: handout sheets. Imposes 1, 2, 3, 4 or 6 slides on each
 * A4 portrait sheet (each slide scaled into its slot and framed, lines for
 * notes beside or below it at 1 and 3 a sheet) with a sheet footer (the
 * report, "sheet / sheets", the date) in the page design's footer font and
 * colours. Used for the PDF (render_pdf.c) and the PNG previews
 * (render_png.c) of --handout. */
#ifndef RENDER_HANDOUT_H
#define RENDER_HANDOUT_H

#include "render_boxes.h"

/* An A4 portrait sheet, in points. */
#define RENDER_SHEET_W_PT (210.0 / 25.4 * 72.0)
#define RENDER_SHEET_H_PT (297.0 / 25.4 * 72.0)

typedef struct render_handout render_handout;

/* The sheets of the slides of 'parts' at o->handout (1, 2, 3, 4 or 6) a
 * sheet. 'parts' (and their layouts) and 'o' (with o->style and o->fonts
 * set) are borrowed and must outlive the result. Free with
 * render_handout_free(). */
render_handout *render_handout_new(const pdf_part *parts, int nparts, const pdf_options *o);
void render_handout_free(render_handout *h); /* NULL is fine */

/* How many sheets there are. */
int render_handout_sheets(const render_handout *h);

/* The slides on sheet 'sheet' (0-based): '*n' of them, borrowed. */
const page *const *render_handout_slides(const render_handout *h, int sheet, int *n);

/* Draws sheet 'sheet' (0-based) onto t->cr at sheet coordinates (points,
 * origin top left): white paper, the slides, frames, note lines, footer.
 * 't->tags' must be NULL (a sheet holds parts of several slides' structure).
 * False (with errors in t->diags) when a photo could not be drawn. */
bool render_handout_draw(const render_handout *h, const render_target *t, int sheet);

#endif
