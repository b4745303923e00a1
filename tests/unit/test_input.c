/* Unit tests of input.c: docs/trip-format.md section 1 (encodings, line
 * ends, forbidden characters, positions of byte-level errors). */
#include "testutil.h"

/* A small trip fragment with kanji, kana, full-width forms and ASCII. */
static const char twin_utf8[] = "# 旅する公務員\n"
                                "place: 島根県松江市\n"
                                "period: ２０２４－０２－０７ ～ 2024-02-09\n"
                                "[text]\n"
                                "heading：「B面」的 目的について報告③\n"
                                "text:\n"
                                "  　松江城天守は国宝。シジミが美味しい。\n"
                                "  C:\\写真 & <b> \"引用\"\n";

/* Decodes 'len' bytes as "t.txt"; returns the text (may be NULL). */
static char *decode(diag_list *d, const char *bytes, size_t len, input_encoding *enc)
{
    return input_decode(bytes, len, diag_file(d, "t.txt"), d, enc);
}

static void test_utf8_plain(void)
{
    diag_list *d = diag_list_new();
    input_encoding enc = INPUT_ENC_NONE;
    char *t = decode(d, twin_utf8, strlen(twin_utf8), &enc);
    g_assert_cmpstr(t, ==, twin_utf8);
    g_assert_cmpint(enc, ==, INPUT_ENC_UTF8);
    tu_assert_messages(d, "");
    g_free(t);
    diag_list_free(d);
}

static void test_utf8_bom(void)
{
    diag_list *d = diag_list_new();
    char *bytes = g_strconcat("\xEF\xBB\xBF", twin_utf8, NULL);
    input_encoding enc = INPUT_ENC_NONE;
    char *t = decode(d, bytes, strlen(bytes), &enc);
    /* The BOM is dropped, the rest is unchanged; no warning. */
    g_assert_cmpstr(t, ==, twin_utf8);
    g_assert_cmpint(enc, ==, INPUT_ENC_UTF8_BOM);
    g_assert_cmpint(d->warnings, ==, 0);
    g_assert_cmpint(d->errors, ==, 0);
    g_free(t);
    g_free(bytes);
    diag_list_free(d);
}

static void test_empty(void)
{
    diag_list *d = diag_list_new();
    input_encoding enc = INPUT_ENC_NONE;
    char *t = decode(d, "", 0, &enc);
    g_assert_cmpstr(t, ==, "");
    g_assert_cmpint(enc, ==, INPUT_ENC_UTF8);
    g_free(t);
    /* A BOM alone is an empty UTF-8 file. */
    t = decode(d, "\xEF\xBB\xBF", 3, &enc);
    g_assert_cmpstr(t, ==, "");
    g_assert_cmpint(enc, ==, INPUT_ENC_UTF8_BOM);
    tu_assert_messages(d, "");
    g_free(t);
    diag_list_free(d);
}

static void check_newlines(const char *in, const char *want)
{
    diag_list *d = diag_list_new();
    char *t = decode(d, in, strlen(in), NULL);
    g_assert_cmpstr(t, ==, want);
    tu_assert_messages(d, "");
    g_free(t);
    diag_list_free(d);
}

static void test_line_ends(void)
{
    check_newlines("a: 1\r\nb: 2\r\n", "a: 1\nb: 2\n");      /* CRLF */
    check_newlines("a: 1\nb: 2\n", "a: 1\nb: 2\n");          /* LF */
    check_newlines("a: 1\rb: 2\r", "a: 1\nb: 2\n");          /* CR */
    check_newlines("a\r\n\r\nb\r\rc\n\nd", "a\n\nb\n\nc\n\nd"); /* empty lines in each style */
    check_newlines("a\r\nb\rc\nd", "a\nb\nc\nd");            /* mixed */
    check_newlines("松江\r\n市\r", "松江\n市\n");
}

static void test_line_ends_with_bom(void)
{
    check_newlines("\xEF\xBB\xBF" "a: 1\r\nb: 2", "a: 1\nb: 2");
}

/* CP932 bytes of 'utf8', made with g_convert as Notepad would save them. */
static char *to_cp932(const char *utf8, gsize *len)
{
    GError *err = NULL;
    char *s = g_convert(utf8, -1, "CP932", "UTF-8", NULL, len, &err);
    g_assert_no_error(err);
    g_assert_nonnull(s);
    return s;
}

static void test_cp932_same_text(void)
{
    gsize len = 0;
    char *sj = to_cp932(twin_utf8, &len);
    /* Really different bytes: not valid UTF-8. */
    g_assert_false(g_utf8_validate(sj, (gssize)len, NULL));
    diag_list *d = diag_list_new();
    input_encoding enc = INPUT_ENC_NONE;
    char *t = decode(d, sj, len, &enc);
    g_assert_cmpstr(t, ==, twin_utf8);
    g_assert_cmpint(enc, ==, INPUT_ENC_CP932);
    /* One warning that names the encoding, for the whole file. */
    tu_assert_messages(d, "t.txt: warning: the file is not UTF-8; read it as Shift_JIS (CP932). "
                          "Save it as UTF-8 to silence this warning\n");
    g_assert_cmpint(d->errors, ==, 0);
    g_assert_cmpint(d->warnings, ==, 1);
    g_free(t);
    g_free(sj);
    diag_list_free(d);
}

static void test_cp932_crlf(void)
{
    /* Windows Notepad: Shift_JIS and CRLF together. */
    char *crlf = NULL;
    {
        GString *s = g_string_new(NULL);
        for (const char *p = twin_utf8; *p; p++) {
            if (*p == '\n')
                g_string_append_c(s, '\r');
            g_string_append_c(s, *p);
        }
        crlf = g_string_free(s, FALSE);
    }
    gsize len = 0;
    char *sj = to_cp932(crlf, &len);
    diag_list *d = diag_list_new();
    input_encoding enc = INPUT_ENC_NONE;
    char *t = decode(d, sj, len, &enc);
    g_assert_cmpstr(t, ==, twin_utf8);
    g_assert_cmpint(enc, ==, INPUT_ENC_CP932);
    g_assert_cmpint(d->errors, ==, 0);
    g_free(t);
    g_free(sj);
    g_free(crlf);
    diag_list_free(d);
}

static void test_cp932_backslash(void)
{
    /* 0x5C is a backslash in CP932 (shown as a yen sign on old systems);
     * it must stay a backslash so that `C:\写真` and escapes still work. */
    gsize len = 0;
    char *sj = to_cp932("photo: C:\\写真\\a.jpg\ncaption: \\*\n", &len);
    diag_list *d = diag_list_new();
    char *t = decode(d, sj, len, NULL);
    g_assert_cmpstr(t, ==, "photo: C:\\写真\\a.jpg\ncaption: \\*\n");
    g_free(t);
    g_free(sj);
    diag_list_free(d);
}

static void check_utf16(const char *bom, const char *charset, const char *warning)
{
    gsize len = 0;
    GError *err = NULL;
    char *body = g_convert(twin_utf8, -1, charset, "UTF-8", NULL, &len, &err);
    g_assert_no_error(err);
    GByteArray *b = g_byte_array_new();
    g_byte_array_append(b, (const guint8 *)bom, 2);
    g_byte_array_append(b, (const guint8 *)body, (guint)len);
    diag_list *d = diag_list_new();
    input_encoding enc = INPUT_ENC_NONE;
    char *t = decode(d, (const char *)b->data, b->len, &enc);
    g_assert_cmpstr(t, ==, twin_utf8);
    g_assert_cmpint(enc, ==, INPUT_ENC_UTF16);
    tu_assert_messages(d, warning);
    g_free(t);
    g_free(body);
    g_byte_array_unref(b);
    diag_list_free(d);
}

static void test_utf16_bom(void)
{
    check_utf16("\xFF\xFE", "UTF-16LE",
                "t.txt: warning: read as UTF-16LE; save the file as UTF-8 to silence this warning\n");
    check_utf16("\xFE\xFF", "UTF-16BE",
                "t.txt: warning: read as UTF-16BE; save the file as UTF-8 to silence this warning\n");
}

static void test_utf16_crlf(void)
{
    /* "a\r\nb\rc" in UTF-16LE with a BOM. */
    static const char bytes[] = "\xFF\xFE" "a\0\r\0\n\0b\0\r\0c\0";
    diag_list *d = diag_list_new();
    char *t = decode(d, bytes, sizeof bytes - 1, NULL);
    g_assert_cmpstr(t, ==, "a\nb\nc");
    g_assert_cmpint(d->errors, ==, 0);
    g_free(t);
    diag_list_free(d);
}

static void test_utf16_nul_char(void)
{
    /* U+0000 inside UTF-16 text: line 2, column 2. */
    static const char bytes[] = "\xFF\xFE" "a\0\n\0b\0\0\0c\0";
    diag_list *d = diag_list_new();
    char *t = decode(d, bytes, sizeof bytes - 1, NULL);
    g_assert_null(t);
    tu_assert_has(d, "t.txt:2:2: error: NUL character in the file; save it as UTF-8 text");
    g_assert_cmpint(d->errors, ==, 1);
    diag_list_free(d);
}

/* Decodes 'len' bytes that must fail with one error whose printed form
 * starts with 'prefix' (the rest is GLib's reason). */
static void check_error_prefix(const char *bytes, size_t len, const char *prefix)
{
    diag_list *d = diag_list_new();
    char *t = decode(d, bytes, len, NULL);
    g_assert_null(t);
    g_assert_cmpint(d->errors, ==, 1);
    char *m = diag_format(g_ptr_array_index(d->msgs, 0));
    if (!g_str_has_prefix(m, prefix))
        g_error("got: %s\nwant a message starting with: %s", m, prefix);
    g_assert_true(g_str_has_suffix(m, "); save it as UTF-8"));
    g_free(m);
    diag_list_free(d);
}

static void test_utf16_invalid(void)
{
    /* A lone high surrogate after "a\nbc": line 2, column 3. */
    static const char a[] = "\xFF\xFE" "a\0\n\0b\0c\0\x00\xD8" "d\0";
    check_error_prefix(a, sizeof a - 1, "t.txt:2:3: error: the file starts like UTF-16 but cannot be read as UTF-16LE (");
    /* An odd number of bytes: the last character is cut off. */
    static const char b[] = "\xFE\xFF" "\0a\0\r\0\n\0b\0";
    check_error_prefix(b, sizeof b - 1, "t.txt:2:2: error: the file starts like UTF-16 but cannot be read as UTF-16BE (");
}

static void check_error(const char *bytes, size_t len, const char *want)
{
    diag_list *d = diag_list_new();
    input_encoding enc = INPUT_ENC_UTF8;
    char *t = decode(d, bytes, len, &enc);
    g_assert_null(t);
    g_assert_cmpint(enc, ==, INPUT_ENC_NONE);
    tu_assert_messages(d, want);
    diag_list_free(d);
}

#define NUL_MSG "error: NUL byte in the file: this is not a text file, or it was saved as UTF-16 without a BOM; save it as UTF-8\n"

static void test_nul_byte(void)
{
    static const char a[] = "a: 1\nbc\0d\n";
    check_error(a, sizeof a - 1, "t.txt:2:3: " NUL_MSG);
    static const char b[] = "\0";
    check_error(b, sizeof b - 1, "t.txt:1:1: " NUL_MSG);
    /* Columns count characters, not bytes. */
    static const char c[] = "place: 松江\0";
    check_error(c, sizeof c - 1, "t.txt:1:10: " NUL_MSG);
    /* CRLF and CR count as one line end each. */
    static const char e[] = "a\r\nb\r\r\n松\0";
    check_error(e, sizeof e - 1, "t.txt:4:2: " NUL_MSG);
    /* After a BOM: the BOM is not a column. */
    static const char f[] = "\xEF\xBB\xBF" "ab\0";
    check_error(f, sizeof f - 1, "t.txt:1:3: " NUL_MSG);
    /* UTF-16 saved without a BOM: the NUL after the first ASCII letter. */
    static const char g[] = "n\0u\0";
    check_error(g, sizeof g - 1, "t.txt:1:2: " NUL_MSG);
}

#define BAD_MSG(byte) "error: invalid byte " byte ": the file is neither UTF-8 nor Shift_JIS; save it as UTF-8\n"

static void test_invalid_bytes(void)
{
    /* 0xFF is neither UTF-8 nor CP932. */
    static const char a[] = "a: 1\nab\xFF\n";
    check_error(a, sizeof a - 1, "t.txt:2:3: " BAD_MSG("0xFF"));
    /* Kanji before it count one column each. */
    static const char b[] = "# メモ\r\n松江市\x80x";
    check_error(b, sizeof b - 1, "t.txt:2:4: " BAD_MSG("0x80"));
    /* A truncated UTF-8 sequence at the end (and invalid as CP932 too). */
    static const char c[] = "x\n\n\xE6";
    check_error(c, sizeof c - 1, "t.txt:3:1: " BAD_MSG("0xE6"));
    /* With a UTF-8 BOM the file is UTF-8: no Shift_JIS fallback, and the
     * column does not count the BOM. */
    gsize len = 0;
    char *sj = to_cp932("松", &len);
    char *bytes = g_strconcat("\xEF\xBB\xBF" "ab", sj, NULL);
    check_error(bytes, strlen(bytes), "t.txt:1:3: " BAD_MSG("0x8F"));
    g_free(bytes);
    g_free(sj);
}

static void test_invalid_byte_in_shift_jis(void)
{
    /* A Shift_JIS file with one bad byte: the error names that byte (line
     * 3, after two kanji), not the first kanji where UTF-8 gave up. */
    gsize len = 0;
    char *sj = to_cp932("place: 島根県松江市\n[text]\nheading: 報告", &len);
    char *bytes = g_strconcat(sj, "\xFF\n", NULL);
    check_error(bytes, strlen(bytes), "t.txt:3:12: " BAD_MSG("0xFF"));
    g_free(bytes);
    /* A lead byte cut off at the end of the file. */
    bytes = g_strconcat(sj, "\r\n\x82", NULL);
    check_error(bytes, strlen(bytes), "t.txt:4:1: " BAD_MSG("0x82"));
    g_free(bytes);
    g_free(sj);
}

static void test_invalid_byte_in_utf8(void)
{
    /* A UTF-8 file with one bad byte is an error at that byte, not read
     * as Shift_JIS: these bytes would all decode as (garbled) CP932. */
    static const char a[] = "heading: h\ntext: 島根県\x80";
    gsize len = 0;
    char *garbled = g_convert(a, sizeof a - 1, "UTF-8", "CP932", NULL, &len, NULL);
    g_assert_nonnull(garbled);
    g_free(garbled);
    check_error(a, sizeof a - 1, "t.txt:2:10: " BAD_MSG("0x80"));
    /* Shift_JIS pasted into a UTF-8 file. */
    char *sj = to_cp932("松江", &len);
    char *bytes = g_strconcat("place: 島根県\nheading: ", sj, NULL);
    check_error(bytes, strlen(bytes), "t.txt:2:10: " BAD_MSG("0x8F"));
    g_free(bytes);
    g_free(sj);
}

static void test_invalid_utf8_shaped(void)
{
    /* An overlong form first (C0 AE for '.', E0 80 86 for U+0006): the
     * fault is the first byte, named with what UTF-8 forbids, and
     * Shift_JIS, tried too, fails further on (or at once). */
    static const char a[] = "\xE0\x80\x86x: 1\n";
    check_error(a, sizeof a - 1,
                "t.txt:1:1: error: invalid byte 0xE0: the file is neither UTF-8 (E0 80 86 is an overlong form of "
                "U+0006, which UTF-8 does not allow) nor Shift_JIS (byte 0x86 at 1:2 cannot be read); save it as "
                "UTF-8\n");
    static const char b[] = "# x\n\xC0\xAE\n\x80";
    check_error(b, sizeof b - 1,
                "t.txt:2:1: error: invalid byte 0xC0: the file is neither UTF-8 (C0 AE is an overlong form of "
                "U+002E, which UTF-8 does not allow) nor Shift_JIS (byte 0x80 at 3:1 cannot be read); save it as "
                "UTF-8\n");
    /* A surrogate, and a code point past U+10FFFF. */
    static const char c[] = "\xED\xA0\x80\xFF";
    check_error(c, sizeof c - 1,
                "t.txt:1:1: error: invalid byte 0xED: the file is neither UTF-8 (ED A0 80 is U+D800, a UTF-16 "
                "surrogate, which UTF-8 does not allow) nor Shift_JIS (byte 0x80 at 1:2 cannot be read); save it as "
                "UTF-8\n");
    static const char e[] = "\xF4\x90\x80\x80\xFF";
    check_error(e, sizeof e - 1,
                "t.txt:1:1: error: invalid byte 0xF4: the file is neither UTF-8 (F4 90 80 80 is beyond U+10FFFF, the "
                "last character) nor Shift_JIS (byte 0x80 at 1:2 cannot be read); save it as UTF-8\n");
}

#define CTRL_MSG(cp) "error: control character U+" cp " in the text; delete it (it is invisible in most editors)\n"

static void test_control_characters(void)
{
    static const char a[] = "a: 1\nx\x01y\n";
    check_error(a, sizeof a - 1, "t.txt:2:2: " CTRL_MSG("0001"));
    static const char b[] = "松江\x1B";
    check_error(b, sizeof b - 1, "t.txt:1:3: " CTRL_MSG("001B"));
    static const char c[] = "x\x7F";
    check_error(c, sizeof c - 1, "t.txt:1:2: " CTRL_MSG("007F"));
    /* C1 controls, U+0080–U+009F, written as UTF-8. */
    static const char e[] = "\n\xC2\x85";
    check_error(e, sizeof e - 1, "t.txt:2:1: " CTRL_MSG("0085"));
    static const char f[] = "\xC2\x9F";
    check_error(f, sizeof f - 1, "t.txt:1:1: " CTRL_MSG("009F"));
    static const char g[] = "a\fb";
    check_error(g, sizeof g - 1, "t.txt:1:2: " CTRL_MSG("000C"));
    /* Every one of them is reported, each at its position. */
    static const char h[] = "\x02\n\x03";
    check_error(h, sizeof h - 1, "t.txt:1:1: " CTRL_MSG("0002") "t.txt:2:1: " CTRL_MSG("0003"));
}

static void test_allowed_characters(void)
{
    /* TAB, U+00A0 and U+3000 are text, not control characters. */
    check_newlines("a:\tb\xC2\xA0" "c\n\t　x\n", "a:\tb\xC2\xA0" "c\n\t　x\n");
}

static void test_read_file(void)
{
    GError *err = NULL;
    char *dir = g_dir_make_tmp("tripreport-input-XXXXXX", &err);
    g_assert_no_error(err);
    char *path = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(path, "\xEF\xBB\xBF" "a: 1\r\n", -1, NULL));
    diag_list *d = diag_list_new();
    input_encoding enc = INPUT_ENC_NONE;
    char *t = input_read_file(path, INFILE_TRIP, diag_file(d, "trip.txt"), d, &enc);
    g_assert_cmpstr(t, ==, "a: 1\n");
    g_assert_cmpint(enc, ==, INPUT_ENC_UTF8_BOM);
    g_free(t);
    g_unlink(path);
    /* A missing file is an error that names it. */
    t = input_read_file(path, INFILE_TRIP, diag_file(d, "nothere.txt"), d, NULL);
    g_assert_null(t);
    tu_assert_messages(d, "nothere.txt: error: cannot read the file: no such file\n");
    diag_list_free(d);
    tu_rm_tree(dir);
    g_free(path);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/input/utf8/plain", test_utf8_plain);
    g_test_add_func("/input/utf8/bom", test_utf8_bom);
    g_test_add_func("/input/utf8/empty", test_empty);
    g_test_add_func("/input/line-ends/crlf-lf-cr", test_line_ends);
    g_test_add_func("/input/line-ends/with-bom", test_line_ends_with_bom);
    g_test_add_func("/input/cp932/same-text-and-warning", test_cp932_same_text);
    g_test_add_func("/input/cp932/crlf", test_cp932_crlf);
    g_test_add_func("/input/cp932/backslash", test_cp932_backslash);
    g_test_add_func("/input/utf16/bom", test_utf16_bom);
    g_test_add_func("/input/utf16/crlf", test_utf16_crlf);
    g_test_add_func("/input/utf16/nul-char", test_utf16_nul_char);
    g_test_add_func("/input/utf16/invalid", test_utf16_invalid);
    g_test_add_func("/input/error/nul-byte", test_nul_byte);
    g_test_add_func("/input/error/invalid-bytes", test_invalid_bytes);
    g_test_add_func("/input/error/invalid-byte-in-shift-jis", test_invalid_byte_in_shift_jis);
    g_test_add_func("/input/error/invalid-byte-in-utf8", test_invalid_byte_in_utf8);
    g_test_add_func("/input/error/invalid-utf8-shaped", test_invalid_utf8_shaped);
    g_test_add_func("/input/error/control-characters", test_control_characters);
    g_test_add_func("/input/allowed-characters", test_allowed_characters);
    g_test_add_func("/input/read-file", test_read_file);
    return g_test_run();
}
