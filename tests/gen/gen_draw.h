/* gen_draw: shapes and 0xRRGGBB colours in, pixels on a cairo surface out:
 * the drawing helpers of the sample's scenes and the fixtures' pictures. Each
 * draws at once and leaves no path behind, unless its name ends in _path. */
#ifndef GEN_DRAW_H
#define GEN_DRAW_H

#include <cairo.h>
#include <stdbool.h>

/* Sets the source to colour 'c' (opaque, or with alpha 'a'). */
void gen_draw_colour(cairo_t *cr, unsigned c);
void gen_draw_colour_alpha(cairo_t *cr, unsigned c, double a);

/* Adds a stop of colour 'c', alpha 'a', at 'off' to the gradient 'p'. */
void gen_draw_stop(cairo_pattern_t *p, double off, unsigned c, double a);

/* Fills the current path with colour 'c' at alpha 'a'. */
void gen_draw_fill(cairo_t *cr, unsigned c, double a);

/* Fills the current path with a vertical gradient from y 'ya' (colour c0)
 * to 'yb' (c1), or a horizontal one from x 'xa' to 'xb'. */
void gen_draw_fill_vgrad(cairo_t *cr, double ya, double yb, unsigned c0, unsigned c1);
void gen_draw_fill_hgrad(cairo_t *cr, double xa, double xb, unsigned c0, unsigned c1);

/* Rectangles: plain, with alpha, with a vertical gradient top to bottom. */
void gen_draw_rect(cairo_t *cr, double x, double y, double w, double h, unsigned c);
void gen_draw_rect_alpha(cairo_t *cr, double x, double y, double w, double h, unsigned c, double a);
void gen_draw_rect_vgrad(cairo_t *cr, double x, double y, double w, double h, unsigned c0, unsigned c1);

/* Adds a rectangle with corners of radius 'r', or an ellipse, to the path. */
void gen_draw_round_rect_path(cairo_t *cr, double x, double y, double w, double h, double r);
void gen_draw_ellipse_path(cairo_t *cr, double cx, double cy, double rx, double ry);

/* Filled ellipses and circles of colour 'c' at alpha 'a'. */
void gen_draw_ellipse(cairo_t *cr, double cx, double cy, double rx, double ry, unsigned c, double a);
void gen_draw_circle(cairo_t *cr, double cx, double cy, double r, unsigned c, double a);

/* A soft radial glow of radius 'r' (squashed vertically by 'sy'): colour
 * 'c' at alpha 'a' in the centre, fading to nothing. */
void gen_draw_glow(cairo_t *cr, double cx, double cy, double r, double sy, unsigned c, double a);

/* A straight line 'lw' wide. */
void gen_draw_line(cairo_t *cr, double xa, double ya, double xb, double yb, double lw, unsigned c, double a);

/* A closed polygon of 'n' points ('pts': x0, y0, x1, y1, ...): as a path,
 * or filled. */
void gen_draw_poly_path(cairo_t *cr, const double *pts, int n);
void gen_draw_poly(cairo_t *cr, const double *pts, int n, unsigned c, double a);

/* ASCII text 'size' pixels high (DejaVu Sans through cairo's toy API),
 * centred on (cx, cy). */
void gen_draw_text_centred(cairo_t *cr, const char *s, double cx, double cy, double size, bool bold, unsigned c,
                           double a);

#endif
