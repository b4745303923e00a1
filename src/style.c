/* style: page designs. */
#include "style.h"

style *style_default(void)
{
    style *s = g_new0(style, 1);
    s->name = g_strdup("default");
    s->page_w_pt = 297.0 / 25.4 * 72.0;
    s->page_h_pt = 210.0 / 25.4 * 72.0;
    s->margin_top_pt = 15.0 / 25.4 * 72.0;
    s->margin_bottom_pt = 12.0 / 25.4 * 72.0;
    s->margin_left_pt = s->margin_right_pt = 18.0 / 25.4 * 72.0;
    s->font_title = g_strdup("BIZ UDPGothic");
    s->font_heading = g_strdup("BIZ UDPGothic");
    s->font_body = g_strdup("BIZ UDPGothic");
    s->font_caption = g_strdup("BIZ UDPGothic");
    s->font_table = g_strdup("BIZ UDPGothic");
    s->size_title_pt = 40;
    s->size_number_pt = 88;
    s->size_place_pt = 44;
    s->size_heading_pt = 26;
    s->size_subheading_pt = 18;
    s->size_body_pt = 15;
    s->size_caption_pt = 11;
    s->size_table_pt = 14;
    s->size_footer_pt = 9;
    s->size_floor_pt = 14;
    s->line_spacing = 1.5;
    s->heading_band_pt = 58;
    s->band_filled = true;
    s->color_text = 0x222222;
    s->color_muted = 0x5F6B7A;
    s->color_accent = 0x1E3A5F;   /* deep navy */
    s->color_accent2 = 0xD9822B;  /* warm orange */
    s->color_band = 0x1E3A5F;
    s->color_band_text = 0xFFFFFF;
    s->color_rule = 0xB8C2CE;
    s->color_fill_light = 0xEEF3F8;
    return s;
}

void style_free(style *s)
{
    if (!s)
        return;
    g_free(s->name);
    g_free(s->font_title);
    g_free(s->font_heading);
    g_free(s->font_body);
    g_free(s->font_caption);
    g_free(s->font_table);
    g_free(s->logo);
    g_free(s);
}
