/* outfile: every file tripreport creates goes through here (PDFs, PNG
 * previews, batch's state tables, the photo memo). A file is written under a new,
 * unpredictable name beside its target, created exclusively (O_EXCL: never
 * through a symbolic link, never over another file), and renamed over the
 * target only when complete; on failure, and on SIGINT, SIGTERM or SIGHUP,
 * the temporary file is removed. No output may be an input of the run
 * (infile.h), a folder, a device, a FIFO or a symbolic link; a missing
 * folder is not created unless the caller asks for it (outfile_make_dir). */
#ifndef OUTFILE_H
#define OUTFILE_H

#include <glib.h>
#include <stdbool.h>

#define OUTFILE_ERROR outfile_error_quark()
GQuark outfile_error_quark(void);

typedef enum {
    OUTFILE_ERROR_NONE,
    OUTFILE_ERROR_INPUT,      /* the target is an input of this run */
    OUTFILE_ERROR_NOT_REGULAR, /* the target is a folder, device, FIFO, socket or symbolic link */
    OUTFILE_ERROR_NO_FOLDER,  /* the target's folder does not exist */
    OUTFILE_ERROR_NAME,       /* an empty name, or one ending in '/' */
    OUTFILE_ERROR_IO,         /* creating, writing or renaming failed */
    OUTFILE_ERROR_INTERRUPTED, /* a signal came before the file was put in place */
    OUTFILE_ERROR_EXISTS,     /* outfile_write_new: the target exists already */
} outfile_error;

/* Checks that 'path' may be written by this run, before any work is done:
 * it names a file (not "" nor "dir/"), in a folder that exists, and what is
 * there now (if anything) is a regular file that is not an input of the run
 * (compared by device and inode, so another name or a hard link of an input
 * is refused too). False with 'err' set to a message for the user that does
 * not name the path (the caller puts it in front), e.g. "is the trip file
 * of this report (trip.txt); choose another name for the PDF". */
bool outfile_check(const char *path, GError **err);

/* Creates the folder 'dir' if it does not exist, only that folder (its
 * parent must exist: a mistyped path creates nothing deep). '*created'
 * (may be NULL) tells whether it was made. False with 'err' set (message
 * without the path) if 'dir' is not a folder or cannot be made. */
bool outfile_make_dir(const char *dir, bool *created, GError **err);

typedef struct outfile outfile;

/* Checks 'path' (outfile_check) and creates its temporary file,
 * ".NAME.XXXXXX.part" in the same folder, open for reading and writing.
 * NULL with 'err' set on failure. "-" is standard output: the temporary
 * file then has no name at all, and outfile_commit copies it there. */
outfile *outfile_new(const char *path, GError **err);

/* The file descriptor to write (and read back) the content through. */
int outfile_fd(const outfile *f);

/* Flushes the file to disk and renames it over the target (the target is
 * checked again first). Frees 'f' in any case; on failure the temporary
 * file is removed and 'err' set. A stop signal that arrived before the
 * rename wins: the target is left as it was and the signal then takes its
 * course; one that arrives after it finds the new file whole. */
bool outfile_commit(outfile *f, GError **err);

/* Removes the temporary file and frees 'f'. NULL is fine. */
void outfile_abort(outfile *f);

/* Writes 'len' bytes of 'data' as the file 'path' (outfile_new, write,
 * outfile_commit). */
bool outfile_write_all(const char *path, const void *data, gsize len, GError **err);

/* outfile_write_all() without waiting for the disk before the rename: for
 * a file that is checked whenever it is read and costs nothing but time
 * when lost (image_memo's), not for anything of the user's. */
bool outfile_write_cache(const char *path, const void *data, gsize len, GError **err);

/* outfile_write_all(), but never replaces an existing 'path': if a file of that name
 * appears before the rename, it is left as it was and this fails with
 * OUTFILE_ERROR_EXISTS. For files that must be new (tripreport new). */
bool outfile_write_new(const char *path, const void *data, gsize len, GError **err);

#endif
