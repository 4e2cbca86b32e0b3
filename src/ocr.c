/* Tesseract through its C API: engines, image checks, recognition. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "buf.h"
#include "ocr.h"
#include "timefmt.h"
#include "xmalloc.h"

/* Where Debian's libtesseract looks when TESSDATA_PREFIX is unset; only
 * used to name the missing file in an error message. */
#ifndef OCR_TESSDATA_DIR
#define OCR_TESSDATA_DIR "/usr/share/tesseract-ocr/5/tessdata"
#endif

/* Tesseract's credible resolution range; outside it (0 when the file
 * records none) it guesses and says so, so 300 dpi is set instead. */
#define MIN_CREDIBLE_DPI	70
#define MAX_CREDIBLE_DPI	2400
#define DEFAULT_DPI		300

struct ocr_engine {
	TessBaseAPI	*api;	/* initialised; owned */
	const atomic_int *cancel; /* borrowed; stop recognising when set */
};

/* How stderr is muted while a codec runs (see quiet_begin()). */
enum quiet_mode {
	QUIET_OFF,		/* could not mute: nothing to undo */
	QUIET_RESTORE,		/* fd 2 saved in quiet.saved */
	QUIET_CLOSE		/* fd 2 was closed: close it again */
};

/* Process-wide because the descriptor table is: nested and concurrent
 * callers share one muting, undone by the last to leave. */
static struct {
	pthread_mutex_t	 lock;
	int		 depth;		/* callers between begin and end */
	enum quiet_mode	 mode;
	int		 saved;		/* duplicate of the real fd 2 */
} quiet = { PTHREAD_MUTEX_INITIALIZER, 0, QUIET_OFF, -1 };

static pthread_once_t global_once = PTHREAD_ONCE_INIT;

static const char *const status_names[] = {
	"ok",
	"file not found",
	"unreadable image",
	"image too large",
	"timeout",
	"engine error",
	"cancelled"
};
_Static_assert(sizeof status_names / sizeof status_names[0] == OCR_CANCELLED + 1,
    "a name for every status");

static void global_init_once(void);
static void lept_quiet(const char *msg);
static void quiet_begin(void);
static void quiet_end(void);
static int lang_is_valid(const char *lang);
static int lang_loaded(char **loaded, const char *name, size_t n);
static char *lang_missing(TessBaseAPI *api, const char *lang, const char *dir,
    size_t dlen);
static char *lang_cause(TessBaseAPI *api, const char *lang);
static uint32_t get_le16(const uint8_t *p);
static uint32_t get_le32(const uint8_t *p);
static int gif_size(const uint8_t *p, size_t len, long *w, long *h, double *pixels);
static int bmp_size(const uint8_t *p, size_t len, long *w, long *h);
static enum ocr_status check_header(const uint8_t *p, size_t len,
    const struct ocr_limits *lim, const char **fmt, char **cause);
static int mp_digits(double mp);
static enum ocr_status check_size(long w, long h, double pixels,
    const struct ocr_limits *lim, char **cause);
static enum ocr_status read_file(const char *path, const struct ocr_limits *lim,
    uint8_t **data, size_t *len, char **cause);
static enum ocr_status recognize(struct ocr_engine *e, const uint8_t *data,
    size_t len, const struct ocr_limits *lim, int64_t start_us,
    struct ocr_result *res, char **cause);
static enum ocr_status run_tesseract(struct ocr_engine *e, PIX *pix,
    const struct ocr_limits *lim, struct ocr_result *res, char **cause);
static bool cancel_cb(void *arg, int words);
static char *trimmed_copy(const char *s);
static int count_words(const char *s);
static int is_space(char c);

static void
lept_quiet(const char *msg)
{
	(void)msg;
}

static void
global_init_once(void)
{
	TessBaseAPI *api;

	setMsgSeverity(L_SEVERITY_NONE);
	leptSetStderrHandler(lept_quiet);

	/* debug_file is a global parameter: setting it through any instance,
	 * even one never initialised, sends every tprintf() to it. */
	api = TessBaseAPICreate();
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	TessBaseAPIDelete(api);
}

void
ocr_global_init(void)
{
	pthread_once(&global_once, global_init_once);
}

void
ocr_ensure_omp_limit(char **argv)
{
	const char *v = getenv("OMP_THREAD_LIMIT");

	if (v != NULL && *v != '\0')
		return;
	if (setenv("OMP_THREAD_LIMIT", "1", 1) != 0)
		return;
	/* /proc/self/exe is this very binary, wherever argv[0] points. */
	execv("/proc/self/exe", argv);
	if (argv[0] != NULL)
		execvp(argv[0], argv);
}

void
ocr_limits_init(struct ocr_limits *lim)
{
	lim->max_pixels = OCR_DEFAULT_MAX_PIXELS;
	lim->max_file_bytes = OCR_DEFAULT_MAX_FILE_BYTES;
	lim->timeout_ms = OCR_DEFAULT_TIMEOUT_MS;
}

const char *
ocr_status_name(enum ocr_status s)
{
	if ((size_t)s >= sizeof status_names / sizeof status_names[0])
		return "unknown status";
	return status_names[s];
}

void
ocr_result_free(struct ocr_result *r)
{
	free(r->text);
	memset(r, 0, sizeof *r);
}

/* libpng and libjpeg print their errors and warnings straight to stderr
 * (fprintf), ignoring leptonica's message settings; on a terminal that
 * would draw over the screen. So fd 2 points at /dev/null while a header
 * is read or an image decoded. */
static void
quiet_begin(void)
{
	int null;

	pthread_mutex_lock(&quiet.lock);
	if (quiet.depth++ == 0) {
		fflush(stderr);
		quiet.mode = QUIET_OFF;
		null = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (null == STDERR_FILENO)
			quiet.mode = QUIET_CLOSE;	/* fd 2 was closed */
		else if (null >= 0) {
			quiet.saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
			if (quiet.saved >= 0 && dup2(null, STDERR_FILENO) >= 0)
				quiet.mode = QUIET_RESTORE;
			else if (quiet.saved >= 0)
				close(quiet.saved);
			close(null);
		}
	}
	pthread_mutex_unlock(&quiet.lock);
}

static void
quiet_end(void)
{
	pthread_mutex_lock(&quiet.lock);
	if (--quiet.depth == 0) {
		fflush(stderr);
		switch (quiet.mode) {
		case QUIET_RESTORE:
			dup2(quiet.saved, STDERR_FILENO);
			close(quiet.saved);
			quiet.saved = -1;
			break;
		case QUIET_CLOSE:
			close(STDERR_FILENO);
			break;
		case QUIET_OFF:
			break;
		}
		quiet.mode = QUIET_OFF;
	}
	pthread_mutex_unlock(&quiet.lock);
}

/* Languages are '+'-separated names of letters, digits, '_', '-' and
 * inner '/' ("script/Latin"), each optionally prefixed by '~'. */
static int
lang_is_valid(const char *lang)
{
	const char *p = lang;
	int start = 1;

	if (*p == '\0')
		return 0;
	for (; *p != '\0'; p++) {
		if (start && *p == '~')
			continue;
		if (*p == '+') {
			if (start)
				return 0;
			start = 1;
			continue;
		}
		if (*p == '/' && start)
			return 0;
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && *p != '_' && *p != '-' && *p != '/')
			return 0;
		start = 0;
	}
	return !start;
}

/* Whether name[0..n) is among the languages tesseract loaded. */
static int
lang_loaded(char **loaded, const char *name, size_t n)
{
	size_t i;

	for (i = 0; loaded != NULL && loaded[i] != NULL; i++)
		if (strlen(loaded[i]) == n && memcmp(loaded[i], name, n) == 0)
			return 1;
	return 0;
}

/* Returns the first requested language that api did not load (allocated),
 * or NULL when all are there. api NULL: none is loaded. With dir, only a
 * language whose DIR/NAME.traineddata does not exist counts. */
static char *
lang_missing(TessBaseAPI *api, const char *lang, const char *dir, size_t dlen)
{
	char **loaded = api != NULL ? TessBaseAPIGetLoadedLanguagesAsVector(api) : NULL;
	const char *p = lang, *end;
	char *missing = NULL, *file;
	struct stat sb;
	size_t n;

	while (missing == NULL && *p != '\0') {
		end = strchr(p, '+');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		/* Excluded languages ("~deu") need no file. */
		if (*p != '~' && !lang_loaded(loaded, p, n)) {
			missing = xstrndup(p, n);
			if (dir != NULL) {
				file = xasprintf("%.*s/%s.traineddata", (int)dlen, dir, missing);
				if (stat(file, &sb) == 0) {
					free(missing);
					missing = NULL;
				}
				free(file);
			}
		}
		p += n + (end != NULL);
	}
	if (loaded != NULL)
		TessDeleteTextArray(loaded);
	return missing;
}

/* Explains why lang did not load, naming the file looked for. */
static char *
lang_cause(TessBaseAPI *api, const char *lang)
{
	const char *env = getenv("TESSDATA_PREFIX");
	const char *dir = NULL;
	char *missing, *cause;
	struct stat sb;
	size_t dlen;

	/* Where tesseract looked: it says after a successful Init; after a
	 * failed one, TESSDATA_PREFIX when that exists, else its default. */
	if (api != NULL)
		dir = TessBaseAPIGetDatapath(api);
	if (dir == NULL && env != NULL && *env != '\0' && stat(env, &sb) == 0)
		dir = env;
	if (dir == NULL)
		dir = OCR_TESSDATA_DIR;
	dlen = strlen(dir);
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;

	if ((missing = lang_missing(api, lang, dir, dlen)) == NULL) {
		return xasprintf("tesseract could not load '%s' from %.*s "
		    "(damaged traineddata, or no LSTM model in it?)", lang, (int)dlen, dir);
	}
	cause = xasprintf("no data for language '%s': %.*s/%s.traineddata not found%s",
	    missing, (int)dlen, dir, missing,
	    env == NULL ? " (TESSDATA_PREFIX is unset)" : "");
	free(missing);
	return cause;
}

struct ocr_engine *
ocr_engine_new(const char *lang, int psm, char **cause)
{
	struct ocr_engine *e;
	TessBaseAPI *api;
	char *missing;

	if (lang == NULL || !lang_is_valid(lang)) {
		*cause = xasprintf("invalid language '%s' (expected names like eng or eng+deu)",
		    lang != NULL ? lang : "");
		return NULL;
	}
	if (psm != -1 && (psm < PSM_AUTO_OSD || psm >= PSM_COUNT)) {
		*cause = xasprintf("invalid page segmentation mode %d (expected 1 to %d)",
		    psm, PSM_COUNT - 1);
		return NULL;
	}
	ocr_global_init();

	api = TessBaseAPICreate();
	if (TessBaseAPIInit2(api, NULL, lang, OEM_LSTM_ONLY) != 0) {
		*cause = lang_cause(NULL, lang);
		TessBaseAPIDelete(api);
		return NULL;
	}
	/* "eng+xxx" initialises with eng alone and only prints a warning. */
	if ((missing = lang_missing(api, lang, NULL, 0)) != NULL) {
		free(missing);
		*cause = lang_cause(api, lang);
		TessBaseAPIEnd(api);
		TessBaseAPIDelete(api);
		return NULL;
	}
	if (psm != -1)
		TessBaseAPISetPageSegMode(api, (TessPageSegMode)psm);

	e = xcalloc(1, sizeof *e);
	e->api = api;
	return e;
}

void
ocr_engine_free(struct ocr_engine *e)
{
	if (e == NULL)
		return;
	TessBaseAPIEnd(e->api);
	TessBaseAPIDelete(e->api);
	free(e);
}

static uint32_t
get_le16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
get_le32(const uint8_t *p)
{
	return get_le16(p) | get_le16(p + 2) << 16;
}

/* GIF: the logical screen and every frame, since giflib allocates each
 * frame at its declared size before decoding any of them. *pixels is the
 * total of all frames. Returns -1 when the block structure is broken. */
static int
gif_size(const uint8_t *p, size_t len, long *w, long *h, double *pixels)
{
	size_t off = 13, fw, fh;
	int frames = 0;

	if (len < off)
		return -1;
	*w = (long)get_le16(p + 6);
	*h = (long)get_le16(p + 8);
	*pixels = 0;
	if (p[10] & 0x80)	/* global colour table */
		off += 3u << ((p[10] & 7) + 1);
	while (off < len && p[off] != 0x3b) {
		if (p[off] == 0x2c) {			/* image descriptor */
			if (len - off < 10)
				return -1;
			fw = get_le16(p + off + 5);
			fh = get_le16(p + off + 7);
			if ((long)fw > *w)
				*w = (long)fw;
			if ((long)fh > *h)
				*h = (long)fh;
			*pixels += (double)fw * (double)fh;
			frames++;
			if (p[off + 9] & 0x80)		/* local colour table */
				off += 3u << ((p[off + 9] & 7) + 1);
			off += 11;			/* and the LZW code size */
		} else if (p[off] == 0x21)		/* extension: label */
			off += 2;
		else
			return -1;
		while (off < len && p[off] != 0)	/* data sub-blocks */
			off += (size_t)p[off] + 1;
		off++;
	}
	if (frames == 0)
		*pixels = (double)*w * (double)*h;
	return 0;
}

/* BMP: the width and height of the info header (height < 0: top-down). */
static int
bmp_size(const uint8_t *p, size_t len, long *w, long *h)
{
	int32_t sw, sh;

	if (len < 26)
		return -1;
	if (get_le32(p + 14) == 12) {		/* OS/2 core header */
		*w = (long)get_le16(p + 18);
		*h = (long)get_le16(p + 20);
		return 0;
	}
	sw = (int32_t)get_le32(p + 18);
	sh = (int32_t)get_le32(p + 22);
	*w = sw;
	*h = sh < 0 ? -(long)sh : sh;
	return 0;
}

/* Megapixels for a message: "1600", "40", "0.8". */
static int
mp_digits(double mp)
{
	return mp >= 100 || mp == (double)(long)mp ? 0 : 1;
}

static enum ocr_status
check_size(long w, long h, double pixels, const struct ocr_limits *lim, char **cause)
{
	double mp = pixels / 1e6, limit_mp = (double)lim->max_pixels / 1e6;

	if (w <= 0 || h <= 0) {
		*cause = xasprintf("image has no pixels (%ldx%ld)", w, h);
		return OCR_UNREADABLE;
	}
	if (lim->max_pixels > 0 && pixels > (double)lim->max_pixels) {
		*cause = xasprintf("image is %ldx%ld (%.*f MP), limit %.*f MP", w, h,
		    mp_digits(mp), mp, mp_digits(limit_mp), limit_mp);
		return OCR_TOO_LARGE;
	}
	if (w > OCR_MAX_SIDE || h > OCR_MAX_SIDE) {
		*cause = xasprintf("image is %ldx%ld, sides are limited to %d pixels",
		    w, h, OCR_MAX_SIDE);
		return OCR_TOO_LARGE;
	}
	return OCR_OK;
}

/* Finds the format and size without decoding pixels; *fmt is a short name
 * of the format ("png"). */
static enum ocr_status
check_header(const uint8_t *p, size_t len, const struct ocr_limits *lim,
    const char **fmt, char **cause)
{
	l_int32 format = IFF_UNKNOWN, lw = 0, lh = 0;
	uint8_t head[12] = { 0 };	/* what findFileFormatBuffer() reads */
	long w = 0, h = 0;
	double pixels;
	int r;

	*fmt = "image";
	if (len == 0) {
		*cause = xstrdup("empty file");
		return OCR_UNREADABLE;
	}
	memcpy(head, p, len < sizeof head ? len : sizeof head);
	if (findFileFormatBuffer(head, &format) != 0)
		format = IFF_UNKNOWN;
	switch (format) {
	case IFF_UNKNOWN:
	case IFF_SPIX:		/* leptonica's own serialisation: not an upload */
		*cause = xstrdup("not an image in a supported format "
		    "(png, jpeg, tiff, bmp, pnm, gif, webp, jp2)");
		return OCR_UNREADABLE;
	case IFF_LPDF:
	case IFF_PS:
		*cause = xstrdup("PDF and PostScript documents are not supported, only images");
		return OCR_UNREADABLE;
	}
	*fmt = getFormatExtension(format);
	if (*fmt == NULL)
		*fmt = "image";

	if (format == IFF_GIF)
		r = gif_size(p, len, &w, &h, &pixels);
	else if (format == IFF_BMP) {
		r = bmp_size(p, len, &w, &h);
		pixels = (double)w * (double)h;
	} else {
		quiet_begin();
		r = pixReadHeaderMem(p, len, NULL, &lw, &lh, NULL, NULL, NULL) != 0 ? -1 : 0;
		quiet_end();
		w = lw;
		h = lh;
		pixels = (double)w * (double)h;
	}
	if (r != 0) {
		*cause = xasprintf("damaged %s header", *fmt);
		return OCR_UNREADABLE;
	}
	return check_size(w, h, pixels, lim, cause);
}

/* Reads a whole regular file of at most max_file_bytes. */
static enum ocr_status
read_file(const char *path, const struct ocr_limits *lim, uint8_t **data,
    size_t *len, char **cause)
{
	struct buf size = BUF_INIT, limit = BUF_INIT;
	struct stat sb;
	size_t cap, used = 0;
	ssize_t n = 0;
	uint8_t *p;
	int fd;

	/* O_NONBLOCK: opening a FIFO must not hang; it is refused below. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR) {
			*cause = xasprintf("file not found: %s", path);
			return OCR_NOT_FOUND;
		}
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return OCR_UNREADABLE;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		*cause = xasprintf("not a regular file: %s", path);
		close(fd);
		return OCR_NOT_FOUND;
	}
	if (lim->max_file_bytes > 0 && sb.st_size > lim->max_file_bytes) {
		fmt_bytes(&size, (unsigned long long)sb.st_size);
		fmt_bytes(&limit, (unsigned long long)lim->max_file_bytes);
		*cause = xasprintf("file is %s, limit %s", buf_str(&size), buf_str(&limit));
		buf_free(&size);
		buf_free(&limit);
		close(fd);
		return OCR_TOO_LARGE;
	}

	/* One byte more than the size, to notice a file that grew. */
	cap = (size_t)sb.st_size + 1;
	p = xmalloc(cap);
	for (;;) {
		if (used == cap) {
			if (lim->max_file_bytes > 0 && used > (size_t)lim->max_file_bytes)
				break;
			cap *= 2;
			p = xreallocarray(p, cap, 1);
		}
		n = read(fd, p + used, cap - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		used += (size_t)n;
	}
	if (n < 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		free(p);
		close(fd);
		return OCR_UNREADABLE;
	}
	close(fd);
	if (lim->max_file_bytes > 0 && used > (size_t)lim->max_file_bytes) {
		fmt_bytes(&limit, (unsigned long long)lim->max_file_bytes);
		*cause = xasprintf("file grew past the limit of %s", buf_str(&limit));
		buf_free(&limit);
		free(p);
		return OCR_TOO_LARGE;
	}
	*data = p;
	*len = used;
	return OCR_OK;
}

enum ocr_status
ocr_recognize_file(struct ocr_engine *e, const char *path,
    const struct ocr_limits *lim, struct ocr_result *res, char **cause)
{
	struct ocr_limits defaults;
	int64_t start_us = mono_us();
	enum ocr_status st;
	uint8_t *data = NULL;
	size_t len = 0;

	if (lim == NULL) {
		ocr_limits_init(&defaults);
		lim = &defaults;
	}
	memset(res, 0, sizeof *res);
	if ((st = read_file(path, lim, &data, &len, cause)) != OCR_OK)
		return st;
	st = recognize(e, data, len, lim, start_us, res, cause);
	free(data);
	return st;
}

enum ocr_status
ocr_recognize_mem(struct ocr_engine *e, const void *data, size_t len,
    const struct ocr_limits *lim, struct ocr_result *res, char **cause)
{
	struct ocr_limits defaults;

	if (lim == NULL) {
		ocr_limits_init(&defaults);
		lim = &defaults;
	}
	memset(res, 0, sizeof *res);
	return recognize(e, data, len, lim, mono_us(), res, cause);
}

static enum ocr_status
recognize(struct ocr_engine *e, const uint8_t *data, size_t len,
    const struct ocr_limits *lim, int64_t start_us, struct ocr_result *res,
    char **cause)
{
	struct buf size = BUF_INIT, limit = BUF_INIT;
	enum ocr_status st;
	const char *fmt;
	PIX *pix, *flat;

	if (lim->max_file_bytes > 0 && len > (size_t)lim->max_file_bytes) {
		fmt_bytes(&size, (unsigned long long)len);
		fmt_bytes(&limit, (unsigned long long)lim->max_file_bytes);
		*cause = xasprintf("image is %s, limit %s", buf_str(&size), buf_str(&limit));
		buf_free(&size);
		buf_free(&limit);
		return OCR_TOO_LARGE;
	}
	if ((st = check_header(data, len, lim, &fmt, cause)) != OCR_OK)
		return st;

	quiet_begin();
	pix = pixReadMem(data, len);
	quiet_end();
	if (pix == NULL) {
		*cause = xasprintf("cannot decode the %s image (damaged or truncated?)", fmt);
		return OCR_UNREADABLE;
	}
	/* What was decoded, in case a header understated it. */
	st = check_size(pixGetWidth(pix), pixGetHeight(pix),
	    (double)pixGetWidth(pix) * pixGetHeight(pix), lim, cause);
	if (st != OCR_OK) {
		pixDestroy(&pix);
		return st;
	}
	/* Tesseract ignores alpha: transparent pixels are often black. */
	if (pixGetDepth(pix) == 32 && pixGetSpp(pix) == 4 &&
	    (flat = pixAlphaBlendUniform(pix, 0xffffff00)) != NULL) {
		pixDestroy(&pix);
		pix = flat;
	}

	st = run_tesseract(e, pix, lim, res, cause);
	pixDestroy(&pix);
	if (st == OCR_OK)
		res->processing_ms = (long)((mono_us() - start_us + 500) / 1000);
	return st;
}

void
ocr_engine_set_cancel(struct ocr_engine *e, const atomic_int *flag)
{
	e->cancel = flag;
}

/* Tesseract asks between words whether to go on. */
static bool
cancel_cb(void *arg, int words)
{
	const struct ocr_engine *e = arg;

	(void)words;
	return e->cancel != NULL && atomic_load(e->cancel) != 0;
}

/* Recognises pix with the engine, leaving the engine cleared. */
static enum ocr_status
run_tesseract(struct ocr_engine *e, PIX *pix, const struct ocr_limits *lim,
    struct ocr_result *res, char **cause)
{
	ETEXT_DESC *monitor = NULL;
	enum ocr_status st = OCR_OK;
	int64_t t0, elapsed_us;
	l_int32 dpi = pixGetYRes(pix);
	char *text;
	int rc, conf;

	TessBaseAPISetImage2(e->api, pix);
	if (dpi < MIN_CREDIBLE_DPI || dpi > MAX_CREDIBLE_DPI)
		TessBaseAPISetSourceResolution(e->api, DEFAULT_DPI);

	/* A monitor per image: a deadline of 0 would keep the last one. */
	if (lim->timeout_ms > 0 || e->cancel != NULL) {
		monitor = TessMonitorCreate();
		if (lim->timeout_ms > 0)
			TessMonitorSetDeadlineMSecs(monitor, lim->timeout_ms);
		if (e->cancel != NULL) {
			TessMonitorSetCancelFunc(monitor, cancel_cb);
			TessMonitorSetCancelThis(monitor, e);
		}
	}
	t0 = mono_us();
	rc = TessBaseAPIRecognize(e->api, monitor);
	elapsed_us = mono_us() - t0;
	if (monitor != NULL)
		TessMonitorDelete(monitor);

	if (rc != 0) {
		/* -1 also means other failures: tell them apart by the clock
		 * (1 ms of slack for clocks rounding differently). */
		if (e->cancel != NULL && atomic_load(e->cancel) != 0) {
			*cause = xstrdup("recognition cancelled: the worker is stopping");
			st = OCR_CANCELLED;
		} else if (lim->timeout_ms > 0 && elapsed_us + 1000 >= (int64_t)lim->timeout_ms * 1000) {
			*cause = xasprintf("recognition stopped at its deadline of %d ms",
			    lim->timeout_ms);
			st = OCR_TIMEOUT;
		} else {
			*cause = xstrdup("tesseract could not recognise the image");
			st = OCR_ENGINE_ERROR;
		}
	} else if ((text = TessBaseAPIGetUTF8Text(e->api)) == NULL) {
		*cause = xstrdup("tesseract returned no text");
		st = OCR_ENGINE_ERROR;
	} else {
		res->text = trimmed_copy(text);
		TessDeleteText(text);
		conf = TessBaseAPIMeanTextConf(e->api);
		if (conf < 0)
			conf = 0;
		if (conf > 100)
			conf = 100;
		res->confidence = *res->text == '\0' ? 0.0 : conf / 100.0;
		res->word_count = count_words(res->text);
	}
	TessBaseAPIClear(e->api);
	return st;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Copies s without its trailing whitespace (tesseract ends every line,
 * the last one too, with a newline). */
static char *
trimmed_copy(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && is_space(s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static int
count_words(const char *s)
{
	int n = 0, in_word = 0;

	for (; *s != '\0'; s++) {
		if (is_space(*s))
			in_word = 0;
		else if (!in_word) {
			in_word = 1;
			n++;
		}
	}
	return n;
}
