/* style_load: reads layout files (layouts/NAME.layout, or a path) into a style:
 * finds the file, follows `base:` (refusing loops), and applies each line
 * through the key table (style.c). Every problem is a diagnostic. */
#include "style_keys.h"

#include "fonts.h"
#include "input.h"
#include "kv.h"

#include <stdlib.h>
#include <string.h>

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *style_layout_names(const char *data_dir)
{
    char *dir = style_path_join(data_dir, "layouts", NULL);
    GDir *gd = g_dir_open(dir, 0, NULL);
    g_free(dir);
    if (!gd)
        return NULL;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *f;
    while ((f = g_dir_read_name(gd))) {
        size_t len = strlen(f);
        if (len > strlen(".layout") && g_str_has_suffix(f, ".layout"))
            g_ptr_array_add(names, g_strndup(f, len - strlen(".layout")));
    }
    g_dir_close(gd);
    char *res = NULL;
    if (names->len > 0) {
        g_ptr_array_sort(names, cmp_str);
        g_ptr_array_add(names, NULL);
        res = g_strjoinv(", ", (char **)names->pdata);
    }
    g_ptr_array_unref(names);
    return res;
}

/*** Loading ***/

#define MAX_BASES 16 /* more `base:` levels than anyone writes; stops symlink games */

typedef struct loader {
    diag_list *d;
    const char *data_dir;
    GPtrArray *chain;  /* of char*, owned: real paths of the files being loaded, outermost first */
    GPtrArray *labels; /* of const char*, interned in 'd': the same files as named in messages */
} loader;

/* Where 'name_or_path' is: the file name used in messages (caller frees),
 * and its short name in *name (caller frees). */
static char *locate(const loader *L, const char *name_or_path, const char *base_dir, bool *is_path, char **name)
{
    *is_path = strchr(name_or_path, '/') || g_str_has_suffix(name_or_path, ".layout");
    if (*is_path) {
        char *b = g_path_get_basename(name_or_path);
        if (g_str_has_suffix(b, ".layout") && strlen(b) > strlen(".layout"))
            b[strlen(b) - strlen(".layout")] = '\0';
        *name = b;
        return style_path_join(base_dir, name_or_path, NULL);
    }
    *name = g_strdup(name_or_path);
    char *file = g_strconcat(name_or_path, ".layout", NULL);
    char *res = style_path_join(L->data_dir, "layouts", file);
    g_free(file);
    return res;
}

static void not_found(loader *L, const char *name_or_path, bool is_path, const char *label, diag_loc where)
{
    char *names = style_layout_names(L->data_dir);
    if (is_path) {
        if (names)
            diag_error(L->d, where,
                       "layout file '%s' not found (looked for '%s'); check the name and the folder, "
                       "or name one of the layouts: %s",
                       name_or_path, label, names);
        else
            diag_error(L->d, where, "layout file '%s' not found (looked for '%s'); check the name and the folder",
                       name_or_path, label);
    } else if (names) {
        diag_error(L->d, where, "no layout '%s'; the layouts are %s", name_or_path, names);
    } else if (L->data_dir && strcmp(L->data_dir, fonts_data_dir()) == 0) {
        /* The program's own data is missing: not the trip's fault, so
         * no trip line is named. */
        diag_error(L->d, (diag_loc){ NULL, 0, 0 },
                   "the page designs (layouts/default.layout and the others) were not found; looked in %s. "
                   "Install the program with 'make install', run the one in its build folder (out/tripreport), "
                   "or set TRIPREPORT_DATA to the folder that holds layouts/",
                   fonts_data_dir_tried());
    } else {
        char *dir = style_path_join(L->data_dir, "layouts", NULL);
        diag_error(L->d, where, "no layout '%s'; there are no layouts in '%s'", name_or_path, dir);
        g_free(dir);
    }
    g_free(names);
}

/* False (with an error at 'where') if 'real' is already being loaded. */
static bool check_loop(loader *L, const char *real, const char *label, diag_loc where)
{
    for (guint i = 0; i < L->chain->len; i++) {
        if (strcmp(g_ptr_array_index(L->chain, i), real) != 0)
            continue;
        GString *path = g_string_new(NULL);
        for (guint j = i; j < L->labels->len; j++)
            g_string_append_printf(path, "%s → ", (const char *)g_ptr_array_index(L->labels, j));
        g_string_append(path, label);
        diag_error(L->d, where, "'base' makes a loop (%s); remove one 'base:' line", path->str);
        g_string_free(path, TRUE);
        return false;
    }
    if (L->chain->len >= MAX_BASES) {
        diag_error(L->d, where, "too many 'base:' levels (more than %d); base this layout on one that has none",
                   MAX_BASES);
        return false;
    }
    return true;
}

/* Margins that leave less than this for the content are a mistake. */
#define MIN_CONTENT_MM 50.0

/* Reads the layout file named by 'name_or_path' (see style_load()) and its
 * bases. Returns NULL if this call added any error to L->d. */
static style *load(loader *L, const char *name_or_path, const char *base_dir, diag_loc where)
{
    diag_list *d = L->d;
    int errors_before = d->errors;
    bool is_path;
    char *name = NULL;
    char *label_buf = locate(L, name_or_path, base_dir, &is_path, &name);
    const char *label = diag_file(d, label_buf);
    g_free(label_buf);

    /* Read first (a regular file within its cap: never a FIFO or a
     * device), then decoded once it is known not to loop. */
    char *bytes = NULL;
    gsize len = 0;
    GError *err = NULL;
    if (!infile_read(label, INFILE_LAYOUT, &bytes, &len, &err)) {
        if (g_error_matches(err, INFILE_ERROR, INFILE_ERROR_NOT_FOUND))
            not_found(L, name_or_path, is_path, label, where);
        else if (g_error_matches(err, INFILE_ERROR, INFILE_ERROR_NOT_REGULAR))
            diag_error(d, where, "'%s' %s", label, err->message);
        else
            diag_error(d, where, "layout file '%s' %s", label, err->message);
        g_error_free(err);
        g_free(name);
        return NULL;
    }
    char *rp = realpath(label, NULL);
    char *real = g_strdup(rp ? rp : label);
    free(rp); /* realpath() allocates with malloc */
    if (!check_loop(L, real, label, where)) {
        g_free(real);
        g_free(bytes);
        g_free(name);
        return NULL;
    }
    g_ptr_array_add(L->chain, real);
    g_ptr_array_add(L->labels, (gpointer)label);

    style *s = NULL;
    kv_file *kv = NULL;
    char *text = input_decode(bytes, len, label, d, NULL);
    g_free(bytes);
    if (!text)
        goto out;
    kv = kv_parse(text, label, d);

    /* The starting point: the base, or the built-in design. When the base
     * fails, the keys of this file are still checked against the default. */
    const kv_entry *base = NULL;
    bool side_given[4] = { false, false, false, false }; /* margin-top, -right, -bottom, -left */
    for (guint i = 0; i < kv->entries->len; i++) {
        const kv_entry *e = g_ptr_array_index(kv->entries, i);
        const key_def *k = e->kind == KV_PAIR ? style_key_find(e->key) : NULL;
        if (k && k->type == T_BASE && !base)
            base = e;
        else if (k && k->type == T_MARGIN)
            side_given[style_key_margin_side(k)] = true;
    }
    if (base && base->value[0] && !strchr(base->value, '\n')) {
        char *dir = g_path_get_dirname(label);
        s = load(L, base->value, dir, base->value_loc);
        g_free(dir);
    }
    if (!s)
        s = style_default();

    /* Every entry in file order, so that messages come in file order. */
    size_t nkeys = style_key_count();
    const char **names = g_new0(const char *, nkeys + 1);
    for (size_t i = 0; i < nkeys; i++)
        names[i] = style_key_at(i)->key;
    const kv_entry **first = g_new0(const kv_entry *, nkeys);
    const kv_entry *geometry = NULL; /* the last page-size or margin key */
    for (guint i = 0; i < kv->entries->len; i++) {
        const kv_entry *e = g_ptr_array_index(kv->entries, i);
        if (e->kind == KV_SECTION) {
            diag_error(d, e->loc, "a layout has no pages; remove the line '[%s]' (a layout has only 'key: value' lines)",
                       e->raw_key);
            continue;
        }
        const key_def *k = style_key_find(e->key);
        if (!k) {
            const char *sug = diag_suggest(e->key, names);
            if (sug)
                diag_error(d, e->loc, "unknown key '%s' (did you mean '%s'?)", e->raw_key, sug);
            else
                diag_error(d, e->loc, "unknown key '%s'; the keys of a layout are listed in docs/layout-format.md",
                           e->raw_key);
            continue;
        }
        size_t ki = (size_t)(k - style_key_at(0));
        if (first[ki]) {
            diag_error(d, e->loc, "'%s' is given twice (first at line %d); keep one", e->raw_key, first[ki]->loc.line);
            continue;
        }
        first[ki] = e;
        if (k->type == T_BASE) {
            if (!e->value[0])
                diag_error(d, e->value_loc, "'%s' is empty; write a value after the colon, like %s", e->raw_key,
                           k->example);
            else if (strchr(e->value, '\n'))
                diag_error(d, e->value_loc, "'%s' must be one layout name or path on one line", e->raw_key);
            continue; /* loaded above */
        }
        style_key_apply(d, s, k, e, label, side_given);
        if (k->type == T_PAGE || k->type == T_MARGINS || k->type == T_MARGIN)
            geometry = e;
    }

    double cw = s->page_w_pt - s->margin_left_pt - s->margin_right_pt;
    double ch = s->page_h_pt - s->margin_top_pt - s->margin_bottom_pt;
    if (geometry && (cw < style_mm_to_pt(MIN_CONTENT_MM) || ch < style_mm_to_pt(MIN_CONTENT_MM)))
        diag_error(d, geometry->loc,
                   "the margins leave %.0f x %.0f mm for the content (at least %.0f x %.0f is needed); "
                   "make them smaller or the page larger",
                   cw * 25.4 / 72.0, ch * 25.4 / 72.0, MIN_CONTENT_MM, MIN_CONTENT_MM);

    g_free(names);
    g_free(first);
    g_free(s->name);
    s->name = g_strdup(name);
    g_free(s->path);
    s->path = g_strdup(label);

out:
    kv_file_free(kv);
    g_free(text);
    g_free(name);
    g_ptr_array_set_size(L->chain, (gint)L->chain->len - 1);
    g_ptr_array_set_size(L->labels, (gint)L->labels->len - 1);
    if (d->errors > errors_before) {
        style_free(s);
        return NULL;
    }
    return s;
}

style *style_load(const char *name_or_path, const char *data_dir, const char *base_dir, diag_loc where,
                  diag_list *d)
{
    g_return_val_if_fail(name_or_path && d, NULL);
    loader L = { d, data_dir, g_ptr_array_new_with_free_func(g_free), g_ptr_array_new() };
    style *s = load(&L, name_or_path, base_dir, where);
    g_ptr_array_unref(L.chain);
    g_ptr_array_unref(L.labels);
    return s;
}
