/* style: the page design (a file in layouts/): page size, margins,
 * fonts and sizes per role, line spacing, colours. Layout files use the
 * trip files' key-value syntax; docs/layout-format.md lists the keys. */
#ifndef STYLE_H
#define STYLE_H

#include "diag.h"

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
} style;

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
