/* libFuzzer entry point for the image probe: JPEG (segments, EXIF through
 * libexif, the walk to the EOI), PNG (IHDR, the IEND at the end) and the
 * sniffing of other formats, from bytes in memory (image_probe_bytes).
 * A probe that succeeds must describe a usable image, and image_probe()
 * of the same bytes as a file (a memfd, read with pread: the path the
 * program takes) must give the same answer and the same message.
 *
 * A JPEG the probe accepts is verified (image_verify: every scan decoded at
 * 1/8 scale with libjpeg); a fault must come with a message.
 *
 * An image the probe accepts is then drawn as a report draws it, through
 * a new image cache onto a recording surface (nothing is written): for PDF
 * with PNG passthrough (the PNG's chunks, CRCs and zlib stream checked) or
 * the JPEG's bytes attached; and, for images of at most a megapixel, decoded
 * (libjpeg-turbo, cairo's PNG reader), in grey or downsampled as the last
 * byte of the input says. image_draw reads a path through realpath(), so
 * these bytes go to a file in /dev/shm (memory, not disk). */
#include "image_draw.h"
#include "image_probe.h"
#include "image_verify.h"
#include "infile.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cairo.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int memfd = -1;
static char memfd_path[64];
static char *shm_path; /* the bytes as a file that image_draw can name */

static void remove_shm(void)
{
    if (shm_path)
        unlink(shm_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    memfd = memfd_create("fuzz-image", MFD_CLOEXEC);
    if (memfd < 0)
        abort();
    snprintf(memfd_path, sizeof memfd_path, "/proc/self/fd/%d", memfd);
    const char *dir = g_file_test("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir();
    shm_path = g_strdup_printf("%s/tripreport-fuzz-image-%d", dir, (int)getpid());
    atexit(remove_shm);
    return 0;
}

/* Draws the image of 'data' (probed: 'info') as a report would. */
static void draw(const uint8_t *data, size_t size, const image_info *info)
{
    if (!g_file_set_contents(shm_path, (const char *)data, (gssize)size, NULL))
        abort();
    int mode = data[size - 1];
    bool small = (gint64)info->width * info->height <= 1000 * 1000;
    cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(rec);
    image_cache *c = image_cache_new();
    image_cache_set_splicing(c, true);
    if (small && (mode & 1))
        image_cache_set_grayscale(c, true);
    if (small && (mode & 2))
        image_cache_set_downsample(c, 36, 50);
    bool cover = mode & 4;
    GError *err = NULL;
    /* An image the probe took must load: what fails now is a decoding
     * error in the pixels, reported as a message. */
    if (!image_draw(c, cr, shm_path, 10, 10, 100, 75, cover, false, &err)) {
        if (!err || !*err->message)
            abort();
        g_clear_error(&err);
    }
    if (small && !image_draw(c, cr, shm_path, 10, 100, 50, 40, cover, true, &err)) {
        if (!err || !*err->message)
            abort();
        g_clear_error(&err);
    }
    GArray *pngs = image_cache_splices(c);
    g_array_unref(pngs);
    image_cache_free(c);
    cairo_destroy(cr);
    cairo_surface_destroy(rec);
    infile_forget();
    unlink(shm_path); /* none is left behind by a run that stops on a finding */
}

/* image_probe() of the same bytes must agree with image_probe_bytes(). */
static void check_file_probe(const uint8_t *data, size_t size, bool ok, const image_info *info, const GError *err)
{
    if (ftruncate(memfd, 0) != 0 || (size && pwrite(memfd, data, size, 0) != (ssize_t)size))
        abort();
    image_info fi;
    GError *ferr = NULL;
    bool fok = image_probe(memfd_path, &fi, &ferr);
    infile_forget(); /* the memfd is recorded as an input each time */
    if (fok != ok || memcmp(&fi, info, sizeof fi) != 0 ||
        (!ok && (strcmp(ferr->message, err->message) != 0 || ferr->code != err->code))) {
        fprintf(stderr, "fuzz_image: image_probe says %s (%s), image_probe_bytes says %s (%s)\n",
                fok ? "ok" : "no", ferr ? ferr->message : "", ok ? "ok" : "no", err ? err->message : "");
        abort();
    }
    if (ferr)
        g_error_free(ferr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    image_info info;
    GError *err = NULL;
    bool ok = image_probe_bytes(data, size, &info, &err);
    check_file_probe(data, size, ok, &info, err);
    if (ok) {
        bool turned = info.orientation >= 5;
        if (err || info.format == IMAGE_FORMAT_NONE || info.width <= 0 || info.height <= 0 || info.orientation < 1 ||
            info.orientation > 8 || info.width > 20000 || info.height > 20000 || info.display_w != (turned ? info.height : info.width) ||
            info.display_h != (turned ? info.width : info.height) ||
            (gint64)info.width * info.height > 50 * 1000 * 1000) {
            fprintf(stderr, "fuzz_image: probe gave format %d, %d x %d, orientation %d, shown %d x %d\n",
                    (int)info.format, info.width, info.height, info.orientation, info.display_w, info.display_h);
            abort();
        }
        if (info.format == IMAGE_FORMAT_JPEG && !image_verify_jpeg_bytes(data, size, &err)) {
            if (!err || !*err->message)
                abort();
            g_clear_error(&err);
        }
        draw(data, size, &info);
    } else {
        /* A failure always says why, in a message for the user. */
        if (!err || !err->message || !*err->message || info.format != IMAGE_FORMAT_NONE)
            abort();
        g_error_free(err);
    }
    return 0;
}
