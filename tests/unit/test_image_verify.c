/* Unit tests for image_verify: JPEGs made here with libjpeg-turbo
 * (baseline, progressive, grey) are whole; cut short with the EOI put
 * back, with a header claiming more rows, with bytes left over before the
 * EOI, or progressive without its later scans, they are damaged, with
 * the message that says how. A note libjpeg makes of the header (an
 * unknown JFIF version) is not damage. The decode that checks as it goes
 * (image_verify_jpeg_decode_rows) says the same of each, and gives the pixels
 * libjpeg-turbo's own decode gives. */
#include "image_source.h"
#include "image_verify.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <turbojpeg.h>

#define AGAIN "; copy the photo again from the camera or phone"

/* A w×h JPEG of a smooth pattern (so that it has real data to decode). */
static GByteArray *make_jpeg(int w, int h, bool progressive, bool grey)
{
    guint8 *rgb = g_malloc((gsize)w * h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            guint8 *p = rgb + ((gsize)y * w + x) * 3;
            p[0] = (guint8)(x * 255 / w);
            p[1] = (guint8)(y * 255 / h);
            p[2] = (guint8)((x ^ y) & 0xFF);
        }
    tjhandle c = tjInitCompress();
    unsigned char *out = NULL;
    unsigned long len = 0;
    g_assert_cmpint(tjCompress2(c, rgb, w, 0, h, TJPF_RGB, &out, &len, grey ? TJSAMP_GRAY : TJSAMP_420, 90,
                                progressive ? TJFLAG_PROGRESSIVE : 0),
                    ==, 0);
    GByteArray *j = g_byte_array_new();
    g_byte_array_append(j, out, (guint)len);
    tjFree(out);
    tjDestroy(c);
    g_free(rgb);
    return j;
}

/* The offset of marker 'm''s first segment (its 0xFF), or of the n-th
 * SOS for m == 0xDA and n > 0. */
static gsize marker_at(const GByteArray *j, guint8 m, int n)
{
    gsize i = 2;
    int seen = 0;
    while (i + 4 <= j->len) {
        guint8 k = j->data[i + 1];
        if (k == m && seen++ == n)
            return i;
        gsize len = (gsize)j->data[i + 2] << 8 | j->data[i + 3];
        i += 2 + len;
        if (k == 0xDA)
            while (i + 1 < j->len && !(j->data[i] == 0xFF && j->data[i + 1] != 0 &&
                                       !(j->data[i + 1] >= 0xD0 && j->data[i + 1] <= 0xD7)))
                i++;
    }
    g_assert_not_reached();
}

/* A sink of image_verify_jpeg_decode_rows(): every row into one buffer. */
typedef struct whole_image {
    guint8 *px;
    size_t stride;
    int w, h, next;
    bool src_grey;
} whole_image;

static bool whole_begin(void *user, int w, int h, int channels, bool src_grey)
{
    whole_image *im = user;
    im->stride = (size_t)w * (size_t)channels;
    im->px = g_malloc(im->stride * (size_t)h);
    im->w = w;
    im->h = h;
    im->src_grey = src_grey;
    return true;
}

static void whole_row(void *user, int y, const guint8 *px)
{
    whole_image *im = user;
    g_assert_cmpint(y, ==, im->next++); /* in order, each once */
    memcpy(im->px + im->stride * (size_t)y, px, im->stride);
}

/* The whole picture image_verify_jpeg_decode_rows() decodes, or NULL with
 * 'err' set (or unset: CMYK, YCCK). */
static guint8 *decode_whole(const guint8 *data, gsize len, int scale_num, int scale_denom, bool to_grey,
                                        int *w, int *h, bool *src_grey, GError **err)
{
    whole_image im = { 0 };
    image_verify_sink sink = { whole_begin, whole_row, &im };
    if (image_verify_jpeg_decode_rows(data, len, scale_num, scale_denom, to_grey, &sink, err) != 1) {
        g_free(im.px);
        return NULL;
    }
    g_assert_cmpint(im.next, ==, im.h);
    *w = im.w;
    *h = im.h;
    *src_grey = im.src_grey;
    return im.px;
}

/* decode_whole() of 'j' at 'denom' (1/denom scale) into RGB:
 * the pixels, or NULL with 'err' set. */
static guint8 *decode_checked(const GByteArray *j, int denom, int *w, int *h, GError **err)
{
    bool src_grey = false;
    return decode_whole(j->data, j->len, 1, denom, false, w, h, &src_grey, err);
}

/* Whole: to image_verify_jpeg_bytes(), and to decode_whole() at
 * every scale asked for in the note's and downsampling's decodes. */
static void assert_whole(const GByteArray *j)
{
    GError *err = NULL;
    g_assert_true(image_verify_jpeg_bytes(j->data, j->len, &err));
    g_assert_no_error(err);
    for (int denom = 1; denom <= 8; denom *= 2) {
        int w = 0, h = 0;
        guint8 *px = decode_checked(j, denom, &w, &h, &err);
        g_assert_no_error(err);
        g_assert_nonnull(px);
        g_assert_cmpint(w, >, 0);
        g_free(px);
    }
}

/* Damaged, with a message starting 'start' (and ending with the advice),
 * and the same message from the decode that checks as it goes. */
static void assert_damaged(const GByteArray *j, const char *start)
{
    GError *err = NULL;
    g_assert_false(image_verify_jpeg_bytes(j->data, j->len, &err));
    g_assert_error(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED);
    if (!g_str_has_prefix(err->message, start))
        g_error("got '%s', wanted '%s...'", err->message, start);
    g_assert_true(g_str_has_suffix(err->message, AGAIN));
    for (int denom = 1; denom <= 8; denom *= 2) {
        GError *e = NULL;
        int w = 0, h = 0;
        g_assert_null(decode_checked(j, denom, &w, &h, &e));
        g_assert_error(e, IMAGE_ERROR, IMAGE_ERROR_DAMAGED);
        g_assert_cmpstr(e->message, ==, err->message);
        g_error_free(e);
    }
    g_error_free(err);
}

static void test_whole(void)
{
    const bool kinds[][2] = { { false, false }, { true, false }, { false, true }, { true, true } };
    for (guint i = 0; i < G_N_ELEMENTS(kinds); i++) {
        GByteArray *j = make_jpeg(96, 80, kinds[i][0], kinds[i][1]);
        assert_whole(j);
        g_byte_array_unref(j);
    }
}

static void test_cut_and_tall(void)
{
    GByteArray *j = make_jpeg(128, 160, false, false);
    gsize sos = marker_at(j, 0xDA, 0);
    gsize data = sos + 2 + ((gsize)j->data[sos + 2] << 8 | j->data[sos + 3]);
    /* The scan cut at a third, the EOI put back. */
    GByteArray *cut = g_byte_array_new();
    g_byte_array_append(cut, j->data, (guint)(data + (j->len - 2 - data) / 3));
    g_byte_array_append(cut, (const guint8 *)"\xFF\xD9", 2);
    assert_damaged(cut, "is a damaged JPEG: its picture data runs out at about row ");
    g_byte_array_unref(cut);
    /* The header claims 320 rows, the data holds 160: it runs out there. */
    GByteArray *tall = g_byte_array_new();
    g_byte_array_append(tall, j->data, j->len);
    gsize sof = marker_at(tall, 0xC0, 0);
    tall->data[sof + 5] = 320 >> 8;
    tall->data[sof + 6] = 320 & 0xFF;
    assert_damaged(tall, "is a damaged JPEG: its picture data runs out at about row 160 of the 320 its header "
                         "claims" AGAIN);
    g_byte_array_unref(tall);
    /* Bytes left over before the EOI (a few would go into libjpeg's bit
     * buffer unseen: 64 do not). */
    GByteArray *extra = g_byte_array_new();
    g_byte_array_append(extra, j->data, j->len - 2);
    for (int k = 0; k < 64; k++)
        g_byte_array_append(extra, (const guint8 *)"\x5A", 1);
    g_byte_array_append(extra, (const guint8 *)"\xFF\xD9", 2);
    assert_damaged(extra, "is a damaged JPEG: its picture data is corrupt (it does not end where the picture "
                          "does)" AGAIN);
    g_byte_array_unref(extra);
    g_byte_array_unref(j);
}

static void test_progressive_cut(void)
{
    GByteArray *j = make_jpeg(96, 80, true, false);
    GByteArray *cut = g_byte_array_new();
    g_byte_array_append(cut, j->data, (guint)marker_at(j, 0xDA, 3));
    g_byte_array_append(cut, (const guint8 *)"\xFF\xD9", 2);
    assert_damaged(cut, "is a damaged JPEG: its picture data stops before the last of its scans (the photo is "
                        "only partly there)" AGAIN);
    g_byte_array_unref(cut);
    g_byte_array_unref(j);
}

/* A JFIF version 2.01 makes libjpeg warn; the picture is whole. */
static void test_header_note(void)
{
    GByteArray *j = make_jpeg(64, 48, false, false);
    gsize app0 = marker_at(j, 0xE0, 0);
    g_assert_cmpmem(j->data + app0 + 4, 5, "JFIF\0", 5);
    j->data[app0 + 9] = 2;
    assert_whole(j);
    g_byte_array_unref(j);
}

/* image_verify_jpeg_decode_rows() gives the pixels tjDecompress2() gives, to
 * the byte, for every kind of JPEG and scale the note's images are made
 * at, in colour and in grey; a CMYK JPEG it leaves alone (NULL, no error). */
static void test_decode_pixels(void)
{
    const int kinds[][2] = { { TJSAMP_420, 0 }, { TJSAMP_422, 0 }, { TJSAMP_444, 0 }, { TJSAMP_440, 0 },
                             { TJSAMP_GRAY, 0 }, { TJSAMP_420, TJFLAG_PROGRESSIVE },
                             { TJSAMP_GRAY, TJFLAG_PROGRESSIVE } };
    const int w = 203, h = 141; /* odd sizes: partial blocks at the edges */
    guint8 *rgb = g_malloc((gsize)w * h * 3);
    for (int i = 0; i < w * h * 3; i++)
        rgb[i] = (guint8)((i * 7919) % 251 + (i / (w * 3)) % 5);
    for (guint k = 0; k < G_N_ELEMENTS(kinds); k++) {
        tjhandle c = tjInitCompress();
        unsigned char *jpeg = NULL;
        unsigned long len = 0;
        g_assert_cmpint(tjCompress2(c, rgb, w, 0, h, TJPF_RGB, &jpeg, &len, kinds[k][0], 88, kinds[k][1]), ==, 0);
        tjDestroy(c);
        for (int denom = 1; denom <= 8; denom *= 2)
            for (int grey = 0; grey < 2; grey++) {
                tjscalingfactor sf = { 1, denom };
                int sw = TJSCALED(w, sf), sh = TJSCALED(h, sf);
                bool to_grey = grey || kinds[k][0] == TJSAMP_GRAY;
                int pf = to_grey ? TJPF_GRAY : TJPF_RGB;
                guint8 *want = g_malloc((gsize)sw * sh * tjPixelSize[pf]);
                tjhandle d = tjInitDecompress();
                g_assert_cmpint(tjDecompress2(d, jpeg, len, want, sw, 0, sh, pf, 0), ==, 0);
                tjDestroy(d);
                int gw = 0, gh = 0;
                bool src_grey = false;
                GError *err = NULL;
                guint8 *got = decode_whole(jpeg, len, 1, denom, grey, &gw, &gh, &src_grey, &err);
                g_assert_no_error(err);
                g_assert_nonnull(got);
                g_assert_cmpint(gw, ==, sw);
                g_assert_cmpint(gh, ==, sh);
                g_assert_cmpint(src_grey, ==, kinds[k][0] == TJSAMP_GRAY);
                g_assert_cmpmem(got, (gsize)sw * sh * tjPixelSize[pf], want, (gsize)sw * sh * tjPixelSize[pf]);
                g_free(got);
                g_free(want);
            }
        tjFree(jpeg);
    }
    /* CMYK (written by libjpeg-turbo as YCCK). */
    guint8 *cmyk = g_malloc0((gsize)w * h * 4);
    for (int i = 0; i < w * h * 4; i++)
        cmyk[i] = (guint8)(i % 253);
    tjhandle c = tjInitCompress();
    unsigned char *jpeg = NULL;
    unsigned long len = 0;
    g_assert_cmpint(tjCompress2(c, cmyk, w, 0, h, TJPF_CMYK, &jpeg, &len, TJSAMP_444, 90, 0), ==, 0);
    tjDestroy(c);
    GError *err = NULL;
    int gw = 0, gh = 0;
    bool src_grey = false;
    g_assert_null(decode_whole(jpeg, len, 1, 4, false, &gw, &gh, &src_grey, &err));
    g_assert_no_error(err);
    g_assert_true(image_verify_jpeg_bytes(jpeg, len, &err)); /* whole all the same */
    tjFree(jpeg);
    g_free(cmyk);
    g_free(rgb);
}

/* From a file: a whole JPEG, a damaged one, a file that is not there. */
static void test_file(void)
{
    GError *err = NULL;
    char *dir = g_dir_make_tmp("tripreport-verify-XXXXXX", &err);
    g_assert_no_error(err);
    GByteArray *j = make_jpeg(64, 48, false, false);
    char *good = g_build_filename(dir, "good.jpg", NULL), *bad = g_build_filename(dir, "bad.jpg", NULL);
    g_assert_true(g_file_set_contents(good, (const char *)j->data, j->len, NULL));
    j->data[marker_at(j, 0xC0, 0) + 6] = 96; /* 48 rows claimed as 96 */
    g_assert_true(g_file_set_contents(bad, (const char *)j->data, j->len, NULL));
    g_assert_true(image_verify(good, &err));
    g_assert_no_error(err);
    g_assert_false(image_verify(bad, &err));
    g_assert_error(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED);
    g_clear_error(&err);
    char *none = g_build_filename(dir, "none.jpg", NULL);
    g_assert_false(image_verify(none, &err));
    g_assert_error(err, IMAGE_ERROR, IMAGE_ERROR_READ);
    g_clear_error(&err);
    g_unlink(good);
    g_unlink(bad);
    g_rmdir(dir);
    g_free(none);
    g_free(good);
    g_free(bad);
    g_free(dir);
    g_byte_array_unref(j);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/image/verify/whole", test_whole);
    g_test_add_func("/image/verify/cut-and-tall", test_cut_and_tall);
    g_test_add_func("/image/verify/progressive-cut", test_progressive_cut);
    g_test_add_func("/image/verify/header-note", test_header_note);
    g_test_add_func("/image/verify/file", test_file);
    g_test_add_func("/image/verify/decode-pixels", test_decode_pixels);
    return g_test_run();
}
