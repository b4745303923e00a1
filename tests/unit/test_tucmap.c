/* Unit tests for tucmap.c: cairo's ToUnicode CMaps written compactly.
 * Every output is read back by a reader of its own here (bfchar, bfrange
 * in both forms; the rules of ISO 32000-1 §9.10.3 and TN 5411 checked: at
 * most 100 entries a block, a range within one last-byte page, no carry in
 * a plain range, codes of the codespace's length) and must map exactly the
 * codes the input maps, to the same bytes. The CMaps of a PDF cairo writes,
 * hand-made ones at the edges (100 entries, a run over xxff, surrogate
 * pairs, ligatures, 1-byte codes), the exact text of small ones, damaged
 * ones (NULL, never a read outside: the ASan build runs them all). */
#include "tucmap.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <libdeflate.h>
#include <stdbool.h>
#include <string.h>

/*** Cairo's form ***/

static const char HEAD1[] = "/CIDInit /ProcSet findresource begin\n"
                            "12 dict begin\n"
                            "begincmap\n"
                            "/CIDSystemInfo\n"
                            "<< /Registry (Adobe)\n"
                            "   /Ordering (UCS)\n"
                            "   /Supplement 0\n"
                            ">> def\n"
                            "/CMapName /Adobe-Identity-UCS def\n"
                            "/CMapType 2 def\n"
                            "1 begincodespacerange\n";
static const char TAIL[] = "endcmap\n"
                           "CMapName currentdict /CMap defineresource pop\n"
                           "end\n"
                           "end\n";

typedef struct entry {
    guint32 code;
    const char *dst; /* hex digits */
} entry;

/* The CMap cairo would write for 'n' entries, in their order: 'code_len'
 * bytes a code, "N beginbfchar" blocks of 100 lines. */
static GString *cairo_cmap(int code_len, const entry *e, guint n)
{
    GString *s = g_string_new(HEAD1);
    g_string_append(s, code_len == 1 ? "<00> <ff>\n" : "<0000> <ffff>\n");
    g_string_append(s, "endcodespacerange\n");
    for (guint i = 0; i < n; i++) {
        if (i % 100 == 0)
            g_string_append_printf(s, "%s%u beginbfchar\n", i ? "endbfchar\n" : "", MIN(100u, n - i));
        g_string_append_printf(s, "<%0*x> <%s>\n", 2 * code_len, e[i].code, e[i].dst);
    }
    g_string_append(s, "endbfchar\n");
    g_string_append(s, TAIL);
    return s;
}

/*** A reader of our own ***/

typedef struct lexer {
    const char *p, *end;
} lexer;

/* The next token: "[", "]", "<...>" or a run of other characters; NULL
 * at the end. */
static char *next_token(lexer *lx)
{
    while (lx->p < lx->end && g_ascii_isspace(*lx->p))
        lx->p++;
    if (lx->p >= lx->end)
        return NULL;
    const char *s = lx->p;
    if (*s == '[' || *s == ']') {
        lx->p++;
    } else if (*s == '<') {
        while (lx->p < lx->end && *lx->p != '>')
            lx->p++;
        if (lx->p < lx->end)
            lx->p++;
    } else {
        while (lx->p < lx->end && !g_ascii_isspace(*lx->p) && !strchr("[]<", *lx->p))
            lx->p++;
    }
    return g_strndup(s, (gsize)(lx->p - s));
}

/* The bytes of a hex string token "<...>"; NULL if it is not one. */
static GByteArray *hex_bytes(const char *t)
{
    size_t n = t ? strlen(t) : 0;
    if (n < 4 || t[0] != '<' || t[n - 1] != '>' || (n - 2) % 2 != 0)
        return NULL;
    GByteArray *b = g_byte_array_new();
    for (size_t i = 1; i + 1 < n; i += 2) {
        if (!g_ascii_isxdigit(t[i]) || !g_ascii_isxdigit(t[i + 1])) {
            g_byte_array_unref(b);
            return NULL;
        }
        guint8 v = (guint8)(g_ascii_xdigit_value(t[i]) << 4 | g_ascii_xdigit_value(t[i + 1]));
        g_byte_array_append(b, &v, 1);
    }
    return b;
}

static char *hex_of(const guint8 *b, guint n)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < n; i++)
        g_string_append_printf(s, "%02x", b[i]);
    return g_string_free(s, FALSE);
}

/* The reader's state: what it mapped ("code" -> "dst", lowercase hex) and
 * what it met. */
typedef struct reading {
    GHashTable *map;
    int code_len;
    int blocks, chars, ranges, arrays;
    const char *why; /* the first rule broken, or NULL */
} reading;

static bool broken(reading *r, const char *why)
{
    if (!r->why)
        r->why = why;
    return false;
}

static bool add(reading *r, const guint8 *code, const guint8 *dst, guint dst_len)
{
    char *c = hex_of(code, (guint)r->code_len);
    if (g_hash_table_contains(r->map, c)) {
        g_free(c);
        return broken(r, "a code mapped twice");
    }
    g_hash_table_insert(r->map, c, hex_of(dst, dst_len));
    return true;
}

/* A code token: its bytes, the codespace's length. */
static GByteArray *code_bytes(reading *r, const char *t)
{
    GByteArray *b = hex_bytes(t);
    if (b && (int)b->len != r->code_len) {
        g_byte_array_unref(b);
        broken(r, "a code of another length than the codespace's");
        return NULL;
    }
    if (!b)
        broken(r, "not a code");
    return b;
}

/* "lo hi dst" or "lo hi [dst...]" after its first token 'first'. */
static bool read_range(reading *r, lexer *lx, char *first)
{
    char *second = next_token(lx), *third = next_token(lx);
    GByteArray *lo = code_bytes(r, first), *hi = code_bytes(r, second);
    bool ok = lo && hi && third;
    guint last = (guint)r->code_len - 1;
    if (ok && (memcmp(lo->data, hi->data, last) != 0 || lo->data[last] > hi->data[last]))
        ok = broken(r, "a range over more than its codes' last byte");
    if (ok && strcmp(third, "[") == 0) {
        r->arrays++;
        guint8 code[4];
        memcpy(code, lo->data, lo->len);
        for (guint v = lo->data[last]; ok && v <= hi->data[last]; v++) {
            char *t = next_token(lx);
            GByteArray *d = hex_bytes(t);
            code[last] = (guint8)v;
            ok = d ? add(r, code, d->data, d->len) : broken(r, "an array shorter than its range");
            if (d)
                g_byte_array_unref(d);
            g_free(t);
        }
        char *close = ok ? next_token(lx) : NULL;
        if (ok && (!close || strcmp(close, "]") != 0))
            ok = broken(r, "an array longer than its range");
        g_free(close);
    } else if (ok) {
        GByteArray *d = hex_bytes(third);
        ok = d != NULL || broken(r, "not a destination");
        guint8 code[4];
        if (ok)
            memcpy(code, lo->data, lo->len);
        for (guint v = lo->data[last], k = 0; ok && v <= hi->data[last]; v++, k++) {
            guint8 *dst = g_memdup2(d->data, d->len);
            if (dst[d->len - 1] + k > 0xFF)
                ok = broken(r, "a plain range carrying past its destination's last byte");
            dst[d->len - 1] = (guint8)(dst[d->len - 1] + k);
            code[last] = (guint8)v;
            ok = ok && add(r, code, dst, d->len);
            g_free(dst);
        }
        if (d)
            g_byte_array_unref(d);
    }
    if (lo)
        g_byte_array_unref(lo);
    if (hi)
        g_byte_array_unref(hi);
    g_free(second);
    g_free(third);
    return ok;
}

/* Reads 'text' as a reader of ToUnicode CMaps does, checking the rules; the
 * mapping as "code dst" lines sorted by code, or NULL with r->why set. */
static char *read_cmap(const char *text, size_t n, reading *r)
{
    memset(r, 0, sizeof *r);
    r->map = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    lexer lx = { text, text + n };
    char *prev = NULL, *t;
    bool ok = true;
    while (ok && (t = next_token(&lx))) {
        if (strcmp(t, "begincodespacerange") == 0) {
            char *lo = next_token(&lx), *hi = next_token(&lx);
            GByteArray *a = hex_bytes(lo), *b = hex_bytes(hi);
            ok = (a && b && a->len == b->len && a->len <= 4) || broken(r, "a bad codespace range");
            if (ok)
                r->code_len = (int)a->len;
            if (a)
                g_byte_array_unref(a);
            if (b)
                g_byte_array_unref(b);
            g_free(lo);
            g_free(hi);
        } else if (strcmp(t, "beginbfchar") == 0 || strcmp(t, "beginbfrange") == 0) {
            bool chars = t[7] == 'c';
            long want = prev ? strtol(prev, NULL, 10) : -1;
            if (want < 1 || want > 100)
                ok = broken(r, "a block of no entry or more than 100");
            if (r->code_len == 0)
                ok = broken(r, "mappings before the codespace range");
            long got = 0;
            char *e = NULL;
            while (ok && (e = next_token(&lx)) && strcmp(e, chars ? "endbfchar" : "endbfrange") != 0) {
                got++;
                if (chars) {
                    char *d = next_token(&lx);
                    GByteArray *c = code_bytes(r, e), *b = hex_bytes(d);
                    ok = c && (b || broken(r, "not a destination")) && add(r, c->data, b->data, b->len);
                    if (c)
                        g_byte_array_unref(c);
                    if (b)
                        g_byte_array_unref(b);
                    g_free(d);
                    r->chars++;
                } else {
                    ok = read_range(r, &lx, e);
                    r->ranges++;
                }
                g_free(e);
                e = NULL;
            }
            if (ok && !e)
                ok = broken(r, "a block without its end");
            if (ok && got != want)
                ok = broken(r, "a block whose count is not its entries'");
            g_free(e);
            r->blocks++;
        } else if (g_str_has_prefix(t, "begin") && strcmp(t, "begin") != 0 && strcmp(t, "begincmap") != 0) {
            ok = broken(r, "another kind of block");
        }
        g_free(prev);
        prev = t;
    }
    g_free(prev);
    if (!ok) {
        g_hash_table_unref(r->map);
        return NULL;
    }
    GList *keys = g_list_sort(g_hash_table_get_keys(r->map), (GCompareFunc)strcmp);
    GString *s = g_string_new(NULL);
    for (GList *k = keys; k; k = k->next)
        g_string_append_printf(s, "%s %s\n", (char *)k->data, (char *)g_hash_table_lookup(r->map, k->data));
    g_list_free(keys);
    g_hash_table_unref(r->map);
    return g_string_free(s, FALSE);
}

/*** Checks ***/

static gsize deflated(const void *b, gsize n)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(6);
    size_t bound = libdeflate_zlib_compress_bound(c, n);
    guint8 *z = g_malloc(bound);
    gsize len = libdeflate_zlib_compress(c, b, n, z, bound);
    g_free(z);
    libdeflate_free_compressor(c);
    return len;
}

/* Compacts 'in' and checks the result: it maps what 'in' maps, breaks no
 * rule, keeps the header and trailer to the byte. Returns it (caller
 * frees), with what the reader met in *out_r. */
static GBytes *compact_checked(const GString *in, reading *out_r)
{
    GBytes *b = tucmap_compact((const guint8 *)in->str, in->len);
    g_assert_nonnull(b);
    gsize n;
    const char *o = g_bytes_get_data(b, &n);
    reading ri, ro;
    char *want = read_cmap(in->str, in->len, &ri), *got = read_cmap(o, n, &ro);
    if (!got)
        g_printerr("the output breaks a rule: %s\n%.*s", ro.why, (int)n, o);
    g_assert_nonnull(want);
    g_assert_nonnull(got);
    g_assert_cmpstr(got, ==, want);
    g_assert_cmpint(ro.code_len, ==, ri.code_len);
    /* Cairo's words around the mappings, as they were. */
    const char *hend = strstr(in->str, "endcodespacerange\n"), *tail = strstr(in->str, "endcmap\n");
    gsize head_len = (gsize)(hend - in->str) + strlen("endcodespacerange\n"), tail_len = in->len - (gsize)(tail - in->str);
    g_assert_cmpuint(n, >=, head_len + tail_len);
    g_assert_true(memcmp(o, in->str, head_len) == 0);
    g_assert_true(memcmp(o + n - tail_len, tail, tail_len) == 0);
    /* Deterministic. */
    GBytes *again = tucmap_compact((const guint8 *)in->str, in->len);
    g_assert_true(g_bytes_equal(b, again));
    g_bytes_unref(again);
    g_free(want);
    g_free(got);
    if (out_r)
        *out_r = ro;
    return b;
}

/* The lines of the output between the header and the trailer. */
static char *body_of(GBytes *b)
{
    gsize n;
    const char *o = g_bytes_get_data(b, &n);
    const char *s = memmem(o, n, "endcodespacerange\n", 18);
    g_assert_nonnull(s);
    s += 18;
    const char *e = memmem(s, (size_t)(o + n - s), "endcmap\n", 8);
    g_assert_nonnull(e);
    return g_strndup(s, (gsize)(e - s));
}

/*** Tests ***/

static cairo_status_t to_array(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* The ToUnicode CMaps, inflated, of a PDF cairo writes showing Latin text
 * (a WinAnsi subset, 1-byte codes) and 'cjk' (a CID subset, 2-byte codes)
 * in BIZ UDPGothic. */
static GPtrArray *cairo_cmaps(const char *cjk)
{
    GByteArray *pdf = g_byte_array_new();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_array, pdf, 595, 842);
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, "BIZ UDPGothic", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 12);
    cairo_move_to(cr, 20, 40);
    cairo_show_text(cr, "Matsue 2024 (Shimane) - 100 km/h, 3.5 kg; Office #17");
    double y = 60;
    const char *p = cjk;
    while (*p) { /* lines of 40 characters */
        const char *e = p;
        for (int k = 0; k < 40 && *e; k++)
            e = g_utf8_next_char(e);
        char *line = g_strndup(p, (gsize)(e - p));
        cairo_move_to(cr, 20, y);
        cairo_show_text(cr, line);
        g_free(line);
        y += 14;
        p = e;
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);

    GPtrArray *cmaps = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    const char *b = (const char *)pdf->data, *end = b + pdf->len;
    for (const char *at = b; (at = memmem(at, (size_t)(end - at), ">>\nstream\n", 10)); at++) {
        const char *st = at + 10;
        size_t cap = 1 << 20, got;
        guint8 *raw = g_malloc(cap);
        if (libdeflate_zlib_decompress_ex(d, st, (size_t)(end - st), raw, cap, NULL, &got) == LIBDEFLATE_SUCCESS &&
            got > 8 && memcmp(raw, "/CIDInit", 8) == 0)
            g_ptr_array_add(cmaps, g_bytes_new(raw, got));
        g_free(raw);
    }
    libdeflate_free_decompressor(d);
    g_byte_array_unref(pdf);
    return cmaps;
}

/* Cairo's own CMaps, a WinAnsi one and a CID one of over 300 codes (four
 * blocks): the same mapping, in fewer and smaller deflated bytes. */
static void test_cairo(void)
{
    GString *cjk = g_string_new(NULL);
    /* Kana and the most common kanji, out of order. */
    for (gunichar c = 0x3041; c < 0x3094; c += 1)
        g_string_append_unichar(cjk, c);
    for (gunichar c = 0x30f3; c > 0x30a1; c -= 1)
        g_string_append_unichar(cjk, c);
    static const char kanji[] = "旅行報告書島根県松江市役所訪問記録城湖夕日舟堀川宍道湖嫁ヶ島出雲大社縁結神在月蕎麦"
                                "和菓子抹茶茶道文化歴史武家屋敷小泉八雲記念館美術館温泉玉造皆生境港水木妖怪鬼太郎"
                                "鳥取砂丘梨蟹漁業農業観光産業振興計画予算決算議会条例規則職員研修交流連携協定締結";
    g_string_append(cjk, kanji);
    GPtrArray *cmaps = cairo_cmaps(cjk->str);
    g_assert_cmpuint(cmaps->len, ==, 2);
    int widths[2] = { 0, 0 };
    for (guint i = 0; i < cmaps->len; i++) {
        gsize n;
        const char *t = g_bytes_get_data(g_ptr_array_index(cmaps, i), &n);
        GString *in = g_string_new_len(t, (gssize)n);
        g_assert_nonnull(strstr(in->str, " beginbfchar\n"));
        reading r;
        GBytes *out = compact_checked(in, &r);
        widths[r.code_len - 1]++;
        gsize on;
        const char *o = g_bytes_get_data(out, &on);
        g_assert_cmpuint(deflated(o, on), <, deflated(in->str, in->len));
        g_assert_cmpint(r.ranges, >, 0);
        if (r.code_len == 2) {
            g_assert_nonnull(strstr(in->str, "endbfchar\n100 beginbfchar\n")); /* over 200 codes */
            g_assert_cmpuint(on * 10, <, in->len * 6);
            g_assert_cmpuint(deflated(o, on) * 10, <, deflated(in->str, in->len) * 8);
        }
        /* Written compactly, it is not cairo's form any more. */
        g_assert_null(tucmap_compact((const guint8 *)o, on));
        g_bytes_unref(out);
        g_string_free(in, TRUE);
    }
    g_assert_cmpint(widths[0], ==, 1);
    g_assert_cmpint(widths[1], ==, 1);
    g_ptr_array_unref(cmaps);
    g_string_free(cjk, TRUE);
}

/* 1-byte codes in cairo's order (by glyph), to themselves but one: the
 * runs that follow each other as plain ranges, lone codes as bfchar, by
 * code, the codes kept 1 byte long. */
static void test_latin(void)
{
    static const guint32 codes[] = { 0x20, 0x31, 0x37, 0x41, 0x42, 0x35, 0x32, 0x2e, 0x39, 0x6b, 0x6d, 0xb2,
                                     0x38, 0x2c, 0x36, 0x28, 0x30, 0x34, 0x29, 0x4d, 0x50, 0x44, 0x58, 0x97 };
    entry e[G_N_ELEMENTS(codes)];
    char dst[G_N_ELEMENTS(codes)][8];
    for (guint i = 0; i < G_N_ELEMENTS(codes); i++) {
        g_snprintf(dst[i], sizeof dst[i], "%04x", codes[i] == 0x97 ? 0x2014 : codes[i]);
        e[i] = (entry){ codes[i], dst[i] };
    }
    GString *in = cairo_cmap(1, e, G_N_ELEMENTS(e));
    GBytes *out = compact_checked(in, NULL);
    char *body = body_of(out);
    g_assert_cmpstr(body, ==,
                    "4 beginbfrange\n"
                    "<28> <29> <0028>\n"
                    "<30> <32> <0030>\n"
                    "<34> <39> <0034>\n"
                    "<41> <42> <0041>\n"
                    "endbfrange\n"
                    "11 beginbfchar\n"
                    "<20> <0020>\n"
                    "<2c> <002c>\n"
                    "<2e> <002e>\n"
                    "<44> <0044>\n"
                    "<4d> <004d>\n"
                    "<50> <0050>\n"
                    "<58> <0058>\n"
                    "<6b> <006b>\n"
                    "<6d> <006d>\n"
                    "<97> <2014>\n"
                    "<b2> <00b2>\n"
                    "endbfchar\n");
    g_free(body);
    g_bytes_unref(out);
    g_string_free(in, TRUE);
}

/* Each run cut where that is shortest: a plain range and an array in one
 * run; an array where nothing follows; two codes that follow each other
 * as a plain range, two that do not as two bfchar (an array of two is
 * longer); type 3's code 0 mapped. */
static void test_forms(void)
{
    const entry e[] = {
        { 0x00, "fffd" },
        { 0x41, "0041" }, { 0x42, "0042" }, { 0x43, "0043" }, { 0x44, "0060" }, { 0x45, "0070" }, { 0x46, "0080" },
        { 0x50, "5e74" }, { 0x51, "6708" }, { 0x52, "65e5" }, { 0x53, "ff08" },
        { 0x60, "0030" }, { 0x61, "0031" },
        { 0x70, "0030" }, { 0x71, "0032" },
    };
    GString *in = cairo_cmap(1, e, G_N_ELEMENTS(e));
    GBytes *out = compact_checked(in, NULL);
    char *body = body_of(out);
    g_assert_cmpstr(body, ==,
                    "4 beginbfrange\n"
                    "<41> <43> <0041>\n"
                    "<44> <46> [<0060> <0070> <0080>]\n"
                    "<50> <53> [<5e74> <6708> <65e5> <ff08>]\n"
                    "<60> <61> <0030>\n"
                    "endbfrange\n"
                    "3 beginbfchar\n"
                    "<00> <fffd>\n"
                    "<70> <0030>\n"
                    "<71> <0032>\n"
                    "endbfchar\n");
    g_free(body);
    g_bytes_unref(out);
    g_string_free(in, TRUE);
}

/* 'n' 2-byte codes from 'first', 'step' apart, to U+4E00 on (one more a
 * code when 'follow', else leaping); caller frees with entries_free. */
static entry *entries(guint n, guint32 first, guint32 step, bool follow)
{
    entry *e = g_new(entry, n);
    for (guint i = 0; i < n; i++)
        e[i] = (entry){ first + i * step, g_strdup_printf("%04x", 0x4e00 + i * (follow ? 1 : 7)) };
    return e;
}

static void entries_free(entry *e, guint n)
{
    for (guint i = 0; i < n; i++)
        g_free((char *)e[i].dst);
    g_free(e);
}

/* At most 100 entries a block: 100 lone codes in one block, 101 in two,
 * 250 in three; 201 plain ranges in three. */
static void test_blocks(void)
{
    static const struct {
        guint n;
        guint32 step;
        const char *want[4];
    } cases[] = {
        { 100, 2, { "100 beginbfchar\n", NULL } },
        { 101, 2, { "100 beginbfchar\n", "endbfchar\n1 beginbfchar\n", NULL } },
        { 250, 3, { "100 beginbfchar\n", "endbfchar\n100 beginbfchar\n", "endbfchar\n50 beginbfchar\n", NULL } },
    };
    for (guint c = 0; c < G_N_ELEMENTS(cases); c++) {
        entry *e = entries(cases[c].n, 1, cases[c].step, false);
        GString *in = cairo_cmap(2, e, cases[c].n);
        reading r;
        GBytes *out = compact_checked(in, &r);
        g_assert_cmpint(r.chars, ==, (int)cases[c].n);
        g_assert_cmpint(r.ranges, ==, 0);
        char *body = body_of(out);
        for (int k = 0; cases[c].want[k]; k++)
            g_assert_nonnull(strstr(body, cases[c].want[k]));
        g_assert_cmpint(r.blocks, ==, (int)(cases[c].n + 99) / 100);
        g_free(body);
        g_bytes_unref(out);
        g_string_free(in, TRUE);
        entries_free(e, cases[c].n);
    }
    /* Pairs of codes that follow each other, one code left out between. */
    guint n = 402;
    entry *e = g_new(entry, n);
    for (guint i = 0; i < n; i++)
        e[i] = (entry){ 4 * (i / 2) + i % 2 + 1, g_strdup_printf("%04x", 0x3000 + 4 * (i / 2) + i % 2) };
    GString *in = cairo_cmap(2, e, n);
    reading r;
    GBytes *out = compact_checked(in, &r);
    g_assert_cmpint(r.ranges, ==, 201);
    g_assert_cmpint(r.arrays, ==, 0);
    g_assert_cmpint(r.chars, ==, 0);
    g_assert_cmpint(r.blocks, ==, 3);
    char *body = body_of(out);
    g_assert_true(g_str_has_prefix(body, "100 beginbfrange\n<0001> <0002> <3000>\n"));
    g_assert_nonnull(strstr(body, "endbfrange\n100 beginbfrange\n"));
    g_assert_true(g_str_has_suffix(body, "endbfrange\n1 beginbfrange\n<0321> <0322> <3320>\nendbfrange\n"));
    g_free(body);
    g_bytes_unref(out);
    g_string_free(in, TRUE);
    entries_free(e, n);
}

/* A run of codes over xxff to xx00 is cut there, whatever the form; a run
 * of destinations over xxff (a carry) is cut there too. */
static void test_page_edges(void)
{
    entry *e = entries(0x21, 0xf0, 1, true); /* 00f0..0110 to 4e00..4e20 */
    GString *in = cairo_cmap(2, e, 0x21);
    GBytes *out = compact_checked(in, NULL);
    char *body = body_of(out);
    g_assert_cmpstr(body, ==, "2 beginbfrange\n<00f0> <00ff> <4e00>\n<0100> <0110> <4e10>\nendbfrange\n");
    g_free(body);
    g_bytes_unref(out);
    g_string_free(in, TRUE);
    entries_free(e, 0x21);

    e = entries(0x21, 0x1f0, 1, false); /* leaping: arrays */
    in = cairo_cmap(2, e, 0x21);
    reading r;
    out = compact_checked(in, &r);
    g_assert_cmpint(r.arrays, ==, 2);
    body = body_of(out);
    g_assert_true(g_str_has_prefix(body, "2 beginbfrange\n<01f0> <01ff> [<4e00> "));
    g_assert_nonnull(strstr(body, "]\n<0200> <0210> [<4e70> "));
    g_free(body);
    g_bytes_unref(out);
    g_string_free(in, TRUE);
    entries_free(e, 0x21);

    const entry carry[] = { { 1, "30fd" }, { 2, "30fe" }, { 3, "30ff" }, { 4, "3100" }, { 5, "3101" }, { 6, "3102" },
                            { 7, "00ff" }, { 8, "0100" }, { 0x20, "12ff" }, { 0x21, "1200" } };
    in = cairo_cmap(2, carry, G_N_ELEMENTS(carry));
    out = compact_checked(in, NULL);
    body = body_of(out);
    g_assert_cmpstr(body, ==,
                    "2 beginbfrange\n<0001> <0003> <30fd>\n<0004> <0006> <3100>\nendbfrange\n"
                    "4 beginbfchar\n<0007> <00ff>\n<0008> <0100>\n<0020> <12ff>\n<0021> <1200>\nendbfchar\n");
    g_free(body);
    g_bytes_unref(out);
    g_string_free(in, TRUE);
}

/* Destinations of more than one UTF-16 unit kept to the byte: surrogate
 * pairs (a plain range of them: the low surrogate's last byte goes up),
 * ligatures of two and three letters among single ones (an array). */
static void test_utf16(void)
{
    const entry e[] = {
        { 0x0001, "d83dde00" }, { 0x0002, "d83dde01" }, { 0x0003, "d83dde02" }, { 0x0004, "d83dde03" },
        { 0x0005, "d83ddeff" }, { 0x0006, "d83ddf00" },
        { 0x0010, "00660069" }, { 0x0011, "0041" }, { 0x0012, "006600660069" }, { 0x0013, "0066006c" },
        { 0x0014, "d840dc0b" }, { 0x0015, "0042" },
    };
    GString *in = cairo_cmap(2, e, G_N_ELEMENTS(e));
    GBytes *out = compact_checked(in, NULL);
    char *body = body_of(out);
    g_assert_cmpstr(body, ==,
                    "2 beginbfrange\n"
                    "<0001> <0004> <d83dde00>\n"
                    "<0010> <0015> [<00660069> <0041> <006600660069> <0066006c> <d840dc0b> <0042>]\n"
                    "endbfrange\n"
                    "2 beginbfchar\n"
                    "<0005> <d83ddeff>\n"
                    "<0006> <d83ddf00>\n"
                    "endbfchar\n");
    g_free(body);
    g_bytes_unref(out);
    g_string_free(in, TRUE);
}

/* Pseudo-random CMaps (codes 1 or 2 bytes, spread or packed; destinations
 * of one to three units, runs that follow each other): each maps the same
 * once compacted, by the rules. */
static void test_random(void)
{
    GRand *rnd = g_rand_new_with_seed(17);
    for (int round = 0; round < 300; round++) {
        int code_len = g_rand_int_range(rnd, 1, 3);
        guint32 space = code_len == 1 ? 0x100 : 0x10000, code = (guint32)g_rand_int_range(rnd, 0, 40);
        guint n = 0, cap = (guint)g_rand_int_range(rnd, 1, 400);
        entry *e = g_new0(entry, cap);
        guint32 u = 0x3000;
        while (n < cap && code < space) {
            int kind = g_rand_int_range(rnd, 0, 10);
            if (kind < 6 && n > 0 && strlen(e[n - 1].dst) == 4 && (u & 0xFF) != 0xFF)
                u++; /* follows */
            else
                u = (guint32)g_rand_int_range(rnd, 0x20, 0xFFFF);
            if (kind == 9)
                e[n].dst = g_strdup_printf("%04x%04x", 0xd800 + (u & 0x3ff), 0xdc00 + (u >> 6 & 0x3ff));
            else if (kind == 8)
                e[n].dst = g_strdup_printf("0066%04x", u);
            else
                e[n].dst = g_strdup_printf("%04x", u);
            e[n].code = code;
            n++;
            code += g_rand_int_range(rnd, 0, 8) < 6 ? 1 : (guint32)g_rand_int_range(rnd, 2, code_len == 1 ? 8 : 300);
        }
        /* in cairo's order for the 1-byte ones: shuffled */
        for (guint i = n; code_len == 1 && i > 1; i--) {
            guint j = (guint)g_rand_int_range(rnd, 0, (gint32)i);
            entry t = e[i - 1];
            e[i - 1] = e[j];
            e[j] = t;
        }
        GString *in = cairo_cmap(code_len, e, n);
        g_bytes_unref(compact_checked(in, NULL));
        g_string_free(in, TRUE);
        entries_free(e, n);
    }
    g_rand_free(rnd);
}

/* What is not cairo's form gives NULL. */
static void test_refused(void)
{
    const entry two[] = { { 0x41, "0041" }, { 0x42, "0042" } };
    GString *good = cairo_cmap(1, two, 2);
    g_bytes_unref(compact_checked(good, NULL));
    static const struct {
        const char *from, *to;
    } edits[] = {
        { "/CIDInit /ProcSet", "/CIDInit  /ProcSet" },               /* not cairo's first line */
        { "begincmap\n", "begincmap \n" },                           /* no begincmap */
        { "<00> <ff>\n", "<00> <ffff>\n" },                          /* codespace ends of two lengths */
        { "<00> <ff>\n", "<00> <f>\n" },                             /* odd digits */
        { "<00> <ff>\n", "<> <>\n" },                                /* none */
        { "<00> <ff>\n", "<0000000000> <ffffffffff>\n" },            /* 5-byte codes */
        { "1 begincodespacerange\n", "2 begincodespacerange\n" },
        { "<00> <ff>\n", "<00> <3f>\n" },                            /* codes outside the codespace */
        { "/CMapType 2 def\n", "/CMapType 2 def\n/Base usecmap\n" }, /* a parent CMap */
        { "/CMapType 2 def\n", "/CMapType 2 def\n1 beginbfchar\n<41> <0058>\nendbfchar\n" },
        { "2 beginbfchar\n", "3 beginbfchar\n" },                    /* a count not the lines' */
        { "2 beginbfchar\n", "1 beginbfchar\n" },
        { "2 beginbfchar\n", "0 beginbfchar\n" },
        { "2 beginbfchar\n", "2 beginbfrange\n" },
        { "2 beginbfchar\n", "101 beginbfchar\n" },
        { "2 beginbfchar\n", "1000002 beginbfchar\n" },
        { "<42> <0042>\n", "<41> <0042>\n" },                        /* mapped twice */
        { "<42> <0042>\n", "<0042> <0042>\n" },                      /* a code of another length */
        { "<42> <0042>\n", "<42> <042>\n" },                         /* odd digits */
        { "<42> <0042>\n", "<42> <>\n" },                            /* no destination */
        { "<42> <0042>\n", "<42> <00g2>\n" },
        { "<42> <0042>\n", "<42>  <0042>\n" },
        { "<42> <0042>\n", "<42> <0042> \n" },
        { "<42> <0042>\n", "<42> <0042>" },
        { "<42> <0042>\n", "<42> [<0042>]\n" },
        { "endbfchar\n", "endbfrange\n" },
        { "endbfchar\nendcmap\n", "endbfchar\n" },                   /* no endcmap */
        { "endcodespacerange\n", "" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(edits); i++) {
        GString *s = g_string_new(good->str);
        g_assert_cmpuint(g_string_replace(s, edits[i].from, edits[i].to, 1), ==, 1);
        GBytes *b = tucmap_compact((const guint8 *)s->str, s->len);
        if (b)
            g_printerr("edit %u accepted:\n%s", i, s->str);
        g_assert_null(b);
        g_string_free(s, TRUE);
    }
    /* A long destination: 512 bytes are taken, 513 not. */
    for (int len = 512; len <= 513; len++) {
        GString *s = g_string_new(good->str), *d = g_string_new(NULL);
        for (int k = 0; k < len; k++)
            g_string_append(d, "41");
        g_string_prepend(d, "<42> <");
        g_string_append(d, ">\n");
        g_string_replace(s, "<42> <0042>\n", d->str, 1);
        GBytes *b = tucmap_compact((const guint8 *)s->str, s->len);
        g_assert_true((b != NULL) == (len == 512));
        if (b)
            g_bytes_unref(compact_checked(s, NULL));
        g_bytes_unref(b);
        g_string_free(d, TRUE);
        g_string_free(s, TRUE);
    }
    /* Blocks of no entry or of more than 100 entries: not cairo's. */
    GString *s = g_string_new(good->str);
    g_string_replace(s, "endbfchar\n", "endbfchar\n0 beginbfchar\nendbfchar\n", 1);
    g_assert_null(tucmap_compact((const guint8 *)s->str, s->len));
    g_string_free(s, TRUE);
    for (guint n = 100; n <= 101; n++) {
        entry *e = entries(n, 1, 1, false);
        s = cairo_cmap(2, e, n);
        g_string_replace(s, "100 beginbfchar\n", n == 101 ? "101 beginbfchar\n" : "100 beginbfchar\n", 1);
        g_string_replace(s, "endbfchar\n1 beginbfchar\n", "", 1);
        GBytes *b = tucmap_compact((const guint8 *)s->str, s->len);
        g_assert_true((b != NULL) == (n == 100));
        g_bytes_unref(b);
        g_string_free(s, TRUE);
        entries_free(e, n);
    }
    g_assert_null(tucmap_compact(NULL, 0));
    g_assert_null(tucmap_compact((const guint8 *)"", 0));
    g_string_free(good, TRUE);
}

/* Every cut of a CMap of cairo's, and bytes changed anywhere in it, give
 * NULL or a CMap that maps what the changed one maps (a change in the
 * header or trailer, kept as they are: the same mappings); never a read
 * outside (each is copied to a buffer of its own size for ASan). */
static void test_damaged(void)
{
    entry *e = entries(120, 1, 1, false);
    g_free((char *)e[5].dst);
    e[5].dst = g_strdup("4e054e06");
    GString *good = cairo_cmap(2, e, 120);
    entries_free(e, 120);
    gsize head = (gsize)(strstr(good->str, "endcodespacerange\n") - good->str) + 18,
          tail = (gsize)(strstr(good->str, "endcmap\n") - good->str);
    GBytes *good_out = compact_checked(good, NULL);
    char *good_body = body_of(good_out);
    for (gsize cut = 0; cut < good->len; cut++) {
        guint8 *b = g_memdup2(good->str, cut);
        GBytes *out = tucmap_compact(b, cut);
        g_assert_true((out != NULL) == (cut >= tail + 8)); /* the trailer's words after "endcmap" are not ours */
        g_bytes_unref(out);
        g_free(b);
    }
    static const char changes[] = { '0', '9', 'f', 'F', '<', '>', ' ', '\n', '[', 'z', '\0', '\xff' };
    int kept_body = 0, kept_words = 0;
    /* Every byte of the header, the trailer and the body's first and last
     * lines; every 7th between (the same kinds of lines: ASan makes each
     * call slow). */
    for (gsize at = 0; at < good->len; at += at >= head + 400 && at + 200 < tail ? 7 : 1) {
        for (guint c = 0; c < sizeof changes; c++) {
            if (good->str[at] == changes[c])
                continue;
            guint8 *b = g_memdup2(good->str, good->len);
            b[at] = (guint8)changes[c];
            GBytes *out = tucmap_compact(b, good->len);
            if (out && at >= head && at < tail) {
                GString *in = g_string_new_len((const char *)b, (gssize)good->len);
                g_bytes_unref(compact_checked(in, NULL));
                g_string_free(in, TRUE);
                kept_body++;
            } else if (out) {
                char *body = body_of(out);
                g_assert_cmpstr(body, ==, good_body);
                g_free(body);
                kept_words++;
            }
            g_bytes_unref(out);
            g_free(b);
        }
    }
    g_assert_cmpint(kept_body, >, 0);  /* a destination's digit changed: still a CMap */
    g_assert_cmpint(kept_words, >, 0); /* a letter of "Adobe" */
    g_free(good_body);
    g_bytes_unref(good_out);
    g_string_free(good, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tucmap/cairo", test_cairo);
    g_test_add_func("/tucmap/latin", test_latin);
    g_test_add_func("/tucmap/forms", test_forms);
    g_test_add_func("/tucmap/blocks", test_blocks);
    g_test_add_func("/tucmap/page-edges", test_page_edges);
    g_test_add_func("/tucmap/utf16", test_utf16);
    g_test_add_func("/tucmap/random", test_random);
    g_test_add_func("/tucmap/refused", test_refused);
    g_test_add_func("/tucmap/damaged", test_damaged);
    return g_test_run();
}
