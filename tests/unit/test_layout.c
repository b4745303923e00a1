/* Unit tests of the layout (layout*.c): the invariant check (layout_check) itself, run
 * in-process over every golden and the sample in both shipped designs, and
 * over a matrix of every text role filled with absurd content (long text,
 * one huge word, many short lines, inline markup): nothing may be drawn
 * outside its box, and whatever had to be cut is said in a warning. Also
 * the warning for characters no installed font can draw, with its exact
 * position; the design's logo, drawn in the heading bands and on the title
 * page. Tests run from the project's top folder (goldens, layouts and the
 * generated photos are read from there). */
#include "build.h"
#include "fonts.h"
#include "layout.h"
#include "render.h"
#include "report.h"
#include "style.h"
#include "layouttest.h"
#include "testutil.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

/*** Helpers ***/

/* Under AddressSanitizer (with the slow unwinding tests/run.sh asks for)
 * a layout costs 50 times more: that build checks memory on a part of the
 * matrix, with shorter texts, and leaves the goldens to the plain build
 * (the e2e suite runs them with the sanitized program too). */
#if defined(__SANITIZE_ADDRESS__)
#define LIGHT 1
#else
#define LIGHT 0
#endif


/* Lays out 'dc' in design 'name'; the layout's check must hold. */
static void assert_layout_ok(const doc *dc, const char *name, diag_list *d, const char *what)
{
    style *st = lt_style(name);
    layout *l = layout_run(dc, st, lt_fonts(), d);
    GString *why = g_string_new(NULL);
    if (!layout_check(l, why))
        g_error("%s (%s): layout_check failed:\n%s", what, name, why->str);
    g_assert_cmpuint(l->pages->len, >, 0);
    g_string_free(why, TRUE);
    layout_free(l);
    style_free(st);
}

static bool has_warning_with(const diag_list *d, const char *part)
{
    for (guint i = 0; i < d->msgs->len; i++) {
        const diag_msg *m = g_ptr_array_index(d->msgs, i);
        if (m->severity == DIAG_WARNING && strstr(m->text, part))
            return true;
    }
    return false;
}

/*** The check over the goldens and the sample ***/

static void test_goldens(void)
{
    if (LIGHT) {
        g_test_skip("the plain build checks the goldens");
        return;
    }
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(files, g_strdup("samples/017-matsue/trip.txt"));
    GDir *dir = g_dir_open("tests/golden", 0, NULL);
    g_assert_nonnull(dir);
    const char *n;
    while ((n = g_dir_read_name(dir)))
        if (g_str_has_suffix(n, ".txt"))
            g_ptr_array_add(files, g_build_filename("tests/golden", n, NULL));
    g_dir_close(dir);
    g_assert_cmpuint(files->len, >, 10);
    for (guint i = 0; i < files->len; i++) {
        const char *f = g_ptr_array_index(files, i);
        const char *designs[] = { "default", "print" };
        for (guint k = 0; k < G_N_ELEMENTS(designs); k++) {
            diag_list *d = diag_list_new();
            char *text = NULL;
            g_assert_true(g_file_get_contents(f, &text, NULL, NULL));
            bool draft = strstr(text, "\n# golden-options: --draft") != NULL; /* text cut to fit: a warning */
            g_free(text);
            doc *dc = report_load(f, d, BUILD_CHECK_FILES | (draft ? BUILD_DRAFT : 0));
            g_assert_nonnull(dc);
            if (d->errors)
                g_error("%s has errors", f);
            assert_layout_ok(dc, designs[k], d, f);
            doc_free(dc);
            diag_list_free(d);
        }
    }
    g_ptr_array_unref(files);
}

/*** The check finds what is wrong ***/

static PangoLayout *text_layout(const char *s, double width_pt)
{
    PangoLayout *pl = pango_layout_new(lt_fonts()->context);
    PangoFontDescription *fd = pango_font_description_from_string("BIZ UDPGothic 15px");
    pango_layout_set_font_description(pl, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(pl, s, -1);
    if (width_pt > 0) {
        pango_layout_set_width(pl, (int)(width_pt * PANGO_SCALE));
        pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
    }
    return pl;
}

static void box_free_test(gpointer p)
{
    box *b = p;
    if (b->pango)
        g_object_unref(b->pango);
    g_free(b);
}

static void page_free_test(gpointer p)
{
    page *pg = p;
    g_ptr_array_unref(pg->boxes);
    g_free(pg);
}

/* A layout of one 800x600 page, content area (50, 50) 700x500, with one
 * text box (two lines, 100 pt wide) at (60, 60) and one image below it. */
static layout *small_layout(void)
{
    layout *l = g_new0(layout, 1);
    l->width_pt = 800;
    l->height_pt = 600;
    l->pages = g_ptr_array_new_with_free_func(page_free_test);
    l->skipped = g_ptr_array_new();
    page *pg = g_new0(page, 1);
    pg->number = 1;
    pg->boxes = g_ptr_array_new_with_free_func(box_free_test);
    pg->content = (layout_rect){ 50, 50, 700, 500 };
    g_ptr_array_add(l->pages, pg);
    box *t = g_new0(box, 1);
    t->type = BOX_TEXT;
    t->area = BOX_AREA_CONTENT;
    t->pango = text_layout("一行目\n二行目", 100);
    t->x_pt = 60;
    t->y_pt = 60;
    t->w_pt = 100;
    t->h_pt = 30;
    t->line_count = -1;
    t->role = "body";
    g_ptr_array_add(pg->boxes, t);
    box *im = g_new0(box, 1);
    im->type = BOX_IMAGE;
    im->area = BOX_AREA_CONTENT;
    im->x_pt = 60;
    im->y_pt = 100;
    im->w_pt = 200;
    im->h_pt = 150;
    im->role = "photo";
    g_ptr_array_add(pg->boxes, im);
    return l;
}

static void expect_fault(layout *l, const char *part)
{
    GString *why = g_string_new(NULL);
    g_assert_false(layout_check(l, why));
    if (!strstr(why->str, part))
        g_error("wanted a fault with '%s', got:\n%s", part, why->str);
    g_assert_false(layout_check(l, NULL)); /* 'why' may be NULL */
    g_string_free(why, TRUE);
}

static box *nth_box(layout *l, guint i)
{
    page *pg = g_ptr_array_index(l->pages, 0);
    return g_ptr_array_index(pg->boxes, i);
}

static void test_check_faults(void)
{
    layout *l = small_layout();
    GString *why = g_string_new(NULL);
    g_assert_true(layout_check(l, why));
    g_assert_cmpstr(why->str, ==, "");

    box *t = nth_box(l, 0), *im = nth_box(l, 1);
    t->h_pt = 20; /* two 15 pt lines in a 20 pt box */
    expect_fault(l, "its 2 lines are 30.00 pt high");
    t->h_pt = 30;

    t->w_pt = 20; /* lines wider than the box */
    expect_fault(l, "runs from");
    t->w_pt = 100;

    im->y_pt = 80; /* on the text */
    expect_fault(l, "overlaps the body box");
    im->y_pt = 100;

    im->y_pt = 420; /* below the content area, still on the page */
    expect_fault(l, "not inside the content area");
    im->y_pt = 700; /* off the page */
    expect_fault(l, "not inside the page");
    im->y_pt = 100;

    t->x_pt = 45; /* a glyph left of the content area */
    expect_fault(l, "not inside the content area");
    t->x_pt = 60;

    t->line_first = 1; /* shows the second line only */
    t->line_count = 1;
    t->h_pt = 15;
    g_assert_true(layout_check(l, NULL));
    t->line_count = 5; /* more lines than there are */
    expect_fault(l, "shows lines");
    t->line_first = 0;
    t->line_count = -1;
    t->h_pt = 30;

    im->area = BOX_AREA_NONE;
    expect_fault(l, "belongs to no area");
    im->area = BOX_AREA_FOOTER; /* the page has no footer strip */
    expect_fault(l, "footer area");
    im->area = BOX_AREA_CONTENT;

    ((page *)g_ptr_array_index(l->pages, 0))->content.h_pt = 600; /* the area itself leaves the page */
    expect_fault(l, "content area 50.00 50.00 700.00x600.00 is not inside the page");
    ((page *)g_ptr_array_index(l->pages, 0))->content.h_pt = 500;
    g_assert_true(layout_check(l, NULL));

    g_string_free(why, TRUE);
    g_ptr_array_unref(l->pages);
    g_ptr_array_unref(l->skipped);
    g_free(l);
}

/*** Every role with absurd content ***/

typedef struct content {
    const char *name;
    char *text;     /* one line */
    char *lines;    /* the same as an indented block */
} content;

/* An indented block of 'text': its lines (split at '\n') indented. */
static char *block(const char *text)
{
    GString *s = g_string_new("\n");
    char **ls = g_strsplit(text, "\n", -1);
    for (char **p = ls; *p; p++)
        g_string_append_printf(s, "  %s\n", *p);
    g_strfreev(ls);
    return g_string_free(s, FALSE);
}

static char *repeat(const char *s, int n)
{
    GString *g = g_string_new(NULL);
    for (int i = 0; i < n; i++)
        g_string_append(g, s);
    return g_string_free(g, FALSE);
}

/* 'tmpl' with "%1$s" replaced by 'a' and "%2$s" by 'b'. Caller frees. */
static char *fill(const char *tmpl, const char *a, const char *b)
{
    GString *s = g_string_new(NULL);
    for (const char *p = tmpl; *p;) {
        if (g_str_has_prefix(p, "%1$s")) {
            g_string_append(s, a);
            p += 4;
        } else if (g_str_has_prefix(p, "%2$s")) {
            g_string_append(s, b);
            p += 4;
        } else {
            g_string_append_c(s, *p++);
        }
    }
    return g_string_free(s, FALSE);
}

static void test_roles(void)
{
    /* %1$s: a value on one line, %2$s: an indented block. */
    static const struct {
        const char *name;
        const char *meta_key; /* the content goes into this metadata key ... */
        const char *body;     /* ... or into this page */
    } roles[] = {
        { "series", "series", "[text]\nheading: h\ntext: t\n" },
        { "place", "place", "[text]\nheading: h\ntext: t\n" },
        { "traveler", "traveler", "[text]\nheading: h\ntext: t\n" },
        { "organization", "organization", "[text]\nheading: h\ntext: t\n" },
        { "heading", NULL, "[text]\nheading:%2$stext: t\n" },
        { "subheading", NULL, "[text]\nheading: h\nsubheading:%2$stext: t\n" },
        { "text", NULL, "[text]\nheading: h\ntext:%2$s" },
        { "item", NULL, "[bullets]\nheading: h\nlist:\n  - %1$s\n    - %1$s\n" },
        { "goal", NULL, "[goals]\nheading: h\ngoal: %1$s\ntext: t\n" },
        { "goal-text", NULL, "[goals]\nheading: h\ngoal: g\ntext:%2$s" },
        { "caption", NULL, "[photos]\nheading: h\nphoto: out/fixtures/portrait.jpg\ncaption:%2$s"
                           "photo: out/fixtures/landscape.jpg\ncaption: %1$s\n" },
        { "table-header", NULL, "[schedule]\nheading: h\ncolumns: %1$s | b\nrow: 1 | 2\n" },
        { "table-cell", NULL, "[schedule]\nheading: h\ncolumns: a | b | c\nrow: %1$s | 2 | %1$s\nrow: x | y | z\n" },
        { "fact-label", NULL, "[facts]\nheading: h\nimage: out/fixtures/landscape.jpg\ncredit: c\ntitle: t\nfact: %1$s | b\n" },
        { "fact-value", NULL, "[facts]\nheading: h\nimage: out/fixtures/portrait.jpg\ncredit: c\ntitle: t\nfact: a | %1$s\n" },
        { "overview", NULL, "[overview]\nheading: h\nfact: %1$s | %1$s\n" },
        { "facts-title", NULL, "[facts]\nheading: h\nimage: out/fixtures/landscape.jpg\ncredit: c\ntitle:%2$sfact: a | b\n" },
        { "credit", NULL, "[facts]\nheading: h\nimage: out/fixtures/portrait.jpg\ncredit:%2$stitle: t\nfact: a | b\n" },
        { "closing-title", NULL, "[closing]\ntitle:%2$s" },
        { "closing-text", NULL, "[closing]\ntext:%2$s" },
        { "closing-signature", NULL, "[closing]\nsignature:%2$s" },
        { "closing-mark", NULL, "[closing]\nmark: %1$s\n" },
        { "closing-all", NULL, "[closing]\nmark: %1$s\ntitle:%2$stext:%2$ssignature:%2$s" },
    };
    int scale = LIGHT ? 3 : 1;
    char *ja = repeat("長い説明の文章です。", 150 / scale);
    char *word = repeat("W", 1500 / scale);
    char *marked = repeat("**太字**と[リンク](https://example.jp/)と", 60 / scale);
    GString *many = g_string_new(NULL);
    for (int i = 0; i < 120 / scale; i++)
        g_string_append_printf(many, "%s行%d", i ? "\n" : "", i);
    const char *contents[][2] = { { "japanese", ja }, { "word", word }, { "lines", many->str }, { "markup", marked } };
    for (guint r = 0; r < G_N_ELEMENTS(roles); r++) {
        for (guint k = 0; k < G_N_ELEMENTS(contents); k++) {
            if (LIGHT && k != r % G_N_ELEMENTS(contents))
                continue;
            const char *text = contents[k][1];
            char *one = g_strdup(text);
            for (char *p = one; *p; p++)
                if (*p == '\n')
                    *p = ' ';
            char *blk = block(text);
            GString *trip = g_string_new(NULL);
            const char *meta[][2] = { { "series", "旅する公務員" }, { "number", "3" }, { "place", "福島県会津若松市" },
                                      { "period", "2023-10-02 .. 2023-10-04" }, { "traveler", "磐梯太郎" },
                                      { "organization", "磐梯町役場" } };
            for (guint m = 0; m < G_N_ELEMENTS(meta); m++)
                g_string_append_printf(trip, "%s: %s\n", meta[m][0],
                                        roles[r].meta_key && strcmp(roles[r].meta_key, meta[m][0]) == 0 ? one : meta[m][1]);
            g_string_append_c(trip, '\n');
            char *body = fill(roles[r].body, one, blk);
            g_string_append(trip, body);
            g_free(body);
            tu_trip t = tu_build_file(trip->str, "trip.txt", true);
            if (t.d->errors) {
                char *all = tu_messages(t.d);
                g_error("%s/%s: build errors:\n%s", roles[r].name, contents[k][0], all);
            }
            char *what = g_strdup_printf("%s/%s", roles[r].name, contents[k][0]);
            assert_layout_ok(t.doc, "default", t.d, what);
            g_free(what);
            tu_trip_clear(&t);
            g_string_free(trip, TRUE);
            g_free(blk);
            g_free(one);
        }
    }
    g_string_free(many, TRUE);
    g_free(ja);
    g_free(word);
    g_free(marked);
}

/* What is cut says so, at the text's position. */
static void test_cut_warns(void)
{
    char *cap = repeat("長い説明の文章です。", 60);
    char *trip = g_strdup_printf(TU_META "[photos]\nheading: h\nphoto: out/fixtures/landscape.jpg\ncaption: %s\n", cap);
    tu_trip t = tu_build_file(trip, "trip.txt", true);
    g_assert_cmpint(t.d->errors, ==, 0);
    /* Text would be lost: an error. */
    assert_layout_ok(t.doc, "default", t.d, "long caption");
    tu_assert_has(t.d, "trip.txt:9:10: error: this caption does not fit in its space on the page even at the smallest "
                       "size; shorten it (with --draft the PDF is made with it cut after 10 lines)");
    /* A draft shows it cut, with a warning. */
    t.doc->draft = true;
    diag_list *dd = diag_list_new();
    assert_layout_ok(t.doc, "default", dd, "long caption (draft)");
    tu_assert_has(dd, "trip.txt:9:10: warning: this caption does not fit in its space on the page: it is cut after 10 "
                      "lines and ends in '…'; shorten it");
    g_assert_cmpint(dd->errors, ==, 0);
    diag_list_free(dd);
    tu_trip_clear(&t);
    g_free(trip);

    /* A table wider than the page is an error at its 'columns:' line. */
    GString *cols = g_string_new("columns: a");
    GString *row = g_string_new("row: 1");
    for (int i = 0; i < 30; i++) {
        g_string_append_printf(cols, " | c%d", i);
        g_string_append_printf(row, " | %d", i);
    }
    trip = g_strdup_printf(TU_META "[schedule]\nheading: h\n%s\n%s\n", cols->str, row->str);
    t = tu_build(trip);
    g_assert_cmpint(t.d->errors, ==, 0);
    assert_layout_ok(t.doc, "default", t.d, "wide table");
    tu_assert_has(t.d, "trip.txt:8:1: error: this table has 31 columns, but only 20 fit across the page; split it into two tables");
    tu_trip_clear(&t);
    g_free(trip);
    g_string_free(cols, TRUE);
    g_string_free(row, TRUE);

    /* A list nested deeper than the page is wide: drawn less deep, said. */
    GString *list = g_string_new("list:\n");
    for (int i = 0; i < 20; i++)
        g_string_append_printf(list, "%*s- 項目%d\n", 2 + 2 * i, "", i);
    trip = g_strdup_printf(TU_META "[bullets]\nheading: h\n%s", list->str);
    t = tu_build(trip);
    assert_layout_ok(t.doc, "default", t.d, "deep list");
    g_assert_true(has_warning_with(t.d, "nested 15 deep, more than the page has room for; it is drawn 14 deep"));
    tu_trip_clear(&t);
    g_free(trip);
    g_string_free(list, TRUE);
    g_free(cap);
}

/*** Characters no font has ***/

static void test_unknown_glyphs(void)
{
    /* U+10FFFD (private use, plane 16) is in no installed face. */
    const char *trip = TU_META "[text]\n"
                               "heading: 見出し\U0010FFFD\n"          /* line 7 */
                               "text:\n"
                               "  一行目 **太字\U0010FFFD**\n"        /* line 9: after the bold markup */
                               "  二行目\U0010FFFD [リンク\U0010FFFD](https://x.jp/)で\U0010FFFD\n" /* line 10 */
                               "\n"
                               "[schedule]\n"
                               "heading: h\n"
                               "columns: a | b\n"
                               "row: x | \U0010FFFD\n";               /* line 15 */
    tu_trip t = tu_build(trip);
    g_assert_cmpint(t.d->errors, ==, 0);
    assert_layout_ok(t.doc, "default", t.d, "unknown glyphs");
    tu_assert_has(t.d, "trip.txt:7:13: warning: no installed font can draw 'U+10FFFD' (\U0010FFFD); it will print as a box");
    tu_assert_has(t.d, "trip.txt:9:11: warning: no installed font can draw 'U+10FFFD' (\U0010FFFD); it will print as a box");
    tu_assert_has(t.d, "trip.txt:10:6: warning: no installed font can draw 'U+10FFFD' (\U0010FFFD); it will print as a box");
    tu_assert_has(t.d, "trip.txt:10:12: warning: no installed font can draw 'U+10FFFD' (\U0010FFFD); it will print as a box");
    tu_assert_has(t.d, "trip.txt:10:30: warning: no installed font can draw 'U+10FFFD' (\U0010FFFD); it will print as a box");
    tu_assert_has(t.d, "trip.txt:15:10: warning: no installed font can draw 'U+10FFFD' (\U0010FFFD); it will print as a box");
    g_assert_cmpint(t.d->warnings, ==, 6); /* each once, however often it is laid out */
    tu_trip_clear(&t);

    /* Metadata has no position in the doc: the file is named. */
    t = tu_build("number: 3\nplace: 松江\U0010FFFD\nperiod: 2024-02-07\ntraveler: t\n\n[text]\nheading: h\ntext: t\n");
    assert_layout_ok(t.doc, "default", t.d, "unknown glyph in the metadata");
    tu_assert_has(t.d, "trip.txt: warning: no installed font can draw 'U+10FFFD' (\U0010FFFD) in the metadata or a "
                       "page's furniture; it will print as a box");
    g_assert_cmpint(t.d->warnings, ==, 1);
    tu_trip_clear(&t);

    /* Ordinary text: no warning. */
    t = tu_build(TU_META "[text]\nheading: 見出し\ntext: 本文と English と 123。\n");
    assert_layout_ok(t.doc, "default", t.d, "ordinary text");
    g_assert_cmpint(t.d->warnings, ==, 0);
    tu_trip_clear(&t);
}

/*** The logo ***/

/* The boxes of role 'role' on page 'pg'. */
static GPtrArray *boxes_of(const page *pg, const char *role)
{
    GPtrArray *a = g_ptr_array_new();
    for (guint j = 0; j < pg->boxes->len; j++) {
        box *b = g_ptr_array_index(pg->boxes, j);
        if (b->role && strcmp(b->role, role) == 0)
            g_ptr_array_add(a, b);
    }
    return a;
}

/* How many image objects a PDF holds. */
static int pdf_images(GBytes *pdf)
{
    gsize len;
    const char *p = g_bytes_get_data(pdf, &len), *end = p + len;
    int n = 0;
    for (const char *q = p; (q = memmem(q, (size_t)(end - q), "/Subtype /Image", 15)); q++)
        n++;
    return n;
}

static void test_logo(void)
{
    const char *trip = TU_META "[text]\nheading: 見出しと、ロゴの横に並ぶ、とても長い見出しの続きの言葉です\ntext: 本文です。\n"
                               "[closing]\ntitle: ありがとうございました\n";
    char *dir = g_dir_make_tmp("test_layout-XXXXXX", NULL);
    char *logo = g_canonicalize_filename("out/fixtures/alpha.png", NULL); /* 200 x 150 */
    const char *bases[] = { "default", "print" }, *sides[] = { "right", "left" };
    for (guint k = 0; k < G_N_ELEMENTS(bases); k++) {
        for (guint side = 0; side < G_N_ELEMENTS(sides); side++) {
            char *path = g_build_filename(dir, "logo.layout", NULL);
            char *text = g_strdup_printf("base: %s\nlogo: %s\nlogo-position: %s\n", bases[k], logo, sides[side]);
            g_assert_true(g_file_set_contents(path, text, -1, NULL));
            diag_list *d = diag_list_new();
            style *st = style_load(path, fonts_data_dir(), NULL, (diag_loc){ NULL, 0, 0 }, d);
            g_assert_nonnull(st);
            g_assert_cmpfloat(st->logo_aspect, ==, 200.0 / 150.0);
            tu_trip t = tu_build(trip);
            g_assert_cmpint(t.d->errors, ==, 0);
            layout *l = layout_run(t.doc, st, lt_fonts(), t.d);
            GString *why = g_string_new(NULL);
            if (!layout_check(l, why)) /* inside the band, overlapping nothing */
                g_error("%s, %s: %s", bases[k], sides[side], why->str);
            g_string_free(why, TRUE);
            g_assert_cmpuint(l->pages->len, ==, 3);
            for (guint i = 0; i < l->pages->len; i++) {
                const page *pg = g_ptr_array_index(l->pages, i);
                GPtrArray *logos = boxes_of(pg, "logo");
                /* On the title page and the section's, not the closing page. */
                g_assert_cmpuint(logos->len, ==, pg->section->kind == DOC_KIND_CLOSING ? 0 : 1);
                if (logos->len) {
                    const box *b = g_ptr_array_index(logos, 0);
                    g_assert_cmpint(b->type, ==, BOX_IMAGE);
                    g_assert_cmpstr(b->path, ==, logo);
                    g_assert_cmpfloat_with_epsilon(b->w_pt / b->h_pt, 200.0 / 150.0, 1e-9);
                    g_assert_cmpfloat(b->h_pt, <=, st->logo_at.height_pt + 1e-9);
                    const layout_rect *r = pg->section->kind == DOC_KIND_TITLE ? &pg->content : &pg->band;
                    g_assert_cmpint(b->area, ==, pg->section->kind == DOC_KIND_TITLE ? BOX_AREA_CONTENT : BOX_AREA_BAND);
                    /* At its end of the band (or of the title page's top). */
                    if (side == 0)
                        g_assert_cmpfloat_with_epsilon(b->x_pt + b->w_pt, r->x_pt + r->w_pt, 1e-9);
                    else
                        g_assert_cmpfloat_with_epsilon(b->x_pt, r->x_pt, 1e-9);
                    /* The heading keeps to the rest of the band. */
                    GPtrArray *hs = boxes_of(pg, "heading");
                    if (hs->len) {
                        const box *h = g_ptr_array_index(hs, 0);
                        if (side == 0)
                            g_assert_cmpfloat(h->x_pt + h->w_pt + st->logo_at.gap_pt, <=, b->x_pt + 1e-9);
                        else
                            g_assert_cmpfloat(h->x_pt, >=, b->x_pt + b->w_pt + st->logo_at.gap_pt - 1e-9);
                    }
                    g_ptr_array_unref(hs);
                }
                g_ptr_array_unref(logos);
            }
            /* The PDF holds the image once however many pages show it:
             * the PNG's pixels and its alpha as an /SMask (cairo's
             * placeholder for it gone); without the logo, none. */
            pdf_options o = { .creator = "test", .epoch = 0 };
            GBytes *pdf = pdf_render_to_memory(l, t.doc, &o, d);
            g_assert_nonnull(pdf);
            g_assert_cmpint(pdf_images(pdf), ==, 2);
            g_bytes_unref(pdf);
            layout_free(l);
            g_free(st->logo);
            st->logo = NULL;
            l = layout_run(t.doc, st, lt_fonts(), t.d);
            for (guint i = 0; i < l->pages->len; i++) {
                GPtrArray *logos = boxes_of(g_ptr_array_index(l->pages, i), "logo");
                g_assert_cmpuint(logos->len, ==, 0);
                g_ptr_array_unref(logos);
            }
            pdf = pdf_render_to_memory(l, t.doc, &o, d);
            g_assert_cmpint(pdf_images(pdf), ==, 0);
            g_bytes_unref(pdf);
            g_assert_cmpint(d->errors, ==, 0);
            layout_free(l);
            tu_trip_clear(&t);
            style_free(st);
            diag_list_free(d);
            g_unlink(path);
            g_free(text);
            g_free(path);
        }
    }
    g_rmdir(dir);
    g_free(dir);
    g_free(logo);
}

/*** The photo pages' frames, known before the layout ***/

static void early_one(void *data, const char *path, double w_pt, double h_pt, bool cover)
{
    g_string_append_printf(data, "%s %.3f %.3f %d\n", path, w_pt, h_pt, cover);
}

/* The images of the [photos] pages of 'l', as early_one writes them. */
static char *photo_frames(const layout *l, guint *n)
{
    GString *s = g_string_new(NULL);
    *n = 0;
    for (guint i = 0; i < l->pages->len; i++) {
        const page *pg = g_ptr_array_index(l->pages, i);
        for (guint k = 0; pg->section->kind == DOC_KIND_PHOTOS && k < pg->boxes->len; k++) {
            const box *b = g_ptr_array_index(pg->boxes, k);
            if (b->type == BOX_IMAGE && b->path) {
                early_one(s, b->path, b->w_pt, b->h_pt, b->cover);
                (*n)++;
            }
        }
    }
    return g_string_free(s, FALSE);
}

/* The band of the first [photos] page of 'dc' laid out in 'st'. */
static double photos_band(const doc *dc, const style *st)
{
    diag_list *d = diag_list_new();
    layout *l = layout_run(dc, st, lt_fonts(), d);
    double h = -1;
    for (guint i = 0; i < l->pages->len && h < 0; i++) {
        const page *pg = g_ptr_array_index(l->pages, i);
        if (pg->section->kind == DOC_KIND_PHOTOS)
            h = pg->band.h_pt;
    }
    layout_free(l);
    diag_list_free(d);
    return h;
}

/* A trip of one [photos] section: 'heading', 'n' of the sample's photos
 * (the third filling its cell). */
static char *photos_trip(const char *heading, int n)
{
    const char *names[] = { "01-city-hall", "02-counter", "03-temporary", "04-space",
                            "05-assembly", "06-history",  "07-gallery",   "08-sunrise" };
    GString *t = g_string_new(TU_META "[photos]\nheading: ");
    g_string_append_printf(t, "%s\n", heading);
    for (int i = 0; i < n; i++) {
        char *rel = g_strdup_printf("samples/017-matsue/photos/%s", names[i % 8]);
        char *p = g_canonicalize_filename(rel, NULL);
        g_free(rel);
        g_string_append_printf(t, "photo: %s.jpg\n%scaption: 写真 %d の説明\n", p, i == 2 ? "fit: cover\n" : "", i);
        g_free(p);
    }
    return g_string_free(t, FALSE);
}

/* layout_early_images gives the images of the photo pages in the frames
 * layout_run gives them (to 1/1000 pt, in order, 'cover' too), and
 * nothing else (the sample's map, in a [text] section), and makes or
 * takes no plan: for the sample, and for a [photos] section over two pages
 * whose heading needs a taller band with （続き） than without (the band
 * both pages share: the frames lower and smaller), in both designs. */
static void test_early_images(void)
{
    if (LIGHT) {
        g_test_skip("the plain build lays out these trips");
        return;
    }
    const char *designs[] = { "default", "print" };
    for (guint k = 0; k < G_N_ELEMENTS(designs); k++) {
        style *st = lt_style(designs[k]);
        /* The heading, one character longer each time, until the section's
         * second page makes its band taller than one page alone has. */
        tu_trip tall = { 0 };
        for (int len = 150; len <= 200 && !tall.doc; len++) {
            GString *h = g_string_new(NULL);
            for (int i = 0; i < len; i++)
                g_string_append(h, i % 5 == 4 ? "、" : "語");
            char *one = photos_trip(h->str, 1), *many = photos_trip(h->str, 8);
            tu_trip a = tu_build_file(one, "trip.txt", true), b = tu_build_file(many, "trip.txt", true);
            g_assert_cmpint(a.d->errors + b.d->errors, ==, 0);
            if (photos_band(b.doc, st) > photos_band(a.doc, st) + 1)
                tall = b;
            else
                tu_trip_clear(&b);
            tu_trip_clear(&a);
            g_free(one);
            g_free(many);
            g_string_free(h, TRUE);
        }
        if (!tall.doc)
            g_error("%s: no heading of 150 to 200 characters needs a taller band on a second page", designs[k]);
        diag_list *sd = diag_list_new();
        doc *sample = report_load("samples/017-matsue/trip.txt", sd, BUILD_CHECK_FILES);
        g_assert_nonnull(sample);
        const doc *docs[] = { sample, tall.doc };
        for (guint i = 0; i < G_N_ELEMENTS(docs); i++) {
            int made0, taken0, made1, taken1;
            layout_plan_stats(&made0, &taken0);
            GString *early = g_string_new(NULL);
            layout_early_images(docs[i], st, lt_fonts(), early_one, early);
            layout_plan_stats(&made1, &taken1);
            g_assert_cmpint(made1, ==, made0);
            g_assert_cmpint(taken1, ==, taken0);
            diag_list *d = diag_list_new();
            layout *l = layout_run(docs[i], st, lt_fonts(), d);
            guint n = 0;
            char *want = photo_frames(l, &n);
            g_assert_cmpuint(n, ==, 8);
            g_assert_cmpstr(early->str, ==, want);
            g_free(want);
            g_string_free(early, TRUE);
            layout_free(l);
            diag_list_free(d);
        }
        doc_free(sample);
        diag_list_free(sd);
        tu_trip_clear(&tall);
        style_free(st);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/layout/check/faults", test_check_faults);
    g_test_add_func("/layout/check/goldens", test_goldens);
    g_test_add_func("/layout/bounds/roles", test_roles);
    g_test_add_func("/layout/bounds/cut-warns", test_cut_warns);
    g_test_add_func("/layout/unknown-glyphs", test_unknown_glyphs);
    g_test_add_func("/layout/logo", test_logo);
    g_test_add_func("/layout/early-images", test_early_images);
    int r = g_test_run();
    lt_fonts_free();
    return r;
}
