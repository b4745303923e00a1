/* pdfupdate: takes new versions of objects and appends them to a PDF as an
 * incremental update: the objects, an xref section for them, a trailer
 * with /Prev, 'startxref' and %%EOF, written with pwrite at the file's end. */
#include "pdfupdate.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define MAX_OFFSET 9999999999LL /* an xref entry holds 10 digits */
#define STREAM_END "\nendstream\nendobj\n"

static void obj_clear(gpointer data)
{
    g_free(((pdfupdate_obj *)data)->text);
}

pdfupdate *pdfupdate_new(gint64 size)
{
    pdfupdate *u = g_new0(pdfupdate, 1);
    u->objs = g_array_new(FALSE, FALSE, sizeof(pdfupdate_obj));
    g_array_set_clear_func(u->objs, obj_clear);
    u->size = size;
    return u;
}

void pdfupdate_free(pdfupdate *u)
{
    if (!u)
        return;
    g_array_unref(u->objs);
    g_free(u);
}

void pdfupdate_add(pdfupdate *u, gint64 num, gint64 gen, const char *value)
{
    pdfupdate_obj o = { num, gen, NULL, 0, NULL, NULL };
    o.text = g_strdup_printf("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " obj\n%s\nendobj\n", num, gen, value);
    g_array_append_val(u->objs, o);
}

void pdfupdate_add_stream(pdfupdate *u, gint64 num, gint64 gen, const char *dict, gint64 len,
                          pdfupdate_stream_fn stream, const void *data)
{
    g_return_if_fail(stream != NULL && len > 0);
    pdfupdate_obj o = { num, gen, NULL, len, stream, data };
    o.text = g_strdup_printf("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " obj\n%s\nstream\n", num, gen, dict);
    g_array_append_val(u->objs, o);
}

static gint cmp_obj(gconstpointer a, gconstpointer b)
{
    gint64 x = ((const pdfupdate_obj *)a)->num, y = ((const pdfupdate_obj *)b)->num;
    return x < y ? -1 : x > y;
}

bool pdfupdate_sort(pdfupdate *u)
{
    g_array_sort(u->objs, cmp_obj);
    for (guint i = 1; i < u->objs->len; i++)
        if (g_array_index(u->objs, pdfupdate_obj, i).num == g_array_index(u->objs, pdfupdate_obj, i - 1).num)
            return false;
    return true;
}

/* The bytes of 'o' in the file: its text, and a stream's data and end. */
static gint64 obj_len(const pdfupdate_obj *o)
{
    gint64 n = (gint64)strlen(o->text);
    return o->stream ? n + o->stream_len + (gint64)strlen(STREAM_END) : n;
}

/* Appends the trailer's entry 'key' of 'f' as a line "   /key value" (if present). */
static void copy_trailer_key(GString *out, const pdfread_file *f, const char *key)
{
    const pdfread_obj *tr = &f->trailer;
    const pdfsyntax_entry *e = pdfsyntax_dict_get(tr->dict, tr->buf, key);
    if (e)
        g_string_append_printf(out, "   /%s %.*s\n", key, (int)(e->v_end - e->v), (const char *)tr->buf + e->v);
}

/* The bytes to append after the objects of 'u' when they start at 'at': an
 * xref section with one subsection per run of consecutive numbers, the
 * trailer, startxref. NULL (f->error set) if an offset does not fit in an
 * xref entry. */
static GString *xref_bytes(const pdfupdate *u, pdfread_file *f, gint64 at)
{
    gint64 *offs = g_new(gint64, u->objs->len);
    gint64 pos = at;
    for (guint i = 0; i < u->objs->len; i++) {
        offs[i] = pos;
        pos += obj_len(&g_array_index(u->objs, pdfupdate_obj, i));
    }
    gint64 xref = pos;
    if (xref > MAX_OFFSET) {
        g_free(offs);
        pdfread_fail(f, PDFPOST_ERROR_FORMAT, "is too large for a cross-reference table");
        return NULL;
    }
    GString *out = g_string_new("xref\n");
    for (guint i = 0; i < u->objs->len;) {
        guint j = i + 1;
        while (j < u->objs->len &&
               g_array_index(u->objs, pdfupdate_obj, j).num == g_array_index(u->objs, pdfupdate_obj, j - 1).num + 1)
            j++;
        g_string_append_printf(out, "%" G_GINT64_FORMAT " %u\n", g_array_index(u->objs, pdfupdate_obj, i).num, j - i);
        for (; i < j; i++)
            g_string_append_printf(out, "%010" G_GINT64_FORMAT " %05" G_GINT64_FORMAT " n \n", offs[i],
                                   g_array_index(u->objs, pdfupdate_obj, i).gen);
    }
    g_free(offs);
    g_string_append_printf(out, "trailer\n<< /Size %" G_GINT64_FORMAT "\n", u->size);
    copy_trailer_key(out, f, "Root");
    if (u->info)
        g_string_append_printf(out, "   /Info %" G_GINT64_FORMAT " 0 R\n", u->info);
    else
        copy_trailer_key(out, f, "Info");
    g_string_append_printf(out, "   /Prev %" G_GINT64_FORMAT "\n", f->startxref);
    copy_trailer_key(out, f, "ID");
    g_string_append_printf(out, ">>\nstartxref\n%" G_GINT64_FORMAT "\n%%%%EOF\n", xref);
    return out;
}

bool pdfupdate_write_at(int fd, const void *data, size_t len, gint64 off)
{
    size_t done = 0;
    while (done < len) {
        ssize_t r = pwrite(fd, (const char *)data + done, len - done, (off_t)(off + (gint64)done));
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

/* Writes 'buf' at *pos and empties it; false with f->error set. */
static bool flush_at(pdfread_file *f, GString *buf, gint64 *pos)
{
    if (!pdfupdate_write_at(f->fd, buf->str, buf->len, *pos))
        return pdfread_fail(f, PDFPOST_ERROR_WRITE, "%s", g_strerror(errno));
    *pos += (gint64)buf->len;
    g_string_truncate(buf, 0);
    return true;
}

/* Writes the objects of 'u' from 'at' (a line end first when 'eol'; the
 * streams' data written by their functions between their texts), then
 * 'tail'. */
static bool write_objs(const pdfupdate *u, pdfread_file *f, gint64 at, bool eol, const GString *tail)
{
    GString *buf = g_string_new(eol ? "\n" : NULL);
    gint64 pos = at;
    bool ok = false;
    for (guint i = 0; i < u->objs->len; i++) {
        const pdfupdate_obj *o = &g_array_index(u->objs, pdfupdate_obj, i);
        g_string_append(buf, o->text);
        if (o->stream) {
            if (!flush_at(f, buf, &pos) || !o->stream(f, f->fd, o->stream_data, pos))
                goto out;
            pos += o->stream_len;
            g_string_append(buf, STREAM_END);
        }
    }
    g_string_append_len(buf, tail->str, (gssize)tail->len);
    ok = flush_at(f, buf, &pos);
out:
    g_string_free(buf, TRUE);
    return ok;
}

bool pdfupdate_write(pdfupdate *u, pdfread_file *f)
{
    if (u->objs->len == 0)
        return true; /* nothing to change: nothing written */
    bool eol = !f->ends_in_eol;
    GString *tail = xref_bytes(u, f, f->size + (eol ? 1 : 0));
    if (!tail)
        return false;
    bool ok = write_objs(u, f, f->size, eol, tail);
    g_string_free(tail, TRUE);
    if (!ok && ftruncate(f->fd, (off_t)f->size) != 0) {
        /* The file keeps a partial update after its %%EOF: readers ignore it. */
    }
    return ok;
}
