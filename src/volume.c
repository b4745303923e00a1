/* volume: the series as one bound PDF: a contents page, then every report
 * in series order, pages numbered through, one bookmark per report holding
 * its own; photos shared between reports are stored once. A report that
 * cannot be made is left out and named; a series too large is refused. */
#include "volume.h"

#include "batch_find.h"
#include "batch_lock.h"
#include "build.h"
#include "fonts.h"
#include "layout.h"
#include "outfile.h"
#include "render.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef TRIPREPORT_VERSION
#define TRIPREPORT_VERSION "0.1.0"
#endif

typedef struct part {
    doc *dc;
    layout *l;
    char *bookmark;
    diag_list *names; /* the list the report was read with: its file names, which the doc's places point into */
} part;

static void part_clear(part *p)
{
    layout_free(p->l);
    doc_free(p->dc);
    g_free(p->bookmark);
    diag_list_free(p->names);
}

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

/* Copies the messages of one report ('from') into 'd', at most
 * VOLUME_MESSAGES_PER_REPORT of them (then a note at 'trip' says how many
 * more there were); file names are interned again in 'd'. */
static void keep_messages(diag_list *d, const diag_list *from, const char *trip)
{
    guint n = from->msgs->len, kept = MIN(n, (guint)VOLUME_MESSAGES_PER_REPORT);
    for (guint i = 0; i < kept; i++) {
        const diag_msg *m = g_ptr_array_index(from->msgs, i);
        diag_loc at = { m->loc.file ? diag_file(d, m->loc.file) : NULL, m->loc.line, m->loc.col };
        if (m->severity == DIAG_ERROR)
            diag_error(d, at, "%s", m->text);
        else if (m->severity == DIAG_WARNING)
            diag_warning(d, at, "%s", m->text);
        else
            diag_note(d, at, "%s", m->text);
    }
    if (kept < n)
        diag_note(d, (diag_loc){ diag_file(d, trip), 0, 0 }, "%u more messages about this report are not shown",
                  n - kept);
}

/* Says that the report 'trip' is left out because of its errors ('rd'):
 * at the place of its last message in 'trip', so that the note is printed
 * right after them (messages are printed in line order). */
static void left_out(diag_list *d, const char *trip, const diag_list *rd, volume_result *res)
{
    diag_loc at = { diag_file(d, trip), 0, 0 };
    for (guint i = 0; i < rd->msgs->len; i++) {
        const diag_msg *m = g_ptr_array_index(rd->msgs, i);
        if (m->loc.file && strcmp(m->loc.file, trip) == 0 &&
            (m->loc.line > at.line || (m->loc.line == at.line && m->loc.col > at.col))) {
            at.line = m->loc.line;
            at.col = m->loc.col;
        }
    }
    diag_note(d, at, "this report is left out of the volume because of its errors");
    res->left_out++;
}

static int count_images(const doc_node *n)
{
    int c = (n->type == DOC_NODE_IMAGE || n->type == DOC_NODE_PHOTO) && n->resolved;
    for (guint i = 0; n->children && i < n->children->len; i++)
        c += count_images(g_ptr_array_index(n->children, i));
    return c;
}

/* The page limit (a test may lower it: TRIPREPORT_TEST_VOLUME_MAX_PAGES). */
static int max_pages(void)
{
    const char *v = g_getenv("TRIPREPORT_TEST_VOLUME_MAX_PAGES");
    int lower = v ? atoi(v) : 0;
    return lower > 0 && lower < VOLUME_MAX_PAGES ? lower : VOLUME_MAX_PAGES;
}

/* Refuses a series whose trip files together are over the limit, before
 * any is read. */
static bool check_bytes(char **trips, const char *output, diag_list *d)
{
    gint64 total = 0;
    int n = 0;
    for (int i = 0; trips[i]; i++) {
        struct stat st;
        if (stat(trips[i], &st) == 0 && S_ISREG(st.st_mode)) {
            total += st.st_size;
            n++;
        }
    }
    if (total <= VOLUME_MAX_TRIP_BYTES)
        return true;
    diag_error(d, (diag_loc){ diag_file(d, output), 0, 0 },
               "the series is too large for one volume: its %d trip files hold %.1f MB, and a volume may hold at "
               "most %d MB of them; make two volumes, each of a part of the series",
               n, (double)total / (1 << 20), VOLUME_MAX_TRIP_BYTES >> 20);
    return false;
}

/* Reads the reports of 'trips' into 'parts'; those that cannot be read
 * are named and left out. False (no volume) if their photos are too many. */
static bool load_parts(char **trips, const char *output, const report_options *o, diag_list *d, GArray *parts,
                       volume_result *res)
{
    int images = 0;
    for (int i = 0; trips[i]; i++) {
        if (batch_find_refuse(trips[i], d)) {
            res->left_out++;
            continue;
        }
        diag_list *rd = diag_list_new();
        doc *dc = report_load(trips[i], rd, BUILD_CHECK_FILES | (o->draft ? BUILD_DRAFT : 0));
        keep_messages(d, rd, trips[i]);
        if (!dc || rd->errors) {
            /* Its messages say why; the others still make the volume. */
            left_out(d, trips[i], rd, res);
            doc_free(dc);
        } else {
            for (guint k = 0; k < dc->sections->len; k++)
                images += count_images(g_ptr_array_index(dc->sections, k));
            part p = { dc, NULL, NULL, rd };
            g_array_append_val(parts, p);
            continue;
        }
        diag_list_free(rd);
    }
    if (images <= VOLUME_MAX_PHOTOS)
        return true;
    diag_error(d, (diag_loc){ diag_file(d, output), 0, 0 },
               "the series is too large for one volume: its reports place %d photos and images, and a volume may "
               "hold at most %d; make two volumes, each of a part of the series",
               images, VOLUME_MAX_PHOTOS);
    return false;
}

/* Lays out each of 'parts' in series order; a report whose layout has
 * errors is named and left out (removed from 'parts'). False (no volume)
 * as soon as the pages pass the limit. */
static bool lay_out_parts(GArray *parts, const style *st, fonts *f, const char *output, diag_list *d,
                          volume_result *res)
{
    int limit = max_pages(), pages = 0, all = (int)parts->len;
    for (guint i = 0; i < parts->len;) {
        part *p = &g_array_index(parts, part, i);
        diag_list *rd = diag_list_new();
        p->l = layout_pages(p->dc, st, f, rd);
        keep_messages(d, rd, p->dc->file);
        bool bad = rd->errors > 0;
        if (bad)
            left_out(d, p->dc->file, rd, res);
        diag_list_free(rd);
        if (bad) {
            part_clear(p);
            g_array_remove_index(parts, i);
            all--;
            continue;
        }
        pages += (int)p->l->pages->len;
        i++;
        if (pages > limit) {
            diag_error(d, (diag_loc){ diag_file(d, output), 0, 0 },
                       "the series is too large for one volume: its first %u of %d reports already have %d pages, "
                       "and a volume may have at most %d; make two volumes, each of a part of the series",
                       i, all, pages, limit);
            return false;
        }
        char *num = doc_number_label(p->dc->meta.number);
        p->bookmark = g_strdup_printf("%s %s", num, p->dc->meta.place ? p->dc->meta.place : "");
        g_free(num);
    }
    return true;
}

/* Numbers the laid-out 'pa' (n) after a contents page and writes them as
 * one PDF; 'res' gets what it holds when it was written. */
static bool write_volume(part *pa, int n, const style *st, fonts *f, const report_options *o, const char *output,
                         diag_list *d, volume_result *res)
{
    int errors_before = d->errors, total_reports = 0;
    for (int i = 0; i < n; i++)
        total_reports += (int)pa[i].l->pages->len;
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
    /* The contents page laid out whole, or no volume. */
    bool ok = d->errors == errors_before && pdf_render_parts(pp, n + 1, &meta, &po, output, d);
    if (ok) {
        res->reports = n;
        res->pages = total;
    }
    g_free(vf);
    g_strfreev(keep);
    g_free(meta.title);
    g_free(meta.author);
    g_free(meta.subject);
    g_free(meta.keywords);
    g_free(pp);
    g_free(footer);
    g_free(range);
    layout_free(cl);
    doc_free(cd);
    return ok;
}

/* Removes the temporary files of 'output' that a volume killed mid-way
 * left (".NAME.XXXXXX.part" beside it, regular files of ours only). */
static void sweep(const char *output, diag_list *d)
{
    char *dir = g_path_get_dirname(output), *base = g_path_get_basename(output);
    int removed = batch_lock_sweep(dir, &base, 1);
    diag_loc at = { diag_file(d, output), 0, 0 };
    if (removed == 1)
        diag_note(d, at, "removed 1 temporary file left by an earlier volume that was stopped");
    else if (removed > 1)
        diag_note(d, at, "removed %d temporary files left by an earlier volume that was stopped", removed);
    g_free(base);
    g_free(dir);
}

bool volume_render(char **trips, const char *output, const report_options *o, diag_list *d, volume_result *res_out)
{
    volume_result res = { 0 };
    if (res_out)
        *res_out = res;
    /* An output that cannot be a file ("", "dir/") is refused before any
     * report is read; an input's own name once they are known, below. */
    GError *early = NULL;
    if (!outfile_check(output, &early)) {
        diag_error(d, (diag_loc){ *output ? diag_file(d, output) : NULL, 0, 0 }, "the output %s", early->message);
        g_error_free(early);
        return false;
    }
    if (!check_bytes(trips, output, d))
        return false;
    /* One volume at a time writes 'output' (a folder that does not exist
     * is said when the PDF is written). */
    GError *lerr = NULL;
    batch_lock *lock = batch_lock_take_output(output, &lerr);
    if (!lock && !g_error_matches(lerr, BATCH_LOCK_ERROR, BATCH_LOCK_ERROR_NO_FOLDER)) {
        diag_error(d, (diag_loc){ diag_file(d, output), 0, 0 }, "%s", lerr->message);
        g_error_free(lerr);
        return false;
    }
    g_clear_error(&lerr);
    if (lock) {
        sweep(output, d);
        char *base = g_path_get_basename(output);
        batch_lock_test_hold(base);
        g_free(base);
    }
    GArray *parts = g_array_new(FALSE, TRUE, sizeof(part));
    bool fits = load_parts(trips, output, o, d, parts, &res);
    if (fits && parts->len == 0)
        diag_error(d, (diag_loc){ diag_file(d, output), 0, 0 }, "no report could be read; no volume written");
    if (!fits || parts->len == 0) {
        for (guint i = 0; i < parts->len; i++)
            part_clear(&g_array_index(parts, part, i));
        g_array_unref(parts);
        batch_lock_release(lock);
        if (res_out)
            *res_out = res;
        return false;
    }
    g_array_sort(parts, cmp_parts);
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
    if (fonts_ok && lay_out_parts(parts, st, f, output, d, &res)) {
        if (parts->len == 0)
            diag_error(d, (diag_loc){ diag_file(d, output), 0, 0 }, "no report could be laid out; no volume written");
        else
            ok = write_volume((part *)parts->data, (int)parts->len, st, f, o, output, d, &res);
    }
    for (guint i = 0; i < parts->len; i++)
        part_clear(&g_array_index(parts, part, i));
    g_array_unref(parts);
    fonts_free(f);
    style_free(st);
    batch_lock_release(lock);
    if (res_out)
        *res_out = res;
    return ok && !d->errors;
}
