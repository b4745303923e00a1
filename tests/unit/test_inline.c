/* Unit tests of inline.c: docs/trip-format.md section 3, "Inline text"
 * and "Table cells and facts". */
#include "testutil.h"

typedef struct fixture {
    doc *doc;
    diag_list *d;
    const char *file;
} fixture;

static fixture fx_new(void)
{
    fixture f;
    f.d = diag_list_new();
    f.file = diag_file(f.d, "t.txt");
    f.doc = doc_new("t.txt");
    return f;
}

static void fx_clear(fixture *f)
{
    doc_free(f->doc);
    diag_list_free(f->d);
}

static doc_text *parse_at(fixture *f, const char *src, int line, int col)
{
    return inline_parse(f->doc, src, (diag_loc){ f->file, line, col }, f->d);
}

static doc_text *parse(fixture *f, const char *src)
{
    return parse_at(f, src, 1, 1);
}

static void assert_span(const doc_text *t, guint i, int start, int end)
{
    g_assert_cmpuint(i, <, t->spans->len);
    const doc_span *s = &g_array_index(t->spans, doc_span, i);
    g_assert_cmpint(s->kind, ==, DOC_SPAN_BOLD);
    g_assert_cmpint(s->start, ==, start);
    g_assert_cmpint(s->end, ==, end);
}

/* Parses 'src' and asserts the result is 'want' without spans or messages. */
static void check_plain(const char *src, const char *want)
{
    fixture f = fx_new();
    doc_text *t = parse(&f, src);
    g_assert_cmpstr(t->str, ==, want);
    g_assert_cmpuint(t->spans->len, ==, 0);
    tu_assert_messages(f.d, "");
    fx_clear(&f);
}

/*** Bold ***/

static void test_plain(void)
{
    fixture f = fx_new();
    doc_text *t = parse_at(&f, "島根県松江市", 4, 8);
    g_assert_cmpstr(t->str, ==, "島根県松江市");
    g_assert_cmpuint(t->spans->len, ==, 0);
    g_assert_cmpint(t->loc.line, ==, 4);
    g_assert_cmpint(t->loc.col, ==, 8);
    fx_clear(&f);
}

static void test_bold_offsets(void)
{
    fixture f = fx_new();
    doc_text *t = parse(&f, "島根県 **松江市**");
    g_assert_cmpstr(t->str, ==, "島根県 松江市");
    g_assert_cmpuint(t->spans->len, ==, 1);
    /* "島根県 " is 10 bytes, "松江市" 9. */
    assert_span(t, 0, 10, 19);
    tu_assert_messages(f.d, "");
    fx_clear(&f);
}

static void test_bold_several(void)
{
    fixture f = fx_new();
    doc_text *t = parse(&f, "**a**b**cd**\n**松**");
    g_assert_cmpstr(t->str, ==, "abcd\n松");
    g_assert_cmpuint(t->spans->len, ==, 3);
    assert_span(t, 0, 0, 1);
    assert_span(t, 1, 2, 4);
    assert_span(t, 2, 5, 8);
    fx_clear(&f);
}

static void test_bold_across_lines(void)
{
    fixture f = fx_new();
    doc_text *t = parse(&f, "x**一行目\n二行目**y");
    g_assert_cmpstr(t->str, ==, "x一行目\n二行目y");
    g_assert_cmpuint(t->spans->len, ==, 1);
    assert_span(t, 0, 1, 1 + 9 + 1 + 9);
    fx_clear(&f);
}

static void test_bold_empty(void)
{
    /* "****" is an empty bold: nothing to print and no span. */
    check_plain("a****b", "ab");
}

static void test_bold_with_escapes(void)
{
    fixture f = fx_new();
    doc_text *t = parse(&f, "**\\*注\\***");
    g_assert_cmpstr(t->str, ==, "*注*");
    assert_span(t, 0, 0, 5);
    tu_assert_messages(f.d, "");
    fx_clear(&f);
}

static void test_single_asterisk(void)
{
    check_plain("a*b * c*", "a*b * c*");
}

/*** Escapes ***/

static void test_escapes(void)
{
    check_plain("\\*", "*");
    check_plain("\\|", "|");
    check_plain("\\｜", "｜");
    check_plain("\\\\", "\\");
    /* Two escaped asterisks are not bold. */
    check_plain("\\*\\*太字ではない\\*\\*", "**太字ではない**");
    /* An escaped backslash does not escape what follows. */
    check_plain("\\\\*", "\\*");
    check_plain("a \\| b \\｜ c", "a | b ｜ c");
}

/* `\:` `\：` `\[` `\［`: a line of a block that starts like an entry or a
 * page is text when written so (docs/trip-format.md, "Indented lines that
 * look like an entry"). */
static void test_entry_escapes(void)
{
    check_plain("subheading\\: 次の話", "subheading: 次の話");
    check_plain("subheading\\：次の話", "subheading：次の話");
    check_plain("\\[photos]", "[photos]");
    check_plain("\\［photos］", "［photos］");
    /* An escaped bracket starts no link. */
    fixture f = fx_new();
    doc_text *t = parse(&f, "\\[松江](https://www.city.matsue.lg.jp/)");
    g_assert_cmpstr(t->str, ==, "[松江](https://www.city.matsue.lg.jp/)");
    /* Only the address itself is still a link. */
    g_assert_cmpuint(t->spans->len, ==, 1);
    g_assert_cmpint(g_array_index(t->spans, doc_span, 0).kind, ==, DOC_SPAN_LINK);
    g_assert_cmpint(g_array_index(t->spans, doc_span, 0).start, ==, (int)strlen("[松江]("));
    fx_clear(&f);
    /* Metadata values too. */
    char *plain = inline_plain("place\\: 松江 \\[x]");
    g_assert_cmpstr(plain, ==, "place: 松江 [x]");
    g_free(plain);
    /* A colon in a time or a note is not touched. */
    check_plain("10:00 注：メモ", "10:00 注：メモ");
}

static void test_other_backslashes(void)
{
    check_plain("C:\\写真", "C:\\写真");
    check_plain("a\\nb\\t", "a\\nb\\t");
    check_plain("100\\", "100\\");
    check_plain("\\a\\＊", "\\a\\＊");
}

static void test_markup_characters(void)
{
    /* Never Pango markup: & < > " ' and entities print as written. */
    check_plain("A&B <b>x</b> \"q\" 'p' &amp; &lt;", "A&B <b>x</b> \"q\" 'p' &amp; &lt;");
}

/*** Unclosed ** ***/

#define UNCLOSED "warning: '**' is not closed, so it is printed as written; close it, or write '\\*\\*' for two asterisks\n"

static void test_unclosed(void)
{
    fixture f = fx_new();
    doc_text *t = parse_at(&f, "島根県 **松江市", 3, 8);
    g_assert_cmpstr(t->str, ==, "島根県 **松江市");
    g_assert_cmpuint(t->spans->len, ==, 0);
    /* At the column of the '**': 8 + 4 characters. */
    tu_assert_messages(f.d, "t.txt:3:12: " UNCLOSED);
    g_assert_cmpint(f.d->warnings, ==, 1);
    g_assert_cmpint(f.d->errors, ==, 0);
    fx_clear(&f);
}

static void test_unclosed_after_bold(void)
{
    fixture f = fx_new();
    doc_text *t = parse_at(&f, "**a** **b", 2, 5);
    g_assert_cmpstr(t->str, ==, "a **b");
    g_assert_cmpuint(t->spans->len, ==, 1);
    assert_span(t, 0, 0, 1);
    tu_assert_messages(f.d, "t.txt:2:11: " UNCLOSED);
    fx_clear(&f);
}

static void test_unclosed_positions(void)
{
    fixture f = fx_new();
    /* On the next line of the value: column 1 of the line below. */
    doc_text *t = parse_at(&f, "a\n**b", 2, 10);
    g_assert_cmpstr(t->str, ==, "a\n**b");
    /* An escape counts its two characters. */
    t = parse_at(&f, "\\*\\｜ **x", 7, 1);
    g_assert_cmpstr(t->str, ==, "*｜ **x");
    tu_assert_messages(f.d, "t.txt:3:1: " UNCLOSED "t.txt:7:6: " UNCLOSED);
    fx_clear(&f);
}

static void test_unclosed_no_diags(void)
{
    fixture f = fx_new();
    doc_text *t = inline_parse(f.doc, "**x", (diag_loc){ f.file, 1, 1 }, NULL);
    g_assert_cmpstr(t->str, ==, "**x");
    fx_clear(&f);
}

/*** Cells ***/

static void check_cells(const char *src, const char *const *want)
{
    char **cells = inline_split_cells(src, (diag_loc){ "t.txt", 1, 1 }, NULL);
    g_assert_cmpuint(g_strv_length(cells), ==, g_strv_length((char **)want));
    for (guint i = 0; want[i]; i++)
        g_assert_cmpstr(cells[i], ==, want[i]);
    g_strfreev(cells);
}

static void test_cells_split(void)
{
    check_cells("月日 | AM | PM | 宿泊", (const char *const[]){ "月日", "AM", "PM", "宿泊", NULL });
    check_cells("月日｜AM｜PM", (const char *const[]){ "月日", "AM", "PM", NULL });
    check_cells("a|b｜c", (const char *const[]){ "a", "b", "c", NULL });
    check_cells("面積 | 572.99km²", (const char *const[]){ "面積", "572.99km²", NULL });
    check_cells("one cell", (const char *const[]){ "one cell", NULL });
    /* Empty cells stay (the count matters for rows). */
    check_cells("a||b", (const char *const[]){ "a", "", "b", NULL });
    check_cells("|", (const char *const[]){ "", "", NULL });
    check_cells("", (const char *const[]){ "", NULL });
}

static void test_cells_escaped_pipes(void)
{
    /* Escaped pipes do not split; the escape stays for inline_parse(). */
    check_cells("a \\| b | c", (const char *const[]){ "a \\| b", "c", NULL });
    check_cells("a \\｜ b ｜ c", (const char *const[]){ "a \\｜ b", "c", NULL });
    /* An escaped backslash before a pipe: the pipe splits. */
    check_cells("a\\\\|b", (const char *const[]){ "a\\\\", "b", NULL });
    /* Through inline_parse the cell prints a literal pipe. */
    fixture f = fx_new();
    char **cells = inline_split_cells("x \\| y | z", (diag_loc){ f.file, 1, 1 }, NULL);
    doc_text *t = parse(&f, cells[0]);
    g_assert_cmpstr(t->str, ==, "x | y");
    g_strfreev(cells);
    fx_clear(&f);
}

static void test_cells_trim(void)
{
    /* Spaces, tabs and full-width spaces around a cell are trimmed;
     * inside a cell they stay. */
    check_cells("　a　| \tb c\t |　　", (const char *const[]){ "a", "b c", "", NULL });
    check_cells("  移動 (モバイルワーク)　｜　松江市内  ", (const char *const[]){ "移動 (モバイルワーク)", "松江市内", NULL });
}

static void test_cells_columns(void)
{
    diag_loc *locs = NULL;
    /* "row: " is 5 characters: the value starts at column 6. */
    char **cells = inline_split_cells("2024-02-07 | 移動 ｜ 松江市内", (diag_loc){ "t.txt", 9, 6 }, &locs);
    g_assert_cmpuint(g_strv_length(cells), ==, 3);
    g_assert_cmpint(locs[0].line, ==, 9);
    g_assert_cmpint(locs[0].col, ==, 6);
    /* "2024-02-07 | " is 13 characters. */
    g_assert_cmpint(locs[1].col, ==, 19);
    g_assert_cmpint(locs[1].line, ==, 9);
    g_assert_cmpstr(locs[1].file, ==, "t.txt");
    /* "移動 ｜ " is 5 more. */
    g_assert_cmpint(locs[2].col, ==, 24);
    g_strfreev(cells);
    g_free(locs);

    /* Leading spaces (full-width too) and escapes count as characters. */
    cells = inline_split_cells("　 a\\|b｜ c", (diag_loc){ "t.txt", 1, 1 }, &locs);
    g_assert_cmpstr(cells[0], ==, "a\\|b");
    g_assert_cmpint(locs[0].col, ==, 3);
    g_assert_cmpint(locs[1].col, ==, 9);
    g_strfreev(cells);
    g_free(locs);
}

static void test_cell_warning_position(void)
{
    /* An unclosed ** in a cell is reported at its own column. */
    fixture f = fx_new();
    diag_loc *locs = NULL;
    char **cells = inline_split_cells("面積 | **572km²", (diag_loc){ f.file, 4, 7 }, &locs);
    doc_text *t = inline_parse(f.doc, cells[1], locs[1], f.d);
    g_assert_cmpstr(t->str, ==, "**572km²");
    tu_assert_messages(f.d, "t.txt:4:12: " UNCLOSED);
    g_strfreev(cells);
    g_free(locs);
    fx_clear(&f);
}

/* \u{HEX}: a character by its code, for Shift_JIS files. */
static void test_code_escape(void)
{
    doc *d = doc_new("t.txt");
    diag_list *dl = diag_list_new();
    doc_text *t = inline_parse(d, "572.99km\\u{B2}、\\u{2014}\\u{2014}、**\\u{6F22}**", (diag_loc){ "t.txt", 1, 1 }, dl);
    g_assert_cmpstr(t->str, ==, "572.99km²、——、漢");
    g_assert_cmpuint(t->spans->len, ==, 1);
    doc_span sp = g_array_index(t->spans, doc_span, 0);
    g_assert_cmpint(sp.start, ==, (int)strlen("572.99km²、——、"));
    g_assert_cmpint(sp.end, ==, (int)strlen("572.99km²、——、漢"));
    /* Malformed or non-printable: printed as written. */
    t = inline_parse(d, "\\u{} \\u{zz} \\u{0} \\u{D800} \\u{110000} \\u{B2", (diag_loc){ "t.txt", 1, 1 }, dl);
    g_assert_cmpstr(t->str, ==, "\\u{} \\u{zz} \\u{0} \\u{D800} \\u{110000} \\u{B2");
    /* An escaped backslash before u is a backslash. */
    t = inline_parse(d, "\\\\u{B2}", (diag_loc){ "t.txt", 1, 1 }, dl);
    g_assert_cmpstr(t->str, ==, "\\u{B2}");
    char *plain = inline_plain("松江\\u{2014}市 **x** \\*");
    g_assert_cmpstr(plain, ==, "松江—市 **x** *");
    g_free(plain);
    g_assert_cmpint(dl->errors + dl->warnings, ==, 0);
    diag_list_free(dl);
    doc_free(d);
}

/*** Ruby: {宍道湖|しんじこ} ***/

static void assert_ruby(const doc_text *t, guint i, int start, int end, const char *reading)
{
    g_assert_cmpuint(i, <, t->spans->len);
    const doc_span *s = &g_array_index(t->spans, doc_span, i);
    g_assert_cmpint(s->kind, ==, DOC_SPAN_RUBY);
    g_assert_cmpint(s->start, ==, start);
    g_assert_cmpint(s->end, ==, end);
    g_assert_cmpstr(s->ruby, ==, reading);
}

static void test_ruby_group(void)
{
    fixture f = fx_new();
    /* The base is the text; the span covers its bytes (3 a character). */
    doc_text *t = parse(&f, "湖の{宍道湖|しんじこ}へ");
    g_assert_cmpstr(t->str, ==, "湖の宍道湖へ");
    g_assert_cmpuint(t->spans->len, ==, 1);
    assert_ruby(t, 0, 6, 15, "しんじこ");
    tu_assert_messages(f.d, "");
    fx_clear(&f);
}

static void test_ruby_mono(void)
{
    fixture f = fx_new();
    doc_text *t = parse(&f, "{宍|しん}{道|じ}{湖|こ}は");
    g_assert_cmpstr(t->str, ==, "宍道湖は");
    g_assert_cmpuint(t->spans->len, ==, 3);
    assert_ruby(t, 0, 0, 3, "しん");
    assert_ruby(t, 1, 3, 6, "じ");
    assert_ruby(t, 2, 6, 9, "こ");
    tu_assert_messages(f.d, "");
    fx_clear(&f);
}

static void test_ruby_full_width(void)
{
    fixture f = fx_new();
    doc_text *t = parse(&f, "｛磐梯町｜ばんだいまち｝と**{松江|まつえ}**");
    g_assert_cmpstr(t->str, ==, "磐梯町と松江");
    g_assert_cmpuint(t->spans->len, ==, 3);
    assert_ruby(t, 0, 0, 9, "ばんだいまち");
    assert_ruby(t, 1, 12, 18, "まつえ");
    assert_span(t, 2, 12, 18); /* the bold around it */
    tu_assert_messages(f.d, "");
    fx_clear(&f);
}

static void test_ruby_escapes(void)
{
    /* Escaped braces are text; so is a lone closing brace. */
    check_plain("\\{a|b\\} \\｛c\\｝ x}", "{a|b} ｛c｝ x}");
    fixture f = fx_new();
    /* Escapes inside the base and the reading. */
    doc_text *t = parse(&f, "{a\\|b\\u{B2}|c\\}}");
    g_assert_cmpstr(t->str, ==, "a|b²");
    assert_ruby(t, 0, 0, 5, "c}");
    tu_assert_messages(f.d, "");
    fx_clear(&f);
    char *plain = inline_plain("{宍道湖|しんじこ}の\\{x}");
    g_assert_cmpstr(plain, ==, "宍道湖の{x}");
    g_free(plain);
}

#define RUBY_UNCLOSED "error: '{' is not closed on its line; write ruby (furigana) as '{宍道湖|しんじこ}', or '\\{' for a brace\n"
#define RUBY_NO_BAR "error: ruby (furigana) needs '|' between the text and its reading, like '{宍道湖|しんじこ}'; write '\\{' for a brace\n"
#define RUBY_NO_BASE "error: ruby (furigana) has no text before '|'; write it like '{宍道湖|しんじこ}'\n"
#define RUBY_NO_READING "error: ruby (furigana) has no reading after '|'; write it like '{宍道湖|しんじこ}'\n"
#define RUBY_NESTED "error: ruby (furigana) cannot hold '{' or a second '|'; write one '{text|reading}' for each word, or '\\{' '\\|' for the characters\n"

static void check_ruby_error(const char *src, const char *want_text, const char *want)
{
    fixture f = fx_new();
    doc_text *t = parse_at(&f, src, 4, 7);
    g_assert_cmpstr(t->str, ==, want_text);
    g_assert_cmpuint(t->spans->len, ==, 0);
    tu_assert_messages(f.d, want);
    fx_clear(&f);
}

static void test_ruby_errors(void)
{
    /* Each at its brace's line and column (the value starts at 4:7). */
    check_ruby_error("湖{宍道湖|}", "湖{宍道湖|}", "t.txt:4:8: " RUBY_NO_READING);
    check_ruby_error("{|しんじこ}", "{|しんじこ}", "t.txt:4:7: " RUBY_NO_BASE);
    check_ruby_error("ab{宍道湖}", "ab{宍道湖}", "t.txt:4:9: " RUBY_NO_BAR);
    check_ruby_error("松江の{宍道湖|しんじこ", "松江の{宍道湖|しんじこ", "t.txt:4:10: " RUBY_UNCLOSED);
    check_ruby_error("{a|b|c}", "{a|b|c}", "t.txt:4:7: " RUBY_NESTED);
    /* Not closed before the line ends: the next line starts at column 1. */
    check_ruby_error("x{宍道湖\n|しんじこ}", "x{宍道湖\n|しんじこ}", "t.txt:4:8: " RUBY_UNCLOSED);
    check_ruby_error("一行目\n二{x", "一行目\n二{x", "t.txt:5:2: " RUBY_UNCLOSED);
    /* A brace inside: the outer one is reported, the inner ruby stands. */
    fixture f = fx_new();
    doc_text *t = parse_at(&f, "{a{b|c}", 4, 7);
    g_assert_cmpstr(t->str, ==, "{ab");
    assert_ruby(t, 0, 2, 3, "c");
    tu_assert_messages(f.d, "t.txt:4:7: " RUBY_NESTED);
    fx_clear(&f);
    /* Without a diag list: no message, the text as written. */
    f = fx_new();
    t = inline_parse(f.doc, "{x", (diag_loc){ f.file, 1, 1 }, NULL);
    g_assert_cmpstr(t->str, ==, "{x");
    fx_clear(&f);
}

static void test_ruby_columns_after(void)
{
    /* A ruby counts the characters it was written with. */
    fixture f = fx_new();
    doc_text *t = parse(&f, "{宍道湖|しんじこ}\\{**x");
    g_assert_cmpstr(t->str, ==, "宍道湖{**x");
    tu_assert_messages(f.d, "t.txt:1:13: " UNCLOSED);
    fx_clear(&f);
}

static void test_ruby_cells(void)
{
    /* The '|' of a ruby does not split a cell. */
    diag_loc *locs = NULL;
    char **cells = inline_split_cells("{宍道湖|しんじこ}の湖畔 | {松江|まつえ}｜x", (diag_loc){ "t.txt", 2, 5 }, &locs);
    g_assert_cmpuint(g_strv_length(cells), ==, 3);
    g_assert_cmpstr(cells[0], ==, "{宍道湖|しんじこ}の湖畔");
    g_assert_cmpstr(cells[1], ==, "{松江|まつえ}");
    g_assert_cmpstr(cells[2], ==, "x");
    g_assert_cmpint(locs[1].col, ==, 5 + 16); /* 10 + 3 + " | " */
    g_strfreev(cells);
    g_free(locs);
    /* A malformed one splits as before (and is reported by inline_parse). */
    cells = inline_split_cells("{a|b", (diag_loc){ "t.txt", 1, 1 }, NULL);
    g_assert_cmpuint(g_strv_length(cells), ==, 2);
    g_strfreev(cells);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/inline/plain", test_plain);
    g_test_add_func("/inline/bold/offsets", test_bold_offsets);
    g_test_add_func("/inline/bold/several", test_bold_several);
    g_test_add_func("/inline/bold/across-lines", test_bold_across_lines);
    g_test_add_func("/inline/bold/empty", test_bold_empty);
    g_test_add_func("/inline/bold/with-escapes", test_bold_with_escapes);
    g_test_add_func("/inline/bold/single-asterisk", test_single_asterisk);
    g_test_add_func("/inline/escapes/known", test_escapes);
    g_test_add_func("/inline/escapes/entries", test_entry_escapes);
    g_test_add_func("/inline/escapes/other-backslashes", test_other_backslashes);
    g_test_add_func("/inline/markup-characters", test_markup_characters);
    g_test_add_func("/inline/unclosed/warning", test_unclosed);
    g_test_add_func("/inline/unclosed/after-bold", test_unclosed_after_bold);
    g_test_add_func("/inline/unclosed/positions", test_unclosed_positions);
    g_test_add_func("/inline/unclosed/no-diags", test_unclosed_no_diags);
    g_test_add_func("/inline/cells/split", test_cells_split);
    g_test_add_func("/inline/cells/escaped-pipes", test_cells_escaped_pipes);
    g_test_add_func("/inline/cells/trim", test_cells_trim);
    g_test_add_func("/inline/cells/columns", test_cells_columns);
    g_test_add_func("/inline/cells/warning-position", test_cell_warning_position);
    g_test_add_func("/inline/code-escape", test_code_escape);
    g_test_add_func("/inline/ruby/group", test_ruby_group);
    g_test_add_func("/inline/ruby/mono", test_ruby_mono);
    g_test_add_func("/inline/ruby/full-width", test_ruby_full_width);
    g_test_add_func("/inline/ruby/escapes", test_ruby_escapes);
    g_test_add_func("/inline/ruby/errors", test_ruby_errors);
    g_test_add_func("/inline/ruby/columns-after", test_ruby_columns_after);
    g_test_add_func("/inline/ruby/cells", test_ruby_cells);
    return g_test_run();
}
