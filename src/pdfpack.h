/* pdfpack: writes a PDF whole and compact (ISO 32000-1 §7.5.7, §7.5.8):
 * the objects of the PDF cairo 1.16 wrote with those of an update in place
 * of their old versions (pdfupdate.h), every object that is not a stream
 * in object streams, a cross-reference stream, each stream's /Length made
 * direct (the objects cairo kept them in dropped, and those of the
 * placeholders the update replaces), the plain objects without the white
 * space they do not need (pdfsyntax_compact), cairo's TrueType subsets
 * without their hinting (ttfstrip.h; not the "tricky" fonts whose glyphs
 * their instructions build), its ToUnicode CMaps as bfrange entries
 * (tucmap.h) and every other Flate stream of cairo's deflated again. Every
 * Flate stream of cairo's is inflated and deflated here, never copied, so
 * the bytes written do not depend on how cairo deflated (render_pdf.c has
 * it store them). Nothing changes what a page shows: the same objects, by
 * the same numbers. */
#ifndef PDFPACK_H
#define PDFPACK_H

#include "pdfread.h"
#include "pdfupdate.h"

#include <stdbool.h>

/* Writes the PDF of 'f' with the objects of 'u' (sorted) to 'out', an empty
 * file open for writing, from offset 0 with pwrite; the streams of 'u' are
 * written by their functions. When 'f' is mapped (pdfread_file_map_sealed),
 * its fonts and other streams are made on a thread of their own meanwhile. Deterministic:
 * the same file and update give the same bytes. False with f->error set if
 * an object of 'f' is damaged or writing fails (what was written is then
 * left for the caller to drop). */
bool pdfpack_write(const pdfupdate *u, pdfread_file *f, int out);

#endif
