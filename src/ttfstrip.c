/* ttfstrip: takes the hinting out of a TrueType font (OpenType 'glyf'
 * outlines): the tables only the bytecode interpreter reads are left out,
 * each glyph is copied without its instructions, and loca, head, maxp and
 * the table directory are written again. Every glyph is parsed to its last
 * coordinate byte, so a font this does not fully understand is refused
 * (NULL) rather than guessed at: the caller then embeds the original. */
#include "ttfstrip.h"

#include "sfnt.h"

#include <stdlib.h>
#include <string.h>

#define TAG(a, b, c, d) ((guint32)(a) << 24 | (guint32)(b) << 16 | (guint32)(c) << 8 | (guint32)(d))

/* Flags of a simple glyph's points. */
enum { X_SHORT = 0x02, Y_SHORT = 0x04, REPEAT = 0x08, X_SAME = 0x10, Y_SAME = 0x20 };

/* Flags of a composite glyph's components. */
enum {
    ARGS_ARE_WORDS = 0x0001,
    HAVE_SCALE = 0x0008,
    MORE_COMPONENTS = 0x0020,
    HAVE_XY_SCALE = 0x0040,
    HAVE_2X2 = 0x0080,
    HAVE_INSTRUCTIONS = 0x0100,
};

typedef struct table {
    guint32 tag;
    const guint8 *data;
    gsize len;
} table;

/* The tables only the bytecode interpreter reads, or that record what it
 * did (hdmx: hinted advances; LTSH, VDMX: sizes at which hinting is linear
 * or where the hinted extents lie). */
static bool is_hinting(guint32 tag)
{
    return tag == TAG('f', 'p', 'g', 'm') || tag == TAG('p', 'r', 'e', 'p') || tag == TAG('c', 'v', 't', ' ') ||
           tag == TAG('h', 'd', 'm', 'x') || tag == TAG('L', 'T', 'S', 'H') || tag == TAG('V', 'D', 'M', 'X');
}

static int by_tag(const void *a, const void *b)
{
    guint32 x = ((const table *)a)->tag, y = ((const table *)b)->tag;
    return x < y ? -1 : x > y;
}

static table *find(table *t, guint nt, guint32 tag)
{
    for (guint i = 0; i < nt; i++)
        if (t[i].tag == tag)
            return &t[i];
    return NULL;
}

/* Appends the simple glyph p[0, len) (numberOfContours 'nc' >= 0) to 'out'
 * with instructionLength 0 and no instructions. The flags are walked to
 * count the coordinate bytes, so that the copy ends at the glyph's last
 * byte whatever padding loca leaves after it. */
static bool strip_simple(const guint8 *p, gsize len, int nc, GByteArray *out, bool *stripped)
{
    gsize at = 10 + 2 * (gsize)nc;
    if (at + 2 > len)
        return false;
    guint points = 0; /* the last contour's end + 1; the ends must ascend */
    for (int c = 0; c < nc; c++) {
        guint end = sfnt_get16(p + 10 + 2 * c);
        if (c > 0 && end < points)
            return false;
        points = end + 1;
    }
    gsize ins = sfnt_get16(p + at), flags = at + 2 + ins, q = flags, coords = 0;
    if (ins > len - at - 2)
        return false;
    for (guint k = 0; k < points;) {
        if (q >= len)
            return false;
        guint8 f = p[q++];
        guint count = 1;
        if (f & REPEAT) {
            if (q >= len)
                return false;
            count += p[q++];
        }
        if (count > points - k)
            return false; /* FreeType refuses flags past the last point too */
        k += count;
        coords += count * (gsize)((f & X_SHORT ? 1 : f & X_SAME ? 0 : 2) + (f & Y_SHORT ? 1 : f & Y_SAME ? 0 : 2));
    }
    if (coords > len - q)
        return false;
    static const guint8 no_instructions[2] = { 0, 0 };
    g_byte_array_append(out, p, (guint)at);
    g_byte_array_append(out, no_instructions, 2);
    g_byte_array_append(out, p + flags, (guint)(q + coords - flags));
    *stripped |= ins > 0;
    return true;
}

/* Appends the composite glyph p[0, len) to 'out' without the instructions
 * that follow its last component, WE_HAVE_INSTRUCTIONS cleared (on every
 * component: the bit means something only on the last). */
static bool strip_composite(const guint8 *p, gsize len, guint num_glyphs, GByteArray *out, bool *stripped)
{
    g_byte_array_append(out, p, 10);
    gsize q = 10;
    guint flags;
    do {
        if (len - q < 4)
            return false;
        flags = sfnt_get16(p + q);
        if (sfnt_get16(p + q + 2) >= num_glyphs)
            return false;
        gsize scale = flags & HAVE_SCALE ? 2 : flags & HAVE_XY_SCALE ? 4 : flags & HAVE_2X2 ? 8 : 0;
        gsize size = 4 + (flags & ARGS_ARE_WORDS ? 4 : 2) + scale;
        if (size > len - q)
            return false;
        g_byte_array_append(out, p + q, (guint)size);
        sfnt_put16(out->data + out->len - size, flags & ~HAVE_INSTRUCTIONS);
        q += size;
    } while (flags & MORE_COMPONENTS);
    if (flags & HAVE_INSTRUCTIONS) {
        if (len - q < 2 || sfnt_get16(p + q) > len - q - 2)
            return false;
        *stripped = true;
    }
    return true;
}

/* Writes glyf again, each glyph stripped and padded to 2 bytes (the short
 * loca's offsets are halved), glyph i at g[off[i], off[i + 1]). False if a
 * glyph is not understood. 'loca_long': the font's loca has 4-byte offsets. */
static bool strip_glyphs(const table *glyf, const table *loca, bool loca_long, guint num_glyphs, GByteArray *g,
                         guint32 *off, bool *stripped)
{
    gsize es = loca_long ? 4 : 2;
    if (loca->len / es < (gsize)num_glyphs + 1)
        return false;
    for (guint i = 0;; i++) {
        off[i] = g->len;
        if (i == num_glyphs)
            break;
        const guint8 *e = loca->data + es * i;
        gsize s = loca_long ? sfnt_get32(e) : 2 * (gsize)sfnt_get16(e), end = loca_long ? sfnt_get32(e + 4) : 2 * (gsize)sfnt_get16(e + 2);
        if (s > end || end > glyf->len)
            return false;
        if (s == end)
            continue; /* an empty glyph (a space) stays empty */
        if (end - s < 10)
            return false;
        /* A glyph is copied no longer than it was, then padded by 1 here
         * and by 2 more in a long loca (write_loca): every offset fits. */
        gsize room = G_MAXUINT32 - 3 * (gsize)num_glyphs;
        if (g->len > room || end - s > room - g->len)
            return false;
        int nc = (gint16)sfnt_get16(glyf->data + s);
        if (nc >= 0 ? !strip_simple(glyf->data + s, end - s, nc, g, stripped)
                    : nc != -1 || !strip_composite(glyf->data + s, end - s, num_glyphs, g, stripped))
            return false;
        static const guint8 zero = 0;
        g_byte_array_append(g, &zero, g->len % 2);
    }
    return true;
}

/* Writes loca for the glyphs g[off[i], off[i + 1]) (each of an even length)
 * in the short format (offsets halved) when glyf ends within 2 × 65535
 * bytes; else in the long format, every glyph then padded to 4 in g.
 * Returns whether it is long. */
static bool write_loca(GByteArray *g, guint32 *off, guint num_glyphs, GByteArray *l)
{
    if (g->len <= 0x1FFFEu) {
        g_byte_array_set_size(l, 2 * (num_glyphs + 1));
        for (guint i = 0; i <= num_glyphs; i++)
            sfnt_put16(l->data + 2 * i, off[i] / 2);
        return false;
    }
    /* A glyph of an even length needs len % 4 bytes more; each moves on
     * by the padding of those before it, 'grow': moved from the last. */
    guint32 grow = 0;
    for (guint i = 0; i < num_glyphs; i++)
        grow += (off[i + 1] - off[i]) % 4;
    g_byte_array_set_size(g, g->len + grow);
    for (guint i = num_glyphs; i-- > 0;) {
        guint32 len = off[i + 1] - off[i], pad = len % 4;
        off[i + 1] += grow;
        grow -= pad;
        memmove(g->data + off[i] + grow, g->data + off[i], len);
        memset(g->data + off[i] + grow + len, 0, pad);
    }
    g_byte_array_set_size(l, 4 * (num_glyphs + 1));
    for (guint i = 0; i <= num_glyphs; i++)
        sfnt_put32(l->data + 4 * i, off[i]);
    return true;
}

/* The sum of a table's big-endian 32-bit words, padded with zeros. */
static guint32 checksum(const guint8 *p, gsize len)
{
    guint32 sum = 0;
    for (gsize i = 0; i < len; i += 4) {
        guint8 w[4] = { 0 };
        memcpy(w, p + i, MIN(4, len - i));
        sum += sfnt_get32(w);
    }
    return sum;
}

/* FreeType's sfnt_id (tt_check_trickyness_sfnt_ids in src/truetype/ttobjs.c,
 * as commit 1c23982d left it in 2.11.1, unchanged to 2.14.3 and master
 * 9e9d3b73): the tricky fonts it knows by their cvt, fpgm and prep, each a
 * { checksum, length }; a length of 0 is a table the font does not have.
 * A PDF may name these fonts by nothing telling (Type 42 fonts, subsets). */
typedef struct sfnt_id {
    guint32 sum, len;
} sfnt_id;

static const sfnt_id tricky_ids[][3] = {
    { { 0x05BCF058, 0x02E4 }, { 0x28233BF1, 0x87C4 }, { 0xA344A1EA, 0x01E1 } }, /* MingLiU 1995 */
    { { 0x05BCF058, 0x02E4 }, { 0x28233BF1, 0x87C4 }, { 0xA344A1EB, 0x01E1 } }, /* MingLiU 1996- */
    { { 0x12C3EBB2, 0x0350 }, { 0xB680EE64, 0x87A7 }, { 0xCE939563, 0x0758 } }, /* DFGothic-EB */
    { { 0x11E5EAD4, 0x0350 }, { 0xCE5956E9, 0xBC85 }, { 0x8272F416, 0x0045 } }, /* DFGyoSho-Lt */
    { { 0x1257EB46, 0x0350 }, { 0xF699D160, 0x715F }, { 0xD222F568, 0x03BC } }, /* DFHei-Md-HK-BF */
    { { 0x1262EB4E, 0x0350 }, { 0xE86A5D64, 0x7940 }, { 0x7850F729, 0x05FF } }, /* DFHSGothic-W5 */
    { { 0x122DEB0A, 0x0350 }, { 0x3D16328A, 0x859B }, { 0xA93FC33B, 0x02CB } }, /* DFHSMincho-W3 */
    { { 0x125FEB26, 0x0350 }, { 0xA5ACC982, 0x7EE1 }, { 0x90999196, 0x041F } }, /* DFHSMincho-W7 */
    { { 0x11E5EAD4, 0x0350 }, { 0x5A30CA3B, 0x9063 }, { 0x13A42602, 0x007E } }, /* DFKaiShu */
    { { 0x11E5EAD4, 0x0350 }, { 0xA6E78C01, 0x8998 }, { 0x13A42602, 0x007E } }, /* DFKaiShu, variant */
    { { 0x11E5EAD4, 0x0360 }, { 0x9DB282B2, 0xC06E }, { 0x53E6D7CA, 0x0082 } }, /* DFKaiShu-Md-HK-BF */
    { { 0x1243EB18, 0x0350 }, { 0xBA0A8C30, 0x74AD }, { 0xF3D83409, 0x037B } }, /* DFMing-Bd-HK-BF */
    { { 0x07DCF546, 0x0308 }, { 0x40FE7C90, 0x8E2A }, { 0x608174B5, 0x007A } }, /* DLCLiShu */
    { { 0xEB891238, 0x0308 }, { 0xD2E4DCD4, 0x676F }, { 0x8EA5F293, 0x03B8 } }, /* DLCHayBold */
    { { 0xFFFBFFFC, 0x0008 }, { 0x9C9E48B8, 0xBEA2 }, { 0x70020112, 0x0008 } }, /* HuaTianKaiTi */
    { { 0xFFFBFFFC, 0x0008 }, { 0x0A5A0483, 0x17C39 }, { 0x70020112, 0x0008 } }, /* HuaTianSongTi */
    { { 0, 0 }, { 0x40C92555, 0x00E5 }, { 0xA39B58E3, 0x117C } }, /* NEC fadpop7.ttf */
    { { 0, 0 }, { 0x33C41652, 0x00E5 }, { 0x26D6C52A, 0x0F6A } }, /* NEC fadrei5.ttf */
    { { 0, 0 }, { 0x6DB1651D, 0x019D }, { 0x6C6E4B03, 0x2492 } }, /* NEC fangot7.ttf */
    { { 0, 0 }, { 0x40C92555, 0x00E5 }, { 0xDE51FAD0, 0x117C } }, /* NEC fangyo5.ttf */
    { { 0, 0 }, { 0x85E47664, 0x00E5 }, { 0xA6C62831, 0x1CAA } }, /* NEC fankyo5.ttf */
    { { 0, 0 }, { 0x2D891CFD, 0x019D }, { 0xA0604633, 0x1DE8 } }, /* NEC fanrgo5.ttf */
    { { 0, 0 }, { 0x40AA774C, 0x01CB }, { 0x9B5CAA96, 0x1F9A } }, /* NEC fangot5.ttc */
    { { 0, 0 }, { 0x0D3DE9CB, 0x0141 }, { 0xD4127766, 0x2280 } }, /* NEC fanmin3.ttc */
    { { 0, 0 }, { 0x4A692698, 0x01F0 }, { 0x340D4346, 0x1FCA } }, /* NEC FA-Gothic, 1996 */
    { { 0, 0 }, { 0xCD34C604, 0x0166 }, { 0x6CF31046, 0x22B0 } }, /* NEC FA-Minchou, 1996 */
    { { 0, 0 }, { 0x5DA75315, 0x019D }, { 0x40745A5F, 0x22E0 } }, /* NEC FA-RoundGothicB, 1996 */
    { { 0, 0 }, { 0xF055FC48, 0x01C2 }, { 0x3900DED3, 0x1E18 } }, /* NEC FA-RoundGothicM, 1996 */
    { { 0x00170003, 0x0060 }, { 0xDBB4306E, 0x58AA }, { 0xD643482A, 0x0035 } }, /* MINGLI.TTF, 1992 */
    { { 0x1269EB58, 0x0350 }, { 0x5CD5957A, 0x6A4E }, { 0xF758323A, 0x0380 } }, /* DFHei-Bd-WIN-HK-BF */
    { { 0x122FEB0B, 0x0350 }, { 0x7F10919A, 0x70A9 }, { 0x7CD7E7B7, 0x025C } }, /* DFMing-Md-WIN-HK-BF */
};

/* Whether FreeType finds the font of the tables t[0, nt) (no tag twice)
 * tricky by its cvt, fpgm and prep: all three (FreeType counts the matches
 * and wants 3) are those of one font of the list, in length and in the sum
 * of the table's bytes, which FreeType computes as checksum() does rather
 * than trust the directory, whose sums some PDF writers clear. A table
 * left out has a length of 0, and so has one of 0 bytes: its sum, 0, is
 * the one listed for each length of 0, as FreeType finds it too. */
static bool tricky_by_tables(table *t, guint nt)
{
    static const guint32 tags[3] = { TAG('c', 'v', 't', ' '), TAG('f', 'p', 'g', 'm'), TAG('p', 'r', 'e', 'p') };
    sfnt_id have[3] = { { 0, 0 } };
    for (guint k = 0; k < 3; k++) {
        const table *x = find(t, nt, tags[k]);
        if (x)
            have[k] = (sfnt_id){ checksum(x->data, x->len), (guint32)x->len };
    }
    for (guint j = 0; j < G_N_ELEMENTS(tricky_ids); j++)
        if (memcmp(tricky_ids[j], have, sizeof have) == 0)
            return true;
    return false;
}

GBytes *ttfstrip_hinting(const guint8 *in, gsize n)
{
    if (!in || n < 12 || (sfnt_get32(in) != 0x00010000 && sfnt_get32(in) != TAG('t', 'r', 'u', 'e')))
        return NULL;
    guint nt = sfnt_get16(in + 4), kept = 0;
    if (nt == 0 || 12 + 16 * (gsize)nt > n)
        return NULL;
    bool stripped = false;
    g_autofree table *t = g_new(table, nt);
    for (guint i = 0; i < nt; i++) {
        const guint8 *e = in + 12 + 16 * i;
        guint32 off = sfnt_get32(e + 8), len = sfnt_get32(e + 12);
        if (off > n || len > n - off)
            return NULL;
        t[i] = (table){ sfnt_get32(e), in + off, len };
    }
    qsort(t, nt, sizeof *t, by_tag);
    for (guint i = 1; i < nt; i++)
        if (t[i].tag == t[i - 1].tag)
            return NULL; /* which of the two would a reader take? */
    if (tricky_by_tables(t, nt))
        return NULL; /* its glyphs are made by its instructions */
    for (guint i = 0; i < nt; i++) {
        if (is_hinting(t[i].tag))
            stripped = true;
        else
            t[kept++] = t[i];
    }
    table *head = find(t, kept, TAG('h', 'e', 'a', 'd')), *maxp = find(t, kept, TAG('m', 'a', 'x', 'p'));
    table *loca = find(t, kept, TAG('l', 'o', 'c', 'a')), *glyf = find(t, kept, TAG('g', 'l', 'y', 'f'));
    if (!head || !maxp || !loca || !glyf || head->len < 54 || maxp->len < 32 || sfnt_get32(maxp->data) != 0x00010000 ||
        sfnt_get16(head->data + 50) > 1)
        return NULL;

    guint num_glyphs = sfnt_get16(maxp->data + 4);
    g_autoptr(GByteArray) g = g_byte_array_new();
    g_autoptr(GByteArray) l = g_byte_array_new();
    g_autofree guint32 *off = g_new(guint32, num_glyphs + 1);
    if (!strip_glyphs(glyf, loca, sfnt_get16(head->data + 50) == 1, num_glyphs, g, off, &stripped) || !stripped)
        return NULL;
    bool loca_long = write_loca(g, off, num_glyphs, l);
    guint8 new_head[54], new_maxp[32];
    memcpy(new_head, head->data, 54);
    sfnt_put32(new_head + 8, 0); /* checkSumAdjustment: summed as 0, set last */
    sfnt_put16(new_head + 50, loca_long); /* indexToLocFormat */
    memcpy(new_maxp, maxp->data, 32);
    sfnt_put16(new_maxp + 26, 0); /* maxSizeOfInstructions */
    *head = (table){ head->tag, new_head, 54 };
    *maxp = (table){ maxp->tag, new_maxp, 32 };
    *glyf = (table){ glyf->tag, g->data, g->len };
    *loca = (table){ loca->tag, l->data, l->len };

    gsize size = 12 + 16 * (gsize)kept;
    for (guint i = 0; i < kept; i++)
        size += (t[i].len + 3) & ~(gsize)3;
    if (size >= n)
        return NULL; /* glyphs padded to 4 in a long loca where they were padded to 2, and little hinting */
    guint8 *out = g_malloc0(size);
    guint sel = 0;
    while ((2u << sel) <= kept)
        sel++;
    sfnt_put32(out, sfnt_get32(in));
    sfnt_put16(out + 4, kept);
    sfnt_put16(out + 6, 16u << sel);
    sfnt_put16(out + 8, sel);
    sfnt_put16(out + 10, 16 * kept - (16u << sel));
    gsize at = 12 + 16 * (gsize)kept, head_at = 0;
    for (guint i = 0; i < kept; i++) {
        guint8 *e = out + 12 + 16 * i;
        sfnt_put32(e, t[i].tag);
        sfnt_put32(e + 4, checksum(t[i].data, t[i].len));
        sfnt_put32(e + 8, (guint32)at);
        sfnt_put32(e + 12, (guint32)t[i].len);
        if (t[i].len) /* an empty glyf (no outline at all) has no data */
            memcpy(out + at, t[i].data, t[i].len);
        if (t[i].tag == TAG('h', 'e', 'a', 'd'))
            head_at = at;
        at += (t[i].len + 3) & ~(gsize)3;
    }
    sfnt_put32(out + head_at + 8, 0xB1B0AFBAu - checksum(out, size));
    return g_bytes_new_take(out, size);
}

/*** Tricky fonts ***/

/* FreeType's trick_names (ttobjs.c, 2.12), which it looks for anywhere in
 * the family name ('?' included), then the one PostScript name its comments
 * give that none of those covers (cpop's): a PDF names a font by its
 * PostScript name. */
static const char *const tricky_names[] = {
    "cpop",           "DFGirl-W6-WIN-BF",   "DFGothic-EB", "DFGyoSho-Lt", "DFHei",    "DFHSGothic-W5", "DFHSMincho-W3",
    "DFHSMincho-W7",  "DFKaiSho-SB",        "DFKaiShu",    "DFKai-SB",    "DFMing",   "DLC",           "HuaTianKaiTi?",
    "HuaTianSongTi?", "Ming(for ISO10646)", "MingLiU",     "MingMedium",  "PMingLiU", "MingLi43",      "DLJGyShoMedium",
};

bool ttfstrip_font_is_tricky(const char *name)
{
    if (!name)
        return false;
    if (*name == '/')
        name++;
    /* A subset tag is six capital letters and '+' (ISO 32000-1 §9.6.4). */
    size_t k = 0;
    while (k < 6 && g_ascii_isupper(name[k]))
        k++;
    if (k == 6 && name[6] == '+')
        name += 7;
    g_autoptr(GString) s = g_string_new(NULL);
    for (; *name; name++) {
        if (*name == '#' && g_ascii_isxdigit(name[1]) && g_ascii_isxdigit(name[2])) {
            g_string_append_c(s, (char)(g_ascii_xdigit_value(name[1]) << 4 | g_ascii_xdigit_value(name[2])));
            name += 2;
        } else
            g_string_append_c(s, *name);
    }
    /* "Ming" is the PostScript name of Ming(for ISO10646) (iicore.ttf, hkscsiic.ttf): whole only,
     * as many other names hold it. */
    if (strcmp(s->str, "Ming") == 0)
        return true;
    for (guint i = 0; i < G_N_ELEMENTS(tricky_names); i++)
        if (strstr(s->str, tricky_names[i]))
            return true;
    return false;
}
