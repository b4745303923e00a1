/* layout_memo: the plans of flowing sections (their heading band, type
 * size and split: layout_scale.c) kept between runs, so that a section
 * laid out again with nothing it depends on changed takes no trial
 * layouts: rendering the trip again, or saving it in `watch` after an edit
 * of another section. Kept in the photo memo's file (image_memo.h), by the
 * same build of the program and its libraries. Internal to layout.c. */
#ifndef LAYOUT_MEMO_H
#define LAYOUT_MEMO_H

#include "layout_box.h"
#include "layout_scale.h"

/* The key of section 'sec' planned in run 'c' (its band at the design's
 * least): a hash of all its plan and its heading bands depend on: the
 * section's content (its texts and spans, the sizes of its images, not
 * where it is in the trip file), the trip's metadata and draft flag, the
 * whole design (the logo's shape too), the content area, and the font
 * folders. The words the layout adds (（続き）) are the program's, which
 * the memo's build line covers. Caller frees. */
char *layout_memo_key(const layout_ctx *c, const doc_node *sec);

/* The band and plan kept under 'key' by an earlier run: true with '*band'
 * and '*plan' set ('tries' 0); false (nothing set) when none is kept or
 * what is kept does not hold together. */
bool layout_memo_find(const char *key, double *band, scale_plan *plan);

/* Keeps 'band' and 'plan' under 'key' for a later run (image_memo_save). */
void layout_memo_keep(const char *key, double band, const scale_plan *plan);

#endif
