/* Unit tests for pdfsplice.c, through pdfpost_amend: PNG placeholders
 * replaced by the PNG's IDAT data (cairo and hand-written PDFs, an older
 * version of the object); a missing or ambiguous placeholder or a PNG that
 * changed is an error. JPEG placeholders replaced by the bytes of the photo
 * (some from memory, most from its file), a photo that changed an error
 * that leaves the PDF as it was. */
#include "pdftest.h"

#include <libdeflate.h>
#include <turbojpeg.h>
#include <zlib.h>

/*** Tests: PNGs in place of their placeholders ***/

/* A PNG of 64×48 pixels written by cairo (8-bit RGB, colour type 2): the
 * top half blue, the bottom half yellow. Caller frees the path. */
static char *make_png(const char *name)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 64, 48);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0, 0, 1);
    cairo_paint(cr);
    cairo_rectangle(cr, 0, 24, 64, 24);
    cairo_set_source_rgb(cr, 1, 1, 0);
    cairo_fill(cr);
    cairo_destroy(cr);
    char *p = path_of(name);
    g_assert_cmpint(cairo_surface_write_to_png(s, p), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return p;
}

static uint32_t get_be32(const guint8 *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* The description of the PNG at 'path' for a placeholder of 3 × 'ph'
 * pixels, read from its chunks (as image_embed.c does). 'path' is borrowed. */
static pdfpost_image describe_png(const char *path, int ph)
{
    GBytes *b = read_all(path);
    gsize n;
    const guint8 *d = g_bytes_get_data(b, &n);
    pdfpost_image g = { .placeholder_w = 3, .placeholder_h = ph, .path = (char *)path, .width = (int)get_be32(d + 16),
                      .height = (int)get_be32(d + 20), .colours = d[25] == 2 ? 3 : 1, .idat_offset = -1 };
    uLong crc = crc32(0L, Z_NULL, 0);
    for (gsize off = 8; off + 12 <= n;) {
        uint32_t len = get_be32(d + off);
        if (memcmp(d + off + 4, "IDAT", 4) == 0) {
            if (g.idat_offset < 0)
                g.idat_offset = (gint64)off;
            g.idat_bytes += len;
            g.idat_chunks++;
            crc = crc32(crc, d + off + 8, len);
        }
        off += 12 + len;
    }
    g.idat_crc = (guint32)crc;
    g_bytes_unref(b);
    return g;
}

/* A cairo PDF with 'n' placeholders of 3 × 'ph' magenta pixels (each its
 * own surface: one image object each), the first in a Figure. */
static char *make_placeholder_pdf(const char *name, int n, int ph)
{
    char *p = path_of(name);
    cairo_surface_t *s = cairo_pdf_surface_create(p, 300, 200);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2024-02-20T00:00:00+09:00");
    cairo_t *cr = cairo_create(s);
    cairo_tag_begin(cr, "Document", NULL);
    for (int i = 0; i < n; i++) {
        cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 3, ph);
        cairo_t *ic = cairo_create(img);
        cairo_set_source_rgb(ic, 1, 0, 1);
        cairo_paint(ic);
        cairo_destroy(ic);
        if (i == 0)
            cairo_tag_begin(cr, "Figure", NULL);
        cairo_save(cr);
        /* cairo 1.16 reports a tag error for an unclipped paint in a Figure */
        cairo_rectangle(cr, 20 + 140 * i, 20, 128, 96);
        cairo_clip(cr);
        cairo_translate(cr, 20 + 140 * i, 20);
        cairo_scale(cr, 128.0 / 3, 96.0 / ph);
        cairo_set_source_surface(cr, img, 0, 0);
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
        cairo_paint(cr);
        cairo_restore(cr);
        if (i == 0)
            cairo_tag_end(cr, "Figure");
        cairo_surface_destroy(img);
    }
    cairo_tag_end(cr, "Document");
    cairo_destroy(cr);
    cairo_surface_finish(s);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return p;
}

/* The colours pdftoppm shows at 72 dpi in the PDF 'pdf' (rendered as
 * 'name'.png, removed after) at (84, 40) and (84, 100): the top and the
 * bottom half of the 128 × 96 picture drawn at (20, 20). */
static void rendered_halves(const char *pdf, const char *name, uint32_t *top, uint32_t *bottom)
{
    int st;
    char *prefix = path_of(name);
    char *out = run((const char *const[]){ "pdftoppm", "-r", "72", "-singlefile", "-png", pdf, prefix, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    g_free(out);
    char *rendered = g_strconcat(prefix, ".png", NULL);
    cairo_surface_t *img = cairo_image_surface_create_from_png(rendered);
    g_assert_cmpint(cairo_surface_status(img), ==, CAIRO_STATUS_SUCCESS);
    const guint8 *px = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    *top = ((const uint32_t *)(px + (size_t)40 * stride))[84];
    *bottom = ((const uint32_t *)(px + (size_t)100 * stride))[84];
    cairo_surface_destroy(img);
    g_unlink(rendered);
    g_free(rendered);
    g_free(prefix);
}

/* 'base' amended with the image 'g' and the Japanese /Alt, twice (the
 * copies NAME-a.pdf and NAME-b.pdf): the same bytes both times, 'base'
 * untouched before the update, qpdf content, the /Alt there. The first
 * copy's path into '*a' and the length of 'base' into '*before' (caller
 * frees); its bytes returned (caller unrefs). */
static GBytes *amend_twice(const char *base, const char *name, pdfpost_image *g, char **a, gsize *before)
{
    char *na = g_strdup_printf("%s-a.pdf", name), *nb = g_strdup_printf("%s-b.pdf", name);
    char *b = copy_file(base, nb);
    *a = copy_file(base, na);
    GBytes *was = read_all(base);
    pdfpost_info in = info_ja(ALTS, 1);
    in.images = g;
    in.n_images = 1;
    GError *err = NULL;
    g_assert_true(amend_path(*a, &in, &err));
    g_assert_no_error(err);
    g_assert_true(amend_path(b, &in, NULL));
    GBytes *ba = read_all(*a), *bb = read_all(b);
    g_assert_true(same_bytes(ba, bb));
    *before = g_bytes_get_size(was);
    g_assert_cmpint(memcmp(g_bytes_get_data(ba, NULL), g_bytes_get_data(was, NULL), *before), ==, 0);
    assert_qpdf_check(*a);
    assert_alts(*a, "ja", ALTS, 1);
    g_bytes_unref(bb);
    g_bytes_unref(was);
    g_free(b);
    g_free(nb);
    g_free(na);
    return ba;
}

/* The 'len' bytes of stream data in the update of 'pdf' (beyond 'before')
 * right after the text 'head' (its dictionary's end and "stream\n"), which
 * must be 'want', then the stream's and the object's end. */
static void assert_stream_after(GBytes *pdf, gsize before, const char *head, const void *want, gsize len)
{
    char *upd = appended(pdf, before);
    const char *at = strstr(upd, head);
    g_assert_nonnull(at);
    const guint8 *data = (const guint8 *)g_bytes_get_data(pdf, NULL) + before + (at - upd) + strlen(head);
    g_assert_cmpmem(data, len, want, len);
    g_assert_cmpmem(data + len, 18, "\nendstream\nendobj\n", 18);
    g_free(upd);
}

/* pdfimages -list shows, as the first image of page 1, one matching
 * 'pattern' (after "1 0 image "), and no image 'not' wide (may be NULL). */
static void assert_listed(const char *pdf, const char *pattern, const char *not)
{
    int st;
    char *list = run((const char *const[]){ "pdfimages", "-list", pdf, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    char *pat = g_strdup_printf("^\\s*1\\s+0\\s+image\\s+%s", pattern);
    GRegex *re = g_regex_new(pat, G_REGEX_MULTILINE, 0, NULL);
    g_assert_true(g_regex_match(re, list, 0, NULL));
    g_regex_unref(re);
    if (not)
        g_assert_null(strstr(list, not));
    g_free(pat);
    g_free(list);
}

/* The placeholder becomes the PNG, with /Lang and the Figure's /Alt in the
 * same update: qpdf is content, pdfimages sees the PNG's size, the bytes
 * hold its IDAT data, pdftoppm shows its colours; deterministic. */
static void test_png_replace(void)
{
    char *png = make_png("blue-yellow.png");
    char *base = make_placeholder_pdf("ph1.pdf", 1, 7919), *a = NULL;
    pdfpost_image g = describe_png(png, 7919);
    g_assert_cmpint(g.idat_chunks, >=, 1);
    gsize before = 0;
    GBytes *ba = amend_twice(base, "ph1", &g, &a, &before);

    /* the IDAT data as it is, after the new dictionary */
    GBytes *pb = read_all(png);
    const guint8 *pd = g_bytes_get_data(pb, NULL);
    GByteArray *z = g_byte_array_new();
    for (gint64 off = g.idat_offset, k = 0; k < g.idat_chunks; k++) {
        uint32_t len = get_be32(pd + off);
        g_byte_array_append(z, pd + off + 8, len);
        off += 12 + len;
    }
    char *dict = appended(ba, before);
    g_assert_nonnull(strstr(dict, "<< /Type /XObject /Subtype /Image /Width 64 /Height 48"
                                  " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Interpolate true"
                                  " /Filter /FlateDecode"
                                  " /DecodeParms << /Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns 64 >>"));
    char *want = g_strdup_printf(" /Length %" G_GINT64_FORMAT " >>\nstream\n", g.idat_bytes);
    assert_stream_after(ba, before, want, z->data, z->len);
    g_free(want);
    g_free(dict);
    g_byte_array_unref(z);
    g_bytes_unref(pb);

    assert_listed(a, "64\\s+48\\s+rgb\\s+3\\s+8\\s+image", " 7919 ");

    /* pdftoppm: blue above, yellow below, where the placeholder was */
    uint32_t top = 0, bottom = 0;
    rendered_halves(a, "ph1-render", &top, &bottom);
    g_assert_cmphex(top & 0xFFFFFF, ==, 0x0000FF);
    g_assert_cmphex(bottom & 0xFFFFFF, ==, 0xFFFF00);

    g_bytes_unref(ba);
    g_free(a);
    g_free(base);
    g_free(png);
}

/* A hand-written PDF: an image stream whose dictionary is written without
 * spaces, a grey PNG description, and an update section that replaces the
 * placeholder object by another image (the newest version counts). */
static void test_png_hand(void)
{
    char *png = make_png("hand.png");
    pdfpost_image g = describe_png(png, 7919);
    const char *objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Resources << /XObject << /x4 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<</Type/XObject/Subtype/Image/Width 3/Height 7919/ColorSpace/DeviceGray/BitsPerComponent 8/Length 1>>\n"
        "stream\nx\nendstream",
        "<< /Length 30 >>\nstream\nq 64 0 0 48 10 10 cm /x4 Do Q\nendstream",
        "<< /Type /XObject /Subtype /Image /Width 3 /Height 7920 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        "/Length 1 >>\nstream\nx\nendstream",
    };
    GString *s = hand_pdf(objs, G_N_ELEMENTS(objs), NULL);
    pdfpost_info in = { .n_figure_alts = -1, .images = &g, .n_images = 1 };
    GBytes *after = amend_bytes("hand-png.pdf", s->str, s->len, &in, 0, NULL);
    char *upd = appended(after, s->len);
    g_assert_true(g_str_has_prefix(upd, "4 0 obj\n<< /Type /XObject /Subtype /Image "));
    g_assert_null(strstr(upd, "/Interpolate")); /* the placeholder had none */
    g_assert_nonnull(strstr(upd, "xref\n4 1\n"));
    g_free(upd);
    char *p = path_of("hand-png.pdf");
    assert_qpdf_check(p);
    g_free(p);
    g_bytes_unref(after);

    /* grey, on the other placeholder */
    g.placeholder_h = 7920;
    g.colours = 1;
    g.width = 192; /* the same bytes as 192 grey columns: only the dictionary changes */
    after = amend_bytes("hand-png.pdf", s->str, s->len, &in, 0, NULL);
    upd = appended(after, s->len);
    g_assert_true(g_str_has_prefix(upd, "6 0 obj\n"));
    g_assert_nonnull(strstr(upd, "/ColorSpace /DeviceGray "));
    g_assert_nonnull(strstr(upd, "/Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns 192 >>"));
    g_free(upd);
    g_bytes_unref(after);

    /* object 4 replaced by an image of 3 × 7921 in an update section */
    GBytes *sb = g_bytes_new_static(s->str, s->len);
    gsize prev = (gsize)last_startxref(sb), obj = s->len;
    g_bytes_unref(sb);
    g_string_append(s, "4 0 obj\n<< /Type /XObject /Subtype /Image /Width 3 /Height 7921 /ColorSpace /DeviceGray "
                       "/BitsPerComponent 8 /Length 1 >>\nstream\nx\nendstream\nendobj\n");
    gsize xref = s->len;
    g_string_append_printf(s,
                           "xref\n4 1\n%010" G_GSIZE_FORMAT " 00000 n \ntrailer\n<< /Size 7 /Root 1 0 R /Prev %" G_GSIZE_FORMAT
                           " >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                           obj, prev, xref);
    g.placeholder_h = 7919;
    amend_string("hand-png2.pdf", s, &in, PDFPOST_ERROR_IMAGE, "has no placeholder image (3×7919 pixels)");
    g.placeholder_h = 7921;
    after = amend_bytes("hand-png2.pdf", s->str, s->len, &in, 0, NULL);
    upd = appended(after, s->len);
    g_assert_true(g_str_has_prefix(upd, "4 0 obj\n"));
    g_free(upd);
    p = path_of("hand-png2.pdf");
    assert_qpdf_check(p);
    g_free(p);
    g_bytes_unref(after);
    g_string_free(s, TRUE);
    g_free(png);
}

/* No placeholder, two of one size, a PNG that changed or is gone, a file
 * that cannot be written: an error, and the PDF as it was. */
static void test_png_errors(void)
{
    char *png = make_png("err.png");
    char *one = make_placeholder_pdf("ph-one.pdf", 1, 7919), *two = make_placeholder_pdf("ph-two.pdf", 2, 7919);
    GBytes *b1 = read_all(one), *b2 = read_all(two);
    gsize n1, n2;
    const void *d1 = g_bytes_get_data(b1, &n1), *d2 = g_bytes_get_data(b2, &n2);
    pdfpost_image g = describe_png(png, 7919);
    pdfpost_info in = info_ja(ALTS, 1);
    in.images = &g;
    in.n_images = 1;

    g.placeholder_h = 7920;
    g_bytes_unref(amend_bytes("e.pdf", d1, n1, &in, PDFPOST_ERROR_IMAGE, "has no placeholder image (3×7920 pixels) for the PNG '"));
    g.placeholder_h = 7919;
    g_bytes_unref(amend_bytes("e.pdf", d2, n2, &in, PDFPOST_ERROR_IMAGE,
                              "has more than one image of 3×7919 pixels, the placeholder for the PNG '"));
    pdfpost_info plain = { .n_figure_alts = -1, .images = &g, .n_images = 1 };
    g_bytes_unref(amend_bytes("e.pdf", d1, n1, &plain, 0, NULL)); /* the description is right */

    static const char changed[] = "the PNG '";
    pdfpost_image bad = g;
    in.images = &bad;
    bad.idat_crc ^= 1;
    g_bytes_unref(amend_bytes("e.pdf", d1, n1, &in, PDFPOST_ERROR_IMAGE, changed));
    bad = g;
    bad.idat_bytes += 1;
    g_bytes_unref(amend_bytes("e.pdf", d1, n1, &in, PDFPOST_ERROR_IMAGE, changed));
    bad = g;
    bad.idat_offset += 4;
    g_bytes_unref(amend_bytes("e.pdf", d1, n1, &in, PDFPOST_ERROR_IMAGE, changed));
    bad = g;
    bad.idat_chunks += 1;
    g_bytes_unref(amend_bytes("e.pdf", d1, n1, &in, PDFPOST_ERROR_IMAGE, changed));
    bad = g;
    char *gone = path_of("gone.png");
    bad.path = gone;
    g_bytes_unref(amend_bytes("e.pdf", d1, n1, &in, PDFPOST_ERROR_IO, "cannot read the PNG '"));
    g_free(gone);

    /* A byte of the PNG's data changed after it was described (its chunk
     * CRC too, so that only the run's CRC-32 tells). */
    char *png2 = copy_file(png, "err2.png");
    GBytes *pb = read_all(png2);
    gsize pn;
    const void *orig = g_bytes_get_data(pb, &pn);
    guint8 *pd = g_memdup2(orig, pn);
    gint64 off = g.idat_offset;
    uint32_t len = get_be32(pd + off);
    pd[off + 8 + len / 2] ^= 0x01;
    uint32_t crc = (uint32_t)crc32(crc32(0L, pd + off + 4, 4), pd + off + 8, len);
    pd[off + 8 + len] = (guint8)(crc >> 24), pd[off + 9 + len] = (guint8)(crc >> 16);
    pd[off + 10 + len] = (guint8)(crc >> 8), pd[off + 11 + len] = (guint8)crc;
    bad = g;
    bad.path = png2;
    g_free(write_file("err2.png", pd, pn));
    g_bytes_unref(amend_bytes("e.pdf", d1, n1, &in, PDFPOST_ERROR_IMAGE, changed));
    g_free(pd);
    g_bytes_unref(pb);
    g_free(png2);

    /* read-only */
    in.images = &g;
    char *p = write_file("ro.pdf", d1, n1);
    int fd = g_open(p, O_RDONLY, 0);
    GError *err = NULL;
    g_assert_false(pdfpost_amend(fd, &in, &err));
    g_assert_error(err, PDFPOST_ERROR, PDFPOST_ERROR_WRITE);
    g_assert_cmpstr(err->message, ==, g_strerror(EBADF)); /* the reason alone: the caller says what failed */
    g_error_free(err);
    close(fd);
    GBytes *after = read_all(p);
    g_assert_true(same_bytes(after, b1));
    g_bytes_unref(after);
    g_free(p);

    g_bytes_unref(b2);
    g_bytes_unref(b1);
    g_free(two);
    g_free(one);
    g_free(png);
}

/*** Tests: JPEGs in place of their placeholders ***/

/* A 64×48 JPEG, the top half blue and the bottom half yellow ('grey':
 * dark above, light below, one component). Caller frees. */
static GByteArray *make_jpeg(bool grey)
{
    guint8 px[64 * 48 * 3];
    for (int y = 0; y < 48; y++)
        for (int x = 0; x < 64; x++) {
            guint8 *p = px + (y * 64 + x) * 3;
            p[0] = p[1] = y < 24 ? 0 : 255;
            p[2] = y < 24 ? 255 : 0;
        }
    tjhandle tj = tjInitCompress();
    unsigned char *j = NULL;
    unsigned long n = 0;
    g_assert_cmpint(tjCompress2(tj, px, 64, 0, 48, TJPF_RGB, &j, &n, grey ? TJSAMP_GRAY : TJSAMP_444, 95, 0), ==, 0);
    tjDestroy(tj);
    GByteArray *a = g_byte_array_new();
    g_byte_array_append(a, j, (guint)n);
    tjFree(j);
    return a;
}

/* The photo file for the JPEG 'j': its SOI, an EXIF segment of 'exif'
 * bytes, the rest of 'j'. Its description for a placeholder of 3 × 'ph'
 * pixels, as image_embed.c would make it with the EXIF stripped: the SOI
 * and the last 'tail' bytes of 'j' from memory, the rest from the file. */
static pdfpost_image describe_jpeg(const GByteArray *j, const char *name, int exif, int tail, int ph, bool grey,
                                 char **path)
{
    GByteArray *f = g_byte_array_new();
    g_byte_array_append(f, j->data, 2);
    guint8 seg[4] = { 0xFF, 0xE1, (guint8)((exif - 2) >> 8), (guint8)(exif - 2) };
    g_byte_array_append(f, seg, 4);
    for (int i = 4; i < exif; i++)
        g_byte_array_append(f, (const guint8 *)"x", 1);
    g_byte_array_append(f, j->data + 2, j->len - 2);
    *path = write_file(name, f->data, f->len);
    pdfpost_image g;
    memset(&g, 0, sizeof g);
    g.jpeg = true;
    g.placeholder_w = 3;
    g.placeholder_h = ph;
    g.path = *path;
    g.width = 64;
    g.height = 48;
    g.colours = grey ? 1 : 3;
    g.bits = 8;
    g.head = g_bytes_new(j->data, 2);
    g.range_offset = 2 + exif;
    g.range_bytes = (gint64)j->len - 2 - tail;
    g.range_crc = (guint32)libdeflate_crc32(0, f->data + g.range_offset, (size_t)g.range_bytes);
    g.tail = tail ? g_bytes_new(j->data + j->len - tail, (gsize)tail) : NULL;
    g_byte_array_unref(f);
    return g;
}

static void jpeg_clear(pdfpost_image *g)
{
    if (g->head)
        g_bytes_unref(g->head);
    if (g->tail)
        g_bytes_unref(g->tail);
}

/* The placeholder becomes the JPEG: its dictionary as cairo writes a
 * JPEG's, its stream the JPEG byte for byte (the SOI and the last bytes
 * from memory, the rest from the file, the EXIF left out), pdfimages sees
 * a JPEG of its size, pdftoppm its colours; deterministic. Grey too. */
static void test_jpeg_replace(void)
{
    for (int grey = 0; grey <= 1; grey++) {
        GByteArray *j = make_jpeg(grey);
        char *photo = NULL;
        pdfpost_image g = describe_jpeg(j, grey ? "grey.jpg" : "photo.jpg", 300, 7, 7919, grey, &photo);
        char *base = make_placeholder_pdf("jph.pdf", 1, 7919), *a = NULL;
        gsize before = 0;
        GBytes *ba = amend_twice(base, "jph", &g, &a, &before);

        char *want_dict = g_strdup_printf("<< /Type /XObject /Subtype /Image /Width 64 /Height 48"
                                          " /ColorSpace %s /Interpolate true /BitsPerComponent 8"
                                          " /Filter /DCTDecode /Length %u >>\nstream\n",
                                          grey ? "/DeviceGray" : "/DeviceRGB", j->len);
        assert_stream_after(ba, before, want_dict, j->data, j->len);
        g_free(want_dict);

        char *pat = g_strdup_printf("64\\s+48\\s+%s\\s+%d\\s+8\\s+jpeg", grey ? "gray" : "rgb", grey ? 1 : 3);
        assert_listed(a, pat, NULL);
        g_free(pat);

        uint32_t top = 0, bottom = 0;
        rendered_halves(a, "jph-render", &top, &bottom);
        if (grey) { /* the grey of blue, of yellow */
            g_assert_cmpuint(top & 0xFF, <, 60);
            g_assert_cmpuint(bottom & 0xFF, >, 200);
        } else {
            g_assert_cmpuint(top & 0xFF, >, 230);         /* blue */
            g_assert_cmpuint(top >> 16 & 0xFF, <, 25);
            g_assert_cmpuint(bottom >> 16 & 0xFF, >, 230); /* yellow */
            g_assert_cmpuint(bottom & 0xFF, <, 25);
        }

        g_bytes_unref(ba);
        g_free(a);
        g_free(base);
        jpeg_clear(&g);
        g_free(photo);
        g_byte_array_unref(j);
    }
}

/* A photo that changed after it was described (a byte of its data, its
 * length), is gone, or a description that does not add up: the PDF is
 * left as it was. All of the JPEG from the file, or all from memory, is
 * fine. */
static void test_jpeg_errors(void)
{
    GByteArray *j = make_jpeg(false);
    char *photo = NULL;
    pdfpost_image g = describe_jpeg(j, "e.jpg", 40, 0, 7919, false, &photo);
    char *one = make_placeholder_pdf("jph-one.pdf", 1, 7919);
    GBytes *b1 = read_all(one);
    gsize n1;
    const void *d1 = g_bytes_get_data(b1, &n1);
    pdfpost_info in = { .n_figure_alts = -1, .images = &g, .n_images = 1 };
    g_bytes_unref(amend_bytes("je.pdf", d1, n1, &in, 0, NULL)); /* the description is right */

    static const char changed[] = "the photo '";
    pdfpost_image bad = g;
    in.images = &bad;
    bad.range_crc ^= 1;
    g_bytes_unref(amend_bytes("je.pdf", d1, n1, &in, PDFPOST_ERROR_IMAGE, changed));
    bad = g;
    bad.range_bytes += 1; /* past the end of the file: shorter now */
    g_bytes_unref(amend_bytes("je.pdf", d1, n1, &in, PDFPOST_ERROR_IMAGE, changed));
    bad = g;
    char *gone = path_of("gone.jpg");
    bad.path = gone;
    g_bytes_unref(amend_bytes("je.pdf", d1, n1, &in, PDFPOST_ERROR_IO, "cannot read the photo '"));
    g_free(gone);

    /* a byte of the scan data changed in the file */
    GBytes *fb = read_all(photo);
    gsize fn;
    const void *orig = g_bytes_get_data(fb, &fn);
    guint8 *fd = g_memdup2(orig, fn);
    fd[fn - 20] ^= 0x10;
    g_free(write_file("e.jpg", fd, fn));
    in.images = &g;
    g_bytes_unref(amend_bytes("je.pdf", d1, n1, &in, PDFPOST_ERROR_IMAGE, changed));
    fd[fn - 20] ^= 0x10;
    g_free(write_file("e.jpg", fd, fn));
    g_bytes_unref(amend_bytes("je.pdf", d1, n1, &in, 0, NULL));
    g_free(fd);
    g_bytes_unref(fb);

    /* all of it in memory (no part of the file left as it was) */
    pdfpost_image mem = g;
    mem.head = g_bytes_new(j->data, j->len);
    mem.range_bytes = 0;
    mem.range_crc = 0;
    mem.path = gone = path_of("gone.jpg"); /* never opened */
    in.images = &mem;
    GBytes *after = amend_bytes("je.pdf", d1, n1, &in, 0, NULL);
    char *tail = appended(after, n1);
    char *len = g_strdup_printf("/Length %u >>\nstream\n", j->len);
    const char *at = strstr(tail, len);
    g_assert_nonnull(at);
    const guint8 *data = (const guint8 *)g_bytes_get_data(after, NULL) + n1 + (at - tail) + strlen(len);
    g_assert_cmpmem(data, j->len, j->data, j->len);
    g_free(len);
    g_free(tail);
    g_bytes_unref(after);
    g_bytes_unref(mem.head);
    g_free(gone);

    /* not well formed: an /SMask, 16 bits, no bytes at all */
    bad = g;
    bad.smask = g.head;
    g_assert_false(pdfsplice_images_valid(&bad, 1));
    bad = g;
    bad.bits = 16;
    g_assert_false(pdfsplice_images_valid(&bad, 1));
    bad = g;
    bad.head = bad.tail = NULL;
    bad.range_bytes = 0;
    g_assert_false(pdfsplice_images_valid(&bad, 1));
    g_assert_true(pdfsplice_images_valid(&g, 1));

    jpeg_clear(&g);
    g_bytes_unref(b1);
    g_free(one);
    g_free(photo);
    g_byte_array_unref(j);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    pdftest_begin();

    g_test_add_func("/pdfsplice/png/replace", test_png_replace);
    g_test_add_func("/pdfsplice/png/hand", test_png_hand);
    g_test_add_func("/pdfsplice/png/errors", test_png_errors);
    g_test_add_func("/pdfsplice/jpeg/replace", test_jpeg_replace);
    g_test_add_func("/pdfsplice/jpeg/errors", test_jpeg_errors);
    return pdftest_end(g_test_run());
}
