/* batch_status: what a batch child tells its parent when it is done, on a
 * pipe of its own (its messages go to another): the outcome, the pages,
 * the digest of its inputs and the file hashes it added to the memo. */
#ifndef BATCH_STATUS_H
#define BATCH_STATUS_H

#include <glib.h>
#include <stdbool.h>

typedef enum {
    BATCH_OUTCOME_NONE,     /* no (complete) record */
    BATCH_OUTCOME_RENDERED, /* the PDF was written */
    BATCH_OUTCOME_SKIPPED,  /* its inputs had not changed */
    BATCH_OUTCOME_FAILED,   /* not rendered; the reasons are in its messages */
} batch_outcome;

typedef struct batch_status {
    batch_outcome outcome;
    int pages;          /* pages of the PDF written */
    char *digest;       /* owned, or NULL: the digest of its inputs */
    GHashTable *memo;   /* owned: path -> "size mtime inode hash", the entries it added */
} batch_status;

/* An empty status (outcome NONE, an empty memo); batch_status_clear()
 * frees what it holds and leaves it empty again. */
void batch_status_init(batch_status *s);
void batch_status_clear(batch_status *s);

/* The record of 's', bytes to send: a sequence of fields, each a type
 * byte, a 32-bit little-endian length and that many bytes, closed by an
 * end field. Nothing in it is text to be split at newlines, so no message
 * can be taken for it. Caller frees with g_byte_array_unref(). */
GByteArray *batch_status_encode(const batch_status *s);

/* Reads the 'len' bytes at 'bytes' (everything that came on the status
 * pipe) into 's' (initialised). True only for exactly one whole record
 * with an outcome; false if it is cut short, malformed or followed by
 * anything (then 's' is cleared). */
bool batch_status_decode(const guint8 *bytes, gsize len, batch_status *s);

/* Writes the record of 's' to 'fd' whole (retrying short writes and
 * EINTR). False if the pipe is closed or fails. */
bool batch_status_write(int fd, const batch_status *s);

#endif
