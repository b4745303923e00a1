/* batch_state: consumes and produces batch's tables (.tripreport-state,
 * .tripreport-files) as sorted "key\tvalue" lines, escaped so that a name
 * with a tab or a newline is one entry. */
#include "batch_state.h"
#include "i18n.h"

#include "infile.h"
#include "outfile.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

/* 's' with '\\', '\t', '\n', '\r' escaped (other bytes as they are). */
static void append_escaped(GString *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\\': g_string_append(out, "\\\\"); break;
        case '\t': g_string_append(out, "\\t"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\r': g_string_append(out, "\\r"); break;
        default: g_string_append_c(out, *s); break;
        }
    }
}

/* The 'len' bytes at 's', unescaped. Caller frees. */
static char *unescape(const char *s, gsize len)
{
    GString *out = g_string_sized_new(len);
    for (gsize i = 0; i < len; i++) {
        char ch = s[i];
        if (ch == '\\' && i + 1 < len) {
            char e = s[++i];
            ch = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e;
        }
        g_string_append_c(out, ch);
    }
    return g_string_free(out, FALSE);
}

GHashTable *batch_table_read(const char *path)
{
    GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    char *text = NULL;
    gsize len = 0;
    if (!infile_read(path, INFILE_STATE, &text, &len, NULL))
        return t;
    char **lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        char *tab = strchr(lines[i], '\t');
        if (tab)
            g_hash_table_insert(t, unescape(lines[i], (gsize)(tab - lines[i])), unescape(tab + 1, strlen(tab + 1)));
    }
    g_strfreev(lines);
    g_free(text);
    return t;
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void batch_table_write(const char *path, GHashTable *t)
{
    GPtrArray *keys = g_ptr_array_new();
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, t);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_ptr_array_add(keys, k);
    g_ptr_array_sort(keys, cmp_str);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < keys->len; i++) {
        const char *key = g_ptr_array_index(keys, i);
        append_escaped(s, key);
        g_string_append_c(s, '\t');
        append_escaped(s, g_hash_table_lookup(t, key));
        g_string_append_c(s, '\n');
    }
    GError *err = NULL;
    if (!outfile_write_all(path, s->str, s->len, &err)) {
        /* Only costs a re-render next time. */
        g_printerr("%s: %s: %s\n", path, _("warning"), err->message);
        g_error_free(err);
    }
    g_string_free(s, TRUE);
    g_ptr_array_unref(keys);
}

char *batch_pdf_stamp(const char *digest, const char *pdf)
{
    GStatBuf sb;
    if (g_stat(pdf, &sb) != 0)
        return NULL;
    return g_strdup_printf("%s %lld %lld.%09ld", digest, (long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
                           sb.st_mtim.tv_nsec);
}
