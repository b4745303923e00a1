/* pdfsplice: finds the placeholder image of each PNG in a PDF, checks the
 * PNG's IDAT chunks, and adds to an update a new image dictionary whose
 * stream is those chunks' data, copied from the PNG file as it is written;
 * a JPEG's the same way, its bytes copied from the photo. */
#include "pdfsplice.h"

#include "i18n.h"
#include "infile.h"
#include "pdfread.h"
#include "pdfupdate.h"
#include "sfnt.h"

#include <errno.h>
#include <libdeflate.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#define HEAD_READ 1024         /* read of an object's start when looking for placeholders: cairo's
                                  image dictionaries take ~220 bytes; a longer one is not ours */
#define COPY_PIECE (64 * 1024) /* PNG data is copied in pieces of this size */

/* The bytes of a JPEG's stream: head, the file's part, tail. */
static gint64 jpeg_length(const pdfsplice_image *g)
{
    return (g->head ? (gint64)g_bytes_get_size(g->head) : 0) + g->range_bytes +
           (g->tail ? (gint64)g_bytes_get_size(g->tail) : 0);
}

/* Whether the parts of 'g' that only its kind has are well formed. */
static bool kind_valid(const pdfsplice_image *g)
{
    if (g->jpeg) {
        gint64 len = jpeg_length(g);
        return (g->bits == 0 || g->bits == 8) && g->n_palette == 0 && !g->data && !g->smask &&
               g->range_offset >= 0 && g->range_bytes >= 0 && len > 0;
    }
    return !g->head && !g->tail && (g->bits == 0 || g->bits == 1 || g->bits == 2 || g->bits == 4 || g->bits == 8 ||
                                    g->bits == 16) &&
           g->n_palette >= 0 && g->n_palette <= 256 && (g->n_palette == 0 || g->colours == 1) &&
           (g->data || (g->idat_offset >= 0 && g->idat_bytes > 0 && g->idat_chunks > 0));
}

bool pdfsplice_images_valid(const pdfsplice_image *images, int n)
{
    for (int k = 0; k < n; k++) {
        const pdfsplice_image *g = &images[k];
        if (!g->path || g->placeholder_w <= 0 || g->placeholder_h <= 0 || g->width <= 0 || g->height <= 0 ||
            (g->colours != 1 && g->colours != 3) || !kind_valid(g))
            return false;
        for (int j = 0; j < k; j++)
            if (images[j].placeholder_w == g->placeholder_w && images[j].placeholder_h == g->placeholder_h)
                return false;
    }
    return true;
}

/*** Finding the placeholders ***/

/* Where a PNG's placeholder image was found. */
typedef struct found {
    gint64 num, gen;
    int count;          /* image objects of the placeholder's size: must be 1 */
    char *interpolate;  /* the placeholder's /Interpolate value, or NULL */
} found;

/* Looks at the object of 'x': if it is an image XObject of one of the
 * placeholders' sizes, counts it in 'fd'. Objects it cannot read as "num
 * gen obj << ... >> stream" within HEAD_READ bytes are not placeholders. */
static bool look_at(pdfread_file *f, const pdfread_xref *x, const pdfsplice_image *images, int n, found *fd)
{
    pdfread_obj o;
    if (!pdfread_file_peek(f, x, HEAD_READ, &o))
        return false;
    if (o.stream) {
        const pdfsyntax_entry *st = pdfsyntax_dict_get(o.dict, o.buf, "Subtype");
        const pdfsyntax_entry *w = pdfsyntax_dict_get(o.dict, o.buf, "Width");
        const pdfsyntax_entry *h = pdfsyntax_dict_get(o.dict, o.buf, "Height");
        int wv, hv;
        if (st && w && h && pdfsyntax_value_is_name(o.buf, st->v, st->v_end, "Image") &&
            pdfsyntax_value_int(o.buf, w->v, w->v_end, &wv) && pdfsyntax_value_int(o.buf, h->v, h->v_end, &hv)) {
            for (int k = 0; k < n; k++) {
                if (images[k].placeholder_w != wv || images[k].placeholder_h != hv)
                    continue;
                if (fd[k].count++ == 0) {
                    const pdfsyntax_entry *ip = pdfsyntax_dict_get(o.dict, o.buf, "Interpolate");
                    fd[k].num = x->num;
                    fd[k].gen = x->gen;
                    fd[k].interpolate =
                        ip ? g_strndup((const char *)o.buf + ip->v, (gsize)(ip->v_end - ip->v)) : NULL;
                }
            }
        }
    }
    pdfread_obj_clear(&o);
    return true;
}

/* Looks at every object in use in the newest version below the trailer's
 * /Size and finds the placeholders. */
static bool find_placeholders(pdfread_file *f, const pdfsplice_image *images, int n, found *fd)
{
    for (guint i = 0; i < f->xref->len; i++) {
        const pdfread_xref *x = &g_array_index(f->xref, pdfread_xref, i);
        if (x->num == 0 || x->num >= f->n_objects || !x->in_use)
            continue;
        if (!look_at(f, x, images, n, fd))
            return false;
    }
    for (int k = 0; k < n; k++) {
        const pdfsplice_image *g = &images[k];
        if (fd[k].count != 1)
            return pdfread_fail(f, PDFPOST_ERROR_IMAGE,
                                fd[k].count == 0
                                    ? "has no placeholder image (%d×%d pixels) for the PNG '%s'"
                                    : "has more than one image of %d×%d pixels, the placeholder for the PNG '%s'",
                                g->placeholder_w, g->placeholder_h, g->path);
    }
    return true;
}

/*** The PNG's data ***/

/* Reads the IDAT chunks of PNG 'g' (one run of g->idat_chunks from
 * g->idat_offset, not followed by another IDAT) and checks each chunk's CRC
 * and the run's length and CRC-32 against 'g'. When 'at' >= 0, also writes
 * the chunks' data to 'out' from offset 'at', as it goes (64 KB at a time). */
static bool png_idat(pdfread_file *f, int out, const pdfsplice_image *g, gint64 at)
{
    GError *oe = NULL;
    int fd = infile_open(g->path, INFILE_IMAGE, NULL, &oe); /* a regular file, never a FIFO */
    if (fd < 0) {
        pdfread_fail(f, PDFPOST_ERROR_IO, _("cannot read the PNG '%s' (it %s)"), g->path, oe->message);
        g_error_free(oe);
        return false;
    }
    guint8 *buf = g_malloc(COPY_PIECE);
    gint64 pos = g->idat_offset, total = 0;
    uLong crc = crc32(0L, Z_NULL, 0);
    bool ok = false, changed = false;
    for (int c = 0; c <= g->idat_chunks; c++) {
        guint8 hdr[8];
        bool got = infile_pread(fd, hdr, sizeof hdr, pos);
        if (!got && errno)
            goto io;
        bool idat = got && memcmp(hdr + 4, "IDAT", 4) == 0;
        if (c == g->idat_chunks) { /* the run must end here */
            changed = idat;
            break;
        }
        uint32_t len = got ? sfnt_get32(hdr) : 0;
        if (!idat || len > 0x7FFFFFFFu || len > g->idat_bytes - total) {
            changed = true;
            break;
        }
        uLong chunk_crc = crc32(0L, hdr + 4, 4);
        for (uint32_t done = 0; done < len;) {
            size_t n = MIN((size_t)(len - done), (size_t)COPY_PIECE);
            if (!infile_pread(fd, buf, n, pos + 8 + done)) {
                if (errno)
                    goto io;
                changed = true;
                break;
            }
            chunk_crc = crc32(chunk_crc, buf, (uInt)n);
            crc = crc32(crc, buf, (uInt)n);
            if (at >= 0 && !pdfupdate_write_at(out, buf, n, at + total + done)) {
                pdfread_fail(f, PDFPOST_ERROR_WRITE, "%s", g_strerror(errno));
                goto out;
            }
            done += (uint32_t)n;
        }
        guint8 want[4];
        if (changed || !infile_pread(fd, want, 4, pos + 8 + len)) {
            if (!changed && errno)
                goto io;
            changed = true;
            break;
        }
        if (sfnt_get32(want) != (uint32_t)chunk_crc) {
            changed = true;
            break;
        }
        total += len;
        pos += 12 + (gint64)len;
    }
    if (changed || total != g->idat_bytes || (uint32_t)crc != g->idat_crc) {
        pdfread_fail(f, PDFPOST_ERROR_IMAGE, _("the PNG '%s' changed while the PDF was made: make the report again"),
                     g->path);
        goto out;
    }
    ok = true;
    goto out;
io:
    pdfread_fail(f, PDFPOST_ERROR_IO, _("cannot read the PNG '%s' (%s)"), g->path, g_strerror(errno));
out:
    g_free(buf);
    close(fd);
    return ok;
}

/* The update's stream function: copies (and checks again) the IDAT data. */
static bool write_png(pdfread_file *f, int out, const void *data, gint64 at)
{
    return png_idat(f, out, data, at);
}

/* The update's stream function of a JPEG: 'head', the file's bytes (read
 * and written 64 KB at a time, their CRC-32 checked at the end), 'tail'. */
static bool write_jpeg(pdfread_file *f, int out, const void *data, gint64 at)
{
    const pdfsplice_image *g = data;
    gsize hn = 0, tn = 0;
    const void *h = g->head ? g_bytes_get_data(g->head, &hn) : NULL;
    const void *t = g->tail ? g_bytes_get_data(g->tail, &tn) : NULL;
    if (hn && !pdfupdate_write_at(out, h, hn, at))
        return pdfread_fail(f, PDFPOST_ERROR_WRITE, "%s", g_strerror(errno));
    at += (gint64)hn;
    bool ok = false;
    guint8 *buf = NULL;
    int fd = -1;
    if (g->range_bytes > 0) {
        GError *oe = NULL;
        fd = infile_open(g->path, INFILE_IMAGE, NULL, &oe); /* a regular file, never a FIFO */
        if (fd < 0) {
            pdfread_fail(f, PDFPOST_ERROR_IO, _("cannot read the photo '%s' (it %s)"), g->path, oe->message);
            g_error_free(oe);
            return false;
        }
        buf = g_malloc(COPY_PIECE);
        guint32 crc = 0;
        for (gint64 done = 0; done < g->range_bytes;) {
            size_t n = (size_t)MIN(g->range_bytes - done, (gint64)COPY_PIECE);
            if (!infile_pread(fd, buf, n, g->range_offset + done)) {
                if (errno) {
                    pdfread_fail(f, PDFPOST_ERROR_IO, _("cannot read the photo '%s' (%s)"), g->path,
                                 g_strerror(errno));
                    goto out;
                }
                crc = ~g->range_crc; /* shorter now */
                break;
            }
            crc = libdeflate_crc32(crc, buf, n);
            if (!pdfupdate_write_at(out, buf, n, at + done)) {
                pdfread_fail(f, PDFPOST_ERROR_WRITE, "%s", g_strerror(errno));
                goto out;
            }
            done += (gint64)n;
        }
        if (crc != g->range_crc) {
            pdfread_fail(f, PDFPOST_ERROR_IMAGE,
                         _("the photo '%s' changed while the PDF was made: make the report again"), g->path);
            goto out;
        }
        at += g->range_bytes;
    }
    if (tn && !pdfupdate_write_at(out, t, tn, at)) {
        pdfread_fail(f, PDFPOST_ERROR_WRITE, "%s", g_strerror(errno));
        goto out;
    }
    ok = true;
out:
    g_free(buf);
    if (fd >= 0)
        close(fd);
    return ok;
}

/* The update's stream function for data made in memory (a GBytes). */
static bool write_bytes(pdfread_file *f, int out, const void *data, gint64 at)
{
    gsize len = 0;
    const void *p = g_bytes_get_data((GBytes *)data, &len);
    if (!pdfupdate_write_at(out, p, len, at))
        return pdfread_fail(f, PDFPOST_ERROR_WRITE, "%s", g_strerror(errno));
    return true;
}

/* The image dictionary's /ColorSpace of 'g' into 'd'. */
static void append_colour_space(GString *d, const pdfsplice_image *g)
{
    if (g->n_palette == 0) {
        g_string_append(d, g->colours == 1 ? "/DeviceGray" : "/DeviceRGB");
        return;
    }
    g_string_append_printf(d, "[/Indexed /DeviceRGB %d <", g->n_palette - 1);
    for (int i = 0; i < 3 * g->n_palette; i++)
        g_string_append_printf(d, "%02X", g->palette[i]);
    g_string_append(d, ">]");
}

/*** The new image ***/

/* A new image dictionary of w × h pixels, with cairo's keys in cairo's
 * order but on one line (its /ColorSpace and the rest to follow, each
 * after a space): a stream's dictionary is not deflated, and cairo's
 * newline and indent before each key were 24 bytes an image. Caller frees. */
static GString *image_dict_new(int w, int h)
{
    GString *d = g_string_new(NULL);
    g_string_printf(d, "<< /Type /XObject /Subtype /Image /Width %d /Height %d", w, h);
    return d;
}

/* The new version of a JPEG's placeholder: the keys cairo writes for a
 * JPEG (cairo-pdf-surface.c, _cairo_pdf_surface_emit_jpeg_image) on one
 * line, with the placeholder's /Interpolate and a direct /Length. */
static void jpeg_add(const pdfsplice_image *g, const found *fd, pdfupdate *u)
{
    gint64 len = jpeg_length(g);
    GString *d = image_dict_new(g->width, g->height);
    g_string_append_printf(d, " /ColorSpace %s", g->colours == 1 ? "/DeviceGray" : "/DeviceRGB");
    if (fd->interpolate)
        g_string_append_printf(d, " /Interpolate %s", fd->interpolate);
    g_string_append_printf(d, " /BitsPerComponent 8 /Filter /DCTDecode /Length %" G_GINT64_FORMAT " >>", len);
    pdfupdate_add_stream(u, fd->num, fd->gen, d->str, len, write_jpeg, g);
    g_string_free(d, TRUE);
}

bool pdfsplice_add(pdfread_file *f, const pdfsplice_image *images, int n, pdfupdate *u)
{
    if (n <= 0)
        return true;
    found *fd = g_new0(found, n);
    bool ok = find_placeholders(f, images, n, fd);
    for (int k = 0; ok && k < n; k++)
        ok = images[k].data || images[k].jpeg || png_idat(f, -1, &images[k], -1);
    for (int k = 0; ok && k < n; k++) {
        const pdfsplice_image *g = &images[k];
        if (g->jpeg) {
            jpeg_add(g, &fd[k], u);
            continue;
        }
        gint64 smask = 0;
        if (g->smask) { /* a new object, numbered as pdfamend numbers a new /Info */
            const pdfread_xref *x = pdfread_file_find(f, u->size);
            if (u->size > PDFSYNTAX_MAX_OBJ_NUM || (x && x->in_use)) {
                ok = pdfread_damaged(f, "its trailer's /Size is not above every object number");
                break;
            }
            smask = u->size++;
            GString *m = image_dict_new(g->width, g->height);
            gsize mlen = g_bytes_get_size(g->smask);
            g_string_append_printf(m,
                                   " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"
                                   " /DecodeParms << /Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns %d >>"
                                   " /Length %" G_GSIZE_FORMAT " >>",
                                   g->width, mlen);
            pdfupdate_add_stream(u, smask, 0, m->str, (gint64)mlen, write_bytes, g->smask);
            g_string_free(m, TRUE);
        }
        GString *d = image_dict_new(g->width, g->height);
        g_string_append(d, " /ColorSpace ");
        append_colour_space(d, g);
        int bits = g->bits ? g->bits : 8;
        g_string_append_printf(d, " /BitsPerComponent %d", bits);
        if (smask)
            g_string_append_printf(d, " /SMask %" G_GINT64_FORMAT " 0 R", smask);
        if (fd[k].interpolate)
            g_string_append_printf(d, " /Interpolate %s", fd[k].interpolate);
        gint64 len = g->data ? (gint64)g_bytes_get_size(g->data) : g->idat_bytes;
        g_string_append_printf(d,
                               " /Filter /FlateDecode"
                               " /DecodeParms << /Predictor 15 /Colors %d /BitsPerComponent %d /Columns %d >>"
                               " /Length %" G_GINT64_FORMAT " >>",
                               g->colours, bits, g->width, len);
        if (g->data)
            pdfupdate_add_stream(u, fd[k].num, fd[k].gen, d->str, len, write_bytes, g->data);
        else
            pdfupdate_add_stream(u, fd[k].num, fd[k].gen, d->str, len, write_png, g);
        g_string_free(d, TRUE);
    }
    for (int k = 0; k < n; k++)
        g_free(fd[k].interpolate);
    g_free(fd);
    return ok;
}
