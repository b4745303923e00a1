/* Unit tests for render_pdf.c's hold on cairo's deflating: while cairo
 * writes a PDF its streams are begun stored, and the PDF is the same to
 * the byte as when cairo deflates them itself (pdfpack deflates every one
 * again), for the slides and for handout sheets; any other deflateInit()
 * deflates at the level it asks. Tests run from the project's top folder
 * (the sample is read there). */
#include "build.h"
#include "doc.h"
#include "fonts.h"
#include "layout.h"
#include "render.h"
#include "report.h"
#include "style.h"
#include "layouttest.h"

#include <glib.h>
#include <string.h>
#include <zlib.h>

#define SAMPLE "samples/017-matsue/trip.txt"

/* The sample's PDF (handout: slides a sheet, 0 for the slides), with cairo
 * deflating its streams itself or not; '*stored' gets how many streams
 * cairo began stored meanwhile. */
static GBytes *sample_pdf(const doc *dc, const layout *l, const style *st, int handout, bool deflates,
                          unsigned *stored)
{
    unsigned before = pdf_test_cairo_deflates(deflates);
    pdf_options o = { .creator = "test", .epoch = 0, .handout = handout, .sheet_footer = "旅する公務員 第17弾",
                      .sheet_date = "2024年2月", .style = st, .fonts = lt_fonts() };
    diag_list *d = diag_list_new();
    GBytes *pdf = pdf_render_to_memory(l, dc, &o, d);
    g_assert_nonnull(pdf);
    g_assert_cmpint(d->errors, ==, 0);
    diag_list_free(d);
    *stored = pdf_test_cairo_deflates(false) - before;
    return pdf;
}

static void test_cairo_stores(void)
{
    style *st = lt_style("default");
    diag_list *d = diag_list_new();
    doc *dc = report_load(SAMPLE, d, BUILD_CHECK_FILES);
    g_assert_nonnull(dc);
    layout *l = layout_run(dc, st, lt_fonts(), d);
    g_assert_nonnull(l);
    g_assert_cmpint(d->errors, ==, 0);
    diag_list_free(d);
    for (int handout = 0; handout <= 6; handout += 3) {
        unsigned stored = 0, stored_not = 0;
        GBytes *plain = sample_pdf(dc, l, st, handout, false, &stored);
        GBytes *deflated = sample_pdf(dc, l, st, handout, true, &stored_not);
        /* Stored: a stream for each page and form, font and CMap at least. */
        g_assert_cmpuint(stored, >=, l->pages->len + 4);
        g_assert_cmpuint(stored_not, ==, 0);
        g_assert_cmpuint(g_bytes_get_size(plain), >, 100000);
        g_assert_true(g_bytes_equal(plain, deflated));
        g_bytes_unref(plain);
        g_bytes_unref(deflated);
    }
    layout_free(l);
    doc_free(dc);
    style_free(st);
}

/* Outside a render, deflateInit() is zlib's: 64 KB of one line repeated
 * deflate to a few hundred bytes at level 9, and nothing is stored. */
static void test_deflate_elsewhere(void)
{
    unsigned before = pdf_test_cairo_deflates(false);
    GString *in = g_string_new(NULL);
    while (in->len < 65536)
        g_string_append(in, "松江市役所 第17弾 2024年2月 ");
    guint8 out[4096];
    z_stream z;
    memset(&z, 0, sizeof z);
    g_assert_cmpint(deflateInit(&z, 9), ==, Z_OK);
    z.next_in = (Bytef *)in->str;
    z.avail_in = (uInt)in->len;
    z.next_out = out;
    z.avail_out = sizeof out;
    g_assert_cmpint(deflate(&z, Z_FINISH), ==, Z_STREAM_END);
    g_assert_cmpuint(z.total_out, <, 1024);
    deflateEnd(&z);
    g_assert_cmpuint(pdf_test_cairo_deflates(false), ==, before);
    g_string_free(in, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/render/pdf/cairo-stores", test_cairo_stores);
    g_test_add_func("/render/pdf/deflate-elsewhere", test_deflate_elsewhere);
    int r = g_test_run();
    lt_fonts_free();
    return r;
}
