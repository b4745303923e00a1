/* render_handout: slides -> handout sheets (slots, frames, note lines,
 * the sheet footer), drawn through render_boxes. */
#include "render_handout.h"

#include "fonts.h"
#include "typeset_compose.h"

#include <pango/pangocairo.h>

#include <string.h>

/* The sheet's design (points). Not page-design keys yet: today's values. */
#define SHEET_MARGIN_PT 36.0      /* left and right; also the footer's */
#define SHEET_TOP_PT 46.0         /* above the first slide */
#define SHEET_BOTTOM_PT 60.0      /* below the last slide (the footer is in it) */
#define SLOT_GAP_PT 30.0          /* between slides stacked two a sheet; above the notes at one */
#define LECTURE_GAP_PT 26.0       /* three a sheet: between slides */
#define LECTURE_WIDTH 0.56        /* three a sheet: slides at most this share of the width */
#define LECTURE_NOTES_GAP_PT 18.0 /* three a sheet: between a slide and its note lines */
#define GRID_GAP_PT 18.0          /* four and six a sheet: between the columns */
#define GRID_VGAP_MAX_PT 40.0     /* four and six a sheet: at most between the rows */
#define FRAME_LINE_PT 0.6         /* the frame around each slide */
#define NOTE_LINE_PT 0.4          /* lines for notes */
#define NOTE_PITCH_PT 22.0        /* their distance */
#define FOOTER_FROM_BOTTOM_PT 40.0 /* top of the footer text above the sheet's bottom edge */
#define FOOTER_RULE_ABOVE_PT 4.0  /* the rule above the footer text */
#define FOOTER_RULE_PT 0.5
#define FOOTER_LEFT_WIDTH 0.7     /* the report and sheet number: this share of the width */
#define FOOTER_DATE_FROM 0.4      /* the date: right-aligned in the rest from this share on */

#define MAX_SLOTS 6

struct render_handout {
    GPtrArray *slides;      /* of const page*, borrowed from the parts' layouts */
    int per_sheet;          /* 1, 2, 3, 4 or 6 */
    double slide_w_pt, slide_h_pt;
    const pdf_options *o;   /* borrowed: footer texts, style, fonts */
};

/* Where a slide of a sheet goes, and its note lines. */
typedef struct slot {
    double x, y, w, h;     /* the slide */
    double nx, ny, nw, nh; /* its note lines (nw = 0: none) */
} slot;

render_handout *render_handout_new(const pdf_part *parts, int nparts, const pdf_options *o)
{
    g_return_val_if_fail(o->handout > 0 && o->handout <= MAX_SLOTS && o->style && o->fonts, NULL);
    render_handout *h = g_new0(render_handout, 1);
    h->slides = render_slides_of(parts, nparts);
    h->per_sheet = o->handout;
    h->slide_w_pt = parts[0].l->width_pt;
    h->slide_h_pt = parts[0].l->height_pt;
    h->o = o;
    return h;
}

void render_handout_free(render_handout *h)
{
    if (!h)
        return;
    g_ptr_array_unref(h->slides);
    g_free(h);
}

int render_handout_sheets(const render_handout *h)
{
    return ((int)h->slides->len + h->per_sheet - 1) / h->per_sheet;
}

const page *const *render_handout_slides(const render_handout *h, int sheet, int *n)
{
    int first = sheet * h->per_sheet;
    *n = CLAMP((int)h->slides->len - first, 0, h->per_sheet);
    return (const page *const *)h->slides->pdata + first;
}

/* Where the 'k' slides of a sheet go (slides 'sw' × 'sh' points). */
static int sheet_slots(int k, double sw, double sh, slot *out)
{
    const double m = SHEET_MARGIN_PT, top = SHEET_TOP_PT, bottom = SHEET_BOTTOM_PT;
    const double W = RENDER_SHEET_W_PT, H = RENDER_SHEET_H_PT;
    double aw = W - 2 * m, ah = H - top - bottom, aspect = sw / sh;
    memset(out, 0, sizeof(slot) * MAX_SLOTS);
    if (k == 1) {
        double w = aw, h = w / aspect, ny = top + h + SLOT_GAP_PT;
        out[0] = (slot){ m, top, w, h, m, ny, aw, H - bottom - ny };
        return 1;
    }
    if (k == 2) {
        double h = (ah - SLOT_GAP_PT) / 2, w = h * aspect;
        if (w > aw) {
            w = aw;
            h = w / aspect;
        }
        for (int i = 0; i < 2; i++)
            out[i] = (slot){ (W - w) / 2, top + i * (h + SLOT_GAP_PT), w, h, 0, 0, 0, 0 };
        return 2;
    }
    if (k == 3) {
        /* The lecture layout: slides on the left, lines for notes on the right. */
        double gap = LECTURE_GAP_PT, h = (ah - 2 * gap) / 3, w = h * aspect;
        if (w > aw * LECTURE_WIDTH) {
            w = aw * LECTURE_WIDTH;
            h = w / aspect;
        }
        for (int i = 0; i < 3; i++) {
            double y = top + i * (h + gap);
            out[i] = (slot){ m, y, w, h, m + w + LECTURE_NOTES_GAP_PT, y, aw - w - LECTURE_NOTES_GAP_PT, h };
        }
        return 3;
    }
    int cols = 2, rows = k == 4 ? 2 : 3;
    double gap = GRID_GAP_PT, w = (aw - gap) / cols, h = w / aspect;
    double vgap = MIN(GRID_VGAP_MAX_PT, (ah - rows * h) / (rows > 1 ? rows - 1 : 1));
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            out[r * cols + c] = (slot){ m + c * (w + gap), top + r * (h + vgap), w, h, 0, 0, 0, 0 };
    return cols * rows;
}

/* One line of footer text in the page design's footer face, size and
 * colour, laid out with the program's fonts (as the slides' footers are),
 * its top left at (x, y), 'w' wide. */
static void footer_text(const render_target *t, const render_handout *h, const char *text, double x, double y,
                        double w, PangoAlignment align)
{
    const style *st = h->o->style;
    PangoLayout *pl = pango_layout_new(h->o->fonts->context);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, st->font_body);
    pango_font_description_set_absolute_size(fd, st->size_footer_pt * PANGO_SCALE);
    pango_font_description_set_weight(fd, PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(pl, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(pl, (int)(w * PANGO_SCALE));
    pango_layout_set_alignment(pl, align);
    pango_layout_set_text(pl, text, -1);
    /* 和欧間 as in the slides' own footers (typeset_compose.h). */
    typeset_params tp = { st->size_footer_pt, st->text.cjk_latin_space, 0.5, false, false };
    PangoAttrList *attrs = pango_attr_list_new();
    typeset_add_space_attrs(text, (int)strlen(text), attrs, &tp);
    pango_layout_set_attributes(pl, attrs);
    pango_attr_list_unref(attrs);
    typeset_compose(pl, &tp);
    render_color_set(t, st->color_muted);
    cairo_move_to(t->cr, x, y);
    pango_cairo_show_layout(t->cr, pl);
    g_object_unref(pl);
}

/* The rule, "report — sheet / sheets" at the left, the date at the right. */
static void draw_footer(const render_target *t, const render_handout *h, int sheet)
{
    const pdf_options *o = h->o;
    cairo_t *cr = t->cr;
    const double W = RENDER_SHEET_W_PT, m = SHEET_MARGIN_PT, w = W - 2 * m;
    double fy = RENDER_SHEET_H_PT - FOOTER_FROM_BOTTOM_PT;
    render_color_set(t, o->style->color_rule);
    cairo_set_line_width(cr, FOOTER_RULE_PT);
    cairo_move_to(cr, m, fy - FOOTER_RULE_ABOVE_PT);
    cairo_line_to(cr, W - m, fy - FOOTER_RULE_ABOVE_PT);
    cairo_stroke(cr);
    char *left = g_strdup_printf("%s — %d / %d", o->sheet_footer ? o->sheet_footer : "", sheet + 1,
                                 render_handout_sheets(h));
    footer_text(t, h, left, m, fy, w * FOOTER_LEFT_WIDTH, PANGO_ALIGN_LEFT);
    g_free(left);
    if (o->sheet_date)
        footer_text(t, h, o->sheet_date, m + w * FOOTER_DATE_FROM, fy, w * (1 - FOOTER_DATE_FROM), PANGO_ALIGN_RIGHT);
}

/* A thin frame around the slide, and its lines for notes. */
static void draw_frame(const render_target *t, const render_handout *h, const slot *sl)
{
    cairo_t *cr = t->cr;
    render_color_set(t, h->o->style->color_rule);
    cairo_set_line_width(cr, FRAME_LINE_PT);
    cairo_rectangle(cr, sl->x, sl->y, sl->w, sl->h);
    cairo_stroke(cr);
    if (sl->nw > 0) {
        cairo_set_line_width(cr, NOTE_LINE_PT);
        for (double y = sl->ny + NOTE_PITCH_PT; y <= sl->ny + sl->nh + 0.01; y += NOTE_PITCH_PT) {
            cairo_move_to(cr, sl->nx, y);
            cairo_line_to(cr, sl->nx + sl->nw, y);
        }
        cairo_stroke(cr);
    }
}

bool render_handout_draw(const render_handout *h, const render_target *t, int sheet)
{
    g_return_val_if_fail(!t->tags, false);
    cairo_t *cr = t->cr;
    double sw = h->slide_w_pt, sh = h->slide_h_pt;
    slot slots[MAX_SLOTS];
    sheet_slots(h->per_sheet, sw, sh, slots);
    int n = 0;
    const page *const *slides = render_handout_slides(h, sheet, &n);
    bool ok = true;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    for (int i = 0; i < n; i++) {
        const slot *sl = &slots[i];
        /* The slide drawn in place, scaled into its slot and clipped to
         * it: text stays text, a photo stays the one image object. (Not
         * through a recording surface: cairo 1.16 leaks a snapshot each
         * time one is painted onto a PDF page.) */
        cairo_save(cr);
        cairo_translate(cr, sl->x, sl->y);
        cairo_scale(cr, sl->w / sw, sl->h / sh);
        cairo_rectangle(cr, 0, 0, sw, sh);
        cairo_clip(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        ok = render_slide_draw(t, slides[i]) && ok;
        cairo_restore(cr);
        draw_frame(t, h, sl);
    }
    draw_footer(t, h, sheet);
    return ok;
}
