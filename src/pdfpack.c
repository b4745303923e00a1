/* pdfpack: the PDF written whole: plain objects gathered into object
 * streams, streams written one by one (cairo's TrueType subsets without
 * hinting, its other Flate streams deflated again and its ToUnicode CMaps
 * written compactly, none copied as cairo deflated it; the update's by
 * their functions), then a cross-reference stream. See pdfpack.h. */
#include "pdfpack.h"

#include "ttfstrip.h"
#include "tucmap.h"

#include <errno.h>
#include <libdeflate.h>
#include <string.h>

#define OBJSTM_MAX 1000         /* objects per object stream: a reader inflates one of about 60 KB to
                                   read an object in it; the sample's 200 deflate 0.3 KB smaller in one
                                   than in qpdf's and most writers' 100 */
#define FLUSH_AT 65536          /* bytes gathered before a write */
#define INFLATE_MAX (64 << 20)  /* a stream inflating to more is copied as it is */
#define DEFLATE_LEVEL 6         /* the sample's fonts: 9 wins 0.4 KB for 2 ms, 12 wins 1.2 KB for 8 ms */
#define AGAIN_LEVEL 9           /* the sample's page contents (12.5 KB at zlib's level 6): 6 wins 0.39 KB
                                 * for 0.6 ms, 9 0.52 KB for 1.1 ms, 10 0.79 KB for 6.4 ms, 12 0.84 KB for 15 ms */
#define PEEK_MAX 4096           /* bytes read of an object to know whether it is a stream to make again */

/* The cross-reference entry of one object (ISO 32000-1 Table 18). */
typedef struct xentry {
    guint8 type;     /* 0 free, 1 at an offset, 2 in an object stream */
    gint64 f2;       /* the offset, or the object stream's number */
    gint64 f3;       /* the generation, or the index in the object stream */
} xentry;

typedef struct packer {
    const pdfupdate *u;
    pdfread_file *f;
    int out;
    gint64 pos;                     /* bytes written (and gathered) so far */
    GString *buf;                   /* gathered, not yet written */
    GArray *x;                      /* xentry by object number */
    gint64 next_num;                /* the number the next object stream takes */
    gint64 stm_num;                 /* the object stream being filled (0: none) */
    GString *stm_head, *stm_body;   /* its "num offset" pairs and its objects */
    int stm_n;
    GHashTable *lengths;            /* numbers of the objects holding a stream's /Length */
    GHashTable *fontfiles;          /* FontFile2 number -> 1 to strip, 2 to keep hinting (descriptors met) */
    struct libdeflate_compressor *z, *z_again; /* DEFLATE_LEVEL, AGAIN_LEVEL */
    struct libdeflate_decompressor *dz;
    struct stream_work *work;       /* the streams made again on a thread, or NULL */
} packer;

static bool flush(packer *p)
{
    gint64 at = p->pos - (gint64)p->buf->len;
    if (!pdfupdate_write_at(p->out, p->buf->str, p->buf->len, at))
        return pdfread_fail(p->f, PDFPOST_ERROR_WRITE, "%s", g_strerror(errno));
    g_string_truncate(p->buf, 0);
    return true;
}

static bool put(packer *p, const void *data, size_t len)
{
    g_string_append_len(p->buf, data, (gssize)len);
    p->pos += (gint64)len;
    return p->buf->len < FLUSH_AT || flush(p);
}

static bool put_str(packer *p, const char *s)
{
    return put(p, s, strlen(s));
}

static void set_entry(packer *p, gint64 num, guint8 type, gint64 f2, gint64 f3)
{
    if ((gint64)p->x->len <= num)
        g_array_set_size(p->x, (guint)num + 1);
    g_array_index(p->x, xentry, num) = (xentry){ type, f2, f3 };
}

/* Deflates 'n' bytes with 'z' into a new buffer (zlib format); NULL if
 * that fails. */
static guint8 *zdeflate_with(struct libdeflate_compressor *z, const void *in, size_t n, size_t *out_len)
{
    size_t cap = libdeflate_zlib_compress_bound(z, n);
    guint8 *o = g_malloc(cap);
    *out_len = libdeflate_zlib_compress(z, in, n, o, cap);
    if (*out_len == 0) {
        g_free(o);
        return NULL;
    }
    return o;
}

static guint8 *zdeflate(packer *p, const void *in, size_t n, size_t *out_len)
{
    return zdeflate_with(p->z, in, n, out_len);
}

/* Inflates a zlib stream into a new buffer; NULL if it is not one, or
 * inflates to more than INFLATE_MAX. */
static guint8 *zinflate(packer *p, const guint8 *in, size_t n, size_t *out_len)
{
    size_t cap = MAX(4096, n * 4); /* a font inflates to about 1.4 times */
    for (;;) {
        guint8 *o = g_malloc(cap);
        enum libdeflate_result r = libdeflate_zlib_decompress(p->dz, in, n, o, cap, out_len);
        if (r == LIBDEFLATE_SUCCESS)
            return o;
        g_free(o);
        if (r != LIBDEFLATE_INSUFFICIENT_SPACE || cap >= INFLATE_MAX)
            return NULL;
        cap = MIN((size_t)INFLATE_MAX, cap * 4);
    }
}

/*** Object streams ***/

static bool stm_finish(packer *p)
{
    if (p->stm_n == 0)
        return true;
    gint64 first = (gint64)p->stm_head->len;
    g_string_append_len(p->stm_head, p->stm_body->str, (gssize)p->stm_body->len);
    size_t zn = 0;
    guint8 *z = zdeflate(p, p->stm_head->str, p->stm_head->len, &zn);
    if (!z)
        return pdfread_fail(p->f, PDFPOST_ERROR_WRITE, "%s", g_strerror(ENOMEM));
    set_entry(p, p->stm_num, 1, p->pos, 0);
    char *d = g_strdup_printf("%" G_GINT64_FORMAT " 0 obj\n<< /Type /ObjStm /N %d /First %" G_GINT64_FORMAT
                              " /Filter /FlateDecode /Length %zu >>\nstream\n",
                              p->stm_num, p->stm_n, first, zn);
    bool ok = put_str(p, d) && put(p, z, zn) && put_str(p, "\nendstream\nendobj\n");
    g_free(d);
    g_free(z);
    g_string_truncate(p->stm_head, 0);
    g_string_truncate(p->stm_body, 0);
    p->stm_n = 0;
    p->stm_num = 0;
    return ok;
}

/* Puts the value b[s, e) of object 'num' into the object stream, with no
 * white space it does not need (cairo's indents, its "% 1" after a page's
 * /Type; 0.4 KB deflated on the sample). */
static bool stm_add(packer *p, gint64 num, const char *b, size_t s, size_t e)
{
    if (p->stm_num == 0)
        p->stm_num = p->next_num++;
    set_entry(p, num, 2, p->stm_num, p->stm_n);
    g_string_append_printf(p->stm_head, "%" G_GINT64_FORMAT " %zu ", num, p->stm_body->len);
    if (!pdfsyntax_compact((const guint8 *)b, s, e, p->stm_body))
        g_string_append_len(p->stm_body, b + s, (gssize)(e - s));
    g_string_append_c(p->stm_body, '\n');
    return ++p->stm_n < OBJSTM_MAX || stm_finish(p);
}

/*** Streams ***/

/* The dictionary 'o' as text without the keys 'drop' (NULL-terminated). */
static void dict_without(GString *s, const pdfread_obj *o, const char *const *drop)
{
    g_string_append(s, "<<");
    for (guint i = 0; i < o->dict->len; i++) {
        const pdfsyntax_entry *e = &g_array_index(o->dict, pdfsyntax_entry, i);
        bool skip = false;
        for (const char *const *k = drop; *k && !skip; k++)
            skip = e->k_end - e->k == strlen(*k) + 1 && memcmp(o->buf + e->k + 1, *k, strlen(*k)) == 0;
        if (!skip)
            g_string_append_printf(s, " %.*s %.*s", (int)(e->k_end - e->k), (const char *)o->buf + e->k,
                                   (int)(e->v_end - e->v), (const char *)o->buf + e->v);
    }
}

/* The element of 'a' (sorted by number) whose number is 'num', or NULL:
 * elements whose first member is their gint64 number (pdfupdate_obj,
 * made_stream). */
static gconstpointer find_num(const GArray *a, gint64 num)
{
    guint lo = 0, hi = a->len, size = g_array_get_element_size((GArray *)a);
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        const void *el = a->data + (gsize)mid * size;
        gint64 n;
        memcpy(&n, el, sizeof n);
        if (n == num)
            return el;
        if (n < num)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The new version of object 'num' in the update (sorted), or NULL. */
static const pdfupdate_obj *update_find(const pdfupdate *u, gint64 num)
{
    G_STATIC_ASSERT(G_STRUCT_OFFSET(pdfupdate_obj, num) == 0);
    return find_num(u->objs, num);
}

/*** Streams made again, on a thread of their own ***/

/* Cairo's TrueType subsets without their hinting, and its other Flate
 * streams deflated again (its ToUnicode CMaps written compactly first):
 * made on a thread while the photos are copied, each looked up when its
 * object is written (after the other objects: a font once its descriptor
 * says whether its hinting may go). */
typedef struct made_stream {
    gint64 num;
    GBytes *z;      /* deflated; NULL: keep cairo's stream */
    size_t raw_len; /* the bytes deflated: a font's /Length1 */
} made_stream;

typedef struct stream_work {
    pdfread_file f;       /* a copy of the packer's (its own error), reading the same map */
    const pdfupdate *u;
    GArray *made;         /* made_stream, by number: each stream the thread took */
    GThread *thread;
} stream_work;

static bool is_flate(const pdfread_obj *o)
{
    const pdfsyntax_entry *filter = pdfsyntax_dict_get(o->dict, o->buf, "Filter");
    return filter && pdfsyntax_value_is_name(o->buf, filter->v, filter->v_end, "FlateDecode") &&
           !pdfsyntax_dict_get(o->dict, o->buf, "DecodeParms");
}

/* A stream that may be a TrueType font: /Length1 and no /Length2 (not a
 * Type 1 font), deflated alone. */
static bool font_candidate(const pdfread_obj *o)
{
    return o->stream && pdfsyntax_dict_get(o->dict, o->buf, "Length1") &&
           !pdfsyntax_dict_get(o->dict, o->buf, "Length2") && is_flate(o);
}

/* A stream of cairo's other than a font or an image, deflated alone
 * (page contents, ToUnicode CMaps, forms): deflated again, it is smaller. */
static bool again_candidate(const pdfread_obj *o)
{
    const pdfsyntax_entry *sub = o->stream ? pdfsyntax_dict_get(o->dict, o->buf, "Subtype") : NULL;
    return o->stream && !pdfsyntax_dict_get(o->dict, o->buf, "Length1") &&
           !(sub && pdfsyntax_value_is_name(o->buf, sub->v, sub->v_end, "Image")) && is_flate(o);
}

/* Inflates the stream of 'o', writes it anew with 'remake' when that
 * takes it (a font without its hinting: ttfstrip.h; a ToUnicode CMap
 * written compactly: tucmap.h), and deflates it with 'z' into 'm'
 * (m->raw_len: the bytes deflated; m->z NULL only if it does not inflate).
 * Never cairo's bytes: they may be stored, not deflated (render_pdf.c),
 * and what is written must not depend on how cairo deflated. */
static void remake_stream(packer *p, const pdfread_obj *o, struct libdeflate_compressor *z,
                          GBytes *(*remake)(const guint8 *, gsize), made_stream *m)
{
    size_t raw_len = 0, z_len = 0;
    guint8 *raw = zinflate(p, o->buf + o->data, o->data_len, &raw_len);
    if (!raw)
        return;
    GBytes *made = remake ? remake(raw, raw_len) : NULL;
    gsize n = raw_len;
    const guint8 *d = made ? g_bytes_get_data(made, &n) : raw;
    guint8 *out = zdeflate_with(z, d, n, &z_len);
    if (out) {
        m->z = g_bytes_new_take(out, z_len);
        m->raw_len = n;
    }
    if (made)
        g_bytes_unref(made);
    g_free(raw);
}

static void stream_make(packer *p, const pdfread_obj *o, made_stream *m)
{
    if (font_candidate(o))
        remake_stream(p, o, p->z, ttfstrip_hinting, m);
    else if (again_candidate(o))
        remake_stream(p, o, p->z_again, tucmap_compact, m);
}

/* The streams of cairo's file that the update leaves as it is, by number:
 * each font and each other stream to make again, made. */
static gpointer stream_work_run(gpointer data)
{
    stream_work *w = data;
    packer p = { .z = libdeflate_alloc_compressor(DEFLATE_LEVEL),
                 .z_again = libdeflate_alloc_compressor(AGAIN_LEVEL),
                 .dz = libdeflate_alloc_decompressor() };
    for (guint i = 0; p.z && p.z_again && p.dz && i < w->f.xref->len; i++) {
        const pdfread_xref *x = &g_array_index(w->f.xref, pdfread_xref, i);
        pdfread_obj o;
        if (!x->in_use || update_find(w->u, x->num) || !pdfread_file_peek(&w->f, x, PEEK_MAX, &o))
            continue;
        bool take = o.dict && (font_candidate(&o) || again_candidate(&o));
        pdfread_obj_clear(&o);
        if (take && pdfread_file_whole(&w->f, x, &o)) {
            made_stream m = { x->num, NULL, 0 };
            stream_make(&p, &o, &m);
            g_array_append_val(w->made, m);
            pdfread_obj_clear(&o);
        }
    }
    g_clear_error(&w->f.error); /* the writer meets the same error, if any, itself */
    libdeflate_free_compressor(p.z);
    libdeflate_free_compressor(p.z_again);
    libdeflate_free_decompressor(p.dz);
    return NULL;
}

/* Starts making the streams of cairo's file again on a thread; NULL when
 * the file is not mapped. */
static stream_work *stream_work_start(const packer *p)
{
    if (!p->f->map)
        return NULL;
    stream_work *w = g_new0(stream_work, 1);
    w->made = g_array_new(FALSE, TRUE, sizeof(made_stream));
    w->f = *p->f;
    w->f.error = NULL;
    w->u = p->u;
    w->thread = g_thread_new("tripreport-streams", stream_work_run, w);
    return w;
}

/* The stream of object 'num' as the thread made it, once it is done;
 * NULL if it did not take it. */
static const made_stream *stream_work_get(stream_work *w, gint64 num)
{
    if (w->thread)
        g_thread_join(g_steal_pointer(&w->thread));
    G_STATIC_ASSERT(G_STRUCT_OFFSET(made_stream, num) == 0);
    return find_num(w->made, num);
}

static void stream_work_free(stream_work *w)
{
    if (!w)
        return;
    if (w->thread)
        g_thread_join(w->thread);
    for (guint i = 0; i < w->made->len; i++)
        if (g_array_index(w->made, made_stream, i).z)
            g_bytes_unref(g_array_index(w->made, made_stream, i).z);
    g_array_unref(w->made);
    g_free(w);
}

/* A stream of cairo's with its /Length direct: a TrueType font whose
 * descriptor lets its hinting go without it, its other fonts, CMaps and
 * contents deflated again (made on the thread, or here when the file is
 * not mapped), its Flate images and fonts that keep their hinting deflated
 * again here, any other (a JPEG) as cairo wrote it. */
static bool put_stream(packer *p, const pdfread_obj *o)
{
    const guint8 *data = o->buf + o->data;
    size_t len = o->data_len, raw_len = 0;
    made_stream here = { o->num, NULL, 0 };
    const made_stream *m = NULL;
    bool font = GPOINTER_TO_INT(g_hash_table_lookup(p->fontfiles, GINT_TO_POINTER((gint)o->num))) == 1 &&
                font_candidate(o);
    if (font || again_candidate(o)) {
        m = p->work ? stream_work_get(p->work, o->num) : NULL;
        if (!m) {
            stream_make(p, o, &here);
            m = &here;
        }
    } else if (o->stream && is_flate(o)) { /* an image of cairo's, a font that keeps its hinting */
        remake_stream(p, o, p->z, NULL, &here);
        m = &here;
    }
    bool length1 = font && m->z;
    if (m && m->z) {
        gsize n;
        data = g_bytes_get_data(m->z, &n);
        len = n;
        raw_len = m->raw_len;
    }
    static const char *const plain[] = { "Length", NULL }, *const font_keys[] = { "Length", "Length1", NULL };
    GString *s = g_string_new(NULL);
    g_string_printf(s, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " obj\n", o->num, o->gen);
    dict_without(s, o, length1 ? font_keys : plain);
    if (length1)
        g_string_append_printf(s, " /Length1 %zu", raw_len);
    g_string_append_printf(s, " /Length %zu >>\nstream\n", len);
    set_entry(p, o->num, 1, p->pos, o->gen);
    bool ok = put(p, s->str, s->len) && put(p, data, len) && put_str(p, "\nendstream\nendobj\n");
    g_string_free(s, TRUE);
    if (here.z)
        g_bytes_unref(here.z);
    return ok;
}

/* A stream of the update: its text, its data written by its function
 * straight into 'out', its end. */
static bool put_update_stream(packer *p, const pdfupdate_obj *uo)
{
    set_entry(p, uo->num, 1, p->pos, uo->gen);
    if (!put_str(p, uo->text) || !flush(p) || !uo->stream(p->f, p->out, uo->stream_data, p->pos))
        return false;
    p->pos += uo->stream_len;
    return put_str(p, "\nendstream\nendobj\n");
}

/*** The objects ***/


/* A stream's /Length kept in an object of its own: that object is not
 * written (the length goes into the stream's dictionary). Cairo numbers it
 * after its stream, so it is met later. */
static void note_length(packer *p, const pdfread_obj *o)
{
    gint64 r, g;
    const pdfsyntax_entry *e = pdfsyntax_dict_get(o->dict, o->buf, "Length");
    if (e && pdfsyntax_value_ref(o->buf, e->v, e->v_end, &r, &g))
        g_hash_table_add(p->lengths, GINT_TO_POINTER((gint)r));
}

/* A font descriptor's TrueType font file, and whether its hinting goes
 * (1) or stays (2: a tricky font). */
static void note_font(packer *p, const pdfread_obj *o)
{
    gint64 r, g;
    const pdfsyntax_entry *e = pdfsyntax_dict_get(o->dict, o->buf, "FontFile2");
    const pdfsyntax_entry *name = pdfsyntax_dict_get(o->dict, o->buf, "FontName");
    if (!e || !name || !pdfsyntax_value_ref(o->buf, e->v, e->v_end, &r, &g) || name->v_end <= name->v + 1)
        return;
    char *n = g_strndup((const char *)o->buf + name->v + 1, name->v_end - name->v - 1);
    g_hash_table_insert(p->fontfiles, GINT_TO_POINTER((gint)r), GINT_TO_POINTER(ttfstrip_font_is_tricky(n) ? 2 : 1));
    g_free(n);
}

/* A stream written after the other objects: one that may be a TrueType
 * font (/Length1 and no /Length2: not a Type 1 font) whose descriptor has
 * not been met yet (cairo writes the font file first), or one the thread
 * makes again (so that the photos are copied meanwhile). */
static bool written_later(const packer *p, const pdfread_obj *o)
{
    return (pdfsyntax_dict_get(o->dict, o->buf, "Length1") && !pdfsyntax_dict_get(o->dict, o->buf, "Length2") &&
            !g_hash_table_contains(p->fontfiles, GINT_TO_POINTER((gint)o->num))) ||
           again_candidate(o);
}

/* Object 'num' into the file, or into an object stream; a stream written
 * after the other objects (written_later) into 'later' (unless NULL). */
static bool put_object(packer *p, gint64 num, GArray *later)
{
    const pdfupdate_obj *uo = update_find(p->u, num);
    if (uo && uo->stream) {
        /* The stream it replaces (a photo's placeholder) had its /Length in
         * an object of its own, which nothing refers to any more. */
        const pdfread_xref *x = pdfread_file_find(p->f, num);
        pdfread_obj o;
        if (!p->f->error && x && x->in_use) {
            if (pdfread_file_whole(p->f, x, &o)) {
                if (o.stream)
                    note_length(p, &o);
                pdfread_obj_clear(&o);
            }
            g_clear_error(&p->f->error); /* one not read leaves its length behind, no more */
        }
        return put_update_stream(p, uo);
    }
    if (uo) {
        /* "num gen obj\n<value>\nendobj\n" */
        const char *v = strchr(uo->text, '\n') + 1;
        size_t e = strlen(uo->text) - strlen("\nendobj\n");
        if (uo->gen == 0)
            return stm_add(p, num, uo->text, (size_t)(v - uo->text), e);
        set_entry(p, num, 1, p->pos, uo->gen);
        return put_str(p, uo->text);
    }
    const pdfread_xref *x = pdfread_file_find(p->f, num);
    if (!x || !x->in_use || g_hash_table_contains(p->lengths, GINT_TO_POINTER((gint)num)))
        return true; /* free, or a /Length now written in its stream's dictionary */
    pdfread_obj o;
    if (!pdfread_file_whole(p->f, x, &o))
        return false;
    bool ok = true;
    if (o.dict)
        note_font(p, &o);
    if (o.stream) {
        note_length(p, &o);
        if (!later || !written_later(p, &o))
            ok = put_stream(p, &o);
        else
            g_array_append_val(later, num);
    } else if (o.gen == 0) {
        ok = stm_add(p, num, (const char *)o.buf, o.v, o.v_end);
    } else {
        set_entry(p, num, 1, p->pos, o.gen);
        char *t = g_strdup_printf("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " obj\n%.*s\nendobj\n", o.num, o.gen,
                                  (int)(o.v_end - o.v), (const char *)o.buf + o.v);
        ok = put_str(p, t);
        g_free(t);
    }
    pdfread_obj_clear(&o);
    return ok;
}

/* The trailer's entry 'key' of 'f' as " /key value", if it has one. */
static void trailer_key(GString *s, const pdfread_file *f, const char *key)
{
    const pdfread_obj *tr = &f->trailer;
    const pdfsyntax_entry *e = pdfsyntax_dict_get(tr->dict, tr->buf, key);
    if (e)
        g_string_append_printf(s, " /%s %.*s", key, (int)(e->v_end - e->v), (const char *)tr->buf + e->v);
}

/* The cross-reference stream (ISO 32000-1 §7.5.8), numbered last, and the
 * file's end. */
static bool put_xref(packer *p)
{
    gint64 num = p->next_num++;
    set_entry(p, num, 1, p->pos, 0);
    gint64 most = MAX(p->pos, num);
    int w = 1;
    while (w < 8 && most >> (8 * w))
        w++;
    /* Each row after a PNG "Up" filter byte, less the row above (/Predictor
     * 12): offsets that grow slowly deflate to a few bytes a row. */
    guint n = p->x->len;
    size_t row = (size_t)w + 3;
    guint8 *rows = g_malloc0((size_t)n * (row + 1)), *prev = g_malloc0(row), *cur = g_malloc(row);
    for (guint i = 0; i < n; i++) {
        const xentry *e = &g_array_index(p->x, xentry, i);
        cur[0] = e->type;
        for (int k = 0; k < w; k++)
            cur[1 + k] = (guint8)(e->f2 >> (8 * (w - 1 - k)));
        gint64 f3 = i == 0 ? 65535 : e->f3;
        cur[1 + w] = (guint8)(f3 >> 8);
        cur[2 + w] = (guint8)f3;
        guint8 *r = rows + (size_t)i * (row + 1);
        r[0] = 2;
        for (size_t k = 0; k < row; k++)
            r[1 + k] = (guint8)(cur[k] - prev[k]);
        memcpy(prev, cur, row);
    }
    g_free(prev);
    g_free(cur);
    size_t zn = 0;
    guint8 *z = zdeflate(p, rows, (size_t)n * (row + 1), &zn);
    g_free(rows);
    if (!z)
        return pdfread_fail(p->f, PDFPOST_ERROR_WRITE, "%s", g_strerror(ENOMEM));
    GString *s = g_string_new(NULL);
    g_string_printf(s, "%" G_GINT64_FORMAT " 0 obj\n<< /Type /XRef /Size %u /W [1 %d 2]", num, n, w);
    trailer_key(s, p->f, "Root");
    if (p->u->info)
        g_string_append_printf(s, " /Info %" G_GINT64_FORMAT " 0 R", p->u->info);
    else
        trailer_key(s, p->f, "Info");
    trailer_key(s, p->f, "ID");
    g_string_append_printf(s, " /Filter /FlateDecode /DecodeParms << /Columns %zu /Predictor 12 >> /Length %zu >>\nstream\n", row, zn);
    gint64 at = p->pos;
    bool ok = put(p, s->str, s->len) && put(p, z, zn) && put_str(p, "\nendstream\nendobj\n");
    g_string_printf(s, "startxref\n%" G_GINT64_FORMAT "\n%%%%EOF\n", at);
    ok = ok && put(p, s->str, s->len) && flush(p);
    g_string_free(s, TRUE);
    g_free(z);
    return ok;
}

bool pdfpack_write(const pdfupdate *u, pdfread_file *f, int out)
{
    packer p = { u, f, out, 0, g_string_new(NULL), g_array_new(FALSE, TRUE, sizeof(xentry)), u->size, 0,
                 g_string_new(NULL), g_string_new(NULL), 0, g_hash_table_new(NULL, NULL),
                 g_hash_table_new(NULL, NULL), libdeflate_alloc_compressor(DEFLATE_LEVEL),
                 libdeflate_alloc_compressor(AGAIN_LEVEL), libdeflate_alloc_decompressor(), NULL };
    set_entry(&p, 0, 0, 0, 65535);
    /* A header of version 1.5 at least (object and cross-reference streams). */
    bool ok = p.z && p.z_again && p.dz && put_str(&p, "%PDF-1.5\n%\xb5\xed\xae\xfb\n");
    GArray *later = g_array_new(FALSE, FALSE, sizeof(gint64));
    p.work = ok ? stream_work_start(&p) : NULL;
    for (gint64 num = 1; ok && num < u->size; num++)
        ok = put_object(&p, num, later);
    for (guint i = 0; ok && i < later->len; i++)
        ok = put_object(&p, g_array_index(later, gint64, i), NULL);
    g_array_unref(later);
    ok = ok && stm_finish(&p) && put_xref(&p);
    if (!ok && !f->error)
        pdfread_fail(f, PDFPOST_ERROR_WRITE, "%s", g_strerror(ENOMEM));
    g_string_free(p.buf, TRUE);
    g_array_unref(p.x);
    g_string_free(p.stm_head, TRUE);
    g_string_free(p.stm_body, TRUE);
    g_hash_table_unref(p.lengths);
    g_hash_table_unref(p.fontfiles);
    stream_work_free(p.work);
    libdeflate_free_compressor(p.z);
    libdeflate_free_compressor(p.z_again);
    libdeflate_free_decompressor(p.dz);
    return ok;
}
