/* pdfread: reads a PDF's header, tail, classic xref tables along /Prev and
 * trailer into a table of the newest entry of each object, and single
 * objects by number, with pread; gives their bytes and dictionaries. */
#include "pdfread.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/*** Limits ***/

/* Only these are constants; everything else read is bounded by the file:
 * an object by where the next one starts (pdfread_file.starts), a trailer
 * by the end of the file, the xref entries by the file's size. */
#define HEAD_BYTES 8            /* "%PDF-1.5" */
#define TAIL_BYTES 1024         /* 'startxref' must be within the last 1 KB, where readers look */
#define XREF_WINDOW 128         /* read for an xref subsection header or the 'trailer' keyword */
#define OBJ_READ_FIRST 1024     /* first read of an object or a trailer; grown 4× to its extent */
#define MAX_SECTIONS 256        /* xref sections chained by /Prev: updates, not bytes */
#define MAX_OFFSET 9999999999LL /* an xref entry holds 10 digits */
#define XREF_ENTRY 20           /* bytes per xref entry, end of line included */
#define XREF_BLOCK 4096         /* xref entries read at once */

#define MSG_XREF_STREAM "uses a cross-reference stream, which is not supported (cairo 1.16 writes a table)"
#define MSG_XREF_DAMAGED "its cross-reference table is damaged"

/*** Errors ***/

GQuark pdfpost_error_quark(void)
{
    return g_quark_from_static_string("tripreport-pdfpost-error-quark");
}

static bool fail_v(pdfread_file *f, int code, const char *prefix, const char *fmt, va_list ap)
{
    if (!f->error) {
        char *m = g_strdup_vprintf(fmt, ap);
        g_set_error(&f->error, PDFPOST_ERROR, code, "%s%s%s", prefix, m, *prefix ? ")" : "");
        g_free(m);
    }
    return false;
}

bool pdfread_fail(pdfread_file *f, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_v(f, code, "", fmt, ap);
    va_end(ap);
    return false;
}

bool pdfread_damaged(pdfread_file *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_v(f, PDFPOST_ERROR_FORMAT, "is a truncated or damaged PDF (", fmt, ap);
    va_end(ap);
    return false;
}

/*** Reading ***/

void pdfread_obj_clear(pdfread_obj *o)
{
    g_free(o->buf);
    if (o->dict)
        g_array_unref(o->dict);
    memset(o, 0, sizeof *o);
}

/* Reads up to 'want' bytes at 'off' into a new buffer (one byte more, NUL). */
static bool read_at(pdfread_file *f, gint64 off, size_t want, guint8 **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (off < 0 || off > f->size)
        return pdfread_damaged(f, "an offset points outside the file");
    size_t avail = (size_t)MIN((gint64)want, f->size - off);
    guint8 *buf = g_malloc(avail + 1);
    size_t got = 0;
    if (f->map) {
        memcpy(buf, f->map + off, avail);
        got = avail;
    }
    while (got < avail) {
        ssize_t r = pread(f->fd, buf + got, avail - got, (off_t)(off + (gint64)got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            g_free(buf);
            return pdfread_fail(f, PDFPOST_ERROR_IO, "cannot be read (%s)", g_strerror(e));
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
static int parse_obj(const guint8 *b, size_t n, gint64 num, pdfread_obj *o, bool stream_ok)
{
    size_t i = 0;
    pdfsyntax_skip_ws(b, n, &i);
    if (num == 0) {
        if (n - i < 7)
            return PDFSYNTAX_MORE;
        if (memcmp(b + i, "trailer", 7) != 0)
            return PDFSYNTAX_BAD;
        i += 7;
    } else {
        size_t s = i;
        if (pdfsyntax_skip_digits(b, n, &i) != PDFSYNTAX_OK)
            return PDFSYNTAX_MORE;
        gint64 got_num, got_gen;
        if (!pdfsyntax_parse_uint(b, s, i, PDFSYNTAX_MAX_OBJ_NUM, &got_num) || got_num != num)
            return PDFSYNTAX_BAD;
        pdfsyntax_skip_ws(b, n, &i);
        s = i;
        if (pdfsyntax_skip_digits(b, n, &i) != PDFSYNTAX_OK)
            return PDFSYNTAX_MORE;
        if (!pdfsyntax_parse_uint(b, s, i, PDFSYNTAX_MAX_GEN, &got_gen) || got_gen != o->gen)
            return PDFSYNTAX_BAD;
        pdfsyntax_skip_ws(b, n, &i);
        if (n - i < 3)
            return PDFSYNTAX_MORE;
        if (memcmp(b + i, "obj", 3) != 0)
            return PDFSYNTAX_BAD;
        i += 3;
    }
    pdfsyntax_skip_ws(b, n, &i);
    if (i >= n)
        return PDFSYNTAX_MORE;
    o->v = i;
    int r;
    if (b[i] == '<' && i + 1 < n && b[i + 1] == '<') {
        o->dict = o->dict ? o->dict : g_array_new(FALSE, FALSE, sizeof(pdfsyntax_entry));
        r = pdfsyntax_dict_parse(b, n, &i, o->dict);
    } else {
        if (num == 0)
            return PDFSYNTAX_BAD;
        r = pdfsyntax_skip_value(b, n, &i, 0);
    }
    if (r != PDFSYNTAX_OK)
        return r;
    o->v_end = i;
    if (num == 0)
        return PDFSYNTAX_OK;
    /* Only plain objects: a stream's dictionary is not ours to copy. */
    pdfsyntax_skip_ws(b, n, &i);
    if (n - i < 6)
        return PDFSYNTAX_MORE;
    if (stream_ok && o->dict && memcmp(b + i, "stream", 6) == 0) {
        o->stream = true;
        return PDFSYNTAX_OK;
    }
    return memcmp(b + i, "endobj", 6) == 0 ? PDFSYNTAX_OK : PDFSYNTAX_BAD;
}

/* Where what starts at 'off' must end: the next start of an object or an
 * xref section after it, else the end of the file. */
static gint64 extent_end(const pdfread_file *f, gint64 off)
{
    const gint64 *s = f->starts ? (const gint64 *)(void *)f->starts->data : NULL;
    guint lo = 0, hi = f->starts ? f->starts->len : 0;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (s[mid] <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < (f->starts ? f->starts->len : 0) ? s[lo] : f->size;
}

/* Reads object 'num' (generation 'gen') or, with 'num' 0, the trailer at
 * 'off' into 'o', which must end before 'end': 1 KB first, 4× more while
 * the value goes on. */
static bool load_at(pdfread_file *f, gint64 off, gint64 end, gint64 num, gint64 gen, pdfread_obj *o)
{
    memset(o, 0, sizeof *o);
    o->num = num;
    o->gen = gen;
    gint64 limit = MAX(0, end - off);
    for (gint64 want = MIN(OBJ_READ_FIRST, limit);; want = MIN(want * 4, limit)) {
        g_free(o->buf);
        if (!read_at(f, off, (size_t)want, &o->buf, &o->len)) {
            pdfread_obj_clear(o);
            return false;
        }
        int r = parse_obj(o->buf, o->len, num, o, false);
        if (r == PDFSYNTAX_OK)
            return true;
        if (r == PDFSYNTAX_MORE && (gint64)o->len == want && want < limit)
            continue;
        pdfread_obj_clear(o);
        if (num == 0)
            return pdfread_damaged(f, "its trailer is damaged");
        return pdfread_damaged(f, "object %" G_GINT64_FORMAT " is damaged", num);
    }
}

const pdfread_xref *pdfread_file_find(const pdfread_file *f, gint64 num)
{
    guint lo = 0, hi = f->xref ? f->xref->len : 0;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        const pdfread_xref *x = &g_array_index(f->xref, pdfread_xref, mid);
        if (x->num == num)
            return x;
        if (x->num < num)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

bool pdfread_file_load(pdfread_file *f, pdfread_ref r, pdfread_obj *o)
{
    memset(o, 0, sizeof *o);
    const pdfread_xref *x = pdfread_file_find(f, r.num);
    if (!x || !x->in_use || x->gen != r.gen)
        return pdfread_damaged(f, "object %" G_GINT64_FORMAT " is missing", r.num);
    return load_at(f, x->off, extent_end(f, x->off), x->num, x->gen, o);
}

bool pdfread_file_peek(pdfread_file *f, const pdfread_xref *x, size_t max, pdfread_obj *o)
{
    memset(o, 0, sizeof *o);
    o->num = x->num;
    o->gen = x->gen;
    gint64 want = MIN((gint64)max, MAX(0, extent_end(f, x->off) - x->off));
    if (!read_at(f, x->off, (size_t)want, &o->buf, &o->len))
        return false;
    if (parse_obj(o->buf, o->len, x->num, o, true) != PDFSYNTAX_OK || !o->stream) {
        gint64 num = o->num, gen = o->gen;
        pdfread_obj_clear(o);
        o->num = num;
        o->gen = gen;
    }
    return true;
}

/* The value of a stream's /Length in 'o': a number, or a reference to an
 * object that is one. -1 if neither. */
static gint64 stream_length(pdfread_file *f, const pdfread_obj *o)
{
    const pdfsyntax_entry *e = pdfsyntax_dict_get(o->dict, o->buf, "Length");
    gint64 len = -1, num, gen;
    if (!e)
        return -1;
    if (pdfsyntax_parse_uint(o->buf, e->v, e->v_end, G_MAXINT64 / 2, &len))
        return len;
    if (!pdfsyntax_value_ref(o->buf, e->v, e->v_end, &num, &gen))
        return -1;
    pdfread_obj n;
    if (!pdfread_file_load(f, (pdfread_ref){ num, gen }, &n))
        return -1;
    if (!pdfsyntax_parse_uint(n.buf, n.v, n.v_end, G_MAXINT64 / 2, &len))
        len = -1;
    pdfread_obj_clear(&n);
    return len;
}

bool pdfread_file_whole(pdfread_file *f, const pdfread_xref *x, pdfread_obj *o)
{
    memset(o, 0, sizeof *o);
    o->num = x->num;
    o->gen = x->gen;
    gint64 end = extent_end(f, x->off);
    if (!read_at(f, x->off, (size_t)MAX(0, end - x->off), &o->buf, &o->len))
        return false;
    if (parse_obj(o->buf, o->len, x->num, o, true) != PDFSYNTAX_OK) {
        pdfread_obj_clear(o);
        return pdfread_damaged(f, "object %" G_GINT64_FORMAT " is damaged", x->num);
    }
    if (!o->stream)
        return true;
    /* "stream", then CRLF or LF (ISO 32000-1 §7.3.8.1), the data, an
     * optional end of line and "endstream". */
    size_t i = o->v_end;
    pdfsyntax_skip_ws(o->buf, o->len, &i);
    i += 6;
    if (i < o->len && o->buf[i] == '\r')
        i++;
    if (i < o->len && o->buf[i] == '\n')
        i++;
    gint64 len = stream_length(f, o);
    if (len < 0 || (gint64)(o->len - i) < len) {
        pdfread_obj_clear(o);
        return pdfread_damaged(f, "the stream of object %" G_GINT64_FORMAT " is damaged", x->num);
    }
    size_t e = i + (size_t)len;
    while (e < o->len && (o->buf[e] == '\r' || o->buf[e] == '\n'))
        e++;
    if (o->len - e < 9 || memcmp(o->buf + e, "endstream", 9) != 0) {
        pdfread_obj_clear(o);
        return pdfread_damaged(f, "the stream of object %" G_GINT64_FORMAT " is damaged", x->num);
    }
    o->data = i;
    o->data_len = (size_t)len;
    return true;
}

/*** Cross-reference sections ***/

/* An xref entry as read, in the order read (newest section first). */
typedef struct raw_entry {
    gint64 num, off;
    guint32 gen;
    guint32 seq; /* its place in the reading order: the lower, the newer */
    bool in_use;
} raw_entry;

/* Reads 'count' entries from 'first' at file offset 'at' into 'raw'. */
static bool read_entries(pdfread_file *f, gint64 first, gint64 count, gint64 at, GArray *raw)
{
    for (gint64 j = 0; j < count; j += XREF_BLOCK) {
        gint64 n = MIN((gint64)XREF_BLOCK, count - j);
        guint8 *e;
        size_t len;
        if (!read_at(f, at + j * XREF_ENTRY, (size_t)(n * XREF_ENTRY), &e, &len))
            return false;
        bool ok = len == (size_t)(n * XREF_ENTRY);
        for (gint64 k = 0; ok && k < n; k++) {
            const guint8 *x = e + k * XREF_ENTRY;
            gint64 gen = 0;
            raw_entry r = { first + j + k, 0, 0, raw->len, x[17] == 'n' };
            ok = x[10] == ' ' && x[16] == ' ' && (x[17] == 'n' || x[17] == 'f') &&
                 pdfsyntax_parse_uint(x, 0, 10, MAX_OFFSET, &r.off) &&
                 pdfsyntax_parse_uint(x, 11, 16, PDFSYNTAX_MAX_GEN, &gen);
            r.gen = (guint32)gen;
            if (ok)
                g_array_append_val(raw, r);
        }
        g_free(e);
        if (!ok)
            return pdfread_damaged(f, MSG_XREF_DAMAGED);
    }
    return true;
}

/* Reads the xref section at 'off': its entries are appended to 'raw', its
 * trailer read into 'trailer'. '*entry_bytes' counts the bytes of the
 * subsections of all sections, which must fit in the file. */
static bool read_section(pdfread_file *f, gint64 off, pdfread_obj *trailer, GArray *raw, gint64 *entry_bytes)
{
    guint8 *b;
    size_t n, i = 0;
    if (!read_at(f, off, XREF_WINDOW, &b, &n))
        return false;
    while (i < n && pdfsyntax_is_ws(b[i]))
        i++;
    bool is_xref = n - i >= 4 && memcmp(b + i, "xref", 4) == 0;
    /* "n g obj << /Type /XRef ...": a cross-reference stream (PDF 1.5). */
    bool is_stream = !is_xref && i < n && g_ascii_isdigit(b[i]) && memmem(b + i, n - i, " obj", 4) &&
                     memmem(b + i, n - i, "/XRef", 5);
    g_free(b);
    if (is_stream)
        return pdfread_fail(f, PDFPOST_ERROR_FORMAT, MSG_XREF_STREAM);
    if (!is_xref)
        return pdfread_damaged(f, "'startxref' does not point to a cross-reference table");
    gint64 pos = off + (gint64)i + 4;
    for (;;) {
        if (!read_at(f, pos, XREF_WINDOW, &b, &n))
            return false;
        i = 0;
        while (i < n && pdfsyntax_is_ws(b[i]))
            i++;
        if (n - i >= 7 && memcmp(b + i, "trailer", 7) == 0) {
            g_free(b);
            return load_at(f, pos + (gint64)i, f->size, 0, 0, trailer);
        }
        size_t s = i;
        while (i < n && g_ascii_isdigit(b[i]))
            i++;
        gint64 first = 0, count = 0;
        bool ok = pdfsyntax_parse_uint(b, s, i, PDFSYNTAX_MAX_OBJ_NUM, &first) && i < n && b[i] == ' ';
        while (ok && i < n && b[i] == ' ')
            i++;
        s = i;
        while (ok && i < n && g_ascii_isdigit(b[i]))
            i++;
        ok = ok && pdfsyntax_parse_uint(b, s, i, PDFSYNTAX_MAX_OBJ_NUM + 1 - first, &count);
        while (ok && i < n && pdfsyntax_is_ws(b[i]))
            i++;
        ok = ok && (count == 0 || (i < n && g_ascii_isdigit(b[i])));
        g_free(b);
        gint64 entries = pos + (gint64)i;
        /* Each subsection takes at least 3 bytes ("0 0") and 20 an entry:
         * those of all sections together fit in the file. */
        *entry_bytes += 3 + count * XREF_ENTRY;
        if (!ok || entries + count * XREF_ENTRY > f->size || *entry_bytes > f->size)
            return pdfread_damaged(f, MSG_XREF_DAMAGED);
        if (!read_entries(f, first, count, entries, raw))
            return false;
        pos = entries + count * XREF_ENTRY;
    }
}

/* Finds the offset after the last 'startxref' in the file's tail 'b'. */
static bool find_startxref(pdfread_file *f, const guint8 *b, size_t n, gint64 *off)
{
    const char *kw = "startxref";
    size_t kl = strlen(kw);
    for (size_t at = n >= kl ? n - kl + 1 : 0; at-- > 0;) {
        if (memcmp(b + at, kw, kl) != 0)
            continue;
        size_t i = at + kl;
        pdfsyntax_skip_ws(b, n, &i);
        size_t s = i;
        while (i < n && g_ascii_isdigit(b[i]))
            i++;
        if (!pdfsyntax_parse_uint(b, s, i, MAX_OFFSET, off) || *off >= f->size)
            return pdfread_damaged(f, "its 'startxref' is not a valid offset");
        while (i < n && pdfsyntax_is_ws(b[i])) /* not skip_ws: "%%EOF" looks like a comment */
            i++;
        if (n - i < 5 || memcmp(b + i, "%%EOF", 5) != 0)
            return pdfread_damaged(f, "it does not end with '%%%%EOF'");
        return true;
    }
    return pdfread_damaged(f, "no 'startxref' at its end");
}

static gint cmp_raw(gconstpointer a, gconstpointer b)
{
    const raw_entry *x = a, *y = b;
    if (x->num != y->num)
        return x->num < y->num ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static gint cmp_offset(gconstpointer a, gconstpointer b)
{
    gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
    return x < y ? -1 : x > y;
}

/* Makes f->xref (the newest entry of each number) and f->starts (every
 * in-use entry's offset, old versions too, and 'sections') from 'raw'. */
static void index_entries(pdfread_file *f, GArray *raw, GArray *sections)
{
    bool sorted = true; /* one section, as cairo writes: nothing to sort */
    for (guint i = 1; sorted && i < raw->len; i++)
        sorted = g_array_index(raw, raw_entry, i - 1).num < g_array_index(raw, raw_entry, i).num;
    if (!sorted)
        g_array_sort(raw, cmp_raw);
    f->xref = g_array_sized_new(FALSE, FALSE, sizeof(pdfread_xref), raw->len);
    f->starts = g_array_sized_new(FALSE, FALSE, sizeof(gint64), raw->len + sections->len);
    g_array_append_vals(f->starts, sections->data, sections->len);
    for (guint i = 0; i < raw->len; i++) {
        const raw_entry *r = &g_array_index(raw, raw_entry, i);
        if (r->in_use)
            g_array_append_val(f->starts, r->off);
        if (i > 0 && g_array_index(raw, raw_entry, i - 1).num == r->num)
            continue; /* an older version */
        pdfread_xref x = { r->num, r->off, r->gen, r->in_use };
        g_array_append_val(f->xref, x);
    }
    g_array_sort(f->starts, cmp_offset);
}

/* Reads the xref sections from f->startxref back along /Prev: the newest
 * trailer goes to f->trailer, the entries to f->xref and f->starts. */
static bool read_xrefs(pdfread_file *f)
{
    GHashTable *seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    GArray *raw = g_array_new(FALSE, FALSE, sizeof(raw_entry));
    GArray *sections = g_array_new(FALSE, FALSE, sizeof(gint64));
    pdfread_obj older = { 0 };
    gint64 entry_bytes = 0;
    bool ok = false;
    for (gint64 off = f->startxref;;) {
        gint64 *key = g_new(gint64, 1);
        *key = off;
        if (!g_hash_table_add(seen, key)) {
            pdfread_damaged(f, "its cross-reference sections form a loop");
            goto out;
        }
        if (g_hash_table_size(seen) > MAX_SECTIONS) {
            pdfread_fail(f, PDFPOST_ERROR_FORMAT, "has more than %d updates, which is not supported",
                         MAX_SECTIONS - 1);
            goto out;
        }
        g_array_append_val(sections, off);
        pdfread_obj *t = f->trailer.buf ? &older : &f->trailer;
        pdfread_obj_clear(&older);
        if (!read_section(f, off, t, raw, &entry_bytes))
            goto out;
        if (pdfsyntax_dict_get(t->dict, t->buf, "XRefStm")) {
            pdfread_fail(f, PDFPOST_ERROR_FORMAT, MSG_XREF_STREAM);
            goto out;
        }
        const pdfsyntax_entry *prev = pdfsyntax_dict_get(t->dict, t->buf, "Prev");
        if (!prev)
            break;
        if (!pdfsyntax_parse_uint(t->buf, prev->v, prev->v_end, f->size - 1, &off)) {
            pdfread_damaged(f, "its trailer's /Prev is not a valid offset");
            goto out;
        }
    }
    index_entries(f, raw, sections);
    ok = true;
out:
    pdfread_obj_clear(&older);
    g_array_unref(sections);
    g_array_unref(raw);
    g_hash_table_unref(seen);
    return ok;
}

/*** The file ***/

/* Reads the trailer's /Size, /Root and /Info. */
static bool read_trailer(pdfread_file *f)
{
    const pdfread_obj *tr = &f->trailer;
    if (pdfsyntax_dict_get(tr->dict, tr->buf, "Encrypt"))
        return pdfread_fail(f, PDFPOST_ERROR_FORMAT, "is encrypted, which is not supported");
    const pdfsyntax_entry *size = pdfsyntax_dict_get(tr->dict, tr->buf, "Size");
    const pdfsyntax_entry *root = pdfsyntax_dict_get(tr->dict, tr->buf, "Root");
    const pdfsyntax_entry *info = pdfsyntax_dict_get(tr->dict, tr->buf, "Info");
    if (!size || !pdfsyntax_parse_uint(tr->buf, size->v, size->v_end, PDFSYNTAX_MAX_OBJ_NUM + 1, &f->n_objects) ||
        !root || !pdfsyntax_value_ref(tr->buf, root->v, root->v_end, &f->root.num, &f->root.gen) ||
        (info && !pdfsyntax_value_ref(tr->buf, info->v, info->v_end, &f->info.num, &f->info.gen)))
        return pdfread_damaged(f, "its trailer has no valid /Size, /Root or /Info");
    return true;
}

bool pdfread_file_open(pdfread_file *f, int fd)
{
    memset(f, 0, sizeof *f);
    f->fd = fd;
    guint8 *head = NULL, *tail = NULL;
    size_t head_len, tail_len;
    bool ok = false;
    struct stat st;
    if (fstat(fd, &st) != 0)
        return pdfread_fail(f, PDFPOST_ERROR_IO, "cannot be read (%s)", g_strerror(errno));
    if (!S_ISREG(st.st_mode))
        return pdfread_fail(f, PDFPOST_ERROR_IO, "is not a regular file");
    f->size = (gint64)st.st_size;

    if (!read_at(f, 0, HEAD_BYTES, &head, &head_len))
        goto out;
    if (head_len < 5 || memcmp(head, "%PDF-", 5) != 0) {
        pdfread_fail(f, PDFPOST_ERROR_FORMAT, "is not a PDF (it does not start with '%%PDF-')");
        goto out;
    }
    if (!read_at(f, MAX(0, f->size - TAIL_BYTES), TAIL_BYTES, &tail, &tail_len) ||
        !find_startxref(f, tail, tail_len, &f->startxref) || !read_xrefs(f) || !read_trailer(f))
        goto out;
    f->ends_in_eol = tail[tail_len - 1] == '\n' || tail[tail_len - 1] == '\r';
    ok = true;
out:
    g_free(head);
    g_free(tail);
    return ok;
}

void pdfread_file_map_sealed(pdfread_file *f)
{
    int seals = fcntl(f->fd, F_GET_SEALS);
    if (f->map || f->size <= 0 || seals < 0 || !(seals & F_SEAL_SHRINK))
        return;
    void *m = mmap(NULL, (size_t)f->size, PROT_READ, MAP_PRIVATE, f->fd, 0);
    if (m != MAP_FAILED)
        f->map = m;
}

void pdfread_file_clear(pdfread_file *f)
{
    if (f->map)
        munmap(f->map, (size_t)f->size);
    if (f->xref)
        g_array_unref(f->xref);
    if (f->starts)
        g_array_unref(f->starts);
    pdfread_obj_clear(&f->trailer);
    g_clear_error(&f->error);
    memset(f, 0, sizeof *f);
}
