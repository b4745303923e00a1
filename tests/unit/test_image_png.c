/* Unit tests for PNGs: palette and 16-bit PNGs (maps, screenshots: probed,
 * decoded, drawn into PDF) and PNG passthrough (image_embed.c:
 * image_cache_set_splicing + pdfpost_amend: RGB and grey IDAT data
 * verbatim, one object, qpdf, the same rendering as decoded; every kind of
 * PNG: grey, RGB and palette data verbatim at any depth, alpha, tRNS and
 * Adam7 packed again with an /SMask, the same pixels as cairo's decoding;
 * damaged PNGs, grey and downsampling byte for byte as before; a missing
 * placeholder is an error). The PNGs cairo cannot write come from the image
 * generators' PNG writer on libpng (tests/gen). */
#include "imagetest.h"

#include "image_decode.h"
#include "image_resample.h"
#include "pdfpost.h"

#include "../gen/gen_halves.h"
#include "../gen/gen_png.h"

#include <string.h>
#include <zlib.h>

/*** Palette and 16-bit PNGs (maps, screenshots) ***/

/* cairo writes only 8-bit RGB / RGBA PNGs: these are written with libpng
 * by tests/gen/gen_halves.c, as tests/fixtures/fixturegen.c writes them
 * (test_png_variants_fixturegen compares the bytes): the picture's samples,
 * the palette (red, blue, and green made transparent by tRNS), libpng's
 * filters and compression. */

/* A picture of two halves: every pixel of the top half holds the samples
 * 'top', of the bottom half 'bottom' (a palette image: the index). */
typedef struct png_variant {
    const char *name;
    int colour_type; /* 0 grey, 2 RGB, 3 palette, 6 RGB + alpha */
    int depth;       /* bits per sample */
    guint16 top[4], bottom[4];
    colour want_top, want_bottom; /* C_CLEAR: the background shows */
} png_variant;

static const png_variant variants[] = {
    { "palette.png", 3, 8, { 0 }, { 1 }, C_RED, C_BLUE },
    { "palette4.png", 3, 4, { 0 }, { 1 }, C_RED, C_BLUE },
    { "rgb16.png", 2, 16, { 65535, 0, 0 }, { 0, 0, 65535 }, C_RED, C_BLUE },
    { "gray16.png", 0, 16, { 0 }, { 65535 }, C_BLACK, C_WHITE },
    /* fully transparent blue below: only the background may show there */
    { "rgba16.png", 6, 16, { 65535, 0, 0, 65535 }, { 0, 0, 65535, 0 }, C_RED, C_CLEAR },
};

static GByteArray *encode_variant(const png_variant *v, int w, int h)
{
    GError *err = NULL;
    GByteArray *png = gen_halves_encode(v->colour_type, v->depth, v->top, v->bottom, w, h, &err);
    g_assert_no_error(err);
    return png;
}

static char *variant_png(const png_variant *v)
{
    GByteArray *b = encode_variant(v, UP_W, UP_H);
    char *p = write_fixture(v->name, b->data, b->len);
    g_byte_array_unref(b);
    return p;
}

/* Checks the two halves of a variant drawn at (x, y) scaled by 'k' in 's',
 * over a background of colour 'bg' (which must show around it and where
 * the picture is transparent). */
static void check_halves(cairo_surface_t *s, const png_variant *v, double x, double y, double k, colour bg,
                         const char *what)
{
    static const struct { int px, py; bool top; } spots[] = {
        { 4, 4, true },      { 80, 30, true },     { 156, 54, true },  { 10, 50, true },
        { 4, 66, false },    { 80, 90, false },    { 156, 116, false }, { 150, 70, false },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(spots); i++) {
        int px = (int)floor(x + spots[i].px * k), py = (int)floor(y + spots[i].py * k);
        colour want = spots[i].top ? v->want_top : v->want_bottom;
        if (want == C_CLEAR)
            want = bg;
        colour got = pixel(s, px, py);
        if (got != want)
            g_error("%s, %s: pixel %d,%d (picture %d,%d) is colour %d, expected %d", what, v->name, px, py,
                    spots[i].px, spots[i].py, got, want);
    }
    /* around the picture */
    colour out[] = { pixel(s, (int)x - 3, (int)y - 3),
                     pixel(s, (int)ceil(x + UP_W * k) + 2, (int)ceil(y + UP_H * k) + 2) };
    for (size_t i = 0; i < G_N_ELEMENTS(out); i++)
        if (out[i] != bg)
            g_error("%s, %s: the background around the picture is colour %d, expected %d", what, v->name, out[i],
                    bg);
}

static void test_png_variants_probe(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(variants); i++) {
        char *p = variant_png(&variants[i]);
        image_info info;
        GError *err = NULL;
        g_assert_true(image_probe(p, &info, &err));
        g_assert_no_error(err);
        g_assert_cmpint(info.format, ==, IMAGE_FORMAT_PNG);
        g_assert_cmpint(info.width, ==, UP_W);
        g_assert_cmpint(info.height, ==, UP_H);
        g_assert_cmpint(info.orientation, ==, 1);
        g_assert_cmpint(info.display_w, ==, UP_W);
        g_assert_cmpint(info.display_h, ==, UP_H);
        g_free(p);
    }
}

/* Decoded into an RGB24 surface painted green first, at full and half
 * size: red above blue, black above white, red above the green (rgba16's
 * transparent blue half lets the background through). */
static void test_png_variants_decode(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(variants); i++) {
        const png_variant *v = &variants[i];
        char *p = variant_png(v);
        image_cache *c = image_cache_new();
        static const double scales[] = { 1.0, 0.5 };
        for (size_t k = 0; k < G_N_ELEMENTS(scales); k++) {
            cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 200, 160);
            cairo_t *cr = cairo_create(s);
            cairo_set_source_rgb(cr, 0, 1, 0);
            cairo_paint(cr);
            draw_ok(c, cr, p, 10, 20, UP_W * scales[k], UP_H * scales[k], false, true);
            cairo_destroy(cr);
            check_halves(s, v, 10, 20, scales[k], C_GREEN, "decoded");
            cairo_surface_destroy(s);
        }
        image_cache_free(c);
        g_free(p);
    }
}

/* Drawn into a PDF (over a green page) and rendered back with pdftoppm: the
 * same colours; rgba16's alpha is carried as a soft mask. */
static void test_png_variants_pdf(void)
{
    if (!have_tool("pdftoppm") || !have_tool("pdfimages")) {
        g_test_skip("pdftoppm, pdfimages (poppler-utils) are not installed");
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(variants); i++) {
        const png_variant *v = &variants[i];
        char *p = variant_png(v);
        char *pdf = g_strconcat(p, ".pdf", NULL);
        image_cache *c = image_cache_new();
        cairo_surface_t *s = pdf_new(pdf, 200, 160);
        cairo_t *cr = cairo_create(s);
        cairo_set_source_rgb(cr, 0, 1, 0);
        cairo_paint(cr);
        draw_ok(c, cr, p, 20, 20, UP_W, UP_H, false, false);
        cairo_destroy(cr);
        image_cache_free(c);
        pdf_close(s);

        GArray *imgs = pdf_images(pdf);
        bool alpha = v->colour_type == 6;
        g_assert_cmpuint(imgs->len, ==, alpha ? 2 : 1);
        pdf_image *im = &g_array_index(imgs, pdf_image, 0);
        g_assert_cmpstr(im->type, ==, "image");
        g_assert_cmpint(im->width, ==, UP_W);
        g_assert_cmpint(im->height, ==, UP_H);
        if (alpha)
            g_assert_cmpstr(g_array_index(imgs, pdf_image, 1).type, ==, "smask");
        g_array_unref(imgs);

        char *prefix = g_strconcat(p, "-page", NULL);
        proc r = RUN("pdftoppm", "-r", "72", "-png", "-singlefile", pdf, prefix);
        g_assert_cmpint(r.status, ==, 0);
        proc_clear(&r);
        char *png = g_strconcat(prefix, ".png", NULL);
        cairo_surface_t *img = cairo_image_surface_create_from_png(png);
        g_assert_cmpint(cairo_surface_status(img), ==, CAIRO_STATUS_SUCCESS);
        g_assert_cmpint(cairo_image_surface_get_width(img), ==, 200);
        g_assert_cmpint(cairo_image_surface_get_height(img), ==, 160);
        check_halves(img, v, 20, 20, 1, C_GREEN, "PDF");
        cairo_surface_destroy(img);
        g_free(png);
        g_free(prefix);
        g_free(pdf);
        g_free(p);
    }
}

/* tests/fixtures/fixturegen.c writes the same bytes into out/fixtures (make
 * test generates them; from /work/main, the working directory of the
 * tests): the two pictures must not drift apart. */
static void test_png_variants_fixturegen(void)
{
    int found = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(variants); i++) {
        char *fx = g_build_filename("out", "fixtures", variants[i].name, NULL);
        if (g_file_test(fx, G_FILE_TEST_IS_REGULAR)) {
            GByteArray *a = encode_variant(&variants[i], UP_W, UP_H), *b = read_all(fx);
            g_assert_cmpmem(a->data, a->len, b->data, b->len);
            g_byte_array_unref(b);
            g_byte_array_unref(a);
            found++;
        }
        g_free(fx);
    }
    if (found == 0)
        g_test_skip("out/fixtures has no palette or 16-bit PNGs (make out/fixtures/.done, run from the project)");
    else
        g_assert_cmpint(found, ==, (int)G_N_ELEMENTS(variants));
}

/*** PNG passthrough (image_cache_set_splicing, then pdfpost_amend) ***/

enum {
    PNG8_TRNS = 1,      /* a tRNS chunk (RGB: colour 1, 2, 3 transparent) */
    PNG8_ADAM7 = 2,     /* interlace method 1 (Adam7) */
    PNG8_GAMA = 4,      /* a gAMA chunk (ancillary: changes nothing) */
    PNG8_BAD_GAMA = 8,  /* ... with a wrong CRC */
    PNG8_CUT_ZLIB = 16, /* the zlib stream cut in half (CRCs right): libpng cannot decode it */
};

/* An 8-bit PNG of 'px' (w × h pixels of 'colours' samples: 1 grey, 3 RGB,
 * 4 RGBA) written by libpng (tests/gen/gen_png.c); row y uses PNG filter
 * y % 5 (Adam7: libpng's choice), so that all five occur (the PDF predictor
 * must undo each), and the IDAT data is split into chunks of 'chunk' bytes;
 * 'flags' PNG8_*. The damaged ones are written good, then altered: the
 * gAMA chunk's CRC made wrong, the zlib stream cut in half in one IDAT
 * chunk whose CRC is right. */
static GByteArray *encode_png8(const guint8 *px, int w, int h, int colours, size_t chunk, unsigned flags)
{
    static const guint16 trns[3] = { 1, 2, 3 }; /* grey 1, or RGB (1, 2, 3) */
    gen_png_image img = { .width = w, .height = h, .depth = 8, .colour_type = colours == 1 ? 0 : colours == 3 ? 2 : 6,
                          .pixels = px, .stride = (size_t)w * (size_t)colours,
                          .trns_colour = (flags & PNG8_TRNS) ? trns : NULL };
    gen_png_options opt = { .filter_cycle = !(flags & PNG8_ADAM7), .interlace = (flags & PNG8_ADAM7) != 0,
                            .idat_size = chunk, .gamma = (flags & (PNG8_GAMA | PNG8_BAD_GAMA)) ? 45455 : 0 };
    GError *err = NULL;
    GByteArray *png = gen_png_encode(&img, &opt, &err);
    g_assert_no_error(err);
    if (flags & PNG8_BAD_GAMA)
        g_assert_true(gen_png_damage_crc(png, "gAMA"));
    if (flags & PNG8_CUT_ZLIB)
        g_assert_true(gen_png_damage_cut_idat(png));
    return png;
}

static char *png8_fixture(const char *name, const guint8 *px, int w, int h, int colours, size_t chunk, unsigned flags)
{
    GByteArray *b = encode_png8(px, w, h, colours, chunk, flags);
    char *p = write_fixture(name, b->data, b->len);
    g_byte_array_unref(b);
    return p;
}

/* A map-like picture: gradients, a checkerboard of 40-pixel squares, dark
 * grid lines every 100 pixels. */
static guint8 *map_rgb(int w, int h)
{
    guint8 *px = g_malloc((size_t)w * h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            guint8 *p = px + 3 * ((size_t)y * w + x);
            bool line = x % 100 < 2 || y % 100 < 2;
            p[0] = line ? 20 : (guint8)(x * 255 / MAX(1, w - 1));
            p[1] = line ? 20 : (guint8)(y * 255 / MAX(1, h - 1));
            p[2] = line ? 20 : ((x / 40 + y / 40) % 2 ? 210 : 60);
        }
    return px;
}

static guint8 *ramp_grey(int w, int h)
{
    guint8 *px = g_malloc((size_t)w * h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            px[(size_t)y * w + x] = (guint8)((x * 255 / MAX(1, w - 1) + (y / 30) * 37) % 256);
    return px;
}

/* The IDAT chunks' data of the PNG at 'path', concatenated. */
static GByteArray *idat_of(const char *path)
{
    GByteArray *f = read_all(path), *z = g_byte_array_new();
    for (size_t off = 8; off + 12 <= f->len;) {
        uint32_t len = (uint32_t)f->data[off] << 24 | (uint32_t)f->data[off + 1] << 16 |
                       (uint32_t)f->data[off + 2] << 8 | f->data[off + 3];
        if (memcmp(f->data + off + 4, "IDAT", 4) == 0)
            g_byte_array_append(z, f->data + off + 8, len);
        off += 12 + (size_t)len;
    }
    g_byte_array_unref(f);
    return z;
}

/* Amends 'pdf' with the cache's PNGs (and nothing else). */
static void amend_pngs(const char *pdf, GArray *pngs)
{
    pdfpost_info in = { .n_figure_alts = -1,
                        .images = (const pdfpost_image *)(void *)pngs->data,
                        .n_images = (int)pngs->len };
    int fd = g_open(pdf, O_RDWR, 0);
    g_assert_cmpint(fd, >=, 0);
    GError *err = NULL;
    g_assert_true(pdfpost_amend(fd, &in, &err));
    g_assert_no_error(err);
    g_assert_cmpint(close(fd), ==, 0);
}

static void assert_qpdf_ok(const char *pdf)
{
    proc r = RUN("qpdf", "--check", pdf);
    if (r.status != 0)
        g_test_message("qpdf: %s%s", r.out, r.err);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "No syntax or stream encoding errors found"));
    proc_clear(&r);
}

/* Page 'page' of 'pdf' rendered by pdftoppm at 72 dpi. */
static cairo_surface_t *render_nth(const char *pdf, int page)
{
    char *prefix = g_strdup_printf("%s-p%d", pdf, page);
    char *n = g_strdup_printf("%d", page);
    proc r = RUN("pdftoppm", "-r", "72", "-f", n, "-l", n, "-png", "-singlefile", pdf, prefix);
    g_assert_cmpint(r.status, ==, 0);
    proc_clear(&r);
    char *png = g_strconcat(prefix, ".png", NULL);
    cairo_surface_t *img = cairo_image_surface_create_from_png(png);
    g_assert_cmpint(cairo_surface_status(img), ==, CAIRO_STATUS_SUCCESS);
    g_free(png);
    g_free(n);
    g_free(prefix);
    return img;
}

/* The largest difference of one colour channel between 'a' and 'b'. */
static int max_diff(cairo_surface_t *a, cairo_surface_t *b)
{
    int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
    g_assert_cmpint(cairo_image_surface_get_width(b), ==, w);
    g_assert_cmpint(cairo_image_surface_get_height(b), ==, h);
    int worst = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int p[3], q[3];
            rgb_at(a, x, y, p);
            rgb_at(b, x, y, q);
            for (int c = 0; c < 3; c++)
                worst = MAX(worst, abs(p[c] - q[c]));
        }
    return worst;
}

/* The passthrough scene: the RGB map and the grey ramp on page 1, the map
 * again on page 2 (cover, into a square). Not twice on one page: cairo 1.16
 * then writes the image's name twice into the page's /XObject dictionary,
 * which qpdf --check warns about (JPEGs too; cairo's, not ours). */
static void pass_scene(image_cache *c, const char *pdf, const char *rgb, const char *grey)
{
    cairo_surface_t *s = pdf_new(pdf, 600, 500);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2024-04-01T09:00:00+09:00");
    cairo_t *cr = cairo_create(s);
    draw_ok(c, cr, rgb, 20, 20, 320, 240, false, false);
    draw_ok(c, cr, grey, 20, 300, 200, 150, false, false);
    cairo_show_page(cr);
    draw_ok(c, cr, rgb, 360, 20, 200, 200, true, false);
    cairo_destroy(cr);
    pdf_close(s);
}

static char *pass_rgb_path, *pass_grey_path;

static void pass_fixtures(void)
{
    if (pass_rgb_path)
        return;
    guint8 *rgb = map_rgb(1600, 1200), *grey = ramp_grey(400, 300);
    pass_rgb_path = png8_fixture("pass-map.png", rgb, 1600, 1200, 3, 8192, PNG8_GAMA);
    pass_grey_path = png8_fixture("pass-grey.png", grey, 400, 300, 1, 1000, 0);
    g_free(grey);
    g_free(rgb);
}

/* RGB and grey PNGs pass through: after pdfpost_amend the PDF passes qpdf's
 * check, holds each PNG's IDAT data verbatim as one image object at its
 * real size (the map drawn twice: one object), no placeholder is left, and
 * it renders like the decoded PNGs (within ±2). */
static void test_png_pass_pdf(void)
{
    if (!have_tool("pdfimages") || !have_tool("pdftoppm") || !have_tool("qpdf")) {
        g_test_skip("pdfimages, pdftoppm (poppler-utils) or qpdf is not installed");
        return;
    }
    pass_fixtures();
    char *pa = path_of("pass-a.pdf"), *pa2 = path_of("pass-a2.pdf"), *pb = path_of("pass-b.pdf");
    GArray *pngs = NULL;
    for (int i = 0; i < 2; i++) { /* twice: deterministic */
        image_cache *c = image_cache_new();
        image_cache_set_splicing(c, true);
        pngs = image_cache_splices(c);
        pass_scene(c, i ? pa2 : pa, pass_rgb_path, pass_grey_path);
        image_cache_free(c); /* the list outlives the cache */
        if (i == 0) {
            /* before the amendment: the placeholders, 1 × 7919 and 1 × 7920 */
            GArray *ph = pdf_images(pa);
            g_assert_cmpuint(ph->len, ==, 3);
            for (guint k = 0; k < ph->len; k++)
                g_assert_cmpint(g_array_index(ph, pdf_image, k).width, ==, 1);
            g_assert_cmpint(g_array_index(ph, pdf_image, 0).height, ==, 7919);
            g_assert_cmpint(g_array_index(ph, pdf_image, 1).height, ==, 7920);
            g_assert_cmpint(g_array_index(ph, pdf_image, 2).height, ==, 7919);
            g_array_unref(ph);
        }
        g_assert_cmpuint(pngs->len, ==, 2);
        const pdfpost_image *m = &g_array_index(pngs, pdfpost_image, 0), *g = &g_array_index(pngs, pdfpost_image, 1);
        g_assert_cmpint(m->placeholder_w, ==, 1);
        g_assert_cmpint(m->placeholder_h, ==, 7919);
        g_assert_cmpint(m->width, ==, 1600);
        g_assert_cmpint(m->height, ==, 1200);
        g_assert_cmpint(m->colours, ==, 3);
        g_assert_true(g_str_has_suffix(m->path, "/pass-map.png"));
        g_assert_cmpint(g->placeholder_h, ==, 7920);
        g_assert_cmpint(g->colours, ==, 1);
        g_assert_cmpint(g->idat_chunks, >, 1);
        amend_pngs(i ? pa2 : pa, pngs);
        if (i == 0)
            g_array_unref(pngs);
    }
    image_cache *c = image_cache_new(); /* the reference: decoded by cairo */
    pass_scene(c, pb, pass_rgb_path, pass_grey_path);
    image_cache_free(c);

    assert_qpdf_ok(pa);
    GByteArray *x = read_all(pa), *y = read_all(pa2);
    g_assert_cmpmem(x->data, x->len, y->data, y->len);
    g_byte_array_unref(y);
    const char *srcs[] = { pass_rgb_path, pass_grey_path };
    for (int i = 0; i < 2; i++) {
        GByteArray *z = idat_of(srcs[i]);
        g_assert_nonnull(memmem(x->data, x->len, z->data, z->len));
        g_byte_array_unref(z);
    }
    g_assert_nonnull(memmem(x->data, x->len, "/Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns 1600", 57));
    g_assert_nonnull(memmem(x->data, x->len, "/Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns 400", 56));
    g_test_message("with passthrough %u bytes, decoded %zu bytes", x->len, file_size(pb));
    g_byte_array_unref(x);

    GArray *ia = pdf_images(pa), *ib = pdf_images(pb);
    g_assert_cmpuint(ia->len, ==, 3);
    g_assert_cmpuint(ib->len, ==, 3);
    for (guint k = 0; k < ia->len; k++) {
        pdf_image *a = &g_array_index(ia, pdf_image, k), *b = &g_array_index(ib, pdf_image, k);
        g_assert_cmpint(a->width, ==, b->width);
        g_assert_cmpint(a->height, ==, b->height);
        g_assert_cmpstr(a->color, ==, b->color);
        g_assert_cmpstr(a->type, ==, "image");
    }
    pdf_image *m0 = &g_array_index(ia, pdf_image, 0), *g0 = &g_array_index(ia, pdf_image, 1),
              *m1 = &g_array_index(ia, pdf_image, 2);
    g_assert_cmpint(m0->width, ==, 1600);
    g_assert_cmpint(m0->height, ==, 1200);
    g_assert_cmpstr(m0->color, ==, "rgb");
    g_assert_cmpint(g0->width, ==, 400);
    g_assert_cmpint(g0->height, ==, 300);
    g_assert_cmpstr(g0->color, ==, "gray");
    g_assert_cmpint(m1->object, ==, m0->object);
    g_assert_cmpint(distinct_objects(ia), ==, 2);
    g_array_unref(ib);
    g_array_unref(ia);

    for (int page = 1; page <= 2; page++) {
        cairo_surface_t *ra = render_nth(pa, page), *rb = render_nth(pb, page);
        int d = max_diff(ra, rb);
        g_test_message("page %d: largest difference %d", page, d);
        g_assert_cmpint(d, <=, 2);
        if (page == 1) { /* and the colours are the map's, not the placeholder's magenta */
            /* picture pixel (850, 650): a blue square of the checkerboard */
            check_rgb(ra, 20 + 170, 20 + 130, 850 * 255 / 1599, 650 * 255 / 1199, 210, 6, "map");
            int p[3];
            rgb_at(ra, 20 + 50, 300 + 80, p);
            g_assert_true(p[0] == p[1] && p[1] == p[2]);
        }
        cairo_surface_destroy(rb);
        cairo_surface_destroy(ra);
    }
    g_array_unref(pngs);
    g_free(pb);
    g_free(pa2);
    g_free(pa);
}

/*** Every kind of PNG into the PDF without cairo decoding it ***/

/* A kind of PNG a user may bring: grey, RGB and palette images of any depth
 * (not interlaced, no tRNS) pass their IDAT data through; alpha, tRNS and
 * Adam7 are decoded and packed again (image_png_pack.c), with an /SMask
 * where a pixel is not opaque. */
typedef struct png_kind {
    const char *name;
    int colour_type, depth;
    bool holes;     /* alpha: a transparent disc, a half-transparent band (tRNS: transparent entries) */
    bool interlace; /* Adam7 */
    bool direct;    /* its IDAT data passes as it is */
    bool smask;     /* the PDF holds an /SMask for it */
} png_kind;

static const png_kind png_kinds[] = {
    { "k-grey1.png", 0, 1, false, false, true, false },
    { "k-grey4.png", 0, 4, false, false, true, false },
    { "k-grey16.png", 0, 16, false, false, true, false },
    { "k-rgb16.png", 2, 16, false, false, true, false },
    { "k-palette8.png", 3, 8, false, false, true, false },
    { "k-palette4.png", 3, 4, false, false, true, false },
    { "k-palette1.png", 3, 1, false, false, true, false },
    { "k-palette8-trns.png", 3, 8, true, false, false, true },
    { "k-grey8-trns.png", 0, 8, true, false, false, true },
    { "k-rgb16-trns.png", 2, 16, true, false, false, true },
    { "k-greya8.png", 4, 8, true, false, false, true },
    { "k-greya16.png", 4, 16, true, false, false, true },
    { "k-rgba8.png", 6, 8, true, false, false, true },
    { "k-rgba16.png", 6, 16, true, false, false, true },
    { "k-rgba16-opaque.png", 6, 16, false, false, false, false },
    { "k-rgb8-adam7.png", 2, 8, false, true, false, false },
    { "k-rgba8-adam7.png", 6, 8, true, true, false, true },
    { "k-palette4-adam7.png", 3, 4, false, true, false, false },
};

/* The alpha of pixel (x, y) of a w × h picture with holes. */
static int kind_alpha(int x, int y, int w, int h)
{
    double dx = x - w * 0.7, dy = y - h * 0.35, r = h * 0.2;
    if (dx * dx + dy * dy < r * r)
        return 0;
    return y > h * 0.8 ? 100 + x % 50 : 255;
}

/* The map picture (map_rgb) as kind 'k': 16-bit samples get low bits of
 * their own (which 8 bits lose), palettes a 6 × 6 × 6 cube (1 bit: two
 * colours; 4 bits: eight), tRNS marks entry 0 (palette) or one colour. */
static GByteArray *kind_png(const png_kind *k, int w, int h)
{
    guint8 *rgb = map_rgb(w, h);
    int ch = k->colour_type == 0 || k->colour_type == 3 ? 1 : k->colour_type == 2 ? 3 : k->colour_type == 4 ? 2 : 4;
    size_t row = ((size_t)w * ch * k->depth + 7) / 8;
    guint8 *px = g_malloc0(row * h), pal[216 * 3], pal_a[2] = { 0, 90 };
    for (int i = 0; i < 216; i++) {
        pal[3 * i] = (guint8)(i / 36 * 51);
        pal[3 * i + 1] = (guint8)(i / 6 % 6 * 51);
        pal[3 * i + 2] = (guint8)(i % 6 * 51);
    }
    guint16 key[3] = { 20, 20, 20 }; /* the map's grid lines: tRNS makes them transparent */
    if (k->depth == 16)
        key[0] = key[1] = key[2] = 20 * 257;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const guint8 *p = rgb + 3 * ((size_t)y * w + x);
            guint8 *o = px + (size_t)y * row;
            int a = k->holes ? kind_alpha(x, y, w, h) : 255, grey = (p[0] * 3 + p[1] * 6 + p[2]) / 10;
            if (k->colour_type == 0 && k->depth < 8) {
                int v = grey >> (8 - k->depth), bit = x * k->depth;
                o[bit / 8] |= (guint8)(v << (8 - k->depth - bit % 8));
                continue;
            }
            if (k->colour_type == 3) {
                int i = (p[0] + 25) / 51 * 36 + (p[1] + 25) / 51 * 6 + (p[2] + 25) / 51;
                if (k->depth < 8)
                    i = (p[0] > 127) * 4 + (p[1] > 127) * 2 + (p[2] > 127);
                if (k->depth == 1)
                    i &= 1;
                if (k->holes)
                    i = a == 0 ? 0 : a < 255 ? 1 : MAX(i, 2);
                int bit = x * k->depth;
                o[bit / 8] |= (guint8)(i << (8 - k->depth - bit % 8));
                continue;
            }
            int v[4], n = 0;
            if (k->colour_type == 0 || k->colour_type == 4)
                v[n++] = k->colour_type == 0 && k->holes && p[0] == 20 ? 20 : grey == 20 ? 21 : grey;
            else
                for (int c = 0; c < 3; c++)
                    v[n++] = p[c];
            if (k->colour_type >= 4)
                v[n++] = a;
            for (int c = 0; c < n; c++) {
                if (k->depth == 16) {
                    int s16 = v[c] * 257 + (c < n - (k->colour_type >= 4) && v[c] != 20 ? (x + y) % 200 : 0);
                    s16 = MIN(s16, 65535);
                    o[(size_t)(x * n + c) * 2] = (guint8)(s16 >> 8);
                    o[(size_t)(x * n + c) * 2 + 1] = (guint8)s16;
                } else {
                    o[x * n + c] = (guint8)v[c];
                }
            }
        }
    bool pal_kind = k->colour_type == 3;
    gen_png_image img = { w, h, k->depth, k->colour_type, px, row, pal_kind ? pal : NULL,
                          pal_kind ? (k->depth == 1 ? 2 : k->depth == 4 ? 8 : 216) : 0,
                          pal_kind && k->holes ? pal_a : NULL, pal_kind && k->holes ? 2 : 0,
                          !pal_kind && k->holes && k->colour_type < 4 ? key : NULL };
    gen_png_options opt = { .filter_cycle = !k->interlace, .interlace = k->interlace, .idat_size = 5000 };
    GError *err = NULL;
    GByteArray *png = gen_png_encode(&img, &opt, &err);
    g_assert_no_error(err);
    g_free(px);
    g_free(rgb);
    return png;
}

/* The scene: a coloured page (so that what is transparent shows), the PNG
 * drawn at one pixel a point and, on page 2, scaled up 2.5 times. */
static void kind_scene(image_cache *c, const char *pdf, const char *png, int w, int h)
{
    cairo_surface_t *s = pdf_new(pdf, w * 2.5 + 40, h * 2.5 + 40);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2024-04-01T09:00:00+09:00");
    cairo_t *cr = cairo_create(s);
    for (int page = 0; page < 2; page++) {
        cairo_set_source_rgb(cr, 0.9, 0.6, 0.2);
        cairo_paint(cr);
        double k = page ? 2.5 : 1;
        draw_ok(c, cr, png, 20, 20, w * k, h * k, false, false);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    pdf_close(s);
}

/* Each kind: one placeholder, amended into a PDF that qpdf checks; a kind
 * that passes holds its IDAT data verbatim at its depth (a palette as
 * /Indexed), the others an /SMask exactly where a pixel is not opaque; and
 * the pages, rendered by pdftoppm, are pixel for pixel those of the PDF
 * made with cairo decoding the PNG. */
static void test_png_pass_kinds(void)
{
    if (!have_tool("pdftoppm") || !have_tool("qpdf")) {
        g_test_skip("pdftoppm (poppler-utils) or qpdf is not installed");
        return;
    }
    enum { W = 170, H = 130 }; /* 170: rows of 1-bit and 4-bit samples end inside a byte */
    for (size_t i = 0; i < G_N_ELEMENTS(png_kinds); i++) {
        const png_kind *k = &png_kinds[i];
        GByteArray *b = kind_png(k, W, H);
        char *png = write_fixture(k->name, b->data, b->len);
        g_byte_array_unref(b);
        char *pa = path_of("kind-a.pdf"), *pb = path_of("kind-b.pdf");
        image_cache *c = image_cache_new();
        image_cache_set_splicing(c, true);
        GArray *pngs = image_cache_splices(c);
        kind_scene(c, pa, png, W, H);
        image_cache_free(c);
        if (pngs->len != 1)
            g_error("%s: not passed through", k->name);
        const pdfpost_image *g = &g_array_index(pngs, pdfpost_image, 0);
        g_assert_cmpint(g->data == NULL, ==, k->direct);
        g_assert_cmpint(g->smask != NULL, ==, k->smask);
        amend_pngs(pa, pngs);
        g_array_unref(pngs);
        c = image_cache_new(); /* the reference: cairo decodes */
        kind_scene(c, pb, png, W, H);
        image_cache_free(c);

        assert_qpdf_ok(pa);
        GByteArray *x = read_all(pa);
        if (k->direct) {
            GByteArray *z = idat_of(png);
            g_assert_nonnull(memmem(x->data, x->len, z->data, z->len));
            g_byte_array_unref(z);
            char *bpc = g_strdup_printf("/BitsPerComponent %d /Columns %d", k->depth, W);
            g_assert_nonnull(memmem(x->data, x->len, bpc, strlen(bpc)));
            g_free(bpc);
            g_assert_cmpint(memmem(x->data, x->len, "/Indexed", 8) != NULL, ==, k->colour_type == 3);
        }
        g_assert_cmpint(memmem(x->data, x->len, "/SMask", 6) != NULL, ==, k->smask);
        g_test_message("%s: %u bytes, decoded by cairo %zu", k->name, x->len, file_size(pb));
        g_byte_array_unref(x);
        for (int page = 1; page <= 2; page++) {
            cairo_surface_t *ra = render_nth(pa, page), *rb = render_nth(pb, page);
            int d = max_diff(ra, rb);
            if (d != 0)
                g_error("%s, page %d: differs from cairo's decoding by up to %d", k->name, page, d);
            cairo_surface_destroy(rb);
            cairo_surface_destroy(ra);
        }
        g_free(pb);
        g_free(pa);
        g_free(png);
    }
}

typedef struct drawn {
    bool ok;
    char *msg;       /* the error, or NULL */
    int n_images;      /* placeholders made */
    GByteArray *pdf; /* its bytes */
} drawn;

/* Draws 'png' into a one-page PDF with a new cache (passthrough 'pass',
 * grey 'grey', downsampling at 'dpi'): at 160 × 120 pt and at 'small' ×
 * 0.75 'small' pt. */
static drawn draw_one(const char *png, bool pass, bool grey, int dpi, double small)
{
    drawn r = { true, NULL, 0, NULL };
    char *pdf = path_of("one.pdf");
    image_cache *c = image_cache_new();
    image_cache_set_splicing(c, pass);
    image_cache_set_grayscale(c, grey);
    image_cache_set_downsample(c, dpi, 0);
    cairo_surface_t *s = pdf_new(pdf, 400, 300);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2024-04-01T09:00:00+09:00");
    cairo_t *cr = cairo_create(s);
    GError *err = NULL;
    r.ok = image_draw(c, cr, png, 10, 10, 160, 120, false, false, &err) &&
           image_draw(c, cr, png, 200, 10, small, small * 0.75, false, false, &err);
    if (err) {
        r.msg = g_strdup(err->message);
        g_error_free(err);
    }
    cairo_destroy(cr);
    GArray *pngs = image_cache_splices(c);
    r.n_images = (int)pngs->len;
    g_array_unref(pngs);
    image_cache_free(c);
    pdf_close(s);
    r.pdf = read_all(pdf);
    g_free(pdf);
    return r;
}

static void drawn_clear(drawn *d)
{
    g_free(d->msg);
    g_byte_array_unref(d->pdf);
}

/* Drawn with and without passthrough: no placeholder, the same PDF bytes
 * (and drawn without an error, unless 'fails'). */
static void assert_decoded_as_before(const char *png, bool grey, int dpi, double small, bool fails, const char *what)
{
    drawn a = draw_one(png, true, grey, dpi, small), b = draw_one(png, false, grey, dpi, small);
    if (a.n_images != 0)
        g_error("%s: passed through", what);
    if (a.ok == fails)
        g_error("%s: %s", what, a.ok ? "drawn" : a.msg);
    g_assert_cmpint(a.ok, ==, b.ok);
    g_assert_cmpstr(a.msg, ==, b.msg);
    g_assert_cmpmem(a.pdf->data, a.pdf->len, b.pdf->data, b.pdf->len);
    drawn_clear(&b);
    drawn_clear(&a);
}

/* A PNG libpng would reject or that does not check out keeps the decode
 * path, byte for byte (a bad CRC, a zlib stream libpng cannot decode: the
 * same error), and so do grey and downsampling; previews are unchanged.
 * (Every other kind passes: test_png_pass_kinds.) */
static void test_png_pass_others(void)
{
    guint8 *px = map_rgb(UP_W, UP_H);
    GByteArray *plain = encode_png8(px, UP_W, UP_H, 3, 8192, 0);
    char *ok = write_fixture("others-ok.png", plain->data, plain->len);
    g_byte_array_unref(plain);
    char *alpha = alpha_png();
    char *bad_crc = png8_fixture("others-badcrc.png", px, UP_W, UP_H, 3, 8192, PNG8_BAD_GAMA);
    char *cut = png8_fixture("others-cut.png", px, UP_W, UP_H, 3, 8192, PNG8_CUT_ZLIB);
    char *cut_alpha = png8_fixture("others-cut-adam7.png", px, UP_W, UP_H, 3, 8192, PNG8_CUT_ZLIB | PNG8_ADAM7);
    const struct { const char *path, *what; } cases[] = {
        { bad_crc, "bad gAMA CRC" }, { cut, "cut zlib" }, { cut_alpha, "cut zlib, Adam7" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        assert_decoded_as_before(cases[i].path, false, 0, 40, cases[i].path != bad_crc, cases[i].what);
    /* alpha in grey and downsampled: decoded as before */
    assert_decoded_as_before(alpha, true, 0, 40, false, "alpha in grey");
    assert_decoded_as_before(alpha, false, 36, 40, false, "alpha downsampled");
    drawn d = draw_one(cut, true, false, 0, 40);
    g_assert_false(d.ok);
    g_assert_cmpstr(d.msg, ==, "is a damaged PNG (its pixels cannot be decoded); save or copy the image again");
    drawn_clear(&d);

    /* The PNG that passes: not in grey, not where downsampling applies. */
    d = draw_one(ok, true, false, 0, 40);
    g_assert_true(d.ok);
    g_assert_cmpint(d.n_images, ==, 1);
    drawn_clear(&d);
    assert_decoded_as_before(ok, true, 0, 40, false, "grey");
    assert_decoded_as_before(ok, false, 36, 40, false, "downsampled"); /* 160 pt at 36 dpi: 80 pixels needed */
    /* at 72 dpi 160 × 120 pt needs all its pixels: passed through; the small one downsampled */
    d = draw_one(ok, true, false, 72, 40);
    g_assert_cmpint(d.n_images, ==, 1);
    drawn_clear(&d);

    /* previews: decoded, the same pixels */
    cairo_surface_t *va = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 160);
    cairo_surface_t *vb = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 160);
    for (int i = 0; i < 2; i++) {
        image_cache *c = image_cache_new();
        image_cache_set_splicing(c, i == 0);
        cairo_t *cr = cairo_create(i == 0 ? va : vb);
        draw_ok(c, cr, ok, 10, 20, UP_W, UP_H, false, true);
        cairo_destroy(cr);
        GArray *pngs = image_cache_splices(c);
        g_assert_cmpuint(pngs->len, ==, 0);
        g_array_unref(pngs);
        image_cache_free(c);
    }
    cairo_surface_flush(va);
    cairo_surface_flush(vb);
    g_assert_cmpmem(cairo_image_surface_get_data(va), 160 * cairo_image_surface_get_stride(va),
                    cairo_image_surface_get_data(vb), 160 * cairo_image_surface_get_stride(vb));
    cairo_surface_destroy(vb);
    cairo_surface_destroy(va);
    g_free(cut_alpha);
    g_free(cut);
    g_free(bad_crc);
    g_free(alpha);
    g_free(ok);
    g_free(px);
}

/* Cuts the last IDAT chunk of the PNG 'b' to half its data, its length
 * and CRC made right: the zlib stream ends early. */
static void png_cut_idat(GByteArray *b)
{
    gsize last = 0;
    for (gsize off = 8; off + 12 <= b->len;) {
        guint32 len = (guint32)b->data[off] << 24 | (guint32)b->data[off + 1] << 16 | (guint32)b->data[off + 2] << 8 |
                      b->data[off + 3];
        if (memcmp(b->data + off + 4, "IDAT", 4) == 0)
            last = off;
        off += 12 + len;
    }
    g_assert_cmpuint(last, >, 0);
    guint8 *c = b->data + last;
    guint32 len = (guint32)c[0] << 24 | (guint32)c[1] << 16 | (guint32)c[2] << 8 | c[3], half = len / 2;
    GByteArray *out = g_byte_array_new();
    g_byte_array_append(out, b->data, (guint)last);
    guint8 hd[8] = { (guint8)(half >> 24), (guint8)(half >> 16), (guint8)(half >> 8), (guint8)half, 'I', 'D', 'A', 'T' };
    g_byte_array_append(out, hd, 8);
    g_byte_array_append(out, c + 8, half);
    uLong crc = crc32(crc32(0L, (const Bytef *)"IDAT", 4), c + 8, half);
    guint8 cb[4] = { (guint8)(crc >> 24), (guint8)(crc >> 16), (guint8)(crc >> 8), (guint8)crc };
    g_byte_array_append(out, cb, 4);
    g_byte_array_append(out, c + 12 + len, (guint)(b->len - last - 12 - len));
    g_byte_array_set_size(b, 0);
    g_byte_array_append(b, out->data, out->len);
    g_byte_array_unref(out);
}

/* The size note's reduced PNG made a row at a time
 * (image_resample_png_bytes: our own inflating, unfiltering and cairo's
 * premultiplying) against cairo's whole decode reduced
 * (image_resample_png_pixels of image_decode_png): the same format and
 * pixels to the byte, for every kind (8-bit RGB and grey too), reduced,
 * at its size, and in grey; Adam7 is left to the whole decode (NULL), and
 * so is a PNG whose data is cut short. */
static void test_png_rows_reduced(void)
{
    enum { W = 170, H = 130 };
    png_kind extra[] = { { "k-rgb8.png", 2, 8, false, false, true, false },
                         { "k-grey8.png", 0, 8, false, false, true, false },
                         { "k-grey2.png", 0, 2, false, false, true, false } };
    static const int sizes[][2] = { { W, H }, { W / 2, H / 2 }, { 73, 52 }, { 1, 1 } };
    for (size_t i = 0; i < G_N_ELEMENTS(png_kinds) + G_N_ELEMENTS(extra); i++) {
        const png_kind *k = i < G_N_ELEMENTS(png_kinds) ? &png_kinds[i] : &extra[i - G_N_ELEMENTS(png_kinds)];
        GByteArray *b = kind_png(k, W, H);
        image_info info;
        g_assert_true(image_probe_bytes(b->data, b->len, &info, NULL));
        GError *err = NULL;
        cairo_surface_t *whole = image_decode_png(b->data, b->len, &info, "rows-test", &err);
        g_assert_no_error(err);
        for (size_t z = 0; z < G_N_ELEMENTS(sizes); z++)
            for (int grey = 0; grey <= 1; grey++) {
                int tw = sizes[z][0], th = sizes[z][1];
                cairo_surface_t *a = image_resample_png_bytes(b->data, b->len, tw, th, grey);
                if (k->interlace) {
                    g_assert_null(a);
                    continue;
                }
                if (!a)
                    g_error("%s: not made a row at a time", k->name);
                cairo_surface_t *want = image_resample_png_pixels(whole, tw, th, grey, &err);
                g_assert_no_error(err);
                g_assert_cmpint(cairo_image_surface_get_format(a), ==, cairo_image_surface_get_format(want));
                g_assert_cmpint(cairo_image_surface_get_width(a), ==, tw);
                g_assert_cmpint(cairo_image_surface_get_height(a), ==, th);
                const guint8 *pa = cairo_image_surface_get_data(a), *pw = cairo_image_surface_get_data(want);
                int sa = cairo_image_surface_get_stride(a), sw = cairo_image_surface_get_stride(want);
                for (int y = 0; y < th; y++)
                    if (memcmp(pa + (size_t)y * sa, pw + (size_t)y * sw, (size_t)tw * 4) != 0)
                        g_error("%s at %dx%d%s: row %d differs", k->name, tw, th, grey ? " in grey" : "", y);
                cairo_surface_destroy(want);
                cairo_surface_destroy(a);
            }
        cairo_surface_destroy(whole);
        g_byte_array_unref(b);
    }
    /* its IDAT data cut short (the chunk's length and CRC made right) */
    GByteArray *b = kind_png(&png_kinds[13], W, H); /* rgba16 */
    png_cut_idat(b);
    g_assert_null(image_resample_png_bytes(b->data, b->len, W / 2, H / 2, false));
    g_byte_array_unref(b);
}

/* A PNG of 'px' made here chunk by chunk, so that its zlib stream can be
 * wrong in ways an encoder never makes: 8-bit RGB, or ('rgba16') 16-bit
 * RGBA, each sample's low byte its high byte turned, the alpha falling
 * from opaque down the rows. 'fault' 1 a row with filter type 5, 2 the
 * Adler-32 wrong, 3 two bytes after the end of the stream (inside the IDAT
 * chunk, its CRC right), 4 the last row missing, 5 a row too many, 6 the
 * stream's last four bytes (its Adler-32) in an IDAT chunk of their own, 7
 * that chunk followed by an empty one, 8 by one of two zero bytes; 0 none. */
static char *png_zfault(const char *name, const guint8 *px, int w, int h, int fault, bool rgba16)
{
    size_t bpp = rgba16 ? 8 : 3, row = 1 + bpp * (size_t)w;
    int rows = fault == 4 ? h - 1 : fault == 5 ? h + 1 : h;
    guint8 *raw = g_malloc(row * (size_t)rows);
    for (int y = 0; y < rows; y++) {
        guint8 *r = raw + (size_t)y * row;
        const guint8 *src = px + (size_t)(y % h) * 3 * (size_t)w;
        r[0] = fault == 1 && y == h / 2 ? 5 : 0;
        for (int x = 0; x < w; x++) {
            if (!rgba16) {
                memcpy(r + 1 + 3 * (size_t)x, src + 3 * (size_t)x, 3);
                continue;
            }
            guint8 *o = r + 1 + 8 * (size_t)x;
            for (int k = 0; k < 3; k++)
                o[2 * k] = src[3 * x + k], o[2 * k + 1] = (guint8)~src[3 * x + k];
            o[6] = (guint8)(255 - (y % h) * 255 / h);
            o[7] = (guint8)x;
        }
    }
    uLongf zlen = compressBound((uLong)(row * (size_t)rows));
    guint8 *z = g_malloc(zlen + 2);
    g_assert_cmpint(compress2(z, &zlen, raw, (uLong)(row * (size_t)rows), 6), ==, Z_OK);
    if (fault == 2)
        z[zlen - 1] ^= 0x55;
    if (fault == 3)
        z[zlen] = z[zlen + 1] = 0, zlen += 2;
    GByteArray *b = g_byte_array_new();
    g_byte_array_append(b, (const guint8 *)"\x89PNG\r\n\x1a\n", 8);
    guint8 ihdr[13] = { 0 };
    for (int i = 0; i < 4; i++) {
        ihdr[i] = (guint8)((guint32)w >> (24 - 8 * i));
        ihdr[4 + i] = (guint8)((guint32)h >> (24 - 8 * i));
    }
    ihdr[8] = rgba16 ? 16 : 8;
    ihdr[9] = rgba16 ? 6 : 2;
    guint32 split = fault >= 6 ? 4 : 0; /* bytes of the stream in a chunk of their own */
    const struct { const char *type; const guint8 *data; guint32 len; } chunks[] = {
        { "IHDR", ihdr, 13 },
        { "IDAT", z, (guint32)zlen - split },
        { "IDAT", z + zlen - split, split },
        { "IDAT", (const guint8 *)"\0\0", fault == 8 ? 2 : 0 },
        { "IEND", NULL, 0 },
    };
    for (size_t c = 0; c < G_N_ELEMENTS(chunks); c++) {
        if ((c == 2 && !split) || (c == 3 && fault < 7))
            continue;
        guint8 be[4] = { (guint8)(chunks[c].len >> 24), (guint8)(chunks[c].len >> 16), (guint8)(chunks[c].len >> 8),
                         (guint8)chunks[c].len };
        g_byte_array_append(b, be, 4);
        g_byte_array_append(b, (const guint8 *)chunks[c].type, 4);
        if (chunks[c].len)
            g_byte_array_append(b, chunks[c].data, chunks[c].len);
        uLong crc = crc32(0L, (const Bytef *)chunks[c].type, 4);
        if (chunks[c].len) /* crc32() of Z_NULL is the initial value, not the same crc */
            crc = crc32(crc, chunks[c].data, chunks[c].len);
        guint8 cb[4] = { (guint8)(crc >> 24), (guint8)(crc >> 16), (guint8)(crc >> 8), (guint8)crc };
        g_byte_array_append(b, cb, 4);
    }
    char *path = write_fixture(name, b->data, b->len);
    g_byte_array_unref(b);
    g_free(z);
    g_free(raw);
    return path;
}

/* The check of a PNG passed through as it is (its rows inflated in one
 * buffer with libdeflate), and the decoding of a 16-bit RGBA one to be
 * packed again (inflated a row at a time with zlib), let through only a
 * sound zlib stream: a filter type past 4, a wrong Adler-32, bytes after
 * the stream (in its chunk or the next), a row missing or one too many
 * send the PNG down the decoding path (libpng's verdict, the same PDF as
 * without passthrough), and the same PNG made right passes, its Adler-32
 * in a chunk of its own or not (and an empty IDAT chunk after it: libpng
 * takes it). The filter type past 4 was let through by the packing until
 * this test (it read type 5 as Average without a row above). */
static void test_png_pass_zlib_faults(void)
{
    guint8 *px = map_rgb(UP_W, UP_H);
    static const char *const what[] = { "sound",          "filter type 5",  "Adler-32 wrong",
                                        "bytes after the stream", "a row missing", "a row too many",
                                        "Adler-32 apart", "an empty chunk after", "a chunk of bytes after" };
    for (int deep = 0; deep <= 1; deep++)
        for (int fault = 0; fault < 9; fault++) {
            char name[32];
            g_snprintf(name, sizeof name, "zfault-%d-%d.png", deep, fault);
            char *png = png_zfault(name, px, UP_W, UP_H, fault, deep);
            drawn a = draw_one(png, true, false, 0, 40);
            drawn b = draw_one(png, false, false, 0, 40);
            if (fault == 0 || fault == 6 || fault == 7) {
                if (!a.ok || a.n_images != 1)
                    g_error("%s, %s: not passed through", deep ? "16-bit RGBA" : "8-bit RGB", what[fault]);
                g_assert_true(b.ok);
            } else {
                if (a.n_images != 0)
                    g_error("%s, %s: passed through", deep ? "16-bit RGBA" : "8-bit RGB", what[fault]);
                g_assert_cmpint(a.ok, ==, b.ok);
                g_assert_cmpstr(a.msg, ==, b.msg);
                g_assert_cmpmem(a.pdf->data, a.pdf->len, b.pdf->data, b.pdf->len);
            }
            drawn_clear(&b);
            drawn_clear(&a);
            g_free(png);
        }
    g_free(px);
}

/* One PNG passed through at one size and downsampled at another, and
 * decoded for a preview by the same cache: one placeholder; after the
 * amendment the full image and the reduced one. A placeholder missing from
 * the PDF (drawn into another PDF) is an error, never left in silence. */
static void test_png_pass_mixed(void)
{
    if (!have_tool("pdfimages") || !have_tool("qpdf")) {
        g_test_skip("pdfimages (poppler-utils) or qpdf is not installed");
        return;
    }
    guint8 *px = map_rgb(UP_W, UP_H);
    char *png = png8_fixture("mixed.png", px, UP_W, UP_H, 3, 7, 0); /* 7-byte IDAT chunks: the zlib header split */
    char *pdf = path_of("mixed.pdf"), *other = path_of("mixed-other.pdf");
    image_cache *c = image_cache_new();
    image_cache_set_splicing(c, true);
    image_cache_set_downsample(c, 72, 0);
    cairo_surface_t *v = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 160);
    cairo_t *vc = cairo_create(v);
    draw_ok(c, vc, png, 0, 0, 80, 60, false, true); /* a preview first */
    cairo_destroy(vc);
    cairo_surface_destroy(v);
    cairo_surface_t *s = pdf_new(pdf, 400, 300);
    cairo_t *cr = cairo_create(s);
    draw_ok(c, cr, png, 10, 10, 160, 120, false, false);
    draw_ok(c, cr, png, 200, 10, 40, 30, false, false);
    cairo_show_page(cr);
    draw_ok(c, cr, png, 200, 100, 160, 120, true, false);
    cairo_destroy(cr);
    pdf_close(s);
    s = pdf_new(other, 100, 100); /* a PDF without the placeholder */
    pdf_close(s);
    GArray *pngs = image_cache_splices(c);
    image_cache_free(c);
    g_assert_cmpuint(pngs->len, ==, 1);

    GByteArray *before = read_all(other);
    pdfpost_info in = { .n_figure_alts = -1, .images = (const pdfpost_image *)(void *)pngs->data, .n_images = 1 };
    int fd = g_open(other, O_RDWR, 0);
    GError *err = NULL;
    g_assert_false(pdfpost_amend(fd, &in, &err));
    g_assert_error(err, PDFPOST_ERROR, PDFPOST_ERROR_IMAGE);
    g_assert_true(g_str_has_prefix(err->message, "has no placeholder image (1×7919 pixels) for the PNG '"));
    g_error_free(err);
    close(fd);
    GByteArray *after = read_all(other);
    g_assert_cmpmem(before->data, before->len, after->data, after->len);
    g_byte_array_unref(after);
    g_byte_array_unref(before);

    amend_pngs(pdf, pngs);
    assert_qpdf_ok(pdf);
    GArray *imgs = pdf_images(pdf);
    g_assert_cmpuint(imgs->len, ==, 3);
    pdf_image *a = &g_array_index(imgs, pdf_image, 0), *b = &g_array_index(imgs, pdf_image, 1),
              *cv = &g_array_index(imgs, pdf_image, 2);
    g_assert_cmpint(a->width, ==, UP_W);
    g_assert_cmpint(a->height, ==, UP_H);
    g_assert_cmpint(b->width, ==, 40);
    g_assert_cmpint(b->height, ==, 30);
    g_assert_cmpint(cv->object, ==, a->object);
    g_assert_cmpint(distinct_objects(imgs), ==, 2);
    g_array_unref(imgs);
    g_array_unref(pngs);
    g_free(other);
    g_free(pdf);
    g_free(png);
    g_free(px);
}

/*** Main ***/

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    imagetest_begin();

    g_test_add_func("/image/png-variants/probe", test_png_variants_probe);
    g_test_add_func("/image/png-variants/decode", test_png_variants_decode);
    g_test_add_func("/image/png-variants/pdf", test_png_variants_pdf);
    g_test_add_func("/image/png-variants/fixturegen", test_png_variants_fixturegen);
    g_test_add_func("/image/png-pass/pdf", test_png_pass_pdf);
    g_test_add_func("/image/png-pass/kinds", test_png_pass_kinds);
    g_test_add_func("/image/png-pass/others", test_png_pass_others);
    g_test_add_func("/image/png-pass/mixed", test_png_pass_mixed);
    g_test_add_func("/image/png-pass/zlib-faults", test_png_pass_zlib_faults);
    g_test_add_func("/image/png-rows/reduced", test_png_rows_reduced);
    int rc = g_test_run();
    g_free(pass_rgb_path);
    g_free(pass_grey_path);
    imagetest_end();
    return rc;
}
