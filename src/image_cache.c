/* image_cache: the per-document cache of images: made, set up, freed; its
 * entries found by path or made at first use (a PNG decoded or kept to pass
 * through), and trimmed after each page to keep memory bounded. */
#include "image_cache.h"

#include "image_decode.h"
#include "image_embed.h"
#include "image_entry.h"
#include "image_memo.h"
#include "image_source.h"

#include <errno.h>
#include <stdlib.h>

#define DEFAULT_QUALITY 85

image_cache *image_cache_new(void)
{
    image_cache *c = g_new0(image_cache, 1);
    c->by_path = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    c->by_real = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, image_entry_free);
    c->quality = DEFAULT_QUALITY;
    c->splices = image_embed_splices_new();
    return c;
}

void image_cache_free(image_cache *c)
{
    if (!c)
        return;
    g_hash_table_destroy(c->by_path);
    g_hash_table_destroy(c->by_real);
    g_array_unref(c->splices);
    g_free(c);
}

void image_cache_trim(image_cache *c)
{
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, c->by_real);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        image_entry *e = v;
        /* The page's photos are in the PDF: their bytes go (cairo lets go
         * of its own reference at the next page); drawn again, they are
         * read again (image_entry_reload). */
        g_clear_pointer(&e->mime, cairo_surface_destroy);
        g_clear_pointer(&e->jpeg, g_bytes_unref);
        if (e->splice) /* made again, with its number, if drawn again */
            g_clear_pointer(&e->placeholder, cairo_surface_destroy);
        if (e->pass)
            g_clear_pointer(&e->png, g_bytes_unref);
    }
}

void image_cache_set_downsample(image_cache *c, int dpi, int quality)
{
    g_return_if_fail(c != NULL);
    c->dpi = MAX(dpi, 0);
    c->quality = quality <= 0 ? DEFAULT_QUALITY : MIN(quality, 100);
}

void image_cache_set_grayscale(image_cache *c, bool grey)
{
    g_return_if_fail(c != NULL);
    c->grey = grey;
}

void image_cache_set_keep_metadata(image_cache *c, bool keep)
{
    g_return_if_fail(c != NULL);
    c->keep_metadata = keep;
}

void image_cache_set_splicing(image_cache *c, bool on)
{
    g_return_if_fail(c != NULL);
    c->splicing = on;
}

GArray *image_cache_splices(image_cache *c)
{
    g_return_val_if_fail(c != NULL, NULL);
    return g_array_ref(c->splices);
}

void image_cache_test_stats(const image_cache *c, int *downsampled, int *scale_num, int *scale_denom)
{
    g_return_if_fail(c != NULL);
    if (downsampled)
        *downsampled = c->downsampled;
    if (scale_num)
        *scale_num = c->last_scale.num;
    if (scale_denom)
        *scale_denom = c->last_scale.denom;
}

/* The entry of the file 'real', made now: a PNG is decoded now, unless
 * 'pass' and it can pass through (image_embed_png_check): then its bytes
 * are kept and decoded only if some drawing needs the pixels. A JPEG to
 * be spliced without its metadata that an earlier run drew (image_memo)
 * is not read at all: the splice copies its bytes from the file and checks
 * their CRC-32 against what that run read. */
static image_entry *entry_load(const image_cache *c, const char *real, GError **err)
{
    bool pass = c->splicing;
    if (pass && !c->keep_metadata) {
        char *id = image_entry_identity_now(real);
        image_memo_jpeg j;
        image_entry *known = id && image_memo_jpeg_find(id, &j) ? image_entry_new_known(real, id, &j) : NULL;
        g_free(id);
        if (known)
            return known;
    }
    image_entry *e = image_entry_new(real, err);
    if (!e || e->info.format != IMAGE_FORMAT_PNG)
        return e;
    if (pass) {
        gsize len = 0;
        const guint8 *data = g_bytes_get_data(e->png, &len);
        e->pass = image_embed_png_check(data, len, real, e->identity);
    }
    if (!e->pass && !image_decode_png_pixels(e, err)) {
        image_entry_free(e);
        return NULL;
    }
    return e;
}

image_entry *image_cache_entry_get(image_cache *c, const char *path, GError **err)
{
    image_entry *e = g_hash_table_lookup(c->by_path, path);
    if (e)
        return e;
    char *rp = realpath(path, NULL);
    if (!rp) {
        image_source_set_open_error(errno, err);
        return NULL;
    }
    char *real = g_strdup(rp);
    free(rp);
    e = g_hash_table_lookup(c->by_real, real);
    if (!e) {
        e = entry_load(c, real, err);
        if (!e) {
            g_free(real);
            return NULL;
        }
        g_hash_table_insert(c->by_real, real, e);
    } else {
        g_free(real);
    }
    g_hash_table_insert(c->by_path, g_strdup(path), e);
    return e;
}
