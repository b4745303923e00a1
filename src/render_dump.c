/* render_dump: boxes -> text, the oracle of the golden tests. Reads text
 * boxes through layout.h alone (no Pango). */
#include "render.h"

#include <stdbool.h>

static void print_escaped(FILE *out, const char *s)
{
    fputc('"', out);
    for (const char *p = s; *p; p++) {
        if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

void dump_render(const layout *l, FILE *out)
{
    fprintf(out, "document %.2fx%.2f pages %u\n", l->width_pt, l->height_pt, l->pages->len);
    for (guint i = 0; i < l->pages->len; i++) {
        const page *pg = g_ptr_array_index(l->pages, i);
        fprintf(out, "page %d %s%s", pg->number, doc_kind_name(pg->section->kind), pg->continued ? " continued" : "");
        if (pg->heading) {
            fputc(' ', out);
            print_escaped(out, pg->heading);
        }
        fputc('\n', out);
        for (guint j = 0; j < pg->boxes->len; j++) {
            const box *b = g_ptr_array_index(pg->boxes, j);
            const char *t = b->type == BOX_TEXT ? "text" : b->type == BOX_FILL ? "fill" : b->type == BOX_RULE ? "rule" : "image";
            fprintf(out, "  %s %s %.2f %.2f %.2f %.2f", t, b->role ? b->role : "-", b->x_pt, b->y_pt, b->w_pt, b->h_pt);
            if (b->type == BOX_TEXT) {
                box_font fnt = box_text_font(b);
                fprintf(out, " #%06X %s %.2fpt%s lines=%d ", b->color, fnt.family, fnt.size_pt, fnt.bold ? " bold" : "",
                        box_text_lines_shown(b));
                /* The text as broken into lines, so line breaking is tested. */
                char *shown = box_text_shown(b, " | ");
                print_escaped(out, shown);
                g_free(shown);
                /* Its readings (ruby), where they are drawn. */
                char *ruby = box_text_ruby(b, " ");
                if (ruby) {
                    fprintf(out, " ruby=");
                    print_escaped(out, ruby);
                    g_free(ruby);
                }
                /* A line it shows wider than its box would run out of it. */
                if (box_text_overflows(b))
                    fprintf(out, " OVERFLOW");
            } else if (b->type == BOX_IMAGE) {
                fprintf(out, " %s%s", b->path ? b->path : "", b->cover ? " cover" : "");
            } else {
                fprintf(out, " #%06X", b->color);
                if (b->type == BOX_RULE)
                    fprintf(out, " %.2f", b->line_pt);
            }
            fputc('\n', out);
        }
    }
    /* The layout's own promise that nothing is drawn outside its box: a
     * fault is printed as a line of its own, which no golden dump holds
     * and the e2e geometry test refuses (" OVERFLOW"). */
    GString *why = g_string_new(NULL);
    if (!layout_check(l, why)) {
        char **lines = g_strsplit(why->str, "\n", -1);
        for (char **p = lines; *p; p++)
            if (**p)
                fprintf(out, "  OVERFLOW %s\n", *p);
        g_strfreev(lines);
    }
    g_string_free(why, TRUE);
}
