/* `ocrtop status`: the whole platform in one screen of text, one JSON
 * object, or one Nagios line. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "json-out.h"
#include "sanitize.h"
#include "status-json.h"
#include "status-text.h"
#include "survey.h"
#include "timefmt.h"
#include "xmalloc.h"

#define CHECK_UNKNOWN 3

enum {
	OPT_JSON = 1,
	OPT_CHECK,
	OPT_STUCK_AFTER,
	OPT_IDLE_MINUTES,
	OPT_MAX_WAIT,
	OPT_DAYS,
	OPT_SCAN_COUNT
};

struct status_args {
	int			json;
	int			check;
	struct survey_opts	o;
};

static int status_exec(struct ctx *ctx, int argc, char **argv);
static int status_option(void *state, int id, char *arg, char **cause);
static int fail(const struct ctx *ctx, const struct status_args *a, const char *cause, int connect_failed);

static const struct opt status_options[] = {
	{ "json", 0, OPT_JSON, OPT_NOARG, NULL, "print one JSON object" },
	{ "check", 0, OPT_CHECK, OPT_NOARG, NULL, "print one line; exit 0 OK, 1 warning, 2 critical, 3 unknown" },
	{ "stuck-after", 0, OPT_STUCK_AFTER, OPT_ARG, "DURATION", "processing longer than this is stuck (10m)" },
	{ "idle-minutes", 0, OPT_IDLE_MINUTES, OPT_ARG, "N", "sessions idle longer are idle (30)" },
	{ "max-wait", 0, OPT_MAX_WAIT, OPT_ARG, "DURATION", "alert when work waits longer with no idle worker (5m)" },
	{ "days", 0, OPT_DAYS, OPT_ARG, "N", "daily stats to show (7)" },
	{ "scan-count", 0, OPT_SCAN_COUNT, OPT_ARG, "N", "SCAN COUNT per batch (1000)" },
	{ NULL, 0, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = "[--json | --check] [options]",
	.summary = "show queue, tasks, sessions, counters, daily stats, Redis health and alerts",
	.options = status_options,
	.exec = status_exec,
};


static int
status_option(void *state, int id, char *arg, char **cause)
{
	struct status_args *a = state;

	switch (id) {
	case OPT_JSON:
		a->json = 1;
		break;
	case OPT_CHECK:
		a->check = 1;
		break;
	case OPT_STUCK_AFTER:
	case OPT_MAX_WAIT:
		if (duration_parse(arg, 1000, id == OPT_STUCK_AFTER ? &a->o.stuck_after_ms : &a->o.max_wait_ms) < 0) {
			*cause = xasprintf("--%s: '%s' is not a duration (e.g. 90s, 10m, 2h)",
			    id == OPT_STUCK_AFTER ? "stuck-after" : "max-wait", arg);
			return -1;
		}
		break;
	case OPT_IDLE_MINUTES:
		return opts_long("--idle-minutes", arg, 1, 525600, &a->o.idle_minutes, cause);
	case OPT_DAYS:
		return opts_long("--days", arg, 0, 366, &a->o.days, cause);
	case OPT_SCAN_COUNT:
		return opts_long("--scan-count", arg, 1, 100000, &a->o.scan_count, cause);
	}
	return 0;
}

/* Reports a failure; in --check mode as a Nagios line: CRITICAL when Redis
 * cannot be reached, UNKNOWN when ocrtop cannot look (auth, ACL, usage). */
static int
fail(const struct ctx *ctx, const struct status_args *a, const char *cause, int connect_failed)
{
	if (a->check) {
		struct buf b = BUF_INIT;

		buf_printf(&b, "OCRTOP %s - ", connect_failed ? "CRITICAL" : "UNKNOWN");
		sanitize_append(&b, cause, strlen(cause), 0, ctx->san);
		buf_addc(&b, '\n');
		fputs(buf_str(&b), stdout);
		buf_free(&b);
		return connect_failed ? 2 : CHECK_UNKNOWN;
	}
	ctx_error(ctx, cause);
	return EXIT_ERROR;
}

static int
status_exec(struct ctx *ctx, int argc, char **argv)
{
	struct status_args a;
	struct survey sv;
	struct conn c;
	char *cause = NULL, *desc;
	struct buf out = BUF_INIT;
	int first, rc;

	memset(&a, 0, sizeof a);
	survey_opts_init(&a.o);
	first = cmd_parse(ctx, &cmd_status_entry, argc, argv, status_option, &a);
	if (first <= 0)
		return first < 0 ? (a.check ? CHECK_UNKNOWN : EXIT_USAGE) : EXIT_OK;
	if (first < argc) {
		ctx_error(ctx, "status takes no operands (see 'ocrtop status --help')");
		return a.check ? CHECK_UNKNOWN : EXIT_USAGE;
	}
	if (a.json && a.check) {
		ctx_error(ctx, "status: choose one of --json and --check");
		return CHECK_UNKNOWN;
	}
	if (ctx_resolve(ctx, &cause) < 0) {
		rc = fail(ctx, &a, cause, 0);
		free(cause);
		return a.check ? rc : EXIT_USAGE;
	}
	if ((rc = ctx_connect(ctx, &c, "status", &cause)) < 0) {
		rc = fail(ctx, &a, cause, c.rc == NULL && strncmp(cause, "cannot connect", 14) == 0);
		free(cause);
		conn_free(&c);
		return rc;
	}
	if (survey_take(&sv, &c, &ctx->keys, &a.o, &cause) < 0) {
		rc = fail(ctx, &a, cause, 0);
		free(cause);
		conn_free(&c);
		return rc;
	}
	rc = EXIT_OK;
	if (a.json) {
		if (json_print(status_json(&sv.snap)) < 0)
			rc = EXIT_ERROR;
	} else if (a.check) {
		rc = status_check_line(&out, &sv.snap, ctx->san);
		fputs(buf_str(&out), stdout);
	} else {
		desc = endpoint_describe(&ctx->ep);
		status_text(&out, &sv.snap, desc, ctx->san);
		free(desc);
		fputs(buf_str(&out), stdout);
	}
	if (fflush(stdout) != 0)
		rc = EXIT_ERROR;
	buf_free(&out);
	survey_free(&sv);
	conn_free(&c);
	return rc;
}
