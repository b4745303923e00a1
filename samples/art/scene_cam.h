/* scene_cam: points in metres in front of a pinhole camera (X right, Y down,
 * Z depth) in, positions and cairo paths on the picture out, for the interior
 * scenes; and bars that stand in for the text of signs. */
#ifndef SCENE_CAM_H
#define SCENE_CAM_H

#include "gen_rng.h"

#include <cairo.h>

typedef struct scene_cam {
    double cx, cy; /* where the optical axis meets the picture, pixels */
    double f;      /* focal length, pixels */
} scene_cam;

/* The picture position ('*x', '*y') of the point (X, Y, Z). */
void scene_cam_xy(const scene_cam *cam, double X, double Y, double Z, double *x, double *y);

/* Adds the quadrilateral of the 4 points 'p' (X, Y, Z each) to the path. */
void scene_cam_quad(cairo_t *cr, const scene_cam *cam, const double p[12]);

/* Adds a rectangle on the plane Z = z (facing the camera), X = x (a side
 * wall) or Y = y (floor, ceiling, table top) to the path. */
void scene_cam_rect_z(cairo_t *cr, const scene_cam *cam, double xa, double ya, double xb, double yb, double z);
void scene_cam_rect_x(cairo_t *cr, const scene_cam *cam, double x, double ya, double yb, double za, double zb);
void scene_cam_rect_y(cairo_t *cr, const scene_cam *cam, double y, double xa, double xb, double za, double zb);

/* Draws 'n' bars of colour 'c', 'dy' apart from 'ya' down, of random
 * lengths (from 'rng'), that stand in for text: on the plane Z = z from
 * 'xa' towards 'xb', or on the side wall X = x from depth 'za' towards 'zb'. */
void scene_text_bars_z(cairo_t *cr, const scene_cam *cam, double xa, double xb, double ya, double dy, int n,
                       double z, unsigned c, gen_rng *rng);
void scene_text_bars_x(cairo_t *cr, const scene_cam *cam, double x, double za, double zb, double ya, double dy,
                       int n, unsigned c, gen_rng *rng);

#endif
