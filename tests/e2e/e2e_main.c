/* e2e_main: runs every end-to-end test file. */
#include "e2e.h"

typedef struct registration {
    const char *name;
    int order;
    e2e_register_fn fn;
} registration;

static GArray *registrations; /* filled by the files' constructors, before main */

void e2e_register(const char *name, int order, e2e_register_fn fn)
{
    if (!registrations)
        registrations = g_array_new(FALSE, FALSE, sizeof(registration));
    registration r = { name, order, fn };
    g_array_append_val(registrations, r);
}

static gint cmp_registration(gconstpointer a, gconstpointer b)
{
    const registration *x = a, *y = b;
    return x->order != y->order ? (x->order > y->order) - (x->order < y->order) : strcmp(x->name, y->name);
}

static void e2e_register_all(void)
{
    if (!registrations)
        return;
    g_array_sort(registrations, cmp_registration);
    for (guint i = 0; i < registrations->len; i++)
        g_array_index(registrations, registration, i).fn();
    g_array_unref(registrations);
    registrations = NULL;
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_setenv("LC_ALL", "C.UTF-8", TRUE);
    g_setenv("SOURCE_DATE_EPOCH", "1708387200", TRUE);
    bin = g_getenv("TRIPREPORT_BIN");
    if (!bin)
        bin = "out/tripreport";

    test_data = g_ptr_array_new_with_free_func(g_free);
    e2e_register_all();
    int rc = g_test_run();
    g_ptr_array_unref(test_data);
    if (sample_pdf) {
        char *dir = g_path_get_dirname(sample_pdf);
        rm_rf(dir);
        g_free(dir);
        g_free(sample_pdf);
    }
    return rc;
}
