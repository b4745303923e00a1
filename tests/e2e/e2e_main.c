/* e2e_main: runs every end-to-end test file. */
#include "e2e.h"

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_setenv("LC_ALL", "C.UTF-8", TRUE);
    g_setenv("SOURCE_DATE_EPOCH", "1708387200", TRUE);
    bin = g_getenv("TRIPREPORT_BIN");
    if (!bin)
        bin = "out/tripreport";

    test_data = g_ptr_array_new_with_free_func(g_free);
    e2e_add_sample_tests();
    e2e_add_photos_tests();
    e2e_add_pdf_tests();
    e2e_add_batch_tests();
    e2e_add_handout_tests();
    e2e_add_cli_tests();
    e2e_add_files_tests();
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
