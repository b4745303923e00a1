/* gen_file: bytes in, a complete file in place out (or none at all), for the
 * image generators; and their errors, GErrors that read "<path>: <reason>",
 * ready to print after the program's name. */
#ifndef GEN_FILE_H
#define GEN_FILE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* Writes 'len' bytes of 'data' to 'path' through "<path>.tmp-<pid>",
 * fsync and rename, so that an interrupted run never leaves a partial file
 * under the final name. False with 'error' set (G_FILE_ERROR,
 * "<path>: <reason>") on failure; the temporary file is then removed. */
bool gen_file_write(const char *path, const void *data, size_t len, GError **error);

/* Writes 'data' to the file 'name' in the folder 'dir' (gen_file_write). */
bool gen_file_put(const char *dir, const char *name, const void *data, size_t len, GError **error);

/* Sets 'error' to "<path>: <reason>" (domain G_FILE_ERROR, code
 * G_FILE_ERROR_FAILED) for failures that are not the system's: an encoder's
 * message, an internal check. Returns false, so that it can end a
 * 'return' statement. */
bool gen_file_error(GError **error, const char *path, const char *reason);

#endif
