/* test_ruby: ruby (furigana) read back from the PDF: each reading centred
 * over its base at half its size, clear of the line above, the base
 * extracted as written, and a base never split at a line's end. */
#include "e2e.h"

/* Body text 20 pt (an em), so that nothing the program chose by itself
 * can pass for the size. */
static const char ruby_layout[] = "base: default\nsize-body: 20pt\n";
#define EM 20.0

typedef struct word {
    double x0, y0, x1, y1;
    char *text;
} word;

static void word_clear(gpointer p)
{
    g_free(((word *)p)->text);
}

/* The words of page 'page' of 'pdf' (pdftotext -bbox), in its order. */
static GArray *words_of(const char *pdf, int page)
{
    char *num = g_strdup_printf("%d", page);
    result r = RUN("pdftotext", "-bbox", "-f", num, "-l", num, pdf, "-");
    g_assert_cmpint(r.status, ==, 0);
    GArray *a = g_array_new(FALSE, FALSE, sizeof(word));
    g_array_set_clear_func(a, word_clear);
    char **lines = g_strsplit(r.out, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        word w;
        int at = 0;
        if (sscanf(lines[i], " <word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\">%n", &w.x0, &w.y0, &w.x1, &w.y1,
                   &at) == 4 && at > 0) {
            const char *s = lines[i] + at, *e = strstr(s, "</word>");
            g_assert_nonnull(e);
            w.text = g_strndup(s, (gsize)(e - s));
            g_array_append_val(a, w);
        }
    }
    g_strfreev(lines);
    g_free(num);
    result_clear(&r);
    return a;
}

#define W(a, i) (&g_array_index((a), word, (i)))

/* The 'n'th word (from 0) that is exactly 'text'. */
static const word *find(const GArray *a, const char *text, int n)
{
    for (guint i = 0; i < a->len; i++)
        if (strcmp(W(a, i)->text, text) == 0 && n-- == 0)
            return W(a, i);
    g_test_message("no word '%s'", text);
    g_assert_not_reached();
}

/* The reading's glyphs over 'base': the words just above it (their
 * bottom on its top) whose middle is within its extent widened by 'slack'
 * each side, as one box; the text joined. */
static word reading_over(const GArray *a, const word *base, double slack)
{
    word r = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE, NULL };
    GString *text = g_string_new(NULL);
    for (guint i = 0; i < a->len; i++) {
        const word *w = W(a, i);
        double mid = (w->x0 + w->x1) / 2;
        if (fabs(w->y1 - base->y0) > 0.5 || mid < base->x0 - slack || mid > base->x1 + slack)
            continue;
        r.x0 = MIN(r.x0, w->x0);
        r.x1 = MAX(r.x1, w->x1);
        r.y0 = MIN(r.y0, w->y0);
        r.y1 = MAX(r.y1, w->y1);
        g_string_append(text, w->text);
    }
    r.text = g_string_free(text, FALSE);
    return r;
}

static char *render(const char *dir, const char *body)
{
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    char *text = g_strconcat("number: 18\nplace: 島根県松江市\nperiod: 2024-06-03\ntraveler: 磐梯太郎\n\n", body, NULL);
    g_assert_true(g_file_set_contents(trip, text, -1, NULL));
    char *layout = g_build_filename(dir, "ruby.layout", NULL);
    g_assert_true(g_file_set_contents(layout, ruby_layout, -1, NULL));
    char *pdf = g_build_filename(dir, "ruby.pdf", NULL);
    result r = RUN(bin, "render", trip, "--layout", layout, "-o", pdf);
    if (r.status != 0)
        g_test_message("%s", r.err);
    g_assert_cmpint(r.status, ==, 0);
    assert_only_summary(r.err, pdf);
    result_clear(&r);
    g_free(layout);
    g_free(text);
    g_free(trip);
    return pdf;
}

/* Group and mono ruby over bases set apart by spaces (so that each base is
 * a word of its own in pdftotext -bbox): the reading's glyphs centred over
 * the base's (±0.05 em), half its height, sitting on its top. */
static void test_ruby_placement(void)
{
    char *dir = tmpdir();
    char *pdf = render(dir, "[text]\nheading: ルビ\ntext:\n"
                            "  湖畔の {宍道湖|しんじこ} は汽水湖\n"
                            "  ここは {宍|しん}{道|じ}{湖|こ} です\n"
                            "  漢字 {湖|みずうみ} 漢字\n");
    GArray *a = words_of(pdf, 2);

    /* Group ruby, narrower than its base: spread over it, centred. */
    const word *base = find(a, "宍道湖", 0);
    word r = reading_over(a, base, EM);
    g_assert_cmpstr(r.text, ==, "しんじこ");
    g_assert_cmpfloat_with_epsilon((r.x0 + r.x1) / 2, (base->x0 + base->x1) / 2, 0.05 * EM);
    g_assert_cmpfloat_with_epsilon(r.y1 - r.y0, (base->y1 - base->y0) / 2, 0.01 * EM);
    g_assert_cmpfloat(r.x1 - r.x0, >, 2.2 * EM); /* spread 1:2:1 beyond its own 2 em */
    g_free(r.text);

    /* Mono ruby: each reading over its own character (kanji: 1 em each). */
    base = find(a, "宍道湖", 1);
    g_assert_cmpfloat_with_epsilon(base->x1 - base->x0, 3 * EM, 0.01 * EM);
    const char *mono[] = { "しん", "じ", "こ" };
    for (int i = 0; i < 3; i++) {
        word ch = { base->x0 + i * EM, base->y0, base->x0 + (i + 1) * EM, base->y1, NULL };
        word m = reading_over(a, &ch, 0);
        g_assert_cmpstr(m.text, ==, mono[i]);
        g_assert_cmpfloat_with_epsilon((m.x0 + m.x1) / 2, (ch.x0 + ch.x1) / 2, 0.05 * EM);
        g_assert_cmpfloat_with_epsilon(m.y1 - m.y0, EM / 2, 0.01 * EM);
        g_free(m.text);
    }

    /* A reading wider than its base, no kana beside it: the base is spaced
     * out to the reading's width, and the reading centred over it. */
    base = find(a, "湖", 0);
    r = reading_over(a, base, EM);
    g_assert_cmpstr(r.text, ==, "みずうみ");
    g_assert_cmpfloat_with_epsilon((r.x0 + r.x1) / 2, (base->x0 + base->x1) / 2, 0.05 * EM);
    const word *before = find(a, "漢字", 0), *after = find(a, "漢字", 1);
    g_assert_cmpfloat(base->x0 - before->x1, >=, (r.x1 - r.x0 - EM) / 2 - 0.05 * EM);
    g_assert_cmpfloat(after->x0 - base->x1, >=, (r.x1 - r.x0 - EM) / 2 - 0.05 * EM);
    g_free(r.text);

    g_array_unref(a);
    rm_rf(dir);
    g_free(pdf);
    g_free(dir);
}

/* A reading wider than its base between kana overhangs them (half a ruby
 * em, a quarter of the base's, each side here): the line is as long as
 * without the ruby, and the reading centred on the base's place. */
static void test_ruby_overhang(void)
{
    char *dir = tmpdir();
    char *pdf = render(dir, "[text]\nheading: ルビ\ntext:\n"
                            "  あいだに{湖|みずうみ}があり\n"
                            "  あいだに湖があり\n"
                            "  あいだに\n");
    GArray *a = words_of(pdf, 2);
    const word *with = find(a, "あいだに湖があり", 0), *without = find(a, "あいだに湖があり", 1);
    const word *lead = find(a, "あいだに", 0);
    g_assert_cmpfloat_with_epsilon(with->x1 - with->x0, without->x1 - without->x0, 0.01 * EM);
    word base = { lead->x1, with->y0, lead->x1 + EM, with->y1, NULL };
    word r = reading_over(a, &base, EM);
    g_assert_cmpstr(r.text, ==, "みずうみ");
    g_assert_cmpfloat_with_epsilon((r.x0 + r.x1) / 2, (base.x0 + base.x1) / 2, 0.05 * EM);
    /* It does overhang, by at most one ruby character each side. */
    g_assert_cmpfloat(r.x1 - r.x0, >, 1.5 * EM);
    g_assert_cmpfloat((r.x1 - r.x0 - EM) / 2, <=, EM / 2 + 0.05 * EM);
    g_free(r.text);
    g_array_unref(a);
    rm_rf(dir);
    g_free(pdf);
    g_free(dir);
}

/* No reading reaches into the line above it: body text (line spacing
 * 1.5: the reading fits the leading), a subheading (1.3: the lines move
 * apart) and the first line under a heading band. And the base text is
 * extracted as it was written. */
static void test_ruby_clear_of_line_above(void)
{
    char *dir = tmpdir();
    char *pdf = render(dir, "[text]\nheading: {宍道湖|しんじこ}のほとり\n"
                            "subheading:\n  一行目の見出しです\n  二行目の{見出|みだ}しです\n"
                            "text:\n  一行目の文章です\n  湖畔の{宍道湖|しんじこ}は汽水湖です\n"
                            "  {湖|みずうみ}\n");
    GArray *a = words_of(pdf, 2);
    int readings = 0;
    for (guint i = 0; i < a->len; i++) {
        const word *r = W(a, i);
        /* A reading: a word sitting on the top of a larger one. */
        const word *base = NULL;
        for (guint j = 0; j < a->len; j++) {
            const word *b = W(a, j);
            if (fabs(b->y0 - r->y1) < 0.5 && b->y1 - b->y0 > 1.5 * (r->y1 - r->y0) && b->x0 < r->x1 && r->x0 < b->x1)
                base = b;
        }
        if (!base)
            continue;
        readings++;
        for (guint j = 0; j < a->len; j++) {
            const word *o = W(a, j);
            if (o == r || o == base || o->x1 <= r->x0 || r->x1 <= o->x0 || o->y0 >= r->y0)
                continue;
            /* Anything above the reading ends where it begins. */
            if (o->y1 > r->y0 + 0.01)
                g_test_message("'%s' (%.2f..%.2f) reaches into the reading '%s' (%.2f..%.2f)", o->text, o->y0, o->y1,
                               r->text, r->y0, r->y1);
            g_assert_cmpfloat(o->y1, <=, r->y0 + 0.01);
        }
    }
    g_assert_cmpint(readings, >=, 4); /* しんじこ (heading), みだ, しんじこ, みずうみ */
    g_array_unref(a);

    char *text = pdftotext(pdf);
    g_assert_nonnull(strstr(text, "宍道湖のほとり"));
    g_assert_nonnull(strstr(text, "二行目の見出しです"));
    g_assert_nonnull(strstr(text, "湖畔の宍道湖は汽水湖です"));
    g_free(text);
    rm_rf(dir);
    g_free(pdf);
    g_free(dir);
}

/* In text set tighter than the reading needs (a subheading: spacing 1.3),
 * only a line that carries ruby moves down, by no more than the reading's
 * height; the lines before it keep the pitch of the same text without
 * ruby. (A subheading starts with the design's ◆.) */
static void test_ruby_pitch(void)
{
    char *dir = tmpdir();
    char *pdf = render(dir, "[text]\nheading: ルビ\n"
                            "subheading:\n  一行目の見出し\n  二行目の見出し\n  三行目の{見出|みだ}し\n"
                            "subheading:\n  一行目の見出し\n  二行目の見出し\n  三行目の見出し\n"
                            "text: 本文\n");
    GArray *a = words_of(pdf, 2);
    const word *a1 = find(a, "◆一行目の見出し", 0), *a2 = find(a, "二行目の見出し", 0), *a3 = find(a, "三行目の見出し", 0);
    const word *b1 = find(a, "◆一行目の見出し", 1), *b2 = find(a, "二行目の見出し", 1), *b3 = find(a, "三行目の見出し", 1);
    double pitch = b2->y0 - b1->y0;
    g_assert_cmpfloat_with_epsilon(b3->y0 - b2->y0, pitch, 0.01);
    g_assert_cmpfloat_with_epsilon(a2->y0 - a1->y0, pitch, 0.01);
    word r = reading_over(a, a3, EM);
    g_assert_cmpstr(r.text, ==, "みだ");
    g_assert_cmpfloat(r.y0, >=, a2->y1 - 0.01);                  /* clear of the line above */
    g_assert_cmpfloat(a3->y0 - a2->y0, >, pitch + 0.5);           /* which took room */
    g_assert_cmpfloat(a3->y0 - a2->y0, <=, pitch + (r.y1 - r.y0)); /* no more than the reading's height */
    g_free(r.text);
    g_array_unref(a);
    rm_rf(dir);
    g_free(pdf);
    g_free(dir);
}

/* A base that would straddle a line's end moves whole to the next line;
 * written without ruby, the same word does split (so the widths tried do
 * reach the case). */
static void test_ruby_line_end(void)
{
    char *dir = tmpdir();
    GString *body = g_string_new("[text]\nheading: ルビ\n");
    for (int k = 30; k < 42; k++) {
        GString *fill = g_string_new(NULL);
        for (int i = 0; i < k; i++)
            g_string_append(fill, "あ");
        g_string_append_printf(body, "text: %s{宍道湖|しんじこ}いいいいい\ntext: %s宍道湖ううううう\n", fill->str,
                               fill->str);
        g_string_free(fill, TRUE);
    }
    char *pdf = render(dir, body->str);
    char *text = pdftotext(pdf);
    char **lines = g_strsplit(text, "\n", -1);
    int ruby_moved = 0, plain_split = 0;
    for (int i = 0; lines[i]; i++) {
        const char *l = lines[i];
        bool ruby_line = strstr(l, "い") || (g_str_has_prefix(l, "宍道湖") && !strstr(l, "う"));
        if (g_str_has_suffix(l, "宍") || g_str_has_suffix(l, "宍道")) {
            g_assert_false(ruby_line || (lines[i + 1] && strstr(lines[i + 1], "い")));
            plain_split++;
        }
        if (g_str_has_prefix(l, "宍道湖い"))
            ruby_moved++;
    }
    g_assert_cmpint(plain_split, >, 0);
    g_assert_cmpint(ruby_moved, >, 0);
    g_strfreev(lines);
    g_free(text);
    g_string_free(body, TRUE);
    rm_rf(dir);
    g_free(pdf);
    g_free(dir);
}

/* Every kind of text takes ruby: headings, subheadings, goals, list
 * items, a facts title and label, table cells (header too), the closing
 * page. The layout's own check (--dump: "OVERFLOW") holds each reading
 * inside its box and area, which is the room its line makes for it; each
 * reading is in the PDF, and each base reads in its sentence. */
static void test_ruby_every_kind(void)
{
    char *dir = tmpdir();
    const char *body = "[goals]\nheading: {宍道湖|しんじこ}の目的\ngoal: {湖|みずうみ}を見る\ntext: {宍道|しんじ}は町。\n\n"
                       "[bullets]\nheading: 箇条書き\nlist:\n  - {宍道湖|しんじこ}のシジミ\n    - {磐梯町|ばんだいまち}から\n\n"
                       "[facts]\nheading: データ\ntitle: 島根県 **{松江市|まつえし}**\nfact: {面積|めんせき} | 572.99km²\n"
                       "text: {出雲|いずも}は西。\n\n"
                       "[schedule]\nheading: 日程\ncolumns: 月日 | {場所|ばしょ}\nrow: 2024-06-03 | {湖畔|こはん}の町\n\n"
                       "[text]\nheading: 本文\nsubheading: {松江城|まつえじょう}から\ntext: {大橋川|おおはしがわ}を渡る。\n\n"
                       "[closing]\ntitle: {嫁ヶ島|よめがしま}\ntext: 報告を{終|お}わります。\n";
    char *pdf = render(dir, body);
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    char *layout = g_build_filename(dir, "ruby.layout", NULL);
    result r = RUN(bin, "render", trip, "--layout", layout, "--dump");
    g_assert_cmpint(r.status, ==, 0);
    g_assert_null(strstr(r.out, "OVERFLOW"));
    result_clear(&r);
    char *text = pdftotext(pdf);
    char *flat = squeeze(text);
    const char *bases[] = { "宍道湖の目的", "湖を見る", "宍道は町", "宍道湖のシジミ", "磐梯町から", "松江市", "面積", "出雲は西",
                            "場所", "湖畔の町", "松江城から", "大橋川を渡る", "嫁ヶ島", "報告を終わります" };
    /* (A base spaced out to its reading, 湖 under みずうみ, reads with a
     * space after it: pdftotext takes the gap for one.) */
    for (guint i = 0; i < G_N_ELEMENTS(bases); i++) {
        if (!strstr(flat, bases[i]))
            g_test_message("'%s' is not in the text", bases[i]);
        g_assert_nonnull(strstr(flat, bases[i]));
    }
    const char *readings[] = { "しんじこ", "みずうみ", "しんじ", "ばんだいまち", "まつえし", "めんせき", "いずも", "ばしょ",
                               "こはん", "まつえじょう", "おおはしがわ", "よめがしま", "お" };
    for (guint i = 0; i < G_N_ELEMENTS(readings); i++)
        g_assert_nonnull(strstr(flat, readings[i]));
    g_free(flat);
    g_free(text);
    g_free(layout);
    g_free(trip);
    rm_rf(dir);
    g_free(pdf);
    g_free(dir);
}

/* Malformed ruby: an error at its line and column, no PDF. */
static void test_ruby_malformed(void)
{
    char *dir = tmpdir();
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, "number: 18\nplace: 松江市\nperiod: 2024-06-03\ntraveler: 磐梯太郎\n\n"
                                            "[text]\nheading: 湖\ntext: 湖畔の{宍道湖|}は\n", -1, NULL));
    result r = RUN(bin, "check", trip);
    g_assert_cmpint(r.status, ==, 1);
    char *want = g_strdup_printf("%s:8:10: error: ruby (furigana) has no reading after '|'; write it like "
                                 "'{宍道湖|しんじこ}'\n", trip);
    g_assert_cmpstr(r.err, ==, want);
    g_free(want);
    result_clear(&r);
    rm_rf(dir);
    g_free(trip);
    g_free(dir);
}

E2E_TESTS(add_ruby_tests, 80)
{
    g_test_add_func("/e2e/ruby/placement", test_ruby_placement);
    g_test_add_func("/e2e/ruby/overhang", test_ruby_overhang);
    g_test_add_func("/e2e/ruby/clear-of-line-above", test_ruby_clear_of_line_above);
    g_test_add_func("/e2e/ruby/pitch", test_ruby_pitch);
    g_test_add_func("/e2e/ruby/line-end", test_ruby_line_end);
    g_test_add_func("/e2e/ruby/every-kind", test_ruby_every_kind);
    g_test_add_func("/e2e/ruby/malformed", test_ruby_malformed);
}
