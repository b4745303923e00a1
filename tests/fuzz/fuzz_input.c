/* libFuzzer entry point for the input stages: bytes -> input_decode ->
 * kv_parse -> build_doc (no files are looked up, nothing is rendered). */
#include "build.h"
#include "input.h"
#include "kv.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_list *d = diag_list_new();
    const char *file = diag_file(d, "fuzz.txt");
    char *text = input_decode((const char *)data, size, file, d, NULL);
    if (text) {
        kv_file *kv = build_parse(text, file, d);
        doc *dc = build_doc(kv, d, false);
        /* Formatting every message exercises the positions too. */
        for (guint i = 0; i < d->msgs->len; i++)
            g_free(diag_format(g_ptr_array_index(d->msgs, i)));
        doc_free(dc);
        kv_file_free(kv);
        g_free(text);
    }
    diag_list_free(d);
    return 0;
}
