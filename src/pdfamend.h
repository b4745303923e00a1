/* pdfamend: the document amendments of the PDF post-processor, what cairo
 * 1.16 cannot write: /Lang in the catalog, /Alt on the Figure structure
 * elements, and the "D:" prefix of the dates in the Info dictionary (and
 * /ModDate). Each changed object gets a new version in the update: a copy
 * of its dictionary's text with only those keys added or replaced. Texts
 * are UTF-8, checked by the caller. */
#ifndef PDFAMEND_H
#define PDFAMEND_H

#include "pdfread.h"
#include "pdfupdate.h"

#include <stdbool.h>

/* Reads the catalog of 'f' (an error if /Root is not one) and adds to 'u'
 * the catalog with 'lang' as /Lang (NULL: none), and each Figure element of
 * the structure tree (walked depth-first in document order, each element
 * once) with its text of 'alts' as /Alt (a NULL text: that Figure is left
 * alone), unless 'n_alts' is negative: then the Figures are neither
 * counted nor changed. Objects that would not change are not added. False
 * with f->error set: the PDF is damaged, a Figure is a direct object, or
 * the Figures are not 'n_alts' (PDFPOST_ERROR_COUNT). 'alts' is borrowed. */
bool pdfamend_catalog(pdfread_file *f, const char *lang, const char *const *alts, int n_alts, pdfupdate *u);

/* Adds to 'u' the Info dictionary of 'f' with "D:" put before cairo's
 * /CreationDate and /ModDate when 'fix_dates', and 'mod_date' (a PDF date,
 * or NULL) as /ModDate; with no Info in 'f' and a 'mod_date', a new Info
 * object numbered u->size (which grows by one; u->info is set). False with
 * f->error set if the Info is not a dictionary or /Size leaves no number
 * for a new one. */
bool pdfamend_info(pdfread_file *f, bool fix_dates, const char *mod_date, pdfupdate *u);

#endif
