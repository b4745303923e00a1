/* shot: a scene (scene.h) and a spec in, the JPEG a phone would have written
 * out (framed, numbered, grainy, stored rotated for its EXIF orientation), for
 * the sample (sampleart.c) and the benchmark's pool (bench/poolgen.c). */
#ifndef SHOT_H
#define SHOT_H

#include "gen_grain.h"
#include "scene.h"

#include <stddef.h>

/* Framing, for a scene reused in another shot: the scene is drawn at
 * sw x sh, scaled to cover the display size times 'zoom', the point
 * (fx, fy) of the scene (fractions) brought as near the centre as the edges
 * allow. All zero: none, the scene is drawn at the display size. */
typedef struct shot_framing {
    int sw, sh;     /* the scene's size, pixels */
    double zoom;    /* 1 (or 0): just cover the display */
    double fx, fy;  /* the point of the scene to centre, fractions of sw, sh */
} shot_framing;

/* One photo. Its file name also seeds its random numbers (the scene's
 * details: salt 1, the grain: salt 2). */
typedef struct shot_spec {
    const char *file; /* the JPEG's name in the output folder */
    int dw, dh;       /* display (upright) size, pixels */
    int orientation;  /* EXIF orientation written, 0 = no EXIF */
    int number;       /* the number on the UP marker */
    scene_fn draw;
    gen_grain grain;
    int quality;      /* JPEG quality */
    shot_framing frame;
} shot_spec;

/* The size of the map scene_map_draw draws, pixels. */
enum { SHOT_MAP_W = 1600, SHOT_MAP_H = 1200 };

/* Writes the 'n' photos and, if 'map_name' is not NULL, the map (a PNG,
 * SHOT_MAP_W x SHOT_MAP_H) into the existing folder 'dir', on up to 4
 * threads (the files do not depend on the order). Returns NULL when every
 * file was written, else the failures, "<path>: <reason>" each (caller
 * frees with g_strfreev). */
char **shot_set_render(const shot_spec *photos, size_t n, const char *map_name, const char *dir);

#endif
