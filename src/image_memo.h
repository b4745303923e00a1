/* image_memo: what earlier renders learned of the photos, kept between runs
 * in the user's cache folder ($XDG_CACHE_HOME/tripreport/images, else
 * ~/.cache/tripreport/images): the JPEGs read through and found whole
 * (image_verify_pool), the size note's images measured (image_estimate)
 * and the JPEGs drawn for the splice (image_embed: their stream in the
 * PDF, so that drawing them again reads nothing), each under its file's
 * identity (device, inode, size, modification and change times: a photo
 * rewritten, even with its times put back, has another); and the plans of
 * the layout's flowing sections, under a hash of what they depend on
 * (layout_memo.h). Rendering the trip again after an edit of its text then reads
 * no unchanged photo through again, as batch's memo (.tripreport-files)
 * does for a batch. No path is kept: identities and hashes only.
 *
 * Used by `render` and `watch` (image_memo_enable); the library alone keeps
 * nothing. What is kept belongs to one build of the program and of the
 * libraries it has loaded (their identities): another build finds nothing.
 * A memo that is damaged, cut short, not a regular file of this user, or
 * too large is ignored as a whole; it is written through outfile (a new
 * file renamed into place) and never holds more than IMAGE_MEMO_MAX
 * entries nor more than the 1 MiB it is read at, the oldest dropped first. Failing to read or write it only
 * costs the time of reading the photos through. */
#ifndef IMAGE_MEMO_H
#define IMAGE_MEMO_H

#include <glib.h>
#include <stdbool.h>

#define IMAGE_MEMO_MAX 4096
#define IMAGE_MEMO_PNG_MAX 16
#define IMAGE_MEMO_PNG_BYTES (64 << 20) /* the packed PNGs' files together at most */

struct pdfsplice_image;

/* From now on, image_memo_load and image_memo_save do their work. */
void image_memo_enable(void);

/* Once a process (later calls do nothing), before any photo is read
 * through: gives image_verify_pool and image_estimate what the memo holds
 * for this build. */
void image_memo_load(void);

/* Writes the memo when this process learned something since it was loaded
 * or last saved: its entries and the new ones, the oldest dropped beyond
 * IMAGE_MEMO_MAX. */
void image_memo_save(void);

/* A PNG packed (image_png_pack: alpha, tRNS, Adam7) by this build from
 * the file of identity 'id' in an earlier run: true with 'g' filled as
 * image_png_pack fills it, its streams read back from beside the memo
 * (png-HASH) and found whole (their sizes and CRC-32, the build and the
 * identity they were made for). False otherwise ('g' untouched). */
bool image_memo_png_find(const char *id, struct pdfsplice_image *g);

/* Keeps what image_png_pack made of the file of identity 'id' ('g': its
 * streams referenced) for image_memo_save, which writes them beside the
 * memo; at most IMAGE_MEMO_PNG_MAX such files, of IMAGE_MEMO_PNG_BYTES
 * together, are kept, the oldest removed with their line (one larger than
 * that is not kept at all). Nothing unless enabled. */
void image_memo_png_keep(const char *id, const struct pdfsplice_image *g);

/* What drawing a JPEG for the splice (its metadata segments left out:
 * image_strip_jpeg) learned of a file in an earlier run: its probe, and its
 * stream in the PDF: 'head', the file's own bytes [same_at, same_at +
 * same_len) of CRC-32 'crc', 'tail'. */
typedef struct image_memo_jpeg {
    int width, height, orientation, subsamp;
    gint64 data_len;          /* the bytes up to its EOI */
    gint64 same_at, same_len; /* the file's own range in the stream */
    guint32 crc;
    GBytes *head, *tail;      /* the stream's other bytes (NULL: none), at most IMAGE_MEMO_JPEG_EDGE each */
} image_memo_jpeg;

#define IMAGE_MEMO_JPEG_EDGE 64

/* The plan an earlier run made for the layout input of key 'key' (a hash
 * of all that a flowing section's plan depends on, layout_memo.c): its
 * fields as kept, borrowed until the next call that keeps or loads; NULL
 * when none. Plans share the memo's file, its build and its bounds; only
 * 'render' and 'watch' (image_memo_enable) keep them. */
const char *image_memo_plan_find(const char *key);

/* Keeps 'fields' (one line, no tab) as the plan of 'key' for
 * image_memo_save. Nothing unless enabled. */
void image_memo_plan_keep(const char *key, const char *fields);

/* The note 'name' (a word: "fontconfig") an earlier run kept, borrowed
 * until the next call that keeps or loads; NULL when none. One note a
 * name, sharing the memo's file, its build and its bounds; only 'render'
 * and 'watch' (image_memo_enable) keep them. */
const char *image_memo_note_find(const char *name);

/* Keeps 'value' (one line: no newline) as the note 'name' for
 * image_memo_save, in place of the one kept before. Nothing unless
 * enabled. */
void image_memo_note_keep(const char *name, const char *value);

/* Lets go of the head and tail of 'j' (NULL after). */
void image_memo_jpeg_clear(image_memo_jpeg *j);

/* The JPEG of identity 'id' as drawn by this build in an earlier run: true
 * with 'j' filled (image_memo_jpeg_clear lets go of it), false otherwise
 * ('j' untouched). */
bool image_memo_jpeg_find(const char *id, image_memo_jpeg *j);

/* Keeps 'j', learned of the file of identity 'id' now, for
 * image_memo_save. Nothing unless enabled, or if head or tail is larger
 * than IMAGE_MEMO_JPEG_EDGE. */
void image_memo_jpeg_keep(const char *id, const image_memo_jpeg *j);

/* For batch, whose memo (.tripreport-files) is its own: 'fields' (as a
 * jpeg line of the memo file has them) of the JPEG of identity 'id' given,
 * for image_memo_jpeg_find; false if they do not hold together. */
bool image_memo_jpeg_give(const char *id, const char *fields);

/* For batch: from now on image_memo_jpeg_keep keeps, enabled or not, for
 * image_memo_jpeg_made. */
void image_memo_jpeg_collect(void);

/* The JPEGs kept since the last call, each "IDENTITY\tFIELDS" (caller
 * unrefs). */
GPtrArray *image_memo_jpeg_made(void);

/* The memo's file as it would be read now ($XDG_CACHE_HOME when it is an
 * absolute path, else $HOME/.cache), or NULL (no home). Caller frees. */
char *image_memo_path(void);

/* For tests: forgets that it was enabled and loaded, and the entries it
 * read (not what it gave image_verify_pool and image_estimate). */
void image_memo_test_reset(void);

/* For tests: the packed PNGs' bytes kept at most (0: IMAGE_MEMO_PNG_BYTES). */
void image_memo_test_set_png_bytes(gint64 bytes);

#endif
