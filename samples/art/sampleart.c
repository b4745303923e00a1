/* sampleart: a folder name in, the photos of the sample report
 * samples/017-matsue out (a study trip to Matsue, February 2024): eight
 * phone-sized JPEGs (1-3 MB, one stored with EXIF orientation 6) and a map. */

/* Usage: sampleart OUTDIR
 *
 * The bytes are the same on every run and every machine with the same
 * libraries (no clock, no locale: each photo's random numbers are seeded
 * from its name), so the sample's pages never change by themselves. `make`
 * writes them into out/samples/017-matsue/photos, which the committed link
 * samples/017-matsue/photos points to. Exit status: 0 written, 1 a file
 * could not be written ("sampleart: <path>: <reason>"), 2 usage. */
#include "shot.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>

static const shot_spec sample_photos[] = {
    { "01-city-hall.jpg", 4032, 3024, 0, 1, scene_city_hall_draw, { 6.0, 2.5, 5.0, 0.20 }, 91, { 0 } },
    { "02-counter.jpg", 4032, 3024, 0, 2, scene_counter_draw, { 6.0, 2.5, 5.0, 0.20 }, 91, { 0 } },
    { "03-temporary.jpg", 3024, 4032, 0, 3, scene_temporary_draw, { 6.0, 2.5, 5.0, 0.20 }, 91, { 0 } },
    { "04-space.jpg", 3024, 4032, 6, 4, scene_space_draw, { 6.0, 2.5, 5.0, 0.20 }, 91, { 0 } },
    { "05-assembly.jpg", 4032, 3024, 0, 5, scene_assembly_draw, { 6.0, 2.5, 5.0, 0.20 }, 91, { 0 } },
    { "06-history.jpg", 4032, 3024, 0, 6, scene_history_draw, { 6.0, 2.5, 5.0, 0.20 }, 91, { 0 } },
    { "07-gallery.jpg", 3024, 4032, 0, 7, scene_gallery_draw, { 6.0, 2.5, 5.0, 0.20 }, 91, { 0 } },
    { "08-sunrise.jpg", 4032, 3024, 0, 8, scene_sunrise_draw, { 6.0, 2.5, 5.0, 0.20 }, 91, { 0 } },
};

int main(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '\0') {
        fputs("usage: sampleart OUTDIR   (the photos and map of samples/017-matsue)\n", stderr);
        return 2;
    }
    const char *dir = argv[1];
    if (g_mkdir_with_parents(dir, 0755) != 0) {
        fprintf(stderr, "sampleart: %s: %s\n", dir, g_strerror(errno));
        return 1;
    }
    char **failed = shot_set_render(sample_photos, G_N_ELEMENTS(sample_photos), "matsue-map.png", dir);
    for (char **f = failed; f && *f; f++)
        fprintf(stderr, "sampleart: %s\n", *f);
    int status = failed ? 1 : 0;
    g_strfreev(failed);
    return status;
}
