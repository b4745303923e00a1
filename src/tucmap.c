/* tucmap: cairo's ToUnicode CMaps written compactly. See tucmap.h. */
#include "tucmap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_MAX 100 /* entries of one begin...end block (ISO 32000-1 §9.10.3, TN 5411) */
#define CODE_MAX 4    /* bytes of a code (TN 5014: up to four) */
#define DST_MAX 512   /* bytes of a destination string (TN 5411: up to 512) */

/* One code and its destination string. */
typedef struct mapping {
    guint32 code;
    guint32 dst;     /* offset of its bytes in the parsed CMap's 'dsts' */
    guint32 dst_len;
} mapping;

typedef struct parsed {
    size_t head_end;  /* the header: [0, head_end), up to "endcodespacerange\n" */
    size_t tail;      /* the trailer: [tail, n), from "endcmap\n" */
    int code_len;     /* bytes of every code */
    GArray *map;      /* mapping, sorted by code once parsed */
    GByteArray *dsts; /* the destination strings, one after another */
} parsed;

/*** Reading ***/

static bool take(const guint8 *s, size_t n, size_t *i, const char *lit)
{
    size_t l = strlen(lit);
    if (n - *i < l || memcmp(s + *i, lit, l) != 0)
        return false;
    *i += l;
    return true;
}

/* The hex string "<...>" at *i, of 1 to 'max' bytes, appended to 'out';
 * its length in *len. */
static bool hex_string(const guint8 *s, size_t n, size_t *i, size_t max, GByteArray *out, size_t *len)
{
    size_t j = *i;
    if (j >= n || s[j] != '<')
        return false;
    size_t start = ++j;
    while (j < n && g_ascii_xdigit_value(s[j]) >= 0)
        j++;
    size_t digits = j - start;
    if (j >= n || s[j] != '>' || digits == 0 || digits % 2 != 0 || digits / 2 > max)
        return false;
    for (size_t k = start; k < j; k += 2) {
        guint8 b = (guint8)(g_ascii_xdigit_value(s[k]) << 4 | g_ascii_xdigit_value(s[k + 1]));
        g_byte_array_append(out, &b, 1);
    }
    *len = digits / 2;
    *i = j + 1;
    return true;
}

static bool contains(const guint8 *s, size_t n, const char *what)
{
    return memmem(s, n, what, strlen(what)) != NULL;
}

/* Cairo's header: "/CIDInit /ProcSet findresource begin", "begincmap",
 * nothing that maps, and one codespace range "<lo> <hi>" as its end, which
 * gives the codes' length and the bytes each may take (lo[k] to hi[k]). */
static bool parse_header(const guint8 *s, size_t n, parsed *p, guint8 *lo, guint8 *hi)
{
    static const char first[] = "/CIDInit /ProcSet findresource begin\n", space[] = "1 begincodespacerange\n",
                      end[] = "endcodespacerange\n";
    const guint8 *e = memmem(s, n, end, strlen(end));
    if (!e)
        return false;
    p->head_end = (size_t)(e - s) + strlen(end);
    if (p->head_end < strlen(first) || memcmp(s, first, strlen(first)) != 0 ||
        !contains(s, p->head_end, "begincmap\n"))
        return false;
    static const char *const mapping_words[] = { "usecmap", "beginbf", "begincid", "beginnotdef" };
    for (size_t k = 0; k < G_N_ELEMENTS(mapping_words); k++)
        if (contains(s, p->head_end, mapping_words[k]))
            return false;
    const guint8 *r = memmem(s, p->head_end, space, strlen(space));
    if (!r)
        return false;
    size_t i = (size_t)(r - s) + strlen(space), lo_len, hi_len;
    GByteArray *b = g_byte_array_new();
    bool ok = hex_string(s, n, &i, CODE_MAX, b, &lo_len) && take(s, n, &i, " ") &&
              hex_string(s, n, &i, CODE_MAX, b, &hi_len) && take(s, n, &i, "\n") && i == (size_t)(e - s) &&
              lo_len == hi_len;
    if (ok) {
        p->code_len = (int)lo_len;
        memcpy(lo, b->data, lo_len);
        memcpy(hi, b->data + lo_len, lo_len);
    }
    g_byte_array_unref(b);
    return ok;
}

/* The code "<...>" at *i: p->code_len bytes, each within its range. */
static bool code(const guint8 *s, size_t n, size_t *i, const parsed *p, const guint8 *lo, const guint8 *hi,
                 GByteArray *scratch, guint32 *c)
{
    size_t len;
    g_byte_array_set_size(scratch, 0);
    if (!hex_string(s, n, i, CODE_MAX, scratch, &len) || (int)len != p->code_len)
        return false;
    *c = 0;
    for (size_t k = 0; k < len; k++) {
        if (scratch->data[k] < lo[k] || scratch->data[k] > hi[k])
            return false;
        *c = *c << 8 | scratch->data[k];
    }
    return true;
}

static int by_code(const void *a, const void *b)
{
    guint32 x = ((const mapping *)a)->code, y = ((const mapping *)b)->code;
    return (x > y) - (x < y);
}

/* The blocks "N beginbfchar" ... "endbfchar" up to "endcmap". */
static bool parse_blocks(const guint8 *s, size_t n, parsed *p, const guint8 *lo, const guint8 *hi)
{
    size_t i = p->head_end;
    GByteArray *scratch = g_byte_array_new();
    bool ok = true;
    while (ok && !take(s, n, &i, "endcmap\n")) {
        int count = 0, digits = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 3)
            count = count * 10 + (s[i++] - '0'), digits++;
        ok = count >= 1 && count <= BLOCK_MAX && take(s, n, &i, " beginbfchar\n");
        for (int k = 0; ok && k < count; k++) {
            mapping m = { 0, p->dsts->len, 0 };
            size_t len = 0;
            ok = code(s, n, &i, p, lo, hi, scratch, &m.code) && take(s, n, &i, " ") &&
                 hex_string(s, n, &i, DST_MAX, p->dsts, &len) && take(s, n, &i, "\n");
            m.dst_len = (guint32)len;
            if (ok)
                g_array_append_val(p->map, m);
        }
        ok = ok && take(s, n, &i, "endbfchar\n");
    }
    g_byte_array_unref(scratch);
    if (!ok || p->map->len == 0)
        return false;
    p->tail = i - strlen("endcmap\n");
    g_array_sort(p->map, by_code);
    for (guint k = 1; k < p->map->len; k++)
        if (g_array_index(p->map, mapping, k).code == g_array_index(p->map, mapping, k - 1).code)
            return false; /* mapped twice */
    return true;
}

/*** Writing ***/

/* How a run of codes is written. */
enum { AS_CHAR, AS_PLAIN, AS_ARRAY };

typedef struct segment {
    int how;
    guint first, last; /* indices in the sorted mapping, inclusive */
} segment;

static const guint8 *dst_of(const parsed *p, const mapping *m)
{
    return p->dsts->data + m->dst;
}

/* Whether 'b' maps to the destination of 'a' with its last byte one more
 * (the plain form of a range: no carry into the byte before). */
static bool follows(const parsed *p, const mapping *a, const mapping *b)
{
    if (a->dst_len != b->dst_len)
        return false;
    const guint8 *x = dst_of(p, a), *y = dst_of(p, b);
    size_t last = a->dst_len - 1;
    return memcmp(x, y, last) == 0 && x[last] != 0xFF && y[last] == x[last] + 1;
}

/* Cuts the run of consecutive codes m[first..last] (one last-byte page)
 * into the segments whose text is the shortest (each line's length; the
 * blocks' few words aside). */
static void cut_run(const parsed *p, guint first, guint last, GArray *segs)
{
    guint n = last - first + 1;
    const mapping *m = &g_array_index(p->map, mapping, first);
    size_t code = 2 * (size_t)p->code_len + 2; /* "<0001>" */
    /* sum[k]: the destinations "<...>" of m[0..k) together; up[k]: where
     * the plain run that ends at m[k] starts. */
    size_t *sum = g_new(size_t, n + 1), *cost = g_new(size_t, n + 1);
    guint *up = g_new(guint, n), *from = g_new(guint, n + 1);
    int *how = g_new(int, n + 1);
    sum[0] = 0;
    for (guint k = 0; k < n; k++) {
        sum[k + 1] = sum[k] + 2 * (size_t)m[k].dst_len + 2;
        up[k] = k > 0 && follows(p, &m[k - 1], &m[k]) ? up[k - 1] : k;
    }
    cost[0] = 0;
    for (guint i = 1; i <= n; i++) {
        /* m[i-1] alone: "<code> <dst>\n" */
        cost[i] = cost[i - 1] + code + 1 + (sum[i] - sum[i - 1]) + 1;
        from[i] = i - 1;
        how[i] = AS_CHAR;
        for (guint j = 0; j + 2 <= i; j++) {
            size_t both = cost[j] + 2 * code + 2; /* "<c1> <c2> " */
            /* "[<d1> <d2> ...]\n" */
            size_t array = both + 1 + (sum[i] - sum[j]) + (i - j - 1) + 2;
            if (array < cost[i]) {
                cost[i] = array;
                from[i] = j;
                how[i] = AS_ARRAY;
            }
            /* "<d1>\n" */
            size_t plain = both + (sum[j + 1] - sum[j]) + 1;
            if (up[i - 1] <= j && plain < cost[i]) {
                cost[i] = plain;
                from[i] = j;
                how[i] = AS_PLAIN;
            }
        }
    }
    guint at = segs->len;
    for (guint i = n; i > 0; i = from[i]) {
        segment sg = { how[i], first + from[i], first + i - 1 };
        g_array_insert_val(segs, at, sg);
    }
    g_free(sum);
    g_free(cost);
    g_free(up);
    g_free(from);
    g_free(how);
}

static void put_hex(GString *out, const guint8 *b, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    g_string_append_c(out, '<');
    for (size_t k = 0; k < n; k++) {
        g_string_append_c(out, digits[b[k] >> 4]);
        g_string_append_c(out, digits[b[k] & 15]);
    }
    g_string_append_c(out, '>');
}

static void put_code(GString *out, const parsed *p, guint32 c)
{
    guint8 b[CODE_MAX];
    for (int k = 0; k < p->code_len; k++)
        b[k] = (guint8)(c >> (8 * (p->code_len - 1 - k)));
    put_hex(out, b, (size_t)p->code_len);
}

static void put_dst(GString *out, const parsed *p, guint k)
{
    const mapping *m = &g_array_index(p->map, mapping, k);
    put_hex(out, dst_of(p, m), m->dst_len);
}

/* The segments written as 'word' ("bfrange" or "bfchar"): those of one kind
 * (ranges: 'chars' false) in blocks of BLOCK_MAX entries. */
static void put_blocks(GString *out, const parsed *p, const GArray *segs, bool chars, const char *word)
{
    guint total = 0, done = 0;
    for (guint k = 0; k < segs->len; k++)
        total += (g_array_index(segs, segment, k).how == AS_CHAR) == chars;
    for (guint k = 0; k < segs->len; k++) {
        const segment *sg = &g_array_index(segs, segment, k);
        if ((sg->how == AS_CHAR) != chars)
            continue;
        if (done % BLOCK_MAX == 0) {
            if (done)
                g_string_append_printf(out, "end%s\n", word);
            g_string_append_printf(out, "%u begin%s\n", MIN((guint)BLOCK_MAX, total - done), word);
        }
        done++;
        put_code(out, p, g_array_index(p->map, mapping, sg->first).code);
        g_string_append_c(out, ' ');
        if (sg->how != AS_CHAR) {
            put_code(out, p, g_array_index(p->map, mapping, sg->last).code);
            g_string_append_c(out, ' ');
        }
        if (sg->how == AS_ARRAY) {
            g_string_append_c(out, '[');
            for (guint i = sg->first; i <= sg->last; i++) {
                if (i > sg->first)
                    g_string_append_c(out, ' ');
                put_dst(out, p, i);
            }
            g_string_append_c(out, ']');
        } else {
            put_dst(out, p, sg->first);
        }
        g_string_append_c(out, '\n');
    }
    if (done)
        g_string_append_printf(out, "end%s\n", word);
}

GBytes *tucmap_compact(const guint8 *cmap, size_t n)
{
    if (!cmap)
        return NULL;
    parsed p = { 0, 0, 0, g_array_new(FALSE, FALSE, sizeof(mapping)), g_byte_array_new() };
    guint8 lo[CODE_MAX], hi[CODE_MAX];
    GBytes *res = NULL;
    if (parse_header(cmap, n, &p, lo, hi) && parse_blocks(cmap, n, &p, lo, hi)) {
        /* Runs of consecutive codes within one last-byte page. */
        GArray *segs = g_array_new(FALSE, FALSE, sizeof(segment));
        for (guint a = 0, b; a < p.map->len; a = b + 1) {
            b = a;
            while (b + 1 < p.map->len) {
                guint32 c = g_array_index(p.map, mapping, b).code, d = g_array_index(p.map, mapping, b + 1).code;
                if (d != c + 1 || (d & 0xFF) == 0)
                    break;
                b++;
            }
            cut_run(&p, a, b, segs);
        }
        GString *out = g_string_sized_new(n);
        g_string_append_len(out, (const char *)cmap, (gssize)p.head_end);
        put_blocks(out, &p, segs, false, "bfrange");
        put_blocks(out, &p, segs, true, "bfchar");
        g_string_append_len(out, (const char *)cmap + p.tail, (gssize)(n - p.tail));
        res = g_string_free_to_bytes(out);
        g_array_unref(segs);
    }
    g_array_unref(p.map);
    g_byte_array_unref(p.dsts);
    return res;
}
