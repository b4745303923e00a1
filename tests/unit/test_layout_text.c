/* Unit tests of layout_text's memo of layouts (text_make hands out again
 * what it made with the same text and options) and its fitting of a line to
 * a width (text_fitted_size): the size it finds is the one the step-by-step search
 * finds (every size 4 % below the one before, down to the floor, each laid
 * out until one fits), over headings and titles of Japanese, Latin, digits,
 * bold and ruby, at widths from the full size's down to below the floor's;
 * and it finds it with a layout or two, not one a step (each new size costs
 * Pango a font pattern, a font sort and two threads). */
#include "doc.h"
#include "fonts.h"
#include "inline.h"
#include "layout_text.h"
#include "style.h"
#include "layouttest.h"
#include "testutil.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* Under AddressSanitizer a layout costs many times more: that build checks
 * one face, one size and fewer widths. */
#if defined(__SANITIZE_ADDRESS__)
#define LIGHT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LIGHT 1
#endif
#endif
#ifndef LIGHT
#define LIGHT 0
#endif


/* The search as it was before it predicted: every step laid out in turn. */
static double fitted_stepwise(layout_ctx *c, const doc_text *t, text_opts o, double max_w, int *steps)
{
    double floor_pt = MIN(c->st->size_floor_pt, o.size_pt);
    double size = o.size_pt;
    *steps = 0;
    for (;;) {
        o.size_pt = size;
        o.width_pt = 0;
        PangoLayout *pl = text_build(c, t->str, t->spans, 0, -1, &o, false);
        double w = text_width(pl);
        g_object_unref(pl);
        ++*steps;
        if (w <= max_w + 0.01)
            return size;
        if (size <= floor_pt)
            return floor_pt;
        size = MAX(floor_pt, size * 0.96);
    }
}

static double width_at(layout_ctx *c, const doc_text *t, text_opts o)
{
    o.width_pt = 0;
    PangoLayout *pl = text_build(c, t->str, t->spans, 0, -1, &o, false);
    double w = text_width(pl);
    g_object_unref(pl);
    return w;
}

static const char *const texts[] = {
    "◆「ボーナストラック」的 目的",
    "「旅する公務員」第17弾 島根県松江市",
    "**磐梯町役場** デジタル変革戦略室",
    "2024年2月7日（水）～2024年2月9日（金）",
    "Digital Transformation Strategy Office, Bandai Town",
    "{宍道湖|しんじこ}と{松江城|まつえじょう}の視察報告",
    "「B面」的 目的について報告③（続き）",
    "WWWWWWWWWW iiiiiiiiii 1234567890 —— ……",
};

static void test_fitted_same_as_stepwise(void)
{
    style *st = lt_style("default");
    diag_list *d = diag_list_new();
    doc *dc = doc_new("t.txt");
    layout_ctx c = { 0 };
    c.dc = dc;
    c.st = st;
    c.f = lt_fonts();
    c.d = d;
    int cases = 0, skipped_steps = 0, floor_cases = 0;
    double stray = 0;
    for (guint i = 0; i < G_N_ELEMENTS(texts); i++) {
        doc_text *t = inline_parse(dc, texts[i], (diag_loc){ NULL, 0, 0 }, NULL);
        /* The design's faces, and faces that have palt (proportional
         * punctuation, set with it) and kerning. */
        const char *families[] = { st->font_heading, st->font_body, "Noto Sans CJK JP", "IPAexGothic" };
        for (int k = 0; k < (LIGHT ? 2 : 8); k++) {
            bool bold = k % 2;
            const double starts[] = { 28, 19.5 };
            for (guint s = 0; s < (LIGHT ? 1 : G_N_ELEMENTS(starts)); s++) {
                text_opts o = text_opts_of(families[k / 2], starts[s], bold, 0, PANGO_ALIGN_LEFT);
                o.palt = bold;
                double w0 = width_at(&c, t, o);
                /* How far the width at the floor strays from the width in
                 * proportion (what the prediction leans on). */
                text_opts f = o;
                f.size_pt = MIN(st->size_floor_pt, o.size_pt);
                stray = MAX(stray, fabs(width_at(&c, t, f) - w0 * f.size_pt / o.size_pt) / w0);
                /* From wider than the text down to narrower than it is at
                 * the floor, in uneven steps that land near every rung. */
                for (double share = 1.05; share > 0.3; share -= LIGHT ? 0.047 : 0.0173) {
                    double max_w = w0 * share;
                    int steps, probes;
                    double want = fitted_stepwise(&c, t, o, max_w, &steps);
                    double got = text_fitted_size_probed(&c, t->str, t->spans, o, max_w, (diag_loc){ NULL, 0, 0 },
                                                         NULL, &probes);
                    if (got != want)
                        g_error("'%s' at %.2f pt in %.3f pt: %.4f pt, step by step %.4f pt", texts[i], o.size_pt,
                                max_w, got, want);
                    /* One layout at the first size, one where the width
                     * says it fits, and one more only when that is too
                     * close to tell. */
                    g_assert_cmpint(probes, <=, MIN(steps, 3));
                    cases++;
                    skipped_steps += steps - probes;
                    floor_cases += want == MIN(st->size_floor_pt, o.size_pt);
                }
            }
        }
    }
    g_test_message("%d cases, %d at the floor, %d layouts saved, largest stray from proportion %.5f", cases,
                   floor_cases, skipped_steps, stray);
    g_assert_cmpint(floor_cases, >, 0);
    g_assert_cmpint(skipped_steps, >, cases); /* steps were passed over */
    g_assert_cmpfloat(stray, <, 0.001);
    doc_free(dc);
    diag_list_free(d);
    style_free(st);
}

/* A text too wide even at the floor: the floor, with the warning, as
 * before; and a text that fits at once takes one layout. */
static void test_fitted_floor_and_first(void)
{
    style *st = lt_style("default");
    diag_list *d = diag_list_new();
    doc *dc = doc_new("t.txt");
    layout_ctx c = { 0 };
    c.dc = dc;
    c.st = st;
    c.f = lt_fonts();
    c.d = d;
    text_opts o = text_opts_of(st->font_heading, 28, true, 0, PANGO_ALIGN_LEFT);
    int probes;
    double got = text_fitted_size_probed(&c, texts[0], NULL, o, 40, (diag_loc){ "t.txt", 3, 1 }, "this heading",
                                         &probes);
    g_assert_cmpfloat(got, ==, st->size_floor_pt);
    g_assert_cmpint(probes, ==, 2); /* the first size, then straight to the floor */
    g_assert_cmpuint(d->msgs->len, ==, 1);
    g_assert_nonnull(strstr(((diag_msg *)g_ptr_array_index(d->msgs, 0))->text, "does not fit on one line"));
    got = text_fitted_size_probed(&c, texts[0], NULL, o, 2000, (diag_loc){ "t.txt", 3, 1 }, "this heading", &probes);
    g_assert_cmpfloat(got, ==, 28);
    g_assert_cmpint(probes, ==, 1);
    g_assert_cmpuint(d->msgs->len, ==, 1);
    doc_free(dc);
    diag_list_free(d);
    style_free(st);
}

/* The same text with the same options is laid out once: text_make hands
 * out the layout it made before (and says again what it said then); any
 * difference in what the layout depends on makes a new one. */
static void test_make_memo(void)
{
    style *st = lt_style("default");
    diag_list *d = diag_list_new();
    doc *dc = doc_new("t.txt");
    layout_ctx c = { 0 };
    c.dc = dc;
    c.st = st;
    c.f = lt_fonts();
    c.d = d;
    const char *src = "見学先は https://example.com/a/very/long/path/that/cannot/fit/on/one/line です";
    doc_text *t = inline_parse(dc, src, (diag_loc){ NULL, 0, 0 }, NULL);
    text_opts o = text_opts_of(st->font_body, 18, false, 120, PANGO_ALIGN_LEFT);
    diag_loc at = { "t.txt", 4, 7 };
    PangoLayout *a = text_make(&c, t->str, t->spans, 0, -1, &o, at, NULL);
    PangoLayout *b = text_make(&c, t->str, t->spans, 0, -1, &o, at, NULL);
    g_assert_true(a == b);
    g_assert_cmpuint(d->msgs->len, ==, 2); /* the URL broken inside its line, said both times */
    char *m0 = diag_format(g_ptr_array_index(d->msgs, 0)), *m1 = diag_format(g_ptr_array_index(d->msgs, 1));
    g_assert_cmpstr(m0, ==, m1);
    g_assert_nonnull(strstr(m0, "t.txt:4:12: warning:")); /* at the URL, 5 characters in */
    g_free(m0);
    g_free(m1);
    bool warned = true; /* said already: not again */
    g_object_unref(text_make(&c, t->str, t->spans, 0, -1, &o, at, &warned));
    g_assert_cmpuint(d->msgs->len, ==, 2);
    /* Another size, width, weight, part of the text, or bold span. */
    text_opts o2 = o;
    o2.size_pt = 17;
    PangoLayout *other[5];
    other[0] = text_make(&c, t->str, t->spans, 0, -1, &o2, NO_LOC, NULL);
    o2 = o;
    o2.width_pt = 121;
    other[1] = text_make(&c, t->str, t->spans, 0, -1, &o2, NO_LOC, NULL);
    o2 = o;
    o2.bold = true;
    other[2] = text_make(&c, t->str, t->spans, 0, -1, &o2, NO_LOC, NULL);
    other[3] = text_make(&c, t->str, t->spans, 0, (int)strlen(t->str) - 3, &o, NO_LOC, NULL);
    doc_text *tb = inline_parse(dc, "**見学先**は https://example.com/a/very/long/path/that/cannot/fit/on/one/line です",
                                (diag_loc){ NULL, 0, 0 }, NULL);
    g_assert_cmpstr(tb->str, ==, t->str);
    other[4] = text_make(&c, tb->str, tb->spans, 0, -1, &o, NO_LOC, NULL);
    for (int i = 0; i < 5; i++) {
        g_assert_true(other[i] != a);
        g_object_unref(other[i]);
    }
    g_assert_cmpint(pango_layout_get_line_count(a), >, 1);
    g_object_unref(a);
    g_object_unref(b);
    doc_free(dc);
    diag_list_free(d);
    style_free(st);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/layout-text/fitted/same-as-stepwise", test_fitted_same_as_stepwise);
    g_test_add_func("/layout-text/fitted/floor-and-first", test_fitted_floor_and_first);
    g_test_add_func("/layout-text/make/memo", test_make_memo);
    int r = g_test_run();
    lt_fonts_free();
    return r;
}
