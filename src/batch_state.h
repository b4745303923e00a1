/* batch_state: batch's two tables in the output folder, read at the start
 * of a batch and written at its end: what each PDF was made from
 * (.tripreport-state) and the hashes of the input files (.tripreport-files). */
#ifndef BATCH_STATE_H
#define BATCH_STATE_H

#include <glib.h>

#define BATCH_STATE_FILE ".tripreport-state" /* PDF name -> "digest size mtime" of the PDF as made */
#define BATCH_MEMO_FILE ".tripreport-files"  /* input path -> "size mtime inode hash" */

/* Reads the table at 'path' ("key\tvalue" lines; a tab, a newline or a
 * backslash in a key or value is written \t, \n, \\). A missing or
 * unreadable file is an empty table. Caller unrefs; it owns its strings. */
GHashTable *batch_table_read(const char *path);

/* Writes 't' sorted by key, through a temporary file renamed into place
 * (outfile). A failure is a warning on stderr: it only costs a render
 * next time. */
void batch_table_write(const char *path, GHashTable *t);

/* "digest size mtime" of the PDF at 'pdf' as it is now, or NULL if there
 * is none. Caller frees. */
char *batch_pdf_stamp(const char *digest, const char *pdf);

#endif
