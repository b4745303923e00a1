/* Unit tests for pdfsyntax.c: values skipped whole (names, numbers,
 * references, strings with escapes, hex strings, arrays, dictionaries,
 * comments), the end of the buffer inside a value (more to read) against
 * a value that is wrong, the nesting limit; dictionaries as positions,
 * references, integers and names. */
#include "pdfsyntax.h"

#include <glib.h>
#include <string.h>

#define B(s) ((const guint8 *)(s))

/* One value and where skipping it must end ('end' -1: not PDFSYNTAX_OK). */
typedef struct skip_case {
    const char *text;
    int result;
    int end;
} skip_case;

static void test_skip_value(void)
{
    static const skip_case cases[] = {
        { "/Name rest", PDFSYNTAX_OK, 5 },
        { "/Name", PDFSYNTAX_MORE, -1 },        /* a name ends at a delimiter or white space */
        { "/A/B", PDFSYNTAX_OK, 2 },
        { "123 ]", PDFSYNTAX_OK, 3 },
        { "123 ", PDFSYNTAX_MORE, -1 },         /* " 0 R" may follow */
        { "-1.5]", PDFSYNTAX_OK, 4 },
        { "123", PDFSYNTAX_MORE, -1 },
        { "true>>", PDFSYNTAX_OK, 4 },
        { "1 0 R ", PDFSYNTAX_OK, 5 },
        { "12  7\nR]", PDFSYNTAX_OK, 7 },
        { "1 0 obj", PDFSYNTAX_OK, 1 },         /* not a reference: the number alone */
        { "1 0 Rx", PDFSYNTAX_OK, 1 },
        { "1 0 /R", PDFSYNTAX_OK, 1 },
        { "1 0", PDFSYNTAX_MORE, -1 },          /* "1 0 R" may follow */
        { "1 0 R", PDFSYNTAX_MORE, -1 },
        { "(a\\)b(c)d) ", PDFSYNTAX_OK, 10 },
        { "(a\\\\)b", PDFSYNTAX_OK, 5 },
        { "(abc", PDFSYNTAX_MORE, -1 },
        { "<41 42> ", PDFSYNTAX_OK, 7 },
        { "<4G>", PDFSYNTAX_BAD, -1 },
        { "<41", PDFSYNTAX_MORE, -1 },
        { "<< /A [1 2 <</B (x>>)>>] >> ", PDFSYNTAX_OK, 27 },
        { "<</A 1/B<</C/D>>>>x", PDFSYNTAX_OK, 18 },
        { "<< /A 1 > ", PDFSYNTAX_BAD, -1 },
        { "<< /A 1 >", PDFSYNTAX_MORE, -1 },
        { "[1 %comment ]\n 2] ", PDFSYNTAX_OK, 17 },
        { "[1 2", PDFSYNTAX_MORE, -1 },
        { ")", PDFSYNTAX_BAD, -1 },
        { "]", PDFSYNTAX_BAD, -1 },
        { "", PDFSYNTAX_MORE, -1 },
    };
    for (guint k = 0; k < G_N_ELEMENTS(cases); k++) {
        const skip_case *c = &cases[k];
        size_t i = 0;
        int r = pdfsyntax_skip_value(B(c->text), strlen(c->text), &i, 0);
        if (r != c->result || (r == PDFSYNTAX_OK && (int)i != c->end))
            g_error("'%s': got %d at %zu, wanted %d at %d", c->text, r, i, c->result, c->end);
    }
}

/* Nesting: 64 levels inside an object's value are read, 65 are refused. */
static void test_skip_depth(void)
{
    for (int levels = 64; levels <= 66; levels++) {
        GString *s = g_string_new(NULL);
        for (int i = 0; i <= levels; i++)
            g_string_append_c(s, '[');
        for (int i = 0; i <= levels; i++)
            g_string_append_c(s, ']');
        g_string_append_c(s, ' ');
        size_t i = 0;
        int r = pdfsyntax_skip_value(B(s->str), s->len, &i, 0);
        g_assert_cmpint(r, ==, levels <= 64 ? PDFSYNTAX_OK : PDFSYNTAX_BAD);
        if (r == PDFSYNTAX_OK)
            g_assert_cmpuint(i, ==, s->len - 1);
        g_string_free(s, TRUE);
    }
}

static void test_ws_and_numbers(void)
{
    const char *t = " \t\r\n\f%a comment\r% another\n\0x";
    size_t i = 0;
    pdfsyntax_skip_ws(B(t), 27, &i);
    g_assert_cmpuint(i, ==, 27); /* NUL is white space too */
    i = 0;
    pdfsyntax_skip_ws(B(t), 28, &i);
    g_assert_cmpuint(i, ==, 27);
    g_assert_true(pdfsyntax_is_ws(0) && pdfsyntax_is_ws('\f') && !pdfsyntax_is_ws('%'));

    gint64 v = -1;
    g_assert_true(pdfsyntax_parse_uint(B("0012345"), 0, 7, 12345, &v));
    g_assert_cmpint(v, ==, 12345);
    g_assert_false(pdfsyntax_parse_uint(B("12346"), 0, 5, 12345, &v));
    g_assert_false(pdfsyntax_parse_uint(B("12a"), 0, 3, 999, &v));
    g_assert_false(pdfsyntax_parse_uint(B("1"), 0, 0, 9, &v)); /* empty */
    g_assert_false(pdfsyntax_parse_uint(B("99999999999"), 0, 11, 9999999999LL, &v)); /* 11 digits */

    i = 0;
    g_assert_cmpint(pdfsyntax_skip_digits(B("123 "), 4, &i), ==, PDFSYNTAX_OK);
    g_assert_cmpuint(i, ==, 3);
    i = 0;
    g_assert_cmpint(pdfsyntax_skip_digits(B("123"), 3, &i), ==, PDFSYNTAX_MORE);

    int n = 0;
    g_assert_true(pdfsyntax_value_int(B("2147483647"), 0, 10, &n));
    g_assert_cmpint(n, ==, G_MAXINT);
    g_assert_false(pdfsyntax_value_int(B("2147483648"), 0, 10, &n));
    g_assert_false(pdfsyntax_value_int(B("-1"), 0, 2, &n));
}

static void test_dict(void)
{
    const char *t = "<< /Type /Catalog/Pages 2 0 R %x\n /K [ 1 << /S /P >> ] /Type /Other >>tail";
    GArray *d = g_array_new(FALSE, FALSE, sizeof(pdfsyntax_entry));
    g_array_set_size(d, 5); /* emptied by the parse */
    size_t i = 0, n = strlen(t);
    g_assert_cmpint(pdfsyntax_dict_parse(B(t), n, &i, d), ==, PDFSYNTAX_OK);
    g_assert_cmpstr(t + i, ==, "tail");
    g_assert_cmpuint(d->len, ==, 4);
    const pdfsyntax_entry *e = pdfsyntax_dict_get(d, B(t), "Type");
    g_assert_true(e == &g_array_index(d, pdfsyntax_entry, 0)); /* the first of two */
    g_assert_true(pdfsyntax_value_is_name(B(t), e->v, e->v_end, "Catalog"));
    g_assert_false(pdfsyntax_value_is_name(B(t), e->v, e->v_end, "Catalo"));
    e = pdfsyntax_dict_get(d, B(t), "Pages");
    g_assert_cmpint((int)(e->k_end - e->k), ==, 6);
    gint64 num = 0, gen = -1;
    g_assert_true(pdfsyntax_value_ref(B(t), e->v, e->v_end, &num, &gen));
    g_assert_cmpint(num, ==, 2);
    g_assert_cmpint(gen, ==, 0);
    e = pdfsyntax_dict_get(d, B(t), "K");
    g_assert_cmpint(strncmp(t + e->v, "[ 1 << /S /P >> ]", e->v_end - e->v), ==, 0);
    g_assert_cmpuint(e->v_end - e->v, ==, 17);
    g_assert_null(pdfsyntax_dict_get(d, B(t), "Pag"));
    g_assert_null(pdfsyntax_dict_get(d, B(t), "Lang"));

    static const char *const bad[] = { "<< 1 2 >>", "<< /A >>", "<< /A 1 /B >>" };
    for (guint k = 0; k < G_N_ELEMENTS(bad); k++) {
        i = 0;
        g_assert_cmpint(pdfsyntax_dict_parse(B(bad[k]), strlen(bad[k]), &i, d), ==, PDFSYNTAX_BAD);
    }
    i = 0;
    g_assert_cmpint(pdfsyntax_dict_parse(B("<< /A 1"), 7, &i, d), ==, PDFSYNTAX_MORE);
    g_array_unref(d);
}

static void test_refs(void)
{
    static const struct {
        const char *text;
        bool ok;
        gint64 num, gen;
    } cases[] = {
        { "12 0 R", true, 12, 0 },     { "8388607 65535 R", true, 8388607, 65535 },
        { "0 0 R", false, 0, 0 },      { "8388608 0 R", false, 0, 0 },
        { "1 65536 R", false, 0, 0 },  { "1 0 R x", false, 0, 0 },
        { "1 0", false, 0, 0 },        { "1 R", false, 0, 0 },
        { "1  3\nR", true, 1, 3 },     { "/R", false, 0, 0 },
    };
    for (guint k = 0; k < G_N_ELEMENTS(cases); k++) {
        gint64 num = -1, gen = -1;
        bool ok = pdfsyntax_value_ref(B(cases[k].text), 0, strlen(cases[k].text), &num, &gen);
        if (ok != cases[k].ok || (ok && (num != cases[k].num || gen != cases[k].gen)))
            g_error("'%s': got %d (%" G_GINT64_FORMAT " %" G_GINT64_FORMAT ")", cases[k].text, ok, num, gen);
    }
}

/* Values written with the white space PDF needs and no more: the same
 * tokens, read back the same (each value skipped whole where it was). */
static void test_compact(void)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        /* cairo's page: a comment inside the dictionary goes, keys and
         * names meet, numbers stay apart */
        { "<< /Type /Page % 1\n   /Parent 1 0 R\n   /MediaBox [ 0 0 841.889764 595.275591 ]\n>>",
          "<</Type/Page/Parent 1 0 R/MediaBox[0 0 841.889764 595.275591]>>" },
        /* strings as they are: white space, a '%', escaped and nested brackets */
        { "<< /T (a  % b \\) (c)  )\n /U <FE FF 00 41> >>", "<</T(a  % b \\) (c)  )/U<FE FF 00 41>>>" },
        { "[ (x) (y) <00> <01> ]", "[(x)(y)<00><01>]" },
        /* the empty name keeps its space before a regular character */
        { "[/ 1 / /A]", "[/ 1//A]" },
        { "[ true false null 1 -2 .5 ]", "[true false null 1 -2 .5]" },
        { "<< /K [ << /Type /MCR /MCID 3 >> 5 0 R ] >>", "<</K[<</Type/MCR/MCID 3>>5 0 R]>>" },
        { "  42  ", "42" },
        { "%only a comment\n", "" },
    };
    for (guint k = 0; k < G_N_ELEMENTS(cases); k++) {
        GString *out = g_string_new("x");
        g_assert_true(pdfsyntax_compact(B(cases[k].text), 0, strlen(cases[k].text), out));
        if (strcmp(out->str + 1, cases[k].want) != 0)
            g_error("'%s': got '%s', want '%s'", cases[k].text, out->str + 1, cases[k].want);
        /* Compact already: the same again. */
        GString *again = g_string_new(NULL);
        g_assert_true(pdfsyntax_compact(B(out->str + 1), 0, out->len - 1, again));
        g_assert_cmpstr(again->str, ==, out->str + 1);
        /* One value that reads whole, to its last byte (but the comment). */
        if (out->len > 1) {
            size_t i = 0;
            GString *v = g_string_new(out->str + 1);
            g_string_append(v, " /x"); /* an integer ends where what follows is no "g R" */
            int r = pdfsyntax_skip_value(B(v->str), v->len, &i, 0);
            if (r != PDFSYNTAX_OK)
                g_error("'%s' does not read back: %d", v->str, r);
            g_assert_cmpuint(i, ==, out->len - 1);
            g_string_free(v, TRUE);
        }
        g_string_free(again, TRUE);
        g_string_free(out, TRUE);
    }
    /* A string not closed: false, and the output as it was. */
    static const char *const bad[] = { "<< /T (abc >>", "(a\\)", "<< /T <4142", "(a\\" };
    for (guint k = 0; k < G_N_ELEMENTS(bad); k++) {
        GString *out = g_string_new("kept");
        g_assert_false(pdfsyntax_compact(B(bad[k]), 0, strlen(bad[k]), out));
        g_assert_cmpstr(out->str, ==, "kept");
        g_string_free(out, TRUE);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/pdfsyntax/skip-value", test_skip_value);
    g_test_add_func("/pdfsyntax/skip-depth", test_skip_depth);
    g_test_add_func("/pdfsyntax/ws-and-numbers", test_ws_and_numbers);
    g_test_add_func("/pdfsyntax/dict", test_dict);
    g_test_add_func("/pdfsyntax/refs", test_refs);
    g_test_add_func("/pdfsyntax/compact", test_compact);
    return g_test_run();
}
