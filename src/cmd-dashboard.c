/* `ocrtop` / `ocrtop dashboard`: the live console. Its options and its
 * start are shared with `ocrtop demo` (dashboard.h). */
#include "config.h"

#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "dashboard.h"
#include "timefmt.h"
#include "ui.h"
#include "worker.h"
#include "xmalloc.h"

enum {
	OPT_INTERVAL = 1,
	OPT_THEME,
	OPT_STUCK_AFTER,
	OPT_IDLE_MINUTES,
	OPT_MAX_WAIT,
	OPT_SCAN_COUNT,
	OPT_CENSUS_SHARE,
	OPT_FILES_DIR,
	OPT_LANG,
	OPT_WORKERS,
	OPT_WORKER_LOG
};

static int dashboard_exec(struct ctx *ctx, int argc, char **argv);

const struct opt dashboard_options[] = {
	{ "interval", 'd', OPT_INTERVAL, OPT_ARG, "DURATION", "refresh every DURATION (1s; a bare number is seconds)" },
	{ "theme", 0, OPT_THEME, OPT_ARG, "NAME", "colours: default or mono" },
	{ "stuck-after", 0, OPT_STUCK_AFTER, OPT_ARG, "DURATION", "processing longer than this is stuck (10m)" },
	{ "idle-minutes", 0, OPT_IDLE_MINUTES, OPT_ARG, "N", "sessions idle longer are idle (30)" },
	{ "max-wait", 0, OPT_MAX_WAIT, OPT_ARG, "DURATION", "alert when work waits longer with no idle worker (5m)" },
	{ "scan-count", 0, OPT_SCAN_COUNT, OPT_ARG, "N", "SCAN COUNT per census batch (1000)" },
	{ "census-share", 0, OPT_CENSUS_SHARE, OPT_ARG, "PERCENT",
	  "wall time spent walking the census at steady state (1.5)" },
	{ "files-dir", 0, OPT_FILES_DIR, OPT_ARG, "DIR", "images for the in-process workers (W), as for worker" },
	{ "lang", 0, OPT_LANG, OPT_ARG, "LANG", "tesseract language(s) for the in-process workers (eng)" },
	{ "workers", 0, OPT_WORKERS, OPT_ARG, "N", "threads W starts (default: the number of cores)" },
	{ "worker-log", 0, OPT_WORKER_LOG, OPT_ARG, "FILE", "append the in-process workers' log to FILE" },
	{ NULL, 0, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_dashboard_entry = {
	.name = "dashboard",
	.usage = "[options]",
	.summary = "the live console (the default command)",
	.options = dashboard_options,
	.exec = dashboard_exec,
};

void
dash_args_init(struct dash_args *a)
{
	memset(a, 0, sizeof *a);
	a->interval_ms = 1000;
	a->stuck_after_ms = 10 * 60000;
	a->max_wait_ms = 5 * 60000;
	a->idle_minutes = 30;
	a->scan_count = 1000;
	a->census_share = 0.015;
	a->lang = "eng";
}

int
dashboard_option(void *state, int id, char *arg, char **cause)
{
	struct dash_args *a = state;
	char *end;
	double d;

	switch (id) {
	case OPT_INTERVAL:
		if (duration_parse(arg, 1000, &a->interval_ms) < 0 || a->interval_ms < 100 ||
		    a->interval_ms > 3600000) {
			*cause = xasprintf("--interval: '%s' is not a duration from 0.1s to 1h", arg);
			return -1;
		}
		a->interval_given = 1;
		break;
	case OPT_THEME:
		a->theme = arg;
		break;
	case OPT_STUCK_AFTER:
	case OPT_MAX_WAIT:
		if (duration_parse(arg, 1000, id == OPT_STUCK_AFTER ? &a->stuck_after_ms : &a->max_wait_ms) < 0) {
			*cause = xasprintf("'%s' is not a duration (e.g. 90s, 10m)", arg);
			return -1;
		}
		break;
	case OPT_IDLE_MINUTES:
		return opts_long("--idle-minutes", arg, 1, 1000000, &a->idle_minutes, cause);
	case OPT_SCAN_COUNT:
		return opts_long("--scan-count", arg, 1, 1000000, &a->scan_count, cause);
	case OPT_WORKERS:
		return opts_long("--workers", arg, 1, WORKER_MAX_THREADS, &a->workers, cause);
	case OPT_FILES_DIR:
		a->files_dir = arg;
		break;
	case OPT_LANG:
		a->lang = arg;
		break;
	case OPT_WORKER_LOG:
		a->worker_log = arg;
		break;
	case OPT_CENSUS_SHARE:
		d = strtod(arg, &end);
		if (*arg == '\0' || *end != '\0' || d <= 0 || d > 100) {
			*cause = xasprintf("--census-share: '%s' is not a percentage", arg);
			return -1;
		}
		a->census_share = d / 100.0;
		break;
	}
	return 0;
}

int
dashboard_run(struct ctx *ctx, const struct dash_args *a, int demo)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int64_t interval = !a->interval_given && ctx->prof.interval_ms > 0 ? ctx->prof.interval_ms : a->interval_ms;
	const char *theme = a->theme != NULL ? a->theme : ctx->prof.theme;
	struct collector_opts co;
	struct ui_opts uo;
	char *cause = NULL;

	if (theme != NULL && theme_lookup(theme, &cause) == NULL) {
		ctx_error(ctx, cause);
		free(cause);
		return EXIT_USAGE;
	}
#ifdef M_MMAP_THRESHOLD
	/* A fixed threshold turns glibc's sliding one off, so the census's big
	 * tables and large replies are mapped and given back when freed: RSS
	 * stays flat over hours instead of keeping each cycle's peak. */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
	memset(&co, 0, sizeof co);
	co.interval_ms = interval;
	co.census_share = a->census_share;
	co.census.scan_count = (unsigned)a->scan_count;
	co.census.samples = 1;
	co.census.stuck_after_ms = a->stuck_after_ms;
	co.census.idle_ms = (int64_t)a->idle_minutes * 60000;
	co.snapshot.days = 30;
	co.alerts.max_wait_ms = a->max_wait_ms;
	co.alerts.stuck_after_ms = a->stuck_after_ms;
	memset(&uo, 0, sizeof uo);
	uo.interval_ms = interval;
	uo.theme = theme;
	uo.header_color = ctx->prof.header != NULL ? profile_color(ctx->prof.header) : -1;
	uo.profile = ctx->prof.name;
	uo.demo = demo;
	uo.start_workers = demo;
	/* The demo leaves a core to the screen and to Redis. */
	if (cores < 1)
		cores = 1;
	if (cores > 8)
		cores = 8;
	uo.workers.threads = a->workers > 0 ? (int)a->workers : demo && cores > 1 ? (int)cores - 1 : (int)cores;
	uo.workers.lease_ms = 60000;
	uo.workers.max_attempts = 3;
	uo.workers.files_dir = a->files_dir;
	uo.workers.lang = a->lang;
	uo.workers.psm = -1;
	ocr_limits_init(&uo.workers.limits);
	uo.worker_log = a->worker_log;
	return ui_run(ctx, &uo, &co);
}

static int
dashboard_exec(struct ctx *ctx, int argc, char **argv)
{
	struct dash_args a;
	char *cause = NULL;
	int first;

	dash_args_init(&a);
	first = cmd_parse(ctx, &cmd_dashboard_entry, argc, argv, dashboard_option, &a);
	if (first <= 0)
		return first < 0 ? EXIT_USAGE : EXIT_OK;
	if (first < argc) {
		ctx_error(ctx, "dashboard takes no operands (see 'ocrtop dashboard --help')");
		return EXIT_USAGE;
	}
	if (ctx_resolve(ctx, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		return EXIT_USAGE;
	}
	return dashboard_run(ctx, &a, 0);
}
