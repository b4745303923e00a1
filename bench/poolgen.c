/* poolgen: a folder name in, the benchmark's photo pool out (bench/corpus.sh
 * hard-links it into every report it writes): sixteen phone photos, 4032 x
 * 3024 or 3024 x 4032 JPEGs of 1.7-2.3 MB, and a map PNG. */

/* Usage: poolgen OUTDIR
 *
 * bench-01 .. bench-08 are the sample's eight scenes (samples/art) as first
 * shot, with other grain and quality; bench-09 .. bench-16 the same scenes
 * framed again (closer, or a portrait crop of a landscape scene and the
 * reverse). bench-04 is stored rotated with EXIF orientation 6, as a phone
 * held upright writes it; the others have no EXIF. bench-map.png is the
 * sample's map. Deterministic, like the sample's photos. Exit status: 0
 * written, 1 a file could not be written ("poolgen: <path>: <reason>"),
 * 2 usage. */
#include "shot.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>

static const shot_spec pool_photos[] = {
    { "bench-01.jpg", 4032, 3024, 0, 1, scene_city_hall_draw, { 6.0, 2.5, 5.0, 0.20 }, 90, { 0 } },
    { "bench-02.jpg", 4032, 3024, 0, 2, scene_counter_draw, { 6.5, 2.5, 5.0, 0.18 }, 91, { 0 } },
    { "bench-03.jpg", 3024, 4032, 0, 3, scene_temporary_draw, { 5.5, 2.5, 5.0, 0.20 }, 92, { 0 } },
    { "bench-04.jpg", 3024, 4032, 6, 4, scene_space_draw, { 6.0, 2.5, 5.0, 0.22 }, 91, { 0 } },
    { "bench-05.jpg", 4032, 3024, 0, 5, scene_assembly_draw, { 6.0, 3.0, 5.0, 0.20 }, 89, { 0 } },
    { "bench-06.jpg", 4032, 3024, 0, 6, scene_history_draw, { 5.0, 2.5, 5.0, 0.20 }, 93, { 0 } },
    { "bench-07.jpg", 3024, 4032, 0, 7, scene_gallery_draw, { 6.0, 2.0, 5.0, 0.20 }, 90, { 0 } },
    { "bench-08.jpg", 4032, 3024, 0, 8, scene_sunrise_draw, { 7.0, 2.5, 5.0, 0.25 }, 91, { 0 } },
    { "bench-09.jpg", 3024, 4032, 0, 9, scene_city_hall_draw, { 6.0, 2.5, 5.0, 0.20 }, 91, { 4032, 3024, 1.0, 0.45, 0.5 } },
    { "bench-10.jpg", 4032, 3024, 0, 10, scene_counter_draw, { 6.0, 3.0, 4.0, 0.20 }, 92, { 4032, 3024, 1.5, 0.35, 0.55 } },
    { "bench-11.jpg", 4032, 3024, 0, 11, scene_temporary_draw, { 6.0, 2.5, 5.0, 0.15 }, 90, { 3024, 4032, 1.0, 0.5, 0.6 } },
    { "bench-12.jpg", 3024, 4032, 0, 12, scene_space_draw, { 6.5, 2.5, 5.0, 0.20 }, 89, { 3024, 4032, 1.4, 0.5, 0.45 } },
    { "bench-13.jpg", 3024, 4032, 0, 13, scene_assembly_draw, { 6.0, 2.5, 5.0, 0.20 }, 92, { 4032, 3024, 1.0, 0.5, 0.5 } },
    { "bench-14.jpg", 4032, 3024, 0, 14, scene_history_draw, { 6.0, 2.5, 6.0, 0.20 }, 90, { 4032, 3024, 1.6, 0.3, 0.5 } },
    { "bench-15.jpg", 4032, 3024, 0, 15, scene_gallery_draw, { 6.0, 2.5, 5.0, 0.18 }, 91, { 3024, 4032, 1.0, 0.5, 0.4 } },
    { "bench-16.jpg", 3024, 4032, 0, 16, scene_sunrise_draw, { 7.5, 2.5, 5.0, 0.25 }, 90, { 4032, 3024, 1.0, 0.6, 0.5 } },
};

int main(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '\0') {
        fputs("usage: poolgen OUTDIR   (16 phone photos and a map for bench/corpus.sh)\n", stderr);
        return 2;
    }
    const char *dir = argv[1];
    if (g_mkdir_with_parents(dir, 0755) != 0) {
        fprintf(stderr, "poolgen: %s: %s\n", dir, g_strerror(errno));
        return 1;
    }
    char **failed = shot_set_render(pool_photos, G_N_ELEMENTS(pool_photos), "bench-map.png", dir);
    for (char **f = failed; f && *f; f++)
        fprintf(stderr, "poolgen: %s\n", *f);
    int status = failed ? 1 : 0;
    g_strfreev(failed);
    return status;
}
