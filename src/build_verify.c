/* build_verify: the photos' reading-through for build.c: begun on threads
 * for every path a trip names (image_verify_pool), each answer asked for
 * at its line, or by render after the layout (BUILD_VERIFY_LATER), each
 * damaged photo an error at its line. */
#include "build_verify.h"
#include "i18n.h"

#include "image_source.h"
#include "image_verify_pool.h"

#include <string.h>

void build_verify_start(const kv_file *f, const char *dir)
{
    for (guint i = 0; i < f->entries->len; i++) {
        const kv_entry *e = g_ptr_array_index(f->entries, i);
        if (e->kind != KV_PAIR || !e->value[0] || (strcmp(e->key, "photo") != 0 && strcmp(e->key, "image") != 0))
            continue;
        char *res = g_path_is_absolute(e->value) ? g_strdup(e->value) : g_build_filename(dir, e->value, NULL);
        image_verify_pool_start(res);
        g_free(res);
    }
}

void build_verify_begin(const doc *dc)
{
    for (guint i = 0; dc && dc->verify_later && i < dc->verify_later->len; i++)
        image_verify_pool_start(g_array_index(dc->verify_later, doc_verify_later, i).res);
}

bool build_verify_once(GHashTable *verified, const char *res, GError **err)
{
    const char *seen = g_hash_table_lookup(verified, res);
    if (!seen) {
        GError *e = NULL;
        bool ok = image_verify_pool_result(res, &e);
        g_hash_table_insert(verified, g_strdup(res), g_strdup(ok ? "" : e->message));
        g_clear_error(&e);
        seen = g_hash_table_lookup(verified, res);
    }
    if (!*seen)
        return true;
    g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED, seen);
    return false;
}

bool build_verify_finish(doc *dc, diag_list *diags)
{
    if (!dc || !dc->verify_later)
        return true;
    build_verify_begin(dc); /* held (BUILD_VERIFY_HOLD) or not read through since: on threads */
    bool ok = true;
    GHashTable *verified = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (guint i = 0; i < dc->verify_later->len; i++) {
        const doc_verify_later *v = &g_array_index(dc->verify_later, doc_verify_later, i);
        GError *err = NULL;
        if (!build_verify_once(verified, v->res, &err)) {
            char *msg = g_strdup_printf(_("image '%s' %s"), v->value, err->message);
            diag_error(diags, v->loc, "%s", msg); /* as build.c's image_problem() says it */
            g_free(msg);
            g_error_free(err);
            ok = false;
        }
    }
    g_hash_table_unref(verified);
    g_array_unref(dc->verify_later);
    dc->verify_later = NULL;
    return ok;
}
