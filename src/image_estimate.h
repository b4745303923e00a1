/* image_estimate: what a PDF's size would be with its photos downsampled
 * (--image-dpi), from the images alone: the photos are recorded as the PDF
 * is drawn (image_draw), then only the streams that would change are made,
 * in parallel, and the PDF's size is corrected by their difference. */
#ifndef IMAGE_ESTIMATE_H
#define IMAGE_ESTIMATE_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>

typedef struct image_estimate image_estimate;
struct image_cache;
struct image_entry;

/* A new, empty record for the size at 'dpi' (> 0) with JPEGs re-encoded at
 * 'quality' (1..100; 85 when 0), as image_cache_set_downsample would make
 * them. Give it to one PDF render (pdf_options.estimate); free it with
 * image_estimate_free() after. */
image_estimate *image_estimate_new(int dpi, int quality);

/* Frees 'est' and what it holds; NULL is fine. */
void image_estimate_free(image_estimate *est);

/* The size in bytes of the PDF at 'path' (the one just written with 'est'
 * recording its photos) had it been made with its cache downsampling to
 * the estimate's dpi: the PDF's own size, less the image objects that
 * would change (a photo drawn sharper than dpi at its drawn size; drawn
 * twice at one size, one object), plus the objects they would become
 * (decoded at libjpeg-turbo's scale, box-filtered and re-encoded, or for a
 * PNG the image cairo would write), their dictionaries' numbers, the
 * lengths of cross-reference sections and offsets written in decimal
 * included. Everything else in the PDF (text, fonts, pages, object
 * numbers) is the same at any dpi. Exact when every changed photo is
 * replaced by one image (the common case); a photo drawn at two sizes
 * adds objects, counted at their size plus an estimate of their
 * cross-reference entries. The new images are made in as many threads as
 * there are processors; each is remembered for the life of the process
 * under its file's identity (device, inode, size, change time), so that
 * saving the trip again (watch) does not make them again. -1 with 'err'
 * set if the PDF or a photo cannot be read. */
gint64 image_estimate_pdf_size(image_estimate *est, const char *path, GError **err);

/* Expects the image at 'path' to be drawn into a w × h point rectangle
 * ('cover': filled and clipped), in colour, when the PDF is drawn with
 * 'est' (known from the layout): a JPEG that would change at the
 * estimate's dpi is made ahead, read through as image_estimate_prepare()
 * does, by image_estimate_begin(). Anything else is left to the drawing. */
void image_estimate_expect(image_estimate *est, const char *path, double w, double h, bool cover);

/* Begins making the images expected (one thread, beside the one that
 * draws); image_estimate_prepare() finishes them (or
 * image_estimate_free(), which drops what no thread has begun). */
void image_estimate_begin(image_estimate *est);

/* Makes now, before the PDF just drawn with 'est' is put in place, the
 * images image_estimate_pdf_size() will need, each JPEG read through as
 * image_verify() checks it in the same decode (its answer kept by
 * image_verify_pool, where build_verify_finish() finds it): one decode per
 * photo for both, when the size note is sure to be wanted. A photo that
 * fails is left for its check and the estimate to say. */
void image_estimate_prepare(image_estimate *est);

/* From now on the cache 'c' records each image it draws for PDF in 'est'
 * (borrowed: it must outlive the drawing); NULL stops. */
void image_estimate_attach(struct image_cache *c, image_estimate *est);

/* Internal to image_draw.c: the image 'e' drawn for PDF as the surface 's'
 * (its JPEG bytes, a PNG's placeholder, or pixels) at pw × ph points
 * (displayed axes), in grey when 'grey'. */
void image_estimate_record(image_estimate *est, struct image_entry *e, cairo_surface_t *s, double pw, double ph,
                           bool grey);

/* For image_memo, which keeps them between runs: the images this process
 * made for size notes, each as "KEY\tVALUE" (a key: its file's identity and
 * the image's size and quality; a value: what it measured), in the order
 * made (not those given). Caller unrefs. */
GPtrArray *image_estimate_memo_made(void);

/* Takes the image of 'key' as measured 'value' (a line of
 * image_estimate_memo_made, from an earlier run): not made again while its
 * file has that identity. False (nothing kept) if either cannot be one. */
bool image_estimate_memo_give(const char *key, const char *value);

/* Forgets every image made or given. For tests. */
void image_estimate_memo_forget(void);

/* For tests, counted since the process started: estimates made, images
 * made for them, images found remembered. Any pointer may be NULL. */
void image_estimate_test_stats(int *estimates, int *made, int *remembered);

/* For tests: photos read through by image_estimate_prepare() (their
 * answers given to image_verify_pool) since the process started. */
int image_estimate_test_checked(void);

/* For tests: images made ahead from the layout (image_estimate_expect)
 * since the process started. */
int image_estimate_test_ahead(void);

#endif
