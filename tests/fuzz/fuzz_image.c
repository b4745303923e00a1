/* libFuzzer entry point for the image probe: JPEG (segments, EXIF through
 * libexif, the walk to the EOI), PNG (IHDR, the IEND at the end) and the
 * sniffing of other formats, from bytes in memory (image_probe_bytes).
 * A probe that succeeds must describe a usable image, and image_probe()
 * of the same bytes as a file (a memfd, read with pread: the path the
 * program takes) must give the same answer and the same message. */
#include "image.h"
#include "infile.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int memfd = -1;
static char memfd_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    memfd = memfd_create("fuzz-image", MFD_CLOEXEC);
    if (memfd < 0)
        abort();
    snprintf(memfd_path, sizeof memfd_path, "/proc/self/fd/%d", memfd);
    return 0;
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
    } else {
        /* A failure always says why, in a message for the user. */
        if (!err || !err->message || !*err->message || info.format != IMAGE_FORMAT_NONE)
            abort();
        g_error_free(err);
    }
    return 0;
}
