/* pdfpost: finishes a PDF that cairo 1.16 wrote with one incremental
 * update: the document amendments (pdfamend), the PNG splice (pdfsplice)
 * and the resources without repeated keys (pdfresources) add new versions
 * of objects read with pdfread, and pdfupdate appends them with one xref
 * section. */
#include "pdfpost.h"

#include "pdfamend.h"
#include "pdfpack.h"
#include "pdfread.h"
#include "pdfresources.h"
#include "pdfsplice.h"
#include "pdfupdate.h"

/* Checks that the texts of 'info' are UTF-8, before anything is read. */
static bool texts_valid(const pdfpost_info *info, GError **err)
{
    for (int i = 0; i < info->n_figure_alts; i++)
        if (info->figure_alts[i] && !g_utf8_validate(info->figure_alts[i], -1, NULL)) {
            g_set_error(err, PDFPOST_ERROR, PDFPOST_ERROR_TEXT, "alternate text %d is not valid UTF-8", i + 1);
            return false;
        }
    if (info->lang && !g_utf8_validate(info->lang, -1, NULL)) {
        g_set_error_literal(err, PDFPOST_ERROR, PDFPOST_ERROR_TEXT, "the language is not valid UTF-8");
        return false;
    }
    if (info->mod_date && !g_utf8_validate(info->mod_date, -1, NULL)) {
        g_set_error_literal(err, PDFPOST_ERROR, PDFPOST_ERROR_TEXT, "the modification date is not valid UTF-8");
        return false;
    }
    return true;
}

/* Reads the PDF on 'in' and makes its update: the first error found is
 * the one reported (in f->error). */
static bool prepare(pdfread_file *f, int in, const pdfpost_info *info, pdfupdate **u)
{
    *u = NULL;
    if (!pdfread_file_open(f, in))
        return false;
    pdfread_file_map_sealed(f);
    /* Catalog and Figures, images, Info, resources without repeated keys. */
    *u = pdfupdate_new(f->n_objects);
    bool ok = pdfamend_catalog(f, info->lang, info->figure_alts, info->n_figure_alts, *u) &&
              pdfsplice_add(f, info->images, info->n_images, *u) &&
              pdfamend_info(f, info->fix_dates, info->mod_date, *u) && pdfresources_dedupe(f, *u);
    if (ok && !pdfupdate_sort(*u))
        ok = pdfread_damaged(f, "one object is two of the catalog, a structure element, the Info, an "
                                "image placeholder and a resource dictionary");
    return ok;
}

static bool valid(const pdfpost_info *info, GError **err)
{
    g_return_val_if_fail(info != NULL, false);
    g_return_val_if_fail(info->n_figure_alts <= 0 || info->figure_alts != NULL, false);
    g_return_val_if_fail(
        info->n_images <= 0 || (info->images != NULL && pdfsplice_images_valid(info->images, info->n_images)), false);
    g_return_val_if_fail(err == NULL || *err == NULL, false);
    return texts_valid(info, err);
}

bool pdfpost_amend(int fd, const pdfpost_info *info, GError **err)
{
    g_return_val_if_fail(fd >= 0, false);
    if (!valid(info, err))
        return false;
    pdfread_file f;
    pdfupdate *u = NULL;
    bool ok = prepare(&f, fd, info, &u) && pdfupdate_write(u, &f);
    if (!ok)
        g_propagate_error(err, g_steal_pointer(&f.error));
    pdfupdate_free(u);
    pdfread_file_clear(&f);
    return ok;
}

bool pdfpost_pack(int in, int out, const pdfpost_info *info, GError **err)
{
    g_return_val_if_fail(in >= 0 && out >= 0 && in != out, false);
    if (!valid(info, err))
        return false;
    pdfread_file f;
    pdfupdate *u = NULL;
    bool ok = prepare(&f, in, info, &u) && pdfpack_write(u, &f, out);
    if (!ok)
        g_propagate_error(err, g_steal_pointer(&f.error));
    pdfupdate_free(u);
    pdfread_file_clear(&f);
    return ok;
}
