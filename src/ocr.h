/* Tesseract through its C API: one engine per thread, images from files or
 * memory, checked before decoding, recognised under a deadline. No Redis,
 * no terminal; nothing is ever printed.
 *
 * libtesseract 5.3 / leptonica 1.82 facts this relies on:
 * - A TessBaseAPI is not thread-safe; one per thread, Init once, reused.
 *   tesseract's "debug_file" is process-global: ocr_global_init() sets it.
 * - OpenMP reads OMP_THREAD_LIMIT when libgomp loads, so the limit has to
 *   be in the environment before the process starts (ocr_ensure_omp_limit).
 * - pixReadHeaderMem() fully decodes BMP and GIF to learn their size, so
 *   those two headers are parsed here.
 * - libpng and libjpeg print decoder errors straight to stderr, whatever
 *   leptonica's message settings say. Header reading and decoding therefore
 *   run with file descriptor 2 pointed at /dev/null (process-wide, a few
 *   milliseconds per image): anything another thread writes to stderr in
 *   that window is lost. Log through something other than fd 2 if that
 *   matters.
 * - The deadline (TessMonitorSetDeadlineMSecs) is checked between text
 *   lines during recognition, not during layout analysis; the size limits
 *   are what bounds the rest. */
#ifndef OCRTOP_OCR_H
#define OCRTOP_OCR_H

#include <stdatomic.h>
#include <stddef.h>

struct ocr_engine;

struct ocr_limits {
	long	max_pixels;	/* refuse images with more pixels (default 40 MP); <= 0: none */
	long	max_file_bytes;	/* refuse larger files (default 50 MiB); <= 0: none */
	int	timeout_ms;	/* per-image recognition deadline; <= 0: none (default 60000) */
};

#define OCR_DEFAULT_MAX_PIXELS		40000000L
#define OCR_DEFAULT_MAX_FILE_BYTES	(50L * 1024 * 1024)
#define OCR_DEFAULT_TIMEOUT_MS		60000
/* Tesseract refuses images with a side longer than this. */
#define OCR_MAX_SIDE			32767

enum ocr_status {
	OCR_OK,
	OCR_NOT_FOUND,		/* no such file, or not a regular file */
	OCR_UNREADABLE,		/* empty, unknown format, damaged, unreadable */
	OCR_TOO_LARGE,		/* over a file size or pixel limit */
	OCR_TIMEOUT,		/* recognition passed its deadline */
	OCR_ENGINE_ERROR,	/* tesseract failed */
	OCR_CANCELLED		/* stopped on request (ocr_engine_set_cancel) */
};

struct ocr_result {
	char	*text;		/* UTF-8, trailing whitespace removed; owned */
	double	 confidence;	/* 0..1 (MeanTextConf / 100) */
	int	 word_count;	/* whitespace-separated words in text */
	long	 processing_ms;	/* reading, checks, decoding and recognition */
};

/* Process-wide set-up: silences leptonica and sends tesseract's messages
 * to /dev/null. Idempotent and thread-safe; ocr_engine_new() calls it, but
 * call it early (before threads start) to be sure no message escapes. */
void ocr_global_init(void);
/* Re-executes the program with OMP_THREAD_LIMIT=1 in the environment when
 * it is unset (libgomp reads it at load time: setenv() in main is too
 * late). Returns only if no re-exec was needed or exec failed. Call it
 * first in main, before any thread or output. */
void ocr_ensure_omp_limit(char **argv);

/* Fills lim with the defaults. */
void ocr_limits_init(struct ocr_limits *lim);

/* Creates an engine for one thread: tesseract with the LSTM engine,
 * language lang ("eng", "eng+deu"), page segmentation mode psm (1..13, or
 * -1 for the library's default, PSM_SINGLE_BLOCK (6); the tesseract command
 * defaults to 3). NULL + *cause when a language's traineddata is missing
 * (naming the file looked for) or tesseract fails to start. Takes about
 * 100 ms and 18 MB per language. */
struct ocr_engine *ocr_engine_new(const char *lang, int psm, char **cause);
/* Makes recognition stop soon (OCR_CANCELLED) whenever *flag is non-zero;
 * the flag is read from the recognising thread, written by any other. */
void ocr_engine_set_cancel(struct ocr_engine *e, const atomic_int *flag);
/* Frees an engine (NULL is ignored). */
void ocr_engine_free(struct ocr_engine *e);

/* Recognises one image file (lim NULL: defaults). Checks before decoding:
 * a regular file (OCR_NOT_FOUND), at most max_file_bytes, header size within
 * max_pixels and OCR_MAX_SIDE (OCR_TOO_LARGE), then decodes (OCR_UNREADABLE)
 * and recognises under the deadline (OCR_TIMEOUT, OCR_ENGINE_ERROR). Fills
 * *res on OCR_OK (free with ocr_result_free()); otherwise sets a one-line
 * *cause (which may quote path: sanitize before display). */
enum ocr_status ocr_recognize_file(struct ocr_engine *e, const char *path,
    const struct ocr_limits *lim, struct ocr_result *res, char **cause);
/* The same for an image already in memory (data is not kept). */
enum ocr_status ocr_recognize_mem(struct ocr_engine *e, const void *data,
    size_t len, const struct ocr_limits *lim, struct ocr_result *res,
    char **cause);
/* Returns a short lower-case name for a status ("file not found"). */
const char *ocr_status_name(enum ocr_status s);
/* Frees what a result holds and zeroes it. */
void ocr_result_free(struct ocr_result *r);

#endif
