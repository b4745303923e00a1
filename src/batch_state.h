/* batch_state: batch's tables in the output folder: what each PDF was made
 * from (.tripreport-state) and the hashes of the input files
 * (.tripreport-files), read when a batch starts and written when it ends;
 * in between, every report that finishes is appended to a journal, so
 * that a batch killed mid-way loses only the reports it was making. */
#ifndef BATCH_STATE_H
#define BATCH_STATE_H

#include <glib.h>
#include <stdbool.h>

#define BATCH_STATE_FILE ".tripreport-state"     /* PDF name -> "digest size mtime" of the PDF as made */
#define BATCH_MEMO_FILE ".tripreport-files"      /* input path -> "size mtime inode hash"; "jpeg-whole IDENTITY" -> program hash, "jpeg-stream IDENTITY" -> program hash and fields (batch_digest.h) */
#define BATCH_JOURNAL_FILE ".tripreport-journal" /* what finished since the tables were written */

/* Reads the table at 'path' ("key\tvalue" lines; a tab, a newline or a
 * backslash in a key or value is written \t, \n, \\). A missing or
 * unreadable file is an empty table. Caller unrefs; it owns its strings. */
GHashTable *batch_table_read(const char *path);

/* Writes 't' sorted by key, through a temporary file renamed into place
 * (outfile). A failure is a warning on stderr (it only costs a render
 * next time), and false. */
bool batch_table_write(const char *path, GHashTable *t);

/* "digest size mtime" of the PDF at 'pdf' as it is now, or NULL if there
 * is none. Caller frees. */
char *batch_pdf_stamp(const char *digest, const char *pdf);

/* The tables of one output folder while a batch holds it (batch_lock). */
typedef struct batch_state {
    GHashTable *state; /* owned: BATCH_STATE_FILE's entries */
    GHashTable *memo;  /* owned: BATCH_MEMO_FILE's entries */
    char *outdir;      /* owned */
    int journal_fd;    /* appended to; -1 if it could not be opened (a warning was printed) */
} batch_state;

/* Reads the folder's tables and then its journal (what a killed batch
 * finished after the tables were last written; a last line cut short is
 * ignored), and opens the journal for appending (never through a link).
 * Free with batch_state_close(). */
batch_state *batch_state_open(const char *outdir);

/* A report has finished: 'added' (path -> memo value, may be NULL) goes
 * into the memo; the PDF 'name' was made with 'stamp', or with 'stamp'
 * NULL and 'forget' set it failed and its entry goes. Appended to the
 * journal at once, in one write. */
void batch_state_record(batch_state *s, const char *name, const char *stamp, bool forget, GHashTable *added);

/* Writes both tables (outfile: each whole or not at all), then removes
 * the journal (kept if a table could not be written: the next batch reads
 * it again); frees 's'. NULL is fine. */
void batch_state_close(batch_state *s);

#endif
