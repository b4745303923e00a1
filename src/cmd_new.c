/* cmd_new: the previous report's trip file (or a built-in outline) and
 * the pictures in photos/ -> the next report's folder with its trip.txt,
 * written through outfile.c and never over an existing one. */
#include "cmd.h"

#include "build.h"
#include "doc.h"
#include "infile.h"
#include "input.h"
#include "kv.h"
#include "outfile.h"

#include <glib/gstdio.h>
#include <libexif/exif-data.h>
#include <string.h>

/*** The time a photo was taken ***/

char *cmd_new_photo_taken(const char *path)
{
    /* The APP1 segment comes before the image data: the first 256 KB. */
    FILE *f = g_fopen(path, "rb");
    if (!f)
        return NULL;
    guint8 *buf = g_malloc(256 * 1024);
    size_t len = fread(buf, 1, 256 * 1024, f);
    fclose(f);
    char *taken = NULL;
    size_t p = 2;
    if (len < 4 || buf[0] != 0xFF || buf[1] != 0xD8)
        goto out;
    while (p + 4 <= len && !taken) {
        if (buf[p] != 0xFF)
            break;
        int m = buf[p + 1];
        if (m == 0xFF) { /* fill byte */
            p++;
            continue;
        }
        if (m == 0xD9 || m == 0xDA) /* end of image, start of scan */
            break;
        size_t seglen = ((size_t)buf[p + 2] << 8) | buf[p + 3];
        if (seglen < 2 || p + 2 + seglen > len)
            break;
        const guint8 *pay = buf + p + 4;
        size_t paylen = seglen - 2;
        if (m == 0xE1 && paylen > 14 && memcmp(pay, "Exif\0\0", 6) == 0) {
            ExifData *ed = exif_data_new();
            exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
            exif_data_load_data(ed, pay, (unsigned)paylen);
            ExifEntry *e = exif_content_get_entry(ed->ifd[EXIF_IFD_EXIF], EXIF_TAG_DATE_TIME_ORIGINAL);
            if (e && e->format == EXIF_FORMAT_ASCII && e->size >= 19) {
                char *v = g_strndup((const char *)e->data, 19);
                /* "2024:02:07 09:15:00"; all zeros or spaces when unknown. */
                if (g_ascii_isdigit(v[0]) && strncmp(v, "0000", 4) != 0)
                    taken = v;
                else
                    g_free(v);
            }
            exif_data_unref(ed);
        }
        p += 2 + seglen;
    }
out:
    g_free(buf);
    return taken;
}

typedef struct photo_file {
    char *name;  /* in photos/ */
    char *when;  /* "YYYY:MM:DD HH:MM:SS": taken, else the file's time */
} photo_file;

static void photo_file_free(gpointer p)
{
    photo_file *f = p;
    g_free(f->name);
    g_free(f->when);
    g_free(f);
}

static int photo_cmp(gconstpointer a, gconstpointer b)
{
    const photo_file *x = *(photo_file *const *)a, *y = *(photo_file *const *)b;
    int c = strcmp(x->when, y->when);
    return c ? c : strcmp(x->name, y->name);
}

static bool is_picture(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot || name[0] == '.')
        return false;
    static const char *const exts[] = { ".jpg", ".jpeg", ".png", NULL };
    for (int i = 0; exts[i]; i++)
        if (g_ascii_strcasecmp(dot, exts[i]) == 0)
            return true;
    return false;
}

/* The pictures in 'folder', in the order they were taken. */
static GPtrArray *photos_in(const char *folder)
{
    GPtrArray *all = g_ptr_array_new_with_free_func(photo_file_free);
    GDir *gd = g_dir_open(folder, 0, NULL);
    if (!gd)
        return all;
    for (const char *n; (n = g_dir_read_name(gd));) {
        char *path = g_build_filename(folder, n, NULL);
        GStatBuf sb;
        if (is_picture(n) && g_stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
            photo_file *f = g_new0(photo_file, 1);
            f->name = g_strdup(n);
            f->when = cmd_new_photo_taken(path);
            if (!f->when) {
                GDateTime *t = g_date_time_new_from_unix_local(sb.st_mtime);
                f->when = g_date_time_format(t, "%Y:%m:%d %H:%M:%S");
                g_date_time_unref(t);
            }
            g_ptr_array_add(all, f);
        }
        g_free(path);
    }
    g_dir_close(gd);
    g_ptr_array_sort(all, photo_cmp);
    return all;
}

/*** The previous report ***/

typedef struct prev {
    char *trip;   /* its path */
    kv_file *kv;  /* its entries */
    int number;   /* its number, 0 if unreadable */
} prev;

static bool prev_read(const char *trip, prev *out)
{
    diag_list *scratch = diag_list_new();
    const char *file = diag_file(scratch, trip);
    char *text = input_read_file(trip, INFILE_TRIP, file, scratch, NULL);
    if (!text) {
        diag_list_free(scratch);
        return false;
    }
    kv_file *kv = build_parse(text, file, scratch);
    g_free(text);
    doc *dc = build_doc(kv, scratch, 0);
    out->trip = g_strdup(trip);
    out->kv = kv;
    out->number = dc->meta.number;
    doc_free(dc);
    /* Its name was the scratch list's, freed below. */
    out->kv->name = g_string_chunk_insert(out->kv->strings, trip);
    diag_list_free(scratch);
    return true;
}

static void prev_clear(prev *p)
{
    g_free(p->trip);
    kv_file_free(p->kv);
}

/* The report with the highest number in the folders beside 'dir'. */
static bool prev_find(const char *dir, prev *out)
{
    char *parent = g_path_get_dirname(dir);
    char *self = g_path_get_basename(dir);
    GDir *gd = g_dir_open(parent, 0, NULL);
    bool found = false;
    if (gd) {
        for (const char *n; (n = g_dir_read_name(gd));) {
            if (strcmp(n, self) == 0 || n[0] == '.')
                continue;
            char *trip = g_build_filename(parent, n, "trip.txt", NULL);
            prev p = { 0 };
            if (g_file_test(trip, G_FILE_TEST_IS_REGULAR) && prev_read(trip, &p)) {
                if (p.number > 0 && (!found || p.number > out->number ||
                                     (p.number == out->number && strcmp(p.trip, out->trip) > 0))) {
                    if (found)
                        prev_clear(out);
                    *out = p;
                    found = true;
                } else {
                    prev_clear(&p);
                }
            }
            g_free(trip);
        }
        g_dir_close(gd);
    }
    g_free(parent);
    g_free(self);
    return found;
}

/*** Writing the trip ***/

/* 'v' with 第N弾 of the previous report made the next one's. */
static char *renumber(const char *v, int from, int to)
{
    char *old = g_strdup_printf("第%d弾", from), *new = g_strdup_printf("第%d弾", to);
    char **parts = g_strsplit(v, old, -1);
    char *r = g_strjoinv(new, parts);
    g_strfreev(parts);
    g_free(old);
    g_free(new);
    return r;
}

/* "key: value", or the value's lines indented below "key:". */
static void put_entry(GString *o, const kv_entry *e, int from, int to)
{
    if (!e->lines || e->lines->len <= 1) {
        char *v = renumber(e->value, from, to);
        g_string_append_printf(o, "%s: %s\n", e->key, v);
        g_free(v);
        return;
    }
    g_string_append_printf(o, "%s:\n", e->key);
    for (guint i = 0; i < e->lines->len; i++) {
        const kv_line *l = &g_array_index(e->lines, kv_line, i);
        if (!l->text[0]) {
            g_string_append_c(o, '\n');
            continue;
        }
        g_string_append_printf(o, "  %*s%s\n", l->indent, "", l->text);
    }
}

static const kv_entry *meta_value(const kv_file *kv, const char *key)
{
    for (guint i = 0; i < kv->entries->len; i++) {
        const kv_entry *e = g_ptr_array_index(kv->entries, i);
        if (e->kind == KV_SECTION)
            break;
        if (strcmp(e->key, key) == 0 && e->value[0])
            return e;
    }
    return NULL;
}

static void put_photos(GString *o, GPtrArray *photos, bool *used)
{
    g_string_append(o, "# 写真ごとに photo:（写真のファイル）と caption:（写真の説明）を書きます。\n");
    if (photos->len && !*used) {
        g_string_append(o, "# photos フォルダの写真を、撮った順に並べてあります。caption: に説明を書いてください。\n");
        for (guint i = 0; i < photos->len; i++) {
            const photo_file *f = g_ptr_array_index(photos, i);
            g_string_append_printf(o, "photo: photos/%s\ncaption:\n", f->name);
        }
        *used = true;
    } else {
        g_string_append(o, "# 例: photo: photos/01.jpg\nphoto:\ncaption:\n");
    }
}

/* The page 'h' of the previous report, for the next one. */
static void put_section(GString *o, const kv_file *kv, guint at, int from, int to, GPtrArray *photos, bool *used)
{
    const kv_entry *h = g_ptr_array_index(kv->entries, at);
    doc_kind k = doc_kind_from_name(h->key);
    if (k == DOC_KIND_NONE || k == DOC_KIND_TITLE)
        return;
    g_string_append_printf(o, "\n[%s]\n", h->key);
    bool wrote_photos = false;
    for (guint i = at + 1; i < kv->entries->len; i++) {
        const kv_entry *e = g_ptr_array_index(kv->entries, i);
        if (e->kind == KV_SECTION)
            break;
        const char *key = e->key;
        if (strcmp(key, "heading") == 0 || strcmp(key, "columns") == 0 ||
            (k == DOC_KIND_CLOSING && strcmp(key, "title") != 0)) {
            put_entry(o, e, from, to);
        } else if (strcmp(key, "goal") == 0) {
            put_entry(o, e, from, to);
            g_string_append(o, "# この目的について書きます（次の行から字下げして、何行でも）\ntext:\n");
        }
    }
    switch (k) {
    case DOC_KIND_OVERVIEW:
        g_string_append(o, "# 表に行を足すときは「fact: 見出し | 内容」（省略できます）\n");
        break;
    case DOC_KIND_BULLETS:
        g_string_append(o, "# 箇条書き（次の行から字下げして、1行に1項目）\nlist:\n");
        break;
    case DOC_KIND_FACTS:
        g_string_append(o, "# 地図などの画像（例: photos/map.png）と、その出典（例: OpenStreetMap）\nimage:\ncredit:\n"
                           "# 大きく出す見出し（例: 島根県 **松江市**）\ntitle:\n"
                           "# 数字など（例: 面積 | 572.99km²）。何行でも書けます\nfact:\n"
                           "# 説明文（次の行から字下げして。空行で段落を分けます）\ntext:\n");
        break;
    case DOC_KIND_SCHEDULE:
        g_string_append(o, "# 表の行（列と同じ数だけ | で区切ります。例: 2024-06-03 | 移動 | 視察 | 松江市内）\nrow:\n");
        break;
    case DOC_KIND_TEXT:
        g_string_append(o, "# 小見出し（省略できます。例: subheading: 役場の視察）と本文（次の行から字下げして）\ntext:\n");
        break;
    case DOC_KIND_PHOTOS:
        put_photos(o, photos, used);
        wrote_photos = true;
        break;
    case DOC_KIND_GOALS:
    case DOC_KIND_CLOSING:
    case DOC_KIND_TITLE:
    case DOC_KIND_NONE:
        break;
    }
    (void)wrote_photos;
}

static const char outline[] =
    "\n[goals]\nheading: 「旅する公務員」の目的\ngoal: 「A面」的 目的\n"
    "# この目的について書きます（次の行から字下げして、何行でも）\ntext:\n"
    "\n[overview]\nheading: 「旅する公務員」 第%d弾の概要\n"
    "# 表に行を足すときは「fact: 見出し | 内容」（省略できます）\n"
    "\n[text]\nheading: 報告\n"
    "# 小見出し（省略できます。例: subheading: 役場の視察）と本文（次の行から字下げして）\ntext:\n";

static char *trip_text(const prev *p, GPtrArray *photos)
{
    GString *o = g_string_new(NULL);
    int from = p ? p->number : 0, to = p ? p->number + 1 : 1;
    g_string_append_printf(o, "# 旅する公務員 第%d弾\n", to);
    if (p)
        g_string_append_printf(o, "# tripreport new が前回の報告（%s）をもとに作りました。\n", p->trip);
    g_string_append(o, "# 「項目名:」のあとが空の行を埋めてください。埋めるまで tripreport check が\n"
                       "# 「この行はまだ書かれていません」と知らせます。\n"
                       "# 書き方は docs/trip-format.ja.md を見てください。\n\n");
    const kv_entry *e;
    if (p && (e = meta_value(p->kv, "series")))
        put_entry(o, e, from, to);
    else
        g_string_append(o, "series: 旅する公務員\n");
    g_string_append_printf(o, "number: %d\n", to);
    g_string_append(o, "# 行き先（例: 島根県松江市）\nplace:\n"
                       "# 旅した期間（例: 2024-06-03 .. 2024-06-05、令和6年6月3日～5日）\nperiod:\n");
    g_string_append(o, "# 旅した職員（所属・役職・氏名）\n");
    if (p && (e = meta_value(p->kv, "traveler")))
        put_entry(o, e, from, to);
    else
        g_string_append(o, "traveler:\n");
    static const char *const carried[] = { "organization", "author", "layout", NULL };
    for (int i = 0; p && carried[i]; i++)
        if ((e = meta_value(p->kv, carried[i])))
            put_entry(o, e, from, to);
    g_string_append(o, "# 報告日（省略すると期間の最終日。書くときは先頭の # を消して）\n# date: 2024-06-10\n");
    bool used = false, any_photos = false;
    if (p) {
        for (guint i = 0; i < p->kv->entries->len; i++) {
            const kv_entry *s = g_ptr_array_index(p->kv->entries, i);
            if (s->kind != KV_SECTION)
                continue;
            any_photos = any_photos || doc_kind_from_name(s->key) == DOC_KIND_PHOTOS;
            put_section(o, p->kv, i, from, to, photos, &used);
        }
    } else {
        g_string_append_printf(o, outline, to);
    }
    if (!any_photos && photos->len) {
        g_string_append(o, "\n[photos]\nheading: 写真\n");
        put_photos(o, photos, &used);
    }
    if (!p)
        g_string_append(o, "\n[closing]\nmark: 以上\n");
    return g_string_free(o, FALSE);
}

bool cmd_new_create(const char *dir_arg, const char *from, diag_list *d)
{
    /* "018-aizu/" names the folder 018-aizu: its siblings are beside it. */
    g_autofree char *dir = g_strdup(dir_arg);
    for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
        dir[n - 1] = '\0';
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    char *photos_dir = g_build_filename(dir, "photos", NULL);
    bool ok = false;
    GError *err = NULL;
    prev p = { 0 };
    bool have = false;
    char *text = NULL;
    GPtrArray *photos = NULL;
    diag_loc at = { diag_file(d, trip), 0, 0 };

    if (g_file_test(trip, G_FILE_TEST_EXISTS)) {
        diag_error(d, at, "there is a trip file here already; 'new' never writes over one: give a new folder's name");
        goto out;
    }
    if (from) {
        char *ft = g_file_test(from, G_FILE_TEST_IS_DIR) ? g_build_filename(from, "trip.txt", NULL) : g_strdup(from);
        have = prev_read(ft, &p);
        if (!have)
            diag_error(d, (diag_loc){ diag_file(d, ft), 0, 0 }, "cannot read this trip file to start the new report from");
        g_free(ft);
        if (!have)
            goto out;
    } else {
        have = prev_find(dir, &p);
    }
    if (!outfile_make_dir(dir, NULL, &err) || !outfile_make_dir(photos_dir, NULL, &err)) {
        diag_error(d, (diag_loc){ diag_file(d, dir), 0, 0 }, "the new report's folder %s", err->message);
        g_error_free(err);
        goto out;
    }
    photos = photos_in(photos_dir);
    text = trip_text(have ? &p : NULL, photos);
    if (!outfile_write_new(trip, text, strlen(text), &err)) {
        diag_error(d, at, "the new trip file %s", err->message);
        g_error_free(err);
        goto out;
    }
    if (have)
        diag_note(d, at, "made from '%s' as number %d, with %u photos listed; fill in the empty lines, then run 'tripreport check %s'",
                  p.trip, p.number + 1, photos->len, trip);
    else
        diag_note(d, at, "made from the built-in outline (no earlier report beside it), with %u photos listed; fill in the empty lines, then run 'tripreport check %s'",
                  photos->len, trip);
    ok = true;
out:
    if (photos)
        g_ptr_array_unref(photos);
    g_free(text);
    if (have)
        prev_clear(&p);
    g_free(trip);
    g_free(photos_dir);
    return ok;
}
