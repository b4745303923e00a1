/* Unit tests of typeset.c: the ranges kept whole (dates, numbers with
 * their units, Latin words, URLs, dash and ellipsis pairs), where the
 * allow-breaks attributes go, and what a real Pango layout then does. */
#include "typeset.h"
#include "typeset_compose.h"

#include <pango/pangocairo.h>
#include <math.h>
#include <string.h>

/*** Ranges ***/

typedef struct range_case {
    const char *text;
    const char *keep[8]; /* the kept substrings in order, NULL-terminated */
} range_case;

static const range_case range_cases[] = {
    /* dates */
    {"出発は2024年2月7日（水）の朝", {"2024年2月7日（水）"}},
    {"2024年2月7日に", {"2024年2月7日"}},
    {"2月7日から", {"2月7日"}},
    {"2/7 (水) 集合", {"2/7 (水)"}},
    {"2/7(水)〜9日(金)", {"2/7(水)", "9日(金)"}},
    {"締切2/7に", {"2/7"}},
    {"2024.01.01付", {"2024.01.01"}},
    {"2024-02-07出発", {"2024-02-07"}},
    {"2024/02/07まで", {"2024/02/07"}},
    {"７日（土・祝）は休み", {"７日（土・祝）"}},
    {"令和6年2月7日と令和元年", {"令和6年2月7日", "令和元年"}},
    {"2024年2月", {"2024年2月"}},
    {"2024年2か月", {"2024年", "2か月"}},
    {"3日（予定）", {"3日"}},
    /* numbers with their units, counters and prefixes */
    {"面積は572.99km²です", {"572.99km²"}},
    {"人口198,697人の市", {"198,697人"}},
    {"9時間かけて", {"9時間"}},
    {"1日8時間", {"1日", "8時間"}},
    {"第17弾は約200名", {"第17弾", "約200名"}},
    {"10:30集合、50%引き", {"10:30", "50%"}},
    {"¥1,000と￥500", {"¥1,000", "￥500"}},
    {"3日で", {"3日"}},
    {"１２３人と４５％", {"１２３人", "４５％"}},
    {"9時30分発", {"9時30分"}},
    {"1.2万人、1億2000万円", {"1.2万人", "1億2000万円"}},
    {"3分の1", {"3分の1"}},
    {"第一回", {"第一回"}},
    {"25℃、3.5kg、10GB", {"25℃", "3.5kg", "10GB"}},
    {"5ヶ所と2か月間", {"5ヶ所", "2か月間"}},
    {"1位と7", {"1位"}},
    {"2024年度と9時半", {"2024年度", "9時半"}},
    {"２，４５０枚と３日間", {"２，４５０枚", "３日間"}},
    {"電話0852-55-5111、10:30-12:00", {"0852-55-5111", "10:30-12:00"}},
    {"3Dと10amと60km/h", {"3D", "10am", "60km/h"}},
    /* Latin words and URLs */
    {"Wi-Fiとe-mailとPango", {"Wi-Fi", "e-mail", "Pango"}},
    {"A4判、COVID-19、and/or、R&D、Node.js.", {"A4", "COVID-19", "and/or", "R&D", "Node.js"}},
    {"see https://example.jp/x. ok", {"see", "https://example.jp/x", "ok"}},
    {"詳細はhttps://example.com/a?b=c&d=e#f%20gを", {"https://example.com/a?b=c&d=e#f%20g"}},
    {"(https://example.com/wiki/A_(b))", {"https://example.com/wiki/A_(b)"}},
    {"HTTP://EXAMPLE.COM/", {"HTTP://EXAMPLE.COM/"}},
    {"a b", {NULL}},
    /* pairs */
    /* a dash pair holds on to the character before it (it never starts a
       line); ellipses do not */
    {"あ——い――う……え‥‥お", {"あ——", "い――", "……", "‥‥"}},
    {"あ———い", {"あ———"}},
    {"——で始まる", {"——"}},
    {"行\n——次", {"——"}},
    {"第17弾——報告", {"第17弾——"}},
    {"あ—い―う…え", {NULL}},
    {"あ—―い", {NULL}},
    /* ～ (U+FF5E) holds on to the character before it, as 〜 does in Pango */
    {"10:30～12:00", {"10:30～", "12:00"}},
    {"行政～地域", {"政～"}},
    /* nothing to keep */
    {"", {NULL}},
    {"今日は晴れ。", {NULL}},
    {"約束と第", {NULL}},
};

static char *ranges_str(const char *text, GArray *r)
{
    GString *s = g_string_new(NULL);
    for (guint k = 0; k < r->len; k++) {
        typeset_range g = g_array_index(r, typeset_range, k);
        g_string_append_printf(s, "[%d,%d)'%.*s' ", g.start, g.end, g.end - g.start, text + g.start);
    }
    return g_string_free(s, FALSE);
}

static void test_range_table(void)
{
    for (size_t c = 0; c < G_N_ELEMENTS(range_cases); c++) {
        const range_case *rc = &range_cases[c];
        GArray *want = g_array_new(FALSE, FALSE, sizeof(typeset_range));
        const char *from = rc->text;
        for (int k = 0; rc->keep[k]; k++) {
            const char *p = strstr(from, rc->keep[k]);
            g_assert_nonnull(p);
            typeset_range g = {(int)(p - rc->text), (int)(p - rc->text + strlen(rc->keep[k]))};
            g_array_append_val(want, g);
            from = p + strlen(rc->keep[k]);
        }
        GArray *got = typeset_keep_ranges(rc->text);
        char *ws = ranges_str(rc->text, want);
        char *gs = ranges_str(rc->text, got);
        if (strcmp(ws, gs) != 0)
            g_printerr("text: %s\n", rc->text);
        g_assert_cmpstr(gs, ==, ws);
        g_free(ws);
        g_free(gs);
        g_array_unref(want);
        g_array_unref(got);
    }
}

static void test_range_edge_input(void)
{
    GArray *r = typeset_keep_ranges(NULL);
    g_assert_cmpuint(r->len, ==, 0);
    g_array_unref(r);

    /* Invalid bytes are skipped, one at a time. */
    const char *bad = "\xff" "2024年\xfe\xe3\x81" "ab";
    r = typeset_keep_ranges(bad);
    g_assert_cmpuint(r->len, ==, 2);
    g_assert_cmpint(g_array_index(r, typeset_range, 0).start, ==, 1);
    g_assert_cmpint(g_array_index(r, typeset_range, 0).end, ==, (int)(strstr(bad, "年") - bad + strlen("年")));
    g_assert_cmpint(g_array_index(r, typeset_range, 1).start, ==, (int)(strstr(bad, "ab") - bad));
    g_array_unref(r);

    /* Truncated text: the scanner never reads past the end. */
    const char *cut[] = {"2024年2", "2/7 (", "2/7 (水", "https://", "第", "¥", "10:", "1,", "——"};
    for (size_t k = 0; k < G_N_ELEMENTS(cut); k++) {
        r = typeset_keep_ranges(cut[k]);
        for (guint j = 0; j < r->len; j++) {
            typeset_range g = g_array_index(r, typeset_range, j);
            g_assert_cmpint(g.start, <, g.end);
            g_assert_cmpint(g.end, <=, (int)strlen(cut[k]));
        }
        g_array_unref(r);
    }
}

/* Ranges are in order, do not overlap and begin and end on characters. */
static void test_range_order(void)
{
    const char *text = "2024年2月7日（水）10:30、Wi-Fi——約200名https://a.jp/b 1日8時間……";
    GArray *r = typeset_keep_ranges(text);
    /* "Wi-Fi——" is one range: the dash pair holds on to the word before. */
    g_assert_cmpuint(r->len, ==, 8);
    int prev = 0;
    for (guint k = 0; k < r->len; k++) {
        typeset_range g = g_array_index(r, typeset_range, k);
        g_assert_cmpint(g.start, >=, prev);
        g_assert_cmpint(g.start, <, g.end);
        g_assert_true(g_utf8_validate(text + g.start, g.end - g.start, NULL));
        prev = g.end;
    }
    /* 1日 and 8時間 touch: two ranges. */
    const char *one = strstr(text, "1日");
    typeset_range a = g_array_index(r, typeset_range, 5);
    typeset_range b = g_array_index(r, typeset_range, 6);
    g_assert_cmpint(a.start, ==, one - text);
    g_assert_cmpint(a.end, ==, b.start);
    g_array_unref(r);
}

/*** Attributes ***/

static void test_attrs_base(void)
{
    const char *seg = "2024年2月7日と1日8時間";
    PangoAttrList *al = pango_attr_list_new();
    typeset_add_keep_attrs(seg, al, 100);
    GSList *list = pango_attr_list_get_attributes(al);
    GArray *r = typeset_keep_ranges(seg);
    g_assert_cmpuint(g_slist_length(list), ==, r->len);
    g_assert_cmpuint(r->len, ==, 3);
    guint k = 0;
    for (GSList *l = list; l; l = l->next, k++) {
        PangoAttribute *a = l->data;
        typeset_range g = g_array_index(r, typeset_range, k);
        g_assert_cmpint(a->klass->type, ==, PANGO_ATTR_ALLOW_BREAKS);
        g_assert_false(((PangoAttrInt *)a)->value);
        g_assert_cmpuint(a->start_index, ==, (guint)(100 + g.start));
        g_assert_cmpuint(a->end_index, ==, (guint)(100 + g.end));
    }
    g_slist_free_full(list, (GDestroyNotify)pango_attribute_destroy);
    g_array_unref(r);
    pango_attr_list_unref(al);
}

/* A Pango context as the project sets it up (NOTES-stack.md). */
static PangoContext *make_context(PangoFontMap **fm)
{
    *fm = pango_cairo_font_map_new();
    PangoContext *ctx = pango_font_map_create_context(*fm);
    pango_cairo_context_set_resolution(ctx, 72);
    pango_context_set_round_glyph_positions(ctx, FALSE);
    pango_context_set_language(ctx, pango_language_from_string("ja"));
    return ctx;
}

static PangoLayout *make_layout(PangoContext *ctx, const char *text, PangoAttrList *al)
{
    PangoLayout *pl = pango_layout_new(ctx);
    PangoFontDescription *fd = pango_font_description_from_string("BIZ UDPGothic 15");
    pango_layout_set_font_description(pl, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(pl, text, -1);
    if (al)
        pango_layout_set_attributes(pl, al);
    return pl;
}

/* The character index of byte 'b' of 'text'. */
static int char_at(const char *text, int b)
{
    return (int)g_utf8_pointer_to_offset(text, text + b);
}

/* With the attributes (added at 'base' of a longer text): no break
 * opportunity strictly inside a range, and at each range's start and end
 * the same opportunity as without them. */
static void test_attrs_log_attrs(void)
{
    PangoFontMap *fm;
    PangoContext *ctx = make_context(&fm);
    const char *prefix = "前置きの文です。";
    const char *seg = "日程は2024年2月7日（水）、1日8時間、人口198,697人、面積572.99km²、"
                      "１２３人、9時間、第17弾、2/7 (水)、Wi-Fi、https://example.com/a/b?c=d です——あ";
    char *text = g_strconcat(prefix, seg, NULL);
    int base = (int)strlen(prefix);

    PangoAttrList *al = pango_attr_list_new();
    typeset_add_keep_attrs(seg, al, base);
    PangoLayout *with = make_layout(ctx, text, al);
    PangoLayout *without = make_layout(ctx, text, NULL);
    PangoLogAttr *lw, *lo;
    int nw, no;
    pango_layout_get_log_attrs(with, &lw, &nw);
    pango_layout_get_log_attrs(without, &lo, &no);
    g_assert_cmpint(nw, ==, no);

    GArray *r = typeset_keep_ranges(seg);
    int removed = 0;
    for (guint k = 0; k < r->len; k++) {
        typeset_range g = g_array_index(r, typeset_range, k);
        int s = char_at(text, base + g.start), e = char_at(text, base + g.end);
        for (int p = s + 1; p < e; p++) {
            g_assert_false(lw[p].is_line_break);
            g_assert_false(lw[p].is_char_break);
            removed += lo[p].is_line_break;
        }
        g_assert_cmpint(lw[s].is_line_break, ==, lo[s].is_line_break);
        g_assert_cmpint(lw[e].is_line_break, ==, lo[e].is_line_break);
    }
    /* Pango breaks inside several of them by itself. */
    g_assert_cmpint(removed, >=, 10);
    /* Everything outside the ranges is as Pango has it. */
    for (int p = 0; p < nw; p++) {
        gboolean inside = FALSE;
        for (guint k = 0; k < r->len && !inside; k++) {
            typeset_range g = g_array_index(r, typeset_range, k);
            inside = p > char_at(text, base + g.start) && p < char_at(text, base + g.end);
        }
        if (!inside)
            g_assert_cmpint(lw[p].is_line_break, ==, lo[p].is_line_break);
    }
    /* 1日|8時間 keeps its break; 2024年2月7日 does not break at 2|月. */
    int b8 = char_at(text, (int)(strstr(text, "8時間") - text));
    g_assert_true(lw[b8].is_line_break);
    int bm = char_at(text, (int)(strstr(text, "月7日") - text));
    g_assert_true(lo[bm].is_line_break);
    g_assert_false(lw[bm].is_line_break);

    g_free(lw);
    g_free(lo);
    g_array_unref(r);
    g_object_unref(with);
    g_object_unref(without);
    pango_attr_list_unref(al);
    g_free(text);
    g_object_unref(ctx);
    g_object_unref(fm);
}

/*** Layout ***/

static const char sweep_text[] =
    "第17弾の視察は2024年2月7日（水）から2月9日（金）まで、島根県松江市（人口198,697人、"
    "面積572.99km²）へ。東京から約9時間、1日8時間の移動で約200名が参加し、10:30に集合した。"
    "宿泊費は¥12,000、参加率は50%、満足度は９８％。資料はhttps://www.city.matsue.shimane.jp/kanko/"
    "に、写真は2/7 (水)と2024-02-07付の報告（Wi-Fi環境あり）に——詳細は後日……。"
    "１２３人が３日間で２，４５０枚を撮影し、12コマの漫画を作った。";

/* Lines that start strictly inside a range, at width 'w' pt. */
static int breaks_inside(PangoContext *ctx, PangoAttrList *al, GArray *r, int w, PangoWrapMode wrap,
                         int *total_len)
{
    PangoLayout *pl = make_layout(ctx, sweep_text, al);
    pango_layout_set_width(pl, w * PANGO_SCALE);
    pango_layout_set_wrap(pl, wrap);
    int bad = 0;
    *total_len = 0;
    for (GSList *l = pango_layout_get_lines_readonly(pl); l; l = l->next) {
        PangoLayoutLine *line = l->data;
        *total_len += line->length;
        for (guint k = 0; k < r->len; k++) {
            typeset_range g = g_array_index(r, typeset_range, k);
            if (line->start_index > g.start && line->start_index < g.end)
                bad++;
        }
    }
    g_object_unref(pl);
    return bad;
}

static void sweep(PangoWrapMode wrap)
{
    PangoFontMap *fm;
    PangoContext *ctx = make_context(&fm);
    PangoAttrList *al = pango_attr_list_new();
    typeset_add_keep_attrs(sweep_text, al, 0);
    GArray *r = typeset_keep_ranges(sweep_text);
    g_assert_cmpuint(r->len, >=, 20);

    int widths_split = 0; /* widths at which plain Pango splits a range */
    for (int w = 40; w <= 400; w += 3) {
        int len;
        int bad = breaks_inside(ctx, al, r, w, wrap, &len);
        if (bad)
            g_printerr("width %d: %d line(s) start inside a kept range\n", w, bad);
        g_assert_cmpint(bad, ==, 0);
        g_assert_cmpint(len, ==, (int)strlen(sweep_text));
        widths_split += breaks_inside(ctx, NULL, r, w, wrap, &len) > 0;
        g_assert_cmpint(len, ==, (int)strlen(sweep_text));
    }
    g_test_message("plain Pango splits a kept range at %d of 121 widths", widths_split);
    g_assert_cmpint(widths_split, >, 0);

    g_array_unref(r);
    pango_attr_list_unref(al);
    g_object_unref(ctx);
    g_object_unref(fm);
}

static void test_sweep_word_char(void)
{
    sweep(PANGO_WRAP_WORD_CHAR);
}

static void test_sweep_word(void)
{
    sweep(PANGO_WRAP_WORD);
}

/* A kept range wider than the line: Pango gives it a line of its own and
 * lets it overflow the width; no character is lost or doubled. */
static void test_overlong_range(void)
{
    PangoFontMap *fm;
    PangoContext *ctx = make_context(&fm);
    const char *text = "資料はhttps://www.example.com/very/long/path/to/the/report?year=2024&page=17"
                       "にあります。日付は2024年12月31日（火）です。";
    const char *url = strstr(text, "https://");
    int us = (int)(url - text), ue = (int)(strstr(text, "にあります") - text);
    const char *date = strstr(text, "2024年");
    int ds = (int)(date - text), de = (int)(strstr(text, "です。") - text);
    PangoAttrList *al = pango_attr_list_new();
    typeset_add_keep_attrs(text, al, 0);

    PangoWrapMode modes[] = {PANGO_WRAP_WORD, PANGO_WRAP_CHAR, PANGO_WRAP_WORD_CHAR};
    for (size_t m = 0; m < G_N_ELEMENTS(modes); m++) {
        PangoLayout *pl = make_layout(ctx, text, al);
        pango_layout_set_width(pl, 100 * PANGO_SCALE);
        pango_layout_set_wrap(pl, modes[m]);
        int total = 0;
        gboolean url_line = FALSE, date_line = FALSE;
        for (GSList *l = pango_layout_get_lines_readonly(pl); l; l = l->next) {
            PangoLayoutLine *line = l->data;
            total += line->length;
            g_assert_false(line->start_index > us && line->start_index < ue);
            g_assert_false(line->start_index > ds && line->start_index < de);
            PangoRectangle logical;
            pango_layout_line_get_extents(line, NULL, &logical);
            if (line->start_index == us) {
                /* The URL alone on its line (trailing text never joins it), wider than 100 pt. */
                g_assert_cmpint(line->start_index + line->length, >=, ue);
                g_assert_cmpint(line->start_index + line->length, <=, ue + (int)strlen("に"));
                g_assert_cmpint(logical.width, >, 100 * PANGO_SCALE);
                url_line = TRUE;
            }
            if (line->start_index == ds) {
                g_assert_cmpint(line->start_index + line->length, ==, de);
                g_assert_cmpint(logical.width, >, 100 * PANGO_SCALE);
                date_line = TRUE;
            }
        }
        g_assert_true(url_line);
        g_assert_true(date_line);
        g_assert_cmpint(total, ==, (int)strlen(text));
        g_object_unref(pl);
    }
    pango_attr_list_unref(al);
    g_object_unref(ctx);
    g_object_unref(fm);
}

/*** Ranges too wide for their line ***/

/* A URL dropped as a whole is kept in pieces that end after / - . ? (its
 * break points); a piece dropped too is left out. */
static void test_keep_units(void)
{
    const char *t = "見てhttps://a.example.jp/x-y/z?q=1を";
    GArray *r = typeset_keep_ranges(t);
    g_assert_cmpuint(r->len, ==, 1);
    GArray *units = typeset_keep_units(t, (int)strlen(t), r);
    char *got = ranges_str(t, units);
    g_assert_cmpstr(got, ==, "[6,14)'https://' [14,16)'a.' [16,24)'example.' [24,27)'jp/' [27,29)'x-' [29,31)'y/' "
                             "[31,33)'z?' [33,36)'q=1' ");
    g_free(got);
    typeset_range piece = {16, 24};
    g_array_append_val(r, piece);
    GArray *less = typeset_keep_units(t, (int)strlen(t), r);
    g_assert_cmpuint(less->len, ==, units->len - 1);
    g_array_unref(less);
    g_array_unref(units);
    g_array_unref(r);
}

/*** Composition ***/

/* The x of every character of line 'line' of 'pl' (byte offsets as keys
 * of 'x', in pt). */
static double x_of(PangoLayout *pl, int index)
{
    PangoRectangle pos;
    pango_layout_index_to_pos(pl, index, &pos);
    return pos.x / (double)PANGO_SCALE;
}

static typeset_params params(bool justify)
{
    typeset_params p = { 15, 0.25, 0.5, justify, false };
    return p;
}

static PangoLayout *composed(PangoContext *ctx, const char *text, double width, bool justify)
{
    typeset_params p = params(justify);
    PangoAttrList *al = pango_attr_list_new();
    typeset_add_space_attrs(text, (int)strlen(text), al, &p);
    PangoLayout *pl = make_layout(ctx, text, al);
    pango_attr_list_unref(al);
    if (width > 0) {
        pango_layout_set_width(pl, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
    }
    typeset_compose(pl, &p);
    return pl;
}

/* 和欧間: a quarter em between 約 and 200 and between 200 and 名, none
 * inside the number; the text is as written. */
static void test_compose_wa(void)
{
    PangoFontMap *fm;
    PangoContext *ctx = make_context(&fm);
    const char *t = "約200名";
    PangoLayout *plain = make_layout(ctx, t, NULL);
    PangoLayout *pl = composed(ctx, t, 0, false);
    g_assert_cmpstr(pango_layout_get_text(pl), ==, t);
    double em = 15, tol = 0.001;
    /* bytes: 約 0, 2 3, 0 4, 0 5, 名 6 */
    g_assert_cmpfloat(fabs(x_of(pl, 3) - x_of(plain, 3) - em / 4), <, tol);
    g_assert_cmpfloat(fabs(x_of(pl, 5) - x_of(pl, 4) - (x_of(plain, 5) - x_of(plain, 4))), <, tol);
    g_assert_cmpfloat(fabs(x_of(pl, 6) - x_of(plain, 6) - em / 2), <, tol);
    g_object_unref(plain);
    g_object_unref(pl);
    g_object_unref(ctx);
    g_object_unref(fm);
}

/* A justified line with a space and Japanese gaps: the space grows to no
 * more than 0.5 em, the Latin word is not spread, the line ends flush. */
static void test_compose_justify(void)
{
    PangoFontMap *fm;
    PangoContext *ctx = make_context(&fm);
    const char *t = "会議ではMicrosoft Teamsを使い、資料を共有しました。参加者は全員が初めてでした。";
    PangoLayout *pl = composed(ctx, t, 300, true);
    g_assert_cmpint(pango_layout_get_line_count(pl), >, 1);
    PangoLayoutLine *first = pango_layout_get_line_readonly(pl, 0);
    PangoRectangle ext;
    pango_layout_line_get_extents(first, NULL, &ext);
    g_assert_cmpfloat(fabs(ext.width / (double)PANGO_SCALE - 300), <, 0.01);
    const char *sp = strchr(t, ' ');
    if (sp && (int)(sp - t) < first->length) {
        double w = x_of(pl, (int)(sp - t) + 1) - x_of(pl, (int)(sp - t));
        g_assert_cmpfloat(w, <=, 0.5 * 15 + 0.01);
    }
    /* "Microsoft": each letter at its own advance (no letter spacing) */
    PangoLayout *plain = make_layout(ctx, "Microsoft", NULL);
    const char *m = strstr(t, "Microsoft");
    for (int i = 1; i < 9; i++)
        g_assert_cmpfloat(fabs((x_of(pl, (int)(m - t) + i) - x_of(pl, (int)(m - t))) - x_of(plain, i)), <, 0.001);
    g_object_unref(plain);
    g_object_unref(pl);
    g_object_unref(ctx);
    g_object_unref(fm);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/typeset/ranges/table", test_range_table);
    g_test_add_func("/typeset/ranges/edge-input", test_range_edge_input);
    g_test_add_func("/typeset/ranges/order", test_range_order);
    g_test_add_func("/typeset/attrs/base", test_attrs_base);
    g_test_add_func("/typeset/attrs/log-attrs", test_attrs_log_attrs);
    g_test_add_func("/typeset/layout/sweep-word-char", test_sweep_word_char);
    g_test_add_func("/typeset/layout/sweep-word", test_sweep_word);
    g_test_add_func("/typeset/layout/overlong-range", test_overlong_range);
    g_test_add_func("/typeset/units/url-pieces", test_keep_units);
    g_test_add_func("/typeset/compose/wa", test_compose_wa);
    g_test_add_func("/typeset/compose/justify", test_compose_justify);
    return g_test_run();
}
