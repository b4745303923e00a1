/* layout_table: a table node -> rows of cell boxes in the flow: column
 * widths from the cells' widths, the header repeated on every page, a row
 * split between pages only when taller than a page. */
#include "layout_table.h"
#include "i18n.h"

#include "layout_ruby.h"

#include <math.h>

typedef struct tcell {
    const doc_text *text;
    int shown;             /* bytes of the text shown (all but in a header cut short) */
    PangoLayout *pl;
    GArray *lines;
    int first_line;        /* lines already placed (a row split over pages) */
} tcell;

typedef struct trow {
    tcell *cells;
    double h;
    const doc_node *node;
} trow;

/* A cell's layout, all of its text; a header cell (repeated on every
 * page) no taller than 'max_h'. */
static void cell_make(layout_ctx *c, tcell *cell, const table_style *ts, double w, bool header, bool label,
                      PangoAlignment align, double max_h)
{
    text_opts o = text_opts_of(ts->family, ts->size_pt, header || label, w, align);
    o.spacing = c->st->table.line_spacing;
    if (header) {
        cell->pl = text_clamped(c, cell->text->str, cell->text->spans, &o, max_h, cell->text->loc, N_("this table header"),
                                &cell->shown);
    } else {
        cell->pl = text_make(c, cell->text->str, cell->text->spans, 0, -1, &o, cell->text->loc, NULL);
        cell->shown = (int)strlen(cell->text->str);
    }
    cell->lines = text_lines(cell->pl);
}

/* The narrowest a column may be: a character (1.2 em) and its padding. */
static double min_column(const table_style *ts)
{
    return 2 * ts->pad_x + ts->size_pt * 1.2;
}

/* Column widths: each column's natural width (unwrapped) when they all
 * fit; otherwise at least its widest unbreakable word, sharing the rest in
 * proportion to what each would like beyond that. */
static void table_widths(layout_ctx *c, const doc_node *table, const table_style *ts, double W, int ncols, double *out)
{
    double *nat = g_new0(double, ncols), *min = g_new0(double, ncols);
    for (guint r = 0; r < table->children->len; r++) {
        const doc_node *row = g_ptr_array_index(table->children, r);
        for (int i = 0; i < ncols && i < (int)row->cells->len; i++) {
            const doc_text *t = g_ptr_array_index(row->cells, i);
            bool bold = (ts->header && r == 0) || (ts->label_column && i == 0);
            text_opts o = text_opts_of(ts->family, ts->size_pt, bold, 0, PANGO_ALIGN_LEFT);
            PangoLayout *pl = text_build(c, t->str, t->spans, 0, -1, &o, true);
            nat[i] = MAX(nat[i], text_width(pl) + 2 * ts->pad_x);
            pango_layout_set_width(pl, 1);
            pango_layout_set_wrap(pl, PANGO_WRAP_WORD);
            min[i] = MAX(min[i], MIN(text_width(pl), ts->size_pt * 8) + 2 * ts->pad_x);
            g_object_unref(pl);
        }
    }
    /* Columns that want no more than a fair share get what they want;
     * the others share the rest: their natural widths if those fit,
     * else at least their widest word and the rest in proportion. */
    bool *fixed = g_new0(bool, ncols);
    double left = W;
    int nfree = ncols;
    for (bool changed = true; changed && nfree > 0;) {
        changed = false;
        for (int i = 0; i < ncols; i++) {
            if (!fixed[i] && nat[i] <= left / nfree) {
                fixed[i] = true;
                out[i] = nat[i];
                left -= nat[i];
                nfree--;
                changed = true;
            }
        }
    }
    double snat = 0, smin = 0, sfix = 0;
    for (int i = 0; i < ncols; i++) {
        min[i] = MIN(min[i], nat[i]);
        if (fixed[i]) {
            sfix += out[i];
            continue;
        }
        snat += nat[i];
        smin += min[i];
    }
    for (int i = 0; i < ncols; i++) {
        if (nfree == 0)
            out[i] = nat[i] + (W - sfix) * nat[i] / sfix; /* all fit: spread the slack */
        else if (fixed[i])
            continue;
        else if (smin <= left && snat > smin)
            out[i] = min[i] + (left - smin) * (nat[i] - min[i]) / (snat - smin);
        else
            out[i] = left * min[i] / smin;
    }
    /* Every column at least min_column() wide: the narrow ones take it
     * from the others (the caller has made sure that there is enough). */
    double least = min_column(ts), deficit = 0, spare = 0;
    for (int i = 0; i < ncols; i++) {
        if (out[i] < least)
            deficit += least - out[i];
        else
            spare += out[i] - least;
    }
    if (deficit > 0 && spare > 0) {
        for (int i = 0; i < ncols; i++)
            out[i] = out[i] < least ? least : out[i] - (out[i] - least) * MIN(1.0, deficit / spare);
    }
    g_free(fixed);
    g_free(nat);
    g_free(min);
}

static double cell_rest_h(const tcell *cell)
{
    int n = (int)cell->lines->len;
    if (cell->first_line >= n)
        return 0;
    double top = g_array_index(cell->lines, line_range, cell->first_line).top;
    return g_array_index(cell->lines, line_range, n - 1).bottom - top;
}

/* Readings (ruby) take room above a line, and as much below it (Pango
 * grows a line's extent both ways): 'top' gets that room above each cell's
 * next line, 'bottom' below its line 'last' lines on (-1: its last line).
 * Cells are centred by their text without that room, the room the row's
 * readings take added above and below them all, so that cells of one line
 * share a baseline. Returns the most of 'top'; '*most_bottom' the most of
 * 'bottom'. */
static double row_rooms(const trow *r, int ncols, const int *counts, double *top, double *bottom, double *most_bottom)
{
    double most = 0;
    *most_bottom = 0;
    for (int i = 0; i < ncols && i < 64; i++) {
        const tcell *cell = &r->cells[i];
        int n = (int)cell->lines->len;
        bool some = cell->first_line < n && (!counts || counts[i] > 0);
        top[i] = some ? ruby_line_room(cell->pl, cell->first_line) : 0;
        bottom[i] = some ? ruby_line_room(cell->pl, counts ? cell->first_line + counts[i] - 1 : n - 1) : 0;
        most = MAX(most, top[i]);
        *most_bottom = MAX(*most_bottom, bottom[i]);
    }
    return most;
}

static void row_measure(trow *r, int ncols, const table_style *ts)
{
    double top[64], bottom[64], most_bottom;
    double most = row_rooms(r, ncols, NULL, top, bottom, &most_bottom);
    double core = 0;
    for (int i = 0; i < ncols && i < 64; i++) {
        double h = cell_rest_h(&r->cells[i]);
        if (h > 0)
            core = MAX(core, h - top[i] - bottom[i]);
    }
    r->h = most + core + most_bottom + 2 * ts->pad_y;
}

/* Draws what is left of row 'r' at y, at most 'avail' high; returns the
 * height used. Cells whose lines do not all fit keep the rest for the next
 * page. */
static double row_place(layout_ctx *c, trow *r, int ncols, const double *xs, const double *ws, double y, double avail,
                        const table_style *ts, bool header, guint32 fill, const layout_group *tgroup)
{
    const layout_group *rgroup = group_new(c, tgroup, "TR");
    const style *st = c->st;
    double top0[64], bottom0[64], most_bottom;
    double most = row_rooms(r, ncols, NULL, top0, bottom0, &most_bottom);
    double inner = avail - 2 * ts->pad_y;
    double used = 0;
    int counts[64] = { 0 };
    for (int i = 0; i < ncols && i < 64; i++) {
        tcell *cell = &r->cells[i];
        int n = (int)cell->lines->len, k = cell->first_line;
        if (k >= n) {
            counts[i] = 0;
            continue;
        }
        double top = g_array_index(cell->lines, line_range, k).top - (most - top0[i]);
        while (k < n && g_array_index(cell->lines, line_range, k).bottom - top <= inner + 0.01)
            k++;
        if (k == cell->first_line)
            k++; /* at least one line */
        counts[i] = k - cell->first_line;
        used = MAX(used, g_array_index(cell->lines, line_range, k - 1).bottom - top);
    }
    /* The text of the lines placed, without the readings' room. */
    double rtop[64], rbottom[64], core[64], used_core = 0;
    most = row_rooms(r, ncols, counts, rtop, rbottom, &most_bottom);
    for (int i = 0; i < ncols && i < 64; i++) {
        tcell *cell = &r->cells[i];
        core[i] = 0;
        if (!counts[i])
            continue;
        core[i] = g_array_index(cell->lines, line_range, cell->first_line + counts[i] - 1).bottom -
                  g_array_index(cell->lines, line_range, cell->first_line).top - rtop[i] - rbottom[i];
        used_core = MAX(used_core, core[i]);
    }
    if (most + most_bottom > 0)
        used = MAX(used, most + used_core + most_bottom);
    double h = used + 2 * ts->pad_y;
    if (fill)
        box_add_fill(c, xs[0], y, xs[ncols - 1] + ws[ncols - 1] - xs[0], h, fill,
                     header ? "table-header" : "table-fill");
    if (ts->label_column && !header)
        box_add_fill(c, xs[0], y, ws[0], h, st->color_fill_light, "table-label-fill");
    for (int i = 0; i < ncols && i < 64; i++) {
        tcell *cell = &r->cells[i];
        if (!counts[i])
            continue;
        double top = g_array_index(cell->lines, line_range, cell->first_line).top;
        double ch = g_array_index(cell->lines, line_range, cell->first_line + counts[i] - 1).bottom - top;
        /* Vertically centred in the row (its text without the readings'
         * room, when the row has readings). */
        double cy = y + ts->pad_y + (used - ch) / 2;
        if (most + most_bottom > 0)
            cy = y + ts->pad_y + most + (used - most - most_bottom - core[i]) / 2 - rtop[i];
        box *b = box_add(c, BOX_TEXT, xs[i] + ts->pad_x, cy, ws[i] - 2 * ts->pad_x, ch);
        b->pango = g_object_ref(cell->pl);
        b->line_first = cell->first_line;
        b->line_count = cell->first_line + counts[i] >= (int)cell->lines->len && cell->first_line == 0 ? -1 : counts[i];
        b->color = header ? (st->band_filled ? st->color_band_text : st->color_text)
                          : (ts->label_column && i == 0 ? st->color_accent : st->color_text);
        b->role = header ? "table-header" : (ts->label_column && i == 0 ? "table-label" : "table-cell");
        b->node = r->node;
        b->group = rgroup;
        b->links = box_links_of(cell->text->spans, 0, cell->shown);
        if (cell->text->loc.file)
            box_set_source(b, 0, cell->text, 0, 0, cell->shown);
        cell->first_line += counts[i];
    }
    box_add_rule(c, xs[0], y + h, xs[ncols - 1] + ws[ncols - 1] - xs[0], 0,
                 header ? st->table.header_rule_pt : st->table.rule_pt, header ? st->color_accent : st->color_rule);
    return h;
}

void table_flow(flow *f, const doc_node *table, const table_style *ts)
{
    layout_ctx *c = f->c;
    const style *st = c->st;
    flow_start(f);
    if (!table->children || table->children->len == 0)
        return;
    const doc_node *first = g_ptr_array_index(table->children, 0);
    int ncols = (int)first->cells->len;
    double W = f->w;
    int max_cols = MIN(64, MAX(1, (int)floor(W / min_column(ts))));
    if (ncols > max_cols) {
        diag_error(c->d, first->loc, "this table has %d columns, but only %d fit across the page; split it into two tables",
                   ncols, max_cols);
        ncols = max_cols; /* the layout still keeps to its boxes */
    }
    double *ws = g_new0(double, ncols), *xs = g_new0(double, ncols);
    table_widths(c, table, ts, W, ncols, ws);
    guint nrows = table->children->len;
    trow *rows = g_new0(trow, nrows);
    for (guint r = 0; r < nrows; r++) {
        const doc_node *row = g_ptr_array_index(table->children, r);
        rows[r].node = row;
        rows[r].cells = g_new0(tcell, ncols);
        for (int i = 0; i < ncols; i++) {
            static const doc_text empty = { "", NULL, { NULL, 0, 0 } };
            rows[r].cells[i].text = i < (int)row->cells->len ? g_ptr_array_index(row->cells, i) : &empty;
            bool header = ts->header && r == 0;
            PangoAlignment al = PANGO_ALIGN_LEFT;
            cell_make(c, &rows[r].cells[i], ts, ws[i] - 2 * ts->pad_x, header, ts->label_column && i == 0, al,
                      (c->cbottom - c->cy) / 3 - 2 * ts->pad_y);
        }
        row_measure(&rows[r], ncols, ts);
    }
    guint body0 = ts->header ? 1 : 0;
    const layout_group *tgroup = group_new(c, NULL, "Table");
    double hh = ts->header ? rows[0].h : 0;
    guint32 header_fill = st->band_filled ? st->color_band : st->table.color_header_rule;

    bool need_header = ts->header;
    double space = f->empty ? 0 : ts->size_pt * st->table.space_above;
    int here = 0; /* rows placed on this page */
    for (guint r = body0; r < nrows; r++) {
        for (;;) {
            double head = need_header ? hh : 0;
            double avail = f->bottom - f->y - space - head;
            double full = c->cbottom - c->cy - hh; /* what an empty page offers a row */
            bool fits = rows[r].h <= avail + 0.01;
            bool splittable = rows[r].h > full + 0.01; /* taller than a page by itself */
            /* A page keeps at least two rows of a table: the first row on
             * a page goes on with the next when both fit an empty page, and
             * the last row does not go on alone when the one before can
             * follow it (this page keeping two). */
            double two = r + 1 < nrows ? rows[r].h + rows[r + 1].h : rows[r].h;
            bool pair_fits = two <= avail + 0.01, pair_page = two <= full + 0.01;
            bool lone_first = here == 0 && !pair_fits && pair_page && r + 1 < nrows;
            bool lone_last = here >= 2 && r + 2 == nrows && !pair_fits && pair_page;
            if (((!fits && !(splittable && avail > ts->size_pt * 2 + 2 * ts->pad_y)) || lone_first || lone_last) &&
                !f->empty) {
                flow_new_page(f);
                need_header = ts->header;
                space = 0;
                here = 0;
                continue;
            }
            xs[0] = f->x;
            for (int i = 1; i < ncols; i++)
                xs[i] = xs[i - 1] + ws[i - 1];
            f->y += space;
            space = 0;
            if (need_header) {
                if (!st->band_filled)
                    box_add_rule(c, xs[0], f->y, W, 0, st->table.header_rule_pt, st->color_text);
                /* The header is drawn again on every page: reset its lines. */
                for (int i = 0; i < ncols; i++)
                    rows[0].cells[i].first_line = 0;
                f->y += row_place(c, &rows[0], ncols, xs, ws, f->y, 1e9, ts, true, header_fill, tgroup);
                need_header = false;
            } else if (r == body0 && !ts->header) {
                box_add_rule(c, xs[0], f->y, W, 0, st->table.rule_pt, st->color_rule);
            }
            guint32 zebra = ((r - body0) % 2 == 1 && st->band_filled) ? st->table.color_stripe : 0;
            f->y += row_place(c, &rows[r], ncols, xs, ws, f->y, f->bottom - f->y, ts, false, zebra, tgroup);
            f->empty = false;
            here++;
            row_measure(&rows[r], ncols, ts);
            if (rows[r].h <= 2 * ts->pad_y + 0.01)
                break; /* the row is complete */
            flow_new_page(f); /* the rest of a row taller than a page */
            need_header = ts->header;
            here = 0;
        }
    }
    for (guint r = 0; r < nrows; r++) {
        for (int i = 0; i < ncols; i++) {
            g_object_unref(rows[r].cells[i].pl);
            g_array_unref(rows[r].cells[i].lines);
        }
        g_free(rows[r].cells);
    }
    g_free(rows);
    g_free(ws);
    g_free(xs);
}
