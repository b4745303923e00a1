/* pdfpost: reads a PDF's header, tail, classic xref table(s) and the few
 * objects it changes (catalog, structure elements, Info, PNG placeholders)
 * with pread, and appends an incremental update (ISO 32000-1 §7.5.6) with
 * new versions of them. Dictionaries are copied as text with only the
 * changed keys edited; a placeholder image is replaced by a new image
 * dictionary whose stream is copied from the PNG's IDAT chunks. */
#include "pdfpost.h"

#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/*** Limits ***/

#define HEAD_BYTES 8             /* "%PDF-1.5" */
#define TAIL_BYTES 1024          /* 'startxref' must be within the last 1 KB, where readers look */
#define XREF_WINDOW 128          /* read for an xref subsection header or the 'trailer' keyword */
#define OBJ_READ_FIRST 1024      /* first read of an object or a trailer; grown 4× on demand */
#define OBJ_READ_MAX (1 << 20)   /* the largest object or trailer dictionary we read */
#define MAX_OBJ_NUM 8388607      /* ISO 32000-1 Annex C: the largest object number */
#define MAX_GEN 65535            /* the largest generation number */
#define MAX_SECTIONS 256         /* xref sections chained by /Prev */
#define MAX_SUBSECTIONS 100000   /* in all sections together */
#define MAX_DEPTH 64             /* nesting of arrays and dictionaries */
#define MAX_PENDING 1000000      /* structure elements waiting to be visited */
#define MAX_OFFSET 9999999999LL  /* an xref entry holds 10 digits */
#define XREF_ENTRY 20            /* bytes per xref entry, end of line included */
#define XREF_BLOCK 4096          /* xref entries read at once when walking every object */
#define HEAD_READ 1024           /* read of an object's start when looking for placeholders: cairo's
                                    image dictionaries take ~220 bytes; a longer one is not ours */
#define COPY_PIECE (64 * 1024)   /* PNG data is copied in pieces of this size */
#define STREAM_END "\nendstream\nendobj\n"

GQuark pdfpost_error_quark(void)
{
    return g_quark_from_static_string("tripreport-pdfpost-error-quark");
}

#define MSG_DAMAGED "is a truncated or damaged PDF (%s)"
#define MSG_XREF_STREAM "uses a cross-reference stream, which is not supported (cairo 1.16 writes a table)"

/*** Lexing ***/

/* The result of parsing from a buffer: P_MORE means the buffer ended
 * inside the value, so a longer read may succeed. */
enum { P_OK, P_BAD, P_MORE };

static bool is_ws(guint8 c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool is_delim(guint8 c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' ||
           c == '/' || c == '%';
}

static bool is_regular(guint8 c)
{
    return !is_ws(c) && !is_delim(c);
}

static bool is_digit(guint8 c)
{
    return c >= '0' && c <= '9';
}

/* Skips white space and comments from *i. */
static void skip_ws(const guint8 *b, size_t n, size_t *i)
{
    while (*i < n) {
        if (is_ws(b[*i]))
            (*i)++;
        else if (b[*i] == '%')
            while (*i < n && b[*i] != '\n' && b[*i] != '\r')
                (*i)++;
        else
            break;
    }
}

/* Reads the unsigned integer b[s, e) (digits only) if it is at most 'max'. */
static bool parse_uint(const guint8 *b, size_t s, size_t e, gint64 max, gint64 *out)
{
    if (s >= e)
        return false;
    gint64 v = 0;
    for (size_t i = s; i < e; i++) {
        if (!is_digit(b[i]))
            return false;
        v = v * 10 + (b[i] - '0');
        if (v > max)
            return false;
    }
    *out = v;
    return true;
}

/* Skips a run of digits from *i; P_MORE if it reaches the end. */
static int skip_digits(const guint8 *b, size_t n, size_t *i)
{
    while (*i < n && is_digit(b[*i]))
        (*i)++;
    return *i < n ? P_OK : P_MORE;
}

static int skip_value(const guint8 *b, size_t n, size_t *i, int depth);

/* Skips "<< key value ... >>" from *i (at "<<"). */
static int skip_dict_or_array(const guint8 *b, size_t n, size_t *i, int depth, bool dict)
{
    *i += dict ? 2 : 1;
    for (;;) {
        skip_ws(b, n, i);
        if (*i >= n)
            return P_MORE;
        if (dict && b[*i] == '>') {
            if (*i + 1 >= n)
                return P_MORE;
            if (b[*i + 1] != '>')
                return P_BAD;
            *i += 2;
            return P_OK;
        }
        if (!dict && b[*i] == ']') {
            (*i)++;
            return P_OK;
        }
        int r = skip_value(b, n, i, depth + 1);
        if (r != P_OK)
            return r;
    }
}

/* Skips one value from *i (at its first byte): a dictionary, an array, a
 * string, a name, a number, a keyword, or an indirect reference "n g R". */
static int skip_value(const guint8 *b, size_t n, size_t *i, int depth)
{
    if (*i >= n)
        return P_MORE;
    if (depth > MAX_DEPTH)
        return P_BAD;
    guint8 c = b[*i];
    if (c == '<') {
        if (*i + 1 >= n)
            return P_MORE;
        if (b[*i + 1] == '<')
            return skip_dict_or_array(b, n, i, depth, true);
        for ((*i)++; *i < n && b[*i] != '>'; (*i)++)
            if (!g_ascii_isxdigit(b[*i]) && !is_ws(b[*i]))
                return P_BAD;
        if (*i >= n)
            return P_MORE;
        (*i)++;
        return P_OK;
    }
    if (c == '[')
        return skip_dict_or_array(b, n, i, depth, false);
    if (c == '(') {
        int open = 1;
        for ((*i)++; *i < n; (*i)++) {
            if (b[*i] == '\\')
                (*i)++;
            else if (b[*i] == '(')
                open++;
            else if (b[*i] == ')' && --open == 0) {
                (*i)++;
                return P_OK;
            }
        }
        return P_MORE;
    }
    if (c == '/') {
        for ((*i)++; *i < n && is_regular(b[*i]); (*i)++)
            ;
        return *i < n ? P_OK : P_MORE;
    }
    if (!is_regular(c))
        return P_BAD;
    size_t s = *i;
    while (*i < n && is_regular(b[*i]))
        (*i)++;
    if (*i >= n)
        return P_MORE;
    /* An integer may start "n g R": look ahead for the rest. */
    for (size_t k = s; k < *i; k++)
        if (!is_digit(b[k]))
            return P_OK;
    size_t j = *i;
    skip_ws(b, n, &j);
    if (j >= n)
        return P_MORE;
    if (!is_digit(b[j]))
        return P_OK;
    if (skip_digits(b, n, &j) != P_OK)
        return P_MORE;
    if (is_regular(b[j]))
        return P_OK;
    skip_ws(b, n, &j);
    if (j >= n)
        return P_MORE;
    if (b[j] != 'R')
        return P_OK;
    if (j + 1 >= n)
        return P_MORE;
    if (is_regular(b[j + 1]))
        return P_OK;
    *i = j + 1;
    return P_OK;
}

/*** Dictionaries ***/

/* One "key value" pair: positions in the buffer the dictionary was read into. */
typedef struct entry {
    size_t k, k_end; /* the key, '/' included */
    size_t v, v_end; /* the value */
} entry;

/* Parses the dictionary at *i ("<<") into 'out' and leaves *i after ">>". */
static int dict_parse(const guint8 *b, size_t n, size_t *i, GArray *out)
{
    g_array_set_size(out, 0);
    *i += 2;
    for (;;) {
        skip_ws(b, n, i);
        if (*i >= n)
            return P_MORE;
        if (b[*i] == '>') {
            if (*i + 1 >= n)
                return P_MORE;
            if (b[*i + 1] != '>')
                return P_BAD;
            *i += 2;
            return P_OK;
        }
        if (b[*i] != '/')
            return P_BAD;
        entry e;
        e.k = *i;
        int r = skip_value(b, n, i, 1);
        if (r != P_OK)
            return r;
        e.k_end = *i;
        skip_ws(b, n, i);
        e.v = *i;
        r = skip_value(b, n, i, 1);
        if (r != P_OK)
            return r;
        e.v_end = *i;
        g_array_append_val(out, e);
    }
}

/* The entry of 'key' (without the '/'), or NULL. */
static const entry *dict_get(const GArray *d, const guint8 *b, const char *key)
{
    size_t len = strlen(key);
    for (guint i = 0; i < d->len; i++) {
        const entry *e = &g_array_index(d, entry, i);
        if (e->k_end - e->k == len + 1 && memcmp(b + e->k + 1, key, len) == 0)
            return e;
    }
    return NULL;
}

/* True if the value b[s, e) is the name '/name'. */
static bool val_is_name(const guint8 *b, size_t s, size_t e, const char *name)
{
    size_t len = strlen(name);
    return e - s == len + 1 && b[s] == '/' && memcmp(b + s + 1, name, len) == 0;
}

/* Reads the value b[s, e) as an indirect reference "num gen R". */
static bool val_ref(const guint8 *b, size_t s, size_t e, gint64 *num, gint64 *gen)
{
    size_t i = s, t = s;
    while (i < e && is_digit(b[i]))
        i++;
    if (!parse_uint(b, t, i, MAX_OBJ_NUM, num) || *num < 1)
        return false;
    skip_ws(b, e, &i);
    t = i;
    while (i < e && is_digit(b[i]))
        i++;
    if (!parse_uint(b, t, i, MAX_GEN, gen))
        return false;
    skip_ws(b, e, &i);
    return i + 1 == e && b[i] == 'R';
}

/* A key to set in a dictionary; 'val' NULL: no change. */
typedef struct edit {
    const char *key; /* without the '/' */
    const char *val; /* the value's PDF text */
} edit;

/* Appends the dictionary b[s, e) ("<<" to ">>") to 'out' with 'edits'
 * applied: a key present gets the new value in place of the old one (every
 * occurrence), a key absent is added before the closing ">>", on a line of
 * its own indented as cairo does when the dictionary is written in lines,
 * else followed by a space. Everything else is copied byte for byte. */
static void dict_edit(GString *out, const guint8 *b, size_t s, size_t e, const GArray *d, const edit *edits,
                      int n_edits)
{
    bool done[8] = { false };
    g_assert(n_edits <= (int)G_N_ELEMENTS(done));
    size_t pos = s;
    for (guint i = 0; i < d->len; i++) {
        const entry *en = &g_array_index(d, entry, i);
        for (int k = 0; k < n_edits; k++) {
            size_t len = strlen(edits[k].key);
            if (!edits[k].val || en->k_end - en->k != len + 1 || memcmp(b + en->k + 1, edits[k].key, len) != 0)
                continue;
            g_string_append_len(out, (const char *)b + pos, (gssize)(en->v - pos));
            g_string_append(out, edits[k].val);
            pos = en->v_end;
            done[k] = true;
            break;
        }
    }
    size_t close = e - 2;
    g_string_append_len(out, (const char *)b + pos, (gssize)(close - pos));
    bool lines = close > s + 2 && b[close - 1] == '\n';
    bool space = close > s + 2 && is_ws(b[close - 1]);
    for (int k = 0; k < n_edits; k++) {
        if (!edits[k].val || done[k])
            continue;
        g_string_append_printf(out, lines ? "   /%s %s\n" : space ? "/%s %s " : " /%s %s ", edits[k].key, edits[k].val);
        space = true;
    }
    g_string_append(out, ">>");
}

/*** PDF strings ***/

/* Appends 's' as a literal string "(...)" with \ ( ) escaped and bytes
 * outside printable ASCII written as octal escapes. */
static void append_literal(GString *out, const char *s)
{
    g_string_append_c(out, '(');
    for (const guint8 *p = (const guint8 *)s; *p; p++) {
        if (*p == '\\' || *p == '(' || *p == ')')
            g_string_append_printf(out, "\\%c", *p);
        else if (*p < 0x20 || *p > 0x7e)
            g_string_append_printf(out, "\\%03o", *p);
        else
            g_string_append_c(out, (char)*p);
    }
    g_string_append_c(out, ')');
}

/* Appends UTF-8 's' as a text string in UTF-16BE with a BOM, written as a
 * hex string "<FEFF...>" (hex strings need no escaping). */
static void append_utf16_hex(GString *out, const char *s)
{
    glong n = 0;
    gunichar2 *u = g_utf8_to_utf16(s, -1, NULL, &n, NULL);
    g_string_append(out, "<FEFF");
    for (glong i = 0; u && i < n; i++)
        g_string_append_printf(out, "%04X", (unsigned)u[i]);
    g_string_append_c(out, '>');
    g_free(u);
}

/* Appends 's' as a text string: literal when it is printable ASCII (as
 * "(ja)"), UTF-16BE hex otherwise. */
static void append_text(GString *out, const char *s)
{
    for (const guint8 *p = (const guint8 *)s; *p; p++)
        if (*p < 0x20 || *p > 0x7e) {
            append_utf16_hex(out, s);
            return;
        }
    append_literal(out, s);
}

/*** Reading the file ***/

/* An xref subsection: objects first .. first + count - 1, their 20-byte
 * entries starting at file offset 'entries'. */
typedef struct xref_sub {
    gint64 first, count;
    gint64 entries;
} xref_sub;

/* The file being amended. */
typedef struct pdf {
    int fd;
    gint64 size;        /* bytes, before the update */
    GArray *subs;       /* xref_sub, the newest section's first */
    GError **err;       /* never NULL; the first error is kept */
} pdf;

/* One indirect object or the trailer, read into its own buffer. */
typedef struct pobj {
    gint64 num, gen;
    guint8 *buf;
    size_t len;
    size_t v, v_end;    /* the value: after "num gen obj", or after "trailer" */
    GArray *dict;       /* entries, when the value is a dictionary */
    bool stream;        /* the dictionary of a stream (read with 'stream_ok' only) */
} pobj;

static void pobj_clear(pobj *o)
{
    g_free(o->buf);
    if (o->dict)
        g_array_unref(o->dict);
    memset(o, 0, sizeof *o);
}

static bool fail(pdf *p, int code, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static bool fail(pdf *p, int code, const char *fmt, ...)
{
    if (!*p->err) {
        va_list ap;
        va_start(ap, fmt);
        char *m = g_strdup_vprintf(fmt, ap);
        va_end(ap);
        g_set_error_literal(p->err, PDFPOST_ERROR, code, m);
        g_free(m);
    }
    return false;
}

static bool damaged(pdf *p, const char *why)
{
    return fail(p, PDFPOST_ERROR_FORMAT, MSG_DAMAGED, why);
}

/* Reads up to 'want' bytes at 'off' into a new buffer (one byte more, NUL). */
static bool read_at(pdf *p, gint64 off, size_t want, guint8 **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (off < 0 || off > p->size)
        return damaged(p, "an offset points outside the file");
    size_t avail = (size_t)MIN((gint64)want, p->size - off);
    guint8 *buf = g_malloc(avail + 1);
    size_t got = 0;
    while (got < avail) {
        ssize_t r = pread(p->fd, buf + got, avail - got, (off_t)(off + (gint64)got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            g_free(buf);
            return fail(p, PDFPOST_ERROR_IO, "cannot be read (%s)", g_strerror(e));
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    buf[got] = 0;
    *out = buf;
    *len = got;
    return true;
}

/* Parses what starts at b[0]: "num gen obj value endobj" when 'num' > 0,
 * "trailer <<...>>" when 'num' is 0; with 'stream_ok', also "num gen obj
 * <<...>> stream" (then o->stream is set; the data is not read). */
static int parse_obj(const guint8 *b, size_t n, gint64 num, pobj *o, bool stream_ok)
{
    size_t i = 0;
    skip_ws(b, n, &i);
    if (num == 0) {
        if (n - i < 7)
            return P_MORE;
        if (memcmp(b + i, "trailer", 7) != 0)
            return P_BAD;
        i += 7;
    } else {
        size_t s = i;
        if (skip_digits(b, n, &i) != P_OK)
            return P_MORE;
        gint64 got_num, got_gen;
        if (!parse_uint(b, s, i, MAX_OBJ_NUM, &got_num) || got_num != num)
            return P_BAD;
        skip_ws(b, n, &i);
        s = i;
        if (skip_digits(b, n, &i) != P_OK)
            return P_MORE;
        if (!parse_uint(b, s, i, MAX_GEN, &got_gen) || got_gen != o->gen)
            return P_BAD;
        skip_ws(b, n, &i);
        if (n - i < 3)
            return P_MORE;
        if (memcmp(b + i, "obj", 3) != 0)
            return P_BAD;
        i += 3;
    }
    skip_ws(b, n, &i);
    if (i >= n)
        return P_MORE;
    o->v = i;
    int r;
    if (b[i] == '<' && i + 1 < n && b[i + 1] == '<') {
        o->dict = o->dict ? o->dict : g_array_new(FALSE, FALSE, sizeof(entry));
        r = dict_parse(b, n, &i, o->dict);
    } else {
        if (num == 0)
            return P_BAD;
        r = skip_value(b, n, &i, 0);
    }
    if (r != P_OK)
        return r;
    o->v_end = i;
    if (num == 0)
        return P_OK;
    /* Only plain objects: a stream's dictionary is not ours to copy. */
    skip_ws(b, n, &i);
    if (n - i < 6)
        return P_MORE;
    if (stream_ok && o->dict && memcmp(b + i, "stream", 6) == 0) {
        o->stream = true;
        return P_OK;
    }
    return memcmp(b + i, "endobj", 6) == 0 ? P_OK : P_BAD;
}

/* Reads object 'num' (generation 'gen') or, with 'num' 0, the trailer at
 * 'off' into 'o': 1 KB first, 4× more while the value goes on (to 1 MB). */
static bool load_at(pdf *p, gint64 off, gint64 num, gint64 gen, pobj *o)
{
    memset(o, 0, sizeof *o);
    o->num = num;
    o->gen = gen;
    for (size_t want = OBJ_READ_FIRST;; want *= 4) {
        g_free(o->buf);
        if (!read_at(p, off, want, &o->buf, &o->len)) {
            pobj_clear(o);
            return false;
        }
        int r = parse_obj(o->buf, o->len, num, o, false);
        if (r == P_OK)
            return true;
        if (r == P_MORE && o->len == want && want < OBJ_READ_MAX)
            continue;
        bool too_large = r == P_MORE && o->len == want;
        pobj_clear(o);
        if (num == 0)
            return damaged(p, too_large ? "its trailer is too large" : "its trailer is damaged");
        char *why = g_strdup_printf("object %" G_GINT64_FORMAT " is %s", num, too_large ? "too large" : "damaged");
        damaged(p, why);
        g_free(why);
        return false;
    }
}

/* Finds object 'num' in the xref sections, newest first: 1 found (its
 * offset and generation set), 0 free or absent, -1 error. */
static int xref_find(pdf *p, gint64 num, gint64 *off, gint64 *gen)
{
    for (guint i = 0; i < p->subs->len; i++) {
        const xref_sub *s = &g_array_index(p->subs, xref_sub, i);
        if (num < s->first || num >= s->first + s->count)
            continue;
        guint8 *e;
        size_t len;
        if (!read_at(p, s->entries + (num - s->first) * XREF_ENTRY, XREF_ENTRY, &e, &len))
            return -1;
        bool ok = len == XREF_ENTRY && e[10] == ' ' && e[16] == ' ' && (e[17] == 'n' || e[17] == 'f') &&
                  parse_uint(e, 0, 10, MAX_OFFSET, off) && parse_uint(e, 11, 16, MAX_GEN, gen);
        char type = ok ? (char)e[17] : 0;
        g_free(e);
        if (!ok) {
            damaged(p, "its cross-reference table is damaged");
            return -1;
        }
        return type == 'n' ? 1 : 0;
    }
    return 0;
}

/* Reads object 'num' 'gen' (in use in the newest version) into 'o'. */
static bool load_obj(pdf *p, gint64 num, gint64 want_gen, pobj *o)
{
    gint64 off, gen;
    int r = xref_find(p, num, &off, &gen);
    if (r < 0)
        return false;
    if (r == 0 || gen != want_gen) {
        char *why = g_strdup_printf("object %" G_GINT64_FORMAT " is missing", num);
        damaged(p, why);
        g_free(why);
        return false;
    }
    return load_at(p, off, num, gen, o);
}

/* Reads the xref section at 'off': its subsections are appended to
 * p->subs and its trailer read into 'trailer'. */
static bool read_section(pdf *p, gint64 off, pobj *trailer)
{
    guint8 *b;
    size_t n, i = 0;
    if (!read_at(p, off, XREF_WINDOW, &b, &n))
        return false;
    while (i < n && is_ws(b[i]))
        i++;
    bool is_xref = n - i >= 4 && memcmp(b + i, "xref", 4) == 0;
    /* "n g obj << /Type /XRef ...": a cross-reference stream (PDF 1.5). */
    bool is_stream = !is_xref && i < n && is_digit(b[i]) && memmem(b + i, n - i, " obj", 4) &&
                     memmem(b + i, n - i, "/XRef", 5);
    g_free(b);
    if (is_stream)
        return fail(p, PDFPOST_ERROR_FORMAT, MSG_XREF_STREAM);
    if (!is_xref)
        return damaged(p, "'startxref' does not point to a cross-reference table");
    gint64 pos = off + (gint64)i + 4;
    for (;;) {
        if (!read_at(p, pos, XREF_WINDOW, &b, &n))
            return false;
        i = 0;
        while (i < n && is_ws(b[i]))
            i++;
        if (n - i >= 7 && memcmp(b + i, "trailer", 7) == 0) {
            g_free(b);
            return load_at(p, pos + (gint64)i, 0, 0, trailer);
        }
        size_t s = i;
        while (i < n && is_digit(b[i]))
            i++;
        xref_sub sub;
        bool ok = parse_uint(b, s, i, MAX_OBJ_NUM, &sub.first) && i < n && b[i] == ' ';
        while (ok && i < n && b[i] == ' ')
            i++;
        s = i;
        while (ok && i < n && is_digit(b[i]))
            i++;
        ok = ok && parse_uint(b, s, i, MAX_OBJ_NUM + 1 - sub.first, &sub.count);
        while (ok && i < n && is_ws(b[i]))
            i++;
        ok = ok && (sub.count == 0 || (i < n && is_digit(b[i])));
        g_free(b);
        sub.entries = pos + (gint64)i;
        if (!ok || sub.entries + sub.count * XREF_ENTRY > p->size || p->subs->len >= MAX_SUBSECTIONS)
            return damaged(p, "its cross-reference table is damaged");
        g_array_append_val(p->subs, sub);
        pos = sub.entries + sub.count * XREF_ENTRY;
    }
}

/* Finds the offset after the last 'startxref' in the file's tail 'b'. */
static bool find_startxref(pdf *p, const guint8 *b, size_t n, gint64 *off)
{
    const char *kw = "startxref";
    size_t kl = strlen(kw);
    for (size_t at = n >= kl ? n - kl + 1 : 0; at-- > 0;) {
        if (memcmp(b + at, kw, kl) != 0)
            continue;
        size_t i = at + kl;
        skip_ws(b, n, &i);
        size_t s = i;
        while (i < n && is_digit(b[i]))
            i++;
        if (!parse_uint(b, s, i, MAX_OFFSET, off) || *off >= p->size)
            return damaged(p, "its 'startxref' is not a valid offset");
        while (i < n && is_ws(b[i])) /* not skip_ws: "%%EOF" looks like a comment */
            i++;
        if (n - i < 5 || memcmp(b + i, "%%EOF", 5) != 0)
            return damaged(p, "it does not end with '%%EOF'");
        return true;
    }
    return damaged(p, "no 'startxref' at its end");
}

/*** The update ***/

/* An indirect reference. */
typedef struct ref {
    gint64 num, gen;
} ref;

/* A new version of one object. */
typedef struct update {
    gint64 num, gen;
    char *text;         /* "num gen obj ... endobj\n"; with 'png': "num gen obj <<...>>\nstream\n" */
    const pdfpost_png *png; /* NULL, or the PNG whose IDAT data follows 'text', then STREAM_END */
} update;

static void update_clear(gpointer data)
{
    g_free(((update *)data)->text);
}

/* Adds a new version of 'o' with 'edits' applied, if that changes it. */
static void add_edited(GArray *ups, const pobj *o, const edit *edits, int n_edits)
{
    GString *d = g_string_new(NULL);
    dict_edit(d, o->buf, o->v, o->v_end, o->dict, edits, n_edits);
    if (d->len == o->v_end - o->v && memcmp(d->str, o->buf + o->v, d->len) == 0) {
        g_string_free(d, TRUE);
        return;
    }
    update u = { o->num, o->gen, NULL, NULL };
    u.text = g_strdup_printf("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " obj\n%s\nendobj\n", o->num, o->gen, d->str);
    g_string_free(d, TRUE);
    g_array_append_val(ups, u);
}

/* Appends the structure elements the /K value b[s, e) refers to, in order;
 * false (err set) for a direct Figure element, which cannot be amended. */
static bool collect_kids(pdf *p, const guint8 *b, size_t s, size_t e, GArray *kids)
{
    ref r;
    if (s >= e)
        return true;
    if (val_ref(b, s, e, &r.num, &r.gen)) {
        g_array_append_val(kids, r);
        return true;
    }
    if (b[s] == '<' && e - s >= 2 && b[s + 1] == '<') {
        GArray *d = g_array_new(FALSE, FALSE, sizeof(entry));
        size_t i = s;
        bool figure = false;
        if (dict_parse(b, e, &i, d) == P_OK) {
            const entry *st = dict_get(d, b, "S");
            figure = st && val_is_name(b, st->v, st->v_end, "Figure");
        }
        g_array_unref(d);
        if (figure)
            return fail(p, PDFPOST_ERROR_FORMAT, "has a Figure structure element that is not an indirect object");
        return true; /* a marked-content or object reference, or a leaf element */
    }
    if (b[s] != '[')
        return true; /* a marked-content id */
    size_t i = s + 1;
    for (;;) {
        skip_ws(b, e, &i);
        if (i >= e || b[i] == ']')
            return true;
        size_t v = i;
        if (skip_value(b, e, &i, 1) != P_OK)
            return damaged(p, "its structure tree is damaged");
        if (!collect_kids(p, b, v, i, kids))
            return false;
    }
}

/* Pushes the 'kids' not yet visited on 'stack', the first on top. */
static bool push_kids(pdf *p, GArray *stack, const GArray *kids, GHashTable *seen)
{
    for (guint j = kids->len; j-- > 0;) {
        ref r = g_array_index(kids, ref, j);
        if (g_hash_table_contains(seen, GINT_TO_POINTER((int)r.num)))
            continue;
        if (stack->len >= MAX_PENDING)
            return fail(p, PDFPOST_ERROR_FORMAT, "has a structure tree too large to amend");
        g_array_append_val(stack, r);
    }
    return true;
}

/* Walks the structure tree from the /StructTreeRoot value b[s, e) of the
 * catalog, depth-first in document order, counting the Figure elements and
 * adding new versions of them with /Alt (while 'alts' has one). */
static bool walk_figures(pdf *p, const guint8 *b, size_t s, size_t e, const pdfpost_info *info, GArray *ups,
                         int *n_figures)
{
    bool ok = false;
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(ref));
    GArray *kids = g_array_new(FALSE, FALSE, sizeof(ref));
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    pobj root = { 0 };
    ref r;
    *n_figures = 0;

    /* The root: an indirect dictionary (as cairo writes it) or a direct one. */
    const guint8 *rb = b;
    size_t rs = s, re = e;
    if (val_ref(b, s, e, &r.num, &r.gen)) {
        if (!load_obj(p, r.num, r.gen, &root))
            goto out;
        rb = root.buf;
        rs = root.v;
        re = root.v_end;
    }
    GArray *rd = g_array_new(FALSE, FALSE, sizeof(entry));
    size_t i = rs;
    bool rok = re - rs >= 2 && rb[rs] == '<' && rb[rs + 1] == '<' && dict_parse(rb, re, &i, rd) == P_OK;
    const entry *k = rok ? dict_get(rd, rb, "K") : NULL;
    rok = rok && (!k || collect_kids(p, rb, k->v, k->v_end, kids));
    g_array_unref(rd);
    if (!rok) {
        if (!*p->err)
            damaged(p, "its structure tree root is damaged");
        goto out;
    }
    if (!push_kids(p, stack, kids, seen))
        goto out;

    while (stack->len > 0) {
        r = g_array_index(stack, ref, stack->len - 1);
        g_array_set_size(stack, stack->len - 1);
        if (!g_hash_table_add(seen, GINT_TO_POINTER((int)r.num)))
            continue; /* a loop or a shared kid: visit each element once */
        pobj o;
        if (!load_obj(p, r.num, r.gen, &o))
            goto out;
        if (!o.dict) {
            pobj_clear(&o);
            damaged(p, "its structure tree is damaged");
            goto out;
        }
        const entry *t = dict_get(o.dict, o.buf, "Type");
        const entry *st = dict_get(o.dict, o.buf, "S");
        if ((t && (val_is_name(o.buf, t->v, t->v_end, "MCR") || val_is_name(o.buf, t->v, t->v_end, "OBJR"))) || !st) {
            pobj_clear(&o);
            continue;
        }
        if (val_is_name(o.buf, st->v, st->v_end, "Figure")) {
            int idx = (*n_figures)++;
            if (idx < info->n_figure_alts && info->figure_alts && info->figure_alts[idx]) {
                GString *alt = g_string_new(NULL);
                append_utf16_hex(alt, info->figure_alts[idx]);
                edit ed = { "Alt", alt->str };
                add_edited(ups, &o, &ed, 1);
                g_string_free(alt, TRUE);
            }
        }
        const entry *kk = dict_get(o.dict, o.buf, "K");
        g_array_set_size(kids, 0);
        bool kok = !kk || collect_kids(p, o.buf, kk->v, kk->v_end, kids);
        pobj_clear(&o);
        if (!kok)
            goto out;
        if (!push_kids(p, stack, kids, seen))
            goto out;
    }
    ok = true;
out:
    pobj_clear(&root);
    g_hash_table_unref(seen);
    g_array_unref(kids);
    g_array_unref(stack);
    return ok;
}

/* The Info value for a date entry: "(D:...)" for cairo's "(2024...)". */
static char *prefixed_date(const pobj *o, const char *key)
{
    const entry *e = dict_get(o->dict, o->buf, key);
    if (!e || e->v_end - e->v < 3 || o->buf[e->v] != '(' || !is_digit(o->buf[e->v + 1]))
        return NULL;
    return g_strdup_printf("(D:%.*s", (int)(e->v_end - e->v - 1), (const char *)o->buf + e->v + 1);
}

/* Adds a new version of the Info dictionary 'info_ref' (num 0: there is
 * none) with "D:" dates and /ModDate; with no Info and a /ModDate to
 * write, a new Info object numbered *size, and *size grows by one. */
static bool add_info(pdf *p, const pdfpost_info *info, ref info_ref, gint64 *size, gint64 *new_info, GArray *ups)
{
    *new_info = 0;
    if (!info->fix_dates && !info->mod_date)
        return true;
    GString *mod = NULL;
    if (info->mod_date) {
        mod = g_string_new(NULL);
        append_literal(mod, info->mod_date);
    }
    bool ok = false;
    if (info_ref.num > 0) {
        pobj o;
        if (!load_obj(p, info_ref.num, info_ref.gen, &o))
            goto out;
        if (!o.dict) {
            pobj_clear(&o);
            damaged(p, "its Info is not a dictionary");
            goto out;
        }
        char *cd = info->fix_dates ? prefixed_date(&o, "CreationDate") : NULL;
        char *md = mod ? g_strdup(mod->str) : info->fix_dates ? prefixed_date(&o, "ModDate") : NULL;
        edit eds[2] = { { "CreationDate", cd }, { "ModDate", md } };
        add_edited(ups, &o, eds, 2);
        g_free(cd);
        g_free(md);
        pobj_clear(&o);
    } else if (mod) {
        gint64 off, gen;
        int used = *size <= MAX_OBJ_NUM ? xref_find(p, *size, &off, &gen) : -1;
        if (used != 0) {
            if (!*p->err)
                damaged(p, "its trailer's /Size is too small");
            goto out;
        }
        *new_info = (*size)++;
        update u = { *new_info, 0, NULL, NULL };
        u.text = g_strdup_printf("%" G_GINT64_FORMAT " 0 obj\n<< /ModDate %s >>\nendobj\n", *new_info, mod->str);
        g_array_append_val(ups, u);
    }
    ok = true;
out:
    if (mod)
        g_string_free(mod, TRUE);
    return ok;
}

/*** PNGs in place of their placeholders ***/

static bool write_at(int fd, const char *data, size_t len, gint64 off);

/* Where a PNG's placeholder image was found. */
typedef struct found {
    gint64 num, gen;
    int count;          /* image objects of the placeholder's size: must be 1 */
    char *interpolate;  /* the placeholder's /Interpolate value, or NULL */
} found;

/* An integer value b[s, e) that fits in an int. */
static bool val_int(const guint8 *b, size_t s, size_t e, int *out)
{
    gint64 v;
    if (!parse_uint(b, s, e, G_MAXINT, &v))
        return false;
    *out = (int)v;
    return true;
}

/* Looks at object 'num' at 'off': if it is an image XObject of one of the
 * placeholders' sizes, counts it in 'f'. Objects it cannot read as "num gen
 * obj << ... >> stream" within HEAD_READ bytes are not placeholders. */
static bool look_at(pdf *p, gint64 num, gint64 gen, gint64 off, const pdfpost_info *info, found *f)
{
    pobj o;
    memset(&o, 0, sizeof o);
    o.num = num;
    o.gen = gen;
    if (!read_at(p, off, HEAD_READ, &o.buf, &o.len))
        return false;
    if (parse_obj(o.buf, o.len, num, &o, true) == P_OK && o.stream) {
        const entry *st = dict_get(o.dict, o.buf, "Subtype");
        const entry *w = dict_get(o.dict, o.buf, "Width");
        const entry *h = dict_get(o.dict, o.buf, "Height");
        int wv, hv;
        if (st && w && h && val_is_name(o.buf, st->v, st->v_end, "Image") && val_int(o.buf, w->v, w->v_end, &wv) &&
            val_int(o.buf, h->v, h->v_end, &hv)) {
            for (int k = 0; k < info->n_pngs; k++) {
                if (info->pngs[k].placeholder_w != wv || info->pngs[k].placeholder_h != hv)
                    continue;
                if (f[k].count++ == 0) {
                    const entry *ip = dict_get(o.dict, o.buf, "Interpolate");
                    f[k].num = num;
                    f[k].gen = gen;
                    f[k].interpolate =
                        ip ? g_strndup((const char *)o.buf + ip->v, (gsize)(ip->v_end - ip->v)) : NULL;
                }
            }
        }
    }
    pobj_clear(&o);
    return true;
}

/* Walks every object in use in the newest version (the xref sections newest
 * first, each object number once, below the trailer's /Size), reading the
 * entries XREF_BLOCK at a time, and finds the placeholders. */
static bool find_placeholders(pdf *p, gint64 size, const pdfpost_info *info, found *f)
{
    guint8 *seen = g_malloc0((gsize)(size / 8 + 1));
    bool ok = false;
    for (guint i = 0; i < p->subs->len; i++) {
        const xref_sub *s = &g_array_index(p->subs, xref_sub, i);
        for (gint64 j = 0; j < s->count; j += XREF_BLOCK) {
            gint64 n = MIN((gint64)XREF_BLOCK, s->count - j);
            guint8 *e;
            size_t len;
            if (!read_at(p, s->entries + j * XREF_ENTRY, (size_t)(n * XREF_ENTRY), &e, &len))
                goto out;
            if (len != (size_t)(n * XREF_ENTRY)) {
                g_free(e);
                damaged(p, "its cross-reference table is damaged");
                goto out;
            }
            for (gint64 k = 0; k < n; k++) {
                gint64 num = s->first + j + k, off, gen;
                if (num == 0 || num >= size || (seen[num / 8] & (1u << (num % 8))))
                    continue;
                seen[num / 8] |= (guint8)(1u << (num % 8));
                const guint8 *x = e + k * XREF_ENTRY;
                if (!(x[10] == ' ' && x[16] == ' ' && (x[17] == 'n' || x[17] == 'f') &&
                      parse_uint(x, 0, 10, MAX_OFFSET, &off) && parse_uint(x, 11, 16, MAX_GEN, &gen))) {
                    g_free(e);
                    damaged(p, "its cross-reference table is damaged");
                    goto out;
                }
                if (x[17] == 'n' && !look_at(p, num, gen, off, info, f)) {
                    g_free(e);
                    goto out;
                }
            }
            g_free(e);
        }
    }
    ok = true;
    for (int k = 0; ok && k < info->n_pngs; k++) {
        const pdfpost_png *g = &info->pngs[k];
        if (f[k].count != 1)
            ok = fail(p, PDFPOST_ERROR_IMAGE,
                      f[k].count == 0 ? "has no placeholder image (%d×%d pixels) for the PNG '%s'"
                                      : "has more than one image of %d×%d pixels, the placeholder for the PNG '%s'",
                      g->placeholder_w, g->placeholder_h, g->path);
    }
out:
    g_free(seen);
    return ok;
}

/* Reads exactly 'len' bytes at 'off' of 'fd'; false at the end of the file
 * (errno 0) or on an error (errno set). */
static bool pread_all(int fd, void *buf, size_t len, gint64 off)
{
    size_t got = 0;
    while (got < len) {
        ssize_t r = pread(fd, (char *)buf + got, len - got, (off_t)(off + (gint64)got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = 0;
            return false;
        }
        got += (size_t)r;
    }
    return true;
}

static uint32_t be32(const guint8 *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Reads the IDAT chunks of PNG 'g' (one run of g->idat_chunks from
 * g->idat_offset, not followed by another IDAT) and checks each chunk's CRC
 * and the run's length and CRC-32 against 'g'. When 'at' >= 0, also writes
 * the chunks' data to the PDF from offset 'at', as it goes (64 KB at a time). */
static bool png_idat(pdf *p, const pdfpost_png *g, gint64 at)
{
    GError *oe = NULL;
    int fd = infile_open(g->path, INFILE_IMAGE, NULL, &oe); /* a regular file, never a FIFO */
    if (fd < 0) {
        fail(p, PDFPOST_ERROR_IO, "cannot read the PNG '%s' (it %s)", g->path, oe->message);
        g_error_free(oe);
        return false;
    }
    guint8 *buf = g_malloc(COPY_PIECE);
    gint64 pos = g->idat_offset, total = 0;
    uLong crc = crc32(0L, Z_NULL, 0);
    bool ok = false, changed = false;
    for (int c = 0; c <= g->idat_chunks; c++) {
        guint8 hdr[8];
        bool got = pread_all(fd, hdr, sizeof hdr, pos);
        if (!got && errno)
            goto io;
        bool idat = got && memcmp(hdr + 4, "IDAT", 4) == 0;
        if (c == g->idat_chunks) { /* the run must end here */
            changed = idat;
            break;
        }
        uint32_t len = got ? be32(hdr) : 0;
        if (!idat || len > 0x7FFFFFFFu || len > g->idat_bytes - total) {
            changed = true;
            break;
        }
        uLong chunk_crc = crc32(0L, hdr + 4, 4);
        for (uint32_t done = 0; done < len;) {
            size_t n = MIN((size_t)(len - done), (size_t)COPY_PIECE);
            if (!pread_all(fd, buf, n, pos + 8 + done)) {
                if (errno)
                    goto io;
                changed = true;
                break;
            }
            chunk_crc = crc32(chunk_crc, buf, (uInt)n);
            crc = crc32(crc, buf, (uInt)n);
            if (at >= 0 && !write_at(p->fd, (const char *)buf, n, at + total + done)) {
                fail(p, PDFPOST_ERROR_IO, "cannot be written (%s)", g_strerror(errno));
                goto out;
            }
            done += (uint32_t)n;
        }
        guint8 want[4];
        if (changed || !pread_all(fd, want, 4, pos + 8 + len)) {
            if (!changed && errno)
                goto io;
            changed = true;
            break;
        }
        if (be32(want) != (uint32_t)chunk_crc) {
            changed = true;
            break;
        }
        total += len;
        pos += 12 + (gint64)len;
    }
    if (changed || total != g->idat_bytes || (uint32_t)crc != g->idat_crc) {
        fail(p, PDFPOST_ERROR_IMAGE, "the PNG '%s' changed while the PDF was made: render it again", g->path);
        goto out;
    }
    ok = true;
    goto out;
io:
    fail(p, PDFPOST_ERROR_IO, "cannot read the PNG '%s' (%s)", g->path, g_strerror(errno));
out:
    g_free(buf);
    close(fd);
    return ok;
}

/* New versions of the placeholders: each PNG's image dictionary; its data
 * is checked here and copied when the update is written. */
static bool add_pngs(pdf *p, gint64 size, const pdfpost_info *info, GArray *ups)
{
    if (info->n_pngs <= 0)
        return true;
    found *f = g_new0(found, info->n_pngs);
    bool ok = find_placeholders(p, size, info, f);
    for (int k = 0; ok && k < info->n_pngs; k++)
        ok = png_idat(p, &info->pngs[k], -1);
    for (int k = 0; ok && k < info->n_pngs; k++) {
        const pdfpost_png *g = &info->pngs[k];
        update u = { f[k].num, f[k].gen, NULL, g };
        GString *t = g_string_new(NULL);
        g_string_printf(t,
                        "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " obj\n"
                        "<< /Type /XObject\n"
                        "   /Subtype /Image\n"
                        "   /Width %d\n"
                        "   /Height %d\n"
                        "   /ColorSpace /%s\n"
                        "   /BitsPerComponent 8\n",
                        u.num, u.gen, g->width, g->height, g->colours == 1 ? "DeviceGray" : "DeviceRGB");
        if (f[k].interpolate)
            g_string_append_printf(t, "   /Interpolate %s\n", f[k].interpolate);
        g_string_append_printf(t,
                               "   /Filter /FlateDecode\n"
                               "   /DecodeParms << /Predictor 15 /Colors %d /BitsPerComponent 8 /Columns %d >>\n"
                               "   /Length %" G_GINT64_FORMAT "\n"
                               ">>\n"
                               "stream\n",
                               g->colours, g->width, g->idat_bytes);
        u.text = g_string_free(t, FALSE);
        g_array_append_val(ups, u);
    }
    for (int k = 0; k < info->n_pngs; k++)
        g_free(f[k].interpolate);
    g_free(f);
    return ok;
}

/* Reads the xref sections from 'startxref' back along /Prev: their
 * subsections go to p->subs (newest first), the newest trailer to 'tr'. */
static bool read_xrefs(pdf *p, gint64 startxref, pobj *tr)
{
    GHashTable *seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    pobj older = { 0 };
    bool ok = false;
    for (gint64 off = startxref;;) {
        gint64 *key = g_new(gint64, 1);
        *key = off;
        if (!g_hash_table_add(seen, key)) {
            damaged(p, "its cross-reference sections form a loop");
            goto out;
        }
        if (g_hash_table_size(seen) > MAX_SECTIONS) {
            fail(p, PDFPOST_ERROR_FORMAT, "has more than %d updates, which is not supported", MAX_SECTIONS - 1);
            goto out;
        }
        pobj *t = tr->buf ? &older : tr;
        pobj_clear(&older);
        if (!read_section(p, off, t))
            goto out;
        if (dict_get(t->dict, t->buf, "XRefStm")) {
            fail(p, PDFPOST_ERROR_FORMAT, MSG_XREF_STREAM);
            goto out;
        }
        const entry *prev = dict_get(t->dict, t->buf, "Prev");
        if (!prev)
            break;
        if (!parse_uint(t->buf, prev->v, prev->v_end, p->size - 1, &off)) {
            damaged(p, "its trailer's /Prev is not a valid offset");
            goto out;
        }
    }
    ok = true;
out:
    pobj_clear(&older);
    g_hash_table_unref(seen);
    return ok;
}

static gint cmp_update(gconstpointer a, gconstpointer b)
{
    gint64 x = ((const update *)a)->num, y = ((const update *)b)->num;
    return x < y ? -1 : x > y;
}

/* Appends the trailer's entry 'key' as a line "   /key value" (if present). */
static void copy_trailer_key(GString *out, const pobj *tr, const char *key)
{
    const entry *e = dict_get(tr->dict, tr->buf, key);
    if (e)
        g_string_append_printf(out, "   /%s %.*s\n", key, (int)(e->v_end - e->v), (const char *)tr->buf + e->v);
}

/* The bytes of 'u' in the file: its text, and a PNG's data and STREAM_END. */
static gint64 update_len(const update *u)
{
    gint64 n = (gint64)strlen(u->text);
    return u->png ? n + u->png->idat_bytes + (gint64)strlen(STREAM_END) : n;
}

/* The bytes to append at 'at' after the objects of 'ups' (sorted; a line
 * end first when 'eol'): an xref section with one subsection per run of
 * consecutive numbers, the trailer ('tr' gives /Root, /Info and /ID;
 * 'new_info' overrides /Info), startxref. NULL (err set) if an offset does
 * not fit in an xref entry. */
static GString *update_bytes(pdf *p, const GArray *ups, gint64 at, bool eol, const pobj *tr, gint64 size,
                             gint64 new_info, gint64 prev)
{
    GString *out = g_string_new(NULL);
    gint64 *offs = g_new(gint64, ups->len);
    gint64 pos = at + (eol ? 1 : 0);
    for (guint i = 0; i < ups->len; i++) {
        offs[i] = pos;
        pos += update_len(&g_array_index(ups, update, i));
    }
    gint64 xref = pos;
    if (xref > MAX_OFFSET) {
        g_free(offs);
        g_string_free(out, TRUE);
        fail(p, PDFPOST_ERROR_FORMAT, "is too large for a cross-reference table");
        return NULL;
    }
    g_string_append(out, "xref\n");
    for (guint i = 0; i < ups->len;) {
        guint j = i + 1;
        while (j < ups->len && g_array_index(ups, update, j).num == g_array_index(ups, update, j - 1).num + 1)
            j++;
        g_string_append_printf(out, "%" G_GINT64_FORMAT " %u\n", g_array_index(ups, update, i).num, j - i);
        for (; i < j; i++)
            g_string_append_printf(out, "%010" G_GINT64_FORMAT " %05" G_GINT64_FORMAT " n \n", offs[i],
                                   g_array_index(ups, update, i).gen);
    }
    g_free(offs);
    g_string_append_printf(out, "trailer\n<< /Size %" G_GINT64_FORMAT "\n", size);
    copy_trailer_key(out, tr, "Root");
    if (new_info)
        g_string_append_printf(out, "   /Info %" G_GINT64_FORMAT " 0 R\n", new_info);
    else
        copy_trailer_key(out, tr, "Info");
    g_string_append_printf(out, "   /Prev %" G_GINT64_FORMAT "\n", prev);
    copy_trailer_key(out, tr, "ID");
    g_string_append_printf(out, ">>\nstartxref\n%" G_GINT64_FORMAT "\n%%%%EOF\n", xref);
    return out;
}

/* Writes all of 'data' at 'off'; false with errno set. */
static bool write_at(int fd, const char *data, size_t len, gint64 off)
{
    size_t done = 0;
    while (done < len) {
        ssize_t r = pwrite(fd, data + done, len - done, (off_t)(off + (gint64)done));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = ENOSPC;
            return false;
        }
        done += (size_t)r;
    }
    return true;
}

/* Writes 'buf' at *pos and empties it; false with err set. */
static bool flush_at(pdf *p, GString *buf, gint64 *pos)
{
    if (!write_at(p->fd, buf->str, buf->len, *pos))
        return fail(p, PDFPOST_ERROR_IO, "cannot be written (%s)", g_strerror(errno));
    *pos += (gint64)buf->len;
    g_string_truncate(buf, 0);
    return true;
}

/* Writes the update at 'at': a line end when 'eol', the objects of 'ups'
 * (PNG data copied from the files between their texts), then 'tail'. */
static bool write_update(pdf *p, const GArray *ups, gint64 at, bool eol, const GString *tail)
{
    GString *buf = g_string_new(eol ? "\n" : NULL);
    gint64 pos = at;
    bool ok = false;
    for (guint i = 0; i < ups->len; i++) {
        const update *u = &g_array_index(ups, update, i);
        g_string_append(buf, u->text);
        if (u->png) {
            if (!flush_at(p, buf, &pos) || !png_idat(p, u->png, pos))
                goto out;
            pos += u->png->idat_bytes;
            g_string_append(buf, STREAM_END);
        }
    }
    g_string_append_len(buf, tail->str, (gssize)tail->len);
    ok = flush_at(p, buf, &pos);
out:
    g_string_free(buf, TRUE);
    return ok;
}

/* Checks the texts of 'info' before anything is read. */
static bool check_texts(pdf *p, const pdfpost_info *info)
{
    for (int i = 0; i < info->n_figure_alts; i++)
        if (info->figure_alts[i] && !g_utf8_validate(info->figure_alts[i], -1, NULL))
            return fail(p, PDFPOST_ERROR_TEXT, "alternate text %d is not valid UTF-8", i + 1);
    if (info->lang && !g_utf8_validate(info->lang, -1, NULL))
        return fail(p, PDFPOST_ERROR_TEXT, "the language is not valid UTF-8");
    if (info->mod_date && !g_utf8_validate(info->mod_date, -1, NULL))
        return fail(p, PDFPOST_ERROR_TEXT, "the modification date is not valid UTF-8");
    return true;
}

/* Bugs in the caller, not in the PDF: a PNG described wrongly, or two with
 * one placeholder size. */
static bool pngs_valid(const pdfpost_info *info)
{
    for (int k = 0; k < info->n_pngs; k++) {
        const pdfpost_png *g = &info->pngs[k];
        if (!g->path || g->placeholder_w <= 0 || g->placeholder_h <= 0 || g->width <= 0 || g->height <= 0 ||
            (g->colours != 1 && g->colours != 3) || g->idat_offset < 0 || g->idat_bytes <= 0 || g->idat_chunks <= 0)
            return false;
        for (int j = 0; j < k; j++)
            if (info->pngs[j].placeholder_w == g->placeholder_w && info->pngs[j].placeholder_h == g->placeholder_h)
                return false;
    }
    return true;
}

bool pdfpost_amend(int fd, const pdfpost_info *info, GError **err)
{
    g_return_val_if_fail(fd >= 0 && info != NULL, false);
    g_return_val_if_fail(info->n_figure_alts <= 0 || info->figure_alts != NULL, false);
    g_return_val_if_fail(info->n_pngs <= 0 || (info->pngs != NULL && pngs_valid(info)), false);
    g_return_val_if_fail(err == NULL || *err == NULL, false);
    GError *local = NULL;
    pdf p = { .fd = fd, .err = err ? err : &local };
    p.subs = g_array_new(FALSE, FALSE, sizeof(xref_sub));
    pobj tr = { 0 }, cat = { 0 };
    GArray *ups = g_array_new(FALSE, FALSE, sizeof(update));
    g_array_set_clear_func(ups, update_clear);
    guint8 *head = NULL, *tail = NULL;
    GString *out = NULL;
    bool ok = false;
    size_t head_len, tail_len;
    struct stat st;

    if (!check_texts(&p, info))
        goto out;
    if (fstat(fd, &st) != 0) {
        fail(&p, PDFPOST_ERROR_IO, "cannot be read (%s)", g_strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        fail(&p, PDFPOST_ERROR_IO, "is not a regular file");
        goto out;
    }
    p.size = (gint64)st.st_size;

    /* Header, tail, xref sections, trailer. */
    if (!read_at(&p, 0, HEAD_BYTES, &head, &head_len))
        goto out;
    if (head_len < 5 || memcmp(head, "%PDF-", 5) != 0) {
        fail(&p, PDFPOST_ERROR_FORMAT, "is not a PDF (it does not start with '%%PDF-')");
        goto out;
    }
    gint64 startxref = 0;
    if (!read_at(&p, MAX(0, p.size - TAIL_BYTES), TAIL_BYTES, &tail, &tail_len) ||
        !find_startxref(&p, tail, tail_len, &startxref) || !read_xrefs(&p, startxref, &tr))
        goto out;
    if (dict_get(tr.dict, tr.buf, "Encrypt")) {
        fail(&p, PDFPOST_ERROR_FORMAT, "is encrypted, which is not supported");
        goto out;
    }
    const entry *e_size = dict_get(tr.dict, tr.buf, "Size");
    const entry *e_root = dict_get(tr.dict, tr.buf, "Root");
    const entry *e_info = dict_get(tr.dict, tr.buf, "Info");
    gint64 size;
    ref root, info_ref = { 0, 0 };
    if (!e_size || !parse_uint(tr.buf, e_size->v, e_size->v_end, MAX_OBJ_NUM + 1, &size) || !e_root ||
        !val_ref(tr.buf, e_root->v, e_root->v_end, &root.num, &root.gen) ||
        (e_info && !val_ref(tr.buf, e_info->v, e_info->v_end, &info_ref.num, &info_ref.gen))) {
        damaged(&p, "its trailer has no valid /Size, /Root or /Info");
        goto out;
    }

    /* The catalog and the Figures of its structure tree. */
    if (!load_obj(&p, root.num, root.gen, &cat))
        goto out;
    const entry *ct = cat.dict ? dict_get(cat.dict, cat.buf, "Type") : NULL;
    if (!ct || !val_is_name(cat.buf, ct->v, ct->v_end, "Catalog")) {
        damaged(&p, "its /Root is not a catalog");
        goto out;
    }
    if (info->n_figure_alts >= 0) {
        const entry *str = dict_get(cat.dict, cat.buf, "StructTreeRoot");
        int n_figures = 0;
        if (str && !walk_figures(&p, cat.buf, str->v, str->v_end, info, ups, &n_figures))
            goto out;
        if (n_figures != info->n_figure_alts) {
            fail(&p, PDFPOST_ERROR_COUNT, "has %d Figure element%s in its structure tree but %d alternate text%s",
                 n_figures, n_figures == 1 ? "" : "s", info->n_figure_alts,
                 info->n_figure_alts == 1 ? " was given" : "s were given");
            goto out;
        }
    }
    if (info->lang) {
        GString *v = g_string_new(NULL);
        append_text(v, info->lang);
        edit ed = { "Lang", v->str };
        add_edited(ups, &cat, &ed, 1);
        g_string_free(v, TRUE);
    }
    if (!add_pngs(&p, size, info, ups))
        goto out;
    gint64 new_info;
    if (!add_info(&p, info, info_ref, &size, &new_info, ups))
        goto out;

    if (ups->len == 0) {
        ok = true; /* nothing to change: nothing written */
        goto out;
    }
    g_array_sort(ups, cmp_update);
    for (guint i = 1; i < ups->len; i++)
        if (g_array_index(ups, update, i).num == g_array_index(ups, update, i - 1).num) {
            damaged(&p, "one object is two of the catalog, a structure element, the Info and a PNG placeholder");
            goto out;
        }
    bool eol = tail_len > 0 && tail[tail_len - 1] != '\n' && tail[tail_len - 1] != '\r';
    out = update_bytes(&p, ups, p.size, eol, &tr, size, new_info, startxref);
    if (!out)
        goto out;
    if (!write_update(&p, ups, p.size, eol, out)) {
        if (ftruncate(fd, (off_t)p.size) != 0) {
            /* The file keeps a partial update after its %%EOF: readers ignore it. */
        }
        goto out;
    }
    ok = true;
out:
    if (out)
        g_string_free(out, TRUE);
    g_free(head);
    g_free(tail);
    pobj_clear(&tr);
    pobj_clear(&cat);
    g_array_unref(ups);
    g_array_unref(p.subs);
    g_clear_error(&local);
    return ok;
}
