/* gen_draw: cairo drawing helpers for the image generators (shapes and
 * colours in, pixels on a cairo surface out). Every call is part of the
 * generated pictures' bytes: change one and the sample's photos change. */
#include "gen_draw.h"

#include <glib.h>

void gen_draw_colour(cairo_t *cr, unsigned c)
{
    cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0, (c & 255) / 255.0);
}

void gen_draw_colour_alpha(cairo_t *cr, unsigned c, double a)
{
    cairo_set_source_rgba(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0, (c & 255) / 255.0, a);
}

void gen_draw_stop(cairo_pattern_t *p, double off, unsigned c, double a)
{
    cairo_pattern_add_color_stop_rgba(p, off, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                                      (c & 255) / 255.0, a);
}

void gen_draw_fill(cairo_t *cr, unsigned c, double a)
{
    gen_draw_colour_alpha(cr, c, a);
    cairo_fill(cr);
}

void gen_draw_fill_vgrad(cairo_t *cr, double ya, double yb, unsigned c0, unsigned c1)
{
    cairo_pattern_t *p = cairo_pattern_create_linear(0, ya, 0, yb);
    gen_draw_stop(p, 0, c0, 1);
    gen_draw_stop(p, 1, c1, 1);
    cairo_set_source(cr, p);
    cairo_fill(cr);
    cairo_pattern_destroy(p);
}

void gen_draw_fill_hgrad(cairo_t *cr, double xa, double xb, unsigned c0, unsigned c1)
{
    cairo_pattern_t *p = cairo_pattern_create_linear(xa, 0, xb, 0);
    gen_draw_stop(p, 0, c0, 1);
    gen_draw_stop(p, 1, c1, 1);
    cairo_set_source(cr, p);
    cairo_fill(cr);
    cairo_pattern_destroy(p);
}

void gen_draw_rect(cairo_t *cr, double x, double y, double w, double h, unsigned c)
{
    cairo_rectangle(cr, x, y, w, h);
    gen_draw_colour(cr, c);
    cairo_fill(cr);
}

void gen_draw_rect_alpha(cairo_t *cr, double x, double y, double w, double h, unsigned c, double a)
{
    cairo_rectangle(cr, x, y, w, h);
    gen_draw_colour_alpha(cr, c, a);
    cairo_fill(cr);
}

void gen_draw_rect_vgrad(cairo_t *cr, double x, double y, double w, double h, unsigned c0, unsigned c1)
{
    cairo_rectangle(cr, x, y, w, h);
    gen_draw_fill_vgrad(cr, y, y + h, c0, c1);
}

void gen_draw_round_rect_path(cairo_t *cr, double x, double y, double w, double h, double r)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
    cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
    cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
    cairo_arc(cr, x + r, y + r, r, G_PI, 1.5 * G_PI);
    cairo_close_path(cr);
}

void gen_draw_ellipse_path(cairo_t *cr, double cx, double cy, double rx, double ry)
{
    cairo_save(cr);
    cairo_translate(cr, cx, cy);
    cairo_scale(cr, rx, ry);
    cairo_new_sub_path(cr);
    cairo_arc(cr, 0, 0, 1, 0, 2 * G_PI);
    cairo_restore(cr);
}

void gen_draw_ellipse(cairo_t *cr, double cx, double cy, double rx, double ry, unsigned c, double a)
{
    gen_draw_ellipse_path(cr, cx, cy, rx, ry);
    gen_draw_colour_alpha(cr, c, a);
    cairo_fill(cr);
}

void gen_draw_circle(cairo_t *cr, double cx, double cy, double r, unsigned c, double a)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, cx, cy, r, 0, 2 * G_PI);
    gen_draw_colour_alpha(cr, c, a);
    cairo_fill(cr);
}

void gen_draw_glow(cairo_t *cr, double cx, double cy, double r, double sy, unsigned c, double a)
{
    cairo_save(cr);
    cairo_translate(cr, cx, cy);
    cairo_scale(cr, 1, sy);
    cairo_pattern_t *p = cairo_pattern_create_radial(0, 0, 0, 0, 0, r);
    gen_draw_stop(p, 0, c, a);
    gen_draw_stop(p, 0.5, c, a * 0.45);
    gen_draw_stop(p, 1, c, 0);
    cairo_set_source(cr, p);
    cairo_arc(cr, 0, 0, r, 0, 2 * G_PI);
    cairo_fill(cr);
    cairo_pattern_destroy(p);
    cairo_restore(cr);
}

void gen_draw_line(cairo_t *cr, double xa, double ya, double xb, double yb, double lw, unsigned c, double a)
{
    cairo_move_to(cr, xa, ya);
    cairo_line_to(cr, xb, yb);
    cairo_set_line_width(cr, lw);
    gen_draw_colour_alpha(cr, c, a);
    cairo_stroke(cr);
}

void gen_draw_poly_path(cairo_t *cr, const double *pts, int n)
{
    cairo_move_to(cr, pts[0], pts[1]);
    for (int i = 1; i < n; i++)
        cairo_line_to(cr, pts[2 * i], pts[2 * i + 1]);
    cairo_close_path(cr);
}

void gen_draw_poly(cairo_t *cr, const double *pts, int n, unsigned c, double a)
{
    gen_draw_poly_path(cr, pts, n);
    gen_draw_colour_alpha(cr, c, a);
    cairo_fill(cr);
}

void gen_draw_text_centred(cairo_t *cr, const char *s, double cx, double cy, double size, bool bold, unsigned c,
                           double a)
{
    cairo_text_extents_t te;
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, s, &te);
    cairo_move_to(cr, cx - te.x_bearing - te.width / 2, cy - te.y_bearing - te.height / 2);
    gen_draw_colour_alpha(cr, c, a);
    cairo_show_text(cr, s);
    cairo_new_path(cr);
}
