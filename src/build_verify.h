/* build_verify: the photos' reading-through for build.c (image_verify_pool
 * underneath): begun for a whole trip, answered once per path. */
#ifndef BUILD_VERIFY_H
#define BUILD_VERIFY_H

#include "diag.h"
#include "doc.h"
#include "kv.h"

#include <glib.h>
#include <stdbool.h>

/* Begins reading through every photo and image the trip 'f' names (paths
 * relative to 'dir'), all at once on threads, while its lines are built. A
 * path written differently from the file's name (build_hint_path_find) is
 * read through when it is asked for. */
void build_verify_start(const kv_file *f, const char *dir);

/* Begins reading through the JPEGs of 'dc->verify_later' (build_doc()
 * with BUILD_VERIFY_HOLD) on threads, those whose answer is not known
 * already. NULL or nothing held is fine. */
void build_verify_begin(const doc *dc);

/* image_verify() of 'res', once for each path ('verified': res -> "" or
 * the damage, owned strings): the answer begun by build_verify_start(),
 * asked for here, at its line, so that what it says comes in the file's
 * order. False with 'err' (IMAGE_ERROR_DAMAGED) for a damaged JPEG. */
bool build_verify_once(GHashTable *verified, const char *res, GError **err);

/* The answers of the JPEGs whose reading-through build_doc() began (or
 * held) with BUILD_VERIFY_LATER (dc->verify_later), those not begun begun
 * first (build_verify_begin): each damaged one an error at its line, as
 * build_doc() says it without that flag (messages are printed in file
 * order). Once per doc; nothing to do without the flag. False if one is
 * damaged. */
bool build_verify_finish(doc *dc, diag_list *diags);

#endif
