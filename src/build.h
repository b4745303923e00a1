/* build: turns kv entries into the document model and checks them against
 * docs/trip-format.md: known kinds and keys, required keys, order, dates,
 * cells, photo files. */
#ifndef BUILD_H
#define BUILD_H

#include "doc.h"
#include "kv.h"

enum {
    BUILD_CHECK_FILES = 1, /* every image path must name a usable image (header probed) */
    BUILD_DRAFT = 2,       /* an unusable image is a warning and a placeholder, not an error */
    BUILD_VERIFY_PHOTOS = 4, /* with BUILD_CHECK_FILES: a JPEG's picture data is read through too
                                (image_verify.h), a damaged one is unusable */
    BUILD_VERIFY_LATER = 8,  /* with BUILD_VERIFY_PHOTOS, without BUILD_DRAFT: the reading-through is
                                begun, and its answers asked for by build_verify_finish(), so that
                                the caller lays the report out meanwhile (build_verify.h) */
    BUILD_VERIFY_HOLD = 16,  /* with BUILD_VERIFY_LATER: not begun; the caller begins it
                                (build_verify_begin) or has the photos read through otherwise */
};

/* Parses trip text 'text' read from 'file' (kv_parse_with() with the keys
 * of docs/trip-format.md): an indented line that starts with a key of its
 * page, or of the metadata, is that entry (and an error), and a path, a
 * number or a date does not go on over indented lines. Caller frees with
 * kv_file_free(). */
kv_file *build_parse(const char *text, const char *file, diag_list *d);

/* Builds the doc of trip file 'f'. Problems go to 'diags' with their
 * positions; a doc is returned even when there are errors (callers look at
 * diags->errors). Caller frees with doc_free(). 'flags': BUILD_*. */
doc *build_doc(const kv_file *f, diag_list *diags, unsigned flags);

/* NULL-terminated list of the keys a kind takes ("metadata" for the keys
 * before the first [kind]); for documentation and tests. Borrowed. */
const char *const *build_kind_keys(doc_kind kind);

#endif
