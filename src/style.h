/* style: the page design (a file in layouts/): page size, margins,
 * fonts and sizes per role, line spacing, colours. */
#ifndef STYLE_H
#define STYLE_H

#include "diag.h"

typedef struct style {
    char *name;               /* "default", "print" or the file's name */
    double page_w_pt, page_h_pt;
    double margin_top_pt, margin_right_pt, margin_bottom_pt, margin_left_pt;
    char *font_title, *font_heading, *font_body, *font_caption, *font_table;
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
        color_rule, color_fill_light;
    char *logo;               /* optional logo image path, or NULL */
} style;

/* The built-in default design (A4 landscape, BIZ UDPGothic). Caller frees. */
style *style_default(void);
void style_free(style *s); /* NULL is fine */

#endif
