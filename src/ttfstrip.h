/* ttfstrip: the TrueType fonts cairo embeds (FontFile2) without their
 * hinting. The PDFs are projected and printed, and viewers rasterise at
 * resolutions where the instructions change nothing one can see, while they
 * are a quarter or more of each font. GLib only: bytes in, bytes out. */
#ifndef TTFSTRIP_H
#define TTFSTRIP_H

#include <glib.h>
#include <stdbool.h>

/* Returns a copy of the TrueType font 'in' (a whole sfnt, 'n' bytes) without its hinting:
 * no fpgm, prep, cvt , hdmx, LTSH, VDMX table, and every glyph (simple and composite)
 * without its instructions; glyf and loca rebuilt: loca in the short format
 * (head.indexToLocFormat 0, every glyph padded to 2 bytes) when the glyphs so padded end within
 * 2 × 65535 bytes, else in the long format (every glyph padded to 4 bytes), whatever the font's
 * own; each glyph's bytes kept to its last coordinate or component, and zeros after them;
 * table directory rebuilt (tables in tag order, 4-byte aligned, checksums, head.checkSumAdjustment,
 * searchRange/entrySelector/rangeShift), maxp.maxSizeOfInstructions set to 0; every other table copied
 * byte for byte. NULL when 'in' is not a font it fully understands (not 0x00010000/'true' sfnt, a table
 * outside the buffer, two tables of one tag, overlapping glyph ranges, loca not ascending, a glyph whose
 * structure would be read past its end, a composite glyph with a bad component, ...), when it has nothing
 * to strip (or the result would not be smaller: in a long loca each glyph is padded to 4 bytes), or when
 * FreeType would find it tricky (see below) by the lengths and sums of its cvt , fpgm and prep, which a
 * subset keeps whatever its name (tt_check_trickyness_sfnt_ids): then the caller keeps the original.
 * Never reads outside 'in' whatever it holds (it will be fuzzed).
 * Deterministic. */
GBytes *ttfstrip_hinting(const guint8 *in, gsize n);

/* True if a font named 'name' (a PDF /BaseFont or /FontName, with or without a subset tag
 * "ABCDEF+", with or without the leading '/', #xx escapes allowed) is one whose glyphs are built by
 * their instructions (FreeType's "tricky" fonts: tt_check_trickyness_family in
 * src/truetype/ttobjs.c, matched as there anywhere in the name, plus the PostScript names its
 * comments give that the family names do not cover: DLJGyShoMedium (cpop), and "Ming" as the whole
 * name (Ming(for ISO10646))): their hinting must be kept. */
bool ttfstrip_font_is_tricky(const char *name);

#endif
