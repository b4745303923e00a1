/* Unit tests of kv.c: docs/trip-format.md sections 2 and 3 (lines,
 * comments, keys, `[kind]`, values and indented blocks, positions). */
#include "testutil.h"

typedef struct parsed {
    diag_list *d;
    kv_file *f;
} parsed;

static parsed parse(const char *text)
{
    parsed p;
    p.d = diag_list_new();
    p.f = kv_parse(text, diag_file(p.d, "t.txt"), p.d);
    return p;
}

static void parsed_clear(parsed *p)
{
    kv_file_free(p->f);
    diag_list_free(p->d);
}

static const kv_entry *entry(const parsed *p, guint i)
{
    g_assert_cmpuint(i, <, p->f->entries->len);
    return g_ptr_array_index(p->f->entries, i);
}

static const kv_line *line_of(const kv_entry *e, guint i)
{
    g_assert_nonnull(e->lines);
    g_assert_cmpuint(i, <, e->lines->len);
    return &g_array_index(e->lines, kv_line, i);
}

/* Asserts entry 'i' is the pair 'key' = 'value'. */
static void assert_pair(const parsed *p, guint i, const char *key, const char *value)
{
    const kv_entry *e = entry(p, i);
    g_assert_cmpint(e->kind, ==, KV_PAIR);
    g_assert_cmpstr(e->key, ==, key);
    g_assert_cmpstr(e->value, ==, value);
}

static void assert_loc(diag_loc loc, int line, int col)
{
    g_assert_cmpstr(loc.file, ==, "t.txt");
    g_assert_cmpint(loc.line, ==, line);
    g_assert_cmpint(loc.col, ==, col);
}

/*** Lines ***/

static void test_basic_pairs(void)
{
    parsed p = parse("place: 島根県松江市\nnumber: 17\n");
    g_assert_cmpuint(p.f->entries->len, ==, 2);
    assert_pair(&p, 0, "place", "島根県松江市");
    assert_pair(&p, 1, "number", "17");
    g_assert_cmpstr(p.f->name, ==, "t.txt");
    tu_assert_messages(p.d, "");
    parsed_clear(&p);
    /* No final newline, and an empty file. */
    p = parse("a: 1");
    g_assert_cmpuint(p.f->entries->len, ==, 1);
    assert_pair(&p, 0, "a", "1");
    parsed_clear(&p);
    p = parse("");
    g_assert_cmpuint(p.f->entries->len, ==, 0);
    tu_assert_messages(p.d, "");
    parsed_clear(&p);
}

static void test_comments(void)
{
    parsed p = parse("# 旅する公務員\n"
                     "place: 松江 # not a comment\n"
                     "#place: 出雲\n"
                     "text:\n"
                     "  一行目\n"
                     "# a comment inside the block\n"
                     "  二行目\n"
                     "#\n"
                     "\n"
                     "  # indented: text\n"
                     "heading: x\n");
    tu_assert_messages(p.d, "");
    g_assert_cmpuint(p.f->entries->len, ==, 3);
    /* A '#' further right is text. */
    assert_pair(&p, 0, "place", "松江 # not a comment");
    /* The comment neither ends the block nor makes a paragraph; an
     * indented '#' line is text. */
    assert_pair(&p, 1, "text", "一行目\n二行目\n\n# indented: text");
    const kv_entry *e = entry(&p, 1);
    g_assert_cmpuint(e->lines->len, ==, 4);
    assert_loc(line_of(e, 0)->loc, 5, 3);
    assert_loc(line_of(e, 1)->loc, 7, 3);
    assert_loc(line_of(e, 3)->loc, 10, 3);
    assert_pair(&p, 2, "heading", "x");
    assert_loc(entry(&p, 2)->loc, 11, 1);
    parsed_clear(&p);
}

static void test_colons(void)
{
    parsed p = parse("place: 松江\n"
                     "place：出雲\n"
                     "  place  :   米子   \n");
    /* The third line is indented: it continues the second value. */
    g_assert_cmpuint(p.f->entries->len, ==, 2);
    parsed_clear(&p);

    p = parse("place: 松江\n"
                "place：出雲\n"
                "place  ：　米子　\n"
                "series :旅する公務員\n"
                "time: 10:00\n");
    tu_assert_messages(p.d, "");
    g_assert_cmpuint(p.f->entries->len, ==, 5);
    assert_pair(&p, 0, "place", "松江");
    assert_pair(&p, 1, "place", "出雲");
    /* Spaces around the key and the value are removed, U+3000 too. */
    assert_pair(&p, 2, "place", "米子");
    g_assert_cmpstr(entry(&p, 2)->raw_key, ==, "place");
    assert_pair(&p, 3, "series", "旅する公務員");
    /* Only the first colon separates. */
    assert_pair(&p, 4, "time", "10:00");
    parsed_clear(&p);
}

static void test_case_insensitive_keys(void)
{
    parsed p = parse("Heading: a\nHEADING: b\nphoto-Fit: c\n[Photos]\n");
    g_assert_cmpuint(p.f->entries->len, ==, 4);
    assert_pair(&p, 0, "heading", "a");
    g_assert_cmpstr(entry(&p, 0)->raw_key, ==, "Heading");
    assert_pair(&p, 1, "heading", "b");
    g_assert_cmpstr(entry(&p, 1)->raw_key, ==, "HEADING");
    assert_pair(&p, 2, "photo-fit", "c");
    g_assert_cmpint(entry(&p, 3)->kind, ==, KV_SECTION);
    g_assert_cmpstr(entry(&p, 3)->key, ==, "photos");
    g_assert_cmpstr(entry(&p, 3)->raw_key, ==, "Photos");
    parsed_clear(&p);
}

static void test_invalid_keys(void)
{
    parsed p = parse("写真: a.jpg\n"
                     "my key: x\n"
                     "key_1: y\n"
                     ": z\n"
                     "ok-key-2: fine\n");
    tu_assert_messages(
        p.d,
        "t.txt:1:1: error: '写真' is not a key: keys are ASCII letters, digits and '-' (to continue the value above, indent this line)\n"
        "t.txt:2:1: error: 'my key' is not a key: keys are ASCII letters, digits and '-' (to continue the value above, indent this line)\n"
        "t.txt:3:1: error: 'key_1' is not a key: keys are ASCII letters, digits and '-' (to continue the value above, indent this line)\n"
        "t.txt:4:1: error: missing key before ':'\n");
    /* The bad lines make no entries; the good one still does. */
    g_assert_cmpuint(p.f->entries->len, ==, 1);
    assert_pair(&p, 0, "ok-key-2", "fine");
    parsed_clear(&p);
}

static void test_not_an_entry(void)
{
    parsed p = parse("text:\n"
                     "  一行目\n"
                     "二行目を字下げし忘れた\n"
                     "heading: x\n");
    tu_assert_messages(p.d, "t.txt:3:1: error: expected 'key: value' or '[kind]'; to continue the value above, indent this line\n");
    g_assert_cmpuint(p.f->entries->len, ==, 2);
    assert_pair(&p, 0, "text", "一行目");
    assert_pair(&p, 1, "heading", "x");
    parsed_clear(&p);
}

static void test_indented_under_nothing(void)
{
    parsed p = parse("  place: 松江\n");
    tu_assert_messages(p.d, "t.txt:1:3: error: indented line continues nothing; remove the indentation or put it under a 'key:'\n");
    /* It is read as the entry it looks like, at its real position. */
    g_assert_cmpuint(p.f->entries->len, ==, 1);
    assert_pair(&p, 0, "place", "松江");
    kv_entry *e = g_ptr_array_index(p.f->entries, 0);
    g_assert_cmpint(e->loc.col, ==, 3);
    g_assert_cmpint(e->value_loc.col, ==, 10);
    parsed_clear(&p);

    /* Indented text that is not an entry is only reported. */
    p = parse("  ただの文\n");
    g_assert_cmpuint(p.f->entries->len, ==, 0);
    parsed_clear(&p);

    /* Columns count characters: a tab and a U+3000 are one each. */
    p = parse("\t\theading: x\n");
    tu_assert_messages(p.d, "t.txt:1:3: error: indented line continues nothing; remove the indentation or put it under a 'key:'\n");
    parsed_clear(&p);
    /* A full-width space is named, at its own column. */
    p = parse("\t　heading: x\n");
    tu_assert_messages(p.d, "t.txt:1:2: error: this line is indented with a full-width space (全角スペース), but there is no entry above it to continue; delete the full-width space\n");
    assert_pair(&p, 0, "heading", "x");
    parsed_clear(&p);

    /* After a [kind] line (also past comments and empty lines). */
    p = parse("[text]\n"
              "  heading: x\n"
              "# memo\n"
              "\n"
              "  text: y\n"
              "heading: z\n"
              "  continued\n");
    tu_assert_messages(p.d,
                       "t.txt:2:3: error: indented line after a '[kind]' line; start with 'key: value' at the beginning of the line\n"
                       "t.txt:5:3: error: indented line after a '[kind]' line; start with 'key: value' at the beginning of the line\n");
    /* Both indented entries are read as entries; the last one is normal. */
    g_assert_cmpuint(p.f->entries->len, ==, 4);
    assert_pair(&p, 1, "heading", "x");
    assert_pair(&p, 2, "text", "y");
    assert_pair(&p, 3, "heading", "z\ncontinued");
    parsed_clear(&p);

    /* Deeper lines under a recovered entry are its value. */
    p = parse("[text]\n"
              "  text:\n"
              "    y: 続き\n");
    tu_assert_messages(p.d,
                       "t.txt:2:3: error: indented line after a '[kind]' line; start with 'key: value' at the beginning of the line\n");
    g_assert_cmpuint(p.f->entries->len, ==, 2);
    assert_pair(&p, 1, "text", "y: 続き");
    parsed_clear(&p);
}

/*** [kind] lines ***/

static void test_sections(void)
{
    parsed p = parse("[goals]\n"
                     "[ photos ]\n"
                     "［text］\n"
                     "［　closing　］  \n"
                     "[Schedule]\t\n");
    tu_assert_messages(p.d, "");
    g_assert_cmpuint(p.f->entries->len, ==, 5);
    const char *want[] = { "goals", "photos", "text", "closing", "schedule" };
    for (guint i = 0; i < 5; i++) {
        const kv_entry *e = entry(&p, i);
        g_assert_cmpint(e->kind, ==, KV_SECTION);
        g_assert_cmpstr(e->key, ==, want[i]);
        assert_loc(e->loc, (int)i + 1, 1);
    }
    parsed_clear(&p);
}

static void test_section_errors(void)
{
    parsed p = parse("[text] heading: x\n"
                     "［写真］の頁\n"
                     "[photos\n");
    tu_assert_messages(p.d,
                       "t.txt:1:7: error: text after ']'; put a page kind alone on its line, like '[photos]'\n"
                       "t.txt:2:5: error: text after ']'; put a page kind alone on its line, like '[photos]'\n"
                       "t.txt:3:1: error: missing ']' after '['; a page kind is written like '[photos]'\n");
    parsed_clear(&p);
}

/*** Values and indented blocks ***/

static void test_continuation(void)
{
    parsed p = parse("text: first line\n"
                     "  second\n"
                     "  third\n"
                     "heading: x\n");
    g_assert_cmpuint(p.f->entries->len, ==, 2);
    assert_pair(&p, 0, "text", "first line\nsecond\nthird");
    const kv_entry *e = entry(&p, 0);
    g_assert_cmpuint(e->lines->len, ==, 3);
    g_assert_cmpstr(line_of(e, 0)->text, ==, "first line");
    g_assert_cmpstr(line_of(e, 2)->text, ==, "third");
    parsed_clear(&p);
}

static void test_line_breaks_kept(void)
{
    /* Japanese lines are never joined (no spaces added, no lines merged). */
    parsed p = parse("text:\n"
                     "  磐梯町役場の情報システムクラウド化により\n"
                     "  テレワーク環境が整ったことから\n");
    assert_pair(&p, 0, "text", "磐梯町役場の情報システムクラウド化により\nテレワーク環境が整ったことから");
    g_assert_cmpuint(entry(&p, 0)->lines->len, ==, 2);
    parsed_clear(&p);
}

static void test_common_indent_spaces(void)
{
    parsed p = parse("list:\n"
                     "    - a\n"
                     "      - b\n"
                     "        - c\n"
                     "    - d\n");
    const kv_entry *e = entry(&p, 0);
    assert_pair(&p, 0, "list", "- a\n- b\n- c\n- d");
    int want[] = { 0, 2, 4, 0 };
    for (guint i = 0; i < 4; i++)
        g_assert_cmpint(line_of(e, i)->indent, ==, want[i]);
    parsed_clear(&p);
}

static void test_common_indent_tabs(void)
{
    /* A tab moves to the next multiple of 4: "\t", " \t" and "    " are
     * all 4 columns; "\t\t" is 8. */
    parsed p = parse("list:\n"
                     "\ta\n"
                     " \tb\n"
                     "    c\n"
                     "\t\td\n"
                     "\t  e\n");
    const kv_entry *e = entry(&p, 0);
    assert_pair(&p, 0, "list", "a\nb\nc\nd\ne");
    int want[] = { 0, 0, 0, 4, 2 };
    for (guint i = 0; i < 5; i++)
        g_assert_cmpint(line_of(e, i)->indent, ==, want[i]);
    parsed_clear(&p);
}

static void test_common_indent_fullwidth(void)
{
    /* A full-width space counts 2: "　" is as deep as two spaces. */
    parsed p = parse("list:\n"
                     "　a\n"
                     "  b\n"
                     "　　c\n"
                     "    d\n");
    const kv_entry *e = entry(&p, 0);
    g_assert_cmpint(line_of(e, 0)->indent, ==, 0);
    g_assert_cmpint(line_of(e, 1)->indent, ==, 0);
    g_assert_cmpint(line_of(e, 2)->indent, ==, 2);
    g_assert_cmpint(line_of(e, 3)->indent, ==, 2);
    /* The common part (one U+3000) goes; a U+3000 left over is kept. */
    g_assert_cmpstr(line_of(e, 0)->text, ==, "a");
    g_assert_cmpstr(line_of(e, 1)->text, ==, "b");
    g_assert_cmpstr(line_of(e, 2)->text, ==, "　c");
    g_assert_cmpstr(line_of(e, 3)->text, ==, "d");
    parsed_clear(&p);
}

static void test_kept_fullwidth_space(void)
{
    /* 字下げ: a full-width space after the common indentation is kept as
     * written; spaces and tabs left over are dropped. */
    parsed p = parse("text:\n"
                     "  　松江藩城下町の名残が残る街並み。\n"
                     "  現存する天守は国宝。\n"
                     "    二段下げ\n"
                     "  　　全角二つ\n");
    assert_pair(&p, 0, "text", "　松江藩城下町の名残が残る街並み。\n現存する天守は国宝。\n二段下げ\n　　全角二つ");
    const kv_entry *e = entry(&p, 0);
    g_assert_cmpint(line_of(e, 0)->indent, ==, 2);
    g_assert_cmpint(line_of(e, 2)->indent, ==, 2);
    /* The position is that of text[0], the kept U+3000. */
    assert_loc(line_of(e, 0)->loc, 2, 3);
    assert_loc(line_of(e, 2)->loc, 4, 5);
    parsed_clear(&p);
}

/* 字下げ in every paragraph of a block (the usual case): the full-width
 * spaces after the indentation are not common indentation; they stay. */
static void test_jisage_every_line(void)
{
    parsed p = parse("text:\n"
                     "  　一段落目。\n"
                     "\n"
                     "  　二段落目。\n");
    assert_pair(&p, 0, "text", "　一段落目。\n\n　二段落目。");
    parsed_clear(&p);
}

static void test_trailing_spaces_trimmed(void)
{
    parsed p = parse("text:\n  a  \n  b\t　\n");
    assert_pair(&p, 0, "text", "a\nb");
    parsed_clear(&p);
}

static void test_paragraphs(void)
{
    parsed p = parse("text:\n"
                     "  一段落目\n"
                     "  続き\n"
                     "\n"
                     "  二段落目\n"
                     "   \t\n"
                     "  三段落目\n"
                     "heading: x\n");
    /* An empty line (or one of only spaces) between indented lines is a
     * paragraph break, kept as an empty line. */
    assert_pair(&p, 0, "text", "一段落目\n続き\n\n二段落目\n\n三段落目");
    const kv_entry *e = entry(&p, 0);
    g_assert_cmpuint(e->lines->len, ==, 6);
    g_assert_cmpstr(line_of(e, 2)->text, ==, "");
    g_assert_cmpint(line_of(e, 2)->loc.line, ==, 4);
    g_assert_cmpstr(line_of(e, 4)->text, ==, "");
    parsed_clear(&p);
}

static void test_trailing_blank_lines(void)
{
    parsed p = parse("text:\n"
                     "  最後の行\n"
                     "\n"
                     "  \n"
                     "\n"
                     "heading: x\n");
    /* Empty lines after the last indented line end the block. */
    assert_pair(&p, 0, "text", "最後の行");
    g_assert_cmpuint(entry(&p, 0)->lines->len, ==, 1);
    parsed_clear(&p);
    /* Also at the end of the file. */
    p = parse("text:\n  最後の行\n\n\n");
    assert_pair(&p, 0, "text", "最後の行");
    g_assert_cmpuint(entry(&p, 0)->lines->len, ==, 1);
    parsed_clear(&p);
}

static void test_leading_blank_lines(void)
{
    /* Empty lines between a bare `key:` and its first indented line are
     * not between indented lines: no paragraph, and the value starts at
     * the first indented line. */
    parsed p = parse("caption:\n"
                     "\n"
                     "  議場\n");
    assert_pair(&p, 0, "caption", "議場");
    const kv_entry *e = entry(&p, 0);
    g_assert_cmpuint(e->lines->len, ==, 1);
    assert_loc(e->value_loc, 3, 3);
    parsed_clear(&p);
}

static void test_empty_values(void)
{
    parsed p = parse("heading:\n"
                     "place:   \n"
                     "[text]\n"
                     "text:\n");
    tu_assert_messages(p.d, "");
    assert_pair(&p, 0, "heading", "");
    g_assert_cmpuint(entry(&p, 0)->lines->len, ==, 0);
    assert_pair(&p, 1, "place", "");
    assert_pair(&p, 3, "text", "");
    /* An empty value points at its colon. */
    assert_loc(entry(&p, 0)->value_loc, 1, 8);
    assert_loc(entry(&p, 1)->value_loc, 2, 6);
    parsed_clear(&p);
}

/*** Positions ***/

static void test_positions(void)
{
    parsed p = parse("# comment\n"
                     "heading: 見出し\n"
                     "  subheading  ：　小見出し\n"
                     "place：松江\n"
                     "\n"
                     "[text]\n"
                     "text:\n"
                     "  一行目\n"
                     "\t\t二行目\n"
                     "caption: **太字** は\n");
    tu_assert_messages(p.d, "");
    const kv_entry *e = entry(&p, 0);
    /* The key is at column 1, the value at its first character. */
    assert_loc(e->loc, 2, 1);
    assert_loc(e->value_loc, 2, 10);
    /* The indented line continues heading; its text starts at column 3. */
    assert_loc(line_of(e, 1)->loc, 3, 3);
    e = entry(&p, 1);
    g_assert_cmpstr(e->key, ==, "place");
    assert_loc(e->loc, 4, 1);
    /* Columns count characters: "place：" is 6 of them. */
    assert_loc(e->value_loc, 4, 7);
    e = entry(&p, 2);
    g_assert_cmpint(e->kind, ==, KV_SECTION);
    assert_loc(e->loc, 6, 1);
    e = entry(&p, 3);
    assert_loc(e->loc, 7, 1);
    /* A block value starts at its first indented line. */
    assert_loc(e->value_loc, 8, 3);
    assert_loc(line_of(e, 0)->loc, 8, 3);
    /* Two tabs are two characters: the text is at column 3. */
    assert_loc(line_of(e, 1)->loc, 9, 3);
    e = entry(&p, 4);
    assert_loc(e->loc, 10, 1);
    assert_loc(e->value_loc, 10, 10);
    parsed_clear(&p);
}

static void test_value_loc_fullwidth(void)
{
    parsed p = parse("title：　島根県\n");
    /* "title：　" is 7 characters; the value starts at column 8. */
    assert_loc(entry(&p, 0)->value_loc, 1, 8);
    assert_loc(entry(&p, 0)->loc, 1, 1);
    parsed_clear(&p);
}

static void test_indent_chars(void)
{
    g_assert_true(kv_is_indent_char(' '));
    g_assert_true(kv_is_indent_char('\t'));
    g_assert_true(kv_is_indent_char(0x3000));
    g_assert_false(kv_is_indent_char(0xA0));
    g_assert_false(kv_is_indent_char('a'));
}

static void test_special_spaces(void)
{
    g_assert_true(kv_is_special_space(0xA0));
    g_assert_true(kv_is_special_space(0x2003));
    g_assert_true(kv_is_special_space(0x200B));
    g_assert_true(kv_is_special_space(0xFEFF));
    g_assert_false(kv_is_special_space(' '));
    g_assert_false(kv_is_special_space(0x3000));
    g_assert_false(kv_is_special_space('a'));
}

/*** Indented lines that look like an entry (kv_parse_with) ***/

/* A small format: metadata 'number' (one line) and 'place'; [text] with
 * heading, subheading, text; [photos] with photo (one line) and caption. */
static kv_key_class test_key_class(const char *section, const char *key)
{
    static const char *const meta_text[] = { "place", NULL }, *const meta_line[] = { "number", NULL };
    static const char *const text_text[] = { "heading", "subheading", "text", NULL };
    static const char *const photos_text[] = { "heading", "caption", NULL }, *const photos_line[] = { "photo", NULL };
    const char *const *tx = meta_text, *const *ln = meta_line;
    if (section && strcmp(section, "text") == 0) {
        tx = text_text;
        ln = NULL;
    } else if (section && strcmp(section, "photos") == 0) {
        tx = photos_text;
        ln = photos_line;
    } else if (section) {
        return KV_KEY_NONE;
    }
    if (g_strv_contains(tx, key))
        return KV_KEY_TEXT;
    if (ln && g_strv_contains(ln, key))
        return KV_KEY_LINE;
    return KV_KEY_NONE;
}

static bool test_is_kind(const char *name)
{
    return strcmp(name, "text") == 0 || strcmp(name, "photos") == 0 || strcmp(name, "closing") == 0;
}

static parsed parse_known(const char *text)
{
    static const kv_syntax syn = { test_key_class, test_is_kind };
    parsed p;
    p.d = diag_list_new();
    p.f = kv_parse_with(text, diag_file(p.d, "t.txt"), &syn, p.d);
    return p;
}

static void test_key_line_under_text(void)
{
    parsed p = parse_known("[text]\n"
                           "text:\n"
                           "  本文です。\n"
                           "  subheading: 次の話\n"
                           "    二行目\n");
    tu_assert_messages(p.d, "t.txt:4:3: error: 'subheading:' is indented, so it would be read as text of 'text:' (line 2); remove the indentation, or write 'subheading\\:' to keep it as text\n");
    /* Read as the entry it looks like; deeper lines are its value. */
    g_assert_cmpuint(p.f->entries->len, ==, 3);
    assert_pair(&p, 1, "text", "本文です。");
    assert_pair(&p, 2, "subheading", "次の話\n二行目");
    assert_loc(entry(&p, 2)->loc, 4, 3);
    assert_loc(entry(&p, 2)->value_loc, 4, 15);
    parsed_clear(&p);

    /* Whatever the key above, also the same key, and with a full-width
     * colon (shown, and escaped, as written). */
    p = parse_known("[text]\n"
                    "heading:\n"
                    "  見出し\n"
                    "  Text：本文\n");
    tu_assert_messages(p.d, "t.txt:4:3: error: 'Text：' is indented, so it would be read as text of 'heading:' (line 2); remove the indentation, or write 'Text\\：' to keep it as text\n");
    assert_pair(&p, 2, "text", "本文");
    parsed_clear(&p);
}

static void test_key_line_not_keys(void)
{
    /* Only a key of this place followed by a colon is one: times, URLs,
     * Japanese notes, unknown words, list items, escaped colons and keys of
     * other places are text. */
    const char *block = "  時間: 10:00\n"
                        "  https://example.com/a\n"
                        "  注：メモ\n"
                        "  Note: memo\n"
                        "  - subheading: 項目\n"
                        "  subheading\\: 本文\n"
                        "  subheading \\： 本文\n"
                        "  photo: a.jpg\n"
                        "  place: 松江\n"
                        "  subheading 見出し\n";
    char *text = g_strconcat("[text]\ntext:\n", block, NULL);
    parsed p = parse_known(text);
    tu_assert_messages(p.d, "");
    g_assert_cmpuint(p.f->entries->len, ==, 2);
    g_assert_cmpuint(entry(&p, 1)->lines->len, ==, 10);
    g_assert_cmpstr(line_of(entry(&p, 1), 5)->text, ==, "subheading\\: 本文");
    parsed_clear(&p);
    g_free(text);

    /* Without a syntax (layout files) no key is known. */
    p = parse("text:\n  a\n  text: b\n");
    tu_assert_messages(p.d, "");
    assert_pair(&p, 0, "text", "a\ntext: b");
    parsed_clear(&p);
}

static void test_key_line_leads(void)
{
    /* What is before the key is named, at its column; the key is read, so
     * nothing is missing and the value above keeps its one line. */
    parsed p = parse_known("number: 18\n"
                           "　place: 福島県磐梯町\n");
    tu_assert_messages(p.d, "t.txt:2:1: error: 'place:' is indented with a full-width space (全角スペース), so it would be read as part of 'number:' (line 1); delete the full-width space\n");
    g_assert_cmpuint(p.f->entries->len, ==, 2);
    assert_pair(&p, 0, "number", "18");
    assert_pair(&p, 1, "place", "福島県磐梯町");
    assert_loc(entry(&p, 1)->loc, 2, 2);
    parsed_clear(&p);

    p = parse_known("number: 18\n"
                    "\tplace: a\n"
                    "  \u00a0place: b\n"
                    "\ufeffplace: c\n"
                    "  place：d\n");
    tu_assert_messages(p.d,
                       "t.txt:2:1: error: 'place:' is indented with a tab, so it would be read as part of 'number:' (line 1); delete the tab\n"
                       "t.txt:3:3: error: 'place:' is indented with a special space (U+00A0), so it would be read as text of 'place:' (line 2); delete that space, or write 'place\\:' to keep it as text\n"
                       "t.txt:4:1: error: 'place:' is indented with a special space (U+FEFF), so it would be read as text of 'place:' (line 3); delete that space, or write 'place\\:' to keep it as text\n"
                       "t.txt:5:3: error: 'place：' is indented, so it would be read as text of 'place:' (line 4); remove the indentation, or write 'place\\：' to keep it as text\n");
    g_assert_cmpuint(p.f->entries->len, ==, 5);
    assert_pair(&p, 3, "place", "c");
    assert_pair(&p, 4, "place", "d");
    parsed_clear(&p);

    /* In a block indented with full-width spaces (字下げ) too. */
    p = parse_known("[text]\n"
                    "text:\n"
                    "　本文\n"
                    "　subheading: 次\n");
    tu_assert_messages(p.d, "t.txt:4:1: error: 'subheading:' is indented with a full-width space (全角スペース), so it would be read as text of 'text:' (line 2); delete the full-width space, or write 'subheading\\:' to keep it as text\n");
    assert_pair(&p, 1, "text", "本文");
    assert_pair(&p, 2, "subheading", "次");
    parsed_clear(&p);
}

static void test_one_line_values(void)
{
    /* An indented line under a one-line value is not glued to it: one
     * message at the first such line, the path stays one line. */
    parsed p = parse_known("[photos]\n"
                           "photo: photos/a.jpg\n"
                           "  市役所の写真\n"
                           "\n"
                           "  二行目\n"
                           "caption: 市役所\n");
    tu_assert_messages(p.d, "t.txt:3:3: error: 'photo:' (line 2) takes one line, so this indented line cannot continue it; delete the line, or remove the indentation and write it as a 'key: value' line\n");
    g_assert_cmpuint(p.f->entries->len, ==, 3);
    assert_pair(&p, 1, "photo", "photos/a.jpg");
    assert_pair(&p, 2, "caption", "市役所");
    parsed_clear(&p);

    /* An indented key under it is read as that key. */
    p = parse_known("[photos]\n"
                    "photo: photos/a.jpg\n"
                    "  caption: 市役所\n"
                    "    二行目\n");
    tu_assert_messages(p.d, "t.txt:3:3: error: 'caption:' is indented, so it would be read as part of 'photo:' (line 2); remove the indentation\n");
    assert_pair(&p, 1, "photo", "photos/a.jpg");
    assert_pair(&p, 2, "caption", "市役所\n二行目");
    parsed_clear(&p);

    /* The one line may stand below a bare key; a second one may not. */
    p = parse_known("[photos]\n"
                    "photo:\n"
                    "\n"
                    "  photos/a.jpg\n"
                    "　photos/b.jpg\n");
    tu_assert_messages(p.d, "t.txt:5:1: error: 'photo:' (line 2) takes one line, so this line indented with a full-width space (全角スペース) cannot continue it; delete the line, or delete the full-width space and write it as a 'key: value' line\n");
    assert_pair(&p, 1, "photo", "photos/a.jpg");
    parsed_clear(&p);

    p = parse_known("number: 18\n"
                    "\t19\n");
    tu_assert_messages(p.d, "t.txt:2:1: error: 'number:' (line 1) takes one line, so this line indented with a tab cannot continue it; delete the line, or delete the tab and write it as a 'key: value' line\n");
    assert_pair(&p, 0, "number", "18");
    parsed_clear(&p);

    p = parse_known("number: 18\n"
                    "\u00a0\u00a019\n");
    tu_assert_messages(p.d, "t.txt:2:1: error: 'number:' (line 1) takes one line, so this line indented with a special space (U+00A0) cannot continue it; delete the line, or delete that space and write it as a 'key: value' line\n");
    parsed_clear(&p);
}

static void test_kind_lines(void)
{
    /* A known [kind] line is a page, whatever indents it. */
    parsed p = parse_known("[text]\n"
                           "text:\n"
                           "  本文\n"
                           "　［closing］\n"
                           "  [photos]\n");
    tu_assert_messages(p.d,
                       "t.txt:4:1: error: '［closing］' is indented with a full-width space (全角スペース), so it would be read as text of 'text:' (line 2); delete the full-width space, or write '\\［closing］' to keep it as text\n"
                       "t.txt:5:3: error: indented line after a '[kind]' line; start with 'key: value' at the beginning of the line\n");
    g_assert_cmpuint(p.f->entries->len, ==, 4);
    assert_pair(&p, 1, "text", "本文");
    g_assert_cmpint(entry(&p, 2)->kind, ==, KV_SECTION);
    g_assert_cmpstr(entry(&p, 2)->key, ==, "closing");
    assert_loc(entry(&p, 2)->loc, 4, 2);
    g_assert_cmpint(entry(&p, 3)->kind, ==, KV_SECTION);
    g_assert_cmpstr(entry(&p, 3)->key, ==, "photos");
    parsed_clear(&p);

    /* An unknown kind and an escaped one are text. */

    p = parse_known("[text]\n"
                    "text:\n"
                    "  [写真]\n"
                    "  \\[photos]\n");
    tu_assert_messages(p.d, "");
    assert_pair(&p, 1, "text", "[写真]\n\\[photos]");
    parsed_clear(&p);
}

static void test_special_space_first(void)
{
    /* A line that starts with a special space looks indented: it is read
     * so, and reported. */
    parsed p = parse_known("[text]\n"
                           "text:\n"
                           "  一行目\n"
                           "\u00a0\u00a0二行目\n");
    tu_assert_messages(p.d, "t.txt:4:1: error: this line starts with a special space (U+00A0) instead of an ordinary one; replace it with an ordinary space, or delete it\n");
    assert_pair(&p, 1, "text", "一行目\n二行目");
    assert_loc(line_of(entry(&p, 1), 1)->loc, 4, 3);
    parsed_clear(&p);

    /* With nothing above it. */
    p = parse_known("\u2003place: 松江\n");
    tu_assert_messages(p.d, "t.txt:1:1: error: this line is indented with a special space (U+2003), but there is no entry above it to continue; delete that space\n");
    assert_pair(&p, 0, "place", "松江");
    parsed_clear(&p);

    /* Around a key it is trimmed, like a space. */
    p = parse("place\u00a0: 松江\u00a0\n");
    tu_assert_messages(p.d, "");
    assert_pair(&p, 0, "place", "松江");
    parsed_clear(&p);
}

static void test_fullwidth_letters(void)
{
    /* A key typed in full-width letters is the same key, as a full-width
     * colon is a colon; and so is a kind. */
    parsed p = parse_known("ｐｌａｃｅ：松江\n"
                           "［Ｐｈｏｔｏｓ］\n"
                           "ｐｈｏｔｏ－２: a\n");
    tu_assert_messages(p.d, "");
    assert_pair(&p, 0, "place", "松江");
    g_assert_cmpstr(entry(&p, 0)->raw_key, ==, "ｐｌａｃｅ");
    g_assert_cmpstr(entry(&p, 1)->key, ==, "photos");
    assert_pair(&p, 2, "photo-2", "a");
    parsed_clear(&p);

    /* Indented, it is a key line like any other. */
    p = parse_known("number: 18\n"
                    "　ｐｌａｃｅ：松江\n");
    tu_assert_messages(p.d, "t.txt:2:1: error: 'ｐｌａｃｅ：' is indented with a full-width space (全角スペース), so it would be read as part of 'number:' (line 1); delete the full-width space\n");
    assert_pair(&p, 1, "place", "松江");
    parsed_clear(&p);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/kv/lines/pairs", test_basic_pairs);
    g_test_add_func("/kv/lines/comments", test_comments);
    g_test_add_func("/kv/lines/colons", test_colons);
    g_test_add_func("/kv/lines/case-insensitive-keys", test_case_insensitive_keys);
    g_test_add_func("/kv/lines/invalid-keys", test_invalid_keys);
    g_test_add_func("/kv/lines/not-an-entry", test_not_an_entry);
    g_test_add_func("/kv/lines/indented-under-nothing", test_indented_under_nothing);
    g_test_add_func("/kv/sections/forms", test_sections);
    g_test_add_func("/kv/sections/errors", test_section_errors);
    g_test_add_func("/kv/values/continuation", test_continuation);
    g_test_add_func("/kv/values/line-breaks-kept", test_line_breaks_kept);
    g_test_add_func("/kv/values/common-indent-spaces", test_common_indent_spaces);
    g_test_add_func("/kv/values/common-indent-tabs", test_common_indent_tabs);
    g_test_add_func("/kv/values/common-indent-fullwidth", test_common_indent_fullwidth);
    g_test_add_func("/kv/values/kept-fullwidth-space", test_kept_fullwidth_space);
    g_test_add_func("/kv/values/jisage-every-line", test_jisage_every_line);
    g_test_add_func("/kv/values/trailing-spaces", test_trailing_spaces_trimmed);
    g_test_add_func("/kv/values/paragraphs", test_paragraphs);
    g_test_add_func("/kv/values/trailing-blank-lines", test_trailing_blank_lines);
    g_test_add_func("/kv/values/leading-blank-lines", test_leading_blank_lines);
    g_test_add_func("/kv/values/empty", test_empty_values);
    g_test_add_func("/kv/positions/keys-and-values", test_positions);
    g_test_add_func("/kv/positions/fullwidth-colon", test_value_loc_fullwidth);
    g_test_add_func("/kv/indent-chars", test_indent_chars);
    g_test_add_func("/kv/special-spaces", test_special_spaces);
    g_test_add_func("/kv/key-lines/under-text", test_key_line_under_text);
    g_test_add_func("/kv/key-lines/not-keys", test_key_line_not_keys);
    g_test_add_func("/kv/key-lines/leads", test_key_line_leads);
    g_test_add_func("/kv/key-lines/one-line-values", test_one_line_values);
    g_test_add_func("/kv/key-lines/kinds", test_kind_lines);
    g_test_add_func("/kv/key-lines/special-space-first", test_special_space_first);
    g_test_add_func("/kv/key-lines/fullwidth-letters", test_fullwidth_letters);
    return g_test_run();
}
