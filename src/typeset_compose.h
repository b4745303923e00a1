/* typeset_compose: Japanese line composition (JLReq) on the lines Pango has
 * broken: 和欧間 between Japanese and Latin letters or digits, punctuation
 * pairs set close (約物の詰め), a leading 字下げ space of exactly 1 em,
 * opening brackets flush at a line start, hanging 。、 and justification
 * that puts the slack into 和欧間 and the gaps between Japanese characters
 * (never inside a Latin word or number; an ASCII space only up to a bound).
 * Works on the glyph geometry of a PangoLayout's lines: no character is
 * added to the text, so text extraction gives the text as written. */
#ifndef TYPESET_COMPOSE_H
#define TYPESET_COMPOSE_H

#include <glib.h>
#include <pango/pango.h>
#include <stdbool.h>

typedef struct typeset_params {
    double em;        /* the text size, pt */
    double wa_space;  /* 和欧間, em (JLReq 3.2.2: 0.25) */
    double space_max; /* em: the most an ASCII space grows to while Japanese gaps can take the rest */
    bool justify;     /* fill every line but a paragraph's last to the layout's width */
    bool hanging;     /* 。、 may hang past the line end (ぶら下げ) */
} typeset_params;

/* The 和欧間 of 'p' in Pango units (what typeset_add_space_attrs reserves
 * and typeset_compose places). */
int typeset_wa_units(const typeset_params *p);

/* Adds to 'attrs' the letter spacing that reserves the 和欧間 of the
 * first 'len' bytes of 'text' while Pango breaks the lines (so that a line
 * is broken with its 和欧間 counted). Offsets are into 'text'. */
void typeset_add_space_attrs(const char *text, int len, PangoAttrList *attrs, const typeset_params *p);

/* Hanging: adds to 'attrs' a letter spacing that makes the 。 or 、 at byte
 * 'index' of the layout text take no width at a line end. */
void typeset_add_hang_attr(PangoAttrList *attrs, const char *text, int index, int advance);

/* Sets the glyphs of every line of 'pl' (made with the attributes above,
 * without Pango's own justification) as JLReq composes them; a stop given
 * typeset_add_hang_attr hangs when it ends a line and 'p' allows it. Call
 * again after anything that breaks the lines anew. */
void typeset_compose(PangoLayout *pl, const typeset_params *p);

/* A mark for a range whose letter spacing is someone else's (a ruby base
 * spaced out to its reading): typeset_compose leaves a line that holds it
 * as Pango set it. Caller inserts it into an attribute list. */
PangoAttribute *typeset_fixed_spacing_attr_new(void);

/* Character classes (JLReq): Japanese (kanji, kana, full-width forms),
 * Latin letters or digits, opening brackets, closing brackets, full stops
 * and commas, and the characters that may not start a line. */
bool typeset_is_japanese(gunichar c);
bool typeset_is_latin(gunichar c);
bool typeset_is_opening(gunichar c);
bool typeset_is_closing(gunichar c);
bool typeset_is_stop(gunichar c);  /* 。、，．  */
bool typeset_is_punct(gunichar c); /* any of the three above, or ・：；！？ */

#endif
