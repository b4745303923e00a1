/* libFuzzer entry point for the image probe: JPEG (segments, EXIF through
 * libexif, the walk to the EOI), PNG (IHDR, the IEND at the end) and the
 * sniffing of other formats, from bytes in memory (image_probe_bytes).
 * A probe that succeeds must describe a usable image. */
#include "image.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    image_info info;
    GError *err = NULL;
    bool ok = image_probe_bytes(data, size, &info, &err);
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
