/* image_entry: a real path in, a cache entry out: the file read once
 * (through infile) and the bytes probed; read and checked again when drawing
 * needs the bytes after a trim; freed. */
#include "image_entry.h"
#include "i18n.h"

#include "image_embed.h"
#include "image_memo.h"
#include "image_source.h"
#include "image_verify_pool.h"

#include <glib/gstdio.h>

#include <string.h>

/* The whole file 'real' in '*buf' (caller frees), probed into 'r'. */
static bool read_probed(const char *real, guint8 **buf, goffset *size, image_probe_result *r, GError **err)
{
    if (!image_source_read_all(real, buf, size, err))
        return false;
    if (!image_probe_bytes_full(*buf, (gsize)*size, r, err)) {
        g_clear_pointer(buf, g_free);
        return false;
    }
    return true;
}

char *image_entry_uid_of(const char *real)
{
    char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, real, -1);
    char *uid = g_strconcat("tripreport-image-", hash, NULL);
    g_free(hash);
    return uid;
}

char *image_entry_identity_now(const char *real)
{
    GStatBuf st;
    return g_stat(real, &st) == 0 ? image_verify_pool_identity(&st) : NULL;
}

image_entry *image_entry_new(const char *real, GError **err)
{
    goffset size = 0;
    guint8 *buf = NULL;
    image_probe_result r;
    char *before = image_entry_identity_now(real);
    if (!read_probed(real, &buf, &size, &r, err)) {
        g_free(before);
        return NULL;
    }
    image_entry *e = g_new0(image_entry, 1);
    e->real = g_strdup(real);
    e->info = r.info;
    e->uid = image_entry_uid_of(real);
    if (r.info.format == IMAGE_FORMAT_JPEG) {
        e->subsamp = r.subsamp;
        /* Only the image itself: what trails it is dropped. */
        e->data_len = r.data_len < size ? r.data_len : size;
        e->jpeg = g_bytes_new_take(buf, (gsize)e->data_len);
    } else {
        e->png = g_bytes_new_take(buf, (gsize)size);
    }
    char *after = image_entry_identity_now(real); /* what was read is the file of that identity */
    if (before && after && strcmp(before, after) == 0)
        e->identity = g_steal_pointer(&before);
    g_free(after);
    g_free(before);
    return e;
}

image_entry *image_entry_new_known(const char *real, const char *id, image_memo_jpeg *j)
{
    image_entry *e = g_new0(image_entry, 1);
    e->real = g_strdup(real);
    e->uid = image_entry_uid_of(real);
    e->identity = g_strdup(id);
    e->info.format = IMAGE_FORMAT_JPEG;
    e->info.width = j->width;
    e->info.height = j->height;
    e->info.orientation = j->orientation;
    image_info_set_display(&e->info);
    e->subsamp = j->subsamp;
    e->data_len = j->data_len;
    e->known = g_memdup2(j, sizeof *j);
    return e;
}

bool image_entry_reload(image_entry *e, GError **err)
{
    bool jpeg = e->info.format == IMAGE_FORMAT_JPEG;
    if (jpeg ? e->jpeg != NULL : e->png != NULL || e->pixels != NULL)
        return true;
    goffset size = 0;
    guint8 *buf = NULL;
    image_probe_result r;
    GError *why = NULL;
    if (!read_probed(e->real, &buf, &size, &r, &why)) {
        /* It was whole when first read: cut short, removed or replaced
         * by something else meanwhile. A read error stays what it is. */
        bool io = g_error_matches(why, IMAGE_ERROR, IMAGE_ERROR_READ) && strstr(why->message, "cannot be read");
        if (io)
            g_propagate_error(err, why);
        else {
            g_error_free(why);
            g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_READ,
                                "changed while the report was being made; make the report again");
        }
        return false;
    }
    goffset len = jpeg ? MIN(r.data_len, size) : size;
    if (r.info.format != e->info.format || r.info.width != e->info.width || r.info.height != e->info.height ||
        r.info.orientation != e->info.orientation || (jpeg && len != e->data_len)) {
        g_free(buf);
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_READ,
                            _("changed while the report was being made; make the report again"));
        return false;
    }
    if (jpeg)
        e->jpeg = g_bytes_new_take(buf, (gsize)len);
    else
        e->png = g_bytes_new_take(buf, (gsize)size);
    return true;
}

void image_entry_free(gpointer p)
{
    image_entry *e = p;
    if (!e)
        return;
    if (e->mime)
        cairo_surface_destroy(e->mime);
    if (e->pixels)
        cairo_surface_destroy(e->pixels);
    if (e->grey_pixels)
        cairo_surface_destroy(e->grey_pixels);
    if (e->reduced)
        g_hash_table_destroy(e->reduced);
    if (e->jpeg)
        g_bytes_unref(e->jpeg);
    if (e->png)
        g_bytes_unref(e->png);
    if (e->placeholder)
        cairo_surface_destroy(e->placeholder);
    image_embed_png_free(e->pass); /* one block with its path (image_embed_png_check) */
    if (e->known) {
        image_memo_jpeg_clear(e->known);
        g_free(e->known);
    }
    g_free(e->identity);
    g_free(e->uid);
    g_free(e->real);
    g_free(e);
}
