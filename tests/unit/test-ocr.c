/* The OCR engine on real images: recognised text, confidences, every
 * refusal and its message, the deadline, engine reuse, two engines in two
 * threads, missing traineddata, and silence on stderr. */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "ocr.h"
#include "tap.h"
#include "timefmt.h"
#include "xmalloc.h"

#define LINE_TEXT	"The quick brown fox jumps over the lazy dog"
#define PAGE_TEXT	"Optical character recognition turns pictures\n" \
			"of printed words into text that a program\n" \
			"can search, index and store in a database.\n" \
			"Each worker takes one task at a time."

struct thread_job {
	const char	*page;		/* fixture path */
	const char	*line;
	int		 rounds;
	int		 good;		/* rounds with both texts exact */
	char		*cause;		/* engine failure, owned */
};

static const char *srcdir;
static const char *scratch;

static char *fixture(const char *name);
static char *scratch_file(const char *name);
static int contains_words(const char *text, const char *words);
static enum ocr_status run_file(struct ocr_engine *e, const char *name,
    const struct ocr_limits *lim, struct ocr_result *res, char **cause);
static void write_file(const char *path, const void *data, size_t len);
static uint8_t *read_all(const char *path, size_t *len);
static void probe_stderr(void);
static void probe_run(void);
static void *thread_main(void *arg);
static void test_fixtures(struct ocr_engine *e);
static void test_refusals(struct ocr_engine *e);
static void test_limits(struct ocr_engine *e);
static void test_crafted_headers(struct ocr_engine *e);
static void test_deadline(struct ocr_engine *e);
static void test_reuse(struct ocr_engine *e);
static void test_threads(void);
static void test_engines(void);

static char *
fixture(const char *name)
{
	return xasprintf("%s/tests/fixtures/%s", srcdir, name);
}

static char *
scratch_file(const char *name)
{
	return xasprintf("%s/%s", scratch, name);
}

/* Whether every space-separated word of words is in text, ignoring case. */
static int
contains_words(const char *text, const char *words)
{
	char *copy = xstrdup(words), *w, *save = NULL;
	size_t i, n, tl = strlen(text);
	int all = 1, found;

	for (w = strtok_r(copy, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save)) {
		n = strlen(w);
		found = 0;
		for (i = 0; !found && i + n <= tl; i++)
			found = strncasecmp(text + i, w, n) == 0;
		if (!found) {
			diag("'%s' not found in '%s'", w, text);
			all = 0;
		}
	}
	free(copy);
	return all;
}

static enum ocr_status
run_file(struct ocr_engine *e, const char *name, const struct ocr_limits *lim,
    struct ocr_result *res, char **cause)
{
	char *path = fixture(name);
	enum ocr_status st;

	*cause = NULL;
	st = ocr_recognize_file(e, path, lim, res, cause);
	free(path);
	return st;
}

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

static uint8_t *
read_all(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return (uint8_t *)buf_detach(&b);
}

/* Everything the library can complain about, in a child whose stderr is a
 * pipe: whatever arrives there (library noise, or a sanitizer report) is
 * shown and fails the test. */
static void
probe_stderr(void)
{
	struct buf got = BUF_INIT;
	char chunk[4096], *line, *save = NULL;
	int fds[2], status = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(fds) != 0 || (pid = fork()) < 0) {
		printf("Bail out! pipe/fork: %s\n", strerror(errno));
		exit(1);
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		close(null);
		probe_run();
		exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			buf_add(&got, chunk, (size_t)n);
	close(fds[0]);
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "stderr probe exited cleanly");
	if (!ok(got.len == 0, "nothing reaches stderr (engine start, every fixture, bad languages)")) {
		for (line = strtok_r(got.data, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save))
			diag("stderr: %s", line);
	}
	buf_free(&got);
}

static void
probe_run(void)
{
	static const char *const names[] = {
		"line.png", "line.jpg", "line.tif", "line.gif", "page.png",
		"alpha.png", "blank.png", "corrupt.png", "empty.png", "huge.png",
		"wide.png", "no-such-file.png"
	};
	static const uint8_t truncated_jpeg_end[] = { 0xff, 0xd9 };
	struct ocr_limits lim;
	struct ocr_result res;
	struct ocr_engine *e;
	char *cause = NULL, *path;
	uint8_t *data;
	size_t i, len;

	ocr_limits_init(&lim);
	e = ocr_engine_new("xxx", -1, &cause);
	free(cause);
	e = ocr_engine_new("eng+xxx", -1, &cause);
	free(cause);
	if ((e = ocr_engine_new("eng", -1, &cause)) == NULL)
		exit(1);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (run_file(e, names[i], &lim, &res, &cause) == OCR_OK)
			ocr_result_free(&res);
		free(cause);
	}
	/* Truncated JPEG and PNG: libjpeg and libpng complain loudest. */
	path = fixture("line.jpg");
	data = read_all(path, &len);
	free(path);
	if (ocr_recognize_mem(e, data, len / 3, &lim, &res, &cause) == OCR_OK)
		ocr_result_free(&res);
	free(cause);
	memcpy(data + len / 2, truncated_jpeg_end, sizeof truncated_jpeg_end);
	if (ocr_recognize_mem(e, data, len / 2 + 2, &lim, &res, &cause) == OCR_OK)
		ocr_result_free(&res);
	free(cause);
	free(data);
	path = fixture("page.png");
	data = read_all(path, &len);
	free(path);
	if (ocr_recognize_mem(e, data, len / 2, &lim, &res, &cause) == OCR_OK)
		ocr_result_free(&res);
	free(cause);
	free(data);
	lim.timeout_ms = 1;
	if (run_file(e, "page.png", &lim, &res, &cause) == OCR_OK)
		ocr_result_free(&res);
	free(cause);
	ocr_engine_free(e);
}

static void
test_fixtures(struct ocr_engine *e)
{
	struct ocr_result res;
	char *cause;

	if (is_int(run_file(e, "line.png", NULL, &res, &cause), OCR_OK, "line.png: recognised")) {
		is_str(res.text, LINE_TEXT, "line.png: the exact line");
		is_int(res.word_count, 9, "line.png: 9 words");
		ok(res.confidence >= 0.8 && res.confidence <= 1.0,
		    "line.png: confidence %.2f in 0.8..1", res.confidence);
		ok(res.processing_ms >= 0 && res.processing_ms < 30000,
		    "line.png: processing time %ld ms", res.processing_ms);
		ocr_result_free(&res);
	} else
		diag("%s", cause);
	free(cause);

	if (is_int(run_file(e, "line.jpg", NULL, &res, &cause), OCR_OK, "line.jpg: recognised")) {
		ok(contains_words(res.text, "invoice 4821 was paid on monday"), "line.jpg: the words");
		is_int(res.word_count, 6, "line.jpg: 6 words");
		ok(res.confidence >= 0.7 && res.confidence <= 1.0,
		    "line.jpg: confidence %.2f in 0.7..1", res.confidence);
		ocr_result_free(&res);
	}
	free(cause);

	if (is_int(run_file(e, "line.tif", NULL, &res, &cause), OCR_OK, "line.tif: recognised")) {
		ok(contains_words(res.text, "tesseract reads tiff files too"), "line.tif: the words");
		is_int(res.word_count, 5, "line.tif: 5 words");
		ok(res.confidence >= 0.7 && res.confidence <= 1.0,
		    "line.tif: confidence %.2f in 0.7..1", res.confidence);
		ocr_result_free(&res);
	}
	free(cause);

	if (is_int(run_file(e, "line.gif", NULL, &res, &cause), OCR_OK, "line.gif: recognised")) {
		ok(contains_words(res.text, "gif images are read as well"), "line.gif: the words");
		is_int(res.word_count, 6, "line.gif: 6 words");
		ocr_result_free(&res);
	}
	free(cause);

	if (is_int(run_file(e, "alpha.png", NULL, &res, &cause), OCR_OK,
	    "alpha.png (black under a transparent background): recognised")) {
		ok(contains_words(res.text, "transparent screenshots need a background"),
		    "alpha.png: the words");
		ocr_result_free(&res);
	}
	free(cause);

	if (is_int(run_file(e, "page.png", NULL, &res, &cause), OCR_OK, "page.png: recognised")) {
		ok(contains_words(res.text, "optical character recognition pictures printed "
		    "program search index database worker task time"), "page.png: the words");
		is_str(res.text, PAGE_TEXT, "page.png: four exact lines");
		is_int(res.word_count, 29, "page.png: 29 words");
		ok(res.confidence >= 0.8 && res.confidence <= 1.0,
		    "page.png: confidence %.2f in 0.8..1", res.confidence);
		ocr_result_free(&res);
	}
	free(cause);

	{
		/* A stopping worker cancels a recognition; the engine stays usable. */
		atomic_int stop;

		atomic_init(&stop, 1);
		ocr_engine_set_cancel(e, &stop);
		is_int(run_file(e, "page.png", NULL, &res, &cause), OCR_CANCELLED, "page.png: cancelled on request");
		ok(cause != NULL && strstr(cause, "cancelled") != NULL, "the cause says cancelled");
		free(cause);
		cause = NULL;
		atomic_store(&stop, 0);
		if (is_int(run_file(e, "page.png", NULL, &res, &cause), OCR_OK, "page.png: recognised after a cancel"))
			ocr_result_free(&res);
		ocr_engine_set_cancel(e, NULL);
		free(cause);
		cause = NULL;
	}

	if (is_int(run_file(e, "blank.png", NULL, &res, &cause), OCR_OK, "blank.png: recognised")) {
		is_str(res.text, "", "blank.png: no text");
		is_int(res.word_count, 0, "blank.png: no words");
		ok(res.confidence == 0.0, "blank.png: confidence 0");
		ocr_result_free(&res);
	}
	free(cause);
}

static void
test_refusals(struct ocr_engine *e)
{
	static const char pdf[] = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n";
	static const char text[] = "just some text, no image\n";
	struct ocr_result res;
	int64_t t0;
	char *cause, *path;
	int fd;

	is_int(run_file(e, "corrupt.png", NULL, &res, &cause), OCR_UNREADABLE, "corrupt.png: unreadable");
	is_str(cause, "cannot decode the png image (damaged or truncated?)", "corrupt.png: message");
	ok(res.text == NULL, "no result on failure");
	free(cause);

	is_int(run_file(e, "empty.png", NULL, &res, &cause), OCR_UNREADABLE, "empty.png: unreadable");
	is_str(cause, "empty file", "empty.png: message");
	free(cause);

	t0 = mono_ms();
	is_int(run_file(e, "huge.png", NULL, &res, &cause), OCR_TOO_LARGE, "huge.png: too large");
	is_str(cause, "image is 40000x40000 (1600 MP), limit 40 MP", "huge.png: message");
	ok(mono_ms() - t0 < 1000, "huge.png: refused at once (%lld ms)", (long long)(mono_ms() - t0));
	free(cause);

	is_int(run_file(e, "wide.png", NULL, &res, &cause), OCR_TOO_LARGE, "wide.png: too large");
	is_str(cause, "image is 40000x20, sides are limited to 32767 pixels", "wide.png: message");
	free(cause);

	is_int(run_file(e, "no-such-file.png", NULL, &res, &cause), OCR_NOT_FOUND, "missing file: not found");
	path = fixture("no-such-file.png");
	ok(strncmp(cause, "file not found: ", 16) == 0 && strstr(cause, path) != NULL,
	    "missing file: message names it");
	free(path);
	free(cause);

	cause = NULL;
	path = fixture("");
	is_int(ocr_recognize_file(e, path, NULL, &res, &cause), OCR_NOT_FOUND, "directory: not found");
	ok(cause != NULL && strncmp(cause, "not a regular file: ", 20) == 0, "directory: message");
	free(path);
	free(cause);

	cause = NULL;
	path = scratch_file("fifo.png");
	if (mkfifo(path, 0600) == 0) {
		is_int(ocr_recognize_file(e, path, NULL, &res, &cause), OCR_NOT_FOUND,
		    "FIFO: refused without blocking");
		free(cause);
	} else
		diag("mkfifo: %s", strerror(errno));
	free(path);

	cause = NULL;
	path = scratch_file("unreadable.png");
	write_file(path, "x", 1);
	chmod(path, 0);
	if ((fd = open(path, O_RDONLY)) >= 0) {
		close(fd);	/* running as root: permissions do not apply */
		ok(1, "unreadable file: skipped (permissions not enforced here)");
	} else {
		is_int(ocr_recognize_file(e, path, NULL, &res, &cause), OCR_UNREADABLE,
		    "unreadable file: unreadable");
		free(cause);
	}
	free(path);

	cause = NULL;
	path = scratch_file("text.png");
	write_file(path, text, sizeof text - 1);
	is_int(ocr_recognize_file(e, path, NULL, &res, &cause), OCR_UNREADABLE, "text file: unreadable");
	ok(cause != NULL && strstr(cause, "not an image") != NULL, "text file: message");
	free(cause);
	free(path);

	cause = NULL;
	is_int(ocr_recognize_mem(e, pdf, sizeof pdf - 1, NULL, &res, &cause), OCR_UNREADABLE,
	    "PDF: unreadable");
	ok(cause != NULL && strstr(cause, "PDF") != NULL, "PDF: message says PDF is not supported");
	free(cause);

	cause = NULL;
	is_int(ocr_recognize_mem(e, "\x89PNG", 4, NULL, &res, &cause), OCR_UNREADABLE,
	    "4 bytes of PNG signature: unreadable");
	free(cause);

	is_str(ocr_status_name(OCR_OK), "ok", "status name: ok");
	is_str(ocr_status_name(OCR_NOT_FOUND), "file not found", "status name: not found");
	is_str(ocr_status_name(OCR_UNREADABLE), "unreadable image", "status name: unreadable");
	is_str(ocr_status_name(OCR_TOO_LARGE), "image too large", "status name: too large");
	is_str(ocr_status_name(OCR_TIMEOUT), "timeout", "status name: timeout");
	is_str(ocr_status_name(OCR_ENGINE_ERROR), "engine error", "status name: engine error");
	is_str(ocr_status_name((enum ocr_status)42), "unknown status", "status name: out of range");
}

static void
test_limits(struct ocr_engine *e)
{
	struct ocr_limits lim;
	struct ocr_result res;
	char *cause, *path;
	uint8_t *data;
	size_t len;

	ocr_limits_init(&lim);
	is_int(lim.max_pixels, 40000000, "default pixel limit 40 MP");
	is_int(lim.max_file_bytes, 50L * 1024 * 1024, "default file limit 50 MiB");
	is_int(lim.timeout_ms, 60000, "default deadline 60 s");

	lim.max_file_bytes = 1000;
	is_int(run_file(e, "line.png", &lim, &res, &cause), OCR_TOO_LARGE, "file over max_file_bytes: too large");
	is_str(cause, "file is 7.2 KiB, limit 1000 B", "file size message");
	free(cause);

	path = fixture("line.png");
	data = read_all(path, &len);
	free(path);
	cause = NULL;
	is_int(ocr_recognize_mem(e, data, len, &lim, &res, &cause), OCR_TOO_LARGE,
	    "memory over max_file_bytes: too large");
	free(cause);

	ocr_limits_init(&lim);
	lim.max_pixels = 100000;
	is_int(run_file(e, "page.png", &lim, &res, &cause), OCR_TOO_LARGE, "page over max_pixels: too large");
	is_str(cause, "image is 1179x317 (0.4 MP), limit 0.1 MP", "pixel limit message");
	free(cause);

	ocr_limits_init(&lim);
	cause = NULL;
	if (is_int(ocr_recognize_mem(e, data, len, &lim, &res, &cause), OCR_OK, "from memory: recognised")) {
		is_str(res.text, LINE_TEXT, "from memory: the exact line");
		ocr_result_free(&res);
	}
	free(cause);
	free(data);
}

/* Headers that would make a decoder allocate gigabytes. pixReadHeaderMem()
 * decodes BMP and GIF whole, so ocr.c reads those headers itself. */
static void
test_crafted_headers(struct ocr_engine *e)
{
	static const uint8_t gif[] = {
		'G', 'I', 'F', '8', '9', 'a', 0x10, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00,
		0x2c, 0x00, 0x00, 0x00, 0x00, 0x60, 0xea, 0x60, 0xea, 0x00,	/* 60000x60000 */
		0x02, 0x02, 0x44, 0x01, 0x00, 0x3b
	};
	static const uint8_t gif_frames[] = {
		'G', 'I', 'F', '8', '9', 'a', 0x00, 0x10, 0x00, 0x10, 0x80, 0x00, 0x00,
		0x00, 0x00, 0x00, 0xff, 0xff, 0xff,				/* colour table */
		0x21, 0xf9, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,			/* extension */
		0x2c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00,	/* 4096x4096 */
		0x02, 0x02, 0x44, 0x01, 0x00,
		0x2c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00,
		0x02, 0x02, 0x44, 0x01, 0x00,
		0x2c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00,
		0x02, 0x02, 0x44, 0x01, 0x00, 0x3b
	};
	uint8_t bmp[54] = { 'B', 'M' };
	struct ocr_result res;
	int64_t t0 = mono_ms();
	char *cause = NULL;

	is_int(ocr_recognize_mem(e, gif, sizeof gif, NULL, &res, &cause), OCR_TOO_LARGE,
	    "GIF frame of 60000x60000: too large");
	is_str(cause, "image is 60000x60000 (3600 MP), limit 40 MP", "GIF message");
	free(cause);

	cause = NULL;
	is_int(ocr_recognize_mem(e, gif_frames, sizeof gif_frames, NULL, &res, &cause),
	    OCR_TOO_LARGE, "GIF of three 4096x4096 frames (50 MP in all): too large");
	free(cause);

	bmp[10] = 54;			/* pixel data offset */
	bmp[14] = 40;			/* BITMAPINFOHEADER */
	bmp[18] = 0x40; bmp[19] = 0x9c;	/* width 40000 */
	bmp[22] = 0xc0; bmp[23] = 0x63; bmp[24] = 0xff; bmp[25] = 0xff;	/* height -40000 */
	bmp[26] = 1;			/* planes */
	bmp[28] = 24;			/* bits per pixel */
	cause = NULL;
	is_int(ocr_recognize_mem(e, bmp, sizeof bmp, NULL, &res, &cause), OCR_TOO_LARGE,
	    "top-down BMP of 40000x40000: too large");
	is_str(cause, "image is 40000x40000 (1600 MP), limit 40 MP", "BMP message");
	free(cause);
	ok(mono_ms() - t0 < 1000, "crafted headers refused at once");
}

static void
test_deadline(struct ocr_engine *e)
{
	struct ocr_limits lim;
	struct ocr_result res;
	char *cause;

	/* The deadline is checked before each text line is recognised, and
	 * finding the lines of page.png takes longer than 1 ms. */
	ocr_limits_init(&lim);
	lim.timeout_ms = 1;
	is_int(run_file(e, "page.png", &lim, &res, &cause), OCR_TIMEOUT, "1 ms deadline on page.png: timeout");
	is_str(cause, "recognition stopped at its deadline of 1 ms", "timeout message");
	ok(res.text == NULL, "timeout: no partial result");
	free(cause);

	if (is_int(run_file(e, "line.png", NULL, &res, &cause), OCR_OK, "after a timeout the engine works")) {
		is_str(res.text, LINE_TEXT, "after a timeout: the exact line");
		ocr_result_free(&res);
	}
	free(cause);

	lim.timeout_ms = 0;
	if (is_int(run_file(e, "page.png", &lim, &res, &cause), OCR_OK, "deadline 0: none")) {
		is_str(res.text, PAGE_TEXT, "deadline 0: the page");
		ocr_result_free(&res);
	}
	free(cause);
}

static void
test_reuse(struct ocr_engine *e)
{
	static const char *const names[] = { "line.png", "page.png", "corrupt.png", "blank.png" };
	static const char *const texts[] = { LINE_TEXT, PAGE_TEXT, NULL, "" };
	struct ocr_result res;
	char *cause;
	int i, good = 0;

	for (i = 0; i < 12; i++) {
		enum ocr_status st = run_file(e, names[i % 4], NULL, &res, &cause);

		if (texts[i % 4] == NULL)
			good += st == OCR_UNREADABLE;
		else if (st == OCR_OK) {
			good += strcmp(res.text, texts[i % 4]) == 0;
			ocr_result_free(&res);
		}
		free(cause);
	}
	is_int(good, 12, "one engine, 12 images in a row (errors between): all right");
}

static void *
thread_main(void *arg)
{
	struct thread_job *job = arg;
	struct ocr_engine *e;
	struct ocr_result res;
	char *cause = NULL;
	int i;

	if ((e = ocr_engine_new("eng", -1, &job->cause)) == NULL)
		return NULL;
	for (i = 0; i < job->rounds; i++) {
		int good = 0;

		if (ocr_recognize_file(e, job->page, NULL, &res, &cause) == OCR_OK) {
			good += strcmp(res.text, PAGE_TEXT) == 0;
			ocr_result_free(&res);
		}
		free(cause);
		cause = NULL;
		if (ocr_recognize_file(e, job->line, NULL, &res, &cause) == OCR_OK) {
			good += strcmp(res.text, LINE_TEXT) == 0;
			ocr_result_free(&res);
		}
		free(cause);
		cause = NULL;
		job->good += good == 2;
	}
	ocr_engine_free(e);
	return NULL;
}

static void
test_threads(void)
{
	struct thread_job jobs[2];
	pthread_t threads[2];
	char *page = fixture("page.png"), *line = fixture("line.png");
	int i, started[2];

	for (i = 0; i < 2; i++) {
		jobs[i].page = page;
		jobs[i].line = line;
		jobs[i].rounds = 3;
		jobs[i].good = 0;
		jobs[i].cause = NULL;
		started[i] = pthread_create(&threads[i], NULL, thread_main, &jobs[i]) == 0;
	}
	for (i = 0; i < 2; i++) {
		if (started[i])
			pthread_join(threads[i], NULL);
		if (jobs[i].cause != NULL)
			diag("thread %d: %s", i, jobs[i].cause);
		ok(started[i] && jobs[i].good == jobs[i].rounds,
		    "thread %d: own engine, %d of %d rounds exact", i, jobs[i].good, jobs[i].rounds);
		free(jobs[i].cause);
	}
	free(page);
	free(line);
}

static void
test_engines(void)
{
	struct ocr_engine *e;
	struct ocr_result res;
	char *cause = NULL;

	e = ocr_engine_new("xxx", -1, &cause);
	ok(e == NULL, "language xxx: no engine");
	ok(cause != NULL && strstr(cause, "xxx.traineddata") != NULL && strstr(cause, "not found") != NULL,
	    "language xxx: names the file looked for");
	diag("%s", cause != NULL ? cause : "(no cause)");
	free(cause);

	cause = NULL;
	e = ocr_engine_new("eng+xxx", -1, &cause);
	ok(e == NULL, "eng+xxx: no engine (tesseract itself would go on with eng alone)");
	ok(cause != NULL && strstr(cause, "xxx.traineddata") != NULL, "eng+xxx: names xxx.traineddata");
	free(cause);

	cause = NULL;
	e = ocr_engine_new("../../etc/passwd", -1, &cause);
	ok(e == NULL && cause != NULL && strncmp(cause, "invalid language", 16) == 0,
	    "language with a path: refused");
	free(cause);

	cause = NULL;
	e = ocr_engine_new("", -1, &cause);
	ok(e == NULL && cause != NULL, "empty language: refused");
	free(cause);

	cause = NULL;
	e = ocr_engine_new("eng", 99, &cause);
	ok(e == NULL && cause != NULL && strstr(cause, "page segmentation") != NULL, "psm 99: refused");
	free(cause);

	cause = NULL;
	e = ocr_engine_new("eng", 0, &cause);
	ok(e == NULL, "psm 0 (orientation only, no text): refused");
	free(cause);

	cause = NULL;
	if ((e = ocr_engine_new("eng", 7, &cause)) == NULL)
		diag("%s", cause);
	if (ok(e != NULL, "psm 7 (single line): engine") &&
	    is_int(run_file(e, "line.png", NULL, &res, &cause), OCR_OK, "psm 7: line.png")) {
		is_str(res.text, LINE_TEXT, "psm 7: the exact line");
		ocr_result_free(&res);
	}
	free(cause);
	ocr_engine_free(e);
	ocr_engine_free(NULL);
}

int
main(int argc, char **argv)
{
	struct ocr_engine *e;
	char *cause = NULL, *tmp = NULL;
	const char *v;

	(void)argc;
	/* First, before any output: this may re-execute the test. */
	ocr_ensure_omp_limit(argv);

	if ((srcdir = getenv("OCRTOP_SRCDIR")) == NULL) {
		printf("Bail out! OCRTOP_SRCDIR not set\n");
		return 1;
	}
	if ((scratch = getenv("OCRTOP_TEST_DIR")) == NULL) {
		tmp = xstrdup("/tmp/ocrtop-test-ocr.XXXXXX");
		if (mkdtemp(tmp) == NULL) {
			printf("Bail out! mkdtemp: %s\n", strerror(errno));
			return 1;
		}
		scratch = tmp;
	}
	v = getenv("OMP_THREAD_LIMIT");
	ok(v != NULL && *v != '\0', "OMP_THREAD_LIMIT in the environment (re-executed if it was unset)");

	probe_stderr();
	ocr_global_init();
	if ((e = ocr_engine_new("eng", -1, &cause)) == NULL) {
		printf("Bail out! %s\n", cause);
		return 1;
	}
	test_fixtures(e);
	test_refusals(e);
	test_limits(e);
	test_crafted_headers(e);
	test_deadline(e);
	test_reuse(e);
	ocr_engine_free(e);
	test_threads();
	test_engines();

	if (tmp != NULL) {
		char *cmd = xasprintf("rm -rf '%s'", tmp);

		if (system(cmd) != 0)
			diag("could not remove %s", tmp);
		free(cmd);
		free(tmp);
	}
	return done_testing();
}
