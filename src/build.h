/* build: turns kv entries into the document model and checks them against
 * docs/trip-format.md: known kinds and keys, required keys, order, dates,
 * cells, photo files. */
#ifndef BUILD_H
#define BUILD_H

#include "doc.h"
#include "kv.h"

/* Builds the doc of trip file 'f'. Problems go to 'diags' with their
 * positions; a doc is returned even when there are errors (callers look at
 * diags->errors). Caller frees with doc_free(). When 'check_files' is true
 * every image path must name a readable file. */
doc *build_doc(const kv_file *f, diag_list *diags, bool check_files);

/* NULL-terminated list of the keys a kind takes ("metadata" for the keys
 * before the first [kind]); for documentation and tests. Borrowed. */
const char *const *build_kind_keys(doc_kind kind);

#endif
