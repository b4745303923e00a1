/* image_embed: images into the PDF without decoding them (JPEG bytes, PNG
 * placeholders for pdfsplice). The only image file that knows pdfsplice_image.
 * Internal to the files that draw. */
#ifndef IMAGE_EMBED_H
#define IMAGE_EMBED_H

#include "image_entry.h"

#include <cairo.h>
#include <glib.h>

struct image_png_layout; /* image_png_pack.h */

/* Gives 's' the CAIRO_MIME_TYPE_UNIQUE_ID 'uid' (copied): cairo's PDF
 * backend writes surfaces with the same id (and filter) as one object. */
void image_embed_set_id(cairo_surface_t *s, const char *uid);

/* A new, empty array of pdfsplice_image (pdfpost_image) that frees what
 * its elements hold: the cache's list of placeholders
 * (image_cache_splices()). */
GArray *image_embed_splices_new(void);

/* Whether the PNG b[0, n) (probed already) can go into a PDF without cairo
 * decoding it: every chunk whole with its CRC right, no unknown critical
 * chunk, one run of IDAT chunks, IEND. Grey, RGB or palette of any depth,
 * not interlaced, without tRNS, whose zlib stream inflates to exactly its
 * rows with valid filter types and the right Adler-32 (what libpng checks),
 * pass as they are; alpha, tRNS and Adam7 are decoded and packed
 * again (image_png_pack.h). Then a new description of it naming the
 * file 'path', without a placeholder yet: one block, the copy of the path
 * inside it; free it with image_embed_png_free(). NULL otherwise.
 * 'identity' (may be NULL): the file's while b was read
 * (image_verify_pool_identity): its zlib stream is then inflated only if
 * image_verify_pool does not know it whole, and told when it is; one to be
 * packed is taken from image_memo when an earlier run packed it, and given
 * to it when packed here. */
struct pdfsplice_image *image_embed_png_check(const guint8 *b, gsize n, const char *path, const char *identity);

/* For tests: PNG zlib streams inflated to check them, and PNGs packed,
 * since the process started. */
void image_embed_test_png_counts(int *checked, int *packed);

/* The chunk walk image_embed_png_check() begins with (IHDR, every chunk
 * whole with its CRC right, no unknown critical chunk, a palette where one
 * is needed, one run of IDAT chunks, IEND): where the PNG b[0, n) has its
 * IDAT data, palette and tRNS. False if the walk fails. */
bool image_embed_png_layout(const guint8 *b, gsize n, struct image_png_layout *l);

/* Frees a description made by image_embed_png_check(); NULL does nothing. */
void image_embed_png_free(struct pdfsplice_image *g);

/* The placeholder drawn for the passable PNG 'e' (e->pass) in PDF output
 * (image_cache.h says what it is), made at its first drawing and then
 * reused, and recorded with its size in c->splices. Owned by 'e'. NULL with
 * 'err' set if it cannot be made (out of memory). */
cairo_surface_t *image_embed_png_placeholder(image_cache *c, image_entry *e, GError **err);

/* The 1×1 surface carrying the JPEG 'e''s bytes as CAIRO_MIME_TYPE_JPEG
 * with its unique id: cairo's PDF backend embeds the bytes as they are and
 * stretches them over the surface's 1×1 size. Unless c->keep_metadata, the
 * bytes are first stripped of their metadata segments in place
 * (image_strip_jpeg; e->jpeg then holds the stripped image, the same
 * pixels). Owned by 'e' (until image_cache_trim()). Reads the file again
 * after a trim; NULL with 'err' set if that fails. */
cairo_surface_t *image_embed_jpeg(image_cache *c, image_entry *e, GError **err);

#endif
