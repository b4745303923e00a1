/* build_hints: kv entries and the photo folder -> the answers to the
 * mistakes people make (placeholders, tabs, a photo's name). */
#include "build_hints.h"

#include <string.h>

/*** Placeholders ***/

static bool is_x(gunichar c)
{
    return c == 'X' || c == 0xFF38 /* Ｘ */ || c == 0xFF58 /* ｘ */;
}

static bool is_letter(gunichar c)
{
    return g_unichar_isalpha(c) && c < 0x3000; /* Latin letters, full-width ones are is_x or not placeholders */
}

const char *build_hint_placeholder_find(const char *s, size_t *len)
{
    static const char *const marks[] = { "○○", "〇〇", "●●", "××", NULL };
    gunichar prev = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        for (int i = 0; marks[i]; i++) {
            if (g_str_has_prefix(p, marks[i])) {
                *len = strlen(marks[i]);
                return p;
            }
        }
        gunichar c = g_utf8_get_char(p);
        if (is_x(c) && !is_letter(prev) && !is_x(prev)) {
            const char *q = p;
            int n = 0;
            while (*q && is_x(g_utf8_get_char(q))) {
                q = g_utf8_next_char(q);
                n++;
            }
            if (n >= 2 && n <= 4 && !is_letter(g_utf8_get_char(q))) {
                *len = (size_t)(q - p);
                return p;
            }
        }
        prev = c;
    }
    return NULL;
}

bool build_hint_placeholder(diag_list *d, const kv_entry *e)
{
    if (e->kind != KV_PAIR)
        return false;
    /* Look line by line, to point at the placeholder itself. */
    guint n = e->lines ? e->lines->len : 0;
    for (guint i = 0; i <= n; i++) {
        const char *text = i < n ? g_array_index(e->lines, kv_line, i).text : e->value;
        diag_loc at = i < n ? g_array_index(e->lines, kv_line, i).loc : e->value_loc;
        size_t len = 0;
        const char *p = build_hint_placeholder_find(text, &len);
        if (!p)
            continue;
        at.col += (int)g_utf8_strlen(text, p - text);
        char *mark = g_strndup(p, len);
        diag_error(d, at, "'%s' still holds the template's '%s': this line still needs filling; write the real text in its place",
                   e->raw_key, mark);
        g_free(mark);
        return true;
    }
    return false;
}

/*** Cells pasted with tabs ***/

bool build_hint_tabbed_cells(diag_list *d, const kv_entry *e)
{
    const char *v = e->value;
    if (!strchr(v, '\t') || strchr(v, '|') || strstr(v, "｜"))
        return false;
    char **cells = g_strsplit(v, "\t", -1);
    GPtrArray *kept = g_ptr_array_new();
    for (int i = 0; cells[i]; i++) {
        g_strstrip(cells[i]);
        if (cells[i][0])
            g_ptr_array_add(kept, cells[i]);
    }
    g_ptr_array_add(kept, NULL);
    char *fixed = g_strjoinv(" | ", (char **)kept->pdata);
    diag_error(d, e->value_loc,
               "the cells are separated by tabs (as when pasted from Excel); separate them with '|' instead: '%s: %s'",
               e->raw_key, fixed);
    g_free(fixed);
    g_ptr_array_free(kept, TRUE);
    g_strfreev(cells);
    return true;
}

/*** Photo names ***/

/* The entry of folder 'dir' named 'name' without regard to case, if there
 * is exactly one. Caller frees. */
static char *caseless_entry(const char *dir, const char *name)
{
    GDir *gd = g_dir_open(*dir ? dir : ".", 0, NULL);
    if (!gd)
        return NULL;
    char *want = g_utf8_casefold(name, -1);
    char *found = NULL;
    int matches = 0;
    for (const char *n; (n = g_dir_read_name(gd));) {
        char *f = g_utf8_casefold(n, -1);
        if (strcmp(f, want) == 0 && matches++ == 0)
            found = g_strdup(n);
        g_free(f);
    }
    g_dir_close(gd);
    g_free(want);
    if (matches != 1) {
        g_free(found);
        return NULL;
    }
    return found;
}

/* 'rel' (with '/') under 'dir', each part matched without regard to case.
 * Returns the path as it is on disk, relative like 'rel', or NULL. */
static char *caseless_path(const char *dir, const char *rel)
{
    char **parts = g_strsplit(rel, "/", -1);
    bool absolute = rel[0] == '/';
    char *at = g_strdup(absolute ? "/" : dir);
    GString *out = g_string_new(absolute ? "/" : "");
    bool ok = true;
    for (int i = 0; parts[i] && ok; i++) {
        if (!parts[i][0] || strcmp(parts[i], ".") == 0 || strcmp(parts[i], "..") == 0) {
            if (parts[i][0]) {
                char *next = g_build_filename(at, parts[i], NULL);
                g_free(at);
                at = next;
                g_string_append_printf(out, "%s%s", out->len && out->str[out->len - 1] != '/' ? "/" : "", parts[i]);
            }
            continue;
        }
        char *name = caseless_entry(at, parts[i]);
        if (!name) {
            ok = false;
            break;
        }
        char *next = g_build_filename(at, name, NULL);
        g_free(at);
        at = next;
        g_string_append_printf(out, "%s%s", out->len && out->str[out->len - 1] != '/' ? "/" : "", name);
        g_free(name);
    }
    ok = ok && g_file_test(at, G_FILE_TEST_EXISTS);
    g_free(at);
    g_strfreev(parts);
    return g_string_free(out, !ok);
}

static bool exists_under(const char *dir, const char *rel)
{
    char *p = g_path_is_absolute(rel) ? g_strdup(rel) : g_build_filename(dir, rel, NULL);
    bool yes = g_file_test(p, G_FILE_TEST_EXISTS);
    g_free(p);
    return yes;
}

build_path_match build_hint_path_find(const char *dir, const char *written, char **found)
{
    *found = NULL;
    if (exists_under(dir, written)) {
        *found = g_strdup(written);
        return BUILD_PATH_EXACT;
    }
    char *slashed = g_strdup(written);
    g_strdelimit(slashed, "\\", '/');
    bool had_backslash = strcmp(slashed, written) != 0;
    if (had_backslash && exists_under(dir, slashed)) {
        *found = slashed;
        return BUILD_PATH_BACKSLASH;
    }
    char *c = caseless_path(dir, slashed);
    g_free(slashed);
    if (!c)
        return BUILD_PATH_NONE;
    *found = c;
    return had_backslash ? BUILD_PATH_BOTH : BUILD_PATH_CASE;
}

char *build_hint_path_suggest(const char *dir, const char *written)
{
    char *slashed = g_strdup(written);
    g_strdelimit(slashed, "\\", '/');
    char *folder_rel = g_path_get_dirname(slashed);
    char *base = g_path_get_basename(slashed);
    char *folder = g_path_is_absolute(slashed) ? g_strdup(folder_rel) : g_build_filename(dir, folder_rel, NULL);
    char *result = NULL;
    GDir *gd = g_dir_open(folder, 0, NULL);
    if (gd) {
        GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
        GPtrArray *folded = g_ptr_array_new_with_free_func(g_free);
        for (const char *n; (n = g_dir_read_name(gd));) {
            if (n[0] == '.')
                continue;
            /* Only files that can be read: not a folder, nor a link that
             * leads nowhere (which has the very name written). */
            char *full = g_build_filename(folder, n, NULL);
            bool file = g_file_test(full, G_FILE_TEST_IS_REGULAR);
            g_free(full);
            if (!file)
                continue;
            g_ptr_array_add(names, g_strdup(n));
            g_ptr_array_add(folded, g_utf8_casefold(n, -1));
        }
        g_ptr_array_add(folded, NULL);
        char *want = g_utf8_casefold(base, -1);
        const char *best = diag_suggest(want, (const char *const *)folded->pdata);
        /* Not for a short name: 'x.jpg' is no typo of 'b.jpg'. */
        const char *dot = strrchr(want, '.');
        size_t stem = dot && dot != want ? (size_t)(dot - want) : strlen(want);
        if (best && (size_t)diag_distance(want, best) * 2 >= stem)
            best = NULL;
        for (guint i = 0; best && i < names->len; i++) {
            if (g_ptr_array_index(folded, i) == best) {
                const char *name = g_ptr_array_index(names, i);
                result = strcmp(folder_rel, ".") == 0 && !g_str_has_prefix(slashed, "./")
                             ? g_strdup(name)
                             : g_strconcat(folder_rel, "/", name, NULL);
            }
        }
        g_free(want);
        g_ptr_array_unref(names);
        g_ptr_array_unref(folded);
        g_dir_close(gd);
    }
    g_free(folder);
    g_free(base);
    g_free(folder_rel);
    g_free(slashed);
    return result;
}
