/* `ocrtop worker`: run OCR workers as a service, next to the platform's
 * own: claim, recognise with tesseract, record, notify; never lose a task. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "timefmt.h"
#include "worker.h"
#include "worklog.h"
#include "xmalloc.h"

enum {
	OPT_THREADS = 1,
	OPT_LEASE,
	OPT_MAX_ATTEMPTS,
	OPT_FILES_DIR,
	OPT_LANG,
	OPT_PSM,
	OPT_MAX_PIXELS,
	OPT_MAX_FILE_SIZE,
	OPT_TASK_TIMEOUT,
	OPT_GRACE,
	OPT_DRAIN,
	OPT_MAX_TASKS,
	OPT_LOG,
	OPT_LOG_JSON,
	OPT_QUIET
};

struct worker_args {
	struct worker_opts	 w;
	int64_t			 grace_ms;
	const char		*log;
	int			 log_json;
	int			 quiet;
};

static int worker_exec(struct ctx *ctx, int argc, char **argv);
static int worker_option(void *state, int id, char *arg, char **cause);
static int parse_size(const char *arg, long long unit_k, long long *out);
static void on_signal(int sig);

/* The write end of the stop pipe, for the signal handler. */
static volatile int stop_fd = -1;

static const struct opt worker_options[] = {
	{ "threads", 't', OPT_THREADS, OPT_ARG, "N", "worker threads (default: the number of cores)" },
	{ "files-dir", 0, OPT_FILES_DIR, OPT_ARG, "DIR", "where images are: DIR/<file_id>[.ext]; file_path must stay inside" },
	{ "lang", 0, OPT_LANG, OPT_ARG, "LANG", "tesseract language(s), e.g. eng or eng+deu (eng)" },
	{ "psm", 0, OPT_PSM, OPT_ARG, "N", "tesseract page segmentation mode (its default)" },
	{ "lease", 0, OPT_LEASE, OPT_ARG, "DURATION", "a dead worker's task is recovered after this (60s)" },
	{ "max-attempts", 0, OPT_MAX_ATTEMPTS, OPT_ARG, "N", "attempts before a task fails for good (3)" },
	{ "task-timeout", 0, OPT_TASK_TIMEOUT, OPT_ARG, "DURATION", "per-image recognition deadline (60s)" },
	{ "max-pixels", 0, OPT_MAX_PIXELS, OPT_ARG, "N", "refuse larger images, e.g. 40M (40M)" },
	{ "max-file-size", 0, OPT_MAX_FILE_SIZE, OPT_ARG, "BYTES", "refuse larger files, e.g. 50M (50M)" },
	{ "grace", 0, OPT_GRACE, OPT_ARG, "DURATION", "on SIGTERM, let running tasks finish for this long (30s)" },
	{ "drain", 0, OPT_DRAIN, OPT_NOARG, NULL, "exit when nothing is queued or in progress" },
	{ "max-tasks", 0, OPT_MAX_TASKS, OPT_ARG, "N", "exit after N tasks" },
	{ "log", 0, OPT_LOG, OPT_ARG, "FILE", "append the per-task log to FILE (default stderr)" },
	{ "log-json", 0, OPT_LOG_JSON, OPT_NOARG, NULL, "log JSON lines" },
	{ "quiet", 'q', OPT_QUIET, OPT_NOARG, NULL, "no per-task log" },
	{ NULL, 0, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_worker_entry = {
	.name = "worker",
	.usage = "[--threads N] [--files-dir DIR] [--drain] [options]",
	.summary = "run OCR workers: claim tasks reliably, recognise with tesseract, record and notify",
	.options = worker_options,
	.exec = worker_exec,
};

static void
on_signal(int sig)
{
	int saved = errno;

	(void)sig;
	if (stop_fd >= 0 && write(stop_fd, "s", 1) < 0) {
		/* nothing to do in a handler */
	}
	errno = saved;
}

/* Parses "1500", "40M", "2G" (unit_k: 1000 for pixels, 1024 for bytes). */
static int
parse_size(const char *arg, long long unit_k, long long *out)
{
	char *end;
	double v = strtod(arg, &end);
	long long mult = 1;

	if (end == arg || v < 0)
		return -1;
	if (*end == 'K' || *end == 'k')
		mult = unit_k;
	else if (*end == 'M' || *end == 'm')
		mult = unit_k * unit_k;
	else if (*end == 'G' || *end == 'g')
		mult = unit_k * unit_k * unit_k;
	else if (*end != '\0')
		return -1;
	if (*end != '\0' && end[1] != '\0' && strcmp(end + 1, "B") != 0 && strcmp(end + 1, "iB") != 0)
		return -1;
	*out = (long long)(v * (double)mult);
	return 0;
}

static int
worker_option(void *state, int id, char *arg, char **cause)
{
	struct worker_args *a = state;
	long long size;
	long v;
	int64_t ms;

	switch (id) {
	case OPT_THREADS:
		if (opts_long("--threads", arg, 1, WORKER_MAX_THREADS, &v, cause) < 0)
			return -1;
		a->w.threads = (int)v;
		break;
	case OPT_MAX_ATTEMPTS:
		if (opts_long("--max-attempts", arg, 1, 1000000000, &v, cause) < 0)
			return -1;
		a->w.max_attempts = (int)v;
		break;
	case OPT_PSM:
		if (opts_long("--psm", arg, 0, 13, &v, cause) < 0)
			return -1;
		a->w.psm = (int)v;
		break;
	case OPT_MAX_TASKS:
		return opts_long("--max-tasks", arg, 0, 1000000000, &a->w.max_tasks, cause);
	case OPT_LEASE:
	case OPT_TASK_TIMEOUT:
	case OPT_GRACE:
		if (duration_parse(arg, 1000, &ms) < 0 || ms <= 0 || ms > 86400000) {
			*cause = xasprintf("'%s' is not a duration (e.g. 30s, 2m)", arg);
			return -1;
		}
		if (id == OPT_LEASE)
			a->w.lease_ms = ms < 1000 ? 1000 : ms;
		else if (id == OPT_TASK_TIMEOUT)
			a->w.limits.timeout_ms = (int)ms;
		else
			a->grace_ms = ms;
		break;
	case OPT_MAX_PIXELS:
	case OPT_MAX_FILE_SIZE:
		if (parse_size(arg, id == OPT_MAX_PIXELS ? 1000 : 1024, &size) < 0 || size <= 0) {
			*cause = xasprintf("'%s' is not a size (e.g. 40M)", arg);
			return -1;
		}
		if (id == OPT_MAX_PIXELS)
			a->w.limits.max_pixels = (long)size;
		else
			a->w.limits.max_file_bytes = (long)size;
		break;
	case OPT_FILES_DIR:
		a->w.files_dir = arg;
		break;
	case OPT_LANG:
		a->w.lang = arg;
		break;
	case OPT_DRAIN:
		a->w.drain = 1;
		break;
	case OPT_LOG:
		a->log = arg;
		break;
	case OPT_LOG_JSON:
		a->log_json = 1;
		break;
	case OPT_QUIET:
		a->quiet = 1;
		break;
	}
	return 0;
}

static int
worker_exec(struct ctx *ctx, int argc, char **argv)
{
	struct worker_args a;
	struct worker_pool *pool;
	struct worker_stats st;
	struct worklog log;
	struct sigaction sa;
	struct stat sb;
	char *cause = NULL, *desc;
	int first, pipefd[2], rc = EXIT_OK, signalled;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	memset(&a, 0, sizeof a);
	a.w.threads = cores > 0 ? (int)(cores > WORKER_MAX_THREADS ? WORKER_MAX_THREADS : cores) : 1;
	a.w.lease_ms = 60000;
	a.w.max_attempts = 3;
	a.w.lang = "eng";
	a.w.psm = -1;
	ocr_limits_init(&a.w.limits);
	a.grace_ms = 30000;
	first = cmd_parse(ctx, &cmd_worker_entry, argc, argv, worker_option, &a);
	if (first <= 0)
		return first < 0 ? EXIT_USAGE : EXIT_OK;
	if (first < argc) {
		ctx_error(ctx, "worker takes no operands (see 'ocrtop worker --help')");
		return EXIT_USAGE;
	}
	if (a.w.files_dir != NULL && (stat(a.w.files_dir, &sb) < 0 || !S_ISDIR(sb.st_mode))) {
		cause = xasprintf("--files-dir %s is not a directory", a.w.files_dir);
		ctx_error(ctx, cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (ctx_resolve(ctx, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (ctx->read_only) {
		ctx_error(ctx, "worker: refused in read-only mode (a worker changes tasks)");
		return EXIT_ERROR;
	}
	if (a.quiet)
		worklog_none(&log);
	else if (worklog_open(&log, a.log, a.log_json, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		return EXIT_USAGE;
	}
	a.w.log = &log;
	if (pipe(pipefd) < 0) {
		ctx_error(ctx, "cannot create a pipe");
		worklog_close(&log);
		return EXIT_ERROR;
	}
	stop_fd = pipefd[1];
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	desc = endpoint_describe(&ctx->ep);
	worklog_event(&log, "main", "starting", desc);
	free(desc);
	if ((pool = worker_pool_start(&ctx->ep, &ctx->conn_opts, &ctx->keys, &a.w, &cause)) == NULL) {
		ctx_error(ctx, cause);
		free(cause);
		rc = EXIT_ERROR;
		goto out;
	}
	signalled = worker_pool_wait(pool, pipefd[0]);
	if (signalled)
		worklog_event(&log, "main", "stopping", "signal: finishing running tasks within the grace period");
	worker_pool_stats(pool, &st);
	worker_pool_stop(pool, a.grace_ms);
	if (st.done == 0 && st.failed == 0 && st.error != NULL && !signalled) {
		/* Every thread gave up before doing anything: say why. */
		ctx_error(ctx, st.error);
		rc = EXIT_ERROR;
	}
	free(st.error);
out:
	stop_fd = -1;
	close(pipefd[0]);
	close(pipefd[1]);
	worklog_close(&log);
	return rc;
}
