/* The worker pool with the OCR step stubbed out: what claiming, recording
 * results, counters and notifications cost per task, with nothing else.
 * Runs the real worker_pool (as `ocrtop worker --drain` does: heartbeat,
 * registry, claim and complete scripts, imagepath_resolve) with a backend
 * whose engine is a dummy pointer and whose recognition returns a fixed
 * two-word result at once. Benchmark build only: ocrtop itself has no
 * way to select this backend.
 *
 * usage: queue-overhead [-t threads] [-w idle_wait_ms] FILES_DIR SOCKET
 * Prints "result threads=.. done=.. failed=.. retried=.. wall_ms=.."
 * (wall: from worker_pool_start until the pool has drained and stopped). */
#define _POSIX_C_SOURCE 200809L

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conn.h"
#include "endpoint.h"
#include "keys.h"
#include "ocr.h"
#include "worker.h"
#include "worklog.h"

#define STUB_TEXT	"stub result"

static double now_ms(void);
static struct ocr_engine *stub_new(const char *lang, int psm, char **cause);
static void stub_set_cancel(struct ocr_engine *e, const atomic_int *flag);
static enum ocr_status stub_recognize(struct ocr_engine *e, const char *path,
    const struct ocr_limits *lim, struct ocr_result *res, char **cause);
static void stub_free(struct ocr_engine *e);
static void usage(void) __attribute__((noreturn));

/* Engines are opaque: any non-NULL pointer will do for the stub. */
static char stub_engine;

static const struct ocr_backend stub_backend = {
	stub_new, stub_set_cancel, stub_recognize, stub_free
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static struct ocr_engine *
stub_new(const char *lang, int psm, char **cause)
{
	(void)lang;
	(void)psm;
	(void)cause;
	return (struct ocr_engine *)(void *)&stub_engine;
}

static void
stub_set_cancel(struct ocr_engine *e, const atomic_int *flag)
{
	(void)e;
	(void)flag;
}

static enum ocr_status
stub_recognize(struct ocr_engine *e, const char *path, const struct ocr_limits *lim,
    struct ocr_result *res, char **cause)
{
	(void)e;
	(void)path;
	(void)lim;
	(void)cause;
	memset(res, 0, sizeof *res);
	if ((res->text = strdup(STUB_TEXT)) == NULL)
		abort();
	res->confidence = 0.95;
	res->word_count = 2;
	res->processing_ms = 0;
	return OCR_OK;
}

static void
stub_free(struct ocr_engine *e)
{
	(void)e;
}

static void
usage(void)
{
	fprintf(stderr, "usage: queue-overhead [-t threads] [-w idle_wait_ms] FILES_DIR SOCKET\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct key_overrides ko = { NULL, NULL, NULL, NULL };
	struct conn_opts copts = { 5000, 5000, NULL };
	struct worker_opts opts;
	struct worker_pool *pool;
	struct worker_stats st;
	struct endpoint ep;
	struct worklog log;
	struct keys keys;
	char *cause = NULL, *url;
	double t0, wall;
	int c, threads = 1, idle_wait = 0;

	while ((c = getopt(argc, argv, "t:w:")) != -1) {
		switch (c) {
		case 't':
			threads = atoi(optarg);
			break;
		case 'w':
			idle_wait = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2 || threads < 1 || threads > WORKER_MAX_THREADS || idle_wait < 0)
		usage();
	if ((url = malloc(strlen(argv[optind + 1]) + 8)) == NULL)
		abort();
	sprintf(url, "unix://%s", argv[optind + 1]);
	if (endpoint_parse_url(&ep, url, &cause) < 0) {
		fprintf(stderr, "queue-overhead: %s\n", cause);
		return 1;
	}
	free(url);
	keys_init(&keys, "ocr", &ko);
	worklog_none(&log);

	/* What `ocrtop worker --drain -q` would use, but for the backend. */
	memset(&opts, 0, sizeof opts);
	opts.threads = threads;
	opts.lease_ms = 60000;
	opts.max_attempts = 3;
	opts.files_dir = argv[optind];
	opts.lang = "eng";
	opts.psm = -1;
	ocr_limits_init(&opts.limits);
	opts.drain = 1;
	opts.idle_wait_ms = idle_wait;	/* 0: the pool's default */
	opts.log = &log;
	opts.ocr = &stub_backend;

	t0 = now_ms();
	if ((pool = worker_pool_start(&ep, &copts, &keys, &opts, &cause)) == NULL) {
		fprintf(stderr, "queue-overhead: %s\n", cause);
		return 1;
	}
	worker_pool_wait(pool, -1);
	worker_pool_stats(pool, &st);
	worker_pool_stop(pool, 1000);
	wall = now_ms() - t0;
	if (st.error != NULL)
		fprintf(stderr, "queue-overhead: %s\n", st.error);
	printf("result threads=%d done=%lld failed=%lld retried=%lld orphans=%lld wall_ms=%.1f\n",
	    threads, st.done, st.failed, st.retried, st.orphans, wall);
	free(st.error);
	keys_free(&keys);
	endpoint_free(&ep);
	return st.done > 0 && st.failed == 0 ? 0 : 1;
}
