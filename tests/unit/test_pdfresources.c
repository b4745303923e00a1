/* Unit tests for pdfresources: cairo 1.16 names an image in a page's
 * resources once per drawing; after pdfpost_amend every resource
 * dictionary (of pages and of forms) has each key once, qpdf --check has no
 * warning, and the image is still one object. Repeated keys are dropped
 * from hand-written dictionaries (first kept, nested ones too). */
#include "pdftest.h"
#include "pdfresources.h"

/* Whether 'qpdf --check' on 'path' prints a warning. */
static bool qpdf_warns(const char *path)
{
    char *out = NULL, *errout = NULL;
    int ws = 0;
    GError *err = NULL;
    const char *argv[] = { "qpdf", "--check", path, NULL };
    g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &errout, &ws, &err);
    g_assert_no_error(err);
    bool warns = strstr(errout, "WARNING") != NULL || strstr(out, "WARNING") != NULL;
    g_assert_true(WIFEXITED(ws) && (WEXITSTATUS(ws) == 0 || (warns && WEXITSTATUS(ws) == 3)));
    g_free(out);
    g_free(errout);
    return warns;
}

/* A cairo PDF: one image painted twice on page 1, once on page 2, and
 * twice inside a group (a form XObject) on page 2. */
static char *image_pdf(const char *name)
{
    char *p = path_of(name);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 16, 12);
    cairo_t *ic = cairo_create(img);
    cairo_set_source_rgb(ic, 0.2, 0.5, 0.8);
    cairo_paint(ic);
    cairo_destroy(ic);
    cairo_surface_t *s = cairo_pdf_surface_create(p, 842, 595);
    cairo_t *cr = cairo_create(s);
    for (int i = 0; i < 2; i++) {
        cairo_set_source_surface(cr, img, 72 + 100 * i, 72);
        cairo_paint(cr);
    }
    cairo_show_page(cr);
    cairo_set_source_surface(cr, img, 72, 72);
    cairo_paint(cr);
    cairo_push_group(cr);
    for (int i = 0; i < 2; i++) {
        cairo_set_source_surface(cr, img, 72 + 100 * i, 300);
        cairo_paint(cr);
    }
    cairo_pop_group_to_source(cr);
    cairo_paint_with_alpha(cr, 0.5);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    cairo_surface_destroy(img);
    return p;
}

/* The object numbers of the images pdfimages lists, as "n,n,...". */
static char *image_objects(const char *path)
{
    int st;
    char *out = run((const char *const[]){ "pdfimages", "-list", path, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    GString *ids = g_string_new(NULL);
    char **lines = g_strsplit(out, "\n", -1);
    for (int i = 2; lines[i]; i++) {
        int page, num, obj;
        if (sscanf(lines[i], "%d %d %*s %*d %*d %*s %*d %*d %*s %*s %d", &page, &num, &obj) == 3)
            g_string_append_printf(ids, "%s%d", ids->len ? "," : "", obj);
    }
    g_strfreev(lines);
    g_free(out);
    return g_string_free(ids, FALSE);
}

static void test_cairo_repeats(void)
{
    char *p = image_pdf("repeats.pdf");
    /* cairo 1.16 itself repeats the key: the test sees the fault it fixes. */
    g_assert_true(qpdf_warns(p));
    char *before = image_objects(p);
    pdfpost_info in = { .n_figure_alts = -1 };
    GError *err = NULL;
    g_assert_true(amend_path(p, &in, &err));
    g_assert_no_error(err);
    g_assert_false(qpdf_warns(p));
    assert_qpdf_check(p);
    char *after = image_objects(p);
    g_assert_cmpstr(after, ==, before);
    /* Five drawings of one image object. */
    char **ids = g_strsplit(after, ",", -1);
    g_assert_cmpuint(g_strv_length(ids), ==, 5);
    for (int i = 1; ids[i]; i++)
        g_assert_cmpstr(ids[i], ==, ids[0]);
    g_strfreev(ids);
    /* Amending again adds nothing. */
    GBytes *once = read_all(p);
    g_assert_true(amend_path(p, &in, NULL));
    GBytes *twice = read_all(p);
    g_assert_true(same_bytes(once, twice));
    g_bytes_unref(once);
    g_bytes_unref(twice);
    g_free(after);
    g_free(before);
    g_free(p);
}

/* Repeats in a page's direct resources, in an indirect resource object and
 * in a form's: each object gets one new version, without them. */
static void test_hand_repeats(void)
{
    const char *objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Resources << /XObject << /a 6 0 R /a 6 0 R >> >> >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Resources 5 0 R >>",
        "<< /XObject << /f 7 0 R /f 7 0 R /a 6 0 R >> /Font << /F1 8 0 R >> >>",
        ("<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\n"
         "stream\nx\nendstream"),
        ("<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources 9 0 R /Length 0 >>\nstream\n\nendstream"),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /XObject << /a 6 0 R /a 6 0 R /a 6 0 R >> >>",
    };
    GString *s = hand_pdf(objs, 9, NULL);
    pdfpost_info in = { .n_figure_alts = -1 };
    GBytes *after = amend_bytes("hand.pdf", s->str, s->len, &in, 0, NULL);
    char *upd = appended(after, s->len);
    g_assert_nonnull(strstr(upd, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] "
                                 "/Resources << /XObject << /a 6 0 R >> >> >>\nendobj\n"));
    g_assert_nonnull(strstr(upd, "5 0 obj\n<< /XObject << /f 7 0 R /a 6 0 R >> /Font << /F1 8 0 R >> >>\nendobj\n"));
    g_assert_nonnull(strstr(upd, "9 0 obj\n<< /XObject << /a 6 0 R >> >>\nendobj\n"));
    g_assert_null(strstr(upd, "4 0 obj"));
    g_assert_nonnull(strstr(upd, "xref\n3 1\n"));
    g_free(upd);
    char *p = write_file("hand-after.pdf", g_bytes_get_data(after, NULL), g_bytes_get_size(after));
    g_assert_false(qpdf_warns(p));
    g_free(p);
    g_bytes_unref(after);
    g_string_free(s, TRUE);

    /* A page tree whose /Kids is not references is damaged. */
    const char *bad[] = { "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3] /Count 1 >>" };
    s = hand_pdf(bad, 2, NULL);
    amend_string("badkids.pdf", s, &in, PDFPOST_ERROR_FORMAT,
                 "is a truncated or damaged PDF (its page tree is damaged)");
    g_string_free(s, TRUE);
}

static void test_dict_dedupe(void)
{
    const char *cases[][2] = {
        { "<< /a 1 /a 2 >>", "<< /a 1 >>" },                           /* the first is kept */
        { "<</a 1/b<</c 2/c 2>>/a[1]>>", "<</a 1/b<</c 2>>>>" },        /* nested, no spaces */
        { "<<\n   /x 1 0 R\n   /x 1 0 R\n>>", "<<\n   /x 1 0 R\n>>" }, /* cairo's lines */
        { "<< /a 1 /b 2 >>", "<< /a 1 /b 2 >>" },                       /* nothing to drop */
        { "<< /a (x) /a", "<< /a (x) /a" },                             /* not a dictionary: copied */
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        GString *out = g_string_new(NULL);
        const guint8 *b = (const guint8 *)cases[i][0];
        bool dropped = pdfresources_dict_dedupe(out, b, 0, strlen(cases[i][0]));
        g_assert_cmpstr(out->str, ==, cases[i][1]);
        g_assert_true(dropped == (strcmp(cases[i][0], cases[i][1]) != 0));
        g_string_free(out, TRUE);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    pdftest_begin();
    g_test_add_func("/pdfresources/cairo-repeats", test_cairo_repeats);
    g_test_add_func("/pdfresources/hand-repeats", test_hand_repeats);
    g_test_add_func("/pdfresources/dict-dedupe", test_dict_dedupe);
    return pdftest_end(g_test_run());
}
