/* Unit tests of style.c: layout files (layouts/NAME.layout) read over the
 * built-in design, their keys, `base:`, and the exact error messages. The
 * shipped layouts are read from the current folder (tests run from the
 * project's top folder). */
#include "diag.h"
#include "style.h"
#include "style_keys.h"

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

/*** Helpers ***/

/* Every message of 'd' as printed, each ending in "\n". Caller frees. */
static char *messages(const diag_list *d)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < d->msgs->len; i++) {
        char *m = diag_format(g_ptr_array_index(d->msgs, i));
        g_string_append(s, m);
        g_string_append_c(s, '\n');
        g_free(m);
    }
    return g_string_free(s, FALSE);
}

#define assert_messages(d, want)                                                                   \
    do {                                                                                           \
        char *got_ = messages(d);                                                                  \
        g_assert_cmpstr(got_, ==, (want));                                                         \
        g_free(got_);                                                                              \
    } while (0)

/* A temporary data folder with a layouts/ folder in it. */
typedef struct fixture {
    char *dir;     /* the data dir (absolute) */
    diag_list *d;
} fixture;

static void fx_write(fixture *fx, const char *rel, const char *text)
{
    char *p = g_build_filename(fx->dir, rel, NULL);
    char *parent = g_path_get_dirname(p);
    g_mkdir_with_parents(parent, 0700);
    g_assert_true(g_file_set_contents(p, text, -1, NULL));
    g_free(parent);
    g_free(p);
}

static void fx_setup(fixture *fx, gconstpointer data)
{
    (void)data;
    fx->dir = g_dir_make_tmp("test_style-XXXXXX", NULL);
    g_assert_nonnull(fx->dir);
    char *l = g_build_filename(fx->dir, "layouts", NULL);
    g_mkdir(l, 0700);
    g_free(l);
    fx->d = diag_list_new();
}

static void rm_tree(const char *dir)
{
    GDir *gd = g_dir_open(dir, 0, NULL);
    if (gd) {
        const char *n;
        while ((n = g_dir_read_name(gd))) {
            char *p = g_build_filename(dir, n, NULL);
            if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
                rm_tree(p);
            else
                g_unlink(p);
            g_free(p);
        }
        g_dir_close(gd);
    }
    g_rmdir(dir);
}

static void fx_teardown(fixture *fx, gconstpointer data)
{
    (void)data;
    rm_tree(fx->dir);
    g_free(fx->dir);
    diag_list_free(fx->d);
}

static const diag_loc nowhere = { NULL, 0, 0 };

/* Writes a PNG of w x h pixels at 'rel' (a logo). */
static void fx_write_png(fixture *fx, const char *rel, int w, int h)
{
    char *p = g_build_filename(fx->dir, rel, NULL);
    char *parent = g_path_get_dirname(p);
    g_mkdir_with_parents(parent, 0700);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    g_assert_cmpint(cairo_surface_write_to_png(s, p), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    g_free(parent);
    g_free(p);
}

/* Writes layouts/<name>.layout and loads it by name. */
static style *fx_load(fixture *fx, const char *name, const char *text)
{
    char *rel = g_strdup_printf("layouts/%s.layout", name);
    fx_write(fx, rel, text);
    g_free(rel);
    return style_load(name, fx->dir, NULL, nowhere, fx->d);
}

/* The one message expected from loading 'text' as layouts/x.layout; 'fmt'
 * is the message after "<dir>/layouts/x.layout:", as printed. */
static void expect_error(fixture *fx, const char *text, const char *want_tail)
{
    style *s = fx_load(fx, "x", text);
    g_assert_null(s);
    char *want = g_strdup_printf("%s/layouts/x.layout:%s\n", fx->dir, want_tail);
    assert_messages(fx->d, want);
    g_free(want);
    g_assert_cmpint(fx->d->errors, ==, 1);
    /* A fresh list for the next case in the same test. */
    diag_list_free(fx->d);
    fx->d = diag_list_new();
}

static double mm(double x)
{
    return x / 25.4 * 72.0;
}

/* Asserts that every design field of 'a' and 'b' is the same: every key
 * of the table (style_keys.h), by its type. */
static void assert_same_design(const style *a, const style *b)
{
    g_assert_cmpfloat(a->page_w_pt, ==, b->page_w_pt);
    g_assert_cmpfloat(a->page_h_pt, ==, b->page_h_pt);
    g_assert_cmpint(a->band_filled, ==, b->band_filled);
    g_assert_cmpstr(a->logo, ==, b->logo);
    g_assert_cmpfloat(a->logo_aspect, ==, b->logo_aspect);
    size_t fields = 0;
    for (size_t i = 0; i < style_key_count(); i++) {
        const key_def *k = style_key_at(i);
        const char *fa = (const char *)a + k->off, *fb = (const char *)b + k->off;
        if (k->off == 0 || k->type == T_BAND || k->type == T_LOGO)
            continue; /* above */
        fields++;
        if (k->type == T_FONT)
            g_assert_cmpstr(*(char *const *)fa, ==, *(char *const *)fb);
        else if (k->type == T_COLOR)
            g_assert_cmphex(*(const guint32 *)fa, ==, *(const guint32 *)fb);
        else if (k->type == T_COUNT || k->type == T_BALANCE)
            g_assert_cmpint(*(const int *)fa, ==, *(const int *)fb);
        else if (k->type == T_SIDE || k->type == T_YESNO)
            g_assert_cmpint(*(const bool *)fa, ==, *(const bool *)fb);
        else if (*(const double *)fa != *(const double *)fb)
            g_error("'%s': %.17g and %.17g", k->key, *(const double *)fa, *(const double *)fb);
    }
    g_assert_cmpuint(fields, >, 120);
    /* The tops of ranged sizes and the steps live outside the key table's fields. */
    g_assert_cmpfloat(a->scale.body_most_pt, ==, b->scale.body_most_pt);
    g_assert_cmpfloat(a->scale.body_step_pt, ==, b->scale.body_step_pt);
    g_assert_cmpfloat(a->scale.subheading_most_pt, ==, b->scale.subheading_most_pt);
    g_assert_cmpfloat(a->scale.table_most_pt, ==, b->scale.table_most_pt);
}

/*** The built-in design and the shipped layouts ***/

static void test_default_values(void)
{
    style *s = style_default();
    g_assert_cmpstr(s->name, ==, "default");
    g_assert_null(s->path);
    g_assert_cmpfloat_with_epsilon(s->page_w_pt, 841.89, 0.01);
    g_assert_cmpfloat_with_epsilon(s->page_h_pt, 595.28, 0.01);
    g_assert_cmpfloat(s->margin_top_pt, ==, mm(15));
    g_assert_cmpfloat(s->margin_bottom_pt, ==, mm(12));
    g_assert_cmpfloat(s->margin_left_pt, ==, mm(18));
    g_assert_cmpstr(s->font_body, ==, "BIZ UDPGothic");
    g_assert_cmpfloat(s->size_body_pt, ==, 15);
    g_assert_true(s->band_filled);
    g_assert_cmphex(s->color_accent, ==, 0x1E3A5F);
    g_assert_null(s->logo);
    /* The measures that were numbers in the layout's code, today's pages. */
    g_assert_cmpfloat(s->band.heading_top, ==, 0.35);
    g_assert_cmpfloat(s->band.gap_pt, ==, 22);
    g_assert_cmpfloat(s->band.gap_rule_pt, ==, 18);
    g_assert_cmpfloat(s->title.indent_pt, ==, 24);
    g_assert_cmpfloat(s->title.band_pt + s->title.band_stripe_pt, ==, 100);
    g_assert_cmpfloat(s->facts.image_share, ==, 0.46);
    g_assert_cmpfloat(s->facts.gap_pt, ==, 28);
    g_assert_cmpfloat(s->goals.size_plus_pt, ==, 1);
    g_assert_cmpfloat(s->text.paragraph_space, ==, 0.7);
    g_assert_cmpint(s->photos.per_page, ==, 6);
    g_assert_cmpfloat(s->photos.aspect, ==, 4.0 / 3.0);
    g_assert_cmphex(s->table.color_stripe, ==, 0xF6F8FB);
    g_assert_cmpfloat(s->logo_at.height_pt, ==, mm(12));
    g_assert_false(s->logo_at.left);
    style_free(s);
    style_free(NULL);
}

/* Every key is in the shipped default layout (a designer sees them all
 * there) and in docs/layout-format.md. */
static void test_keys_listed(void)
{
    char *layout = NULL, *doc = NULL;
    g_assert_true(g_file_get_contents("layouts/default.layout", &layout, NULL, NULL));
    g_assert_true(g_file_get_contents("docs/layout-format.md", &doc, NULL, NULL));
    for (size_t i = 0; i < style_key_count(); i++) {
        const key_def *k = style_key_at(i);
        char *line = g_strdup_printf("\n%s:", k->key);
        char *cell = g_strdup_printf("| `%s` |", k->key);
        if (k->type != T_BASE && k->type != T_MARGINS && k->type != T_LOGO && !strstr(layout, line))
            g_error("layouts/default.layout has no line '%s:'", k->key);
        if (!strstr(doc, cell))
            g_error("docs/layout-format.md has no row for '%s'", k->key);
        g_free(line);
        g_free(cell);
    }
    g_free(layout);
    g_free(doc);
}

static void test_shipped_default(void)
{
    diag_list *d = diag_list_new();
    style *s = style_load("default", ".", ".", nowhere, d);
    assert_messages(d, "");
    g_assert_nonnull(s);
    style *def = style_default();
    assert_same_design(s, def);
    g_assert_cmpstr(s->name, ==, "default");
    g_assert_cmpstr(s->path, ==, "layouts/default.layout");
    style_free(def);
    style_free(s);
    diag_list_free(d);
}

static void test_shipped_print(void)
{
    diag_list *d = diag_list_new();
    style *s = style_load("print", "", NULL, nowhere, d);
    assert_messages(d, "");
    g_assert_nonnull(s);
    g_assert_cmpstr(s->name, ==, "print");
    g_assert_cmpstr(s->path, ==, "layouts/print.layout");
    g_assert_false(s->band_filled);
    g_assert_cmphex(s->color_band, ==, 0xFFFFFF);
    g_assert_cmphex(s->color_fill_light, ==, 0xFFFFFF);
    g_assert_cmphex(s->color_text, ==, 0x000000);
    /* Inherited from default. */
    style *def = style_default();
    g_assert_cmpfloat(s->page_w_pt, ==, def->page_w_pt);
    g_assert_cmpfloat(s->size_body_pt, ==, def->size_body_pt);
    g_assert_cmpstr(s->font_heading, ==, def->font_heading);
    style_free(def);
    style_free(s);
    diag_list_free(d);
}

static void test_shipped_names(void)
{
    char *names = style_layout_names(".");
    g_assert_cmpstr(names, ==, "default, print");
    g_free(names);
    g_assert_null(style_layout_names("/nonexistent-tripreport-dir"));
}

/*** Every key type ***/

static void test_all_keys(fixture *fx, gconstpointer data)
{
    (void)data;
    fx_write_png(fx, "layouts/img/logo.png", 30, 10);
    style *s = fx_load(fx, "all",
                       "# every key\n"
                       "page-size: A4-portrait\n"
                       "margin: 10\n"
                       "margin-top: 20mm\n"
                       "margin-right: 21 mm\n"
                       "margin-bottom: 22.5MM\n"
                       "margin-left: ２３ｍｍ\n"
                       "font-title: Noto Serif CJK JP\n"
                       "font-heading: BIZ UDGothic\n"
                       "font-body: Noto Sans CJK JP\n"
                       "font-caption: ＭＳ ゴシック\n"
                       "font-table: DejaVu Sans, BIZ UDPGothic\n"
                       "size-title: 41\n"
                       "size-number: 89pt\n"
                       "size-place: 45 PT\n"
                       "size-heading: 27.5\n"
                       "size-subheading: 19\n"
                       "size-body: 16\n"
                       "size-caption: 12\n"
                       "size-table: 13\n"
                       "size-footer: 8\n"
                       "size-floor: 10\n"
                       "line-spacing: 1.75\n"
                       "heading-band: 40pt\n"
                       "band: Rule\n"
                       "color-text: #000000\n"
                       "color-muted: #abcdef\n"
                       "color-accent: #ABCDEF\n"
                       "color-accent2: ＃１２３４５６\n"
                       "color-band: #FFFFFF\n"
                       "color-band-text: #010203\n"
                       "color-rule: #808080\n"
                       "color-fill-light: #F0F0F0\n"
                       "logo: img/logo.png\n");
    assert_messages(fx->d, "");
    g_assert_nonnull(s);
    g_assert_cmpstr(s->name, ==, "all");
    g_assert_cmpfloat(s->page_w_pt, ==, mm(210));
    g_assert_cmpfloat(s->page_h_pt, ==, mm(297));
    g_assert_cmpfloat(s->margin_top_pt, ==, mm(20));
    g_assert_cmpfloat(s->margin_right_pt, ==, mm(21));
    g_assert_cmpfloat(s->margin_bottom_pt, ==, mm(22.5));
    g_assert_cmpfloat(s->margin_left_pt, ==, mm(23));
    g_assert_cmpstr(s->font_title, ==, "Noto Serif CJK JP");
    g_assert_cmpstr(s->font_heading, ==, "BIZ UDGothic");
    g_assert_cmpstr(s->font_body, ==, "Noto Sans CJK JP");
    g_assert_cmpstr(s->font_caption, ==, "ＭＳ ゴシック"); /* family names are kept as written */
    g_assert_cmpstr(s->font_table, ==, "DejaVu Sans, BIZ UDPGothic");
    g_assert_cmpfloat(s->size_title_pt, ==, 41);
    g_assert_cmpfloat(s->size_number_pt, ==, 89);
    g_assert_cmpfloat(s->size_place_pt, ==, 45);
    g_assert_cmpfloat(s->size_heading_pt, ==, 27.5);
    g_assert_cmpfloat(s->size_subheading_pt, ==, 19);
    g_assert_cmpfloat(s->size_body_pt, ==, 16);
    g_assert_cmpfloat(s->size_caption_pt, ==, 12);
    g_assert_cmpfloat(s->size_table_pt, ==, 13);
    g_assert_cmpfloat(s->size_footer_pt, ==, 8);
    g_assert_cmpfloat(s->size_floor_pt, ==, 10);
    g_assert_cmpfloat(s->line_spacing, ==, 1.75);
    g_assert_cmpfloat(s->heading_band_pt, ==, 40);
    g_assert_false(s->band_filled);
    g_assert_cmphex(s->color_text, ==, 0x000000);
    g_assert_cmphex(s->color_muted, ==, 0xABCDEF);
    g_assert_cmphex(s->color_accent, ==, 0xABCDEF);
    g_assert_cmphex(s->color_accent2, ==, 0x123456);
    g_assert_cmphex(s->color_band, ==, 0xFFFFFF);
    g_assert_cmphex(s->color_band_text, ==, 0x010203);
    g_assert_cmphex(s->color_rule, ==, 0x808080);
    g_assert_cmphex(s->color_fill_light, ==, 0xF0F0F0);
    char *logo = g_build_filename(fx->dir, "layouts", "img", "logo.png", NULL);
    g_assert_cmpstr(s->logo, ==, logo);
    g_assert_cmpfloat(s->logo_aspect, ==, 3);
    g_free(logo);
    style_free(s);
}

/* The measures: one key of each kind of value, written every way. */
static void test_measure_keys(fixture *fx, gconstpointer data)
{
    (void)data;
    style *s = fx_load(fx, "m",
                       "title-indent: 30\n"            /* pt */
                       "band-rule: 0.75 pt\n"
                       "heading-top: 50%\n"            /* share */
                       "facts-image-width: ４０％\n"
                       "title-top: 20\n"               /* the % may be left out */
                       "paragraph-space: 1.5em\n"      /* em */
                       "item-space: 0.5\n"
                       "size-goals: +3pt\n"            /* plus */
                       "size-bullets: -2\n"
                       "size-facts: ＋１２ｐｔ\n"
                       "size-photo-caption: + 0.5pt\n"
                       "photos-per-page: 9\n"          /* count */
                       "photo-aspect: 16:9\n"          /* ratio */
                       "closing-text-spacing: 2\n"     /* factor */
                       "logo-height: 20mm\n"           /* mm */
                       "logo-position: Left\n"         /* side */
                       "color-table-stripe: #010203\n");
    assert_messages(fx->d, "");
    g_assert_nonnull(s);
    g_assert_cmpfloat(s->title.indent_pt, ==, 30);
    g_assert_cmpfloat(s->band.rule_pt, ==, 0.75);
    g_assert_cmpfloat(s->band.heading_top, ==, 0.5);
    g_assert_cmpfloat(s->facts.image_share, ==, 0.4);
    g_assert_cmpfloat(s->title.top, ==, 0.2);
    g_assert_cmpfloat(s->text.paragraph_space, ==, 1.5);
    g_assert_cmpfloat(s->text.item_space, ==, 0.5);
    g_assert_cmpfloat(s->goals.size_plus_pt, ==, 3);
    g_assert_cmpfloat(s->table.bullets_plus_pt, ==, -2);
    g_assert_cmpfloat(s->facts.size_plus_pt, ==, 12);
    g_assert_cmpfloat(s->photos.caption_plus_pt, ==, 0.5);
    g_assert_cmpint(s->photos.per_page, ==, 9);
    g_assert_cmpfloat(s->photos.aspect, ==, 16.0 / 9.0);
    g_assert_cmpfloat(s->closing.text_spacing, ==, 2);
    g_assert_cmpfloat(s->logo_at.height_pt, ==, mm(20));
    g_assert_true(s->logo_at.left);
    g_assert_cmphex(s->table.color_stripe, ==, 0x010203);
    /* Untouched: the built-in values. */
    style *def = style_default();
    g_assert_cmpfloat(s->facts.gap_pt, ==, def->facts.gap_pt);
    g_assert_cmpfloat(s->margin_top_pt, ==, def->margin_top_pt);
    style_free(def);
    style_free(s);
}

/* A file with no keys is the built-in design; keys are case-insensitive. */
static void test_empty_and_case(fixture *fx, gconstpointer data)
{
    (void)data;
    style *s = fx_load(fx, "empty", "# nothing\n\n");
    assert_messages(fx->d, "");
    style *def = style_default();
    assert_same_design(s, def);
    g_assert_cmpstr(s->name, ==, "empty");
    style_free(s);
    s = fx_load(fx, "upper", "Size-Body: 17\nBAND: filled\n");
    assert_messages(fx->d, "");
    g_assert_cmpfloat(s->size_body_pt, ==, 17);
    g_assert_true(s->band_filled);
    style_free(s);
    style_free(def);
}

/* Ranged sizes: "least-most step s" in the forms a user writes, a single
 * size as a range of one value, the steps and the sizes that follow. */
static void test_ranges(fixture *fx, gconstpointer data)
{
    (void)data;
    style *s = fx_load(fx, "r", "size-body: 14-24pt step 2pt\nsize-subheading: 18 ~ 28\nsize-table: １４～２０ｐｔ\n");
    assert_messages(fx->d, "");
    g_assert_nonnull(s);
    g_assert_cmpfloat(s->size_body_pt, ==, 14);
    g_assert_cmpfloat(s->scale.body_most_pt, ==, 24);
    g_assert_cmpfloat(s->scale.body_step_pt, ==, 2);
    g_assert_cmpint(style_scale_steps(s), ==, 5);
    style top = style_at_step(s, 5), mid = style_at_step(s, 2), past = style_at_step(s, 9);
    g_assert_cmpfloat(top.size_body_pt, ==, 24);
    g_assert_cmpfloat(top.size_subheading_pt, ==, 28);
    g_assert_cmpfloat(top.size_table_pt, ==, 20);
    g_assert_cmpfloat(mid.size_body_pt, ==, 18);
    g_assert_cmpfloat(mid.size_subheading_pt, ==, 22);   /* 40 % of 18-28 */
    g_assert_cmpfloat(mid.size_table_pt, ==, 16.5);      /* 40 % of 14-20, to a quarter point */
    g_assert_cmpfloat(past.size_body_pt, ==, 24);        /* clamped to the top */
    g_assert_true(top.font_body == s->font_body);        /* strings shared */
    style_free(s);
    /* Without a step: 1 pt. A single size: no steps, the range's top is it. */
    s = fx_load(fx, "r2", "size-body: 15-18\nsize-subheading: 20pt\n");
    assert_messages(fx->d, "");
    g_assert_cmpint(style_scale_steps(s), ==, 3);
    g_assert_cmpfloat(style_at_step(s, 3).size_subheading_pt, ==, 20);
    style_free(s);
    s = fx_load(fx, "r3", "size-body: 16pt\n");
    assert_messages(fx->d, "");
    g_assert_cmpint(style_scale_steps(s), ==, 0);
    g_assert_cmpfloat(style_at_step(s, 0).size_body_pt, ==, 16);
    g_assert_cmpfloat(style_at_step(s, 4).size_body_pt, ==, 16);
    style_free(s);
    /* The composition keys. */
    s = fx_load(fx, "r4", "balance: Centre\nbalance-spread-most: 0.5em\ncontinuation-least: 25%\nsize-steps-apart: 0\n");
    assert_messages(fx->d, "");
    g_assert_cmpint(s->scale.balance, ==, BALANCE_CENTRE);
    g_assert_cmpfloat(s->scale.spread_most, ==, 0.5);
    g_assert_cmpfloat(s->scale.continuation_least, ==, 0.25);
    g_assert_cmpint(s->scale.steps_apart, ==, 0);
    style_free(s);
    s = style_default();
    g_assert_cmpint(s->scale.balance, ==, BALANCE_SPREAD);
    g_assert_cmpint(style_scale_steps(s), ==, 6);
    style_free(s);
}

static void test_range_errors(fixture *fx, gconstpointer data)
{
    (void)data;
    expect_error(fx, "size-body: 24-15pt\n",
                 "1:12: error: 'size-body' must be a range of sizes in pt between 4 and 200, the least first, like "
                 "15-24pt step 1.5pt; got '24-15pt'");
    expect_error(fx, "size-body: 15-24pt step 20pt\n",
                 "1:12: error: 'size-body' must be a range of sizes in pt between 4 and 200, the least first, like "
                 "15-24pt step 1.5pt; got '15-24pt step 20pt'");
    expect_error(fx, "size-body: 15-300\n",
                 "1:12: error: 'size-body' must be a range of sizes in pt between 4 and 200, the least first, like "
                 "15-24pt step 1.5pt; got '15-300'");
    expect_error(fx, "size-table: 14-21pt step 1pt\n",
                 "1:13: error: 'size-table' takes a range without a step (it follows the steps of size-body), like "
                 "14-21pt; got '14-21pt step 1pt'");
    expect_error(fx, "balance: middle\n", "1:10: error: 'balance' must be 'top', 'centre' or 'spread'; got 'middle'");
}

static void test_page_sizes(fixture *fx, gconstpointer data)
{
    (void)data;
    static const struct {
        const char *value;
        double w, h;
    } cases[] = {
        { "A4-landscape", 297, 210 }, { "a4-portrait", 210, 297 },  { "A3-landscape", 420, 297 },
        { "A3 portrait", 297, 420 },  { "B4-landscape", 364, 257 }, { "B5_portrait", 182, 257 },
        { "A5-landscape", 210, 148 }, { "297 x 210 mm", 297, 210 }, { "300x200", 300, 200 },
        { "250mm × 176mm", 250, 176 }, { "１８２ Ｘ ２５７ ｍｍ", 182, 257 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *text = g_strdup_printf("page-size: %s\n", cases[i].value);
        style *s = fx_load(fx, "p", text);
        assert_messages(fx->d, "");
        g_assert_nonnull(s);
        g_assert_cmpfloat(s->page_w_pt, ==, mm(cases[i].w));
        g_assert_cmpfloat(s->page_h_pt, ==, mm(cases[i].h));
        style_free(s);
        g_free(text);
    }
}

/* `margin` sets all four; a single side overrides it wherever it stands. */
static void test_margin_all(fixture *fx, gconstpointer data)
{
    (void)data;
    style *s = fx_load(fx, "m", "margin-left: 30\nmargin: 10mm\n");
    assert_messages(fx->d, "");
    g_assert_cmpfloat(s->margin_top_pt, ==, mm(10));
    g_assert_cmpfloat(s->margin_right_pt, ==, mm(10));
    g_assert_cmpfloat(s->margin_bottom_pt, ==, mm(10));
    g_assert_cmpfloat(s->margin_left_pt, ==, mm(30));
    style_free(s);
}

static void test_logo_none(fixture *fx, gconstpointer data)
{
    (void)data;
    fx_write_png(fx, "layouts/logo.png", 4, 4);
    fx_write(fx, "layouts/with.layout", "logo: logo.png\n");
    style *s = fx_load(fx, "without", "base: with\nlogo: none\n");
    assert_messages(fx->d, "");
    g_assert_null(s->logo);
    g_assert_cmpfloat(s->logo_aspect, ==, 0);
    style_free(s);
}

/*** base ***/

static void test_base(fixture *fx, gconstpointer data)
{
    (void)data;
    fx_write_png(fx, "layouts/logo.png", 8, 4);
    fx_write(fx, "layouts/parent.layout",
             "page-size: A4-portrait\nsize-body: 20\ncolor-accent: #112233\nlogo: logo.png\nband: rule\n");
    style *s = fx_load(fx, "child", "size-body: 12\nbase: parent\nfont-body: Noto Sans CJK JP\n");
    assert_messages(fx->d, "");
    g_assert_nonnull(s);
    g_assert_cmpstr(s->name, ==, "child");
    char *path = g_build_filename(fx->dir, "layouts", "child.layout", NULL);
    g_assert_cmpstr(s->path, ==, path);
    g_free(path);
    g_assert_cmpfloat(s->page_w_pt, ==, mm(210));          /* from parent */
    g_assert_cmphex(s->color_accent, ==, 0x112233);        /* from parent */
    g_assert_false(s->band_filled);                        /* from parent */
    g_assert_cmpfloat(s->size_body_pt, ==, 12);            /* overridden, before 'base:' too */
    g_assert_cmpstr(s->font_body, ==, "Noto Sans CJK JP"); /* own */
    g_assert_cmpstr(s->font_title, ==, "BIZ UDPGothic");   /* built-in */
    char *logo = g_build_filename(fx->dir, "layouts", "logo.png", NULL);
    g_assert_cmpstr(s->logo, ==, logo); /* resolved in the parent's folder */
    g_assert_cmpfloat(s->logo_aspect, ==, 2);
    g_free(logo);
    style_free(s);
}

/* A path: relative to 'base_dir'; its `base:` path relative to its folder;
 * a base name still looked up in the data dir. */
static void test_paths(fixture *fx, gconstpointer data)
{
    (void)data;
    fx_write(fx, "layouts/default.layout", "size-body: 14\n");
    fx_write(fx, "trip/designs/mine.layout", "base: ../common/x.layout\nsize-caption: 9\n");
    fx_write(fx, "trip/common/x.layout", "base: default\nsize-table: 10\n");
    char *trip = g_build_filename(fx->dir, "trip", NULL);
    style *s = style_load("designs/mine.layout", fx->dir, trip, nowhere, fx->d);
    assert_messages(fx->d, "");
    g_assert_nonnull(s);
    g_assert_cmpstr(s->name, ==, "mine");
    g_assert_cmpfloat(s->size_body_pt, ==, 14);
    g_assert_cmpfloat(s->size_table_pt, ==, 10);
    g_assert_cmpfloat(s->size_caption_pt, ==, 9);
    style_free(s);
    /* "mine.layout" without a '/' is a path too; an absolute path ignores base_dir. */
    char *designs = g_build_filename(trip, "designs", NULL);
    s = style_load("mine.layout", fx->dir, designs, nowhere, fx->d);
    assert_messages(fx->d, "");
    g_assert_nonnull(s);
    style_free(s);
    char *abs = g_build_filename(designs, "mine.layout", NULL);
    s = style_load(abs, fx->dir, "/nonexistent", nowhere, fx->d);
    assert_messages(fx->d, "");
    g_assert_nonnull(s);
    g_assert_cmpstr(s->path, ==, abs);
    style_free(s);
    g_free(abs);
    g_free(designs);
    g_free(trip);
}

static void test_base_loop(fixture *fx, gconstpointer data)
{
    (void)data;
    fx_write(fx, "layouts/a.layout", "# a\nbase: b\n");
    fx_write(fx, "layouts/b.layout", "size-body: 12\nbase: a\n");
    style *s = style_load("a", fx->dir, NULL, nowhere, fx->d);
    g_assert_null(s);
    char *want = g_strdup_printf("%1$s/layouts/b.layout:2:7: error: 'base' makes a loop (%1$s/layouts/a.layout → "
                                 "%1$s/layouts/b.layout → %1$s/layouts/a.layout); remove one 'base:' line\n",
                                 fx->dir);
    assert_messages(fx->d, want);
    g_free(want);
}

static void test_base_self(fixture *fx, gconstpointer data)
{
    (void)data;
    style *s = fx_load(fx, "self", "base: self.layout\n");
    g_assert_null(s);
    char *want = g_strdup_printf("%1$s/layouts/self.layout:1:7: error: 'base' makes a loop (%1$s/layouts/self.layout → "
                                 "%1$s/layouts/self.layout); remove one 'base:' line\n",
                                 fx->dir);
    assert_messages(fx->d, want);
    g_free(want);
}

/* An error in the base fails the layout; the file's own keys are still checked. */
static void test_base_errors(fixture *fx, gconstpointer data)
{
    (void)data;
    fx_write(fx, "layouts/bad.layout", "size-body: huge\n");
    style *s = fx_load(fx, "kid", "base: bad\ncolor-text: red\n");
    g_assert_null(s);
    char *want = g_strdup_printf("%1$s/layouts/bad.layout:1:12: error: 'size-body' must be a size in pt between 4 "
                                 "and 200; got 'huge'\n"
                                 "%1$s/layouts/kid.layout:2:13: error: bad colour 'red'; write #RRGGBB, like #1E3A5F\n",
                                 fx->dir);
    assert_messages(fx->d, want);
    g_free(want);
    diag_list_free(fx->d);
    fx->d = diag_list_new();

    s = fx_load(fx, "kid", "\nbase: fancy\n");
    g_assert_null(s);
    want = g_strdup_printf("%1$s/layouts/kid.layout:2:7: error: no layout 'fancy'; the layouts are bad, kid\n",
                           fx->dir);
    assert_messages(fx->d, want);
    g_free(want);
}

/*** Errors ***/

static void test_errors_keys(fixture *fx, gconstpointer data)
{
    (void)data;
    expect_error(fx, "# x\n\nfont-bdy: BIZ UDPGothic\n",
                 "3:1: error: unknown key 'font-bdy' (did you mean 'font-body'?)");
    expect_error(fx, "colour-text: #000000\n",
                 "1:1: error: unknown key 'colour-text' (did you mean 'color-text'?)");
    expect_error(fx, "heading: 見出し\n",
                 "1:1: error: unknown key 'heading'; the keys of a layout are listed in docs/layout-format.md");
    expect_error(fx, "size-body: 15\nband: rule\nSize-Body: 16\n",
                 "3:1: error: 'Size-Body' is given twice (first at line 1); keep one");
    expect_error(fx, "[goals]\n", "1:1: error: a layout has no pages; remove the line '[goals]' (a layout has only "
                                  "'key: value' lines)");
    expect_error(fx, "size-body:\n", "1:10: error: 'size-body' is empty; write a value after the colon, like 15-24pt step 1.5pt");
    expect_error(fx, "base:\n", "1:5: error: 'base' is empty; write a value after the colon, like default");
    expect_error(fx, "font-body:\n  BIZ\n  Gothic\n",
                 "2:3: error: 'font-body' must be one font family name on one line");
    expect_error(fx, "just words\n",
                 "1:1: error: expected 'key: value' or '[kind]'; to continue the value above, indent this line");
}

static void test_errors_values(fixture *fx, gconstpointer data)
{
    (void)data;
    expect_error(fx, "color-band: #12345\n", "1:13: error: bad colour '#12345'; write #RRGGBB, like #1E3A5F");
    expect_error(fx, "color-band: 1E3A5F\n", "1:13: error: bad colour '1E3A5F'; write #RRGGBB, like #1E3A5F");
    expect_error(fx, "color-band: #GG0000\n", "1:13: error: bad colour '#GG0000'; write #RRGGBB, like #1E3A5F");
    expect_error(fx, "size-body: big\n", "1:12: error: 'size-body' must be a size in pt between 4 and 200; got 'big'");
    expect_error(fx, "size-title: 3\n", "1:13: error: 'size-title' must be a size in pt between 4 and 200; got '3'");
    expect_error(fx, "size-floor: 15mm\n",
                 "1:13: error: 'size-floor' must be a size in pt between 4 and 200; got '15mm'");
    expect_error(fx, "size-body: 1e1\n", "1:12: error: 'size-body' must be a size in pt between 4 and 200; got '1e1'");
    expect_error(fx, "size-body: -5\n", "1:12: error: 'size-body' must be a size in pt between 4 and 200; got '-5'");
    expect_error(fx, "heading-band: 5\n",
                 "1:15: error: 'heading-band' must be a height in pt between 10 and 200; got '5'");
    expect_error(fx, "margin-top: 15pt\n",
                 "1:13: error: 'margin-top' must be a length in mm between 0 and 100; got '15pt'");
    expect_error(fx, "margin: 101\n", "1:9: error: 'margin' must be a length in mm between 0 and 100; got '101'");
    expect_error(fx, "line-spacing: 3.5\n",
                 "1:15: error: 'line-spacing' must be a factor between 1.0 and 3.0, like 1.5; got '3.5'");
    expect_error(fx, "line-spacing: 150%\n",
                 "1:15: error: 'line-spacing' must be a factor between 1.0 and 3.0, like 1.5; got '150%'");
    expect_error(fx, "band: stripes\n", "1:7: error: 'band' must be 'filled' or 'rule'; got 'stripes'");
    expect_error(fx, "page-size: A6-landscape\n",
                 "1:12: error: bad page size 'A6-landscape'; write a paper and its orientation, like "
                 "A4-landscape or B4-portrait (A3, A4, A5, B4, B5), or a size like '297 x 210 mm'");
    expect_error(fx, "page-size: A4\n",
                 "1:12: error: bad page size 'A4'; write a paper and its orientation, like "
                 "A4-landscape or B4-portrait (A3, A4, A5, B4, B5), or a size like '297 x 210 mm'");
    expect_error(fx, "page-size: 297 x\n",
                 "1:12: error: bad page size '297 x'; write a paper and its orientation, like "
                 "A4-landscape or B4-portrait (A3, A4, A5, B4, B5), or a size like '297 x 210 mm'");
    expect_error(fx, "page-size: 3000 x 210 mm\n",
                 "1:12: error: page size '3000 x 210 mm' is out of range; each side must be between 50 and 2000 mm");
    expect_error(fx, "page-size: A5-portrait\nmargin: 50\n",
                 "2:1: error: the margins leave 48 x 110 mm for the content (at least 50 x 50 is needed); make "
                 "them smaller or the page larger");
    /* The measures. */
    expect_error(fx, "title-indent: -3\n",
                 "1:15: error: 'title-indent' must be a length in pt between 0 and 300; got '-3'");
    expect_error(fx, "title-indent:\n", "1:13: error: 'title-indent' is empty; write a value after the colon, like 24pt");
    expect_error(fx, "band-rule: 0\n", "1:12: error: 'band-rule' must be a line width in pt between 0.1 and 20; got '0'");
    expect_error(fx, "heading-top: 120%\n",
                 "1:14: error: 'heading-top' must be a percentage between 0% and 100%, like 35%; got '120%'");
    expect_error(fx, "heading-top: 0.35pt\n",
                 "1:14: error: 'heading-top' must be a percentage between 0% and 100%, like 35%; got '0.35pt'");
    expect_error(fx, "paragraph-space: 12pt\n",
                 "1:18: error: 'paragraph-space' must be a factor of the text size between 0.0 and 10.0, like "
                 "0.7em; got '12pt'");
    expect_error(fx, "size-goals: 16pt\n",
                 "1:13: error: 'size-goals' must be the points added to size-body, with their sign, between -20 "
                 "and +60, like +1pt; got '16pt'");
    expect_error(fx, "size-facts-title: +70\n",
                 "1:19: error: 'size-facts-title' must be the points added to size-heading, with their sign, "
                 "between -20 and +60, like +6pt; got '+70'");
    expect_error(fx, "photos-per-page: 2.5\n",
                 "1:18: error: 'photos-per-page' must be a whole number between 1 and 16; got '2.5'");
    expect_error(fx, "photos-per-page: 17\n",
                 "1:18: error: 'photos-per-page' must be a whole number between 1 and 16; got '17'");
    expect_error(fx, "photo-aspect: 4/3\n",
                 "1:15: error: 'photo-aspect' must be a width and a height like 4:3, each between 1 and 100; got "
                 "'4/3'");
    expect_error(fx, "photo-aspect: 0:3\n",
                 "1:15: error: 'photo-aspect' must be a width and a height like 4:3, each between 1 and 100; got "
                 "'0:3'");
    expect_error(fx, "logo-position: top\n", "1:16: error: 'logo-position' must be 'right' or 'left'; got 'top'");
    expect_error(fx, "logo-height: 0.5\n",
                 "1:14: error: 'logo-height' must be a height in mm between 1 and 100; got '0.5'");
    expect_error(fx, "color-placeholder: grey\n",
                 "1:20: error: bad colour 'grey'; write #RRGGBB, like #1E3A5F");
}

static void test_error_logo(fixture *fx, gconstpointer data)
{
    (void)data;
    char *tail = g_strdup_printf("2:7: error: logo 'img/none.png' not found (looked for '%s/layouts/img/none.png'); "
                                 "check the name and the folder",
                                 fx->dir);
    expect_error(fx, "\nlogo: img/none.png\n", tail);
    g_free(tail);
    fx_write(fx, "layouts/img/x", "");
    expect_error(fx, "logo: img\n", "1:7: error: logo 'img' is a folder, not an image file");
    /* Read when the layout is: a logo the pages cannot show is said at its line. */
    fx_write(fx, "layouts/img/text.png", "not really a PNG");
    expect_error(fx, "logo: img/text.png\n",
                 "1:7: error: logo 'img/text.png' is not an image (it contains text); use a JPEG or PNG file");
}

/* All the problems of a file at once, in file order. */
static void test_errors_all_at_once(fixture *fx, gconstpointer data)
{
    (void)data;
    style *s = fx_load(fx, "many", "size-body: big\nfont-bdy: x\ncolor-text: #1234567\nsize-body: 12\n");
    g_assert_null(s);
    char *want = g_strdup_printf(
        "%1$s/layouts/many.layout:1:12: error: 'size-body' must be a size in pt between 4 and 200; got 'big'\n"
        "%1$s/layouts/many.layout:2:1: error: unknown key 'font-bdy' (did you mean 'font-body'?)\n"
        "%1$s/layouts/many.layout:3:13: error: bad colour '#1234567'; write #RRGGBB, like #1E3A5F\n"
        "%1$s/layouts/many.layout:4:1: error: 'size-body' is given twice (first at line 1); keep one\n",
        fx->dir);
    assert_messages(fx->d, want);
    g_free(want);
    g_assert_cmpint(fx->d->errors, ==, 4);
}

static void test_error_missing(fixture *fx, gconstpointer data)
{
    (void)data;
    fx_write(fx, "layouts/zeta.layout", "");
    fx_write(fx, "layouts/alpha.layout", "");
    fx_write(fx, "layouts/notes.txt", "");
    /* From the command line: no position. */
    style *s = style_load("fancy", fx->dir, NULL, nowhere, fx->d);
    g_assert_null(s);
    assert_messages(fx->d, "tripreport: error: no layout 'fancy'; the layouts are alpha, zeta\n");
    diag_list_free(fx->d);
    fx->d = diag_list_new();

    /* From a trip's `layout:` line: at its value. */
    diag_loc where = { diag_file(fx->d, "samples/x/trip.txt"), 9, 9 };
    s = style_load("fancy", fx->dir, "samples/x", where, fx->d);
    g_assert_null(s);
    assert_messages(fx->d, "samples/x/trip.txt:9:9: error: no layout 'fancy'; the layouts are alpha, zeta\n");
    diag_list_free(fx->d);
    fx->d = diag_list_new();

    /* A path. */
    where = (diag_loc){ diag_file(fx->d, "samples/x/trip.txt"), 9, 9 };
    s = style_load("my.layout", fx->dir, "samples/x", where, fx->d);
    g_assert_null(s);
    assert_messages(fx->d, "samples/x/trip.txt:9:9: error: layout file 'my.layout' not found (looked for "
                           "'samples/x/my.layout'); check the name and the folder, or name one of the layouts: "
                           "alpha, zeta\n");
    diag_list_free(fx->d);
    fx->d = diag_list_new();

    /* A folder. */
    char *folder = g_build_filename(fx->dir, "layouts", "dir.layout", NULL);
    g_mkdir(folder, 0700);
    s = style_load("dir", fx->dir, NULL, nowhere, fx->d);
    g_assert_null(s);
    char *want1 = g_strdup_printf("tripreport: error: '%s' is a folder, not a layout file\n", folder);
    assert_messages(fx->d, want1);
    g_free(want1);
    g_free(folder);
    diag_list_free(fx->d);
    fx->d = diag_list_new();

    /* No layouts at all. */
    char *empty = g_build_filename(fx->dir, "nothing", NULL);
    s = style_load("default", empty, NULL, nowhere, fx->d);
    g_assert_null(s);
    char *want = g_strdup_printf("tripreport: error: no layout 'default'; there are no layouts in '%s/layouts'\n", empty);
    assert_messages(fx->d, want);
    g_free(want);
    g_free(empty);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/style/default-values", test_default_values);
    g_test_add_func("/style/shipped-default", test_shipped_default);
    g_test_add_func("/style/shipped-print", test_shipped_print);
    g_test_add_func("/style/shipped-names", test_shipped_names);
    g_test_add_func("/style/keys-listed", test_keys_listed);
#define ADD(path, fn) g_test_add(path, fixture, NULL, fx_setup, fn, fx_teardown)
    ADD("/style/all-keys", test_all_keys);
    ADD("/style/measure-keys", test_measure_keys);
    ADD("/style/empty-and-case", test_empty_and_case);
    ADD("/style/page-sizes", test_page_sizes);
    ADD("/style/ranges", test_ranges);
    ADD("/style/range-errors", test_range_errors);
    ADD("/style/margin-all", test_margin_all);
    ADD("/style/logo-none", test_logo_none);
    ADD("/style/base", test_base);
    ADD("/style/paths", test_paths);
    ADD("/style/base-loop", test_base_loop);
    ADD("/style/base-self", test_base_self);
    ADD("/style/base-errors", test_base_errors);
    ADD("/style/errors-keys", test_errors_keys);
    ADD("/style/errors-values", test_errors_values);
    ADD("/style/error-logo", test_error_logo);
    ADD("/style/errors-all-at-once", test_errors_all_at_once);
    ADD("/style/error-missing", test_error_missing);
    return g_test_run();
}
