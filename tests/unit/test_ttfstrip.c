/* Unit tests for ttfstrip.c: the TrueType subsets cairo embeds in a PDF
 * (BIZ UDPGothic, and DejaVu Sans for composite glyphs with instructions),
 * whole font files, and a small font built here to the byte. Stripped, a
 * font has no hinting table and no instruction left, a directory whose
 * checksums and search fields are right, every other table as it was, a
 * short loca whenever its glyphs fit one, each glyph's bytes as they were
 * to its last coordinate or component and only zeros after them, and
 * FreeType reads the same outlines and advances from it for every glyph.
 * Damaged fonts (every truncation, byte changes) give NULL or a font that
 * reads like the damaged one; the ASan build catches any read outside.
 * Fonts FreeType finds tricky by their cvt, fpgm and prep are kept. */
#include "ttfstrip.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <glib.h>
#include <libdeflate.h>
#include <string.h>

static FT_Library ft;

static const char *const hinting_tags[] = { "fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX" };

/*** Bytes ***/

static guint be16(const guint8 *p)
{
    return (guint)p[0] << 8 | p[1];
}

static guint32 be32(const guint8 *p)
{
    return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

static void set16(guint8 *p, guint v)
{
    p[0] = (guint8)(v >> 8);
    p[1] = (guint8)v;
}

static void set32(guint8 *p, guint32 v)
{
    set16(p, v >> 16);
    set16(p + 2, v & 0xFFFF);
}

/* The sum of big-endian 32-bit words, the last one padded with zeros. */
static guint32 sum32(const guint8 *p, gsize len)
{
    guint32 s = 0;
    for (gsize i = 0; i < len; i++)
        s += (guint32)p[i] << (24 - 8 * (i % 4));
    return s;
}

/* Where the table 'tag' of the sfnt 'f' lies; false if it has none. */
static bool table_of(GBytes *f, const char *tag, gsize *off, gsize *len)
{
    gsize n;
    const guint8 *b = g_bytes_get_data(f, &n);
    for (guint k = 0; k < be16(b + 4); k++)
        if (memcmp(b + 12 + 16 * k, tag, 4) == 0) {
            *off = be32(b + 12 + 16 * k + 8);
            *len = be32(b + 12 + 16 * k + 12);
            g_assert_cmpuint(*off + *len, <=, n);
            return true;
        }
    return false;
}

/* The table 'tag' of 'f' (which must have it) and its length. */
static const guint8 *table(GBytes *f, const char *tag, gsize *len)
{
    gsize off;
    g_assert_true(table_of(f, tag, &off, len));
    return (const guint8 *)g_bytes_get_data(f, NULL) + off;
}

/* The font 'file' as one sfnt: the file, or the first font of a collection
 * with its tables copied after its own directory (a collection's table
 * offsets count from the start of the file). */
static GBytes *first_sfnt(GBytes *file)
{
    gsize n;
    const guint8 *f = g_bytes_get_data(file, &n);
    if (n < 16 || memcmp(f, "ttcf", 4) != 0)
        return g_bytes_ref(file);
    gsize at = be32(f + 12);
    g_assert_cmpuint(at + 12, <=, n);
    guint nt = be16(f + at + 4);
    g_assert_cmpuint(at + 12 + 16 * nt, <=, n);
    GByteArray *o = g_byte_array_new();
    g_byte_array_append(o, f + at, 12 + 16 * nt);
    for (guint k = 0; k < nt; k++) {
        gsize off = be32(f + at + 12 + 16 * k + 8), len = be32(f + at + 12 + 16 * k + 12);
        g_assert_cmpuint(off + len, <=, n);
        set32(o->data + 12 + 16 * k + 8, o->len);
        g_byte_array_append(o, f + off, (guint)len);
        static const guint8 zeros[3] = { 0 };
        g_byte_array_append(o, zeros, (4 - o->len % 4) % 4);
    }
    return g_byte_array_free_to_bytes(o);
}

/*** Reading glyphs back ***/

/* What the glyphs of a font hold. */
typedef struct glyph_stats {
    guint glyphs, nonempty, simple_ins, composite, composite_ins, loca_long;
    GArray *empty; /* gboolean per glyph */
} glyph_stats;

/* Walks every glyph of the sfnt 'f' (a font ttfstrip took or made: each
 * glyph within glyf, components well formed), asserting that the glyphs
 * start on 4 bytes in a long loca if 'aligned' (ttfstrip pads them so; a
 * short loca's offsets are even). */
static glyph_stats walk(GBytes *f, bool aligned)
{
    gsize hl, ml, ll, gl;
    const guint8 *head = table(f, "head", &hl), *maxp = table(f, "maxp", &ml), *loca = table(f, "loca", &ll);
    const guint8 *glyf = table(f, "glyf", &gl);
    glyph_stats st = { .glyphs = be16(maxp + 4),
                       .loca_long = be16(head + 50),
                       .empty = g_array_new(FALSE, FALSE, sizeof(gboolean)) };
    gsize es = st.loca_long ? 4 : 2;
    g_assert_cmpuint(ll, >=, es * (st.glyphs + 1));
    for (guint i = 0; i < st.glyphs; i++) {
        gsize s = es == 4 ? be32(loca + 4 * i) : 2 * be16(loca + 2 * i);
        gsize e = es == 4 ? be32(loca + 4 * i + 4) : 2 * be16(loca + 2 * i + 2);
        g_assert_cmpuint(s, <=, e);
        g_assert_cmpuint(e, <=, gl);
        if (aligned)
            g_assert_cmpuint(s % es, ==, 0);
        gboolean empty = s == e;
        g_array_append_val(st.empty, empty);
        if (empty)
            continue;
        st.nonempty++;
        const guint8 *p = glyf + s;
        int nc = (gint16)be16(p);
        if (nc >= 0) {
            g_assert_cmpuint(10 + 2 * (gsize)nc + 2, <=, e - s);
            st.simple_ins += be16(p + 10 + 2 * nc) > 0;
            continue;
        }
        st.composite++;
        gsize q = 10;
        guint flags;
        do {
            g_assert_cmpuint(q + 4, <=, e - s);
            flags = be16(p + q);
            q += 4 + (flags & 1 ? 4 : 2) + (flags & 8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
        } while (flags & 0x20);
        st.composite_ins += (flags & 0x100) != 0;
    }
    return st;
}

/* Glyph i of the sfnt 'f': its bytes within glyf, as loca gives them. */
static const guint8 *glyph_at(GBytes *f, guint i, gsize *len)
{
    gsize hl, ll, gl;
    const guint8 *head = table(f, "head", &hl), *loca = table(f, "loca", &ll), *glyf = table(f, "glyf", &gl);
    bool lng = be16(head + 50);
    g_assert_cmpuint(ll, >=, (lng ? 4 : 2) * ((gsize)i + 2));
    gsize s = lng ? be32(loca + 4 * i) : 2 * be16(loca + 2 * i);
    gsize e = lng ? be32(loca + 4 * i + 4) : 2 * be16(loca + 2 * i + 2);
    g_assert_cmpuint(s, <=, e);
    g_assert_cmpuint(e, <=, gl);
    *len = e - s;
    return glyf + s;
}

/* The glyph p[0, len) (of a font that FreeType reads) as a stripped font
 * must hold it, before any padding: a simple glyph to its last y
 * coordinate, its instructionLength 0 and no instruction; a composite to
 * its last component, WE_HAVE_INSTRUCTIONS cleared on every one. */
static GByteArray *stripped_glyph(const guint8 *p, gsize len)
{
    GByteArray *o = g_byte_array_new();
    if (len == 0)
        return o;
    g_assert_cmpuint(len, >=, 10);
    int nc = (gint16)be16(p);
    if (nc >= 0) {
        gsize at = 10 + 2 * (gsize)nc;
        g_assert_cmpuint(at + 2, <=, len);
        gsize points = nc ? be16(p + at - 2) + 1 : 0, from = at + 2 + be16(p + at), q = from, coords = 0;
        for (gsize k = 0; k < points;) {
            g_assert_cmpuint(q, <, len);
            guint8 f = p[q++];
            g_assert_true(!(f & 0x08) || q < len);
            gsize count = f & 0x08 ? 1 + p[q++] : 1;
            k += count;
            coords += count * ((f & 0x02 ? 1 : f & 0x10 ? 0 : 2) + (f & 0x04 ? 1 : f & 0x20 ? 0 : 2));
        }
        g_assert_cmpuint(q + coords, <=, len);
        g_byte_array_append(o, p, (guint)at);
        g_byte_array_append(o, (const guint8 *)"\0\0", 2);
        g_byte_array_append(o, p + from, (guint)(q + coords - from));
        return o;
    }
    g_byte_array_append(o, p, 10);
    guint flags;
    do {
        g_assert_cmpuint(o->len + 4, <=, len);
        flags = be16(p + o->len);
        gsize size = 4 + (flags & 0x01 ? 4 : 2) + (flags & 0x08 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
        g_assert_cmpuint(o->len + size, <=, len);
        g_byte_array_append(o, p + o->len, (guint)size);
        set16(o->data + o->len - size, flags & ~0x100u);
    } while (flags & 0x20);
    return o;
}

/* Each glyph of 'out' is that of 'in' as stripped_glyph() makes it, then
 * zeros to an even length in a short loca, to a multiple of 4 in a long
 * one, the glyphs one after the other from the start of glyf to its end;
 * and loca is short exactly when the glyphs so padded to 2 end within
 * 2 × 65535 bytes. */
static void assert_glyphs_kept(GBytes *in, GBytes *out)
{
    gsize ml, hl, gl;
    guint n = be16(table(in, "maxp", &ml) + 4);
    bool lng = be16(table(out, "head", &hl) + 50);
    table(out, "glyf", &gl);
    g_assert_cmpuint(be16(table(out, "maxp", &ml) + 4), ==, n);
    GPtrArray *want = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
    gsize even = 0, at = 0;
    for (guint i = 0; i < n; i++) {
        gsize len;
        const guint8 *p = glyph_at(in, i, &len);
        GByteArray *w = stripped_glyph(p, len);
        even += (w->len + 1) & ~(gsize)1;
        g_ptr_array_add(want, w);
    }
    g_assert_cmpuint(lng, ==, even > 2 * 0xFFFF);
    for (guint i = 0; i < n; i++) {
        gsize len;
        const guint8 *p = glyph_at(out, i, &len);
        const GByteArray *w = want->pdata[i];
        g_assert_cmpuint(p - table(out, "glyf", &gl), ==, at);
        g_assert_cmpuint(len, ==, lng ? (w->len + 3) & ~3u : (w->len + 1) & ~1u);
        g_assert_cmpmem(p, w->len, w->data, w->len);
        for (gsize j = w->len; j < len; j++)
            g_assert_cmpuint(p[j], ==, 0);
        at += len;
    }
    g_assert_cmpuint(at, ==, gl);
    g_ptr_array_unref(want);
}

/*** FreeType ***/

/* FreeType's face of the font 'f', or NULL ('*error' FreeType's error). */
static FT_Face face_of(GBytes *f, FT_Error *error)
{
    gsize n;
    const guint8 *b = g_bytes_get_data(f, &n);
    FT_Face face = NULL;
    FT_Error e = FT_New_Memory_Face(ft, b, (FT_Long)n, 0, &face);
    if (error)
        *error = e;
    return e ? NULL : face;
}

/* NULL if FreeType reads every glyph of 'a' and 'b' alike (unscaled,
 * unhinted): the same error, or the same points, tags, contours and
 * advances. Else what differs first, to be freed. */
static char *glyph_difference(FT_Face a, FT_Face b)
{
    if (a->num_glyphs != b->num_glyphs)
        return g_strdup_printf("%ld glyphs, then %ld", a->num_glyphs, b->num_glyphs);
    const FT_Int32 flags = FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING;
    for (FT_Long i = 0; i < a->num_glyphs; i++) {
        FT_Error ea = FT_Load_Glyph(a, (FT_UInt)i, flags), eb = FT_Load_Glyph(b, (FT_UInt)i, flags);
        if (ea != eb)
            return g_strdup_printf("glyph %ld: FreeType error %d, then %d", i, ea, eb);
        if (ea != 0)
            continue;
        const FT_GlyphSlot x = a->glyph, y = b->glyph;
        const FT_Outline *u = &x->outline, *v = &y->outline;
        if (x->format != y->format || u->n_points != v->n_points || u->n_contours != v->n_contours ||
            x->advance.x != y->advance.x || x->linearHoriAdvance != y->linearHoriAdvance ||
            x->metrics.horiAdvance != y->metrics.horiAdvance || x->metrics.vertAdvance != y->metrics.vertAdvance)
            return g_strdup_printf("glyph %ld: %d points %d contours advance %ld, then %d %d %ld", i, u->n_points,
                                   u->n_contours, x->advance.x, v->n_points, v->n_contours, y->advance.x);
        if ((u->n_points && (memcmp(u->points, v->points, u->n_points * sizeof *u->points) != 0 ||
                             memcmp(u->tags, v->tags, (size_t)u->n_points) != 0)) ||
            (u->n_contours && memcmp(u->contours, v->contours, u->n_contours * sizeof *u->contours) != 0))
            return g_strdup_printf("glyph %ld: the outlines differ", i);
    }
    return NULL;
}

static void assert_same_glyphs(GBytes *in, GBytes *out)
{
    FT_Face a = face_of(in, NULL), b = face_of(out, NULL);
    g_assert_nonnull(a);
    g_assert_nonnull(b);
    g_assert_cmpint(a->num_glyphs, >, 0);
    char *d = glyph_difference(a, b);
    if (d)
        g_error("%s", d);
    /* Hinted at a viewer's size, the stripped font loads every glyph. */
    g_assert_cmpint(FT_Set_Char_Size(b, 0, 12 * 64, 300, 300), ==, 0);
    for (FT_Long i = 0; i < b->num_glyphs; i++)
        g_assert_cmpint(FT_Load_Glyph(b, (FT_UInt)i, FT_LOAD_DEFAULT), ==, 0);
    FT_Done_Face(a);
    FT_Done_Face(b);
}

/*** What a stripped font must be ***/

/* 'out' is 'in' stripped: no hinting table, the directory rebuilt (tags
 * ascending, tables packed 4-aligned and zero-padded, checksums, search
 * fields, checkSumAdjustment), every table but glyf, loca, head and maxp
 * as it was, head as it was but the adjustment and indexToLocFormat, maxp
 * but maxSizeOfInstructions (0), no glyph instructions, the same glyphs
 * empty, loca short unless glyf is too long for it, each glyph the one of
 * 'in' to its last byte (assert_glyphs_kept). */
static void assert_stripped(GBytes *in, GBytes *out)
{
    gsize n, in_n;
    const guint8 *o = g_bytes_get_data(out, &n), *i = g_bytes_get_data(in, &in_n);
    g_assert_cmpuint(n, <, in_n);
    g_assert_cmpuint(n % 4, ==, 0);
    g_assert_cmphex(be32(o), ==, be32(i));
    guint nt = be16(o + 4), in_hinting = 0, pow = 1, sel = 0;
    for (guint k = 0; k < G_N_ELEMENTS(hinting_tags); k++) {
        gsize off, len;
        in_hinting += table_of(in, hinting_tags[k], &off, &len);
        g_assert_false(table_of(out, hinting_tags[k], &off, &len));
    }
    g_assert_cmpuint(nt, ==, be16(i + 4) - in_hinting);
    while (pow * 2 <= nt)
        pow *= 2, sel++;
    g_assert_cmpuint(be16(o + 6), ==, 16 * pow);
    g_assert_cmpuint(be16(o + 8), ==, sel);
    g_assert_cmpuint(be16(o + 10), ==, 16 * nt - 16 * pow);
    gsize at = 12 + 16 * (gsize)nt;
    for (guint k = 0; k < nt; k++) {
        const guint8 *e = o + 12 + 16 * k;
        char tag[5] = { 0 };
        memcpy(tag, e, 4);
        gsize off = be32(e + 8), len = be32(e + 12), in_len;
        if (k > 0)
            g_assert_cmpint(memcmp(e - 16, e, 4), <, 0);
        g_assert_cmpuint(off, ==, at);
        g_assert_cmpuint(off + len, <=, n);
        at = off + ((len + 3) & ~(gsize)3);
        for (gsize j = off + len; j < at; j++)
            g_assert_cmpuint(o[j], ==, 0);
        guint8 *copy = g_memdup2(o + off, len);
        const guint8 *was = table(in, tag, &in_len);
        if (strcmp(tag, "head") == 0) {
            g_assert_cmpuint(len, ==, 54);
            set32(copy + 8, 0); /* summed without the adjustment */
            g_assert_cmpmem(copy, 8, was, 8);
            g_assert_cmpmem(copy + 12, 38, was + 12, 38);
            g_assert_cmpmem(copy + 52, 2, was + 52, 2);
        } else if (strcmp(tag, "maxp") == 0) {
            g_assert_cmpuint(len, ==, 32);
            g_assert_cmpuint(be16(copy + 26), ==, 0);
            g_assert_cmpmem(copy, 26, was, 26);
            g_assert_cmpmem(copy + 28, 4, was + 28, 4);
        } else if (strcmp(tag, "glyf") != 0 && strcmp(tag, "loca") != 0)
            g_assert_cmpmem(copy, len, was, in_len);
        g_assert_cmphex(be32(e + 4), ==, sum32(copy, len));
        g_free(copy);
    }
    g_assert_cmpuint(at, ==, n);
    g_assert_cmphex(sum32(o, n), ==, 0xB1B0AFBA);

    glyph_stats a = walk(in, false), b = walk(out, true);
    gsize loca_len, glyf_len;
    table(out, "loca", &loca_len);
    table(out, "glyf", &glyf_len);
    g_assert_cmpuint(b.loca_long, ==, glyf_len > 2 * 0xFFFF);
    assert_glyphs_kept(in, out);
    g_assert_cmpuint(loca_len, ==, (b.loca_long ? 4 : 2) * (b.glyphs + 1));
    g_assert_cmpuint(b.simple_ins, ==, 0);
    g_assert_cmpuint(b.composite_ins, ==, 0);
    g_assert_cmpuint(a.composite, ==, b.composite);
    g_assert_cmpmem(a.empty->data, a.empty->len * sizeof(gboolean), b.empty->data, b.empty->len * sizeof(gboolean));
    g_array_unref(a.empty);
    g_array_unref(b.empty);
    /* Nothing is left to strip. */
    g_assert_null(ttfstrip_hinting(o, g_bytes_get_size(out)));
}

/*** A font built here ***/

/* A font of four glyphs (PUSHB[0] 0, POP as instructions): .notdef empty;
 * a five-point contour with instructions, its flags repeated, two stray
 * bytes after it; a composite of glyph 1 and glyph 3 (scaled), with
 * instructions after the last component; a triangle without instructions,
 * then 'more' copies of it, then 'more_composites' copies of the composite. */
typedef struct font_opts {
    bool hinted;    /* the instructions, and the six hinting tables (else none) */
    bool loca_long; /* head.indexToLocFormat 1 */
    bool reversed;  /* the directory in descending tag order */
    guint more;
    guint more_composites;
    guint fpgm;        /* bytes of fpgm (at least 3) */
    guint pad;         /* the glyphs padded to this many bytes (0: 2) */
    bool no_glyph_ins; /* the hinting tables but no instruction in the glyphs */
    /* cvt, fpgm and prep of these { FreeType's sum, length } (length 0: left out) */
    const guint32 (*ids)[2];
} font_opts;

static const guint8 ins[] = { 0xB0, 0x00, 0x21 };
static const guint8 g1_head[] = { 0, 1, 0, 100, 0, 0, 0x01, 0xF4, 0x02, 0x58, 0, 4 };
static const guint8 g1_points[] = { 0x3B, 2, 0x11, 0x21, 100, 200, 200, 0xFE, 0x70, 0x02, 0x58 };
static const guint8 g2_head[] = { 0xFF, 0xFF, 0, 0, 0, 0, 0x02, 0x58, 0x02, 0x58 };
static const guint8 g2_comps[] = { 0x00, 0x23, 0, 1, 0, 0, 0, 0, 0x01, 0x0A, 0, 3, 100, 100, 0x20, 0x00 };
static const guint8 g3[] = { 0, 1, 0, 0, 0, 0, 0, 200, 1, 0x2C, 0, 2, 0, 0, 0x31, 0x33, 0x03, 200, 100, 0x01, 0x2C };

static void append(GByteArray *a, const void *p, gsize n)
{
    g_byte_array_append(a, p, (guint)n);
}

static void pad(GByteArray *a, guint to)
{
    static const guint8 zeros[8] = { 0 };
    g_assert_cmpuint(to, <=, sizeof zeros);
    append(a, zeros, (to - a->len % to) % to);
}

static GByteArray *zeroed(guint len)
{
    GByteArray *a = g_byte_array_sized_new(len);
    g_byte_array_set_size(a, len);
    memset(a->data, 0, len);
    return a;
}

/* A table of 'len' bytes whose sum as FreeType makes it (sum32) is 'sum':
 * the bytes of a last partial word 0xFF, so that they count only if
 * padded as FreeType pads them, the first word making up the rest. */
static GByteArray *summing_to(guint32 sum, guint len)
{
    g_assert_cmpuint(len, >=, 8);
    GByteArray *a = zeroed(len);
    memset(a->data + len - len % 4, 0xFF, len % 4);
    set32(a->data, sum - sum32(a->data, len));
    g_assert_cmphex(sum32(a->data, len), ==, sum);
    return a;
}

/* glyf and loca of the font: the glyphs padded to 2 ('expected': as
 * ttfstrip should write them, without instructions, in a short loca). */
static void glyphs(const font_opts *o, bool expected, GByteArray *glyf, GByteArray *loca)
{
    guint8 u16[2] = { 0 }, u32[4];
    guint count = 4 + o->more + o->more_composites;
    for (guint g = 0; g <= count; g++) {
        set32(u32, glyf->len);
        set16(u16, glyf->len / 2);
        o->loca_long && !expected ? append(loca, u32, 4) : append(loca, u16, 2);
        bool ins_here = o->hinted && !o->no_glyph_ins && !expected;
        set16(u16, ins_here ? sizeof ins : 0);
        if (g == 1) {
            append(glyf, g1_head, sizeof g1_head);
            append(glyf, u16, 2);
            append(glyf, ins, ins_here ? sizeof ins : 0);
            append(glyf, g1_points, sizeof g1_points);
            if (!expected)
                append(glyf, "\xAA\xAA", 2);
        } else if (g == 2 || (g >= 4 + o->more && g < count)) {
            append(glyf, g2_head, sizeof g2_head);
            append(glyf, g2_comps, sizeof g2_comps);
            if (ins_here) {
                append(glyf, u16, 2);
                append(glyf, ins, sizeof ins);
            } else
                glyf->data[glyf->len - 8] &= 0xFE; /* the last component's WE_HAVE_INSTRUCTIONS */
        } else if (g >= 3 && g < 4 + o->more)
            append(glyf, g3, sizeof g3);
        pad(glyf, expected || !o->pad ? 2 : o->pad);
    }
}

static GBytes *synthetic(const font_opts *o)
{
    static const char *const tags[] = { "LTSH", "VDMX", "cvt ", "fpgm", "glyf", "hdmx",
                                        "head", "hhea", "hmtx", "loca", "maxp", "prep" };
    enum { LTSH, VDMX, CVT, FPGM, GLYF, HDMX, HEAD, HHEA, HMTX, LOCA, MAXP, PREP, N };
    guint glyph_count = 4 + o->more + o->more_composites;
    GByteArray *t[N] = { NULL };
    /* Valid empty LTSH, VDMX and hdmx (FreeType reads hdmx). */
    t[LTSH] = zeroed(4 + glyph_count);
    set16(t[LTSH]->data + 2, glyph_count);
    t[VDMX] = zeroed(6);
    t[HDMX] = zeroed(8);
    set32(t[HDMX]->data + 4, (glyph_count + 2 + 3) & ~3u);
    t[CVT] = zeroed(4);
    t[FPGM] = zeroed(MAX(o->fpgm, sizeof ins));
    memcpy(t[FPGM]->data, ins, sizeof ins);
    t[PREP] = g_byte_array_new();
    append(t[PREP], ins, sizeof ins);
    static const int ids_of[3] = { CVT, FPGM, PREP };
    for (guint k = 0; o->ids && k < 3; k++) {
        g_byte_array_unref(t[ids_of[k]]);
        t[ids_of[k]] = o->ids[k][1] ? summing_to(o->ids[k][0], o->ids[k][1]) : NULL;
    }
    t[GLYF] = g_byte_array_new();
    t[LOCA] = g_byte_array_new();
    glyphs(o, false, t[GLYF], t[LOCA]);
    t[HEAD] = zeroed(54);
    set32(t[HEAD]->data, 0x00010000);
    set32(t[HEAD]->data + 12, 0x5F0F3CF5);
    set16(t[HEAD]->data + 18, 1000);
    set16(t[HEAD]->data + 38, 600);
    set16(t[HEAD]->data + 40, 600);
    set16(t[HEAD]->data + 50, o->loca_long);
    t[HHEA] = zeroed(36);
    set32(t[HHEA]->data, 0x00010000);
    set16(t[HHEA]->data + 4, 800);
    set16(t[HHEA]->data + 6, (guint16)-200);
    set16(t[HHEA]->data + 34, 4);
    t[HMTX] = zeroed(2 * glyph_count + 8); /* the glyphs past 4 have only a left side bearing */
    for (int g = 0; g < 4; g++) {
        set16(t[HMTX]->data + 4 * g, 500 + 100 * g);
        set16(t[HMTX]->data + 4 * g + 2, g == 1 ? 100 : 0);
    }
    t[MAXP] = zeroed(32);
    guint16 maxp[] = { 1, 0, glyph_count, 5, 1, 9, 1, 2, 0, 0, 0, 0, 0, o->hinted ? sizeof ins : 0, 2, 1 };
    for (guint k = 0; k < G_N_ELEMENTS(maxp); k++)
        set16(t[MAXP]->data + 2 * k, maxp[k]);

    guint nt = 0, e = 0;
    for (guint k = 0; k < N; k++) {
        bool hinting = k == LTSH || k == VDMX || k == CVT || k == FPGM || k == HDMX || k == PREP;
        if (hinting && !o->hinted)
            g_clear_pointer(&t[k], g_byte_array_unref);
        nt += t[k] != NULL;
    }
    GByteArray *f = zeroed(12 + 16 * nt);
    set32(f->data, 0x00010000);
    set16(f->data + 4, nt);
    for (guint j = 0; j < N; j++) {
        guint k = o->reversed ? N - 1 - j : j;
        if (!t[k])
            continue;
        guint8 *d = f->data + 12 + 16 * e++;
        memcpy(d, tags[k], 4);
        set32(d + 4, sum32(t[k]->data, t[k]->len));
        set32(d + 8, f->len);
        set32(d + 12, t[k]->len);
        append(f, t[k]->data, t[k]->len);
        pad(f, 4);
        g_byte_array_unref(t[k]);
    }
    return g_byte_array_free_to_bytes(f);
}

static GBytes *strip(GBytes *f)
{
    gsize n;
    const guint8 *b = g_bytes_get_data(f, &n);
    return ttfstrip_hinting(b, n);
}

/* The built font, short and long loca, its directory in order or not,
 * and with hinting tables but no instruction in its glyphs: stripped, its
 * glyf and loca are the ones written here to the byte (a short loca, the
 * glyphs padded to 2), and it reads as the hinted one. */
static void test_synthetic(void)
{
    for (int k = 0; k < 5; k++) {
        font_opts o = { .hinted = true, .loca_long = k & 1, .reversed = k & 2, .no_glyph_ins = k == 4 };
        GBytes *in = synthetic(&o), *out = strip(in);
        g_assert_nonnull(out);
        glyph_stats st = walk(in, false);
        g_assert_cmpuint(st.simple_ins, ==, k < 4);
        g_assert_cmpuint(st.composite_ins, ==, k < 4);
        g_array_unref(st.empty);
        assert_stripped(in, out);
        assert_same_glyphs(in, out);

        GByteArray *glyf = g_byte_array_new(), *loca = g_byte_array_new();
        glyphs(&o, true, glyf, loca);
        gsize len;
        const guint8 *p = table(out, "glyf", &len);
        g_assert_cmpmem(p, len, glyf->data, glyf->len);
        p = table(out, "loca", &len);
        g_assert_cmpmem(p, len, loca->data, loca->len);
        g_byte_array_unref(glyf);
        g_byte_array_unref(loca);
        g_bytes_unref(out);

        /* Apple's 'true' version is TrueType too, and kept. */
        guint8 *apple = g_memdup2(g_bytes_get_data(in, NULL), g_bytes_get_size(in));
        memcpy(apple, "true", 4);
        GBytes *a = g_bytes_new_take(apple, g_bytes_get_size(in));
        out = strip(a);
        g_assert_nonnull(out);
        assert_stripped(a, out);
        g_bytes_unref(a);
        g_bytes_unref(out);
        g_bytes_unref(in);
    }
}

/* One change to the built font: 'size' bytes of 'value', big-endian, at
 * 'at' in the table 'in' ("@tag": in its directory entry; NULL: from the
 * start of the font). */
typedef struct change {
    const char *in;
    gsize at;
    guint size;
    guint32 value;
} change;

static void apply(GBytes *font, guint8 *c, const change *ch)
{
    gsize at = 0, len;
    if (ch->in && ch->in[0] == '@') {
        for (guint k = 0; k < be16(c + 4); k++)
            if (memcmp(c + 12 + 16 * k, ch->in + 1, 4) == 0)
                at = 12 + 16 * k;
        g_assert_cmpuint(at, >, 0);
    } else if (ch->in)
        g_assert_true(table_of(font, ch->in, &at, &len));
    for (guint j = 0; j < ch->size; j++)
        c[at + ch->at + j] = (guint8)(ch->value >> 8 * (ch->size - 1 - j));
}

/* Fonts it must refuse: nothing to strip, or a structure it does not
 * fully understand. Each is the hinted built font (stripped as it is)
 * with one or two changes, each breaking one thing (glyph 1 is at 0 in
 * glyf, glyph 2 at 30, glyph 3 at 62 to 83). */
static void test_refused(void)
{
    /* Without hinting: the glyphs padded to 8 would be padded to 2, but
     * that is no reason to write the font again. */
    font_opts plain = { .pad = 8 }, hinted = { .hinted = true };
    GBytes *in = synthetic(&plain);
    g_assert_null(strip(in));
    g_bytes_unref(in);

    in = synthetic(&hinted);
    gsize n;
    const guint8 *b = g_bytes_get_data(in, &n);
    static const struct {
        const char *what;
        change c[3];
    } cases[] = {
        { "not a TrueType sfnt", { { NULL, 0, 4, 0x4F54544F /* OTTO */ } } },
        { "no table", { { NULL, 4, 2, 0 } } },
        { "more tables than the font holds", { { NULL, 4, 2, 265 } } },
        { "a table past the end", { { "@hmtx", 8, 1, 0x10 } } },
        { "a table running past the end", { { "@hmtx", 12, 4, 0x10000 } } },
        { "two tables hhea", { { "@hmtx", 0, 4, 0x68686561 } } },
        { "a short head", { { "@head", 12, 4, 53 } } },
        { "loca in no format", { { "head", 50, 2, 2 } } },
        { "maxp 0.5", { { "maxp", 0, 4, 0x00005000 } } },
        { "more glyphs than loca has", { { "maxp", 4, 2, 5 } } },
        { "a loca of 4 entries for 4 glyphs", { { "@loca", 12, 4, 8 } } },
        { "loca not ascending", { { "loca", 4, 2, 40 } } },
        { "loca past glyf", { { "loca", 8, 2, 60 } } },
        { "a glyph of 8 bytes", { { "loca", 4, 2, 4 } } },
        { "contour ends descending", { { "glyf", 62, 2, 2 }, { "glyf", 74, 4, 0 } } }, /* glyph 3: ends 2, 0 */
        { "instructions past the glyph", { { "glyf", 12, 2, 0x4003 } } },
        { "instructions past a glyph of no contour", { { "glyf", 0, 2, 0 }, { "glyf", 10, 2, 0x4000 } } },
        { "flags repeated past the last point", { { "glyf", 18, 1, 5 } } }, /* 6 flags for 5 points */
        { "a repeat count past the glyph", { { "loca", 8, 2, 39 }, { "glyf", 77, 2, 0x3B01 } } },
        { "coordinates past the glyph", { { "loca", 8, 2, 40 } } }, /* glyph 3's y bytes */
        { "a component of glyph 9", { { "glyf", 30 + 12, 2, 9 } } },
        { "a composite of 8 bytes", /* the last glyph, its components both glyph 1 */
          { { "maxp", 4, 2, 3 }, { "loca", 6, 2, 19 }, { "glyf", 30 + 20, 2, 1 } } },
        { "composite with -2 contours", { { "glyf", 30, 2, 0xFFFE } } },
        { "a component past the glyph", { { "glyf", 30 + 18, 2, 0x0083 } } }, /* 16 bytes from 18 of 32 */
        { "composite instructions past the glyph", { { "glyf", 30 + 26, 2, 9 } } },
    };
    for (guint k = 0; k < G_N_ELEMENTS(cases); k++) {
        guint8 *c = g_memdup2(b, n);
        for (guint j = 0; j < 3 && cases[k].c[j].size; j++)
            apply(in, c, &cases[k].c[j]);
        GBytes *out = ttfstrip_hinting(c, n);
        if (out)
            g_error("%s: stripped", cases[k].what);
        g_free(c);
    }
    GBytes *out = strip(in);
    g_assert_nonnull(out);
    g_bytes_unref(out);
    g_bytes_unref(in);

    /* Glyphs padded to 4 in a long loca where they were padded to 2 make
     * a font larger than the little hinting it had: refused. 6001
     * triangles of 21 bytes are 132,022 bytes of glyf padded to 2, past
     * what a short loca reaches (2 × 65535); 144,024 padded to 4. */
    font_opts many = { .hinted = true, .loca_long = true, .more = 6000 };
    in = synthetic(&many);
    g_assert_null(strip(in));
    g_bytes_unref(in);

    g_assert_null(ttfstrip_hinting(NULL, 0));
    g_assert_null(ttfstrip_hinting((const guint8 *)"\0\1\0\0", 4));
}

/* The loca of a stripped font: short, the glyphs padded to 2, whenever
 * the glyphs so padded end within 2 × 65535 bytes, whatever the font had
 * (a long loca; glyphs padded to 8 past what a short loca reaches); at
 * 2 × 65535 bytes exactly still short; past it long, the glyphs padded to
 * 4. Stripped, the built font's glyphs are of 25 bytes (glyph 1), 26 (the
 * composites) and 21 (the triangles): 26, 26 and 22 padded to 2. A large
 * fpgm makes the fonts whose glyphs are padded to 4 smaller all the same. */
static void test_loca_format(void)
{
    static const struct {
        const char *what;
        font_opts o;
        gsize glyf; /* bytes of glyf stripped */
        bool loca_long;
    } cases[] = {
        { "short", { .hinted = true }, 74, false },
        { "long", { .hinted = true, .loca_long = true }, 74, false },
        { "5801 triangles", { .hinted = true, .more = 5800 }, 52 + 22 * 5801, false },
        { "padded to 8 in a long loca", { .hinted = true, .loca_long = true, .pad = 8, .more = 5500 }, 52 + 22 * 5501,
          false },
        /* 26 + 26 + 22 × 5953 + 26 × 2 */
        { "2 x 65535 bytes", { .hinted = true, .loca_long = true, .more = 5952, .more_composites = 2 }, 0x1FFFE, false },
        /* 26 + 26 + 22 × 5946 + 26 × 8 = 2 × 65536, padded to 4 */
        { "2 x 65536 bytes",
          { .hinted = true, .loca_long = true, .more = 5945, .more_composites = 8, .fpgm = 20000 },
          28 + 28 + 24 * 5946 + 28 * 8,
          true },
        { "6001 triangles", { .hinted = true, .loca_long = true, .more = 6000, .fpgm = 20000 }, 56 + 24 * 6001, true },
    };
    for (guint k = 0; k < G_N_ELEMENTS(cases); k++) {
        const font_opts *o = &cases[k].o;
        g_test_message("%s", cases[k].what);
        GBytes *in = synthetic(o), *out = strip(in);
        gsize len, hl;
        if (o->pad == 8) { /* a short loca could not have held it */
            table(in, "glyf", &len);
            g_assert_cmpuint(len, >, 0x1FFFE);
        }
        g_assert_nonnull(out);
        assert_stripped(in, out);
        assert_same_glyphs(in, out);
        bool lng = cases[k].loca_long;
        guint n = 4 + o->more + o->more_composites;
        g_assert_cmpuint(be16(table(out, "head", &hl) + 50), ==, lng);
        table(out, "loca", &len);
        g_assert_cmpuint(len, ==, (lng ? 4 : 2) * (n + 1));
        table(out, "glyf", &len);
        g_assert_cmpuint(len, ==, cases[k].glyf);
        /* The triangle, of 21 bytes: padded with one zero, or three. */
        const guint8 *p = glyph_at(out, 3, &len);
        g_assert_cmpuint(len, ==, lng ? 24 : 22);
        g_assert_cmpmem(p, sizeof g3, g3, sizeof g3);
        g_assert_cmpmem(p + sizeof g3, len - sizeof g3, "\0\0\0", len - sizeof g3);
        g_bytes_unref(out);
        g_bytes_unref(in);
    }
}

/*** cairo's subsets ***/

/* The file fontconfig has for 'family' (the family itself, not a fallback),
 * or NULL. */
static char *font_file(const char *family)
{
    FcPattern *p = FcNameParse((const FcChar8 *)family);
    FcConfigSubstitute(NULL, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult r;
    FcPattern *m = FcFontMatch(NULL, p, &r);
    FcPatternDestroy(p);
    char *path = NULL;
    FcChar8 *s, *file;
    for (int i = 0; m && !path && FcPatternGetString(m, FC_FAMILY, i, &s) == FcResultMatch; i++)
        if (g_ascii_strcasecmp((const char *)s, family) == 0 &&
            FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch)
            path = g_strdup((const char *)file);
    if (m)
        FcPatternDestroy(m);
    return path;
}

static cairo_status_t to_array(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static const cairo_user_data_key_t face_key;

static void done_face(void *face)
{
    FT_Done_Face(face);
}

/* The FontFile2 streams, inflated, of a PDF cairo writes showing 'text' in
 * the first font of 'path'. */
static GPtrArray *cairo_subsets(const char *path, const char *text)
{
    FT_Face face;
    g_assert_cmpint(FT_New_Face(ft, path, 0, &face), ==, 0);
    cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(face, 0);
    g_assert_cmpint(cairo_font_face_set_user_data(cf, &face_key, face, done_face), ==, CAIRO_STATUS_SUCCESS);
    GArray *glyphs = g_array_new(FALSE, FALSE, sizeof(cairo_glyph_t));
    double x = 20, y = 40;
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        cairo_glyph_t g = { FT_Get_Char_Index(face, g_utf8_get_char(p)), x, y };
        g_assert_cmpuint(g.index, !=, 0);
        g_array_append_val(glyphs, g);
        if ((x += 26) > 540)
            x = 20, y += 30;
    }
    GByteArray *pdf = g_byte_array_new();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_array, pdf, 595, 842);
    cairo_t *cr = cairo_create(s);
    cairo_set_font_face(cr, cf);
    cairo_set_font_size(cr, 24);
    cairo_show_glyphs(cr, (cairo_glyph_t *)glyphs->data, (int)glyphs->len);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    cairo_font_face_destroy(cf);
    g_array_unref(glyphs);

    /* cairo writes "/Filter /FlateDecode /Length1 N >> stream": inflating
     * from the stream's start gives N bytes and says where it ended. */
    GPtrArray *fonts = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    const char *b = (const char *)pdf->data, *e = b + pdf->len;
    for (const char *p = b; (p = memmem(p, (size_t)(e - p), "/Length1 ", 9));) {
        size_t len1 = (size_t)g_ascii_strtoull(p + 9, NULL, 10), used, got;
        const char *st = memmem(p, (size_t)(e - p), "stream", 6);
        g_assert_nonnull(st);
        st += 6;
        st += *st == '\r';
        st += *st == '\n';
        guint8 *font = g_malloc(len1);
        g_assert_cmpint(libdeflate_zlib_decompress_ex(d, st, (size_t)(e - st), font, len1, &used, &got), ==,
                        LIBDEFLATE_SUCCESS);
        g_assert_cmpuint(got, ==, len1);
        g_ptr_array_add(fonts, g_bytes_new_take(font, len1));
        p = st + used;
    }
    libdeflate_free_decompressor(d);
    g_byte_array_unref(pdf);
    g_assert_cmpuint(fonts->len, >, 0);
    return fonts;
}

static gsize deflated(GBytes *f)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(9);
    gsize n;
    const guint8 *b = g_bytes_get_data(f, &n);
    size_t bound = libdeflate_zlib_compress_bound(c, n);
    guint8 *z = g_malloc(bound);
    gsize len = libdeflate_zlib_compress(c, b, n, z, bound);
    g_free(z);
    libdeflate_free_compressor(c);
    return len;
}

typedef struct font_case {
    const char *family;
    const char *text;
    bool composites; /* the subset must have composite glyphs with instructions */
} font_case;

static const font_case bizud = { "BIZ UDPGothic", "旅する公務員 第17弾 松江 報告書 AQgjy@&%012 視察先の概要と所感。",
                                 false };
static const font_case dejavu = { "DejaVu Sans", "ÂÃÄÊËÎÏ ÔÕÖ ÛÜ âãäêëîï abc", true };

static char *font_or_skip(const font_case *fc)
{
    char *path = font_file(fc->family);
    if (!path) {
        char *why = g_strdup_printf("%s is not installed", fc->family);
        g_test_skip(why);
        g_free(why);
    }
    return path;
}

static void test_cairo_subset(gconstpointer data)
{
    const font_case *fc = data;
    char *path = font_or_skip(fc);
    if (!path)
        return;
    GPtrArray *fonts = cairo_subsets(path, fc->text);
    for (guint k = 0; k < fonts->len; k++) {
        GBytes *in = fonts->pdata[k], *out = strip(in);
        gsize off, len;
        g_assert_true(table_of(in, "fpgm", &off, &len)); /* hinted, as cairo embeds it */
        glyph_stats st = walk(in, false);
        g_assert_cmpuint(st.simple_ins, >, 0);
        if (fc->composites)
            g_assert_cmpuint(st.composite_ins, >, 0);
        g_array_unref(st.empty);
        g_assert_nonnull(out);
        assert_stripped(in, out);
        assert_same_glyphs(in, out);
        g_test_message("%s subset, %u glyphs: %zu bytes, stripped %zu (%.0f %%); deflated (libdeflate 9) %zu, "
                       "stripped %zu (%.0f %%)",
                       fc->family, st.glyphs, g_bytes_get_size(in), g_bytes_get_size(out),
                       100.0 * g_bytes_get_size(out) / g_bytes_get_size(in), deflated(in), deflated(out),
                       100.0 * deflated(out) / deflated(in));
        g_bytes_unref(out);
    }
    g_ptr_array_unref(fonts);
    g_free(path);
}

/* The whole font file (its first font if a collection). */
static void test_whole_font(gconstpointer data)
{
    const font_case *fc = data;
    char *path = font_or_skip(fc);
    if (!path)
        return;
    GMappedFile *m = g_mapped_file_new(path, FALSE, NULL);
    g_assert_nonnull(m);
    GBytes *file = g_mapped_file_get_bytes(m), *in = first_sfnt(file), *out = strip(in);
    g_assert_nonnull(out);
    assert_stripped(in, out);
    assert_same_glyphs(in, out);
    g_test_message("%s: %zu bytes, stripped %zu", path, g_bytes_get_size(in), g_bytes_get_size(out));
    g_bytes_unref(out);
    g_bytes_unref(in);
    g_bytes_unref(file);
    g_mapped_file_unref(m);
    g_free(path);
}

/* An OpenType font with CFF outlines (Noto Sans CJK, a collection: its
 * first font taken out whole, as FreeType reads it) is not TrueType. */
static void test_cff_refused(void)
{
    static const font_case noto = { "Noto Sans CJK JP", "", false };
    char *path = font_or_skip(&noto);
    if (!path)
        return;
    GMappedFile *m = g_mapped_file_new(path, FALSE, NULL);
    g_assert_nonnull(m);
    GBytes *file = g_mapped_file_get_bytes(m), *in = first_sfnt(file);
    g_assert_cmpmem(g_bytes_get_data(in, NULL), 4, "OTTO", 4);
    FT_Face face = face_of(in, NULL);
    g_assert_nonnull(face);
    g_assert_cmpint(FT_Load_Glyph(face, 1, FT_LOAD_NO_SCALE), ==, 0);
    FT_Done_Face(face);
    g_assert_null(strip(in));
    g_bytes_unref(in);
    g_bytes_unref(file);
    g_mapped_file_unref(m);
    g_free(path);
}

/*** Damaged fonts ***/

/* Strips b[0, n) from a buffer of exactly n bytes (ASan sees any read past
 * it). NULL is fine; a font is fine if FreeType reads it as it reads the
 * damaged one: the same glyphs, or the same error when it cannot load the
 * damaged one (a table it needs renamed, say: ttfstrip copies that table
 * as it was). Returns whether it was stripped. */
static bool strip_damaged(const guint8 *b, gsize n, const char *what)
{
    guint8 *c = g_memdup2(b, n);
    GBytes *out = ttfstrip_hinting(c, n);
    if (out) {
        GBytes *in = g_bytes_new_static(c, n);
        FT_Error ei, eo;
        FT_Face fi = face_of(in, &ei), fo = face_of(out, &eo);
        if (ei != eo)
            g_error("%s: FreeType error %d loading the damaged font, %d loading it stripped", what, ei, eo);
        char *d = fi ? glyph_difference(fi, fo) : NULL;
        if (d)
            g_error("%s: %s", what, d);
        if (fi)
            FT_Done_Face(fi);
        if (fo)
            FT_Done_Face(fo);
        g_bytes_unref(in);
        g_bytes_unref(out);
    }
    g_free(c);
    return out != NULL;
}

/* A small subset of a few glyphs. */
static GBytes *small_subset(void)
{
    char *path = font_or_skip(&bizud);
    if (!path)
        return NULL;
    GPtrArray *fonts = cairo_subsets(path, "旅A");
    GBytes *f = g_bytes_ref(fonts->pdata[0]);
    g_ptr_array_unref(fonts);
    g_free(path);
    return f;
}

static void test_truncated(void)
{
    GBytes *f = small_subset();
    if (!f)
        return;
    gsize n;
    const guint8 *b = g_bytes_get_data(f, &n);
    g_assert_true(strip_damaged(b, n, "whole"));
    for (gsize len = 0; len < n; len++) {
        char what[32];
        g_snprintf(what, sizeof what, "cut at %zu", len);
        strip_damaged(b, len, what);
    }
    g_bytes_unref(f);
}

/* 3000 fonts with one to three bytes changed, in the directory or in a
 * table chosen at random (most changes of a large glyf would only move
 * points): some are stripped, some refused, none read outside. */
static void test_byte_changes(void)
{
    GBytes *f = small_subset();
    if (!f)
        return;
    gsize n;
    const guint8 *b = g_bytes_get_data(f, &n);
    guint nt = be16(b + 4), stripped = 0;
    GRand *r = g_rand_new_with_seed(20240308);
    guint8 *c = g_malloc(n);
    for (int k = 0; k < 3000; k++) {
        memcpy(c, b, n);
        int changes = g_rand_int_range(r, 1, 4);
        for (int j = 0; j < changes; j++) {
            guint t = (guint)g_rand_int_range(r, 0, (gint32)nt + 1);
            gsize off = 0, len = 12 + 16 * (gsize)nt;
            if (t < nt) {
                off = be32(b + 12 + 16 * t + 8);
                len = be32(b + 12 + 16 * t + 12);
            }
            if (len > 0)
                c[off + (gsize)g_rand_int_range(r, 0, (gint32)len)] = (guint8)g_rand_int_range(r, 0, 256);
        }
        char what[32];
        g_snprintf(what, sizeof what, "change %d", k);
        stripped += strip_damaged(c, n, what);
    }
    g_test_message("%u of 3000 changed fonts (a subset of %zu bytes) stripped", stripped, n);
    g_assert_cmpuint(stripped, >, 300);
    g_assert_cmpuint(stripped, <, 2900);
    g_free(c);
    g_rand_free(r);
    g_bytes_unref(f);
}

/*** Tricky fonts ***/

static void test_tricky(void)
{
    static const char *const tricky[] = {
        "ABCDEF+MingLiU",  "DFKaiShu-SB-Estd-BF",       "PMingLiU",
        "/PMingLiU",       "XYZABC+DFHei-Bd-WIN-HK-BF", "DLCMingBold",
        "ABCDEF+Ming",     "Ming#28for#20ISO10646#29",  "DLJGyShoMedium",
        "QWERTY+DFKai-SB",
    };
    static const char *const plain[] = {
        "OWOYIG+BIZUDPGothic-Regular",
        "NotoSansCJKjp-Regular",
        "DejaVuSans",
        "ABCDEF+NotoSerifCJKtc-Ming",
        "MingLiu",
        "",
        "Mingo",
    };
    for (guint k = 0; k < G_N_ELEMENTS(tricky); k++)
        if (!ttfstrip_font_is_tricky(tricky[k]))
            g_error("'%s' is not found tricky", tricky[k]);
    for (guint k = 0; k < G_N_ELEMENTS(plain); k++)
        if (ttfstrip_font_is_tricky(plain[k]))
            g_error("'%s' is found tricky", plain[k]);
    g_assert_false(ttfstrip_font_is_tricky(NULL));
}

/* Fonts FreeType knows tricky by their cvt, fpgm and prep, { sum, length }
 * each (tt_check_trickyness_sfnt_ids in its src/truetype/ttobjs.c): the
 * first and the last of its list, DFKaiShu (its fpgm and prep end in a
 * partial word) and an NEC font, which has no cvt. */
static const guint32 tricky_ids[][3][2] = {
    { { 0x05BCF058, 0x02E4 }, { 0x28233BF1, 0x87C4 }, { 0xA344A1EA, 0x01E1 } }, /* MingLiU 1995 */
    { { 0x11E5EAD4, 0x0350 }, { 0x5A30CA3B, 0x9063 }, { 0x13A42602, 0x007E } }, /* DFKaiShu */
    { { 0, 0 }, { 0x40C92555, 0x00E5 }, { 0xA39B58E3, 0x117C } },                /* NEC fadpop7.ttf */
    { { 0x122FEB0B, 0x0350 }, { 0x7F10919A, 0x70A9 }, { 0x7CD7E7B7, 0x025C } }, /* DFMing-Md-WIN-HK-BF */
};

/* Whether 'f' is kept as it is (NULL), asserting that FreeType finds it
 * tricky exactly then, and that it is otherwise stripped right. */
static bool kept_as_tricky(GBytes *f, const char *what)
{
    FT_Face face = face_of(f, NULL);
    g_assert_nonnull(face);
    bool ft_tricky = FT_IS_TRICKY(face);
    FT_Done_Face(face);
    GBytes *out = strip(f);
    if (!out != ft_tricky)
        g_error("%s: FreeType finds it %stricky, ttfstrip %s it", what, ft_tricky ? "" : "not ",
                out ? "strips" : "keeps");
    if (out) {
        assert_stripped(f, out);
        assert_same_glyphs(f, out);
        g_bytes_unref(out);
    }
    return !out;
}

/* 'f' with the changes c[0, nc). */
static GBytes *changed(GBytes *f, const change *c, guint nc)
{
    guint8 *b = g_memdup2(g_bytes_get_data(f, NULL), g_bytes_get_size(f));
    for (guint k = 0; k < nc; k++)
        apply(f, b, &c[k]);
    return g_bytes_new_take(b, g_bytes_get_size(f));
}

/* A font that has no telling name but the cvt, fpgm and prep of a tricky
 * font is kept, whatever the sums its directory gives for them (FreeType
 * sums the bytes); one byte changed in any of the three, the directory's
 * sum left as listed, and it is stripped: all three must match. */
static void test_tricky_tables(void)
{
    static const char *const tags[3] = { "cvt ", "fpgm", "prep" };
    for (guint k = 0; k < G_N_ELEMENTS(tricky_ids); k++) {
        font_opts o = { .hinted = true, .ids = tricky_ids[k] };
        GBytes *in = synthetic(&o);
        g_assert_true(kept_as_tricky(in, "as listed"));

        change sums[3];
        guint ns = 0;
        for (guint j = 0; j < 3; j++)
            if (tricky_ids[k][j][1]) /* the sum in the directory cleared, as Quartz does */
                sums[ns++] = (change){ j == 0 ? "@cvt " : j == 1 ? "@fpgm" : "@prep", 4, 4, 0 };
        GBytes *c = changed(in, sums, ns);
        g_assert_true(kept_as_tricky(c, "directory sums cleared"));
        g_bytes_unref(c);

        for (guint j = 0; j < 3; j++) {
            gsize off, len;
            if (!table_of(in, tags[j], &off, &len))
                continue;
            guint8 *b = g_memdup2(g_bytes_get_data(in, NULL), g_bytes_get_size(in));
            b[off + len / 2] ^= 1;
            c = g_bytes_new_take(b, g_bytes_get_size(in));
            char what[32];
            g_snprintf(what, sizeof what, "a byte of %s changed", tags[j]);
            g_assert_false(kept_as_tricky(c, what));
            g_bytes_unref(c);
        }

        if (!tricky_ids[k][0][1]) {
            /* No cvt is a cvt of 0 bytes (LTSH made one), not one of 4. */
            const change empty_cvt[] = { { "@LTSH", 12, 4, 0 }, { "@LTSH", 0, 4, 0x63767420 } };
            c = changed(in, empty_cvt, 2);
            g_assert_true(kept_as_tricky(c, "a cvt of 0 bytes"));
            g_bytes_unref(c);
            const change cvt[] = { { "@LTSH", 12, 4, 4 }, { "@LTSH", 0, 4, 0x63767420 } };
            c = changed(in, cvt, 2);
            g_assert_false(kept_as_tricky(c, "a cvt of 4 bytes"));
            g_bytes_unref(c);
        }
        g_bytes_unref(in);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_cmpint(FT_Init_FreeType(&ft), ==, 0);
    g_test_add_func("/ttfstrip/synthetic", test_synthetic);
    g_test_add_func("/ttfstrip/refused", test_refused);
    g_test_add_func("/ttfstrip/loca-format", test_loca_format);
    g_test_add_data_func("/ttfstrip/cairo-subset/bizud", &bizud, test_cairo_subset);
    g_test_add_data_func("/ttfstrip/cairo-subset/dejavu", &dejavu, test_cairo_subset);
    g_test_add_data_func("/ttfstrip/whole-font/bizud", &bizud, test_whole_font);
    g_test_add_data_func("/ttfstrip/whole-font/dejavu", &dejavu, test_whole_font);
    g_test_add_func("/ttfstrip/cff-refused", test_cff_refused);
    g_test_add_func("/ttfstrip/truncated", test_truncated);
    g_test_add_func("/ttfstrip/byte-changes", test_byte_changes);
    g_test_add_func("/ttfstrip/tricky", test_tricky);
    g_test_add_func("/ttfstrip/tricky-tables", test_tricky_tables);
    int r = g_test_run();
    cairo_debug_reset_static_data();
    FT_Done_FreeType(ft);
    return r;
}
