/* `ocrtop fsck [--repair]`: check the queues against the task data, and
 * repair with the same atomic actions an operator would use. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "cli-action.h"
#include "cmd.h"
#include "fsck.h"
#include "json-out.h"
#include "reply.h"
#include "sanitize.h"
#include "timefmt.h"
#include "xmalloc.h"

#define EXIT_INCONSISTENT 5

enum {
	OPT_REPAIR = 1,
	OPT_STUCK_AFTER
};

struct fsck_args {
	struct cli_action	 cli;
	int			 repair;
	int64_t			 stuck_ms;
};

/* A counter that disagrees with the census, and what it should be. */
struct counter_fix {
	const char	*name;
	const char	*key;
	long long	 have;
	long long	 want;
	int		 exact;		/* set (pending), rather than raise */
};

static int fsck_exec(struct ctx *ctx, int argc, char **argv);
static int fsck_option(void *state, int id, char *arg, char **cause);
static size_t counter_fixes(const struct ctx *ctx, const struct fsck_report *r, struct counter_fix *fix);
static void report_text(const struct ctx *ctx, const struct fsck_report *r, const struct counter_fix *fix,
    size_t nfix, long long problems);
static void report_json(const struct fsck_report *r, const struct counter_fix *fix, size_t nfix, long long problems);
static int repair(struct ctx *ctx, struct conn *c, const struct fsck_args *a, const struct fsck_report *r,
    const struct counter_fix *fix, size_t nfix);

static const struct opt fsck_options[] = {
	{ "repair", 0, OPT_REPAIR, OPT_NOARG, NULL, "fix what was found (after a preview)" },
	{ "stuck-after", 0, OPT_STUCK_AFTER, OPT_ARG, "DURATION", "processing longer than this without a lease is stuck (10m)" },
	{ NULL, 0, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_fsck_entry = {
	.name = "fsck",
	.usage = "[--repair] [options]",
	.summary = "check queues against task data: lost, orphaned, duplicated, stuck tasks, counters",
	.options = fsck_options,
	.shared = cli_action_options,
	.exec = fsck_exec,
};

static int
fsck_option(void *state, int id, char *arg, char **cause)
{
	struct fsck_args *a = state;
	int r = cli_action_option(&a->cli, id, arg, cause);

	if (r != 0)
		return r < 0 ? -1 : 0;
	if (id == OPT_REPAIR)
		a->repair = 1;
	else if (duration_parse(arg, 1000, &a->stuck_ms) < 0) {
		*cause = xasprintf("--stuck-after: '%s' is not a duration", arg);
		return -1;
	}
	return 0;
}

static size_t
counter_fixes(const struct ctx *ctx, const struct fsck_report *r, struct counter_fix *fix)
{
	const long long *cnt = r->counters;
	size_t n = 0;

	if (cnt[0] != NUM_UNKNOWN && cnt[0] < r->tasks)
		fix[n++] = (struct counter_fix){ "total", ctx->keys.stats_total, cnt[0], r->tasks, 0 };
	if (cnt[1] != NUM_UNKNOWN && cnt[1] < r->by_status[TS_COMPLETED])
		fix[n++] = (struct counter_fix){ "completed", ctx->keys.stats_completed, cnt[1],
		    r->by_status[TS_COMPLETED], 0 };
	if (cnt[2] != NUM_UNKNOWN && cnt[2] < r->by_status[TS_FAILED])
		fix[n++] = (struct counter_fix){ "failed", ctx->keys.stats_failed, cnt[2], r->by_status[TS_FAILED], 0 };
	if (cnt[3] != NUM_UNKNOWN && cnt[3] != r->by_status[TS_PENDING])
		fix[n++] = (struct counter_fix){ "pending", ctx->keys.stats_pending, cnt[3], r->by_status[TS_PENDING], 1 };
	return n;
}

static void
report_text(const struct ctx *ctx, const struct fsck_report *r, const struct counter_fix *fix, size_t nfix,
    long long problems)
{
	struct buf b = BUF_INIT;
	size_t i;
	int k;

	buf_adds(&b, "fsck: ");
	fmt_count_noun(&b, r->tasks, "task hash", "task hashes");
	buf_adds(&b, ", FIFO ");
	fmt_count(&b, r->fifo_len);
	buf_adds(&b, ", priority set ");
	fmt_count(&b, r->prio_len);
	buf_addc(&b, '\n');
	for (k = 0; k < FSCK_KINDS; k++) {
		const struct fsck_list *l = &r->lists[k];

		buf_printf(&b, "  %-50s ", fsck_kind_name((enum fsck_kind)k));
		fmt_count(&b, l->total);
		for (i = 0; i < l->n && i < 8; i++) {
			buf_addc(&b, i == 0 ? ' ' : ',');
			buf_addc(&b, ' ');
			sanitize_append(&b, l->ids[i], l->lens[i], 40, ctx->san);
		}
		if (l->total > 8)
			buf_adds(&b, " ...");
		buf_addc(&b, '\n');
	}
	buf_adds(&b, "  processing without a live ocrtop lease (the platform's own workers, or dead ones) ");
	fmt_count(&b, r->processing_unleased);
	buf_addc(&b, '\n');
	for (i = 0; i < nfix; i++) {
		buf_printf(&b, "  counter %s is ", fix[i].name);
		fmt_count(&b, fix[i].have);
		buf_adds(&b, fix[i].exact ? " but " : ", lower than the ");
		fmt_count(&b, fix[i].want);
		buf_printf(&b, " %s task%s\n", fix[i].exact ? "tasks are pending" : fix[i].name, fix[i].exact ? "" : "s");
	}
	if (problems == 0)
		buf_adds(&b, "fsck: consistent\n");
	else {
		buf_adds(&b, "fsck: ");
		fmt_count_noun(&b, problems, "problem", "problems");
		buf_adds(&b, "\n");
	}
	fputs(buf_str(&b), stdout);
	buf_free(&b);
}

static void
report_json(const struct fsck_report *r, const struct counter_fix *fix, size_t nfix, long long problems)
{
	static const char *const names[FSCK_KINDS] = { "lost", "no_data", "duplicate", "stuck" };
	json_t *o = json_object(), *counters = json_array();
	size_t i;
	int k;

	json_object_set_new(o, "tasks", json_integer(r->tasks));
	json_object_set_new(o, "fifo", json_integer(r->fifo_len));
	json_object_set_new(o, "priority", json_integer(r->prio_len));
	for (k = 0; k < FSCK_KINDS; k++) {
		json_t *l = json_object(), *ids = json_array();

		json_object_set_new(l, "count", json_integer(r->lists[k].total));
		for (i = 0; i < r->lists[k].n; i++)
			json_array_append_new(ids, json_bytes(r->lists[k].ids[i], r->lists[k].lens[i]));
		json_object_set_new(l, "task_ids", ids);
		json_object_set_new(o, names[k], l);
	}
	json_object_set_new(o, "processing_unleased", json_integer(r->processing_unleased));
	for (i = 0; i < nfix; i++)
		json_array_append_new(counters, json_pack("{s:s, s:I, s:I}", "counter", fix[i].name, "value",
		    (json_int_t)fix[i].have, "census", (json_int_t)fix[i].want));
	json_object_set_new(o, "counters", counters);
	json_object_set_new(o, "problems", json_integer(problems));
	json_print(o);
}

static int
repair(struct ctx *ctx, struct conn *c, const struct fsck_args *a, const struct fsck_report *r,
    const struct counter_fix *fix, size_t nfix)
{
	static const enum action_kind kinds[FSCK_KINDS] = { ACT_REQUEUE, ACT_UNQUEUE, ACT_DEDUPE, ACT_REQUEUE };
	struct action_opts o;
	struct scripts sc;
	char *cause = NULL;
	int k, rc = EXIT_OK, r1;
	long long stuck_requeued = 0;
	size_t i;

	memset(&o, 0, sizeof o);
	memset(&sc, 0, sizeof sc);
	for (k = 0; k < FSCK_KINDS; k++) {
		struct cli_action quiet = a->cli;

		if (r->lists[k].n == 0)
			continue;
		if (k == FSCK_STUCK)
			stuck_requeued = (long long)r->lists[k].n;
		quiet.yes = 1;		/* confirmed once, for the whole repair */
		o.force = k == FSCK_STUCK;
		r1 = cli_action_execute(ctx, c, &quiet, kinds[k], &o, r->lists[k].ids, r->lists[k].lens, r->lists[k].n,
		    fsck_kind_name((enum fsck_kind)k), "", 1);
		if (r1 != EXIT_OK && rc == EXIT_OK)
			rc = r1;
	}
	for (i = 0; i < nfix; i++) {
		char want[24];
		const char *keys[1] = { fix[i].key }, *args[1] = { want };
		redisReply *rr;

		/* The stuck tasks just requeued are pending now too. */
		snprintf(want, sizeof want, "%lld", fix[i].want + (fix[i].exact ? stuck_requeued : 0));
		if (fix[i].exact)
			rr = conn_cmd(c, &cause, "SET %s %s", fix[i].key, want);
		else
			rr = scripts_call(&sc, c, SCRIPT_RAISE, 1, keys, NULL, 1, args, NULL, &cause);
		if (rr == NULL) {
			ctx_error(ctx, cause);
			free(cause);
			cause = NULL;
			rc = EXIT_ERROR;
			continue;
		}
		freeReplyObject(rr);
		if (!a->cli.json)
			printf("counter %s set to %s\n", fix[i].name, want);
		cli_action_audit(ctx, c, "fsck counter", fix[i].name, fix[i].key, "set", 1, 1);
	}
	return rc;
}

static int
fsck_exec(struct ctx *ctx, int argc, char **argv)
{
	struct fsck_args a;
	struct fsck_report r;
	struct counter_fix fix[4];
	struct conn c;
	struct buf preview = BUF_INIT;
	char *cause = NULL;
	long long problems = 0;
	size_t nfix;
	int first, rc, k;

	memset(&a, 0, sizeof a);
	a.stuck_ms = 10 * 60000;
	first = cmd_parse(ctx, &cmd_fsck_entry, argc, argv, fsck_option, &a);
	if (first <= 0)
		return first < 0 ? EXIT_USAGE : EXIT_OK;
	if (first < argc) {
		ctx_error(ctx, "fsck takes no operands");
		return EXIT_USAGE;
	}
	if (ctx_resolve(ctx, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (a.repair && (rc = cli_action_refuse(ctx, &a.cli, "fsck --repair", "--repair", "")) != 0)
		return rc;
	if (ctx_connect(ctx, &c, "fsck", &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		conn_free(&c);
		return EXIT_ERROR;
	}
	if (fsck_run(&c, &ctx->keys, a.stuck_ms, &r, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		conn_free(&c);
		return EXIT_ERROR;
	}
	nfix = counter_fixes(ctx, &r, fix);
	for (k = 0; k < FSCK_KINDS; k++)
		problems += r.lists[k].total;
	problems += (long long)nfix;
	if (a.cli.json && !a.repair)
		report_json(&r, fix, nfix, problems);
	else
		report_text(ctx, &r, fix, nfix, problems);
	rc = problems == 0 ? EXIT_OK : EXIT_INCONSISTENT;
	if (a.repair && problems > 0) {
		buf_adds(&preview, "repair: ");
		for (k = 0; k < FSCK_KINDS; k++) {
			if (r.lists[k].n == 0)
				continue;
			fmt_count(&preview, (long long)r.lists[k].n);
			buf_printf(&preview, " %s (%s), ", fsck_kind_name((enum fsck_kind)k),
			    k == FSCK_NO_DATA ? "set aside" : k == FSCK_DUPLICATE ? "one entry kept" : "requeued");
		}
		buf_printf(&preview, "%zu counter%s", nfix, nfix == 1 ? "" : "s");
		if (ctx->read_only && !a.cli.dry_run)
			rc = ctx_refuse_if_read_only(ctx, "fsck --repair");
		else if ((rc = cli_action_confirm(ctx, &a.cli, buf_str(&preview), (long)problems, 1)) == 0 &&
		    !a.cli.dry_run)
			rc = repair(ctx, &c, &a, &r, fix, nfix);
		else if (a.cli.dry_run)
			rc = EXIT_INCONSISTENT;
	}
	buf_free(&preview);
	fsck_free(&r);
	conn_free(&c);
	return rc;
}
