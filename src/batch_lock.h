/* batch_lock: one batch at a time per output folder, one volume at a time
 * per output file (a lock file that the kernel releases when the process
 * ends, however it ends), and the sweep of the temporary files a batch or
 * volume killed mid-way left there. */
#ifndef BATCH_LOCK_H
#define BATCH_LOCK_H

#include <glib.h>
#include <stdbool.h>

#define BATCH_LOCK_FILE ".tripreport-lock" /* holds the pid of the batch writing into the folder */
#define BATCH_LOCK_SUFFIX ".tripreport-lock" /* a volume's: ".NAME.tripreport-lock" beside NAME */

#define BATCH_LOCK_ERROR batch_lock_error_quark()
GQuark batch_lock_error_quark(void);

typedef enum {
    BATCH_LOCK_ERROR_NONE,
    BATCH_LOCK_ERROR_BUSY, /* another batch holds the folder */
    BATCH_LOCK_ERROR_FILE, /* the lock file cannot be made or is not a regular file */
    BATCH_LOCK_ERROR_NO_FOLDER, /* the folder does not exist */
} batch_lock_error;

typedef struct batch_lock batch_lock;

/* Takes the folder 'outdir' for this process: flock() on its lock file,
 * opened without following a link (made if missing) and written with our
 * pid. Never waits: NULL with 'err' set (a message for the user that does
 * not name the folder) when another batch holds it or the file is not
 * ours to use. Release with batch_lock_release(). */
batch_lock *batch_lock_take(const char *outdir, GError **err);

/* Takes the output file 'output' of a volume for this process, as
 * batch_lock_take() takes a folder: a flock on ".NAME.tripreport-lock"
 * beside it. */
batch_lock *batch_lock_take_output(const char *output, GError **err);

/* The lock file's descriptor (a forked child closes it: the folder is the
 * parent's, and it must be free again the moment the parent ends). */
int batch_lock_fd(const batch_lock *l);

/* Removes the lock file and releases the folder; frees 'l'. NULL is fine. */
void batch_lock_release(batch_lock *l);

/* With the folder held: removes from 'outdir' the temporary files that
 * outfile makes for 'names' (n file names: the batch's PDFs and tables),
 * ".NAME.XXXXXX.part" exactly, regular files of our own user only; left
 * there by a batch that was killed. Returns how many were removed. */
int batch_lock_sweep(const char *outdir, char *const *names, int n);

/* Test hook: with TRIPREPORT_TEST_HOLD="NAME:FLAG" and 'name' NAME (a
 * batch's report NAME.pdf in its process, a volume's output file name
 * once it holds it), creates the file FLAG, then waits (at most 60 s)
 * until it is removed, so that a test can act while the work is surely
 * mid-way. Nothing otherwise. */
void batch_lock_test_hold(const char *name);

#endif
