/* layout_furniture: the heading band, the footer and the logo: page
 * furniture, placed by the page design's band-, footer- and logo- keys. */
#include "layout_furniture.h"
#include "i18n.h"

#include "layout_text.h"

#include <string.h>

static char *series_label(const layout_ctx *c)
{
    const doc_meta *m = &c->dc->meta;
    char *num = doc_number_label(m->number);
    char *s = g_strdup_printf(c->w->series_line, m->series, num, m->place ? m->place : "");
    g_free(num);
    return s;
}

/*** The heading band ***/

/* The line pitch of a wrapped heading, a factor of its size (BIZ
 * UDPGothic's own is 1.0: two lines would touch). */
#define HEADING_WRAP_SPACING 1.2

/* True if the first 'upto' bytes of 'str' set with 'o' take more than one line. */
static bool heading_wraps(layout_ctx *c, const char *str, int upto, const GArray *spans, const text_opts *o)
{
    PangoLayout *pl = text_build(c, str, spans, 0, upto, o, false);
    bool wraps = pango_layout_get_line_count(pl) > 1;
    g_object_unref(pl);
    return wraps;
}

/* True if a line may well end before byte 'at' of 'str': after 」』）】・、。
 * or a space, or before 「『（【. */
static bool heading_good_break(const char *str, int at)
{
    if (at <= 0 || !str[at])
        return true;
    gunichar before = g_utf8_get_char(g_utf8_prev_char(str + at)), after = g_utf8_get_char(str + at);
    return g_unichar_isspace(before) || before == 0x3000 || before == 0x300D || before == 0x300F ||
           before == 0xFF09 || before == 0x3011 || before == 0x30FB || before == 0x3001 || before == 0x3002 ||
           after == 0x300C || after == 0x300E || after == 0xFF08 || after == 0x3010;
}

static void no_breaks(PangoAttrList *l, int start, int end)
{
    if (end <= start)
        return;
    PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(l, a);
}

/* Where a wrapped heading may not break (caller unrefs): '（続き）' (at
 * byte 'cont' of 'str', -1: none) stays with the two characters before
 * it; and a line that would end at an arbitrary point ends instead at the
 * last good point of its own (heading_good_break), if that leaves the line
 * at least 60 % of the width. Only the lines of the first 'upto' bytes are
 * looked at (lines break greedily: they are those of the whole heading but
 * for the last few). */
static PangoAttrList *heading_breaks(layout_ctx *c, const char *str, int upto, const GArray *spans,
                                     const text_opts *o, int cont)
{
    PangoAttrList *l = pango_attr_list_new();
    text_opts t = *o;
    t.extra = l;
    if (cont > 0) {
        const char *from = g_utf8_prev_char(str + cont);
        if (from > str)
            from = g_utf8_prev_char(from);
        no_breaks(l, (int)(from - str), (int)strlen(str));
    }
    for (int round = 0; round < 6; round++) {
        PangoLayout *pl = text_build(c, str, spans, 0, upto, &t, false);
        GSList *lines = pango_layout_get_lines_readonly(pl);
        bool changed = false;
        for (GSList *it = lines; it && it->next && !changed; it = it->next) {
            const PangoLayoutLine *ln = it->data, *next = it->next->data;
            int start = ln->start_index, end = next->start_index;
            if (heading_good_break(str, end))
                continue;
            for (const char *p = g_utf8_prev_char(str + end); p > str + start; p = g_utf8_prev_char(p)) {
                int at = (int)(p - str);
                if (!heading_good_break(str, at))
                    continue;
                int x;
                pango_layout_line_index_to_x((PangoLayoutLine *)ln, at, FALSE, &x);
                if (PT(x) < 0.6 * o->width_pt)
                    break;
                no_breaks(l, (int)(g_utf8_next_char(p) - str), end);
                changed = true;
                break;
            }
        }
        g_object_unref(pl);
        if (!changed)
            break;
    }
    return l;
}

bool furniture_logo_size(const layout_ctx *c, double max_h, double *w, double *h)
{
    const style *st = c->st;
    if (!st->logo || st->logo_aspect <= 0)
        return false;
    *h = MIN(st->logo_at.height_pt, max_h);
    *w = *h * st->logo_aspect;
    if (*w > c->cw / 4) {
        *w = c->cw / 4;
        *h = *w / st->logo_aspect;
    }
    return *h > 0;
}

box *furniture_logo_add(layout_ctx *c, double x, double y, double w, double h, box_area area)
{
    box *b = box_add(c, BOX_IMAGE, x, y, w, h);
    b->path = c->st->logo;
    b->role = "logo";
    b->area = area;
    return b;
}

/* The heading's top, below the page's top. */
static double heading_top(const style *st)
{
    return st->margin_top_pt * st->band.heading_top;
}

double furniture_band_least(const style *st)
{
    return st->heading_band_pt + heading_top(st);
}

double furniture_band_most(const style *st)
{
    return MAX(furniture_band_least(st), st->band.most * st->page_h_pt);
}

/* A section's heading as its band sets it: the text shown (the heading,
 * and （続き） on a continuation page), its options (the size that fits
 * one line down to size-floor; wrapped at HEADING_WRAP_SPACING where a
 * reader would break it when it needs more lines), where it stands across
 * the band, and the logo beside it. */
typedef struct heading_set {
    char *shown;
    const GArray *spans;
    diag_loc loc;
    text_opts o;
    PangoAttrList *keep; /* the wrapped heading's kept ranges (heading_breaks), or NULL */
    double x0, w;        /* the heading's column */
    bool logo;
    double logo_x, logo_w, logo_h;
} heading_set;

/* The height below the band's top that a heading may take in a band of
 * the design's own height (heading-band): the logo is sized for it, at
 * any height of the band. */
static double band_least_room(const style *st)
{
    return st->heading_band_pt - st->band.heading_space_pt;
}

/* Sets 'hs' up for section 'sec' ('continued': a continuation page);
 * 'say': the size fitting may warn (at the heading's line) that the
 * heading wraps. Free with heading_set_clear(). */
static void heading_set_up(layout_ctx *c, const doc_node *sec, bool continued, bool say, heading_set *hs)
{
    const style *st = c->st;
    const doc_text *h = sec->text;
    const char *heading = h ? h->str : "";
    memset(hs, 0, sizeof(*hs));
    hs->shown = continued ? g_strconcat(heading, c->w->continued, NULL) : g_strdup(heading);
    hs->x0 = st->margin_left_pt;
    hs->w = st->page_w_pt - st->margin_left_pt - st->margin_right_pt;
    /* The logo at one end of the band; the heading keeps to the rest. */
    if (furniture_logo_size(c, band_least_room(st), &hs->logo_w, &hs->logo_h)) {
        double take = MIN(hs->logo_w + st->logo_at.gap_pt, hs->w / 2);
        hs->logo = true;
        hs->logo_x = st->logo_at.left ? hs->x0 : hs->x0 + hs->w - hs->logo_w;
        if (st->logo_at.left)
            hs->x0 += take;
        hs->w -= take;
    }
    hs->o = text_opts_of(st->font_heading, st->size_heading_pt, true, 0, PANGO_ALIGN_LEFT);
    hs->o.palt = true;
    hs->spans = h && !continued ? h->spans : NULL;
    hs->loc = continued ? NO_LOC : h ? h->loc : sec->loc;
    hs->o.size_pt = text_fitted_size(c, hs->shown, hs->spans, hs->o, hs->w, say ? hs->loc : NO_LOC, N_("this heading"));
    hs->o.width_pt = hs->w;
    /* What the band at its most can show is a few lines: a heading longer
     * than the bytes of a few lines more (of narrow Latin letters, four
     * bytes each) is looked at no further (a heading of 100 000 characters
     * would take seconds). */
    double lines = (furniture_band_most(st) - heading_top(st)) / (hs->o.size_pt * HEADING_WRAP_SPACING) + 4;
    double per_line = 4 * hs->w / (0.2 * hs->o.size_pt) + 16;
    int upto = text_prefix_len(hs->shown, (int)MIN(G_MAXINT / 2, lines * per_line));
    if (heading_wraps(c, hs->shown, upto, hs->spans, &hs->o)) {
        hs->o.spacing = HEADING_WRAP_SPACING;
        hs->keep = heading_breaks(c, hs->shown, upto, hs->spans, &hs->o, continued ? (int)strlen(heading) : -1);
        hs->o.extra = hs->keep;
    }
}

static void heading_set_clear(heading_set *hs)
{
    if (hs->keep)
        pango_attr_list_unref(hs->keep);
    g_free(hs->shown);
}

double furniture_band_need(layout_ctx *c, const doc_node *sec, bool continued)
{
    const style *st = c->st;
    double least = furniture_band_least(st), most = furniture_band_most(st);
    heading_set hs;
    heading_set_up(c, sec, continued, false, &hs);
    double room = most - heading_top(st) - st->band.heading_space_pt;
    double h = text_height_upto(c, hs.shown, hs.spans, &hs.o, room);
    heading_set_clear(&hs);
    /* A heading that fits the design's band (with heading-space-below)
     * keeps it. The heading is centred in the band below its top: a band
     * that grows shares the height of that top (at least twice
     * heading-space-below) above and below it, so that its last line does
     * not sit on the band's edge. */
    if (heading_top(st) + h + st->band.heading_space_pt <= least)
        return least;
    double pad = MAX(heading_top(st), 2 * st->band.heading_space_pt);
    return MIN(heading_top(st) + h + pad, most);
}

void furniture_band_use(layout_ctx *c, double band_h)
{
    const style *st = c->st;
    c->band_h = band_h;
    c->cy = band_h + (st->band_filled ? st->band.gap_pt : st->band.gap_rule_pt);
}

void furniture_section_page(layout_ctx *c, const doc_node *sec, bool continued)
{
    const style *st = c->st;
    page *pg = page_add(c, sec);
    pg->continued = continued;
    if (c->trial)
        return; /* a trial of the type scale: its band is the section's (c->band_h), left out */
    heading_set hs;
    heading_set_up(c, sec, continued, true, &hs);
    pg->heading = g_strdup(hs.shown);
    double W = st->page_w_pt;
    double x0 = st->margin_left_pt, w = W - st->margin_left_pt - st->margin_right_pt;
    double top = heading_top(st);
    /* The band is the section's (furniture_band_need: as high as its
     * heading needs, up to heading-band-most of the page); the slack of
     * a hundredth of a point takes in the rounding of that sum. */
    double max_h = c->band_h - top - st->band.heading_space_pt + 0.01;
    guint32 color;
    if (st->band_filled) {
        box_add_fill(c, 0, 0, W, c->band_h, st->color_band, "band");
        box_add_fill(c, 0, c->band_h, W, st->band.stripe_pt, st->color_accent2, "band");
        color = st->color_band_text;
    } else {
        box_add_rule(c, x0, c->band_h - st->band.rule_lift_pt, w, 0, st->band.rule_pt, st->color_text)->area =
            BOX_AREA_BAND;
        color = st->color_text;
    }
    /* The logo centred in the band, as the heading is. */
    if (hs.logo)
        furniture_logo_add(c, hs.logo_x, top + (c->band_h - top - hs.logo_h) / 2, hs.logo_w, hs.logo_h,
                           BOX_AREA_BAND);
    /* A heading that needs more than the band at its most goes smaller
     * than size-floor, down to size-heading-least (when the design sets it
     * lower), and what does not fit even then is cut, with a message. */
    while (hs.o.size_pt > st->band.size_least_pt &&
           text_height_upto(c, hs.shown, hs.spans, &hs.o, max_h) > max_h)
        hs.o.size_pt = MAX(st->band.size_least_pt, hs.o.size_pt * 0.92);
    box *b = text_add_clamped(c, hs.x0, top, hs.shown, hs.spans, &hs.o, max_h, color, "heading", sec, sec->text, 0,
                              hs.loc, N_("this heading"));
    b->y_pt = top + MAX(0, (c->band_h - top - b->h_pt) / 2);
    b->area = BOX_AREA_BAND;
    heading_set_clear(&hs);
}

void furniture_plain_page(layout_ctx *c, page *pg)
{
    const style *st = c->st;
    pg->content = (layout_rect){ st->margin_left_pt, st->margin_top_pt,
                                 st->page_w_pt - st->margin_left_pt - st->margin_right_pt,
                                 st->page_h_pt - st->margin_top_pt - st->margin_bottom_pt };
    pg->band = (layout_rect){ 0 };
    pg->footer = (layout_rect){ 0 };
}

/*** The footer ***/

/* The height a footer's text may take below its top. */
static double footer_max_h(const layout_ctx *c)
{
    return c->st->margin_bottom_pt - c->st->footer.top_pt - c->st->footer.space_below_pt;
}

static text_opts footer_opts(const layout_ctx *c, double w, PangoAlignment align)
{
    return text_opts_of(c->st->font_body, c->st->size_footer_pt, false, w, align);
}

void furniture_footer(layout_ctx *c, int total, const char *label)
{
    const style *st = c->st;
    double y = st->page_h_pt - st->margin_bottom_pt + st->footer.top_pt;
    double x0 = st->margin_left_pt, w = st->page_w_pt - st->margin_left_pt - st->margin_right_pt;
    box *r = box_add_rule(c, x0, y - st->footer.rule_lift_pt, w, 0, st->footer.rule_pt, st->color_rule);
    r->role = "footer-rule";
    r->area = BOX_AREA_FOOTER;
    char *left = label ? g_strdup(label) : series_label(c);
    text_opts o = footer_opts(c, w * st->footer.text_share, PANGO_ALIGN_LEFT);
    /* At most what the strip holds below y; furniture_footer_check() says
     * when a report's own footer is cut. */
    text_add_clamped(c, x0, y, left, NULL, &o, footer_max_h(c), st->color_muted, "footer", NULL, NULL, 0, NO_LOC,
                     NULL)->area = BOX_AREA_FOOTER;
    g_free(left);
    char *num = g_strdup_printf(c->w->page_number, c->pg->number, total);
    o = footer_opts(c, w * st->footer.number_share, PANGO_ALIGN_RIGHT);
    text_add(c, x0 + w * st->footer.text_share, y, num, NULL, &o, st->color_muted, "page-number", NULL)->area =
        BOX_AREA_FOOTER;
    g_free(num);
}

/* Where a footer too long is reported: at the longer of 'series' and
 * 'place' (the number is short), the value to shorten. */
static diag_loc footer_loc(const layout_ctx *c)
{
    const doc_meta *m = &c->dc->meta;
    bool series_longer = m->series && m->series_loc.file &&
                         (!m->place || g_utf8_strlen(m->series, -1) > g_utf8_strlen(m->place, -1));
    return layout_meta_loc(c, series_longer ? m->series_loc : m->place_loc);
}

void furniture_footer_check(layout_ctx *c)
{
    if (!c->d)
        return;
    const style *st = c->st;
    char *left = series_label(c);
    double w = st->page_w_pt - st->margin_left_pt - st->margin_right_pt;
    text_opts o = footer_opts(c, w * st->footer.text_share, PANGO_ALIGN_LEFT);
    int shown;
    g_object_unref(text_clamped(c, left, NULL, &o, footer_max_h(c), footer_loc(c),
                                N_("the footer ('series', 'number' and 'place')"), &shown));
    g_free(left);
}
