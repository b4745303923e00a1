/* layout_figure: pictures on pages (photos, a facts page's map): the shape
 * of each, and its box, a Figure with its alternative text; or, in a
 * draft, a placeholder where a photo will go. Internal to the layout's files. */
#ifndef LAYOUT_FIGURE_H
#define LAYOUT_FIGURE_H

#include "layout_box.h"

/* The shown width / height of image 'n' ('*aspect'): a placeholder's is
 * the design's photo-aspect. False when the file cannot be read, with an
 * error at the image's line. */
bool figure_probe(layout_ctx *c, const doc_node *n, double *aspect);

/* Draws image 'n' (or its placeholder) into (x, y, w, h) as a Figure of a
 * Div of its own; returns the box whose 'group' a caption should share.
 * 'cover': fill the rectangle, cropping the image. */
box *figure_add(layout_ctx *c, const doc_node *n, double x, double y, double w, double h, bool cover);

#endif
