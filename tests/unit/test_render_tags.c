/* test_render_tags: the structure containers of boxes walked outermost
 * first, the elements cairo writes for a sequence of containers (read back
 * with pdfinfo -struct), and link annotations with awkward URLs (pdfinfo
 * -url). */
#include "render_tags.h"

#include <pango/pangocairo.h>

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <string.h>

static void test_path_of(void)
{
    const layout_group *p[RENDER_TAGS_DEPTH];
    g_assert_cmpint(render_tags_path_of(NULL, p), ==, 0);
    const layout_group div = { "Div", 3, NULL };
    g_assert_cmpint(render_tags_path_of(&div, p), ==, 1);
    g_assert_cmpstr(p[0]->tag, ==, "Div");
    g_assert_cmpint(p[0]->id, ==, 3);
    const layout_group table = { "Table", 12, NULL }, tr = { "TR", 345, &table };
    g_assert_cmpint(render_tags_path_of(&tr, p), ==, 2);
    g_assert_cmpstr(p[0]->tag, ==, "Table");
    g_assert_cmpint(p[0]->id, ==, 12);
    g_assert_cmpstr(p[1]->tag, ==, "TR");
    g_assert_cmpint(p[1]->id, ==, 345);
    /* A chain as deep as the stack holds, outermost first. */
    layout_group chain[RENDER_TAGS_DEPTH];
    for (int i = 0; i < RENDER_TAGS_DEPTH; i++)
        chain[i] = (layout_group){ i % 2 ? "LI" : "L", i + 1, i ? &chain[i - 1] : NULL };
    g_assert_cmpint(render_tags_path_of(&chain[RENDER_TAGS_DEPTH - 1], p), ==, RENDER_TAGS_DEPTH);
    for (int i = 0; i < RENDER_TAGS_DEPTH; i++)
        g_assert_true(p[i] == &chain[i]);
}

/* Runs argv, returns its standard output (caller frees). */
static char *run(const char *const *argv)
{
    char *out = NULL;
    int ws = 0;
    GError *err = NULL;
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &ws, &err));
    g_assert_no_error(err);
    g_assert_true(g_spawn_check_wait_status(ws, NULL));
    return out;
}

/* A paragraph of text 'what' in container 'group'. */
static void para(render_tags *t, cairo_t *cr, const layout_group *group, const char *what)
{
    render_tags_enter(t, group);
    render_tags_begin(t, "P");
    cairo_move_to(cr, 20, 40);
    cairo_show_text(cr, what);
    render_tags_end(t, "P");
}

/* Containers stay open while boxes share them (the same node, or one
 * alike: the same tag and id), a sibling with another id is a new element
 * under the same parent, and leaving closes all but Document, across pages
 * too. */
static void test_structure(void)
{
    const layout_group l1 = { "L", 1, NULL }, li2 = { "LI", 2, &l1 }, li3 = { "LI", 3, &l1 };
    const layout_group table4 = { "Table", 4, NULL }, tr5 = { "TR", 5, &table4 }, tr6 = { "TR", 6, &table4 };
    const layout_group table4b = { "Table", 4, NULL }, tr5b = { "TR", 5, &table4b };
    const layout_group table7 = { "Table", 7, NULL }, tr8 = { "TR", 8, &table7 };
    const layout_group div9 = { "Div", 9, NULL };
    char *dir = g_dir_make_tmp("render-tags-XXXXXX", NULL);
    char *pdf = g_build_filename(dir, "t.pdf", NULL);
    cairo_surface_t *s = cairo_pdf_surface_create(pdf, 200, 100);
    cairo_t *cr = cairo_create(s);
    GPtrArray *alts = g_ptr_array_new_with_free_func(g_free);
    render_tags *t = render_tags_new(cr, alts);
    para(t, cr, &li2, "a");
    para(t, cr, &li2, "b");
    para(t, cr, &li3, "c");
    para(t, cr, &tr5, "d");
    para(t, cr, &tr5b, "d2");
    para(t, cr, &tr6, "e");
    para(t, cr, &tr8, "f");
    render_tags_leave(t);
    cairo_show_page(cr);
    para(t, cr, NULL, "g");
    para(t, cr, &div9, "h");
    render_tags_begin(t, "Figure");
    render_tags_add_alt(t, "写真");
    cairo_rectangle(cr, 0, 0, 10, 10);
    cairo_fill(cr);
    render_tags_end(t, "Figure");
    render_tags_add_alt(t, NULL);
    render_tags_leave(t);
    render_tags_free(t);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    char *raw = run((const char *const[]){ "pdfinfo", "-struct", pdf, NULL });
    /* The tree without poppler's notes on placement (" (block)"). */
    GRegex *re = g_regex_new(" \\(block\\)", 0, 0, NULL);
    char *out = g_regex_replace_literal(re, raw, -1, 0, "", 0, NULL);
    g_regex_unref(re);
    g_free(raw);
    g_assert_cmpstr(out, ==,
                    "Document\n"
                    "  L\n"
                    "    LI\n"
                    "      P\n"
                    "      P\n"
                    "    LI\n"
                    "      P\n"
                    "  Table\n"
                    "    TR\n"
                    "      P\n"
                    "      P\n"
                    "    TR\n"
                    "      P\n"
                    "  Table\n"
                    "    TR\n"
                    "      P\n"
                    "  P\n"
                    "  Div\n"
                    "    P\n"
                    "    Figure\n");
    g_assert_cmpuint(alts->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(alts, 0), ==, "写真");
    g_assert_cmpstr(g_ptr_array_index(alts, 1), ==, "");
    g_free(out);
    g_ptr_array_unref(alts);
    g_unlink(pdf);
    g_rmdir(dir);
    g_free(pdf);
    g_free(dir);
}

/* A link's annotation carries its URL as written, quotes and parentheses
 * too (a backslash, escaped for cairo's attribute syntax as well, is lost
 * by cairo 1.16 itself, which writes it unescaped into the PDF string); a
 * link outside the lines a box shows gets none. */
static void test_links(void)
{
    char *dir = g_dir_make_tmp("render-tags-XXXXXX", NULL);
    char *pdf = g_build_filename(dir, "l.pdf", NULL);
    cairo_surface_t *s = cairo_pdf_surface_create(pdf, 300, 100);
    cairo_t *cr = cairo_create(s);
    PangoLayout *pl = pango_cairo_create_layout(cr);
    pango_layout_set_text(pl, "see here\nand there", -1);
    GArray *links = g_array_new(FALSE, FALSE, sizeof(box_link));
    const box_link shown = { 4, 8, "https://example.jp/it's(here)?a=1&b=2" };
    const box_link hidden = { 13, 18, "https://example.jp/hidden" };
    g_array_append_val(links, shown);
    g_array_append_val(links, hidden);
    box b = { .type = BOX_TEXT, .x_pt = 10, .y_pt = 10, .pango = pl, .line_first = 0, .line_count = 1, .links = links };
    GPtrArray *alts = g_ptr_array_new_with_free_func(g_free);
    render_tags *t = render_tags_new(cr, alts);
    render_tags_begin(t, "P");
    cairo_move_to(cr, b.x_pt, b.y_pt);
    pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(pl, 0));
    render_tags_add_links(t, &b);
    render_tags_end(t, "P");
    render_tags_free(t);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    char *out = run((const char *const[]){ "pdfinfo", "-url", pdf, NULL });
    g_assert_nonnull(strstr(out, "https://example.jp/it's(here)?a=1&b=2\n"));
    g_assert_null(strstr(out, "hidden"));
    g_free(out);
    g_array_unref(links);
    g_object_unref(pl);
    g_ptr_array_unref(alts);
    g_unlink(pdf);
    g_rmdir(dir);
    g_free(pdf);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/render-tags/path-of", test_path_of);
    g_test_add_func("/render-tags/structure", test_structure);
    g_test_add_func("/render-tags/links", test_links);
    return g_test_run();
}
