/* Unit tests of build.c: docs/trip-format.md sections 3–6. Every kind
 * builds its node tree from a small trip, the metadata fills the title,
 * overview and closing pages, and every message of section 6 is checked
 * with its exact text and position. TU_META (testutil.h) is lines 1–5, so
 * the first line after it is line 6. */
#include "testutil.h"

/* Builds 'text' and asserts it has no messages at all. */
static tu_trip build_ok(const char *text)
{
    tu_trip t = tu_build(text);
    tu_assert_messages(t.d, "");
    return t;
}

/* Builds 'text' and asserts its messages are exactly 'want'. */
static void check_messages(const char *text, const char *want)
{
    tu_trip t = tu_build(text);
    tu_assert_messages(t.d, want);
    tu_trip_clear(&t);
}

/* The first child of 'n' of type 'type', or NULL. */
static doc_node *find(const doc_node *n, doc_node_type type)
{
    for (guint i = 0; i < tu_nchildren(n); i++)
        if (tu_child(n, i)->type == type)
            return tu_child(n, i);
    return NULL;
}

static void assert_node(const doc_node *n, doc_node_type type, const char *text)
{
    g_assert_nonnull(n);
    g_assert_cmpint(n->type, ==, type);
    g_assert_cmpstr(tu_str(n->text), ==, text);
}

static void assert_item(const doc_node *n, const char *text, int level)
{
    assert_node(n, DOC_NODE_ITEM, text);
    g_assert_cmpint(n->level, ==, level);
}

/*** Metadata and the title page ***/

static void test_metadata(void)
{
    tu_trip t = build_ok("# 旅する公務員 第17弾\n"
                         "series: 旅する公務員\n"
                         "number: 17\n"
                         "place: 島根県松江市\n"
                         "period: 2024-02-07 .. 2024-02-09\n"
                         "traveler: デジタル変革戦略室 室長 小野広暁\n"
                         "organization: 磐梯町役場\n"
                         "author: 小野広暁\n"
                         "date: 2024-02-20\n"
                         "layout: print\n"
                         "\n"
                         "[text]\n"
                         "heading: h\n"
                         "text: t\n");
    const doc_meta *m = &t.doc->meta;
    g_assert_cmpstr(m->series, ==, "旅する公務員");
    g_assert_cmpint(m->number, ==, 17);
    g_assert_cmpstr(m->place, ==, "島根県松江市");
    g_assert_cmpint(m->period_start.year, ==, 2024);
    g_assert_cmpint(m->period_start.month, ==, 2);
    g_assert_cmpint(m->period_start.day, ==, 7);
    g_assert_cmpint(m->period_end.day, ==, 9);
    g_assert_cmpstr(m->traveler, ==, "デジタル変革戦略室 室長 小野広暁");
    g_assert_cmpstr(m->organization, ==, "磐梯町役場");
    g_assert_cmpstr(m->author, ==, "小野広暁");
    g_assert_cmpint(m->date.year, ==, 2024);
    g_assert_cmpint(m->date.day, ==, 20);
    g_assert_cmpstr(m->layout, ==, "print");
    g_assert_cmpint(m->layout_loc.line, ==, 10);
    g_assert_cmpint(m->layout_loc.col, ==, 9);
    /* The title page comes first, then the pages in file order. */
    g_assert_cmpuint(t.doc->sections->len, ==, 2);
    g_assert_cmpint(tu_section(&t, 0)->kind, ==, DOC_KIND_TITLE);
    g_assert_cmpint(tu_section(&t, 1)->kind, ==, DOC_KIND_TEXT);
    g_assert_cmpint(tu_section(&t, 1)->loc.line, ==, 12);
    tu_trip_clear(&t);
}

static void test_metadata_defaults(void)
{
    tu_trip t = build_ok(TU_META "[text]\nheading: h\ntext: t\n");
    const doc_meta *m = &t.doc->meta;
    g_assert_cmpstr(m->series, ==, "旅する公務員");
    g_assert_cmpstr(m->author, ==, "小野広暁"); /* the traveler */
    g_assert_null(m->organization);
    g_assert_null(m->layout);
    g_assert_cmpint(m->date.year, ==, 0);
    tu_trip_clear(&t);
}

static void check_number(const char *v, int want)
{
    char *text = g_strdup_printf("number: %s\nplace: p\nperiod: 2024-02-07\ntraveler: t\n[text]\nheading: h\ntext: t\n", v);
    tu_trip t = build_ok(text);
    g_assert_cmpint(t.doc->meta.number, ==, want);
    tu_trip_clear(&t);
    g_free(text);
}

static void test_number_forms(void)
{
    check_number("17", 17);
    check_number("１７", 17);
    check_number("第17弾", 17);
    check_number("第１８弾", 18);
}

static void check_period(const char *v, doc_date a, doc_date z)
{
    char *text = g_strdup_printf("number: 1\nplace: p\nperiod: %s\ntraveler: t\n[text]\nheading: h\ntext: t\n", v);
    tu_trip t = build_ok(text);
    g_assert_cmpint(doc_date_compare(t.doc->meta.period_start, a), ==, 0);
    g_assert_cmpint(doc_date_compare(t.doc->meta.period_end, z), ==, 0);
    tu_trip_clear(&t);
    g_free(text);
}

static void test_period_forms(void)
{
    doc_date a = { 2024, 2, 7 }, z = { 2024, 2, 9 };
    check_period("2024-02-07 .. 2024-02-09", a, z);
    check_period("2024-02-07..2024-02-09", a, z);
    check_period("2024-02-07 ～ 2024-02-09", a, z);
    check_period("2024-02-07〜2024-02-09", a, z);
    check_period("2024/02/07 ~ 2024/02/09", a, z);
    check_period("2024.02.07 .. 2024.02.09", a, z);
    check_period("２０２４－０２－０７ ～ ２０２４－０２－０９", a, z);
    check_period("2024年2月7日～2024年2月9日", a, z);
    /* A single date is a one-day trip. */
    check_period("2024-02-07", a, a);
    check_period("2024-02-07 .. 2024-02-07", a, a);
}

/*** Pages ***/

static void test_goals(void)
{
    tu_trip t = build_ok(TU_META "[goals]\n"
                                 "heading: 「旅する公務員」の目的\n"
                                 "goal: 「A面」的 目的\n"
                                 "text:\n"
                                 "  磐梯町役場の情報システムクラウド化により\n"
                                 "  テレワーク環境が整ったことから\n"
                                 "\n"
                                 "  二段落目\n"
                                 "goal: 「B面」的 目的\n"
                                 "text: 地域課題の解決を図る。\n");
    doc_node *sec = tu_section(&t, 1);
    g_assert_cmpint(sec->type, ==, DOC_NODE_SECTION);
    g_assert_cmpint(sec->kind, ==, DOC_KIND_GOALS);
    g_assert_cmpstr(tu_str(sec->text), ==, "「旅する公務員」の目的");
    g_assert_cmpuint(tu_nchildren(sec), ==, 2);
    doc_node *g = tu_child(sec, 0);
    assert_node(g, DOC_NODE_GOAL, "「A面」的 目的");
    g_assert_cmpint(g->loc.line, ==, 8);
    /* The goal's text: two paragraphs, line breaks kept. */
    g_assert_cmpuint(tu_nchildren(g), ==, 2);
    assert_node(tu_child(g, 0), DOC_NODE_PARAGRAPH, "磐梯町役場の情報システムクラウド化により\nテレワーク環境が整ったことから");
    assert_node(tu_child(g, 1), DOC_NODE_PARAGRAPH, "二段落目");
    g = tu_child(sec, 1);
    assert_node(g, DOC_NODE_GOAL, "「B面」的 目的");
    g_assert_cmpuint(tu_nchildren(g), ==, 1);
    assert_node(tu_child(g, 0), DOC_NODE_PARAGRAPH, "地域課題の解決を図る。");
    tu_trip_clear(&t);
}

static void test_overview(void)
{
    tu_trip t = build_ok(TU_META "[overview]\n"
                                 "heading: 第17弾の概要\n"
                                 "fact: 交通手段 | 鉄道・飛行機・バス\n"
                                 "fact: 宿泊｜松江市内\n");
    doc_node *sec = tu_section(&t, 1);
    g_assert_cmpint(sec->kind, ==, DOC_KIND_OVERVIEW);
    g_assert_cmpstr(tu_str(sec->text), ==, "第17弾の概要");
    /* 旅した期間, 旅した職員, 旅した場所 from the metadata, then the facts. */
    static const char *const want[][2] = {
        { "旅した期間", "2024年2月7日（水）～2024年2月9日（金）" },
        { "旅した職員", "小野広暁" },
        { "旅した場所", "島根県松江市" },
        { "交通手段", "鉄道・飛行機・バス" },
        { "宿泊", "松江市内" },
    };
    g_assert_cmpuint(tu_nchildren(sec), ==, G_N_ELEMENTS(want));
    for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
        doc_node *f = tu_child(sec, i);
        assert_node(f, DOC_NODE_FACT, want[i][0]);
        g_assert_cmpstr(tu_str(f->text2), ==, want[i][1]);
    }
    tu_trip_clear(&t);

    /* A one-day trip prints one date. */
    t = build_ok("number: 1\nplace: p\nperiod: 2024-02-07\ntraveler: t\n[overview]\nheading: h\n");
    g_assert_cmpstr(tu_str(tu_child(tu_section(&t, 1), 0)->text2), ==, "2024年2月7日（水）");
    tu_trip_clear(&t);
}

static void test_bullets(void)
{
    tu_trip t = build_ok(TU_META "[bullets]\n"
                                 "heading: 「A面」的 目的について考える\n"
                                 "subheading: 毎度おなじみ\n"
                                 "list:\n"
                                 "  - テレワークに適した業務\n"
                                 "    - 窓口の業務は難しい\n"
                                 "  - 紙とハンコ\n"
                                 "    - お金\n"
                                 "      - もう少し時間\n"
                                 "    ・働き方改革\n"
                                 "  職員の意識\n"
                                 "text: まとめ\n");
    doc_node *sec = tu_section(&t, 1);
    g_assert_cmpint(sec->kind, ==, DOC_KIND_BULLETS);
    g_assert_cmpuint(tu_nchildren(sec), ==, 3);
    assert_node(tu_child(sec, 0), DOC_NODE_SUBHEADING, "毎度おなじみ");
    doc_node *list = tu_child(sec, 1);
    g_assert_cmpint(list->type, ==, DOC_NODE_LIST);
    g_assert_cmpint(list->loc.line, ==, 10);
    /* In a list: block every line is an item, marker or not; the marker is
     * removed and deeper indentation nests. */
    g_assert_cmpuint(tu_nchildren(list), ==, 7);
    assert_item(tu_child(list, 0), "テレワークに適した業務", 0);
    assert_item(tu_child(list, 1), "窓口の業務は難しい", 1);
    assert_item(tu_child(list, 2), "紙とハンコ", 0);
    assert_item(tu_child(list, 3), "お金", 1);
    assert_item(tu_child(list, 4), "もう少し時間", 2);
    assert_item(tu_child(list, 5), "働き方改革", 1);
    assert_item(tu_child(list, 6), "職員の意識", 0);
    /* Items point at their text, after the marker. */
    g_assert_cmpint(tu_child(list, 1)->loc.line, ==, 11);
    g_assert_cmpint(tu_child(list, 1)->loc.col, ==, 7);
    g_assert_cmpint(tu_child(list, 6)->loc.col, ==, 3);
    assert_node(tu_child(sec, 2), DOC_NODE_PARAGRAPH, "まとめ");
    tu_trip_clear(&t);
}

static void test_list_nesting_tabs_and_fullwidth(void)
{
    /* Indentation measured as in section 3: a tab to the next multiple of
     * 4 and U+3000 as 2 — "\t" is deeper than "  ", "　" as deep. */
    tu_trip t = build_ok(TU_META "[bullets]\n"
                                 "heading: h\n"
                                 "list:\n"
                                 "  a\n"
                                 "\tb\n"
                                 "　c\n");
    doc_node *list = tu_child(tu_section(&t, 1), 0);
    assert_item(tu_child(list, 0), "a", 0);
    assert_item(tu_child(list, 1), "b", 1);
    assert_item(tu_child(list, 2), "c", 0);
    tu_trip_clear(&t);
}

static void test_text_blocks_with_lists(void)
{
    tu_trip t = build_ok(TU_META "[text]\n"
                                 "heading: h\n"
                                 "text:\n"
                                 "  前置き\n"
                                 "  二行目\n"
                                 "  - 紙とハンコ、電話の問題\n"
                                 "    - 解消するにはお金と\n"
                                 "      もう少し時間がかかる\n"
                                 "  ・職員の意識\n"
                                 "  続きの行\n"
                                 "\n"
                                 "  リストの後の段落\n"
                                 "  - 新しいリスト\n");
    doc_node *sec = tu_section(&t, 1);
    g_assert_cmpuint(tu_nchildren(sec), ==, 4);
    assert_node(tu_child(sec, 0), DOC_NODE_PARAGRAPH, "前置き\n二行目");
    doc_node *list = tu_child(sec, 1);
    g_assert_cmpint(list->type, ==, DOC_NODE_LIST);
    g_assert_cmpuint(tu_nchildren(list), ==, 3);
    assert_item(tu_child(list, 0), "紙とハンコ、電話の問題", 0);
    /* A line right after an item, without a marker, continues it on a new
     * line. */
    assert_item(tu_child(list, 1), "解消するにはお金と\nもう少し時間がかかる", 1);
    assert_item(tu_child(list, 2), "職員の意識\n続きの行", 0);
    /* An empty line ends the list. */
    assert_node(tu_child(sec, 2), DOC_NODE_PARAGRAPH, "リストの後の段落");
    doc_node *list2 = tu_child(sec, 3);
    g_assert_cmpint(list2->type, ==, DOC_NODE_LIST);
    assert_item(tu_child(list2, 0), "新しいリスト", 0);
    tu_trip_clear(&t);
}

static void test_text_markers_need_space(void)
{
    /* "-5度" is text, not an item; "- " and "・" are markers. */
    tu_trip t = build_ok(TU_META "[text]\nheading: h\ntext:\n  -5度の朝\n");
    doc_node *sec = tu_section(&t, 1);
    assert_node(tu_child(sec, 0), DOC_NODE_PARAGRAPH, "-5度の朝");
    tu_trip_clear(&t);
}

static void test_facts(void)
{
    tu_trip t = build_ok(TU_META "[facts]\n"
                                 "heading: 報告①\n"
                                 "image: photos/matsue-map.png\n"
                                 "credit: OpenStreetMap\n"
                                 "title: 島根県 **松江市**\n"
                                 "fact: 面積 | 572.99km²\n"
                                 "fact: 人口 | 198,697人 (2024.01.01)\n"
                                 "text:\n"
                                 "  島根県の県庁所在地。\n"
                                 "\n"
                                 "  シジミが美味しい。\n");
    doc_node *sec = tu_section(&t, 1);
    g_assert_cmpint(sec->kind, ==, DOC_KIND_FACTS);
    g_assert_cmpuint(tu_nchildren(sec), ==, 6);
    doc_node *img = tu_child(sec, 0);
    g_assert_cmpint(img->type, ==, DOC_NODE_IMAGE);
    g_assert_cmpstr(img->path, ==, "photos/matsue-map.png");
    /* Relative to the trip's folder ("trip.txt" is in "."). */
    g_assert_cmpstr(img->resolved, ==, "./photos/matsue-map.png");
    g_assert_cmpint(img->path_loc.line, ==, 8);
    g_assert_cmpint(img->path_loc.col, ==, 8);
    g_assert_cmpstr(tu_str(img->text2), ==, "OpenStreetMap");
    doc_node *title = tu_child(sec, 1);
    assert_node(title, DOC_NODE_TITLE, "島根県 松江市");
    g_assert_cmpuint(title->text->spans->len, ==, 1);
    g_assert_cmpint(g_array_index(title->text->spans, doc_span, 0).start, ==, 10);
    g_assert_cmpint(g_array_index(title->text->spans, doc_span, 0).end, ==, 19);
    assert_node(tu_child(sec, 2), DOC_NODE_FACT, "面積");
    g_assert_cmpstr(tu_str(tu_child(sec, 2)->text2), ==, "572.99km²");
    assert_node(tu_child(sec, 3), DOC_NODE_FACT, "人口");
    g_assert_cmpstr(tu_str(tu_child(sec, 3)->text2), ==, "198,697人 (2024.01.01)");
    assert_node(tu_child(sec, 4), DOC_NODE_PARAGRAPH, "島根県の県庁所在地。");
    assert_node(tu_child(sec, 5), DOC_NODE_PARAGRAPH, "シジミが美味しい。");
    tu_trip_clear(&t);
}

static void test_schedule(void)
{
    tu_trip t = build_ok(TU_META "[schedule]\n"
                                 "heading: 日程\n"
                                 "columns: 月日 | AM | PM | 宿泊\n"
                                 "row: 2024-02-07 | 移動 (モバイルワーク) | 移動 | 松江市内\n"
                                 "row: 2024/2/8｜研修｜研修｜松江市内\n"
                                 "row: ２０２４年２月９日 | 移動 | 移動 | —\n"
                                 "row: 予備日 | a \\| b | | x\n"
                                 "subheading: 中国地方初上陸\n"
                                 "text: 3日のうち2日は移動でした。\n");
    doc_node *sec = tu_section(&t, 1);
    g_assert_cmpint(sec->kind, ==, DOC_KIND_SCHEDULE);
    g_assert_cmpuint(tu_nchildren(sec), ==, 3);
    doc_node *table = tu_child(sec, 0);
    g_assert_cmpint(table->type, ==, DOC_NODE_TABLE);
    g_assert_cmpuint(tu_nchildren(table), ==, 5);
    doc_node *head = tu_child(table, 0);
    g_assert_cmpint(head->type, ==, DOC_NODE_ROW);
    g_assert_true(head->header);
    g_assert_cmpuint(head->cells->len, ==, 4);
    g_assert_cmpstr(tu_cell(head, 0), ==, "月日");
    g_assert_cmpstr(tu_cell(head, 3), ==, "宿泊");
    /* A first cell that is a date prints as 2/7 (水). */
    doc_node *r = tu_child(table, 1);
    g_assert_false(r->header);
    g_assert_true(r->is_date);
    g_assert_cmpstr(tu_cell(r, 0), ==, "2/7 (水)");
    g_assert_cmpstr(tu_cell(r, 1), ==, "移動 (モバイルワーク)");
    g_assert_cmpstr(tu_cell(r, 3), ==, "松江市内");
    r = tu_child(table, 2);
    g_assert_true(r->is_date);
    g_assert_cmpstr(tu_cell(r, 0), ==, "2/8 (木)");
    g_assert_cmpstr(tu_cell(r, 1), ==, "研修");
    r = tu_child(table, 3);
    g_assert_cmpstr(tu_cell(r, 0), ==, "2/9 (金)");
    g_assert_cmpstr(tu_cell(r, 3), ==, "—");
    r = tu_child(table, 4);
    g_assert_false(r->is_date);
    g_assert_cmpstr(tu_cell(r, 0), ==, "予備日");
    g_assert_cmpstr(tu_cell(r, 1), ==, "a | b");
    g_assert_cmpstr(tu_cell(r, 2), ==, "");
    assert_node(tu_child(sec, 1), DOC_NODE_SUBHEADING, "中国地方初上陸");
    assert_node(tu_child(sec, 2), DOC_NODE_PARAGRAPH, "3日のうち2日は移動でした。");
    tu_trip_clear(&t);
}

static void test_text(void)
{
    tu_trip t = build_ok(TU_META "[text]\n"
                                 "heading: 報告③\n"
                                 "subheading: 講演\n"
                                 "text:\n"
                                 "  　一段落目。\n"
                                 "\n"
                                 "  二段落目。\n"
                                 "subheading: 意見交換会\n"
                                 "text: 本当に良い勉強をさせていただきました。\n");
    doc_node *sec = tu_section(&t, 1);
    g_assert_cmpint(sec->kind, ==, DOC_KIND_TEXT);
    g_assert_cmpstr(tu_str(sec->text), ==, "報告③");
    g_assert_cmpint(sec->loc.line, ==, 6);
    g_assert_cmpuint(tu_nchildren(sec), ==, 5);
    assert_node(tu_child(sec, 0), DOC_NODE_SUBHEADING, "講演");
    /* The full-width space (字下げ) is kept. */
    assert_node(tu_child(sec, 1), DOC_NODE_PARAGRAPH, "　一段落目。");
    g_assert_cmpint(tu_child(sec, 1)->loc.line, ==, 10);
    assert_node(tu_child(sec, 2), DOC_NODE_PARAGRAPH, "二段落目。");
    g_assert_cmpint(tu_child(sec, 2)->loc.line, ==, 12);
    assert_node(tu_child(sec, 3), DOC_NODE_SUBHEADING, "意見交換会");
    assert_node(tu_child(sec, 4), DOC_NODE_PARAGRAPH, "本当に良い勉強をさせていただきました。");
    tu_trip_clear(&t);
}

static void test_photos(void)
{
    tu_trip t = build_ok(TU_META "[photos]\n"
                                 "heading: 写真\n"
                                 "fit: cover\n"
                                 "photo: photos/01.jpg\n"
                                 "caption: 松江市役所\n"
                                 "photo: photos/02.jpg\n"
                                 "caption:\n"
                                 "  1階のひろびろとした市民窓口\n"
                                 "  受付管理システムも導入\n"
                                 "fit: contain\n"
                                 "photo: photos/03.jpg\n"
                                 "alt: 松江城址の木々の向こうに昇る朝日\n"
                                 "caption: 日の出\n");
    doc_node *sec = tu_section(&t, 1);
    g_assert_cmpint(sec->kind, ==, DOC_KIND_PHOTOS);
    g_assert_cmpuint(tu_nchildren(sec), ==, 3);
    doc_node *p = tu_child(sec, 0);
    assert_node(p, DOC_NODE_PHOTO, "松江市役所");
    g_assert_cmpstr(p->path, ==, "photos/01.jpg");
    g_assert_cmpstr(p->resolved, ==, "./photos/01.jpg");
    g_assert_null(p->text2); /* no alt: the caption is read aloud */
    /* fit before the first photo sets it for the page... */
    g_assert_cmpint(p->fit, ==, DOC_FIT_COVER);
    p = tu_child(sec, 1);
    assert_node(p, DOC_NODE_PHOTO, "1階のひろびろとした市民窓口\n受付管理システムも導入");
    /* ...after a photo, for that photo. */
    g_assert_cmpint(p->fit, ==, DOC_FIT_CONTAIN);
    p = tu_child(sec, 2);
    assert_node(p, DOC_NODE_PHOTO, "日の出");
    g_assert_cmpstr(tu_str(p->text2), ==, "松江城址の木々の向こうに昇る朝日");
    g_assert_cmpint(p->fit, ==, DOC_FIT_COVER);
    g_assert_cmpint(p->loc.line, ==, 16);
    tu_trip_clear(&t);

    /* Without fit, photos are contained. */
    t = build_ok(TU_META "[photos]\nheading: h\nphoto: a.jpg\ncaption: c\n");
    g_assert_cmpint(tu_child(tu_section(&t, 1), 0)->fit, ==, DOC_FIT_CONTAIN);
    tu_trip_clear(&t);
}

static void test_closing_defaults(void)
{
    tu_trip t = build_ok("number: 17\n"
                         "place: 島根県松江市\n"
                         "period: 2024-02-07 .. 2024-02-09\n"
                         "traveler: 室長 小野広暁\n"
                         "organization: 磐梯町役場\n"
                         "[closing]\n");
    doc_node *sec = tu_section(&t, 1);
    g_assert_cmpint(sec->kind, ==, DOC_KIND_CLOSING);
    g_assert_null(sec->text);
    assert_node(find(sec, DOC_NODE_TITLE), DOC_NODE_TITLE, "「旅する公務員」第17弾\n島根県松江市");
    assert_node(find(sec, DOC_NODE_PARAGRAPH), DOC_NODE_PARAGRAPH, "報告を終わります。");
    assert_node(find(sec, DOC_NODE_SIGNATURE), DOC_NODE_SIGNATURE, "磐梯町役場\n室長 小野広暁");
    g_assert_null(find(sec, DOC_NODE_MARK));
    tu_trip_clear(&t);

    /* Another series, and no organization: the signature is the traveler. */
    t = build_ok("series: 旅する職員\nnumber: 第3弾\nplace: 福島県磐梯町\nperiod: 2024-06-03\ntraveler: 磐梯太郎\n[closing]\n");
    sec = tu_section(&t, 1);
    assert_node(find(sec, DOC_NODE_TITLE), DOC_NODE_TITLE, "「旅する職員」第3弾\n福島県磐梯町");
    assert_node(find(sec, DOC_NODE_SIGNATURE), DOC_NODE_SIGNATURE, "磐梯太郎");
    tu_trip_clear(&t);
}

static void test_closing_given(void)
{
    tu_trip t = build_ok(TU_META "[closing]\n"
                                 "mark: 以上\n"
                                 "title:\n"
                                 "  「旅する公務員」第17弾\n"
                                 "  島根県松江市\n"
                                 "text: ご清聴ありがとうございました。\n"
                                 "signature:\n"
                                 "  磐梯町役場\n"
                                 "  室長 小野 広暁\n");
    doc_node *sec = tu_section(&t, 1);
    g_assert_cmpuint(tu_nchildren(sec), ==, 4);
    assert_node(find(sec, DOC_NODE_MARK), DOC_NODE_MARK, "以上");
    assert_node(find(sec, DOC_NODE_TITLE), DOC_NODE_TITLE, "「旅する公務員」第17弾\n島根県松江市");
    assert_node(find(sec, DOC_NODE_PARAGRAPH), DOC_NODE_PARAGRAPH, "ご清聴ありがとうございました。");
    assert_node(find(sec, DOC_NODE_SIGNATURE), DOC_NODE_SIGNATURE, "磐梯町役場\n室長 小野 広暁");
    tu_trip_clear(&t);
}

static void test_page_order(void)
{
    tu_trip t = build_ok(TU_META "[goals]\nheading: g\ngoal: a\ntext: b\n"
                                 "[overview]\nheading: o\n"
                                 "[bullets]\nheading: b\nlist: x\n"
                                 "[facts]\nheading: f\n"
                                 "[schedule]\nheading: s\ncolumns: a\nrow: b\n"
                                 "[text]\nheading: t\ntext: x\n"
                                 "[photos]\nheading: p\nphoto: a.jpg\ncaption: c\n"
                                 "[closing]\n");
    static const doc_kind want[] = { DOC_KIND_TITLE, DOC_KIND_GOALS, DOC_KIND_OVERVIEW, DOC_KIND_BULLETS,
                                     DOC_KIND_FACTS, DOC_KIND_SCHEDULE, DOC_KIND_TEXT, DOC_KIND_PHOTOS,
                                     DOC_KIND_CLOSING };
    g_assert_cmpuint(t.doc->sections->len, ==, G_N_ELEMENTS(want));
    for (guint i = 0; i < G_N_ELEMENTS(want); i++)
        g_assert_cmpint(tu_section(&t, i)->kind, ==, want[i]);
    tu_trip_clear(&t);
}

static void test_keys_case_insensitive(void)
{
    tu_trip t = build_ok("Number: 17\nPLACE: p\nPeriod: 2024-02-07\nTraveler: t\n[Text]\nHeading: 見出し\nTEXT: 本文\n");
    g_assert_cmpstr(t.doc->meta.place, ==, "p");
    g_assert_cmpstr(tu_str(tu_section(&t, 1)->text), ==, "見出し");
    tu_trip_clear(&t);
}

static void test_sample(void)
{
    char *text = NULL;
    if (!g_file_get_contents("samples/017-matsue/trip.txt", &text, NULL, NULL)) {
        g_test_skip("run from the top folder to read samples/017-matsue/trip.txt");
        return;
    }
    tu_trip t = tu_build_file(text, "samples/017-matsue/trip.txt", false);
    tu_assert_messages(t.d, "");
    g_assert_cmpuint(t.doc->sections->len, ==, 9);
    g_assert_cmpstr(t.doc->dir, ==, "samples/017-matsue");
    doc_node *photos = tu_section(&t, 7);
    g_assert_cmpint(photos->kind, ==, DOC_KIND_PHOTOS);
    g_assert_cmpuint(tu_nchildren(photos), ==, 8);
    g_assert_cmpstr(tu_child(photos, 0)->resolved, ==, "samples/017-matsue/photos/01-city-hall.jpg");
    tu_trip_clear(&t);
    g_free(text);
}

/*** Messages (section 6) ***/

static void test_unknown_key(void)
{
    check_messages(TU_META "[schedule]\n"
                           "heading: 日程\n"
                           "colums: 月日 | AM\n"
                           "columns: 月日 | AM\n"
                           "row: 2024-02-07 | x\n",
                   "trip.txt:8:1: error: unknown key 'colums' (did you mean 'columns'?)\n");
    check_messages(TU_META "[text]\n"
                           "heading: h\n"
                           "text: t\n"
                           "x: 1\n",
                   "trip.txt:9:1: error: unknown key 'x'; [text] takes 'heading', 'subheading', 'text'\n");
    /* As written, even when upper case. */
    check_messages(TU_META "[text]\nheading: h\nText: t\nSubheadng: s\n",
                   "trip.txt:9:1: error: unknown key 'Subheadng' (did you mean 'subheading'?)\n");
    /* In the metadata. */
    check_messages("number: 17\nplace: p\nperiod: 2024-02-07\ntravler: t\ntraveler: t\nfoo: 1\n[text]\nheading: h\ntext: t\n",
                   "trip.txt:4:1: error: unknown key 'travler' (did you mean 'traveler'?)\n"
                   "trip.txt:6:1: error: unknown key 'foo'; the metadata takes 'series', 'number', 'place', 'period', "
                   "'traveler', 'organization', 'author', 'date', 'layout'\n");
}

static void test_key_of_another_kind(void)
{
    check_messages(TU_META "[text]\n"
                           "heading: h\n"
                           "columns: a | b\n"
                           "text: t\n",
                   "trip.txt:8:1: error: 'columns' is not a key of [text] (it belongs to [schedule])\n");
    check_messages(TU_META "[photos]\nheading: h\nphoto: a.jpg\ncaption: c\nlist: x\n",
                   "trip.txt:10:1: error: 'list' is not a key of [photos] (it belongs to [bullets])\n");
    check_messages(TU_META "[closing]\nphoto: a.jpg\n",
                   "trip.txt:7:1: error: 'photo' is not a key of [closing] (it belongs to [photos])\n");
}

static void test_metadata_key_under_page(void)
{
    check_messages(TU_META "[text]\n"
                           "heading: h\n"
                           "text: t\n"
                           "organization: 磐梯町役場\n",
                   "trip.txt:9:1: error: 'organization' is metadata: move it to the top of the file, before the first '[kind]' line\n");
    /* A required one moved there is also missing from the metadata. */
    check_messages("number: 17\nperiod: 2024-02-07\ntraveler: t\n[text]\nheading: h\nplace: 松江\ntext: t\n",
                   "trip.txt:1:1: error: missing 'place:' in the metadata (the lines before the first '[kind]')\n"
                   "trip.txt:6:1: error: 'place' is metadata: move it to the top of the file, before the first '[kind]' line\n");
}

static void test_page_key_in_metadata(void)
{
    check_messages(TU_META "heading: 見出し\n[text]\nheading: h\ntext: t\n",
                   "trip.txt:6:1: error: 'heading' belongs to a page: put a '[kind]' line such as '[goals]' before it\n");
    check_messages(TU_META "columns: a | b\n[text]\nheading: h\ntext: t\n",
                   "trip.txt:6:1: error: 'columns' belongs to a page: put a '[kind]' line such as '[schedule]' before it\n");
}

static void test_unknown_kind(void)
{
    check_messages(TU_META "[schedul]\nheading: h\n",
                   "trip.txt:6:1: error: unknown page kind '[schedul]' (did you mean '[schedule]'?)\n");
    check_messages(TU_META "[text]\nheading: h\ntext: t\n[写真]\n",
                   "trip.txt:9:1: error: unknown page kind '[写真]'; the kinds are [goals] [overview] [bullets] [facts] "
                   "[schedule] [text] [photos] [closing]\n");
    /* As written, case kept. */
    check_messages(TU_META "[Photo]\n[text]\nheading: h\ntext: t\n",
                   "trip.txt:6:1: error: unknown page kind '[Photo]' (did you mean '[photos]'?)\n");
}

static void test_given_twice(void)
{
    check_messages(TU_META "[text]\n"
                           "heading: 報告③\n"
                           "text: t\n"
                           "heading: 報告④\n",
                   "trip.txt:9:1: error: 'heading' is given twice in [text] (first at line 7); keep one\n");
    check_messages("number: 17\nplace: 松江\nperiod: 2024-02-07\ntraveler: t\nplace: 出雲\n[text]\nheading: h\ntext: t\n",
                   "trip.txt:5:1: error: 'place' is given twice in the metadata (first at line 2); keep one\n");
    check_messages(TU_META "[facts]\nheading: h\nimage: a.png\nimage: b.png\n",
                   "trip.txt:9:1: error: 'image' is given twice in [facts] (first at line 8); keep one\n");
    /* Keys that repeat may. */
    check_messages(TU_META "[text]\nheading: h\ntext: a\nsubheading: s\ntext: b\nsubheading: s2\ntext: c\n", "");
}

static void test_required_missing(void)
{
    /* At the [kind] line, in the rules' order. */
    check_messages(TU_META "[schedule]\nheading: h\n",
                   "trip.txt:6:1: error: [schedule] needs 'columns:'\n"
                   "trip.txt:6:1: error: [schedule] needs 'row:'\n");
    check_messages(TU_META "[goals]\n", "trip.txt:6:1: error: [goals] needs 'heading:'\n"
                                        "trip.txt:6:1: error: [goals] needs 'goal:'\n");
    check_messages(TU_META "[overview]\n", "trip.txt:6:1: error: [overview] needs 'heading:'\n");
    check_messages(TU_META "[bullets]\nheading: h\n", "trip.txt:6:1: error: [bullets] needs 'list:'\n");
    check_messages(TU_META "[facts]\n", "trip.txt:6:1: error: [facts] needs 'heading:'\n");
    check_messages(TU_META "[text]\nheading: h\n", "trip.txt:6:1: error: [text] needs 'text:'\n");
    check_messages(TU_META "[photos]\nheading: h\n", "trip.txt:6:1: error: [photos] needs 'photo:'\n");
    /* Nothing is required in [closing]. */
    check_messages(TU_META "[closing]\n", "");
    /* Metadata: at line 1 (even when line 1 is a comment). */
    check_messages("# memo\nseries: s\n[closing]\n",
                   "trip.txt:1:1: error: missing 'number:' in the metadata (the lines before the first '[kind]')\n"
                   "trip.txt:1:1: error: missing 'place:' in the metadata (the lines before the first '[kind]')\n"
                   "trip.txt:1:1: error: missing 'period:' in the metadata (the lines before the first '[kind]')\n"
                   "trip.txt:1:1: error: missing 'traveler:' in the metadata (the lines before the first '[kind]')\n");
}

static void test_no_pages(void)
{
    check_messages(TU_META, "trip.txt: error: no pages: add at least one '[kind]' section, such as '[text]' (see docs/trip-format.md)\n");
}

static void test_empty_value(void)
{
    /* At the colon. */
    check_messages(TU_META "[text]\nheading:\ntext: t\n",
                   "trip.txt:7:8: error: 'heading' is empty: this line still needs filling; write its text after the colon or on indented lines below\n");
    check_messages(TU_META "[text]\nheading: h\nText：　\n\n",
                   "trip.txt:8:5: error: 'Text' is empty: this line still needs filling; write its text after the colon or on indented lines below\n");
    check_messages("number: 17\nplace:\nperiod: 2024-02-07\ntraveler: t\n[closing]\n",
                   "trip.txt:2:6: error: 'place' is empty: this line still needs filling; write its text after the colon or on indented lines below\n");
    /* An empty caption is the one message: the photo has its caption
     * line, only not filled in (as 'new' writes it). Likewise a goal's
     * empty text, and an empty photo keeps its caption from "must follow
     * a 'photo:' line". */
    check_messages(TU_META "[photos]\nheading: h\nphoto: a.jpg\ncaption:\n",
                   "trip.txt:9:8: error: 'caption' is empty: this line still needs filling; write its text after the colon or on indented lines below\n");
    check_messages(TU_META "[goals]\nheading: h\ngoal: g\ntext:\n",
                   "trip.txt:9:5: error: 'text' is empty: this line still needs filling; write its text after the colon or on indented lines below\n");
    check_messages(TU_META "[photos]\nheading: h\nphoto:\ncaption: c\n",
                   "trip.txt:8:6: error: 'photo' is empty: this line still needs filling; write its text after the colon or on indented lines below\n");
    /* A goal with no text line at all still gets its own message. */
    check_messages(TU_META "[goals]\nheading: h\ngoal: g\n",
                   "trip.txt:8:1: error: goal has no 'text:'; add one on the line after it\n");
}

static void test_bad_number(void)
{
    check_messages("number: 十七\nplace: p\nperiod: 2024-02-07\ntraveler: t\n[closing]\n",
                   "trip.txt:1:9: error: 'number' must be the report's number, like 17 (for 第17弾); got '十七'\n");
    check_messages("number: 0\nplace: p\nperiod: 2024-02-07\ntraveler: t\n[closing]\n",
                   "trip.txt:1:9: error: 'number' must be the report's number, like 17 (for 第17弾); got '0'\n");
}

static void test_bad_period(void)
{
    check_messages("number: 17\nplace: p\nperiod: 2024-02-30 .. 2024-03-01\ntraveler: t\n[closing]\n",
                   "trip.txt:3:9: error: bad period '2024-02-30 .. 2024-03-01'; write 'YYYY-MM-DD .. YYYY-MM-DD' "
                   "with real dates, like 2024-02-07 .. 2024-02-09\n");
    check_messages("number: 17\nplace: p\nperiod: 2月7日から9日\ntraveler: t\n[closing]\n",
                   "trip.txt:3:9: error: bad period '2月7日から9日'; write 'YYYY-MM-DD .. YYYY-MM-DD' "
                   "with real dates, like 2024-02-07 .. 2024-02-09\n");
    check_messages("number: 17\nplace: p\nperiod: 2024-02-07 .. 2024-02-09 ..\ntraveler: t\n[closing]\n",
                   "trip.txt:3:9: error: bad period '2024-02-07 .. 2024-02-09 ..'; write 'YYYY-MM-DD .. YYYY-MM-DD' "
                   "with real dates, like 2024-02-07 .. 2024-02-09\n");
}

static void test_period_end_before_start(void)
{
    check_messages("number: 17\nplace: p\nperiod: 2024-02-09 ～ 2024-02-07\ntraveler: t\n[closing]\n",
                   "trip.txt:3:9: error: the period ends before it starts ('2024-02-09 ～ 2024-02-07'); put the first day first\n");
}

static void test_bad_date(void)
{
    check_messages(TU_META "date: 2024-13-01\n[closing]\n",
                   "trip.txt:6:7: error: bad date '2024-13-01'; write YYYY-MM-DD with a real date, like 2024-02-20\n");
    /* In the first cell of a schedule row: at the cell. */
    check_messages(TU_META "[schedule]\n"
                           "heading: h\n"
                           "columns: 月日 | AM\n"
                           "row: 2024-02-07 | a\n"
                           "row:  2024-02-30 | b\n"
                           "row: 2024/13/01 | c\n",
                   "trip.txt:10:7: error: bad date '2024-02-30'; write YYYY-MM-DD with a real date, like 2024-02-07\n"
                   "trip.txt:11:6: error: bad date '2024/13/01'; write YYYY-MM-DD with a real date, like 2024-02-07\n");
    /* Every written form of a date is checked; text that merely starts
     * with a year is not a date. */
    check_messages(TU_META "[schedule]\n"
                           "heading: h\n"
                           "columns: 月日 | AM\n"
                           "row: 2024.02.30 | a\n"
                           "row: ２０２４／２／３０ | b\n"
                           "row: 2024年2月30日 | c\n"
                           "row: 2024年度 | d\n"
                           "row: 2024 | e\n",
                   "trip.txt:9:6: error: bad date '2024.02.30'; write YYYY-MM-DD with a real date, like 2024-02-07\n"
                   "trip.txt:10:6: error: bad date '２０２４／２／３０'; write YYYY-MM-DD with a real date, like 2024-02-07\n"
                   "trip.txt:11:6: error: bad date '2024年2月30日'; write YYYY-MM-DD with a real date, like 2024-02-07\n");
}

static void test_photo_without_caption(void)
{
    check_messages(TU_META "[photos]\n"
                           "heading: h\n"
                           "photo: photos/a.jpg\n"
                           "photo: photos/b.jpg\n"
                           "caption: b\n"
                           "photo: photos/c.jpg\n"
                           "alt: only an alt\n",
                   "trip.txt:8:1: error: photo 'photos/a.jpg' has no caption; add 'caption:' on the line after it\n"
                   "trip.txt:11:1: error: photo 'photos/c.jpg' has no caption; add 'caption:' on the line after it\n");
}

static void test_keys_out_of_order(void)
{
    check_messages(TU_META "[photos]\nheading: h\ncaption: c\nphoto: a.jpg\ncaption: a\n",
                   "trip.txt:8:1: error: 'caption' must follow a 'photo:' line\n");
    check_messages(TU_META "[photos]\nheading: h\nalt: c\nphoto: a.jpg\ncaption: a\n",
                   "trip.txt:8:1: error: 'alt' must follow a 'photo:' line\n");
    check_messages(TU_META "[facts]\nheading: h\ncredit: OpenStreetMap\nimage: map.png\n",
                   "trip.txt:8:1: error: 'credit' must follow an 'image:' line\n");
    check_messages(TU_META "[schedule]\nheading: h\nrow: 2024-02-07 | a\ncolumns: 月日 | AM\nrow: 2024-02-08 | b\n",
                   "trip.txt:8:1: error: 'row' before 'columns'; put the 'columns:' line first\n");
    check_messages(TU_META "[goals]\nheading: h\ntext: t\ngoal: g\ntext: u\n",
                   "trip.txt:8:1: error: 'text' in [goals] must follow a 'goal:' line\n");
}

static void test_goal_without_text(void)
{
    check_messages(TU_META "[goals]\nheading: h\ngoal: a\ngoal: b\ntext: t\n",
                   "trip.txt:8:1: error: goal has no 'text:'; add one on the line after it\n");
}

static void test_photo_keys_twice(void)
{
    check_messages(TU_META "[photos]\nheading: h\nphoto: a.jpg\ncaption: 1\ncaption: 2\nalt: x\nalt: y\n",
                   "trip.txt:10:1: error: this photo already has a 'caption' (line 9); keep one\n"
                   "trip.txt:12:1: error: this photo already has an 'alt' (line 11); keep one\n");
}

static void test_bad_fit(void)
{
    check_messages(TU_META "[photos]\nheading: h\nfit: fill\nphoto: a.jpg\ncaption: c\n",
                   "trip.txt:8:6: error: 'fit' is 'contain' (whole photo, the default) or 'cover' (fill and crop); got 'fill'\n");
}

static void test_wrong_cell_count(void)
{
    check_messages(TU_META "[schedule]\n"
                           "heading: h\n"
                           "columns: 月日 | AM | PM | 宿泊\n"
                           "row: 2024-02-07 | 移動 | 松江市内\n"
                           "row: 2024-02-08\n"
                           "row: 2024-02-09 | a | b | c | d\n",
                   "trip.txt:9:6: error: this row has 3 cells but 'columns' has 4; separate cells with '|'\n"
                   "trip.txt:10:6: error: this row has 1 cell but 'columns' has 4; separate cells with '|'\n"
                   "trip.txt:11:6: error: this row has 5 cells but 'columns' has 4; separate cells with '|'\n");
    /* An escaped pipe is not a separator. */
    check_messages(TU_META "[schedule]\nheading: h\ncolumns: a | b\nrow: x \\| y | z\n", "");
}

static void test_fact_parts(void)
{
    check_messages(TU_META "[facts]\nheading: h\nfact: 面積 572.99km²\nfact: a | b | c\n",
                   "trip.txt:8:7: error: 'fact' needs a label and a value, like 'fact: 面積 | 572.99km²' (got 1 part)\n"
                   "trip.txt:9:7: error: 'fact' needs a label and a value, like 'fact: 面積 | 572.99km²' (got 3 parts)\n");
}

static void test_empty_list_item(void)
{
    check_messages(TU_META "[bullets]\nheading: h\nlist:\n  - a\n  -\n",
                   "trip.txt:10:3: error: empty list item; write its text after the marker\n");
}

static void test_indented_lines(void)
{
    /* The indented line is still read as its entry: no cascade of
     * "needs 'heading:'", and a repeated key is still caught. */
    check_messages(TU_META "[text]\n  heading: h\ntext: t\n",
                   "trip.txt:7:3: error: indented line after a '[kind]' line; start with 'key: value' at the beginning of the line\n");
    check_messages("  number: 17\nplace: p\nperiod: 2024-02-07\ntraveler: t\nnumber: 1\n[closing]\n",
                   "trip.txt:1:3: error: indented line continues nothing; remove the indentation or put it under a 'key:'\n"
                   "trip.txt:5:1: error: 'number' is given twice in the metadata (first at line 1); keep one\n");
}

/*** Indented lines that look like an entry ***/

/* In every kind of page and every kind of block, an indented line that
 * starts with a key of that page is that entry, with one message. */
static void test_key_lines_every_kind(void)
{
    static const struct {
        const char *body;      /* after TU_META: its first line is line 6 */
        int line;              /* of the indented key */
        const char *key, *above;
        int above_line;
        doc_node_type type;    /* the key's node... */
        guint count;           /* ...and how many the page then has */
    } cases[] = {
        { "[goals]\nheading: h\ngoal: A\ntext:\n  本文\n  goal: B\ntext: 本文2\n", 11, "goal", "text", 9, DOC_NODE_GOAL, 2 },
        { "[overview]\nheading:\n  概要\n  fact: 面積 | 1km²\n", 9, "fact", "heading", 7, DOC_NODE_FACT, 4 },
        { "[bullets]\nheading: h\nlist:\n  - a\n  subheading: 小見出し\nlist: b\n", 10, "subheading", "list", 8, DOC_NODE_SUBHEADING, 1 },
        { "[facts]\nheading: h\ntext:\n  本文\n  fact: 面積 | 1km²\n", 10, "fact", "text", 8, DOC_NODE_FACT, 1 },
        { "[schedule]\nheading: h\ncolumns: a | b\nrow: 1 | 2\ntext:\n  本文\n  subheading: 次\n", 12, "subheading", "text", 10, DOC_NODE_SUBHEADING, 1 },
        { "[text]\nheading: h\ntext:\n  本文\n  subheading: 次\ntext: 続き\n", 10, "subheading", "text", 8, DOC_NODE_SUBHEADING, 1 },
        { "[photos]\nheading: h\nphoto: a.jpg\ncaption:\n  説明\n  photo: b.jpg\ncaption: c\n", 11, "photo", "caption", 9, DOC_NODE_PHOTO, 2 },
        { "[closing]\ntext:\n  報告を終わります。\n  signature: 磐梯町役場\n", 9, "signature", "text", 7, DOC_NODE_SIGNATURE, 1 },
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *text = g_strconcat(TU_META, cases[i].body, NULL);
        char *want = g_strdup_printf("trip.txt:%d:3: error: '%s:' is indented, so it would be read as text of '%s:' (line %d); "
                                     "remove the indentation, or write '%s\\:' to keep it as text\n",
                                     cases[i].line, cases[i].key, cases[i].above, cases[i].above_line, cases[i].key);
        tu_trip t = tu_build(text);
        tu_assert_messages(t.d, want);
        doc_node *sec = tu_section(&t, 1);
        guint n = 0;
        for (guint c = 0; c < tu_nchildren(sec); c++)
            n += tu_child(sec, c)->type == cases[i].type;
        g_assert_cmpuint(n, ==, cases[i].count);
        tu_trip_clear(&t);
        g_free(want);
        g_free(text);
    }

    /* In the metadata too. */
    tu_trip t = tu_build("number: 17\n"
                         "place:\n"
                         "  島根県松江市\n"
                         "  period: 2024-02-07\n"
                         "traveler: t\n"
                         "[closing]\n");
    tu_assert_messages(t.d, "trip.txt:4:3: error: 'period:' is indented, so it would be read as text of 'place:' (line 2); remove the indentation, or write 'period\\:' to keep it as text\n");
    g_assert_cmpstr(t.doc->meta.place, ==, "島根県松江市");
    g_assert_cmpint(t.doc->meta.period_start.day, ==, 7);
    tu_trip_clear(&t);
}

static void test_key_lines_text(void)
{
    /* Keys of other places, colons in text and escaped keys stay text. */
    tu_trip t = build_ok(TU_META "[text]\n"
                                 "heading: h\n"
                                 "text:\n"
                                 "  columns: 月日 | AM\n"
                                 "  place: 松江\n"
                                 "  時間: 10:00〜12:00\n"
                                 "  https://www.city.matsue.lg.jp/\n"
                                 "  subheading\\: 本文です\n"
                                 "  \\[closing]\n");
    assert_node(tu_child(tu_section(&t, 1), 0), DOC_NODE_PARAGRAPH,
                "columns: 月日 | AM\nplace: 松江\n時間: 10:00〜12:00\nhttps://www.city.matsue.lg.jp/\nsubheading: 本文です\n[closing]");
    tu_trip_clear(&t);

    /* Under an unknown kind, a key of any page is one (messages are
     * listed here as added: kv's first). */
    check_messages(TU_META "[schedul]\nheading: h\ntext:\n  本文\n  columns: a | b\n",
                   "trip.txt:10:3: error: 'columns:' is indented, so it would be read as text of 'text:' (line 8); remove the indentation, or write 'columns\\:' to keep it as text\n"
                   "trip.txt:6:1: error: unknown page kind '[schedul]' (did you mean '[schedule]'?)\n");

    /* An indented [kind] line starts its page. */
    t = tu_build(TU_META "[text]\nheading: h\ntext:\n  本文\n　[closing]\nmark: 以上\n");
    tu_assert_messages(t.d, "trip.txt:10:1: error: '[closing]' is indented with a full-width space (全角スペース), so it would be read as text of 'text:' (line 8); delete the full-width space, or write '\\[closing]' to keep it as text\n");
    g_assert_cmpint(tu_section(&t, 2)->kind, ==, DOC_KIND_CLOSING);
    tu_trip_clear(&t);
}

static void test_fullwidth_space_before_key(void)
{
    /* The key is read: no "missing 'place:'", and 'number' stays 17. */
    tu_trip t = tu_build("number: 17\n"
                         "　place: 島根県松江市\n"
                         "period: 2024-02-07 .. 2024-02-09\n"
                         "traveler: 小野広暁\n"
                         "[closing]\n");
    tu_assert_messages(t.d, "trip.txt:2:1: error: 'place:' is indented with a full-width space (全角スペース), so it would be read as part of 'number:' (line 1); delete the full-width space\n");
    g_assert_cmpint(t.doc->meta.number, ==, 17);
    g_assert_cmpstr(t.doc->meta.place, ==, "島根県松江市");
    tu_trip_clear(&t);

    /* Right after a [kind] line: no "needs 'heading:'". */
    check_messages(TU_META "[text]\n　heading: h\ntext: t\n",
                   "trip.txt:7:1: error: this line is indented with a full-width space (全角スペース), but there is no entry above it to continue; delete the full-width space\n");

    /* A key in full-width letters is the key. */
    t = build_ok("number: 17\nｐｌａｃｅ：島根県松江市\nperiod: 2024-02-07\nｔｒａｖｅｌｅｒ: t\n［ｃｌｏｓｉｎｇ］\n");
    g_assert_cmpstr(t.doc->meta.place, ==, "島根県松江市");
    g_assert_cmpint(tu_section(&t, 1)->kind, ==, DOC_KIND_CLOSING);
    tu_trip_clear(&t);
}

static void test_caption_under_photo(void)
{
    /* Read as the photo's caption; the path is one line. */
    tu_trip t = tu_build(TU_META "[photos]\nheading: h\nphoto: photos/a.jpg\n  caption: 市役所\n");
    tu_assert_messages(t.d, "trip.txt:9:3: error: 'caption:' is indented, so it would be read as part of 'photo:' (line 8); remove the indentation\n");
    doc_node *p = tu_child(tu_section(&t, 1), 0);
    assert_node(p, DOC_NODE_PHOTO, "市役所");
    g_assert_cmpstr(p->path, ==, "photos/a.jpg");
    g_assert_cmpstr(p->resolved, ==, "./photos/a.jpg");
    tu_trip_clear(&t);

    /* A line under a path that is no key is never part of it. */
    t = tu_build(TU_META "[photos]\nheading: h\nphoto: photos/a.jpg\n  市役所\n");
    tu_assert_messages(t.d,
                       "trip.txt:9:3: error: 'photo:' (line 8) takes one line, so this indented line cannot continue it; delete the line, or remove the indentation and write it as a 'key: value' line\n"
                       "trip.txt:8:1: error: photo 'photos/a.jpg' has no caption; add 'caption:' on the line after it\n");
    g_assert_cmpstr(tu_child(tu_section(&t, 1), 0)->path, ==, "photos/a.jpg");
    tu_trip_clear(&t);
}

static void test_one_line_keys(void)
{
    /* Paths, the number, dates and fit take one line; each of them. */
    static const struct {
        const char *trip; /* %s: the continuation line, at line 'line' */
        const char *key;
        int line;
    } cases[] = {
        { "number: 17\n%splace: p\nperiod: 2024-02-07\ntraveler: t\n[closing]\n", "number", 1 },
        { "number: 17\nplace: p\nperiod: 2024-02-07\n%straveler: t\n[closing]\n", "period", 3 },
        { TU_META "date: 2024-02-20\n%s[closing]\n", "date", 6 },
        { TU_META "layout: default\n%s[closing]\n", "layout", 6 },
        { TU_META "[facts]\nheading: h\nimage: map.png\n%scredit: c\n", "image", 8 },
        { TU_META "[photos]\nheading: h\nphoto: a.jpg\n%scaption: c\n", "photo", 8 },
        { TU_META "[photos]\nheading: h\nfit: cover\n%sphoto: a.jpg\ncaption: c\n", "fit", 8 },
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *text = g_strdup_printf(cases[i].trip, "  続き\n");
        char *want = g_strdup_printf("trip.txt:%d:3: error: '%s:' (line %d) takes one line, so this indented line cannot continue it; "
                                     "delete the line, or remove the indentation and write it as a 'key: value' line\n",
                                     cases[i].line + 1, cases[i].key, cases[i].line);
        check_messages(text, want);
        g_free(want);
        g_free(text);
    }
    /* The one line may be below a bare key. */
    tu_trip t = build_ok(TU_META "[photos]\nheading: h\nphoto:\n  photos/a.jpg\ncaption: c\n");
    g_assert_cmpstr(tu_child(tu_section(&t, 1), 0)->path, ==, "photos/a.jpg");
    tu_trip_clear(&t);
}

static void test_not_an_entry(void)
{
    check_messages(TU_META "[text]\nheading: h\ntext:\n  一行目\n二行目\n",
                   "trip.txt:10:1: error: expected 'key: value' or '[kind]'; to continue the value above, indent this line\n");
}

static void test_title_written(void)
{
    check_messages(TU_META "[title]\nheading: h\n[closing]\n",
                   "trip.txt:6:1: error: the title page is made from the metadata; remove '[title]'\n");
}

static void test_closing_last(void)
{
    check_messages(TU_META "[closing]\n[text]\nheading: h\ntext: t\n",
                   "trip.txt:7:1: error: '[text]' after '[closing]'; the closing page is the last page\n");
    check_messages(TU_META "[closing]\n[closing]\n",
                   "trip.txt:7:1: error: '[closing]' after '[closing]'; the closing page is the last page\n");
}

static void test_unclosed_bold_warning(void)
{
    tu_trip t = tu_build(TU_META "[text]\n"
                                 "heading: **松江市\n"
                                 "text: t\n");
    tu_assert_messages(t.d, "trip.txt:7:10: warning: '**' is not closed, so it is printed as written; close it, or write '\\*\\*' for two asterisks\n");
    g_assert_cmpstr(tu_str(tu_section(&t, 1)->text), ==, "**松江市");
    tu_trip_clear(&t);

    t = tu_build(TU_META "[text]\nheading: h\ntext:\n  **見出し\n");
    tu_assert_messages(t.d, "trip.txt:9:3: warning: '**' is not closed, so it is printed as written; close it, or write '\\*\\*' for two asterisks\n");
    g_assert_cmpint(t.d->errors, ==, 0);
    g_assert_cmpint(t.d->warnings, ==, 1);
    assert_node(tu_child(tu_section(&t, 1), 0), DOC_NODE_PARAGRAPH, "**見出し");
    tu_trip_clear(&t);

    /* A value on the lines below its key: at the line of the '**'. */
    t = tu_build(TU_META "[photos]\nheading: h\nphoto: a.jpg\ncaption:\n  **議場\n");
    tu_assert_messages(t.d, "trip.txt:10:3: warning: '**' is not closed, so it is printed as written; close it, or write '\\*\\*' for two asterisks\n");
    tu_trip_clear(&t);
}

/*** Image files ***/

typedef struct tmptrip {
    char *dir;
    char *trip;
} tmptrip;

static tmptrip tmptrip_new(void)
{
    tmptrip tt;
    GError *err = NULL;
    tt.dir = g_dir_make_tmp("tripreport-build-XXXXXX", &err);
    g_assert_no_error(err);
    char *photos = g_build_filename(tt.dir, "photos", NULL);
    g_assert_cmpint(g_mkdir(photos, 0700), ==, 0);
    /* A real (small) JPEG, and a text file that only claims to be one. */
    char *jpeg = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents("tests/errors/photos/town-hall.jpg", &jpeg, &len, NULL));
    char *a = g_build_filename(photos, "a.jpg", NULL);
    g_assert_true(g_file_set_contents(a, jpeg, (gssize)len, NULL));
    char *b = g_build_filename(photos, "b.jpg", NULL);
    g_assert_true(g_file_set_contents(b, "not really a jpeg", -1, NULL));
    tt.trip = g_build_filename(tt.dir, "trip.txt", NULL);
    g_free(b);
    g_free(jpeg);
    g_free(a);
    g_free(photos);
    return tt;
}

static void tmptrip_clear(tmptrip *tt)
{
    tu_rm_tree(tt->dir);
    g_free(tt->dir);
    g_free(tt->trip);
}

static void test_image_files(void)
{
    tmptrip tt = tmptrip_new();
    tu_trip t = tu_build_file(TU_META "[photos]\n"
                                      "heading: h\n"
                                      "photo: photos/a.jpg\n"
                                      "caption: found\n"
                                      "photo: photos/x.jpg\n"
                                      "caption: missing\n"
                                      "photo: photos\n"
                                      "caption: a folder\n"
                                      "photo: photos/b.jpg\n"
                                      "caption: text named .jpg\n"
                                      "[facts]\n"
                                      "heading: f\n"
                                      "image:  map.png\n",
                              tt.trip, true);
    char *want = g_strdup_printf(
        "%s:10:8: error: image 'photos/x.jpg' not found (looked for '%s/photos/x.jpg'); check the name and the folder\n"
        "%s:12:8: error: 'photos' is a folder, not an image file\n"
        "%s:14:8: error: image 'photos/b.jpg' is not an image (it contains text); use a JPEG or PNG file\n"
        "%s:18:9: error: image 'map.png' not found (looked for '%s/map.png'); check the name and the folder\n",
        tt.trip, tt.dir, tt.trip, tt.trip, tt.trip, tt.dir);
    tu_assert_messages(t.d, want);
    /* The path is relative to the trip's folder, not the working one. */
    char *resolved = g_build_filename(tt.dir, "photos/a.jpg", NULL);
    g_assert_cmpstr(tu_child(tu_section(&t, 1), 0)->resolved, ==, resolved);
    g_free(resolved);
    g_free(want);
    tu_trip_clear(&t);

    /* An absolute path is used as it is. */
    char *abs = g_build_filename(tt.dir, "photos", "a.jpg", NULL);
    char *text = g_strdup_printf(TU_META "[photos]\nheading: h\nphoto: %s\ncaption: c\n", abs);
    t = tu_build_file(text, "elsewhere/trip.txt", true);
    tu_assert_messages(t.d, "");
    g_assert_cmpstr(tu_child(tu_section(&t, 1), 0)->resolved, ==, abs);
    tu_trip_clear(&t);
    g_free(text);
    g_free(abs);

    /* Without check_files nothing is looked up. */
    t = tu_build_file(TU_META "[photos]\nheading: h\nphoto: photos/x.jpg\ncaption: c\n", tt.trip, false);
    tu_assert_messages(t.d, "");
    tu_trip_clear(&t);
    tmptrip_clear(&tt);
}

static void test_messages_outlive_doc(void)
{
    /* main frees the doc before it prints the messages: their file names
     * must belong to the diag list. */
    diag_list *d = diag_list_new();
    char *name = g_strdup("x/trip.txt");
    kv_file *kv = kv_parse("[text]\n", diag_file(d, name), d);
    doc *dc = build_doc(kv, d, false);
    doc_free(dc);
    kv_file_free(kv);
    g_free(name);
    tu_assert_messages(d, "x/trip.txt:1:1: error: missing 'number:' in the metadata (the lines before the first '[kind]')\n"
                          "x/trip.txt:1:1: error: missing 'place:' in the metadata (the lines before the first '[kind]')\n"
                          "x/trip.txt:1:1: error: missing 'period:' in the metadata (the lines before the first '[kind]')\n"
                          "x/trip.txt:1:1: error: missing 'traveler:' in the metadata (the lines before the first '[kind]')\n"
                          "x/trip.txt:1:1: error: [text] needs 'heading:'\n"
                          "x/trip.txt:1:1: error: [text] needs 'text:'\n");
    diag_list_free(d);
}

static void test_kind_keys(void)
{
    const char *const *k = build_kind_keys(DOC_KIND_TEXT);
    g_assert_cmpstr(k[0], ==, "heading");
    g_assert_cmpstr(k[1], ==, "subheading");
    g_assert_cmpstr(k[2], ==, "text");
    g_assert_null(k[3]);
    k = build_kind_keys(DOC_KIND_NONE);
    g_assert_cmpuint(g_strv_length((char **)k), ==, 9);
    g_assert_cmpstr(k[0], ==, "series");
    k = build_kind_keys(DOC_KIND_PHOTOS);
    g_assert_cmpstr(k[1], ==, "photo");
    g_assert_cmpstr(k[4], ==, "fit");
    g_assert_null(build_kind_keys((doc_kind)99));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/build/metadata/all-keys", test_metadata);
    g_test_add_func("/build/metadata/defaults", test_metadata_defaults);
    g_test_add_func("/build/metadata/number-forms", test_number_forms);
    g_test_add_func("/build/metadata/period-forms", test_period_forms);
    g_test_add_func("/build/kind/goals", test_goals);
    g_test_add_func("/build/kind/overview", test_overview);
    g_test_add_func("/build/kind/bullets", test_bullets);
    g_test_add_func("/build/kind/bullets-nesting-tabs", test_list_nesting_tabs_and_fullwidth);
    g_test_add_func("/build/kind/text-lists", test_text_blocks_with_lists);
    g_test_add_func("/build/kind/text-marker-needs-space", test_text_markers_need_space);
    g_test_add_func("/build/kind/facts", test_facts);
    g_test_add_func("/build/kind/schedule", test_schedule);
    g_test_add_func("/build/kind/text", test_text);
    g_test_add_func("/build/kind/photos", test_photos);
    g_test_add_func("/build/kind/closing-defaults", test_closing_defaults);
    g_test_add_func("/build/kind/closing-given", test_closing_given);
    g_test_add_func("/build/page-order", test_page_order);
    g_test_add_func("/build/keys-case-insensitive", test_keys_case_insensitive);
    g_test_add_func("/build/sample-017", test_sample);
    g_test_add_func("/build/msg/unknown-key", test_unknown_key);
    g_test_add_func("/build/msg/key-of-another-kind", test_key_of_another_kind);
    g_test_add_func("/build/msg/metadata-key-under-page", test_metadata_key_under_page);
    g_test_add_func("/build/msg/page-key-in-metadata", test_page_key_in_metadata);
    g_test_add_func("/build/key-lines/every-kind", test_key_lines_every_kind);
    g_test_add_func("/build/key-lines/text", test_key_lines_text);
    g_test_add_func("/build/key-lines/fullwidth-space", test_fullwidth_space_before_key);
    g_test_add_func("/build/key-lines/caption-under-photo", test_caption_under_photo);
    g_test_add_func("/build/key-lines/one-line-keys", test_one_line_keys);
    g_test_add_func("/build/msg/unknown-kind", test_unknown_kind);
    g_test_add_func("/build/msg/given-twice", test_given_twice);
    g_test_add_func("/build/msg/required-missing", test_required_missing);
    g_test_add_func("/build/msg/no-pages", test_no_pages);
    g_test_add_func("/build/msg/empty-value", test_empty_value);
    g_test_add_func("/build/msg/bad-number", test_bad_number);
    g_test_add_func("/build/msg/bad-period", test_bad_period);
    g_test_add_func("/build/msg/period-end-before-start", test_period_end_before_start);
    g_test_add_func("/build/msg/bad-date", test_bad_date);
    g_test_add_func("/build/msg/photo-without-caption", test_photo_without_caption);
    g_test_add_func("/build/msg/keys-out-of-order", test_keys_out_of_order);
    g_test_add_func("/build/msg/goal-without-text", test_goal_without_text);
    g_test_add_func("/build/msg/photo-keys-twice", test_photo_keys_twice);
    g_test_add_func("/build/msg/bad-fit", test_bad_fit);
    g_test_add_func("/build/msg/wrong-cell-count", test_wrong_cell_count);
    g_test_add_func("/build/msg/fact-parts", test_fact_parts);
    g_test_add_func("/build/msg/empty-list-item", test_empty_list_item);
    g_test_add_func("/build/msg/indented-lines", test_indented_lines);
    g_test_add_func("/build/msg/not-an-entry", test_not_an_entry);
    g_test_add_func("/build/msg/title-written", test_title_written);
    g_test_add_func("/build/msg/closing-last", test_closing_last);
    g_test_add_func("/build/msg/unclosed-bold", test_unclosed_bold_warning);
    g_test_add_func("/build/msg/image-files", test_image_files);
    g_test_add_func("/build/msg/outlive-doc", test_messages_outlive_doc);
    g_test_add_func("/build/kind-keys", test_kind_keys);
    return g_test_run();
}
