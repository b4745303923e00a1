/* tucmap: the ToUnicode CMaps cairo 1.16 writes (ISO 32000-1 §9.10.3),
 * written again compactly. Cairo maps each code on a line of its own in
 * "beginbfchar" blocks ("<0001> <5e74>"); the same mapping written as
 * "beginbfrange" entries, a run of codes with its destinations in an array
 * ("<0001> <0064> [<5e74> <6708> ...]", Adobe TN 5411) or, where they
 * follow one another, as the first of them ("<20> <29> <0020>"), deflates
 * to two thirds of it or less (the sample's CID one: 2163 B -> 1305 B).
 * GLib only: bytes in, bytes out. */
#ifndef TUCMAP_H
#define TUCMAP_H

#include <glib.h>
#include <stddef.h>

/* Returns the CMap 'cmap' ('n' bytes, inflated) with the same mapping,
 * written compactly: every code it maps to the same destination bytes,
 * no other code mapped; codes keep their length (the one of its single
 * codespace range: 1 byte in cairo's WinAnsi subsets, 2 in its CID ones).
 * Each run of consecutive codes (up to a change of a code's last byte
 * from ff to 00) is cut where that is shorter into "beginbfrange" entries,
 * in the array form or, for destinations whose last byte goes up by one
 * from code to code (never past ff), the plain form; a lone code stays in
 * "beginbfchar". At most 100 entries a block; ranges first, each kind by
 * code. The text before the mappings (from "/CIDInit" to
 * "endcodespacerange") and after them (from "endcmap") is kept to the
 * byte. NULL when 'cmap' is not in the form cairo writes: that header
 * with one codespace range and nothing that maps in it, then only
 * "N beginbfchar" blocks (1 to 100 lines "<code> <destination>", N of
 * them), then "endcmap"; a code of another length, mapped twice, hex
 * digits odd in number or none. Never reads outside 'cmap'. Deterministic. */
GBytes *tucmap_compact(const guint8 *cmap, size_t n);

#endif
