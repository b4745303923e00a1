/* batch_find: consumes the command line's folders and files, produces the
 * trip files a batch or a volume renders (in name order), with a message
 * for each folder or file that is not a report. */
#include "batch_find.h"
#include "i18n.h"

#include "batch_state.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What kind of thing 'path' is (stat: links followed), for messages. */
static const char *what_is(const struct stat *st)
{
    if (S_ISDIR(st->st_mode))
        return _("a folder");
    if (S_ISFIFO(st->st_mode))
        return _("a FIFO (named pipe)");
    if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
        return _("a device");
    if (S_ISSOCK(st->st_mode))
        return _("a socket");
    return _("not a regular file");
}

/* A folder batch writes into (it has batch's state table). */
static bool is_output_folder(const char *dir)
{
    char *state = g_build_filename(dir, BATCH_STATE_FILE, NULL);
    bool yes = g_file_test(state, G_FILE_TEST_EXISTS);
    g_free(state);
    return yes;
}

/* The trip.txt of report folder 'dir': its path if it is a regular file
 * (caller frees); NULL otherwise, with a message unless there is none. */
static char *report_trip(const char *dir, bool quiet_if_missing, diag_list *d)
{
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    struct stat st;
    if (stat(trip, &st) == 0 && S_ISREG(st.st_mode))
        return trip;
    if (stat(trip, &st) == 0)
        diag_error(d, (diag_loc){ diag_file(d, trip), 0, 0 }, "is %s, not a trip file; this report is left out",
                   what_is(&st));
    else if (errno != ENOENT)
        diag_error(d, (diag_loc){ diag_file(d, trip), 0, 0 }, "cannot be read (%s); this report is left out",
                   g_strerror(errno));
    else if (!quiet_if_missing && !is_output_folder(dir))
        diag_note(d, (diag_loc){ diag_file(d, dir), 0, 0 }, "no trip.txt in this folder; it is not a report, left out");
    g_free(trip);
    return NULL;
}

char **batch_find(char **args, int n, diag_list *d)
{
    GPtrArray *out = g_ptr_array_new();
    for (int i = 0; i < n; i++) {
        const char *a = args[i];
        struct stat st;
        if (stat(a, &st) != 0) {
            diag_error(d, (diag_loc){ diag_file(d, a), 0, 0 }, "%s",
                       errno == ENOENT || errno == ENOTDIR ? _("no such file or folder") : g_strerror(errno));
            continue;
        }
        if (S_ISREG(st.st_mode)) {
            g_ptr_array_add(out, g_strdup(a));
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            diag_error(d, (diag_loc){ diag_file(d, a), 0, 0 }, "is %s, not a trip file or a folder of reports",
                       what_is(&st));
            continue;
        }
        /* The folder of one report, or a folder of report folders. */
        char *own_path = g_build_filename(a, "trip.txt", NULL);
        bool has_own = lstat(own_path, &st) == 0;
        g_free(own_path);
        if (has_own) {
            char *own = report_trip(a, true, d);
            if (own)
                g_ptr_array_add(out, own);
            continue;
        }
        GDir *dir = g_dir_open(a, 0, NULL);
        GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
        const char *name;
        while (dir && (name = g_dir_read_name(dir)))
            g_ptr_array_add(names, g_strdup(name));
        if (dir)
            g_dir_close(dir);
        g_ptr_array_sort(names, cmp_str);
        int found = 0;
        for (guint k = 0; k < names->len; k++) {
            const char *nm = g_ptr_array_index(names, k);
            char *sub = g_build_filename(a, nm, NULL);
            if (nm[0] != '.' && stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
                char *trip = report_trip(sub, false, d);
                if (trip) {
                    g_ptr_array_add(out, trip);
                    found++;
                }
            }
            g_free(sub);
        }
        g_ptr_array_unref(names);
        if (found == 0)
            diag_error(d, (diag_loc){ diag_file(d, a), 0, 0 }, "no report folders here (looked for FOLDER/trip.txt)");
    }
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}
