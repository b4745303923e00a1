/* batch_digest: what a report's PDF depends on, as one SHA-256 (the
 * program, the trip, its images, layout files and fonts, the options),
 * with a memo of file hashes so that unchanged files are not read again. */
#ifndef BATCH_DIGEST_H
#define BATCH_DIGEST_H

#include "fonts.h"
#include "report.h"

/* Everything one batch's digests share; made once by batch_run before any
 * child is started, so that each child inherits it (fork) and a child's
 * own additions travel back to the parent in its status record. Plain
 * fields: batch_run and the child set 'added', 'memo_only' and 'missed'. */
typedef struct batch_digester {
    /* Borrowed: path -> "size mtime ino hash" (.tripreport-files). A file
     * whose size, mtime (ns) and inode match is not read; a file hashed
     * is added. NULL: every file is read. */
    GHashTable *memo;
    /* Borrowed, or NULL: where the entries this digester adds to 'memo'
     * are recorded too (a child sends them to the parent). */
    GHashTable *added;
    bool memo_only;         /* read no file: a file the memo does not know sets 'missed' */
    bool missed;            /* see 'memo_only'; the caller clears it */
    char *program;          /* owned: SHA-256 of the running program, made on first use */
    fonts *fc;              /* owned: fontconfig only (no Pango, no threads: safe before fork) */
    bool fc_tried;          /* 'fc' was asked for (it stays NULL if fontconfig failed) */
    GHashTable *fonts_seen; /* owned: layout file (or "default") -> fonts fingerprint */
} batch_digester;

/* A digester over 'memo' (borrowed, may be NULL). Free with
 * batch_digester_free() (NULL is fine). */
batch_digester *batch_digester_new(GHashTable *memo);
void batch_digester_free(batch_digester *g);

/* Computes now what every digest needs and a child should inherit rather
 * than make again: the program's hash and the fonts of 'layout' (a name or
 * path; NULL: "default"). */
void batch_digester_prepare(batch_digester *g, const char *layout);

/* The digest of 'trip' rendered with 'o' (see batch_digest() in batch.h).
 * Caller frees. With 'memo_only' set, a file the memo does not know makes
 * 'missed' true and the result is not the real digest. */
char *batch_digester_digest(batch_digester *g, const char *trip, const report_options *o);

/* Photos read through whole (image_verify) by an earlier batch of the same
 * program and unchanged since (the same device, inode, size, modification
 * and change times) are not read through again: the memo keeps them as
 * "jpeg-whole <identity key>" -> the program's hash. seed_whole hands those
 * of this program to image_verify_pool (in the child, before it renders);
 * note_whole puts into 'added' (path -> value, sent to the parent) the
 * ones this process read through and found whole, not yet in the memo.
 * The same two keep the JPEGs' streams as drawn for the splice
 * (image_memo_jpeg) as "jpeg-stream <identity key>" -> the program's hash,
 * a space and their fields: a later batch of the program draws them
 * without reading them, and the splice checks their bytes against the
 * CRC-32 kept. */
void batch_digester_seed_whole(batch_digester *g);
void batch_digester_note_whole(batch_digester *g, GHashTable *added);

#endif
