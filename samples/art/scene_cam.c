/* scene_cam: the pinhole camera of the interior scenes (points in metres in
                                                         * front of the camera in, cairo paths out) and the bars that stand in for
                                                         * text on signs. */
#include "scene_cam.h"

#include "gen_draw.h"

void scene_cam_xy(const scene_cam *cam, double X, double Y, double Z, double *x, double *y)
{
    *x = cam->cx + cam->f * X / Z;
    *y = cam->cy + cam->f * Y / Z;
}

void scene_cam_quad(cairo_t *cr, const scene_cam *cam, const double p[12])
{
    double x, y;
    for (int i = 0; i < 4; i++) {
        scene_cam_xy(cam, p[3 * i], p[3 * i + 1], p[3 * i + 2], &x, &y);
        if (i == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    cairo_close_path(cr);
}

void scene_cam_rect_z(cairo_t *cr, const scene_cam *cam, double xa, double ya, double xb, double yb, double z)
{
    double p[12] = { xa, ya, z, xb, ya, z, xb, yb, z, xa, yb, z };
    scene_cam_quad(cr, cam, p);
}

void scene_cam_rect_x(cairo_t *cr, const scene_cam *cam, double x, double ya, double yb, double za, double zb)
{
    double p[12] = { x, ya, za, x, ya, zb, x, yb, zb, x, yb, za };
    scene_cam_quad(cr, cam, p);
}

void scene_cam_rect_y(cairo_t *cr, const scene_cam *cam, double y, double xa, double xb, double za, double zb)
{
    double p[12] = { xa, y, za, xb, y, za, xb, y, zb, xa, y, zb };
    scene_cam_quad(cr, cam, p);
}

void scene_text_bars_z(cairo_t *cr, const scene_cam *cam, double xa, double xb, double ya, double dy, int n,
                       double z, unsigned c, gen_rng *rng)
{
    for (int i = 0; i < n; i++) {
        double len = (xb - xa) * gen_rng_range(rng, 0.55, 1.0);
        scene_cam_rect_z(cr, cam, xa, ya + i * dy, xa + len, ya + i * dy + dy * 0.5, z);
        gen_draw_fill(cr, c, 1);
    }
}

void scene_text_bars_x(cairo_t *cr, const scene_cam *cam, double x, double za, double zb, double ya, double dy,
                       int n, unsigned c, gen_rng *rng)
{
    for (int i = 0; i < n; i++) {
        double len = (zb - za) * gen_rng_range(rng, 0.5, 1.0);
        scene_cam_rect_x(cr, cam, x, ya + i * dy, ya + i * dy + dy * 0.5, za, za + len);
        gen_draw_fill(cr, c, 1);
    }
}
