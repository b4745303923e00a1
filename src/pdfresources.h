/* pdfresources: the resource dictionaries of the PDF post-processor.
 * cairo 1.16 names an image (or form, pattern) in a page's resources once
 * for every time it is drawn, so a photo drawn twice on one page gives
 * "/XObject << /x30 30 0 R /x30 30 0 R >>", a dictionary with a key twice
 * (ISO 32000-1 §7.3.7 forbids it; qpdf --check warns). This walks the page
 * tree of a PDF and the forms and patterns its pages use, and adds to an
 * update a new version of each dictionary object that has a key twice,
 * with every repeated key dropped (the first one is kept). */
#ifndef PDFRESOURCES_H
#define PDFRESOURCES_H

#include "pdfread.h"
#include "pdfupdate.h"

#include <glib.h>
#include <stdbool.h>

/* Adds to 'u' (the caller's, as 'f' is) a new version of every page tree
 * node of 'f' and of every resource dictionary (an indirect object) of a
 * page, a form XObject or a pattern they use, whose dictionary (or a
 * dictionary inside it) has a key twice: a copy of its text without the
 * repeats. Objects without a repeat
 * are not added. False with f->error set if an object on the way cannot be
 * read or the page tree is damaged. */
bool pdfresources_dedupe(pdfread_file *f, pdfupdate *u);

/* Appends the dictionary b[s, e) ("<<" to ">>") to 'out', each key after
 * its first occurrence dropped with its value and the white space before
 * it, in the dictionaries inside it too (to a depth of 8); everything else
 * byte for byte. Returns whether a key was dropped. A dictionary it cannot
 * parse is copied as it is. */
bool pdfresources_dict_dedupe(GString *out, const guint8 *b, size_t s, size_t e);

#endif
