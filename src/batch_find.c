/* batch_find: consumes the command line's folders and files, produces the
 * trip files a batch or a volume renders (in name order), with a message
 * for each folder or file looked at that is not a report. */
#include "batch_find.h"
#include "i18n.h"

#include "batch_state.h"

#include <dirent.h>
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

bool batch_find_refuse(const char *trip, diag_list *d)
{
    struct stat st;
    diag_loc at = { diag_file(d, trip), 0, 0 };
    if (stat(trip, &st) == 0) {
        /* One whole sentence for each case (each is translated whole). */
        if (S_ISREG(st.st_mode))
            return false;
        if (S_ISDIR(st.st_mode))
            diag_error(d, at, "is a folder, not a trip file; this report is left out");
        else if (S_ISFIFO(st.st_mode))
            diag_error(d, at, "is a FIFO (named pipe), not a trip file; this report is left out");
        else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
            diag_error(d, at, "is a device, not a trip file; this report is left out");
        else if (S_ISSOCK(st.st_mode))
            diag_error(d, at, "is a socket, not a trip file; this report is left out");
        else
            diag_error(d, at, "is not a regular file, so not a trip file; this report is left out");
        return true;
    }
    int e = errno;
    if (e == ENOENT && lstat(trip, &st) == 0 && S_ISLNK(st.st_mode)) {
        char *to = g_file_read_link(trip, NULL);
        diag_error(d, at, "is a symbolic link to '%s', which does not exist; this report is left out", to ? to : "?");
        g_free(to);
    } else if (e == ELOOP) {
        diag_error(d, at, "is a symbolic link that leads back to itself; this report is left out");
    } else if (e == ENOENT || e == ENOTDIR) {
        diag_error(d, at, "does not exist; this report is left out");
    } else {
        diag_error(d, at, "cannot be read (%s); this report is left out", g_strerror(e));
    }
    return true;
}

/* Adds the report folder 'dir' (an argument, or a folder below one, named
 * 'name') to 'out' if it holds an entry trip.txt, of any kind; else says
 * why it is left out (nothing for an argument: the caller looks below it). */
static bool add_report(GPtrArray *out, const char *dir, bool is_arg, diag_list *d)
{
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    struct stat st;
    if (lstat(trip, &st) == 0 || (errno != ENOENT && errno != ENOTDIR)) {
        /* There is one (or it cannot be seen whether there is): a
         * report, to be made or named as failed by batch and volume. */
        g_ptr_array_add(out, trip);
        return true;
    }
    if (!is_arg) {
        diag_loc at = { diag_file(d, dir), 0, 0 };
        if (is_output_folder(dir))
            diag_note(d, at, "this is the output folder of a batch (it holds %s), not a report; it is left out",
                      BATCH_STATE_FILE);
        else
            diag_note(d, at, "no trip.txt in this folder; it is not a report, left out");
    }
    g_free(trip);
    return false;
}

/* Every report folder one level below the folder 'a', in name order. */
static void add_folder(GPtrArray *out, const char *a, diag_list *d)
{
    DIR *dir = opendir(a);
    if (!dir) {
        diag_error(d, (diag_loc){ diag_file(d, a), 0, 0 }, "this folder cannot be read (%s); its reports are left out",
                   g_strerror(errno));
        return;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const struct dirent *de;
    while ((de = readdir(dir)))
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
            g_ptr_array_add(names, g_strdup(de->d_name));
    closedir(dir);
    g_ptr_array_sort(names, cmp_str);
    int found = 0;
    for (guint k = 0; k < names->len; k++) {
        const char *nm = g_ptr_array_index(names, k);
        char *sub = g_build_filename(a, nm, NULL);
        struct stat st, lst;
        diag_loc at = { NULL, 0, 0 };
        if (stat(sub, &st) == 0) {
            if (!S_ISDIR(st.st_mode)) {
                /* A file beside the reports: not a folder, not looked at. */
            } else if (nm[0] == '.') {
                char *trip = g_build_filename(sub, "trip.txt", NULL);
                at.file = diag_file(d, sub);
                if (lstat(trip, &lst) == 0)
                    diag_note(d, at, "a hidden folder (its name starts with '.') is not a report; it is left out");
                g_free(trip);
            } else {
                found += add_report(out, sub, false, d);
            }
        } else if (nm[0] != '.') {
            at.file = diag_file(d, sub);
            int e = errno;
            if (e == ENOENT && lstat(sub, &lst) == 0 && S_ISLNK(lst.st_mode)) {
                char *to = g_file_read_link(sub, NULL);
                diag_note(d, at, "a symbolic link to '%s', which does not exist; it is left out", to ? to : "?");
                g_free(to);
            } else {
                diag_error(d, at, "cannot be read (%s); if it is a report, it is left out", g_strerror(e));
            }
        }
        g_free(sub);
    }
    g_ptr_array_unref(names);
    if (found == 0)
        diag_error(d, (diag_loc){ diag_file(d, a), 0, 0 }, "no report folders here (looked for FOLDER/trip.txt)");
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
        if (!add_report(out, a, true, d))
            add_folder(out, a, d);
    }
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}
