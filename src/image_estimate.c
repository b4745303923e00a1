/* image_estimate: the images drawn into a PDF in, the PDF's size at a lower
 * image resolution out: each image object that would change, its new
 * stream made (threads, remembered per process) and its bytes swapped in
 * by arithmetic on the objects, cross-reference sections and offsets. */
#include "image_estimate.h"
#include "i18n.h"

#include "image_decode.h"
#include "image_draw.h"
#include "image_entry.h"
#include "image_resample.h"
#include "image_source.h"
#include "image_verify_pool.h"
#include "pdfsplice.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_QUALITY 85 /* as image_cache.c */
#define XREF_ENTRY 20      /* "0000012345 00000 n \n" */
#define HEAD_READ 1024     /* an object's dictionary is read from its first bytes */

/*** What is recorded ***/

typedef enum { KIND_JPEG, KIND_PIXELS } image_kind;

/* An image's objects as cairo writes them: a JPEG (its dictionary known
 * to the byte), or pixels (measured in a one-image PDF: pixels_measure). */
typedef struct measure {
    image_kind kind;
    gint64 len;      /* JPEG: its stream */
    int w, h;        /* JPEG: its pixels */
    const char *cs;  /* JPEG: its /ColorSpace name */
    gint64 bytes;    /* PIXELS: its objects' bytes */
    int objects;     /* PIXELS: how many (the image, an /SMask, their /Length objects) */
} measure;

/* An image as it would be at the estimate's dpi. */
typedef struct variant {
    char *real;      /* the file */
    char *memo_key;  /* its identity and this size, or NULL (no memory) */
    bool png;
    int tw, th;
    bool grey;
    image_info info; /* the file as probed when drawn (or expected) */
    goffset len;     /* JPEG: its bytes up to the EOI then; 0: unknown (the whole file is read, libjpeg
                        stops at the EOI) */
    measure m;       /* once made */
    bool made;
} variant;

/* An image object of the PDF as it is. */
typedef struct object {
    measure m;                 /* JPEG: known now; PIXELS: made from 'pixels' if it changes */
    cairo_surface_t *pixels;   /* PIXELS (decoded pixels or a PNG's placeholder): a reference, or NULL */
    bool splice;               /* a placeholder: the PDF holds a PNG's own data in its place */
    gint64 splice_len;         /* that PNG's stream bytes */
    gint64 splice_smask_len;   /* and those of its /SMask (0: none) */
    bool stays;                /* drawn somewhere not reduced */
    GPtrArray *variants;       /* variant * (borrowed) it becomes, each once, in the order drawn */
} object;

struct image_estimate {
    int dpi, quality;
    GHashTable *objects;  /* drawn surface's unique id -> object (owned) */
    GPtrArray *order;     /* object *, in the order first drawn */
    GHashTable *variants; /* unique id at dpi -> variant (owned) */
    GPtrArray *vorder;    /* variant *, in the order first drawn */
    struct work *early;   /* variants expected from the layout (image_estimate_expect), or NULL */
    GThread *early_thread; /* making them while the PDF is drawn, or NULL */
    GHashTable *early_made; /* their memo keys (found in the memo: made here, not remembered) */
};

static void object_free(gpointer p)
{
    object *o = p;
    if (o->pixels)
        cairo_surface_destroy(o->pixels);
    g_ptr_array_unref(o->variants);
    g_free(o);
}

static void variant_free(gpointer p)
{
    variant *v = p;
    g_free(v->real);
    g_free(v->memo_key);
    g_free(v);
}

image_estimate *image_estimate_new(int dpi, int quality)
{
    image_estimate *est = g_new0(image_estimate, 1);
    est->dpi = dpi;
    est->quality = quality <= 0 ? DEFAULT_QUALITY : MIN(quality, 100);
    est->objects = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, object_free);
    est->order = g_ptr_array_new();
    est->variants = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, variant_free);
    est->vorder = g_ptr_array_new();
    return est;
}

static void early_finish(image_estimate *est, bool help);

void image_estimate_free(image_estimate *est)
{
    if (!est)
        return;
    early_finish(est, false);
    if (est->early_made)
        g_hash_table_unref(est->early_made);
    g_ptr_array_unref(est->order);
    g_ptr_array_unref(est->vorder);
    g_hash_table_destroy(est->objects);
    g_hash_table_destroy(est->variants);
    g_free(est);
}

void image_estimate_attach(image_cache *c, image_estimate *est)
{
    c->estimate = est;
}

/* A JPEG stream's pixels and colour space from its header; false if it
 * has none libjpeg-turbo reads. */
static bool jpeg_measure(const guint8 *data, gsize len, measure *m)
{
    tjhandle tj = tjInitDecompress();
    int w = 0, h = 0, ss = 0, cs = 0;
    bool ok = tj && tjDecompressHeader3(tj, data, (unsigned long)len, &w, &h, &ss, &cs) == 0;
    if (tj)
        tjDestroy(tj);
    if (!ok)
        return false;
    m->kind = KIND_JPEG;
    m->len = (gint64)len;
    m->w = w;
    m->h = h;
    m->cs = cs == TJCS_GRAY ? "DeviceGray" : cs == TJCS_CMYK || cs == TJCS_YCCK ? "DeviceCMYK" : "DeviceRGB";
    return true;
}

/* The memo's key of the variant 'vkey' of the file 'real' as it is now
 * (its identity: device, inode, size, change time), or NULL. */
static char *memo_key_of(const char *vkey, const char *real)
{
    GStatBuf sb;
    if (g_stat(real, &sb) != 0)
        return NULL;
    return g_strdup_printf("%s|%llu:%llu|%lld|%lld.%09ld", vkey, (unsigned long long)sb.st_dev,
                           (unsigned long long)sb.st_ino, (long long)sb.st_size, (long long)sb.st_ctim.tv_sec,
                           (long)sb.st_ctim.tv_nsec);
}

void image_estimate_record(image_estimate *est, image_entry *e, cairo_surface_t *s, double pw, double ph, bool grey)
{
    const unsigned char *id = NULL;
    unsigned long id_len = 0;
    cairo_surface_get_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID, &id, &id_len);
    char *key = id ? g_strndup((const char *)id, id_len) : g_strdup_printf("surface-%p", (void *)s);
    object *o = g_hash_table_lookup(est->objects, key);
    if (!o) {
        o = g_new0(object, 1);
        o->variants = g_ptr_array_new();
        o->m.kind = KIND_PIXELS;
        const unsigned char *data = NULL;
        unsigned long len = 0;
        cairo_surface_get_mime_data(s, CAIRO_MIME_TYPE_JPEG, &data, &len);
        if (!data || !jpeg_measure(data, len, &o->m)) {
            o->m.kind = KIND_PIXELS;
            if (s == e->placeholder && e->splice) { /* a JPEG spliced: its bytes as they are */
                o->m.kind = KIND_JPEG;
                o->m.len = (gint64)e->splice_len;
                o->m.w = e->info.width;
                o->m.h = e->info.height;
                o->m.cs = e->subsamp == TJSAMP_GRAY ? "DeviceGray" : "DeviceRGB";
            } else if (s == e->placeholder && e->pass) {
                o->splice = true;
                o->splice_len = e->pass->data ? (gint64)g_bytes_get_size(e->pass->data) : e->pass->idat_bytes;
                o->splice_smask_len = e->pass->smask ? (gint64)g_bytes_get_size(e->pass->smask) : 0;
            }
        }
        g_hash_table_insert(est->objects, g_strdup(key), o);
        g_ptr_array_add(est->order, o);
    }
    g_free(key);
    int tw = 0, th = 0;
    if (!image_resample_target(&e->info, pw, ph, est->dpi, &tw, &th)) {
        o->stays = true; /* drawn the same at dpi */
        return;
    }
    bool png = e->info.format == IMAGE_FORMAT_PNG;
    char *vkey = png ? image_resample_png_uid(e, tw, th, grey) : image_resample_jpeg_uid(e, tw, th, est->quality, grey);
    variant *v = g_hash_table_lookup(est->variants, vkey);
    if (!v) {
        v = g_new0(variant, 1);
        v->real = g_strdup(e->real);
        v->png = png;
        v->tw = tw;
        v->th = th;
        v->grey = grey;
        v->info = e->info;
        v->len = e->data_len;
        v->memo_key = memo_key_of(vkey, e->real);
        g_hash_table_insert(est->variants, g_strdup(vkey), v);
        g_ptr_array_add(est->vorder, v);
    }
    g_free(vkey);
    if (!g_ptr_array_find(o->variants, v, NULL))
        g_ptr_array_add(o->variants, v);
    if (o->m.kind == KIND_PIXELS && !o->pixels)
        o->pixels = cairo_surface_reference(s); /* measured only if it changes */
}

/*** Measuring ***/

static cairo_status_t keep_bytes(void *closure, const unsigned char *data, unsigned int length)
{
    g_byte_array_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* Cuts the text of an object 'h' (owned, returned) after its "endobj" or
 * before the data of its stream, whichever comes first. */
static char *head_cut(char *h)
{
    char *st = strstr(h, "stream\n"), *eo = strstr(h, "endobj\n");
    if (st && (!eo || st < eo))
        st[strlen("stream\n")] = '\0';
    else if (eo)
        eo[strlen("endobj\n")] = '\0';
    return h;
}

/* The text of cairo's PDF 'pdf' from 'off' (up to HEAD_READ bytes, up to a
 * stream's data), a new string. */
static char *head_at(const GByteArray *pdf, gint64 off)
{
    if (off < 0 || off >= (gint64)pdf->len)
        return g_strdup("");
    gsize n = MIN((gsize)HEAD_READ, pdf->len - (gsize)off);
    return head_cut(g_strndup((const char *)pdf->data + off, n));
}

static gint64 after(const char *s, const char *key);

/* The bytes of the image objects of cairo's one-image PDF 'pdf' (each
 * image XObject, its /SMask one too, with its /Length object), counted
 * from its cross-reference table; -1 if it is not as cairo writes it.
 * '*objects' gets how many objects. */
static gint64 image_objects(const GByteArray *pdf, int *objects)
{
    char tail[65] = { 0 };
    gsize tn = MIN(pdf->len, 64);
    memcpy(tail, pdf->data + pdf->len - tn, tn);
    gint64 xref = after(tail, "startxref");
    char *x = head_at(pdf, xref);
    char *e = NULL;
    gint64 count = strncmp(x, "xref\n0 ", 7) == 0 ? g_ascii_strtoll(x + 7, &e, 10) : -1;
    g_free(x);
    if (count <= 0 || count > 1000 || xref + 20 + count * XREF_ENTRY > (gint64)pdf->len)
        return -1;
    const char *entries = strchr((const char *)pdf->data + xref + 5, '\n') + 1;
    gint64 n = 0;
    *objects = 0;
    for (gint64 i = 1; i < count; i++) {
        gint64 off = g_ascii_strtoll(entries + i * XREF_ENTRY, NULL, 10);
        char *h = head_at(pdf, off);
        if (strstr(h, "/Subtype /Image") && g_str_has_suffix(h, "stream\n")) {
            gint64 lnum = after(h, "/Length "), loff = -1;
            if (lnum > 0 && lnum < count)
                loff = g_ascii_strtoll(entries + lnum * XREF_ENTRY, NULL, 10);
            char *lh = head_at(pdf, loff);
            char *lv = strstr(lh, " obj\n");
            gint64 len = lv ? g_ascii_strtoll(lv + 5, NULL, 10) : -1;
            char *le = strstr(lh, "endobj\n");
            if (len < 0 || !le) {
                g_free(lh);
                g_free(h);
                return -1;
            }
            n += (gint64)strlen(h) + len + (gint64)strlen("\nendstream\nendobj\n") + (le + 7 - lh);
            *objects += 2;
            g_free(lh);
        }
        g_free(h);
    }
    return n;
}

/* The image objects cairo writes for 'img' as image_draw paints it for PDF
 * (colour analysis, compression, /SMask, /Interpolate): measured in a
 * one-page PDF of it (image_objects). 'm' gets them; false if cairo fails. */
static bool pixels_measure(cairo_surface_t *img, measure *m)
{
    GByteArray *b = g_byte_array_new();
    cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(keep_bytes, b, 1, 1);
    cairo_pdf_surface_restrict_to_version(pdf, CAIRO_PDF_VERSION_1_5);
    cairo_t *cr = cairo_create(pdf);
    cairo_scale(cr, 1.0 / cairo_image_surface_get_width(img), 1.0 / cairo_image_surface_get_height(img));
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    bool ok = cairo_surface_status(pdf) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(pdf);
    m->kind = KIND_PIXELS;
    m->bytes = ok ? image_objects(b, &m->objects) : -1;
    g_byte_array_unref(b);
    return m->bytes >= 0;
}

/* Made variants, for the life of the process: memo key -> measure; those
 * made here (not given by image_estimate_memo_give), in order, for
 * image_estimate_memo_made. */
static GMutex memo_lock;
static GHashTable *memo;
static GPtrArray *made_here;
static int stat_estimates, stat_made, stat_remembered;
static gint stat_checked, stat_ahead; /* atomic */

/* image_entry_new reads through infile, whose record of the run's inputs
 * is one per process: one thread reads at a time. */
static GMutex read_lock;

/* Puts the variants of 'todo' that were made in the memo (those with a
 * key: a file that could be looked at). How many were made. Under
 * 'memo_lock'. */
static int memo_keep(const GPtrArray *todo)
{
    if (!memo)
        memo = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    int made = 0;
    for (guint i = 0; i < todo->len; i++) {
        const variant *v = g_ptr_array_index(todo, i);
        if (!v->made)
            continue;
        made++;
        if (!v->memo_key)
            continue;
        if (!g_hash_table_contains(memo, v->memo_key)) {
            if (!made_here)
                made_here = g_ptr_array_new_with_free_func(g_free);
            g_ptr_array_add(made_here, g_strdup(v->memo_key));
        }
        g_hash_table_replace(memo, g_strdup(v->memo_key), g_memdup2(&v->m, sizeof v->m));
    }
    return made;
}

/* The JPEG 'b' just made (taken; NULL: not made, 'err' set) measured into
 * 'm'. False with 'err' set if it was not made or cannot be read. */
static bool jpeg_made(GBytes *b, measure *m, GError **err)
{
    if (!b)
        return false;
    gsize len = 0;
    const guint8 *data = g_bytes_get_data(b, &len);
    bool ok = jpeg_measure(data, len, m);
    if (!ok)
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED, IMAGE_MSG_JPEG_UNDECODABLE);
    g_bytes_unref(b);
    return ok;
}

/* Makes the variant 'v': its file read again, the image reduced as
 * image_draw would at the estimate's dpi. False with 'err' set. */
static bool variant_make(variant *v, int quality, GError **err)
{
    g_mutex_lock(&read_lock);
    image_entry *e = image_entry_new(v->real, err);
    g_mutex_unlock(&read_lock);
    if (!e)
        return false;
    bool ok = false;
    if (!v->png) {
        gsize len = 0;
        const guint8 *data = g_bytes_get_data(e->jpeg, &len);
        ok = jpeg_made(image_resample_jpeg_bytes(data, len, &e->info, v->tw, v->th, v->grey, quality, NULL, NULL,
                                                 NULL, err),
                       &v->m, err);
    } else {
        gsize len = 0;
        const guint8 *data = g_bytes_get_data(e->png, &len);
        /* A row at a time into the filter; the whole picture when not. */
        cairo_surface_t *src = NULL, *px = image_resample_png_bytes(data, len, v->tw, v->th, v->grey);
        if (!px && (src = image_decode_png(data, len, &e->info, e->uid, err)))
            px = image_resample_png_pixels(src, v->tw, v->th, v->grey, err);
        if (px) {
            ok = pixels_measure(px, &v->m);
            if (!ok)
                g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_TOO_LARGE, _("cannot be downsampled (out of memory)"));
            cairo_surface_destroy(px);
        }
        if (src)
            cairo_surface_destroy(src);
    }
    image_entry_free(e);
    return ok;
}

/* variant_make_checked() reading the photo a piece at a time as it is
 * decoded (image_resample_jpeg_fd_checked): 1 made (or damaged: 0 with
 * 'err' set), the answer given to the pool when the file did not change
 * meanwhile; -1 when it could not be done this way (nothing set). */
/* Gives image_verify_pool the answer a checked decode found for the file
 * of identity 'id' ('damage': its message, or NULL when whole), unless it
 * had one ('known') or the decode said nothing of the photo (neither made
 * nor 'damaged'). */
static void answer_keep(const char *id, bool known, bool made, bool damaged, const char *damage)
{
    if (known || !(made || damaged))
        return;
    image_verify_pool_keep(id, damaged ? damage : NULL);
    g_atomic_int_inc(&stat_checked);
}

static int made_streamed(variant *v, int quality, GError **err)
{
    int fd = -1;
    char *id = NULL;
    bool known = false;
    goffset size = 0;
    if (v->png || !image_verify_pool_open(v->real, &fd, &size, &id, &known))
        return -1;
    bool damaged = false, unread = false;
    GError *e = NULL;
    goffset len = v->len > 0 ? MIN(v->len, size) : size;
    GBytes *b =
        image_resample_jpeg_fd_checked(fd, len, &v->info, v->tw, v->th, v->grey, quality, &damaged, &unread, &e);
    bool same = image_verify_pool_close(fd, id);
    if (unread || !same) {
        if (b)
            g_bytes_unref(b);
        g_clear_error(&e);
        g_free(id);
        return -1;
    }
    answer_keep(id, known, b != NULL, damaged, e ? e->message : NULL);
    g_free(id);
    if (e)
        g_propagate_error(err, e);
    return jpeg_made(b, &v->m, err);
}

/* variant_make() of a JPEG variant, its file read through as image_verify()
 * checks it in the one decode and the answer given to image_verify_pool
 * (unless it has one already): the photo checked and reduced at once, read
 * a piece at a time (made_streamed), or whole when that cannot be. */
static bool variant_make_checked(variant *v, int quality, bool fallback, GError **err)
{
    int streamed = made_streamed(v, quality, err);
    if (streamed >= 0)
        return streamed == 1;
    guint8 *data = NULL;
    gsize len = 0;
    image_info info;
    char *id = NULL;
    bool known = false;
    if (v->png || !image_verify_pool_read(v->real, &data, &len, &info, &id, &known)) {
        if (fallback)
            return variant_make(v, quality, err);
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_READ, "not read ahead"); /* made again after */
        return false;
    }
    bool damaged = false;
    /* Checked even when the answer is known: the same bytes, a few rows
     * of the photo in memory at a time. */
    GBytes *b = image_resample_jpeg_bytes_checked(data, len, &info, v->tw, v->th, v->grey, quality, &damaged, err);
    answer_keep(id, known, b != NULL, damaged, damaged ? (*err)->message : NULL);
    bool ok = jpeg_made(b, &v->m, err);
    g_free(id);
    g_free(data);
    return ok;
}

/* The work shared by the threads: the variants to make, the next one, the
 * first failure. */
typedef struct work {
    GPtrArray *todo; /* variant * */
    bool checked;    /* variant_make_checked */
    bool ahead;      /* ... while the main thread draws (and reads through infile): none of its reading */
    int quality;
    gint next;
    GMutex lock;
    GError *err;
} work;

static gpointer work_run(gpointer p)
{
    work *w = p;
    for (;;) {
        guint i = (guint)g_atomic_int_add(&w->next, 1);
        if (i >= w->todo->len)
            break;
        variant *v = g_ptr_array_index(w->todo, i);
        GError *err = NULL;
        if (w->checked ? variant_make_checked(v, w->quality, !w->ahead, &err) : variant_make(v, w->quality, &err)) {
            v->made = true;
            continue;
        }
        g_mutex_lock(&w->lock);
        if (!w->err)
            g_prefix_error(&err, "%s ", v->real), w->err = err, err = NULL;
        g_mutex_unlock(&w->lock);
        g_clear_error(&err);
    }
    return NULL;
}

/* Makes every variant not made or remembered ('others': only those not
 * expected from the layout), in up to one thread a processor and
 * 'threads_max' (this one among them), 'checked' (variant_make_checked)
 * or not. False with 'err' set if one fails. */
static bool variants_make_in(image_estimate *est, bool checked, bool others, guint threads_max, GError **err)
{
    work w = { g_ptr_array_new(), checked, false, est->quality, 0, { 0 }, NULL };
    g_mutex_init(&w.lock);
    g_mutex_lock(&memo_lock);
    for (guint i = 0; i < est->vorder->len; i++) {
        variant *v = g_ptr_array_index(est->vorder, i);
        if (v->made)
            continue;
        bool expected = est->early_made && v->memo_key && g_hash_table_contains(est->early_made, v->memo_key);
        if (others && expected)
            continue;
        const measure *m = memo && v->memo_key ? g_hash_table_lookup(memo, v->memo_key) : NULL;
        if (m) {
            v->m = *m;
            v->made = true;
            if (expected)
                stat_made++; /* made for this estimate, ahead */
            else
                stat_remembered++;
        } else {
            g_ptr_array_add(w.todo, v);
        }
    }
    g_mutex_unlock(&memo_lock);
    guint threads = MIN(MIN(w.todo->len, threads_max), (guint)MAX(1, g_get_num_processors()));
    GThread **t = g_new0(GThread *, threads);
    for (guint i = 1; i < threads; i++)
        t[i] = g_thread_try_new("estimate", work_run, &w, NULL); /* none: this thread does it all */
    work_run(&w);
    for (guint i = 1; i < threads; i++)
        if (t[i])
            g_thread_join(t[i]);
    g_free(t);
    g_mutex_lock(&memo_lock);
    stat_made += memo_keep(w.todo);
    g_mutex_unlock(&memo_lock);
    g_mutex_clear(&w.lock);
    g_ptr_array_unref(w.todo);
    if (w.err) {
        g_propagate_error(err, w.err);
        return false;
    }
    return true;
}

static bool variants_make(image_estimate *est, bool checked, GError **err)
{
    return variants_make_in(est, checked, false, G_MAXUINT, err);
}

/*** The arithmetic ***/

static int digits(gint64 v)
{
    int n = 1;
    for (v = v < 0 ? -v : v; v >= 10; v /= 10)
        n++;
    return n;
}

/* The bytes cairo 1.16 writes for a JPEG image object and its /Length
 * object, numbered 'num' and 'num' + 1 here (their numbers are the same at
 * any dpi: only differences are used, but for an added image). */
static gint64 jpeg_object_bytes(const measure *m, gint64 num)
{
    char *t = g_strdup_printf("%" G_GINT64_FORMAT " 0 obj\n"
                              "<< /Length %" G_GINT64_FORMAT " 0 R\n"
                              "   /Type /XObject\n"
                              "   /Subtype /Image\n"
                              "   /Width %d\n"
                              "   /Height %d\n"
                              "   /ColorSpace /%s\n"
                              "   /Interpolate true\n"
                              "   /BitsPerComponent 8\n"
                              "   /Filter /DCTDecode\n"
                              ">>\n"
                              "stream\n",
                              num, num + 1, m->w, m->h, m->cs);
    gint64 n = (gint64)strlen(t) + m->len + (gint64)strlen("\nendstream\nendobj\n");
    g_free(t);
    t = g_strdup_printf("%" G_GINT64_FORMAT " 0 obj\n   %" G_GINT64_FORMAT "\nendobj\n", num + 1, m->len);
    n += (gint64)strlen(t);
    g_free(t);
    return n;
}

/* The bytes of the objects of 'm' and how many they are. */
static gint64 measure_bytes(const measure *m, int *objects)
{
    *objects = m->kind == KIND_JPEG ? 2 : m->objects;
    return m->kind == KIND_JPEG ? jpeg_object_bytes(m, 100) : m->bytes;
}

/* The end of a PDF: the product's, written whole by pdfpost_pack, or
 * cairo's alone (the tests draw with cairo). */
typedef struct pdf_tail {
    gint64 size;      /* the file's */
    gint64 startxref; /* its cross-reference section's offset */
    bool packed;      /* a cross-reference stream (pdfpost_pack); else cairo's table */
} pdf_tail;

static bool read_at(int fd, char *buf, gsize len, gint64 off)
{
    gsize got = 0;
    while (got < len) {
        ssize_t n = pread(fd, buf + got, len - got, (off_t)(off + (gint64)got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        got += (gsize)n;
    }
    return true;
}

static gint64 after(const char *s, const char *key)
{
    const char *p = s ? g_strrstr(s, key) : NULL;
    return p ? g_ascii_strtoll(p + strlen(key), NULL, 10) : -1;
}

/* Reads where the PDF in 'fd' keeps its cross-reference section and which
 * kind it is. False if it is neither as pdfpost_pack nor as cairo writes
 * it (an incremental update, say). */
static bool tail_read(int fd, gint64 size, pdf_tail *t)
{
    memset(t, 0, sizeof *t);
    t->size = size;
    gsize n = (gsize)MIN(size, 64);
    char end[65] = { 0 };
    if (!read_at(fd, end, n, size - (gint64)n))
        return false;
    /* After a stream's binary data (a cross-reference stream): past any NUL. */
    const char *sx = memmem(end, n, "startxref", 9);
    t->startxref = sx ? after(sx, "startxref") : -1;
    if (t->startxref <= 0 || t->startxref >= size)
        return false;
    gsize slen = (gsize)(size - t->startxref);
    char *sec = g_malloc(slen + 1);
    bool ok = read_at(fd, sec, slen, t->startxref);
    sec[ok ? slen : 0] = '\0';
    const char *trailer = ok ? strstr(sec, "trailer") : NULL;
    t->packed = ok && !trailer && g_ascii_isdigit(sec[0]) && strstr(sec, "/Type /XRef");
    ok = t->packed || (trailer && !strstr(trailer, "/Prev"));
    g_free(sec);
    return ok;
}

/* Expected variants, made ahead: this thread helps with those no thread
 * has taken ('help'; else none is taken from now on), the thread is
 * joined, and what was made goes into the memo. */
static void early_finish(image_estimate *est, bool help)
{
    work *w = est->early;
    if (!w)
        return;
    if (!help)
        g_atomic_int_set(&w->next, (gint)w->todo->len);
    else
        work_run(w);
    if (est->early_thread)
        g_thread_join(est->early_thread);
    est->early_thread = NULL;
    g_mutex_lock(&memo_lock);
    g_atomic_int_add(&stat_ahead, memo_keep(w->todo)); /* each has its key (image_estimate_expect) */
    g_mutex_unlock(&memo_lock);
    g_clear_error(&w->err); /* a photo that failed is made again, and says so, below */
    g_mutex_clear(&w->lock);
    g_ptr_array_unref(w->todo);
    g_free(w);
    est->early = NULL;
}

void image_estimate_expect(image_estimate *est, const char *path, double w, double h, bool cover)
{
    image_info info;
    int tw = 0, th = 0;
    char *rp = realpath(path, NULL);
    if (!rp || !image_probe(rp, &info, NULL) || info.format != IMAGE_FORMAT_JPEG) {
        free(rp);
        return;
    }
    double pw = 0, ph = 0;
    image_draw_shown_size(&info, w, h, cover, &pw, &ph);
    if (!image_resample_target(&info, pw, ph, est->dpi, &tw, &th)) {
        free(rp);
        return;
    }
    char *uid = image_entry_uid_of(rp);
    char *vkey = image_resample_jpeg_uid_of(uid, tw, th, est->quality, false);
    char *key = memo_key_of(vkey, rp);
    g_free(vkey);
    g_free(uid);
    if (!est->early_made)
        est->early_made = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_mutex_lock(&memo_lock);
    bool known = !key || (memo && g_hash_table_contains(memo, key)) || g_hash_table_contains(est->early_made, key);
    g_mutex_unlock(&memo_lock);
    if (known || est->early_thread) {
        g_free(key);
        free(rp);
        return;
    }
    g_hash_table_add(est->early_made, key); /* expected (made: once early_finish finds it so) */
    if (!est->early) {
        est->early = g_new0(work, 1);
        est->early->todo = g_ptr_array_new_with_free_func(variant_free);
        est->early->checked = true;
        est->early->ahead = true;
        est->early->quality = est->quality;
        g_mutex_init(&est->early->lock);
    }
    variant *v = g_new0(variant, 1);
    v->real = g_strdup(rp);
    v->tw = tw;
    v->th = th;
    v->info = info; /* its length up to the EOI unknown: the file's */
    v->memo_key = g_strdup(key);
    g_ptr_array_add(est->early->todo, v);
    free(rp);
}

void image_estimate_begin(image_estimate *est)
{
    if (est->early && !est->early_thread && est->early->todo->len > 0 && g_get_num_processors() > 1)
        est->early_thread = g_thread_try_new("estimate", work_run, est->early, NULL);
}

void image_estimate_prepare(image_estimate *est)
{
    GError *err = NULL;
    /* Those the layout did not foresee (a PNG, say) first, by this thread
     * beside the one still making the expected ones; then both on those. */
    if (est->early_thread && !variants_make_in(est, true, true, 1, &err))
        g_clear_error(&err);
    early_finish(est, true);
    if (!variants_make(est, true, &err))
        g_error_free(err); /* a damaged photo is said by its check; anything else again by the estimate */
}

gint64 image_estimate_pdf_size(image_estimate *est, const char *path, GError **err)
{
    g_mutex_lock(&memo_lock);
    stat_estimates++;
    g_mutex_unlock(&memo_lock);
    if (!variants_make(est, false, err))
        return -1;
    int fd = g_open(path, O_RDONLY | O_CLOEXEC, 0);
    GStatBuf sb;
    pdf_tail t;
    if (fd < 0 || fstat(fd, &sb) != 0 || !tail_read(fd, (gint64)sb.st_size, &t)) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot be read (%s)", path,
                    fd < 0 ? g_strerror(e) : "not a PDF of ours");
        return -1;
    }
    close(fd);
    gint64 cairo_delta = 0, packed_delta = 0;
    for (guint i = 0; i < est->order->len; i++) {
        object *o = g_ptr_array_index(est->order, i);
        guint first = 0;
        int n_old = 0, n_new = 0;
        if (o->variants->len > 0 && !o->stays) { /* its objects become the first variant's */
            if (o->m.kind == KIND_PIXELS && (!o->pixels || !pixels_measure(o->pixels, &o->m))) {
                g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: an image cannot be measured", path);
                return -1;
            }
            const measure *v = &((variant *)g_ptr_array_index(o->variants, 0))->m;
            gint64 vb = measure_bytes(v, &n_new), ob = measure_bytes(&o->m, &n_old);
            cairo_delta += vb - ob;
            /* Packed: a PNG's own data (and its /SMask) where its placeholder was. */
            packed_delta += vb - (o->splice ? o->splice_len + o->splice_smask_len : ob);
            cairo_delta += (gint64)(n_new - n_old) * XREF_ENTRY; /* then numbered anew: not exact */
            first = 1;
        }
        for (guint k = first; k < o->variants->len; k++) { /* added objects: not exact */
            gint64 vb = measure_bytes(&((variant *)g_ptr_array_index(o->variants, k))->m, &n_new);
            cairo_delta += vb + (gint64)n_new * XREF_ENTRY;
            packed_delta += vb;
        }
    }
    /* Packed: the image objects' bytes change, and nothing else but a few
     * bytes of the cross-reference stream (not counted). Cairo's alone:
     * its 'startxref' moves by cairo_delta, written in decimal. */
    if (t.packed)
        return t.size + packed_delta;
    return t.size + cairo_delta + digits(t.startxref + cairo_delta) - digits(t.startxref);
}

/*** Between runs (image_memo) ***/

/* A measure as one line of text, and back: "jpeg LEN W H gray|rgb|cmyk"
 * or "pixels BYTES OBJECTS". */
static char *measure_text(const measure *m)
{
    if (m->kind == KIND_JPEG)
        return g_strdup_printf("jpeg %" G_GINT64_FORMAT " %d %d %s", m->len, m->w, m->h,
                               strcmp(m->cs, "DeviceGray") == 0   ? "gray"
                               : strcmp(m->cs, "DeviceCMYK") == 0 ? "cmyk"
                                                                  : "rgb");
    return g_strdup_printf("pixels %" G_GINT64_FORMAT " %d", m->bytes, m->objects);
}

static bool measure_parse(const char *text, measure *m)
{
    char cs[8] = "";
    long long a = 0;
    int b = 0, c = 0, n = 0;
    memset(m, 0, sizeof *m);
    if (sscanf(text, "jpeg %lld %d %d %7s%n", &a, &b, &c, cs, &n) == 4 && text[n] == '\0' && a > 0 && b > 0 &&
        c > 0) {
        m->kind = KIND_JPEG;
        m->len = a;
        m->w = b;
        m->h = c;
        m->cs = strcmp(cs, "gray") == 0 ? "DeviceGray" : strcmp(cs, "cmyk") == 0 ? "DeviceCMYK" : "DeviceRGB";
        return strcmp(cs, "gray") == 0 || strcmp(cs, "cmyk") == 0 || strcmp(cs, "rgb") == 0;
    }
    if (sscanf(text, "pixels %lld %d%n", &a, &b, &n) == 2 && text[n] == '\0' && a > 0 && b > 0) {
        m->kind = KIND_PIXELS;
        m->bytes = a;
        m->objects = b;
        return true;
    }
    return false;
}

bool image_estimate_memo_give(const char *key, const char *value)
{
    measure m;
    if (!key || !*key || strchr(key, '\t') || strchr(key, '\n') || !measure_parse(value, &m))
        return false;
    g_mutex_lock(&memo_lock);
    if (!memo)
        memo = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (!g_hash_table_contains(memo, key))
        g_hash_table_insert(memo, g_strdup(key), g_memdup2(&m, sizeof m));
    g_mutex_unlock(&memo_lock);
    return true;
}

GPtrArray *image_estimate_memo_made(void)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    g_mutex_lock(&memo_lock);
    for (guint i = 0; made_here && i < made_here->len; i++) {
        const char *key = g_ptr_array_index(made_here, i);
        const measure *m = memo ? g_hash_table_lookup(memo, key) : NULL;
        if (!m)
            continue;
        char *text = measure_text(m);
        g_ptr_array_add(a, g_strdup_printf("%s\t%s", key, text));
        g_free(text);
    }
    g_mutex_unlock(&memo_lock);
    return a;
}

void image_estimate_memo_forget(void)
{
    g_mutex_lock(&memo_lock);
    if (memo)
        g_hash_table_remove_all(memo);
    if (made_here)
        g_ptr_array_set_size(made_here, 0);
    g_mutex_unlock(&memo_lock);
}

void image_estimate_test_stats(int *estimates, int *made, int *remembered)
{
    g_mutex_lock(&memo_lock);
    if (estimates)
        *estimates = stat_estimates;
    if (made)
        *made = stat_made;
    if (remembered)
        *remembered = stat_remembered;
    g_mutex_unlock(&memo_lock);
}

int image_estimate_test_checked(void)
{
    return g_atomic_int_get(&stat_checked);
}

int image_estimate_test_ahead(void)
{
    return g_atomic_int_get(&stat_ahead);
}
