/* layout_kind_title: the report's metadata -> the title page, [closing] ->
 * the closing page: pages of their own design, without a heading band.
 * Each text shrinks to the floor size, then wraps, then is cut (said). */
#include "layout_kinds.h"
#include "i18n.h"

#include "layout_furniture.h"
#include "layout_text.h"

/* Where the line of organization and traveler is reported when it is too
 * long: at the longer of the two, the value to shorten. */
static diag_loc who_loc(const layout_ctx *c, const doc_meta *m)
{
    bool org_longer = m->organization && (!m->traveler || g_utf8_strlen(m->organization, -1) >=
                                                              g_utf8_strlen(m->traveler, -1));
    return layout_meta_loc(c, org_longer ? m->organization_loc : m->traveler_loc);
}

void kind_title(layout_ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    const style_title *T = &st->title;
    const doc_meta *m = &c->dc->meta;
    page *pg = page_add(c, sec);
    pg->heading = g_strdup(c->w->title_label);
    g_free(pg->label);
    pg->label = g_strdup(c->w->title_label);
    double W = st->page_w_pt, H = st->page_h_pt;
    furniture_plain_page(c, pg);
    double x0 = st->margin_left_pt + T->indent_pt, w = W - x0 - st->margin_right_pt - T->indent_pt;
    /* The top of the light band at the bottom, and of the line above it. */
    double band_y = H - T->band_pt, line_y = H - (T->band_pt + T->band_stripe_pt);

    if (st->band_filled) {
        box_add_fill(c, 0, 0, W, T->stripe_pt, st->color_accent, "band");
        box_add_fill(c, 0, band_y, W, T->band_pt, st->color_fill_light, "band");
        box_add_fill(c, 0, line_y, W, T->band_stripe_pt, st->color_accent2, "band");
    } else {
        double lw = W - st->margin_left_pt - st->margin_right_pt;
        box_add_rule(c, st->margin_left_pt, T->top_line_pt, lw, 0, T->top_line_width_pt, st->color_text)->area =
            BOX_AREA_PAGE;
        box_add_rule(c, st->margin_left_pt, line_y, lw, 0, T->band_line_width_pt, st->color_text)->area = BOX_AREA_PAGE;
    }
    /* The logo in the top corner, above the series line. */
    double logo_w, logo_h;
    if (furniture_logo_size(c, H * T->top - st->margin_top_pt - st->logo_at.gap_pt, &logo_w, &logo_h))
        furniture_logo_add(c, st->logo_at.left ? st->margin_left_pt : W - st->margin_right_pt - logo_w,
                           st->margin_top_pt, logo_w, logo_h, BOX_AREA_CONTENT);

    /* The upper block (series, number, place) stays above the bottom band,
     * the lower one (period, who) inside it and above the bottom margin:
     * each text shrinks to the floor, then wraps, then is cut (warned). */
    double floor_pt = st->size_floor_pt;
    double top_limit = line_y - T->band_space_pt, bottom = H - st->margin_bottom_pt;
    double band_top = band_y + T->band_inset_pt;
    double y = H * T->top;
    text_opts o = text_opts_of(st->font_title, st->size_title_pt, true, 0, PANGO_ALIGN_LEFT);
    o.palt = true;
    /* Below the series: the number, the rule and the place's first line
     * at the size it is set in (a long series is cut, not the place). */
    text_opts po = text_opts_of(st->font_title, st->size_place_pt, true, 0, PANGO_ALIGN_LEFT);
    po.palt = true;
    double place_line = text_fitted_size(c, m->place ? m->place : "", NULL, po, w, (diag_loc){ NULL, 0, 0 }, NULL);
    double after_series =
        T->series_space_pt + st->size_number_pt + T->number_space_pt + T->rule_space_pt + place_line;
    box *b = text_add_fitted(c, x0, y, m->series, NULL, o, w, MAX(floor_pt, top_limit - y - after_series),
                             st->color_accent, "title", sec, NULL, layout_meta_loc(c, m->series_loc), "'series'");
    y += b->h_pt + T->series_space_pt;

    char *num = doc_number_label(m->number);
    o = text_opts_of(st->font_title, st->size_number_pt, true, 0, PANGO_ALIGN_LEFT);
    b = text_add_fitted(c, x0 - T->number_shift_pt, y, num, NULL, o, w,
                        MAX(floor_pt, top_limit - y - (T->number_space_pt + T->rule_space_pt + floor_pt)),
                        st->color_accent2, "number", sec, NULL, layout_meta_loc(c, m->number_loc), "'number'");
    g_free(num);
    y += b->h_pt + T->number_space_pt;

    box_add_rule(c, x0, y, MIN(w, T->rule_length_pt), 0, T->rule_width_pt,
                 st->band_filled ? st->color_accent : st->color_text);
    y += T->rule_space_pt;
    o = text_opts_of(st->font_title, st->size_place_pt, true, 0, PANGO_ALIGN_LEFT);
    o.palt = true;
    text_add_fitted(c, x0, y, m->place ? m->place : "", NULL, o, w, MAX(floor_pt, top_limit - y), st->color_text,
                    "place", sec, NULL, layout_meta_loc(c, m->place_loc), "'place'");

    char *period = m->period_start.year ? doc_period_format(m->period_start, m->period_end) : g_strdup("");
    o = text_opts_of(st->font_body, T->size_period_pt, false, 0, PANGO_ALIGN_LEFT);
    double period_max = bottom - band_top - T->period_space_pt - T->size_traveler_pt;
    box *pb = text_add_fitted(c, x0, 0, period, NULL, o, w, period_max, st->color_text, "period", sec, NULL,
                              layout_meta_loc(c, m->period_loc), N_("the period"));
    g_free(period);
    const char *traveler = m->traveler ? m->traveler : "";
    char *who = m->organization ? g_strconcat(m->organization, c->w->who_join, traveler, NULL) : g_strdup(traveler);
    o = text_opts_of(st->font_body, T->size_traveler_pt, false, 0, PANGO_ALIGN_LEFT);
    box *wb = text_add_fitted(c, x0, 0, who, NULL, o, w, bottom - band_top - pb->h_pt - T->period_space_pt,
                              st->color_muted, "traveler", sec, NULL, who_loc(c, m),
                              N_("the line of 'organization' and 'traveler'"));
    g_free(who);
    /* At its place, or higher up the band when the traveler wraps. */
    double by = MIN(H - T->period_bottom_pt, bottom - (pb->h_pt + T->period_space_pt + wb->h_pt));
    pb->y_pt = by;
    wb->y_pt = by + pb->h_pt + T->period_space_pt;
}

void kind_closing(layout_ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    const style_closing *C = &st->closing;
    page *pg = page_add(c, sec);
    pg->heading = g_strdup(c->w->closing_label);
    double W = st->page_w_pt, H = st->page_h_pt;
    furniture_plain_page(c, pg);
    pg->footer = (layout_rect){ c->cx, H - st->margin_bottom_pt, c->cw, st->margin_bottom_pt };
    double x0 = st->margin_left_pt, w = W - st->margin_left_pt - st->margin_right_pt;

    if (st->band_filled)
        box_add_fill(c, 0, 0, W, st->title.stripe_pt, st->color_accent, "band");

    double avail_top = st->margin_top_pt + C->top_pt, avail_bottom = H - st->margin_bottom_pt - C->bottom_pt;
    const doc_node *mark = kind_child(sec, DOC_NODE_MARK);
    if (mark) {
        text_opts o = text_opts_of(st->font_body, C->size_mark_pt, false, w, PANGO_ALIGN_RIGHT);
        text_add_clamped(c, x0, st->margin_top_pt + C->mark_top_pt, mark->text->str, mark->text->spans, &o,
                         avail_top - st->margin_top_pt - C->mark_space_pt,
                         st->color_text, "mark", mark, mark->text, 0, mark->text->loc, N_("this mark"));
    }
    const doc_node *title = kind_child(sec, DOC_NODE_TITLE);
    const doc_node *text = kind_child(sec, DOC_NODE_PARAGRAPH);
    const doc_node *sig = kind_child(sec, DOC_NODE_SIGNATURE);
    double y = avail_top + (avail_bottom - avail_top) * C->start;
    text_opts to = text_opts_of(st->font_title, C->size_title_pt, true, 0, PANGO_ALIGN_CENTER);
    to.palt = true;
    if (title) {
        to.size_pt = text_fitted_size(c, title->text->str, title->text->spans, to, w, title->text->loc, N_("this title"));
        to.width_pt = w;
    }
    text_opts xo = text_opts_of(st->font_body, C->size_text_pt, true, w, PANGO_ALIGN_CENTER);
    xo.spacing = C->text_spacing;
    text_opts so = text_opts_of(st->font_body, C->size_signature_pt, false, w, PANGO_ALIGN_CENTER);
    so.spacing = C->signature_spacing;
    /* When the page cannot hold it all, it starts higher, then the text
     * and the signature shrink to the floor; what is still too long is
     * cut (warned): the title to a third of the page, the signature to
     * what the text leaves. */
    double floor_pt = st->size_floor_pt;
    for (bool up = false;;) {
        double room = avail_bottom - y;
        double th = title ? text_height_upto(c, title->text->str, title->text->spans, &to, room) + C->title_space_pt +
                                C->rule_space_pt
                          : 0;
        double xh = text ? text_height_upto(c, text->text->str, text->text->spans, &xo, room) + C->text_space_pt : 0;
        double sh = sig ? text_height_upto(c, sig->text->str, sig->text->spans, &so, room) : 0;
        if (th + xh + sh <= room + 0.01)
            break;
        if (!up) {
            y = avail_top;
            up = true;
        } else if (xo.size_pt > floor_pt || so.size_pt > floor_pt) {
            xo.size_pt = MAX(MIN(floor_pt, xo.size_pt), xo.size_pt * 0.92);
            so.size_pt = MAX(MIN(floor_pt, so.size_pt), so.size_pt * 0.92);
        } else {
            break;
        }
    }
    if (title) {
        double max_h = MAX((avail_bottom - y) / 3, to.size_pt);
        box *b = text_add_clamped(c, x0, y, title->text->str, title->text->spans, &to, max_h, st->color_accent, "title",
                                  title, title->text, 0, title->text->loc, N_("this title"));
        y += b->h_pt + C->title_space_pt;
        box_add_rule(c, W / 2 - C->rule_length_pt / 2, y, C->rule_length_pt, 0, C->rule_width_pt,
                     st->band_filled ? st->color_accent2 : st->color_text);
        y += C->rule_space_pt;
    }
    if (text) {
        double room = avail_bottom - y - C->text_space_pt;
        double sh = sig ? MIN(text_height_upto(c, sig->text->str, sig->text->spans, &so, room), room / 3)
                        : -C->text_space_pt;
        box *b = text_add_clamped(c, x0, y, text->text->str, text->text->spans, &xo, MAX(room - sh, xo.size_pt),
                                  st->color_text, "body", text, text->text, 0, text->text->loc, N_("this closing text"));
        y += b->h_pt + C->text_space_pt;
    }
    if (sig)
        text_add_clamped(c, x0, y, sig->text->str, sig->text->spans, &so, MAX(avail_bottom - y, so.size_pt),
                         st->color_text, "signature", sig, sig->text, 0, sig->text->loc, N_("this signature"));
}
