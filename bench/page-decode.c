/* What decoding the benchmark pages costs: the part of a worker's OCR step
 * that bench/ocr-limit.c leaves out (it decodes every page once, before
 * timing). Reads each file into memory and decodes it with pixReadMem, as
 * src/ocr.c does, several times; reports the fastest time of each page.
 *
 * usage: page-decode [-r repeats] PAGE...
 * Prints "result pages=.. ms_per_page=.." (the mean over the pages). */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <leptonica/allheaders.h>

static double now_ms(void);
static unsigned char *slurp(const char *path, size_t *len);

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) != 0) {
		if (f != NULL)
			fclose(f);
		return NULL;
	}
	if ((p = malloc((size_t)n)) == NULL)
		abort();
	*len = fread(p, 1, (size_t)n, f);
	fclose(f);
	return p;
}

int
main(int argc, char **argv)
{
	double sum = 0;
	int c, i, k, repeats = 5;

	while ((c = getopt(argc, argv, "r:")) != -1) {
		if (c != 'r' || (repeats = atoi(optarg)) < 1) {
			fprintf(stderr, "usage: page-decode [-r repeats] PAGE...\n");
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: page-decode [-r repeats] PAGE...\n");
		return 2;
	}
	setMsgSeverity(L_SEVERITY_NONE);
	for (i = optind; i < argc; i++) {
		unsigned char *data;
		double best = -1, t;
		size_t len = 0;
		PIX *pix;

		if ((data = slurp(argv[i], &len)) == NULL) {
			fprintf(stderr, "page-decode: cannot read %s\n", argv[i]);
			return 1;
		}
		for (k = 0; k < repeats; k++) {
			t = now_ms();
			if ((pix = pixReadMem(data, len)) == NULL) {
				fprintf(stderr, "page-decode: cannot decode %s\n", argv[i]);
				return 1;
			}
			t = now_ms() - t;
			pixDestroy(&pix);
			if (best < 0 || t < best)
				best = t;
		}
		free(data);
		sum += best;
	}
	printf("result pages=%d ms_per_page=%.2f\n", argc - optind, sum / (argc - optind));
	return 0;
}
