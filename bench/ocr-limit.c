/* The OCR throughput limit: the raw tesseract C API in a tight loop (one
 * TessBaseAPI per thread, Init once; per page SetImage2, Recognize,
 * GetUTF8Text, Clear), or the tesseract command run once per page the way
 * a shell-out worker would. Pages are decoded once, before timing: this
 * measures recognition alone.
 *
 * usage: ocr-limit [-c] [-C command] [-l lang] [-p passes] [-s psm]
 *            [-t threads] PAGE...
 *
 * Prints one "page ..." line per page (single thread or command mode) and
 * one "result ..." line, as key=value pairs, for bench-ocr-limit.sh. When
 * PAGE.txt exists next to PAGE.png, recognition is scored against it
 * (recall: the share of its words found in the output). */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

extern char **environ;

struct page {
	const char	*path;
	char		*name;		/* file name without directory or .png */
	PIX		*pix;
	char		*truth;		/* contents of PAGE.txt, or NULL */
	double		 ms;		/* time spent on it, all passes, all threads */
	double		 recall;	/* from the first recognition, -1: no truth */
};

struct run {
	struct page	*pages;
	int		 npages;
	int		 passes;
	int		 psm;		/* -1: the library's default */
	const char	*lang;
	const char	*command;	/* tesseract command, command mode */
	pthread_barrier_t start;
	pthread_mutex_t	 lock;		/* protects the page totals */
	double		 init_ms;	/* slowest Init of all threads */
	int		 failed;
};

static double now_ms(void);
static char *read_text(const char *path);
static char *page_name(const char *path);
static double recall(const char *truth, const char *text);
static char *next_word(const char **p);
static void *api_thread(void *arg);
static char *run_command(struct run *r, const struct page *pg);
static void usage(void) __attribute__((noreturn));

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static char *
read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap * 2 + 4096;
			if ((s = realloc(s, cap + 1)) == NULL)
				abort();
		}
		n = fread(s + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	s[len] = '\0';
	return s;
}

static char *
page_name(const char *path)
{
	const char *base = strrchr(path, '/');
	char *name, *dot;

	name = strdup(base != NULL ? base + 1 : path);
	if (name == NULL)
		abort();
	if ((dot = strrchr(name, '.')) != NULL)
		*dot = '\0';
	return name;
}

/* The next lower-case word of letters and digits at *p, or NULL. */
static char *
next_word(const char **p)
{
	const char *s = *p, *start;
	char *w;
	size_t i, n;

	while (*s != '\0' && !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
	    (*s >= '0' && *s <= '9')))
		s++;
	if (*s == '\0')
		return NULL;
	start = s;
	while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9'))
		s++;
	n = (size_t)(s - start);
	if ((w = malloc(n + 1)) == NULL)
		abort();
	for (i = 0; i < n; i++)
		w[i] = (char)(start[i] >= 'A' && start[i] <= 'Z' ? start[i] + 32 : start[i]);
	w[n] = '\0';
	*p = s;
	return w;
}

/* Share of the words of truth found in text (each use counted once). */
static double
recall(const char *truth, const char *text)
{
	char **words = NULL, *w;
	const char *p;
	size_t n = 0, cap = 0, i, total = 0, hit = 0;

	for (p = text; (w = next_word(&p)) != NULL; n++) {
		if (n == cap) {
			cap = cap * 2 + 64;
			if ((words = realloc(words, cap * sizeof *words)) == NULL)
				abort();
		}
		words[n] = w;
	}
	for (p = truth; (w = next_word(&p)) != NULL; total++) {
		for (i = 0; i < n; i++) {
			if (words[i] != NULL && strcmp(words[i], w) == 0) {
				free(words[i]);
				words[i] = NULL;
				hit++;
				break;
			}
		}
		free(w);
	}
	for (i = 0; i < n; i++)
		free(words[i]);
	free(words);
	return total == 0 ? 1.0 : (double)hit / (double)total;
}

static void *
api_thread(void *arg)
{
	struct run *r = arg;
	TessBaseAPI *api = TessBaseAPICreate();
	double t0, t, *ms, *rec;
	char *text;
	int pass, i, ok;

	t0 = now_ms();
	ok = TessBaseAPIInit2(api, NULL, r->lang, OEM_LSTM_ONLY) == 0;
	t = now_ms() - t0;
	if (ok && r->psm >= 0)
		TessBaseAPISetPageSegMode(api, (TessPageSegMode)r->psm);
	/* One page untimed: the first recognition allocates its buffers. */
	if (ok) {
		TessBaseAPISetImage2(api, r->pages[0].pix);
		TessBaseAPIRecognize(api, NULL);
		TessDeleteText(TessBaseAPIGetUTF8Text(api));
		TessBaseAPIClear(api);
	}
	ms = calloc((size_t)r->npages, sizeof *ms);
	rec = calloc((size_t)r->npages, sizeof *rec);
	if (ms == NULL || rec == NULL)
		abort();
	pthread_mutex_lock(&r->lock);
	if (!ok)
		r->failed = 1;
	if (t > r->init_ms)
		r->init_ms = t;
	pthread_mutex_unlock(&r->lock);

	pthread_barrier_wait(&r->start);
	for (pass = 0; ok && pass < r->passes; pass++) {
		for (i = 0; i < r->npages; i++) {
			t0 = now_ms();
			TessBaseAPISetImage2(api, r->pages[i].pix);
			if (TessBaseAPIRecognize(api, NULL) != 0)
				ok = 0;
			text = TessBaseAPIGetUTF8Text(api);
			TessBaseAPIClear(api);
			ms[i] += now_ms() - t0;
			if (pass == 0)
				rec[i] = r->pages[i].truth != NULL && text != NULL ?
				    recall(r->pages[i].truth, text) : -1;
			TessDeleteText(text);
		}
	}
	pthread_mutex_lock(&r->lock);
	for (i = 0; i < r->npages; i++) {
		r->pages[i].ms += ms[i];
		if (r->pages[i].recall < 0)
			r->pages[i].recall = rec[i];
	}
	if (!ok)
		r->failed = 1;
	pthread_mutex_unlock(&r->lock);
	free(ms);
	free(rec);
	TessBaseAPIEnd(api);
	TessBaseAPIDelete(api);
	return NULL;
}

/* Runs "tesseract PAGE -" and returns what it printed. */
static char *
run_command(struct run *r, const struct page *pg)
{
	posix_spawn_file_actions_t fa;
	char psm[16], *argv[6], *out = NULL;
	size_t len = 0, cap = 0;
	int fds[2], status, argc = 0;
	ssize_t n;
	pid_t pid;

	argv[argc++] = (char *)r->command;
	argv[argc++] = (char *)pg->path;
	argv[argc++] = (char *)"-";
	if (r->psm >= 0) {
		snprintf(psm, sizeof psm, "%d", r->psm);
		argv[argc++] = (char *)"--psm";
		argv[argc++] = psm;
	}
	argv[argc] = NULL;

	if (pipe(fds) != 0)
		return NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, r->command, &fa, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	for (;;) {
		if (cap - len < 4096) {
			cap = cap * 2 + 4096;
			if ((out = realloc(out, cap + 1)) == NULL)
				abort();
		}
		n = read(fds[0], out + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fds[0]);
	out[len] = '\0';
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static void
usage(void)
{
	fprintf(stderr, "usage: ocr-limit [-c] [-C command] [-l lang] [-p passes] "
	    "[-s psm] [-t threads] PAGE...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct run r = { .passes = 3, .psm = -1, .lang = "eng", .command = "tesseract" };
	const char *omp = getenv("OMP_THREAD_LIMIT");
	pthread_t *threads;
	TessBaseAPI *api;
	double t0, wall, sum_ms = 0, sum_recall = 0;
	int c, i, pass, nthreads = 1, cli = 0, scored = 0;
	char *txt, *text;

	while ((c = getopt(argc, argv, "cC:l:p:s:t:")) != -1) {
		switch (c) {
		case 'c':
			cli = 1;
			break;
		case 'C':
			r.command = optarg;
			break;
		case 'l':
			r.lang = optarg;
			break;
		case 'p':
			r.passes = atoi(optarg);
			break;
		case 's':
			r.psm = atoi(optarg);
			break;
		case 't':
			nthreads = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind >= argc || r.passes < 1 || nthreads < 1)
		usage();

	setMsgSeverity(L_SEVERITY_NONE);
	api = TessBaseAPICreate();
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");	/* process-global */
	TessBaseAPIDelete(api);

	r.npages = argc - optind;
	if ((r.pages = calloc((size_t)r.npages, sizeof *r.pages)) == NULL)
		abort();
	for (i = 0; i < r.npages; i++) {
		struct page *pg = &r.pages[i];
		size_t n = strlen(argv[optind + i]);

		pg->path = argv[optind + i];
		pg->name = page_name(pg->path);
		pg->recall = -1;
		if ((pg->pix = pixRead(pg->path)) == NULL) {
			fprintf(stderr, "ocr-limit: cannot read %s\n", pg->path);
			return 1;
		}
		if (n > 4 && strcmp(pg->path + n - 4, ".png") == 0 &&
		    (txt = malloc(n + 1)) != NULL) {
			memcpy(txt, pg->path, n - 4);
			memcpy(txt + n - 4, ".txt", 5);
			pg->truth = read_text(txt);
			free(txt);
		}
	}
	pthread_mutex_init(&r.lock, NULL);

	if (cli) {
		nthreads = 1;
		t0 = now_ms();
		for (pass = 0; pass < r.passes; pass++) {
			for (i = 0; i < r.npages; i++) {
				double t = now_ms();

				if ((text = run_command(&r, &r.pages[i])) == NULL) {
					fprintf(stderr, "ocr-limit: %s %s failed\n", r.command,
					    r.pages[i].path);
					return 1;
				}
				r.pages[i].ms += now_ms() - t;
				if (pass == 0 && r.pages[i].truth != NULL)
					r.pages[i].recall = recall(r.pages[i].truth, text);
				free(text);
			}
		}
		wall = now_ms() - t0;
	} else {
		if ((threads = calloc((size_t)nthreads, sizeof *threads)) == NULL)
			abort();
		pthread_barrier_init(&r.start, NULL, (unsigned)nthreads + 1);
		for (i = 0; i < nthreads; i++) {
			if (pthread_create(&threads[i], NULL, api_thread, &r) != 0) {
				fprintf(stderr, "ocr-limit: pthread_create failed\n");
				return 1;
			}
		}
		pthread_barrier_wait(&r.start);	/* every engine initialised */
		t0 = now_ms();
		for (i = 0; i < nthreads; i++)
			pthread_join(threads[i], NULL);
		wall = now_ms() - t0;
		pthread_barrier_destroy(&r.start);
		free(threads);
		if (r.failed) {
			fprintf(stderr, "ocr-limit: tesseract failed (language %s)\n", r.lang);
			return 1;
		}
	}

	for (i = 0; i < r.npages; i++) {
		const struct page *pg = &r.pages[i];
		double ms = pg->ms / ((double)r.passes * nthreads);

		sum_ms += pg->ms;
		if (pg->recall >= 0) {
			sum_recall += pg->recall;
			scored++;
		}
		printf("page name=%s width=%d height=%d dpi=%d ms=%.1f recall=%.3f\n",
		    pg->name, pixGetWidth(pg->pix), pixGetHeight(pg->pix),
		    pixGetYRes(pg->pix), ms, pg->recall);
	}
	printf("result mode=%s threads=%d omp_thread_limit=%s psm=%d pages=%d init_ms=%.0f "
	    "wall_s=%.2f pages_per_s=%.2f ms_per_page=%.1f recall=%.3f\n",
	    cli ? "command" : "api", nthreads, omp != NULL ? omp : "unset", r.psm,
	    r.npages * r.passes * nthreads, cli ? 0.0 : r.init_ms, wall / 1e3,
	    r.npages * r.passes * nthreads / (wall / 1e3),
	    sum_ms / ((double)r.npages * r.passes * nthreads),
	    scored > 0 ? sum_recall / scored : -1.0);

	for (i = 0; i < r.npages; i++) {
		pixDestroy(&r.pages[i].pix);
		free(r.pages[i].name);
		free(r.pages[i].truth);
	}
	free(r.pages);
	pthread_mutex_destroy(&r.lock);
	return 0;
}
