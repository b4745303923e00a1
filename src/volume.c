/* volume: the series as one bound PDF: a contents page, then every report
 * in series order, pages numbered through, one bookmark per report holding
 * its own; photos shared between reports are stored once. */
#include "volume.h"

#include "build.h"
#include "fonts.h"
#include "layout.h"
#include "outfile.h"
#include "render.h"

#include <string.h>

#ifndef TRIPREPORT_VERSION
#define TRIPREPORT_VERSION "0.1.0"
#endif

typedef struct part {
    doc *dc;
    layout *l;
    char *bookmark;
} part;

static gint cmp_parts(gconstpointer a, gconstpointer b)
{
    const part *x = a, *y = b;
    if (x->dc->meta.number != y->dc->meta.number)
        return x->dc->meta.number < y->dc->meta.number ? -1 : 1;
    return strcmp(x->dc->file, y->dc->file);
}

/* The contents: a table of 第N弾, place, period and first page. */
static doc *contents_doc(const part *parts, int n, int first_after, const char *file)
{
    doc *cd = doc_new(file);
    diag_loc loc = { file, 0, 0 };
    doc_node *sec = doc_node_new(DOC_NODE_SECTION, loc);
    sec->kind = DOC_KIND_SCHEDULE;
    sec->text = doc_text_new(cd, "目次", loc);
    doc_node *table = doc_node_new(DOC_NODE_TABLE, loc);
    doc_node *head = doc_node_new(DOC_NODE_ROW, loc);
    head->header = true;
    head->cells = g_ptr_array_new();
    const char *cols[] = { "号", "行き先", "期間", "ページ" };
    for (int i = 0; i < 4; i++)
        g_ptr_array_add(head->cells, doc_text_new(cd, cols[i], loc));
    doc_node_append(table, head);
    int at = first_after;
    for (int i = 0; i < n; i++) {
        const doc_meta *m = &parts[i].dc->meta;
        doc_node *row = doc_node_new(DOC_NODE_ROW, loc);
        row->cells = g_ptr_array_new();
        char *num = doc_number_label(m->number);
        char *period = m->period_start.year ? doc_period_format(m->period_start, m->period_end) : g_strdup("");
        char *pg = g_strdup_printf("%d", at);
        g_ptr_array_add(row->cells, doc_text_new(cd, num, loc));
        g_ptr_array_add(row->cells, doc_text_new(cd, m->place ? m->place : "", loc));
        g_ptr_array_add(row->cells, doc_text_new(cd, period, loc));
        g_ptr_array_add(row->cells, doc_text_new(cd, pg, loc));
        g_free(num);
        g_free(period);
        g_free(pg);
        doc_node_append(table, row);
        at += (int)parts[i].l->pages->len;
    }
    doc_node_append(sec, table);
    g_ptr_array_add(cd->sections, sec);
    cd->meta.series = doc_strdup(cd, parts[0].dc->meta.series);
    return cd;
}

bool volume_render(char **trips, const char *output, const report_options *o, diag_list *d, int *pages_out)
{
    if (pages_out)
        *pages_out = 0;
    /* An output that cannot be a file ("", "dir/") is refused before any
     * report is read; an input's own name once they are known, below. */
    GError *early = NULL;
    if (!outfile_check(output, &early)) {
        diag_error(d, (diag_loc){ *output ? diag_file(d, output) : NULL, 0, 0 }, "the output %s", early->message);
        g_error_free(early);
        return false;
    }
    GArray *parts = g_array_new(FALSE, TRUE, sizeof(part));
    for (int i = 0; trips[i]; i++) {
        int before = d->errors;
        doc *dc = report_load(trips[i], d, report_build_flags(o));
        if (!dc || d->errors > before) {
            /* Its messages say why; the others still make the volume. */
            doc_free(dc);
            continue;
        }
        part p = { dc, NULL, NULL };
        g_array_append_val(parts, p);
    }
    if (parts->len == 0) {
        diag_error(d, (diag_loc){ diag_file(d, output), 0, 0 }, "no report could be read; no volume written");
        g_array_unref(parts);
        return false;
    }
    g_array_sort(parts, cmp_parts);
    int load_errors = d->errors; /* the reports left out */
    part *pa = (part *)parts->data;
    int n = (int)parts->len;

    bool ok = false;
    style *st = style_load(o->layout ? o->layout : "default", fonts_data_dir(), NULL, (diag_loc){ NULL, 0, 0 }, d);
    fonts *f = st ? fonts_new(d) : NULL;
    bool fonts_ok = f && fonts_check_style(f, st, d);
    if (fonts_ok) {
        /* Every input is read: the output may not be one of them. */
        fonts_note_inputs(f, st);
        GError *err = NULL;
        if (!outfile_check(output, &err)) {
            diag_error(d, (diag_loc){ diag_file(d, output), 0, 0 }, "the output %s", err->message);
            g_error_free(err);
            fonts_ok = false;
        }
    }
    if (fonts_ok) {
        int total_reports = 0;
        for (int i = 0; i < n; i++) {
            pa[i].l = layout_pages(pa[i].dc, st, f, d);
            total_reports += (int)pa[i].l->pages->len;
            char *num = doc_number_label(pa[i].dc->meta.number);
            pa[i].bookmark = g_strdup_printf("%s %s", num, pa[i].dc->meta.place ? pa[i].dc->meta.place : "");
            g_free(num);
        }
        /* The contents need the first pages, which depend on how many
         * pages the contents take: lay them out until that settles. */
        const char *cfile = diag_file(d, "contents");
        int cpages = 1;
        doc *cd = NULL;
        layout *cl = NULL;
        for (int round = 0; round < 3; round++) {
            doc_free(cd);
            layout_free(cl);
            cd = contents_doc(pa, n, cpages + 1, cfile);
            cl = layout_pages(cd, st, f, d);
            if ((int)cl->pages->len == cpages)
                break;
            cpages = (int)cl->pages->len;
        }
        int total = (int)cl->pages->len + total_reports;
        int lo = pa[0].dc->meta.number, hi = pa[n - 1].dc->meta.number;
        char *range = lo == hi ? doc_number_label(lo) : g_strdup_printf("第%d弾～第%d弾", lo, hi);
        char *footer = g_strdup_printf("%s 総集編（%s）", pa[0].dc->meta.series, range);
        layout_number(cl, cd, st, f, 1, total, footer, NULL);
        int first = (int)cl->pages->len + 1;
        for (int i = 0; i < n; i++) {
            char *num = doc_number_label(pa[i].dc->meta.number);
            char *tl = g_strdup_printf("%s 表紙", num);
            layout_number(pa[i].l, pa[i].dc, st, f, first, total, NULL, tl);
            first += (int)pa[i].l->pages->len;
            g_free(tl);
            g_free(num);
        }
        pdf_part *pp = g_new0(pdf_part, n + 1);
        pp[0] = (pdf_part){ cl, cd, NULL };
        for (int i = 0; i < n; i++)
            pp[i + 1] = (pdf_part){ pa[i].l, pa[i].dc, pa[i].bookmark };
        pdf_meta meta = { 0 };
        meta.title = g_strdup_printf("%s 総集編（%s）", pa[0].dc->meta.series, range);
        meta.author = g_strdup(pa[n - 1].dc->meta.organization ? pa[n - 1].dc->meta.organization : pa[n - 1].dc->meta.author);
        meta.subject = g_strdup_printf("「%s」%sの報告をまとめたもの（%d件）", pa[0].dc->meta.series, range, n);
        meta.keywords = g_strdup_printf("%s, 総集編, %s", pa[0].dc->meta.series, range);
        gint64 epoch = 0;
        for (int i = 0; i < n; i++)
            epoch = MAX(epoch, report_epoch(pa[i].dc));
        pdf_options po;
        char **keep = NULL;
        report_pdf_options(o, pa[n - 1].dc, epoch, &po, &keep);
        char *vf = g_strdup_printf("%s 総集編", pa[0].dc->meta.series);
        po.sheet_footer = vf;
        po.style = st;
        po.fonts = f;
        ok = d->errors == load_errors && pdf_render_parts(pp, n + 1, &meta, &po, output, d);
        g_free(vf);
        g_strfreev(keep);
        if (pages_out)
            *pages_out = total;
        g_free(meta.title);
        g_free(meta.author);
        g_free(meta.subject);
        g_free(meta.keywords);
        g_free(pp);
        g_free(footer);
        g_free(range);
        layout_free(cl);
        doc_free(cd);
    }
    for (int i = 0; i < n; i++) {
        layout_free(pa[i].l);
        doc_free(pa[i].dc);
        g_free(pa[i].bookmark);
    }
    g_array_unref(parts);
    fonts_free(f);
    style_free(st);
    return ok && !d->errors;
}
