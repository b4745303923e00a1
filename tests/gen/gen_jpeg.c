/* gen_jpeg: upright RGB in, a phone's JPEG out (stored pixels rotated for
 * the EXIF orientation, libturbojpeg, a hand-made EXIF APP1 segment); and a
 * marker walker for the fixtures that damage a JPEG's header. */
#include "gen_jpeg.h"

#include "gen_file.h"

#include <string.h>
#include <turbojpeg.h>

/*** EXIF orientation: display image -> stored pixels ***/

/*
 * EXIF Orientation says which transform a viewer applies to the STORED
 * pixels to DISPLAY them upright:
 *   1 identity            2 mirror horizontal    3 rotate 180
 *   4 mirror vertical     5 transpose            6 rotate 90 CW
 *   7 transverse          8 rotate 90 CCW
 * For each stored pixel (sx, sy) of a stored image sw x sh, the display
 * position (dx, dy) is (for 5..8 sw = dh and sh = dw):
 *   1: ( sx,        sy        )   2: ( sw-1-sx,   sy        )
 *   3: ( sw-1-sx,   sh-1-sy   )   4: ( sx,        sh-1-sy   )
 *   5: ( sy,        sx        )   6: ( sh-1-sy,   sx        )
 *   7: ( sh-1-sy,   sw-1-sx   )   8: ( sy,        sw-1-sx   )
 * which matches the EXIF text, e.g. 6 = "0th row is the visual right-hand
 * side, 0th column is the visual top".
 */
typedef struct orient_map {
    int ax, bx, cx; /* dx = ax*sx + bx*sy + cx */
    int ay, by, cy; /* dy = ay*sx + by*sy + cy */
} orient_map;

/* The map of 'orientation' for a stored image sw x sh; false outside 1..8. */
static bool orient_map_get(int orientation, int sw, int sh, orient_map *m)
{
    orient_map o = { 0, 0, 0, 0, 0, 0 };
    switch (orientation) {
    case 1: o.ax = 1;  o.by = 1;                                  break;
    case 2: o.ax = -1; o.cx = sw - 1; o.by = 1;                   break;
    case 3: o.ax = -1; o.cx = sw - 1; o.by = -1; o.cy = sh - 1;   break;
    case 4: o.ax = 1;  o.by = -1; o.cy = sh - 1;                  break;
    case 5: o.bx = 1;  o.ay = 1;                                  break;
    case 6: o.bx = -1; o.cx = sh - 1; o.ay = 1;                   break;
    case 7: o.bx = -1; o.cx = sh - 1; o.ay = -1; o.cy = sw - 1;   break;
    case 8: o.bx = 1;  o.ay = -1; o.cy = sw - 1;                  break;
    default: return false;
    }
    *m = o;
    return true;
}

bool gen_jpeg_orient_into(const uint8_t *display, int dw, int dh, int orientation, uint8_t *stored, int *sw,
                          int *sh)
{
    int w = (orientation >= 5) ? dh : dw;
    int h = (orientation >= 5) ? dw : dh;
    orient_map m;
    if (!orient_map_get(orientation, w, h, &m))
        return false;
    /* byte offset in 'display' of stored pixel (sx, sy) */
    ptrdiff_t step_x = ((ptrdiff_t)m.ax + (ptrdiff_t)m.ay * dw) * 3;
    ptrdiff_t step_y = ((ptrdiff_t)m.bx + (ptrdiff_t)m.by * dw) * 3;
    ptrdiff_t base = ((ptrdiff_t)m.cy * dw + m.cx) * 3;
    enum { TILE = 64 }; /* tiles keep both images' rows in the cache */
    for (int ty = 0; ty < h; ty += TILE) {
        int ty_end = ty + TILE < h ? ty + TILE : h;
        for (int tx = 0; tx < w; tx += TILE) {
            int tx_end = tx + TILE < w ? tx + TILE : w;
            for (int sy = ty; sy < ty_end; sy++) {
                uint8_t *out = stored + ((size_t)sy * (size_t)w + (size_t)tx) * 3;
                const uint8_t *in = display + base + step_y * sy + step_x * tx;
                for (int sx = tx; sx < tx_end; sx++) {
                    out[0] = in[0];
                    out[1] = in[1];
                    out[2] = in[2];
                    out += 3;
                    in += step_x;
                }
            }
        }
    }
    *sw = w;
    *sh = h;
    return true;
}

uint8_t *gen_jpeg_orient(const uint8_t *display, int dw, int dh, int orientation, int *sw, int *sh)
{
    uint8_t *stored = g_malloc((size_t)dw * (size_t)dh * 3);
    if (!gen_jpeg_orient_into(display, dw, dh, orientation, stored, sw, sh)) {
        g_free(stored);
        return NULL;
    }
    return stored;
}

/*** Encoding ***/

/* APP1 "Exif\0\0" + little-endian TIFF header + IFD0 holding exactly one
 * entry: 0x0112 Orientation, SHORT, count 1, value; next-IFD offset 0. */
enum { EXIF_APP1_LEN = 36 };

static void exif_app1_build(uint8_t out[EXIF_APP1_LEN], int orientation)
{
    static const uint8_t tmpl[EXIF_APP1_LEN] = {
        0xFF, 0xE1, 0x00, 0x22,             /* APP1, length 34          */
        'E', 'x', 'i', 'f', 0x00, 0x00,     /* Exif identifier          */
        'I', 'I', 0x2A, 0x00,               /* TIFF, little endian, 42  */
        0x08, 0x00, 0x00, 0x00,             /* IFD0 at offset 8         */
        0x01, 0x00,                         /* 1 entry                  */
        0x12, 0x01,                         /* tag 0x0112 Orientation   */
        0x03, 0x00,                         /* type SHORT               */
        0x01, 0x00, 0x00, 0x00,             /* count 1                  */
        0x00, 0x00, 0x00, 0x00,             /* value (patched below)    */
        0x00, 0x00, 0x00, 0x00,             /* next IFD: none           */
    };
    memcpy(out, tmpl, EXIF_APP1_LEN);
    out[28] = (uint8_t)(orientation & 0xFF);
    out[29] = (uint8_t)((orientation >> 8) & 0xFF);
}

GByteArray *gen_jpeg_encode(const uint8_t *rgb, int w, int h, int quality, int orientation, GError **error)
{
    if (orientation < 0 || orientation > 8) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "invalid EXIF orientation %d", orientation);
        return NULL;
    }
    tjhandle tj = tjInitCompress();
    if (!tj) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "tjInitCompress: %s", tjGetErrorStr2(NULL));
        return NULL;
    }
    unsigned char *jpeg = NULL;
    unsigned long jlen = 0;
    if (tjCompress2(tj, rgb, w, w * 3, h, TJPF_RGB, &jpeg, &jlen, TJSAMP_420, quality, TJFLAG_ACCURATEDCT) != 0) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "tjCompress2: %s", tjGetErrorStr2(tj));
        tjFree(jpeg);
        tjDestroy(tj);
        return NULL;
    }
    GByteArray *out = g_byte_array_sized_new((guint)jlen + EXIF_APP1_LEN);
    g_byte_array_append(out, jpeg, 2); /* SOI */
    if (orientation > 0) {
        uint8_t app1[EXIF_APP1_LEN];
        exif_app1_build(app1, orientation);
        g_byte_array_append(out, app1, EXIF_APP1_LEN);
    }
    g_byte_array_append(out, jpeg + 2, (guint)(jlen - 2));
    tjFree(jpeg);
    tjDestroy(tj);
    return out;
}

bool gen_jpeg_put(const char *dir, const char *name, const uint8_t *rgb, int w, int h, int quality,
                  int orientation, GError **error)
{
    char *path = g_build_filename(dir, name, NULL);
    GByteArray *jpg = gen_jpeg_encode(rgb, w, h, quality, orientation, error);
    bool ok = jpg && gen_file_write(path, jpg->data, jpg->len, error);
    if (!jpg)
        g_prefix_error(error, "%s: ", path);
    if (jpg)
        g_byte_array_unref(jpg);
    g_free(path);
    return ok;
}

/*** Marker walker ***/

long gen_jpeg_find_marker(const uint8_t *buf, size_t len, const uint8_t *want, int nwant, long *scan_start)
{
    long found = -1;
    size_t i = 2;
    if (scan_start)
        *scan_start = -1;
    if (len < 4 || buf[0] != 0xFF || buf[1] != 0xD8)
        return -1;
    while (i + 4 <= len) {
        if (buf[i] != 0xFF)
            return found;
        uint8_t mk = buf[i + 1];
        if (mk == 0xFF) { /* fill byte */
            i++;
            continue;
        }
        size_t seglen = ((size_t)buf[i + 2] << 8) | buf[i + 3];
        for (int k = 0; k < nwant && found < 0; k++)
            if (mk == want[k])
                found = (long)i;
        if (mk == 0xDA) {
            if (scan_start)
                *scan_start = (long)(i + 2 + seglen);
            return found;
        }
        i += 2 + seglen;
    }
    return found;
}
