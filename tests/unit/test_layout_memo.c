/* Unit tests for layout_memo.c: the sample laid out again in a new process
 * (the memo saved, then loaded) plans none of its flowing sections with
 * trials and gives the same pages to the point and the same messages; an
 * edit of one section plans that one again and no other, and its pages are
 * those a run without the memo makes; another design, or the sections'
 * images at another size, finds nothing; a plan kept with fields that do
 * not hold together is not believed. The key takes in the font folders.
 * Tests run from the project's top folder (the sample is read there). */
#include "build.h"
#include "fonts.h"
#include "image_memo.h"
#include "layout.h"
#include "report.h"
#include "style.h"
#include "layouttest.h"
#include "testutil.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#define SAMPLE "samples/017-matsue/trip.txt"

static char *cache; /* XDG_CACHE_HOME of these tests */

/* What a new process would know: the memo as saved, loaded. */
static void new_process(bool memo)
{
    image_memo_test_reset();
    if (memo) {
        image_memo_enable();
        image_memo_load();
    }
}

/* Every box of every page to the 1/1000 pt, with its kind, lines and text. */
static char *pages_of(const layout *l)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < l->pages->len; i++) {
        const page *pg = g_ptr_array_index(l->pages, i);
        g_string_append_printf(s, "page %u of %d\n", i, pg->section->kind);
        for (guint j = 0; j < pg->boxes->len; j++) {
            const box *b = g_ptr_array_index(pg->boxes, j);
            g_string_append_printf(s, "  %d %s %.3f %.3f %.3f %.3f %d %d %s\n", b->type, b->role ? b->role : "",
                                   b->x_pt, b->y_pt, b->w_pt, b->h_pt, b->line_first, b->line_count,
                                   b->pango ? pango_layout_get_text(b->pango) : "");
        }
    }
    return g_string_free(s, FALSE);
}

typedef struct run {
    char *pages, *messages;
    int made, remembered; /* sections planned by trials, taken from the memo */
} run;

static run lay(const doc *dc, const style *st)
{
    int m0, r0;
    layout_plan_stats(&m0, &r0);
    diag_list *d = diag_list_new();
    layout *l = layout_run(dc, st, lt_fonts(), d);
    run r = { pages_of(l), tu_messages(d), 0, 0 };
    layout_plan_stats(&r.made, &r.remembered);
    r.made -= m0;
    r.remembered -= r0;
    layout_free(l);
    diag_list_free(d);
    return r;
}

static void run_clear(run *r)
{
    g_free(r->pages);
    g_free(r->messages);
}

static doc *sample(void)
{
    diag_list *d = diag_list_new();
    doc *dc = report_load(SAMPLE, d, BUILD_CHECK_FILES);
    g_assert_nonnull(dc);
    g_assert_cmpint(d->errors, ==, 0);
    diag_list_free(d);
    return dc;
}

/* A first run: the memo emptied, 'dc' laid out in 'st' with it enabled,
 * the plans saved for the next process. */
static run first_run(const doc *dc, const style *st)
{
    char *path = image_memo_path();
    g_remove(path);
    g_free(path);
    new_process(true);
    run a = lay(dc, st);
    image_memo_save();
    return a;
}

/* The sample's first section of kind 'k'. */
static doc_node *section_of(doc *dc, doc_kind k)
{
    for (guint i = 0; i < dc->sections->len; i++) {
        doc_node *s = g_ptr_array_index(dc->sections, i);
        if (s->kind == k)
            return s;
    }
    g_assert_not_reached();
}

/*** Laid out again ***/

static void test_again(void)
{
    doc *dc = sample();
    style *st = lt_style("default");
    run a = first_run(dc, st);
    g_assert_cmpint(a.made, >=, 6); /* goals, overview, bullets, facts, schedule, text */
    g_assert_cmpint(a.remembered, ==, 0);

    new_process(true);
    run b = lay(dc, st);
    g_assert_cmpint(b.made, ==, 0);
    g_assert_cmpint(b.remembered, ==, a.made);
    g_assert_cmpstr(b.pages, ==, a.pages);
    g_assert_cmpstr(b.messages, ==, a.messages);

    /* The other design: its own plans (another key), the same rule. */
    style *print = lt_style("print");
    run p = lay(dc, print);
    g_assert_cmpint(p.remembered, ==, 0);
    g_assert_cmpint(p.made, ==, a.made);
    run_clear(&p);
    style_free(print);

    /* Without the memo (the library alone): trials, the same pages. */
    new_process(false);
    run c = lay(dc, st);
    g_assert_cmpint(c.made, ==, a.made);
    g_assert_cmpint(c.remembered, ==, 0);
    g_assert_cmpstr(c.pages, ==, a.pages);
    run_clear(&a);
    run_clear(&b);
    run_clear(&c);
    style_free(st);
    doc_free(dc);
}

/*** An edit plans its section again, and only it ***/

static void test_edit(void)
{
    doc *dc = sample();
    style *st = lt_style("default");
    run a = first_run(dc, st);

    /* The [text] section's first paragraph four times as long. */
    doc_node *sec = section_of(dc, DOC_KIND_TEXT);
    doc_node *para = NULL;
    for (guint i = 0; sec->children && i < sec->children->len && !para; i++) {
        doc_node *n = g_ptr_array_index(sec->children, i);
        if (n->text && n->text->str && strlen(n->text->str) > 40)
            para = n;
    }
    g_assert_nonnull(para);
    char *longer = g_strjoin("", para->text->str, para->text->str, para->text->str, para->text->str, NULL);
    para->text->str = doc_strdup(dc, longer);
    g_free(longer);

    new_process(true);
    run b = lay(dc, st);
    g_assert_cmpint(b.made, ==, 1);
    g_assert_cmpint(b.remembered, ==, a.made - 1);
    g_assert_cmpstr(b.pages, !=, a.pages);
    new_process(false);
    run c = lay(dc, st);
    g_assert_cmpstr(b.pages, ==, c.pages);
    g_assert_cmpstr(b.messages, ==, c.messages);

    run_clear(&a);
    run_clear(&b);
    run_clear(&c);
    style_free(st);
    doc_free(dc);
}

/*** An image of a section at another size plans it again ***/

static void test_image_size(void)
{
    doc *dc = sample();
    style *st = lt_style("default");
    run a = first_run(dc, st);

    doc_node *facts = section_of(dc, DOC_KIND_FACTS), *img = NULL;
    for (guint i = 0; facts->children && i < facts->children->len && !img; i++) {
        doc_node *n = g_ptr_array_index(facts->children, i);
        if (n->type == DOC_NODE_IMAGE)
            img = n;
    }
    g_assert_nonnull(img);
    g_assert_cmpint(img->display_h, >, 0);
    img->display_h *= 2; /* the map twice as tall */
    new_process(true);
    run b = lay(dc, st);
    g_assert_cmpint(b.made, ==, 1);
    g_assert_cmpint(b.remembered, ==, a.made - 1);
    run_clear(&a);
    run_clear(&b);
    style_free(st);
    doc_free(dc);
}

/*** Another design finds nothing ***/

static void test_design(void)
{
    doc *dc = sample();
    style *st = lt_style("default");
    run a = first_run(dc, st);

    new_process(true);
    st->line_spacing += 0.05;
    run b = lay(dc, st);
    g_assert_cmpint(b.remembered, ==, 0);
    g_assert_cmpint(b.made, ==, a.made);
    st->line_spacing -= 0.05;
    g_free(st->font_body);
    st->font_body = g_strdup("Noto Sans CJK JP");
    run c = lay(dc, st);
    g_assert_cmpint(c.remembered, ==, 0);
    run_clear(&a);
    run_clear(&b);
    run_clear(&c);
    style_free(st);
    doc_free(dc);
}

/*** The logo's shape, which the heading bands depend on ***/

/* A heading long enough to wrap beside a wide logo: its band is kept with
 * the plans, and a logo of another shape (the same file named) finds
 * nothing, and gives the pages a run without the memo gives. */
static void test_logo_shape(void)
{
    doc *dc = sample();
    style *st = lt_style("default");
    doc_node *sec = section_of(dc, DOC_KIND_TEXT);
    g_assert_nonnull(sec->text);
    char *h = g_strconcat(sec->text->str, "　松江市の庁舎と城下町で働いた十日間の記録と、町へ持ち帰る三つの提案", NULL);
    sec->text->str = doc_strdup(dc, h);
    g_free(h);
    g_free(st->logo);
    st->logo = g_strdup("samples/017-matsue/photos/matsue-map.png");
    st->logo_aspect = 1.0;
    run a = first_run(dc, st);
    new_process(true);
    run b = lay(dc, st);
    g_assert_cmpint(b.made, ==, 0);
    g_assert_cmpstr(b.pages, ==, a.pages);

    st->logo_aspect = 8.0;
    run c = lay(dc, st);
    g_assert_cmpint(c.remembered, ==, 0);
    new_process(false);
    run d = lay(dc, st);
    g_assert_cmpstr(c.pages, ==, d.pages);
    g_assert_cmpstr(c.pages, !=, a.pages);
    run_clear(&a);
    run_clear(&b);
    run_clear(&c);
    run_clear(&d);
    style_free(st);
    doc_free(dc);
}

/*** A plan that does not hold together is not believed ***/

/* The memo at 'path' with the fields of every plan line replaced by
 * 'fields', its checksum made again (so that the file is believed). */
static void plans_replace(const char *path, const char *fields)
{
    char *text = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    char **lines = g_strsplit(text, "\n", -1);
    GString *s = g_string_new(NULL);
    int replaced = 0;
    for (char **l = lines; *l && **l; l++) {
        if (g_str_has_prefix(*l, "end "))
            break;
        if (g_str_has_prefix(*l, "plan\t")) {
            char *tab = strchr(*l + 5, '\t');
            g_assert_nonnull(tab);
            g_string_append_len(s, *l, tab + 1 - *l);
            g_string_append_printf(s, "%s\n", fields);
            replaced++;
        } else {
            g_string_append_printf(s, "%s\n", *l);
        }
    }
    g_assert_cmpint(replaced, >=, 6);
    char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)s->str, s->len);
    g_string_append_printf(s, "end %s\n", sum);
    g_assert_true(g_file_set_contents(path, s->str, (gssize)s->len, NULL));
    g_free(sum);
    g_string_free(s, TRUE);
    g_strfreev(lines);
    g_free(text);
}

static void test_not_believed(void)
{
    const char *bad[] = {
        "1 1",                                     /* cut short */
        "1 2 0000000000000000 0000000000000000",   /* one_page neither 0 nor 1 */
        "-1 1 0000000000000000 0000000000000000",  /* no such step */
        "1 1 7ff8000000000000 0000000000000000",   /* a band that is not a number (NaN) */
        "1 1 0000000000000000 fff0000000000000",   /* a fill of -infinity */
        "1 1 0000000000000000 00000000000000",     /* a field too short */
        "1 1 0000000000000000 0000000000000000 x", /* more after */
    };
    doc *dc = sample();
    style *st = lt_style("default");
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        run a = first_run(dc, st);
        char *path = image_memo_path();
        plans_replace(path, bad[i]);
        g_free(path);
        new_process(true);
        run b = lay(dc, st);
        if (b.remembered != 0)
            g_error("believed: %s", bad[i]);
        g_assert_cmpint(b.made, ==, a.made);
        g_assert_cmpstr(b.pages, ==, a.pages);
        run_clear(&a);
        run_clear(&b);
    }
    /* And one that holds together is believed: the test's own rewrite is sound. */
    run a = first_run(dc, st);
    char *path = image_memo_path();
    plans_replace(path, "0 1 0000000000000000 0000000000000000");
    g_free(path);
    new_process(true);
    run b = lay(dc, st);
    g_assert_cmpint(b.remembered, ==, a.made);
    run_clear(&a);
    run_clear(&b);
    style_free(st);
    doc_free(dc);
}

/*** The font folders are in the key ***/

static void test_fonts_identity(void)
{
    fonts *f = lt_fonts();
    bool matched = false;
    char *r = fonts_resolve(f, "BIZ UDPGothic", false, &matched);
    g_assert_true(matched);
    char *open = strrchr(r, '('), *close = strrchr(r, ')');
    g_assert_nonnull(open);
    g_assert_nonnull(close);
    char *file = g_strndup(open + 1, (gsize)(close - open - 1));
    char *dir = g_path_get_dirname(file);
    char *line = g_strdup_printf("\n%s ", dir);
    char *all = g_strdup_printf("\n%s", fonts_identity(f));
    if (!strstr(all, line))
        g_error("%s not in:\n%s", dir, all);
    g_assert_true(fonts_identity(f) == fonts_identity(f)); /* made once */
    g_free(all);
    g_free(line);
    g_free(dir);
    g_free(file);
    g_free(r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    cache = g_dir_make_tmp("tripreport-layout-memo-XXXXXX", NULL);
    g_assert_nonnull(cache);
    g_setenv("XDG_CACHE_HOME", cache, TRUE);
    g_test_add_func("/layout/memo/again", test_again);
    g_test_add_func("/layout/memo/edit", test_edit);
    g_test_add_func("/layout/memo/image-size", test_image_size);
    g_test_add_func("/layout/memo/design", test_design);
    g_test_add_func("/layout/memo/logo-shape", test_logo_shape);
    g_test_add_func("/layout/memo/not-believed", test_not_believed);
    g_test_add_func("/layout/memo/fonts-identity", test_fonts_identity);
    int r = g_test_run();
    char *argv_rm[] = { "rm", "-rf", cache, NULL };
    g_spawn_sync(NULL, argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    g_free(cache);
    lt_fonts_free();
    return r;
}
