/* scene: a size and a random stream in, an upright picture on a cairo
 * surface out: the eight scenes of the sample's photos (samples/017-matsue, a
 * study trip to Matsue) and its map. shot.h makes them phone photos. */
#ifndef SCENE_H
#define SCENE_H

#include "gen_rng.h"

#include <cairo.h>

typedef void (*scene_fn)(cairo_t *cr, double W, double H, gen_rng *rng);

/* scene_outdoor.c */
void scene_city_hall_draw(cairo_t *cr, double W, double H, gen_rng *rng); /* 01: half built, a crane */
void scene_sunrise_draw(cairo_t *cr, double W, double H, gen_rng *rng);   /* 08: over the lake, the castle */

/* scene_counters.c */
void scene_counter_draw(cairo_t *cr, double W, double H, gen_rng *rng);   /* 02: the citizens' counters */
void scene_temporary_draw(cairo_t *cr, double W, double H, gen_rng *rng); /* 03: the way to the temporary counter */
void scene_space_draw(cairo_t *cr, double W, double H, gen_rng *rng);     /* 04: the citizens' space */

/* scene_halls.c */
void scene_assembly_draw(cairo_t *cr, double W, double H, gen_rng *rng);  /* 05: the assembly hall */
void scene_history_draw(cairo_t *cr, double W, double H, gen_rng *rng);   /* 06: the history corner */
void scene_gallery_draw(cairo_t *cr, double W, double H, gen_rng *rng);   /* 07: the kids' space */

/* scene_map.c: the map of Matsue, drawn for W x H = 1600 x 1200 (its roads
 * and lakes are placed in pixels). */
void scene_map_draw(cairo_t *cr, double W, double H);

#endif
