/* Unit tests of the page composition (layout_scale.c, the type scale,
 * the split of long sections, balance; the table, heading band and photo
 * grid rules of issue 12): geometry invariants over every golden and the
 * sample in both shipped designs, and over generated trips (sections from
 * one line to three pages, headings of 5 to 120 characters, 1 to 20 photos
 * of mixed orientation):
 *  - no runt page: the last page of a section that runs on holds at least
 *    continuation-least of a page (the extent of its content, from its
 *    first box to its last), unless the page before is one block that
 *    cannot be shared;
 *  - no stranded heading: a page of a section that goes on never ends with
 *    a subheading (or a goal's title) as its lowest text;
 *  - a table that goes on shows its header and at least two rows on each page;
 *  - the heading band holds its heading: the box inside the band, a
 *    wrapped heading at a line pitch of at least 1.15; the whole heading
 *    shown unless the band is at its most (heading-band-most); the band
 *    at the design's height unless the heading needs more; the band's fill
 *    as high as the band; the content below the band (and its stripe) on
 *    every page, every page of a section with the same band;
 *  - body text within the design's range;
 *  - every one-page slide of a flowing kind is either at its ceiling (the
 *    top of the range, or a step larger would take another page or give a
 *    message) or filled: its content's extent is at least FILL_LEAST of the
 *    content area's height;
 *  - photo rows: no row of one photo beside a row of three or more; the
 *    captions end a caption line above the content's bottom. */
#include "build.h"
#include "fonts.h"
#include "layout.h"
#include "report.h"
#include "style.h"
#include "layouttest.h"
#include "testutil.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define LIGHT 1
#else
#define LIGHT 0
#endif

/* A one-page slide below its ceiling fills at least this share of its
 * content area (from its first box to its last). */
#define FILL_LEAST 0.60


static bool flowing(doc_kind k)
{
    return k == DOC_KIND_GOALS || k == DOC_KIND_OVERVIEW || k == DOC_KIND_BULLETS || k == DOC_KIND_FACTS ||
           k == DOC_KIND_SCHEDULE || k == DOC_KIND_TEXT;
}

/* What a kind adds to size-body for its body text. */
static double kind_plus(const style *st, doc_kind k)
{
    return k == DOC_KIND_GOALS ? st->goals.size_plus_pt : k == DOC_KIND_BULLETS ? st->table.bullets_plus_pt : 0;
}

/* 'st' at step 'i' of its range, as a design of one size. */
static style fixed_at(const style *st, int i)
{
    style s = style_at_step(st, i);
    s.scale.body_step_pt = 0;
    s.scale.body_most_pt = s.size_body_pt;
    s.scale.subheading_most_pt = s.size_subheading_pt;
    s.scale.table_most_pt = s.size_table_pt;
    return s;
}

/* The pages of section 'sec' and the messages of the layout of 'dc' with 's'. */
static int pages_of(const doc *dc, const style *s, const doc_node *sec, int *said)
{
    diag_list *d = diag_list_new();
    layout *l = layout_run(dc, s, lt_fonts(), d);
    int n = 0;
    for (guint i = 0; i < l->pages->len; i++)
        n += ((const page *)g_ptr_array_index(l->pages, i))->section == sec;
    *said = (int)d->msgs->len;
    layout_free(l);
    diag_list_free(d);
    return n;
}

/* True if section 'sec', set at 'body' points, could not be set a step
 * larger: it would take more pages or give more messages (a word broken
 * inside its line...). The slide is then at its ceiling. */
static bool at_ceiling(const doc *dc, const style *st, const doc_node *sec, double body)
{
    int i = (int)lround((body - st->size_body_pt) / st->scale.body_step_pt);
    if (i >= style_scale_steps(st))
        return true;
    style here = fixed_at(st, i), up = fixed_at(st, i + 1);
    int said_here, said_up;
    int p_here = pages_of(dc, &here, sec, &said_here), p_up = pages_of(dc, &up, sec, &said_up);
    return p_up > p_here || said_up > said_here;
}

static double content_bottom(const page *pg, double *top)
{
    double b = -1;
    *top = G_MAXDOUBLE;
    for (guint i = 0; i < pg->boxes->len; i++) {
        const box *x = g_ptr_array_index(pg->boxes, i);
        if (x->area != BOX_AREA_CONTENT)
            continue;
        b = MAX(b, x->y_pt + x->h_pt);
        *top = MIN(*top, x->y_pt);
    }
    return b;
}

/* The lowest text box of the content area (by its bottom), or NULL. */
static const box *last_text(const page *pg)
{
    const box *best = NULL;
    for (guint i = 0; i < pg->boxes->len; i++) {
        const box *x = g_ptr_array_index(pg->boxes, i);
        if (x->type != BOX_TEXT || x->area != BOX_AREA_CONTENT)
            continue;
        if (!best || x->y_pt + x->h_pt > best->y_pt + best->h_pt + 0.01)
            best = x;
    }
    return best;
}

static int count_role(const page *pg, const char *role)
{
    int n = 0;
    for (guint i = 0; i < pg->boxes->len; i++) {
        const box *x = g_ptr_array_index(pg->boxes, i);
        if (x->role && strcmp(x->role, role) == 0)
            n++;
    }
    return n;
}

/* The heading band's height (from the page's top) of the design, and the
 * most it may grow to: heading-band below the heading's top, and
 * heading-band-most of the page's height. */
static double band_least(const style *st)
{
    return st->heading_band_pt + st->margin_top_pt * st->band.heading_top;
}

static double band_most(const style *st)
{
    return MAX(band_least(st), st->band.most * st->page_h_pt);
}

/* The height of the heading box of 'pg', or 0. */
static double heading_h(const page *pg)
{
    for (guint k = 0; k < pg->boxes->len; k++) {
        const box *x = g_ptr_array_index(pg->boxes, k);
        if (x->type == BOX_TEXT && x->role && strcmp(x->role, "heading") == 0)
            return x->h_pt;
    }
    return 0;
}

/* The band's own checks on page 'i' of 'l': see the header's comment. */
static void check_band(const layout *l, guint i, const style *st, GString *why, const char *what)
{
    const page *pg = g_ptr_array_index(l->pages, i), *prev = i > 0 ? g_ptr_array_index(l->pages, i - 1) : NULL;
    guint n = i + 1;
    if (pg->band.h_pt <= 0)
        return; /* the title page, the closing page */
    double band = pg->band.y_pt + pg->band.h_pt, least = band_least(st), most = band_most(st);
    double top = st->margin_top_pt * st->band.heading_top;
    if (band < least - 0.01 || band > most + 0.01)
        g_string_append_printf(why, "%s: page %u: a band of %.2f pt, outside %.2f-%.2f\n", what, n, band, least, most);
    if (prev && prev->section == pg->section &&
        (fabs(prev->band.h_pt - pg->band.h_pt) > 0.01 || fabs(prev->content.y_pt - pg->content.y_pt) > 0.01))
        g_string_append_printf(why, "%s: page %u: a band of %.2f pt after one of %.2f in the same section\n", what, n,
                               pg->band.h_pt, prev->band.h_pt);
    double below = band + (st->band_filled ? st->band.stripe_pt : 0);
    if (pg->content.y_pt < below - 0.01)
        g_string_append_printf(why, "%s: page %u: the content area starts at %.2f, in the band (to %.2f)\n", what, n,
                               pg->content.y_pt, below);
    for (guint k = 0; k < pg->boxes->len; k++) {
        const box *x = g_ptr_array_index(pg->boxes, k);
        if (x->area == BOX_AREA_CONTENT && x->y_pt < below - 0.01)
            g_string_append_printf(why, "%s: page %u: a %s box at %.2f, in the band (to %.2f)\n", what, n,
                                   x->role ? x->role : "-", x->y_pt, below);
        if (st->band_filled && x->type == BOX_FILL && x->y_pt == 0 && x->role && strcmp(x->role, "band") == 0 &&
            x->w_pt >= st->page_w_pt - 0.01 && fabs(x->h_pt - band) > 0.01 && x->h_pt > st->band.stripe_pt)
            g_string_append_printf(why, "%s: page %u: the band is drawn %.2f pt high, not %.2f\n", what, n, x->h_pt,
                                   band);
        if (x->type != BOX_TEXT || !x->role || strcmp(x->role, "heading") != 0)
            continue;
        bool whole = pg->heading && strcmp(box_text_string(x), pg->heading) == 0;
        if (!whole && band < most - 0.01)
            g_string_append_printf(why, "%s: page %u: the heading is cut in a band of %.2f pt (it may grow to %.2f)\n",
                                   what, n, band, most);
        if (whole && box_text_font(x).size_pt < MIN(st->size_floor_pt, st->size_heading_pt) - 0.01)
            g_string_append_printf(why, "%s: page %u: the heading at %.2f pt, below size-floor\n", what, n,
                                   box_text_font(x).size_pt);
    }
    /* A section whose headings (with （続き） on its later pages) all fit
     * the design's band keeps it. */
    if (prev && prev->section == pg->section)
        return;
    double tallest = 0;
    for (guint j = i; j < l->pages->len && ((const page *)g_ptr_array_index(l->pages, j))->section == pg->section; j++)
        tallest = MAX(tallest, heading_h(g_ptr_array_index(l->pages, j)));
    if (band > least + 0.01 && top + tallest + st->band.heading_space_pt <= least - 0.01)
        g_string_append_printf(why, "%s: page %u: a band of %.2f pt for headings %.2f pt high\n", what, n, band,
                               tallest);
}

/* Checks the invariants of the header's comment on 'l' laid out with 'st';
 * appends faults to 'why'. 'shares' gets the filled share of every
 * one-page flowing slide (for the report), may be NULL. */
static void check_composition(const doc *dc, const layout *l, const style *st, GString *why, const char *what)
{
    double most = st->scale.body_step_pt > 0 ? st->scale.body_most_pt : st->size_body_pt;
    for (guint i = 0; i < l->pages->len; i++) {
        const page *pg = g_ptr_array_index(l->pages, i);
        const page *next = i + 1 < l->pages->len ? g_ptr_array_index(l->pages, i + 1) : NULL;
        bool goes_on = next && next->section == pg->section;
        bool first = i == 0 || ((const page *)g_ptr_array_index(l->pages, i - 1))->section != pg->section;
        double top, bottom = content_bottom(pg, &top);
        /* The content's extent, from its first box to its last (balance
         * moves it down as a whole, and spreads its gaps by a little). */
        double share = bottom < 0 ? 0 : (bottom - top) / pg->content.h_pt;
        doc_kind kind = pg->section->kind;
        check_band(l, i, st, why, what);
        /* Body sizes within the range. */
        double body = 0;
        for (guint k = 0; k < pg->boxes->len; k++) {
            const box *x = g_ptr_array_index(pg->boxes, k);
            if (x->type == BOX_TEXT && x->role && strcmp(x->role, "body") == 0 && kind != DOC_KIND_CLOSING) {
                box_font f = box_text_font(x);
                double plus = kind_plus(st, kind);
                body = f.size_pt - plus;
                if (body < st->size_body_pt - 0.01 || body > most + 0.01)
                    g_string_append_printf(why, "%s: page %u: body at %.2f pt, outside %.2f-%.2f\n", what, i + 1,
                                           f.size_pt, st->size_body_pt + plus, most + plus);
            }
            /* The heading band holds its heading, lines apart. */
            if (x->type == BOX_TEXT && x->role && strcmp(x->role, "heading") == 0) {
                if (x->y_pt < pg->band.y_pt - 0.5 || x->y_pt + x->h_pt > pg->band.y_pt + pg->band.h_pt + 0.5)
                    g_string_append_printf(why, "%s: page %u: the heading leaves its band\n", what, i + 1);
                int lines = box_text_lines_shown(x);
                box_font f = box_text_font(x);
                if (lines > 1 && x->h_pt < f.size_pt * (1 + 1.15 * (lines - 1)) - 0.5)
                    g_string_append_printf(why, "%s: page %u: %d heading lines in %.1f pt at %.1f pt: lines touch\n",
                                           what, i + 1, lines, x->h_pt, f.size_pt);
                /* （続き） on the line of the heading's last characters. */
                char *shown = box_text_shown(x, "\n");
                const char *last = strrchr(shown, '\n');
                last = last ? last + 1 : shown;
                if (pg->continued && lines > 1 && g_str_has_suffix(shown, "（続き）") &&
                    g_utf8_strlen(last, -1) < 6)
                    g_string_append_printf(why, "%s: page %u: （続き） alone on its line: '%s'\n", what, i + 1, last);
                g_free(shown);
            }
        }
        if (!flowing(kind)) {
            if (kind == DOC_KIND_PHOTOS) {
                /* Rows: photos grouped by their top. */
                GArray *rows = g_array_new(FALSE, TRUE, sizeof(int));
                GArray *tops = g_array_new(FALSE, FALSE, sizeof(double));
                double cap_bottom = 0, cap_pt = 0;
                for (guint k = 0; k < pg->boxes->len; k++) {
                    const box *x = g_ptr_array_index(pg->boxes, k);
                    if (x->role && strcmp(x->role, "caption") == 0) {
                        cap_bottom = MAX(cap_bottom, x->y_pt + x->h_pt);
                        cap_pt = box_text_font(x).size_pt;
                    }
                    if (x->type != BOX_IMAGE && !(x->role && strcmp(x->role, "placeholder-fill") == 0))
                        continue;
                    guint r = 0;
                    while (r < tops->len && fabs(g_array_index(tops, double, r) + 0 - (x->y_pt + x->h_pt)) > 1)
                        r++;
                    if (r == tops->len) {
                        double b = x->y_pt + x->h_pt;
                        int zero = 0;
                        g_array_append_val(tops, b);
                        g_array_append_val(rows, zero);
                    }
                    g_array_index(rows, int, r)++;
                }
                int lo = G_MAXINT, hi = 0;
                for (guint r = 0; r < rows->len; r++) {
                    lo = MIN(lo, g_array_index(rows, int, r));
                    hi = MAX(hi, g_array_index(rows, int, r));
                }
                if (rows->len > 1 && lo == 1 && hi >= 3)
                    g_string_append_printf(why, "%s: page %u: a photo alone in a row beside a row of %d\n", what,
                                           i + 1, hi);
                double clear = cap_pt * st->photos.caption_spacing;
                if (cap_bottom > 0 && cap_bottom > pg->content.y_pt + pg->content.h_pt - clear + 0.5)
                    g_string_append_printf(why, "%s: page %u: captions end %.1f pt above the content's bottom\n",
                                           what, i + 1, pg->content.y_pt + pg->content.h_pt - cap_bottom);
                g_array_unref(rows);
                g_array_unref(tops);
            }
            continue;
        }
        /* No stranded heading. */
        const box *lt = last_text(pg);
        if (goes_on && lt && lt->role && (strcmp(lt->role, "subheading") == 0))
            g_string_append_printf(why, "%s: page %u ends with a subheading\n", what, i + 1);
        /* A table that goes on: header and two rows on each of its pages. */
        int cells = count_role(pg, "table-cell"), header = count_role(pg, "table-header");
        if (header > 0 && cells > 0 && (goes_on || !first)) {
            int rows = 0;
            for (guint k = 0; k < pg->boxes->len; k++) {
                const box *x = g_ptr_array_index(pg->boxes, k);
                if (x->type == BOX_RULE && x->area == BOX_AREA_CONTENT && x->line_pt < st->table.header_rule_pt)
                    rows++;
            }
            if (rows < 2 && cells / MAX(1, header) < 2)
                g_string_append_printf(why, "%s: page %u: a table with %d cells under a header of %d\n", what,
                                       i + 1, cells, header);
        }
        /* No runt continuation page, unless the page before holds one
         * block that cannot be shared (a title clamped to the page, with
         * its text: nothing can move). */
        const page *prev = i > 0 ? g_ptr_array_index(l->pages, i - 1) : NULL;
        int prev_texts = 0;
        for (guint k = 0; prev && k < prev->boxes->len; k++) {
            const box *x = g_ptr_array_index(prev->boxes, k);
            prev_texts += x->type == BOX_TEXT && x->area == BOX_AREA_CONTENT;
        }
        if (!first && !goes_on && share < st->scale.continuation_least - 0.01 && prev_texts > 2)
            g_string_append_printf(why, "%s: page %u: a continuation page %.0f %% full\n", what, i + 1, share * 100);
        /* One-page slides: at the top of the range or filled. */
        if (first && !goes_on && kind != DOC_KIND_FACTS && body > 0 && body < most - 0.01 &&
            share < FILL_LEAST && !at_ceiling(dc, st, pg->section, body))
            g_string_append_printf(why, "%s: page %u: a slide at %.1f pt only %.0f %% full\n", what, i + 1, body,
                                   share * 100);
    }
}

static void check_doc(const doc *dc, const char *design, GString *why, const char *what)
{
    style *st = lt_style(design);
    diag_list *d = diag_list_new();
    layout *l = layout_run(dc, st, lt_fonts(), d);
    GString *bounds = g_string_new(NULL);
    if (!layout_check(l, bounds))
        g_string_append_printf(why, "%s (%s): layout_check: %s", what, design, bounds->str);
    g_string_free(bounds, TRUE);
    char *w = g_strdup_printf("%s (%s)", what, design);
    check_composition(dc, l, st, why, w);
    g_free(w);
    layout_free(l);
    diag_list_free(d);
    style_free(st);
}

static void check_doc_style(const doc *dc, const style *st, GString *why, const char *what)
{
    diag_list *d = diag_list_new();
    layout *l = layout_run(dc, st, lt_fonts(), d);
    GString *bounds = g_string_new(NULL);
    if (!layout_check(l, bounds))
        g_string_append_printf(why, "%s: layout_check: %s", what, bounds->str);
    g_string_free(bounds, TRUE);
    check_composition(dc, l, st, why, what);
    layout_free(l);
    diag_list_free(d);
}

/* Checks 'text' in the default design and, with 'fixed', in the default
 * design at one size (the least of its range: a user's layout of old). */
static void check_trip_text_in(const char *text, GString *why, const char *what, bool fixed)
{
    tu_trip t = tu_build_file(text, "trip.txt", true);
    g_assert_nonnull(t.doc);
    if (t.d->errors)
        g_error("%s has errors:\n%s", what, tu_messages(t.d));
    check_doc(t.doc, "default", why, what);
    if (fixed) {
        style *st = lt_style("default");
        style one = fixed_at(st, 0);
        char *w = g_strdup_printf("%s (one size)", what);
        check_doc_style(t.doc, &one, why, w);
        g_free(w);
        style_free(st);
    }
    tu_trip_clear(&t);
}

static void check_trip_text(const char *text, GString *why, const char *what)
{
    check_trip_text_in(text, why, what, false);
}

/*** Over the goldens and the sample ***/

static void test_goldens(void)
{
    if (LIGHT) {
        g_test_skip("the plain build checks the goldens");
        return;
    }
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(files, g_strdup("samples/017-matsue/trip.txt"));
    GDir *dir = g_dir_open("tests/golden", 0, NULL);
    g_assert_nonnull(dir);
    const char *n;
    while ((n = g_dir_read_name(dir)))
        if (g_str_has_suffix(n, ".txt"))
            g_ptr_array_add(files, g_build_filename("tests/golden", n, NULL));
    g_dir_close(dir);
    g_ptr_array_sort(files, (GCompareFunc)g_strcmp0);
    GString *why = g_string_new(NULL);
    for (guint i = 0; i < files->len; i++) {
        const char *f = g_ptr_array_index(files, i);
        char *text = NULL;
        g_assert_true(g_file_get_contents(f, &text, NULL, NULL));
        bool draft = strstr(text, "\n# golden-options: --draft") != NULL;
        g_free(text);
        diag_list *d = diag_list_new();
        doc *dc = report_load(f, d, BUILD_CHECK_FILES | (draft ? BUILD_DRAFT : 0));
        g_assert_nonnull(dc);
        check_doc(dc, "default", why, f);
        check_doc(dc, "print", why, f);
        doc_free(dc);
        diag_list_free(d);
    }
    if (why->len)
        g_error("%s", why->str);
    g_string_free(why, TRUE);
    g_ptr_array_unref(files);
}

/*** Generated trips ***/

#define META "series: 旅する公務員\nnumber: 3\nplace: 福島県会津若松市\nperiod: 2023-10-02 .. 2023-10-04\n" \
             "traveler: 主査 磐梯太郎\norganization: 磐梯町役場\n\n"

static const char *const sentence = "講演の後、希望者による意見交換会が行われ、行政に対する様々な思いが語られました。";

/* Sections from one line to about three pages, a few lines more each time,
 * with a subheading every few paragraphs and a table in some. */
static void test_lengths(void)
{
    GString *why = g_string_new(NULL);
    int most = LIGHT ? 24 : 120, by = LIGHT ? 11 : 5;
    for (int n = 1; n <= most; n += by) {
        GString *t = g_string_new(META "[text]\nheading: 本文の長さ\n");
        for (int p = 0; p < n; p++) {
            if (p % 5 == 4)
                g_string_append_printf(t, "subheading: 小見出しその%d\n", p);
            g_string_append(t, "text: ");
            for (int k = 0; k <= p % 3; k++)
                g_string_append(t, sentence);
            g_string_append(t, "\n");
        }
        g_string_append(t, "\n[schedule]\nheading: 日程\ncolumns: 月日 | 午前 | 午後\n");
        for (int r = 0; r < n / 3 + 1; r++)
            g_string_append_printf(t, "row: 10/%d | 移動 | 視察と意見交換 %d\n", r % 28 + 1, r);
        char *what = g_strdup_printf("%d paragraphs", n);
        check_trip_text_in(t->str, why, what, true);
        g_free(what);
        g_string_free(t, TRUE);
    }
    if (why->len)
        g_error("%s", why->str);
    g_string_free(why, TRUE);
}

/* Tables of 8 to 44 rows after a few lines of text: where the page
 * ends falls on every row in turn. */
static void test_tables(void)
{
    GString *why = g_string_new(NULL);
    for (int n = 8; n <= 44; n += LIGHT ? 9 : 1) {
        GString *t = g_string_new(META "[schedule]\nheading: 日程\ncolumns: 月日 | 午前 | 午後\n");
        for (int r = 0; r < n; r++)
            g_string_append_printf(t, "row: 10/%d | 移動 | 視察と意見交換 %d\n", r % 28 + 1, r);
        g_string_append_printf(t, "text: %s\n", sentence);
        char *what = g_strdup_printf("a table of %d rows", n);
        check_trip_text_in(t->str, why, what, true);
        /* The rows' own rule, without the even split of a section. */
        tu_trip tr = tu_build_file(t->str, "trip.txt", true);
        style *st = lt_style("default");
        style one = fixed_at(st, 0);
        one.scale.continuation_least = 0;
        char *w = g_strdup_printf("%s (one size, any split)", what);
        check_doc_style(tr.doc, &one, why, w);
        g_free(w);
        style_free(st);
        tu_trip_clear(&tr);
        g_free(what);
        g_string_free(t, TRUE);
    }
    if (why->len)
        g_error("%s", why->str);
    g_string_free(why, TRUE);
}

/* Headings from 5 to 120 characters, a continued page each. */
static void test_headings(void)
{
    GString *why = g_string_new(NULL);
    const char *words[] = { "「旅する公務員」", "松江市役所", "・", "意見交換会", " ", "デジタル変革", "について" };
    for (int len = 5; len <= 120; len += LIGHT ? 23 : 9) {
        GString *h = g_string_new(NULL);
        for (int k = 0; g_utf8_strlen(h->str, -1) < len; k++)
            g_string_append(h, words[k % G_N_ELEMENTS(words)]);
        char *cut = g_utf8_substring(h->str, 0, len);
        GString *t = g_string_new(META "[text]\n");
        g_string_append_printf(t, "heading: %s\n", g_strstrip(cut));
        for (int p = 0; p < 40; p++)
            g_string_append_printf(t, "text: %s%s\n", sentence, sentence);
        char *what = g_strdup_printf("a heading of %d characters", len);
        check_trip_text(t->str, why, what);
        g_free(what);
        g_free(cut);
        g_string_free(t, TRUE);
        g_string_free(h, TRUE);
    }
    /* Every length around a line's worth, so that a line ends at each of
     * the places （続き） could be split at. */
    for (int len = 44; len <= 62; len += LIGHT ? 6 : 1) {
        GString *t = g_string_new(META "[text]\nheading: ");
        for (int k = 0; k < len; k++)
            g_string_append(t, k % 2 ? "江" : "松");
        g_string_append(t, "\n");
        for (int p = 0; p < 40; p++)
            g_string_append_printf(t, "text: %s%s\n", sentence, sentence);
        char *what = g_strdup_printf("a heading of %d kanji", len);
        check_trip_text(t->str, why, what);
        g_free(what);
        g_string_free(t, TRUE);
    }
    if (why->len)
        g_error("%s", why->str);
    g_string_free(why, TRUE);
}

/* A heading of 'len' characters of words a reader breaks between. */
static char *heading_of(int len)
{
    const char *words[] = { "「旅する公務員」", "松江市役所", "・", "意見交換会", " ", "デジタル変革", "について", "、" };
    GString *h = g_string_new(NULL);
    for (int k = 0; g_utf8_strlen(h->str, -1) < len; k++)
        g_string_append(h, words[k % G_N_ELEMENTS(words)]);
    char *cut = g_utf8_substring(h->str, 0, len);
    g_string_free(h, TRUE);
    return g_strstrip(cut);
}

/* The heading box of 'pg' (NULL: none). */
static const box *heading_box(const page *pg)
{
    for (guint k = 0; k < pg->boxes->len; k++) {
        const box *x = g_ptr_array_index(pg->boxes, k);
        if (x->type == BOX_TEXT && x->role && strcmp(x->role, "heading") == 0)
            return x;
    }
    return NULL;
}

/* Long headings (150 to 300 characters) on a text section of two pages
 * or more: the band grows with the heading (never lower for a longer
 * one), both pages' bands hold the whole heading (with （続き） on the
 * second) at size-floor or larger, lines apart, and the content starts
 * below the band, at the same height on both pages. */
static void test_long_headings(void)
{
    GString *why = g_string_new(NULL);
    style *st = lt_style("default");
    double last_band = 0;
    for (int len = 120; len <= 300; len += LIGHT ? 90 : 30) {
        char *heading = heading_of(len);
        GString *t = g_string_new(META "[text]\n");
        g_string_append_printf(t, "heading: %s\n", heading);
        for (int p = 0; p < 24; p++)
            g_string_append_printf(t, "text: %s%s\n", sentence, sentence);
        char *what = g_strdup_printf("a heading of %d characters", len);
        tu_trip tr = tu_build_file(t->str, "trip.txt", true);
        layout *l = layout_run(tr.doc, st, lt_fonts(), tr.d);
        g_assert_cmpint(tr.d->errors, ==, 0);
        GString *bounds = g_string_new(NULL);
        if (!layout_check(l, bounds))
            g_string_append_printf(why, "%s: layout_check: %s", what, bounds->str);
        g_string_free(bounds, TRUE);
        check_composition(tr.doc, l, st, why, what);
        g_assert_cmpuint(l->pages->len, >=, 3); /* the title page and two of text */
        const page *p1 = g_ptr_array_index(l->pages, 1), *p2 = g_ptr_array_index(l->pages, 2);
        g_assert_true(p2->continued && p2->section == p1->section);
        const page *pages[] = { p1, p2 };
        for (int k = 0; k < 2; k++) {
            const box *hb = heading_box(pages[k]);
            g_assert_nonnull(hb);
            char *want = k ? g_strconcat(heading, "（続き）", NULL) : g_strdup(heading);
            g_assert_cmpstr(box_text_string(hb), ==, want);
            g_free(want);
            box_font f = box_text_font(hb);
            int lines = box_text_lines_shown(hb);
            g_assert_cmpfloat(f.size_pt, >=, st->size_floor_pt - 0.01);
            g_assert_cmpint(lines, >=, 3);
            /* Lines at a real pitch (1.2; 1.15 allows for rounding). */
            g_assert_cmpfloat(hb->h_pt, >=, f.size_pt * (1 + 1.15 * (lines - 1)) - 0.5);
            double band = pages[k]->band.h_pt;
            g_assert_cmpfloat(hb->y_pt, >=, 0);
            g_assert_cmpfloat(hb->y_pt + hb->h_pt, <=, band - st->band.heading_space_pt + 0.01);
            g_assert_cmpfloat(pages[k]->content.y_pt, >=, band + st->band.stripe_pt);
            if (lines > 3)
                g_assert_cmpfloat(band, >, band_least(st) + 0.01);
        }
        g_assert_cmpfloat(p1->band.h_pt, ==, p2->band.h_pt);
        g_assert_cmpfloat(p1->content.y_pt, ==, p2->content.y_pt);
        g_assert_cmpfloat(p1->band.h_pt, >=, last_band);
        last_band = p1->band.h_pt;
        layout_free(l);
        tu_trip_clear(&tr);
        g_free(what);
        g_free(heading);
        g_string_free(t, TRUE);
    }
    /* 300 characters take more than the design's band. */
    g_assert_cmpfloat(last_band, >, band_least(st) + 0.01);
    g_assert_cmpfloat(last_band, <, band_most(st));
    style_free(st);
    if (why->len)
        g_error("%s", why->str);
    g_string_free(why, TRUE);
}

/* A heading longer than the band at its most holds: an error at the
 * heading's line and column (the heading cut, as a draft shows it), the
 * band at its most, the content below it. */
static void test_heading_too_long(void)
{
    char *heading = heading_of(900);
    char *text = g_strdup_printf(META "[text]\nheading: %s\ntext: %s\n", heading, sentence);
    style *st = lt_style("default");
    for (int draft = 0; draft < 2; draft++) {
        tu_trip tr = tu_build_file(text, "trip.txt", true);
        tr.doc->draft = draft;
        layout *l = layout_run(tr.doc, st, lt_fonts(), tr.d);
        char *said = tu_messages(tr.d);
        g_assert_nonnull(strstr(said, draft ? "trip.txt:9:10: warning: this heading does not fit in its space"
                                             : "trip.txt:9:10: error: this heading does not fit in its space"));
        g_free(said);
        const page *pg = g_ptr_array_index(l->pages, 1);
        g_assert_cmpfloat(fabs(pg->band.h_pt - band_most(st)), <, 0.01);
        const box *hb = heading_box(pg);
        g_assert_true(g_str_has_suffix(box_text_string(hb), "…"));
        g_assert_cmpfloat(box_text_font(hb).size_pt, ==, st->size_floor_pt);
        g_assert_cmpfloat(hb->y_pt + hb->h_pt, <=, pg->band.h_pt);
        GString *why = g_string_new(NULL);
        if (!layout_check(l, why))
            g_error("%s", why->str);
        check_composition(tr.doc, l, st, why, "a heading of 900 characters");
        if (why->len)
            g_error("%s", why->str);
        g_string_free(why, TRUE);
        layout_free(l);
        tu_trip_clear(&tr);
    }
    style_free(st);
    g_free(text);
    g_free(heading);
}

/* Long headings on every kind of page (goals, overview, bullets, facts,
 * a schedule's table, photos over two pages), in both designs. */
static void test_long_headings_kinds(void)
{
    char *h = heading_of(LIGHT ? 260 : 200);
    GString *t = g_string_new(META);
    g_string_append_printf(t, "[goals]\nheading: %s\ngoal: 目的\ntext: %s\n\n", h, sentence);
    g_string_append_printf(t, "[overview]\nheading: %s\n\n", h);
    g_string_append_printf(t, "[bullets]\nheading: %s\nlist:\n  - %s\n  - %s\n\n", h, sentence, sentence);
    g_string_append_printf(t, "[facts]\nheading: %s\nimage: out/fixtures/landscape.jpg\ncredit: OpenStreetMap\n"
                              "title: 島根県 松江市\nfact: 面積 | 572.99km²\ntext: %s\n\n", h, sentence);
    g_string_append_printf(t, "[schedule]\nheading: %s\ncolumns: 月日 | 午前 | 午後\n", h);
    for (int r = 0; r < 14; r++)
        g_string_append_printf(t, "row: 10/%d | 移動 | 視察と意見交換 %d\n", r + 1, r);
    g_string_append_printf(t, "\n[photos]\nheading: %s\n", h);
    for (int k = 0; k < 8; k++)
        g_string_append_printf(t, "photo: out/fixtures/%s.jpg\ncaption: 写真%d の説明\n", k % 3 ? "landscape" : "portrait",
                               k + 1);
    GString *why = g_string_new(NULL);
    tu_trip tr = tu_build_file(t->str, "trip.txt", true);
    if (tr.d->errors)
        g_error("%s", tu_messages(tr.d));
    check_doc(tr.doc, "default", why, "long headings on every kind");
    check_doc(tr.doc, "print", why, "long headings on every kind");
    /* Every page but the title's has its whole heading in a grown band. */
    style *st = lt_style("default");
    layout *l = layout_run(tr.doc, st, lt_fonts(), tr.d);
    int photos = 0;
    for (guint i = 1; i < l->pages->len; i++) {
        const page *pg = g_ptr_array_index(l->pages, i);
        const box *hb = heading_box(pg);
        g_assert_nonnull(hb);
        g_assert_true(g_str_has_prefix(box_text_string(hb), h));
        g_assert_cmpfloat(pg->band.h_pt, >, band_least(st) + 0.01);
        photos += pg->section->kind == DOC_KIND_PHOTOS;
    }
    g_assert_cmpint(photos, ==, 2);
    layout_free(l);
    style_free(st);
    tu_trip_clear(&tr);
    if (why->len)
        g_error("%s", why->str);
    g_string_free(why, TRUE);
    g_string_free(t, TRUE);
    g_free(h);
}

/* 1 to 20 photos, portrait and landscape mixed in several patterns. */
static void test_photos(void)
{
    GString *why = g_string_new(NULL);
    const char *patterns[] = { "LLP", "L", "P", "PL" };
    for (guint pat = 0; pat < G_N_ELEMENTS(patterns); pat++) {
        /* Every count in the first pattern, every third in the others. */
        for (int n = 1; n <= 20; n += LIGHT ? 7 : pat == 0 ? 1 : 3) {
            GString *t = g_string_new(META "[photos]\nheading: 写真\n");
            const char *p = patterns[pat];
            for (int k = 0; k < n; k++)
                g_string_append_printf(t, "photo: out/fixtures/%s.jpg\ncaption: 写真%d の説明\n",
                                       p[k % strlen(p)] == 'L' ? "landscape" : "portrait", k + 1);
            char *what = g_strdup_printf("%d photos %s", n, p);
            check_trip_text(t->str, why, what);
            g_free(what);
            g_string_free(t, TRUE);
        }
    }
    if (why->len)
        g_error("%s", why->str);
    g_string_free(why, TRUE);
}

/*** The type scale itself ***/

static double first_body_size(const layout *l, guint at)
{
    const page *pg = g_ptr_array_index(l->pages, at);
    for (guint k = 0; k < pg->boxes->len; k++) {
        const box *x = g_ptr_array_index(pg->boxes, k);
        if (x->type == BOX_TEXT && x->role && strcmp(x->role, "body") == 0)
            return box_text_font(x).size_pt;
    }
    return 0;
}

/* A short slide is set at the top of the range, a long one lower; a
 * fixed size (a range of one value) sets every slide at it; slides of a
 * kind stay within size-steps-apart steps. */
static void test_scale(void)
{
    GString *t = g_string_new(META "[text]\nheading: 短い\ntext: 一行だけの本文。\n\n[text]\nheading: 長い\n");
    for (int p = 0; p < 6; p++)
        g_string_append_printf(t, "text: %s%s%s\n", sentence, sentence, sentence);
    g_string_append(t, "\n[text]\nheading: 中くらい\n");
    for (int p = 0; p < 3; p++)
        g_string_append_printf(t, "text: %s%s\n", sentence, sentence);
    tu_trip tr = tu_build_file(t->str, "trip.txt", true);
    style *st = lt_style("default");
    g_assert_cmpfloat(st->scale.body_most_pt, >, st->size_body_pt);
    layout *l = layout_run(tr.doc, st, lt_fonts(), tr.d);
    g_assert_cmpuint(l->pages->len, ==, 4); /* title + three one-page slides */
    double shortest = first_body_size(l, 1), longest = first_body_size(l, 2), middle = first_body_size(l, 3);
    g_assert_cmpfloat(longest, >=, st->size_body_pt);
    g_assert_cmpfloat(longest, <, middle);
    /* The short slide would be at the top; the rule keeps it within two steps of the long one. */
    g_assert_cmpfloat(shortest, <=, longest + st->scale.steps_apart * st->scale.body_step_pt + 0.01);
    g_assert_cmpfloat(shortest, >, longest);
    layout_free(l);
    /* One size: every slide at it. */
    style fixed = *st;
    fixed.scale.body_step_pt = 0;
    fixed.scale.body_most_pt = fixed.size_body_pt;
    l = layout_run(tr.doc, &fixed, lt_fonts(), tr.d);
    for (guint i = 1; i < l->pages->len; i++)
        g_assert_cmpfloat(first_body_size(l, i), ==, st->size_body_pt);
    layout_free(l);
    /* Without the rule between slides, the short one goes to the top. */
    style free_ = *st;
    free_.scale.steps_apart = 50;
    l = layout_run(tr.doc, &free_, lt_fonts(), tr.d);
    g_assert_cmpfloat(first_body_size(l, 1), ==, st->scale.body_most_pt);
    layout_free(l);
    style_free(st);
    tu_trip_clear(&tr);
    g_string_free(t, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/composition/goldens", test_goldens);
    g_test_add_func("/composition/scale", test_scale);
    g_test_add_func("/composition/lengths", test_lengths);
    g_test_add_func("/composition/tables", test_tables);
    g_test_add_func("/composition/headings", test_headings);
    g_test_add_func("/composition/photos", test_photos);
    g_test_add_func("/composition/long-headings", test_long_headings);
    g_test_add_func("/composition/heading-too-long", test_heading_too_long);
    g_test_add_func("/composition/long-headings-kinds", test_long_headings_kinds);
    int r = g_test_run();
    lt_fonts_free();
    return r;
}
