/* Fuzz targets read files, as alchemy does: each input is written to one
 * file in a private folder made once per process, then read back. */
#ifndef ALCHEMY_FUZZ_INPUT_H
#define ALCHEMY_FUZZ_INPUT_H
#include <stddef.h>
#include <stdint.h>

/* The folder (created on first use) and the path of `name` in it, with
 * data written there; NULL when the file cannot be written. */
const char *fuzz_input_file(const char *name, const uint8_t *data, size_t size);
const char *fuzz_input_dir(void);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#endif
