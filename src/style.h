/* style: the page design (a file in layouts/): page size, margins,
 * fonts and sizes per role, line spacing, colours. Layout files use the
 * trip files' key-value syntax; docs/layout-format.md lists the keys. */
#ifndef STYLE_H
#define STYLE_H

#include "diag.h"

/* The measures of the page parts, each a key of the layout file (named in
 * the comment; docs/layout-format.md explains them). Lengths are in
 * points; a "share" is a fraction (written as a percentage), "em" a factor
 * of the text size named, "plus" points added to the size named. */

/* The heading band of ordinary pages. */
typedef struct style_band {
    double heading_top;       /* heading-top: the heading's top, a share of margin-top */
    double heading_space_pt;  /* heading-space-below: kept free under the heading */
    double size_least_pt;     /* size-heading-least: a heading too long for the band at its most, at
                                 size-floor, shrinks to this (when it is lower) */
    double most;              /* heading-band-most: the most the band grows to, a share of the page's height */
    double stripe_pt;         /* band-stripe: the accent line under a filled band */
    double rule_pt;           /* band-rule: the line under the heading (band: rule) */
    double rule_lift_pt;      /* band-rule-lift: that line, above the band's bottom */
    double gap_pt;            /* band-gap: from a filled band to the content */
    double gap_rule_pt;       /* band-gap-rule: from the band's bottom to the content (band: rule) */
} style_band;

/* The footer strip of ordinary pages. */
typedef struct style_footer {
    double gap_pt;            /* footer-gap: between the content and the footer strip */
    double top_pt;            /* footer-top: the footer's text, below the strip's top */
    double space_below_pt;    /* footer-space-below: kept free under the footer's text */
    double rule_lift_pt;      /* footer-rule-lift: the footer's rule, above its text */
    double rule_pt;           /* footer-rule: its width */
    double text_share;        /* footer-text-width: the left text, a share of the width */
    double number_share;      /* footer-number-width: the page number, at the right */
} style_footer;

/* The title page (and the accent band at the top of the closing page). */
typedef struct style_title {
    double indent_pt;         /* title-indent: the text, in from the side margins */
    double top;               /* title-top: the series line, a share of the page height down */
    double stripe_pt;         /* title-stripe: the accent band across the top (title and closing pages) */
    double band_pt;           /* title-band: the light band at the bottom */
    double band_stripe_pt;    /* title-band-stripe: the accent line above it */
    double band_space_pt;     /* title-band-space: the upper block keeps this far above that line */
    double band_inset_pt;     /* title-band-inset: the lower block, below the band's top */
    double top_line_pt;       /* title-top-line: (band: rule) the line across the top, from the page's top */
    double top_line_width_pt; /* title-top-line-width */
    double band_line_width_pt; /* title-band-line-width: (band: rule) the line in place of the band */
    double series_space_pt;   /* title-series-space: below the series line */
    double number_shift_pt;   /* title-number-shift: 第N弾 stands this far left of the others */
    double number_space_pt;   /* title-number-space: below 第N弾 */
    double rule_length_pt;    /* title-rule-length: the rule between 第N弾 and the place */
    double rule_width_pt;     /* title-rule-width */
    double rule_space_pt;     /* title-rule-space: below that rule */
    double period_bottom_pt;  /* title-period-bottom: the period's top, above the page's bottom */
    double period_space_pt;   /* title-period-space: between the period and the traveller */
    double size_period_pt;    /* size-period */
    double size_traveler_pt;  /* size-traveler */
} style_title;

/* The closing page. */
typedef struct style_closing {
    double top_pt;            /* closing-top: the text's room, below margin-top */
    double bottom_pt;         /* closing-bottom: ... and above margin-bottom */
    double start;             /* closing-start: the title, a share of that room down */
    double mark_top_pt;       /* closing-mark-top: the mark, below margin-top */
    double mark_space_pt;     /* closing-mark-space: kept free under the mark */
    double title_space_pt;    /* closing-title-space: below the title */
    double rule_length_pt;    /* closing-rule-length: the rule under the title */
    double rule_width_pt;     /* closing-rule-width */
    double rule_space_pt;     /* closing-rule-space: below the rule */
    double text_space_pt;     /* closing-text-space: below the text */
    double text_spacing;      /* closing-text-spacing: line spacing of the text */
    double signature_spacing; /* closing-signature-spacing */
    double size_mark_pt;      /* size-mark */
    double size_title_pt;     /* size-closing-title */
    double size_text_pt;      /* size-closing-text */
    double size_signature_pt; /* size-signature */
} style_closing;

/* Paragraphs, subheadings and lists. */
typedef struct style_text {
    double paragraph_space;   /* paragraph-space: above a paragraph, em */
    double cjk_latin_space;   /* cjk-latin-space: 和欧間, between Japanese and Latin letters or digits, em */
    bool hanging_punctuation; /* hanging-punctuation: 。、 may hang past a line's end (ぶら下げ) */
    double subheading_spacing; /* subheading-spacing: line spacing of a subheading */
    double subheading_space;  /* subheading-space-above: em of size-subheading */
    double subheading_below_pt; /* subheading-space-below */
    double list_indent;       /* list-indent: each level of a list steps right, em */
    double list_mark;         /* list-mark-width: the mark's column, em */
    double list_indent_most;  /* list-indent-most: levels step right to at most this share of the column */
    double item_space;        /* item-space: above an item, em */
    double subitem_space;     /* subitem-space: above a nested item, em */
    double subitem_size;      /* size-subitem: a nested item's size, a share of its list's */
    double subitem_size_least; /* size-subitem-least: ... but at least this share of size-body */
} style_text;

/* The goals page. */
typedef struct style_goals {
    double size_plus_pt;      /* size-goals: the goals' text, plus size-body */
    double space_pt;          /* goals-space-above: above the first goal */
    double title_room_pt;     /* goals-title-room: added to the widest goal title */
    double title_gap_pt;      /* goals-title-gap: between a goal's title and its text */
    double rule_above;        /* goals-rule-above: em */
    double rule_below;        /* goals-rule-below: em */
    double rule_pt;           /* goals-rule: its width */
} style_goals;

/* Tables: the schedule's, the overview's; and the bullets page. */
typedef struct style_table {
    double line_spacing;      /* table-line-spacing */
    double pad_x_pt, pad_y_pt; /* table-pad-x, table-pad-y: inside a cell */
    double space_above;       /* table-space-above: em of size-table */
    double space_below;       /* table-space-below: em of size-body */
    double header_rule_pt;    /* table-header-rule: the line under the header row */
    double rule_pt;           /* table-rule: the line under every other row */
    guint32 color_stripe;     /* color-table-stripe: every other row (band: filled) */
    guint32 color_header_rule; /* color-table-header-rule: the header row (band: rule) */
    double overview_plus_pt;  /* size-overview: the overview's table, plus size-body */
    double overview_pad_x_pt, overview_pad_y_pt; /* overview-pad-x, overview-pad-y */
    double overview_top;      /* overview-top: above the table, a share of the content's height */
    double bullets_plus_pt;   /* size-bullets: a bullets page's text, plus size-body */
} style_table;

/* The facts page. */
typedef struct style_facts {
    double image_share;       /* facts-image-width: the image's column, a share of the content width */
    double gap_pt;            /* facts-gap: between the image's column and the text */
    double credit_room;       /* facts-credit-room: below the image for a one-line credit, em of size-caption */
    double credit_space_pt;   /* facts-credit-space: between the image and its credit */
    double image_rule_pt;     /* facts-image-rule: the line under the image (band: filled) */
    double title_plus_pt;     /* size-facts-title: plus size-heading */
    double title_space_pt;    /* facts-title-space: below the title */
    double rule_pt;           /* facts-rule: the rule under the title */
    double rule_space_pt;     /* facts-rule-space: below it */
    double size_plus_pt;      /* size-facts: the facts, plus size-body */
    double line_spacing;      /* facts-line-spacing */
    double tab_gap;           /* facts-tab-gap: after the widest label, em */
    double tab_most;          /* facts-tab-most: the values start at most this share across */
    double space_pt;          /* facts-space: above each fact */
    double space_below_pt;    /* facts-space-below: below the last fact */
} style_facts;

/* Photo pages and placeholders. */
typedef struct style_photos {
    double caption_plus_pt;   /* size-photo-caption: plus size-caption */
    double caption_spacing;   /* caption-line-spacing */
    double gap_pt;            /* photo-gap: between photos */
    double caption_gap_pt;    /* photo-caption-gap: between a photo and its caption */
    double height_least_pt;   /* photo-height-least: no photo smaller */
    int per_page;             /* photos-per-page: at most */
    double aspect;            /* photo-aspect: the cells of 'fit: cover' photos and of placeholders, w / h */
    guint32 color_placeholder; /* color-placeholder */
    double placeholder_rule_pt; /* placeholder-rule: the cross */
    double placeholder_plus_pt; /* size-placeholder: plus size-caption */
    double placeholder_inset_pt; /* placeholder-inset */
    bool keep_metadata;       /* photo-metadata: keep (else strip): JPEGs go into the PDF with their EXIF, XMP… */
} style_photos;

/* The type scale and the page composition (layout_scale.c). A size key
 * written as a range ("15-24pt step 1.5pt") keeps its least value in its
 * own field (size_body_pt...) and its most here: each slide of a flowing
 * section takes the largest step of size-body at which it fits one page;
 * size-subheading and size-table follow at the same share of their
 * ranges. A single size is a range of one value. */
typedef enum { BALANCE_TOP, BALANCE_CENTRE, BALANCE_SPREAD } style_balance;
typedef struct style_scale {
    double body_most_pt;      /* size-body: the range's top */
    double body_step_pt;      /* size-body: "step"; 0 for a single size */
    double subheading_most_pt; /* size-subheading: the range's top */
    double table_most_pt;     /* size-table: the range's top */
    int steps_apart;          /* size-steps-apart: one-page slides of a kind stay within this many steps */
    int balance;              /* balance: style_balance, what a slide's leftover height is used for */
    double spread_most;       /* balance-spread-most: a gap between blocks grows at most this (em of the body) */
    double continuation_least; /* continuation-least: a continuation page holds at least this share of a page */
} style_scale;

/* Where the logo stands. */
typedef struct style_logo {
    double height_pt;         /* logo-height */
    bool left;                /* logo-position: left (else right) */
    double gap_pt;            /* logo-gap: between the logo and the heading */
} style_logo;

typedef struct style {
    char *name;               /* "default", "print" or the file's name without ".layout" */
    char *path;               /* the layout file as named in messages; NULL for style_default() */
    double page_w_pt, page_h_pt;
    double margin_top_pt, margin_right_pt, margin_bottom_pt, margin_left_pt;
    char *font_title, *font_heading, *font_body, *font_caption, *font_table; /* family names */
    double size_title_pt;     /* title page series line */
    double size_number_pt;    /* title page 第N弾 */
    double size_place_pt;     /* title page place */
    double size_heading_pt;   /* page heading in its band */
    double size_subheading_pt;
    double size_body_pt;
    double size_caption_pt;
    double size_table_pt;
    double size_footer_pt;
    double size_floor_pt;     /* titles and headings shrink no further */
    double line_spacing;      /* body text, as a factor of the font size */
    double heading_band_pt;   /* height of the heading band */
    bool band_filled;         /* filled band (screen) or a rule under the heading (print) */
    guint32 color_text, color_muted, color_accent, color_accent2, color_band, color_band_text,
        color_rule, color_fill_light; /* 0xRRGGBB */
    char *logo;               /* optional logo image path (resolved, exists when loaded), or NULL */
    double logo_aspect;       /* the logo's width / height as shown (EXIF applied); 0 without a logo */

    /* The measures of the page parts (see above). */
    style_band band;
    style_footer footer;
    style_title title;
    style_closing closing;
    style_text text;
    style_goals goals;
    style_table table;
    style_facts facts;
    style_photos photos;
    style_logo logo_at;
    double pdf_size_limit_mb; /* pdf-size-limit: a PDF larger than this (MB, 10^6 bytes) gets a note on --image-dpi */
    style_scale scale;
} style;

/* The number of steps of size-body's range (0: a single size). */
int style_scale_steps(const style *s);
/* 's' with its ranged sizes at step 'i' of size-body (0: the least, up
 * to style_scale_steps()): size_body_pt, size_subheading_pt and
 * size_table_pt set; the rest, strings included, shared with 's' (the copy
 * must not be freed with style_free()). */
style style_at_step(const style *s, int i);

/* The built-in default design (A4 landscape, BIZ UDPGothic). Caller frees. */
style *style_default(void);
void style_free(style *s); /* NULL is fine */

/* Loads the layout 'name_or_path'. A name ("default", "print") is looked
 * up as <data_dir>/layouts/<name>.layout; anything containing '/' or ending
 * in ".layout" is a path, relative to 'base_dir' when not absolute.
 * 'data_dir' and 'base_dir' may be NULL or "" for the current folder.
 * The file starts from style_default(), or from the layout its `base:`
 * key names (itself resolved like 'name_or_path', relative to the layout
 * file's folder). 'where' is the position of the value that named the
 * layout (e.g. a trip's `layout:` line), used when the layout cannot be
 * found; { NULL, 0, 0 } prints as "tripreport:". Every problem (unknown
 * keys, bad values, a key given twice, a missing file with the list of the
 * layouts in data_dir) is an error in 'd' at its file:line:col; all are
 * reported, then NULL is returned. Caller frees with style_free(). */
style *style_load(const char *name_or_path, const char *data_dir, const char *base_dir, diag_loc where,
                  diag_list *d);

/* The names of the layouts in <data_dir>/layouts (files "*.layout", the
 * extension removed), sorted, joined with ", "; NULL when there are none.
 * Caller frees. */
char *style_layout_names(const char *data_dir);

#endif
