/* cmd_watch: a trip file and the files it names, watched with GLib's file
 * monitors -> the PDF (or the previews) made again after each save, its
 * messages and a one-line summary on standard error. */
#include "cmd.h"
#include "i18n.h"
#include "image_memo.h"
#include "infile.h"

#include "report.h"
#include "style.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

/* A burst of saves (an editor writing a file and its backup, a folder of
 * photos copied in) makes one render, this long after the last event. */
#define SETTLE_MS 200

typedef struct watcher {
    const char *trip, *output;    /* borrowed */
    const tripreport_options *o;  /* borrowed */
    GMainLoop *loop;
    GHashTable *monitors;         /* folder path -> GFileMonitor, owned */
    guint pending;                /* the settle timeout, 0 if none */
    bool good;                    /* some render has succeeded */
} watcher;

/* The folders of the trip, of every image it names and of its layout. */
static GPtrArray *watched_folders(const watcher *w)
{
    GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(dirs, g_path_get_dirname(w->trip));
    diag_list *scratch = diag_list_new();
    doc *dc = report_load(w->trip, scratch, 0);
    if (dc) {
        for (guint s = 0; s < dc->sections->len; s++) {
            const doc_node *sec = g_ptr_array_index(dc->sections, s);
            for (guint i = 0; sec->children && i < sec->children->len; i++) {
                const doc_node *n = g_ptr_array_index(sec->children, i);
                if ((n->type == DOC_NODE_IMAGE || n->type == DOC_NODE_PHOTO) && n->resolved)
                    g_ptr_array_add(dirs, g_path_get_dirname(n->resolved));
            }
        }
        style *st = report_style(dc, w->o->layout, scratch);
        if (st && st->path)
            g_ptr_array_add(dirs, g_path_get_dirname(st->path));
        style_free(st);
    }
    doc_free(dc);
    diag_list_free(scratch);
    return dirs;
}

static bool ignored(const watcher *w, GFile *f)
{
    if (!f)
        return true;
    char *name = g_file_get_basename(f);
    size_t n = strlen(name);
    /* Temporary and backup files: ours (.NAME.XXXXXX.part), editors'. */
    bool skip = name[0] == '.' || n == 0 || name[n - 1] == '~' || name[0] == '#';
    g_free(name);
    if (!skip && w->output && strcmp(w->output, "-") != 0) {
        GFile *out = g_file_new_for_path(w->output);
        skip = g_file_equal(f, out);
        g_object_unref(out);
    }
    if (!skip && w->o->png_dir) {
        GFile *pngs = g_file_new_for_path(w->o->png_dir);
        GFile *parent = g_file_get_parent(f);
        skip = parent && g_file_equal(parent, pngs);
        if (parent)
            g_object_unref(parent);
        g_object_unref(pngs);
    }
    return skip;
}

char *cmd_size_text(gint64 bytes)
{
    if (bytes >= 1000000)
        return g_strdup_printf("%.1f MB", (double)bytes / 1e6);
    return g_strdup_printf("%d kB", (int)MAX(1, (bytes + 500) / 1000));
}

static void render_once(watcher *w);

static gboolean settled(gpointer data)
{
    watcher *w = data;
    w->pending = 0;
    render_once(w);
    return G_SOURCE_REMOVE;
}

static void on_changed(GFileMonitor *m, GFile *f, GFile *other, GFileMonitorEvent ev, gpointer data)
{
    (void)m;
    watcher *w = data;
    if (ev == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED || ev == G_FILE_MONITOR_EVENT_PRE_UNMOUNT ||
        ev == G_FILE_MONITOR_EVENT_UNMOUNTED)
        return;
    if (ignored(w, f) && (ev != G_FILE_MONITOR_EVENT_RENAMED || ignored(w, other)))
        return;
    if (w->pending)
        g_source_remove(w->pending);
    w->pending = g_timeout_add(SETTLE_MS, settled, w);
}

/* Watches every folder the report reads from (new ones after an edit). */
static void watch_folders(watcher *w)
{
    GPtrArray *dirs = watched_folders(w);
    for (guint i = 0; i < dirs->len; i++) {
        const char *d = g_ptr_array_index(dirs, i);
        if (g_hash_table_contains(w->monitors, d))
            continue;
        GFile *f = g_file_new_for_path(d);
        GFileMonitor *m = g_file_monitor_directory(f, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
        g_object_unref(f);
        if (!m)
            continue;
        g_signal_connect(m, "changed", G_CALLBACK(on_changed), w);
        g_hash_table_insert(w->monitors, g_strdup(d), m);
    }
    g_ptr_array_unref(dirs);
}

static void render_once(watcher *w)
{
    GDateTime *now = g_date_time_new_now_local();
    char *clock = g_date_time_format(now, "%H:%M:%S");
    g_date_time_unref(now);
    tripreport_diagnostics *d = tripreport_diagnostics_new();
    int pages = 0;
    /* A run of its own, with its own inputs: a trip file an editor replaced
     * is not one (its inode, free again, may be the new PDF's, which would
     * then look like the trip file). The run notes the trip, layouts,
     * photos and fonts it reads again. */
    infile_forget();
    bool ok = tripreport_render_file(w->trip, w->o->png_dir ? "-" : w->output, w->o, d, &pages, NULL);
    tripreport_diagnostics_print(d, stderr, 20);
    int errors = tripreport_diagnostics_errors(d);
    if (ok && w->o->png_dir) {
        fprintf(stderr, _("%s  %s: %d pages, previews made again\n"), clock, w->o->png_dir, pages);
    } else if (ok) {
        GStatBuf sb;
        char *size = cmd_size_text(g_stat(w->output, &sb) == 0 ? (gint64)sb.st_size : 0);
        fprintf(stderr, _("%s  %s: %d pages, %s\n"), clock, w->output, pages, size);
        g_free(size);
    } else if (w->good && errors == 1) {
        fprintf(stderr, _("%s  %s has 1 error; the last good output is kept: fix it and save again\n"), clock, w->trip);
    } else if (w->good) {
        fprintf(stderr, _("%s  %s has %d errors; the last good output is kept: fix them and save again\n"), clock, w->trip,
                errors);
    } else if (errors == 1) {
        fprintf(stderr, _("%s  %s has 1 error; nothing made yet: fix it and save again\n"), clock, w->trip);
    } else {
        fprintf(stderr, _("%s  %s has %d errors; nothing made yet: fix them and save again\n"), clock, w->trip, errors);
    }
    fflush(stderr);
    w->good = w->good || ok;
    tripreport_diagnostics_free(d);
    g_free(clock);
    watch_folders(w);
}

static gboolean on_stop(gpointer data)
{
    g_main_loop_quit(((watcher *)data)->loop);
    return G_SOURCE_CONTINUE;
}

void cmd_remember_photos(void)
{
    image_memo_enable();
}

int cmd_watch_run(const char *trip, const char *output, const tripreport_options *o)
{
    cmd_remember_photos();
    watcher w = { trip, output, o, g_main_loop_new(NULL, FALSE),
                  g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref), 0, false };
    guint sig_int = g_unix_signal_add(SIGINT, on_stop, &w);
    guint sig_term = g_unix_signal_add(SIGTERM, on_stop, &w);
    fprintf(stderr, _("watching %s and the files it names; press Ctrl-C to stop\n"), trip);
    render_once(&w);
    g_main_loop_run(w.loop);
    if (w.pending)
        g_source_remove(w.pending);
    g_source_remove(sig_int);
    g_source_remove(sig_term);
    g_hash_table_unref(w.monitors);
    g_main_loop_unref(w.loop);
    fprintf(stderr, _("stopped watching %s\n"), trip);
    return 0;
}
