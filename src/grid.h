/* grid: arranges photos with captions on pages. Pure geometry: the caller
 * measures captions through a callback. */
#ifndef GRID_H
#define GRID_H

#include <stdbool.h>

/* Height in points of caption 'index' when set 'width_pt' wide. */
typedef double (*grid_caption_fn)(void *user, int index, double width_pt);

typedef struct grid_cell {
    double x_pt, y_pt, w_pt, h_pt;  /* the photo, relative to the area's top-left */
    double cap_y_pt, cap_h_pt;      /* the caption below it: same x and w as the photo's cell column */
    double cap_x_pt, cap_w_pt;      /* caption box (at least as wide as the photo, centred under it) */
} grid_cell;

typedef struct grid_params {
    double area_w_pt, area_h_pt; /* the space for photos and captions */
    double gap_pt;               /* between photos, across and down */
    double caption_gap_pt;       /* between a photo and its caption */
    double min_photo_h_pt;       /* a page never shrinks a photo below this height... */
    int max_per_page;            /* ...nor holds more photos than this */
    grid_caption_fn caption;
    void *user;
} grid_params;

/* Lays out photos [first, n) with displayed aspect ratios 'aspect' (w/h):
 * chooses how many go on this page (all that fit under the limits above,
 * balanced so that the pages of a run of photos get similar counts) and
 * the arrangement (rows of photos in order, each row justified to a common
 * height, compared over every split into rows) that gives the photos the
 * largest total area with their captions inside the area, the whole
 * arrangement centred horizontally. Never distorts: each cell has the
 * photo's aspect ratio. Fills 'out' (room for max_per_page cells) and
 * returns how many photos were placed (at least 1). */
int grid_page(const double *aspect, int first, int n, const grid_params *p, grid_cell *out);

#endif
