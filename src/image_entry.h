/* image_entry: what an image cache holds and keeps of each file it read.
 * Internal to the files that draw (image_cache, _embed, _decode, _resample,
 * _draw); the renderers see only image_cache.h. */
#ifndef IMAGE_ENTRY_H
#define IMAGE_ENTRY_H

#include "image_probe.h"

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>
#include <turbojpeg.h>

struct pdfsplice_image; /* a PNG's passthrough description: image_embed.c alone knows it */
struct image_memo_jpeg; /* what an earlier run learned of a JPEG (image_memo.h) */

/* One file, under its real path. Every pointer is owned by the entry
 * (image_entry_free), the surfaces too (cairo may hold references of its
 * own while a page is written). */
typedef struct image_entry {
    char *real;              /* the file's real path, to read it again */
    char *uid;               /* CAIRO_MIME_TYPE_UNIQUE_ID: a hash of the real path */
    image_info info;
    goffset data_len;        /* JPEG: the bytes embedded (up to its EOI) */
    GBytes *jpeg;            /* JPEG: the bytes to embed; NULL after image_cache_trim() until needed again */
    cairo_surface_t *mime;   /* JPEG: 1×1 surface carrying the bytes as mime data (for PDF) */
    cairo_surface_t *pixels; /* decoded pixels: PNG always, JPEG when decoded (at 'scale') */
    tjscalingfactor scale;
    cairo_surface_t *grey_pixels; /* JPEG: decoded in grey for previews (at 'grey_scale') */
    tjscalingfactor grey_scale;
    int subsamp;             /* JPEG: TJSAMP_* */
    GHashTable *reduced;     /* downsampled or grey for PDF: unique id -> surface (NULL until needed) */
    GBytes *png;             /* PNG not decoded yet (passthrough): its bytes, or NULL after a trim */
    struct pdfsplice_image *pass; /* PNG that may pass through: its description (one block); NULL: decoded */
    char *identity;          /* its file's identity (image_verify_pool_identity), the same before and after
                                it was read; NULL if it changed meanwhile */
    struct image_memo_jpeg *known; /* JPEG made from the memo (image_entry_new_known): its stream as an
                                      earlier run found it; NULL otherwise */
    cairo_surface_t *placeholder; /* PNG passed through, JPEG spliced: what is drawn in its place */
    int splice;              /* JPEG spliced: 1 + its index in the cache's list (pngs), 0 until first drawn */
    goffset splice_len;      /* JPEG spliced: the bytes of its stream in the PDF */
} image_entry;

/* The cache: the renderers' handle (image_cache.h, whose typedef this
 * repeats, as C11 allows, so that this header stays below it). */
typedef struct image_cache image_cache;
struct image_cache {
    GHashTable *by_path; /* path as given -> entry (borrowed) */
    GHashTable *by_real; /* real path -> entry (owned) */
    int dpi;             /* downsample above this for PDF; 0: never */
    int quality;         /* of re-encoded JPEGs */
    bool grey;           /* draw in shades of grey */
    int downsampled;     /* for tests: images downsampled */
    tjscalingfactor last_scale; /* for tests: of the last JPEG decode */
    bool splicing;       /* PNGs and JPEGs spliced for PDF (image_cache_set_splicing) */
    bool keep_metadata;  /* JPEGs embedded with their metadata segments (EXIF, XMP…) */
    GArray *splices;     /* pdfpost_image of each placeholder made (PNGs and JPEGs), k = 0, 1, ... (shared:
                            image_cache_splices) */
    struct image_estimate *estimate; /* records each image drawn for PDF (image_estimate.h), or NULL */
};

/* A new entry for the file at the real path 'real': the file is read once
 * (through infile) and the bytes read are probed, so that what is drawn is
 * what was checked; a JPEG's bytes up to its EOI are kept in 'jpeg', a
 * PNG's in 'png' (image_cache.c then decodes it or keeps it to pass
 * through). Free with image_entry_free(). NULL with 'err' set (the probe's
 * messages) otherwise. */
image_entry *image_entry_new(const char *real, GError **err);

/* A new entry for the JPEG at the real path 'real' of identity 'id', from
 * what an earlier run learned of it ('j', taken over): nothing is read
 * (its bytes are read when a drawing needs them: image_entry_reload; its
 * stream is copied from the file, its CRC-32 checked, by the splice). */
image_entry *image_entry_new_known(const char *real, const char *id, struct image_memo_jpeg *j);

/* The identity (image_verify_pool_identity) of the file 'real' now, or
 * NULL. Caller frees. */
char *image_entry_identity_now(const char *real);

/* The unique id an entry for the real path 'real' has (its 'uid'). Caller
 * frees. */
char *image_entry_uid_of(const char *real);

/* The bytes of 'e' again, after image_cache_trim() let them go: the file is
 * read and probed anew and must still be the image it was ("changed while
 * the report was being made" otherwise). True at once if they are there. */
bool image_entry_reload(image_entry *e, GError **err);

/* Frees 'e' (a GDestroyNotify for the cache's table). NULL is fine. */
void image_entry_free(gpointer e);

/* The entry of 'path' in 'c' (borrowed: valid until image_cache_free()),
 * found by the path as given or by its real path, or made now
 * (image_entry_new); a PNG is then decoded, or kept as bytes if c->splicing
 * and it can pass through (image_embed_png_check). NULL with 'err' set
 * otherwise. In image_cache.c. */
image_entry *image_cache_entry_get(image_cache *c, const char *path, GError **err);

#endif
