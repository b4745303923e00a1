/* testutil: small helpers shared by the unit tests (static inline only).
 * Messages are compared as printed (`file:line:col: error: text`), so a
 * test checks the text and the position of a diagnostic at once. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include "build.h"
#include "diag.h"
#include "doc.h"
#include "inline.h"
#include "input.h"
#include "kv.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

/* Every message of 'd' formatted as printed, one per line (each ending in
 * "\n"); "" when there are none. Caller frees. */
static inline char *tu_messages(const diag_list *d)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < d->msgs->len; i++) {
        char *m = diag_format(g_ptr_array_index(d->msgs, i));
        g_string_append(s, m);
        g_string_append_c(s, '\n');
        g_free(m);
    }
    return g_string_free(s, FALSE);
}

/* Asserts that the messages of 'd' are exactly 'want' (lines ending in "\n"). */
#define tu_assert_messages(d, want)                                                                \
    do {                                                                                           \
        char *tu_got_ = tu_messages(d);                                                            \
        g_assert_cmpstr(tu_got_, ==, (want));                                                      \
        g_free(tu_got_);                                                                           \
    } while (0)

/* True if one message of 'd' is exactly 'line' (without "\n"). */
static inline gboolean tu_has_message(const diag_list *d, const char *line)
{
    for (guint i = 0; i < d->msgs->len; i++) {
        char *m = diag_format(g_ptr_array_index(d->msgs, i));
        gboolean eq = strcmp(m, line) == 0;
        g_free(m);
        if (eq)
            return TRUE;
    }
    return FALSE;
}

/* Asserts one message is exactly 'line', printing all of them if not. */
#define tu_assert_has(d, line)                                                                     \
    do {                                                                                           \
        if (!tu_has_message((d), (line))) {                                                        \
            char *tu_all_ = tu_messages(d);                                                        \
            g_printerr("wanted: %s\ngot:\n%s", (line), tu_all_);                                   \
            g_free(tu_all_);                                                                       \
            g_assert_true(tu_has_message((d), (line)));                                            \
        }                                                                                          \
    } while (0)

/* The metadata every build test starts with (4 lines, then an empty line):
 * lines 1–4, so the first line after it is line 6. */
#define TU_META                                                                                    \
    "number: 17\n"                                                                                 \
    "place: 島根県松江市\n"                                                                        \
    "period: 2024-02-07 .. 2024-02-09\n"                                                           \
    "traveler: 小野広暁\n"                                                                         \
    "\n"

/* A parsed and built trip. */
typedef struct tu_trip {
    diag_list *d;
    kv_file *kv;
    doc *doc;
} tu_trip;

/* Parses and builds 'text' as if read from 'file'; 'check_files' as for
 * build_doc(). */
static inline tu_trip tu_build_file(const char *text, const char *file, bool check_files)
{
    tu_trip t;
    t.d = diag_list_new();
    const char *name = diag_file(t.d, file);
    t.kv = build_parse(text, name, t.d);
    t.doc = build_doc(t.kv, t.d, check_files);
    return t;
}

/* Builds 'text' as "trip.txt" without looking for image files. */
static inline tu_trip tu_build(const char *text)
{
    return tu_build_file(text, "trip.txt", false);
}

static inline void tu_trip_clear(tu_trip *t)
{
    doc_free(t->doc);
    kv_file_free(t->kv);
    diag_list_free(t->d);
    memset(t, 0, sizeof *t);
}

/* The section at 'i' (0 is the title page). */
static inline doc_node *tu_section(const tu_trip *t, guint i)
{
    g_assert_cmpuint(i, <, t->doc->sections->len);
    return g_ptr_array_index(t->doc->sections, i);
}

static inline guint tu_nchildren(const doc_node *n)
{
    return n->children ? n->children->len : 0;
}

static inline doc_node *tu_child(const doc_node *n, guint i)
{
    g_assert_nonnull(n->children);
    g_assert_cmpuint(i, <, n->children->len);
    return g_ptr_array_index(n->children, i);
}

/* The string of a doc_text, or NULL. */
static inline const char *tu_str(const doc_text *t)
{
    return t ? t->str : NULL;
}

/* The cell 'i' of a row node. */
static inline const char *tu_cell(const doc_node *row, guint i)
{
    g_assert_nonnull(row->cells);
    g_assert_cmpuint(i, <, row->cells->len);
    return ((doc_text *)g_ptr_array_index(row->cells, i))->str;
}

/* Removes a directory made by g_dir_make_tmp() and the plain files and
 * folders in it (one level of subfolders is enough for the tests). */
static inline void tu_rm_tree(const char *dir)
{
    GDir *gd = g_dir_open(dir, 0, NULL);
    if (gd) {
        const char *n;
        while ((n = g_dir_read_name(gd))) {
            char *p = g_build_filename(dir, n, NULL);
            if (g_file_test(p, G_FILE_TEST_IS_DIR))
                tu_rm_tree(p);
            else
                g_unlink(p);
            g_free(p);
        }
        g_dir_close(gd);
    }
    g_rmdir(dir);
}

#endif
