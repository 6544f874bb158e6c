/* A driver for the fuzz targets without libFuzzer: replays a corpus directory, then mutates its
 * inputs a bounded number of times (deterministic xorshift), so ctest runs every target under
 * the sanitizers on every build. With clang, build the targets with -fsanitize=fuzzer instead. */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define INPUT_MAX 65536
#define INPUTS_MAX 256

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* One mutation: flip, insert or delete bytes, or splice in a byte FTS5, URLs and forms care for. */
static size_t mutate(uint8_t *buf, size_t len)
{
	static const char interesting[] = "%\"&=+?/;:*^()[]{}<>\\\r\n\t\0\xff\xc0\xe2\x80\xae";
	int edits = 1 + (int)(next() % 8);
	for (int e = 0; e < edits; e++) {
		size_t at = len ? next() % len : 0;
		switch (next() % 4) {
		case 0:
			if (len)
				buf[at] ^= (uint8_t)(1u << (next() % 8));
			break;
		case 1:
			if (len < INPUT_MAX) {
				memmove(buf + at + 1, buf + at, len - at);
				buf[at] = (uint8_t)interesting[next() % (sizeof interesting - 1)];
				len++;
			}
			break;
		case 2:
			if (len) {
				memmove(buf + at, buf + at + 1, len - at - 1);
				len--;
			}
			break;
		default:
			if (len)
				buf[at] = (uint8_t)(next() & 0xff);
		}
	}
	return len;
}

int main(int argc, char **argv)
{
	static uint8_t inputs[INPUTS_MAX][INPUT_MAX];
	static size_t sizes[INPUTS_MAX];
	static uint8_t work[INPUT_MAX];
	int n = 0;
	long rounds = argc > 2 ? strtol(argv[2], NULL, 10) : 10000;
	DIR *d = argc > 1 ? opendir(argv[1]) : NULL;
	if (!d) {
		fprintf(stderr, "usage: %s CORPUS_DIR [ROUNDS]\n", argv[0]);
		return 2;
	}
	for (struct dirent *e; (e = readdir(d)) && n < INPUTS_MAX;) {
		char path[4096];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		sizes[n] = fread(inputs[n], 1, INPUT_MAX, f);
		fclose(f);
		LLVMFuzzerTestOneInput(inputs[n], sizes[n]);
		n++;
	}
	closedir(d);
	if (n == 0) {
		fprintf(stderr, "%s: no inputs in %s\n", argv[0], argv[1]);
		return 2;
	}
	for (long r = 0; r < rounds; r++) {
		int pick = (int)(next() % (uint64_t)n);
		memcpy(work, inputs[pick], sizes[pick]);
		size_t len = mutate(work, sizes[pick]);
		LLVMFuzzerTestOneInput(work, len);
	}
	printf("%s: %d corpus inputs and %ld mutations, no crash\n", argv[0], n, rounds);
	return 0;
}
