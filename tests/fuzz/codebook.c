/* libFuzzer target: the codebook reader on arbitrary bytes; a codebook it accepts is written back. */
#include "tests/fuzz/scratch.h"

#include <stdint.h>

#include "io/codebook.h"

static struct scratch file;
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	scratch_open(&file, "codebook.csv");
	if (!(sink = fopen("/dev/null", "w")))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct codebook cb;
	struct sk_error err;

	scratch_fill(&file, data, size);
	if (codebook_read(file.path, &cb, &err) == 0) {
		codebook_write(&cb, sink);
		codebook_free(&cb);
	}
	return 0;
}
