/* `ocrtop requeue`: put tasks back where they belong, by id or in bulk. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli-action.h"
#include "cmd.h"
#include "select.h"
#include "timefmt.h"
#include "xmalloc.h"

enum {
	OPT_FAILED = 1,
	OPT_STUCK,
	OPT_STATUS,
	OPT_USER,
	OPT_RESET_ATTEMPTS,
	OPT_FORCE
};

struct requeue_args {
	struct cli_action	 cli;
	struct task_filter	 f;
	int			 failed;
	int			 bulk;
	int			 reset;
	int			 force;
};

static int requeue_exec(struct ctx *ctx, int argc, char **argv);
static int requeue_option(void *state, int id, char *arg, char **cause);

static const struct opt requeue_options[] = {
	{ "failed", 0, OPT_FAILED, OPT_NOARG, NULL, "every failed task" },
	{ "stuck", 0, OPT_STUCK, OPT_OPTARG, "AGE", "tasks held by a dead worker, or processing longer than AGE (10m)" },
	{ "status", 0, OPT_STATUS, OPT_ARG, "S", "every task whose status is S" },
	{ "user", 0, OPT_USER, OPT_ARG, "U", "only tasks of user U (with the above, or alone)" },
	{ "reset-attempts", 0, OPT_RESET_ATTEMPTS, OPT_NOARG, NULL, "count attempts from zero again" },
	{ "force", 0, OPT_FORCE, OPT_NOARG, NULL, "also tasks processing by a worker without a lease" },
	{ NULL, 0, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_requeue_entry = {
	.name = "requeue",
	.usage = "ID... | --failed | --stuck[=AGE] | --status S | --user U [options]",
	.summary = "put tasks back in their queue (pending, error cleared), atomically and at most once",
	.options = requeue_options,
	.shared = cli_action_options,
	.exec = requeue_exec,
};

static int
requeue_option(void *state, int id, char *arg, char **cause)
{
	struct requeue_args *a = state;
	int r = cli_action_option(&a->cli, id, arg, cause);

	if (r != 0)
		return r < 0 ? -1 : 0;
	switch (id) {
	case OPT_FAILED:
		a->failed = a->bulk = 1;
		break;
	case OPT_STUCK:
		a->f.stuck = a->bulk = 1;
		if (arg != NULL && duration_parse(arg, 1000, &a->f.stuck_ms) < 0) {
			*cause = xasprintf("--stuck: '%s' is not a duration (e.g. 10m)", arg);
			return -1;
		}
		break;
	case OPT_STATUS:
		a->f.status = arg;
		a->bulk = 1;
		break;
	case OPT_USER:
		a->f.user = arg;
		a->bulk = 1;
		break;
	case OPT_RESET_ATTEMPTS:
		a->reset = 1;
		break;
	case OPT_FORCE:
		a->force = 1;
		break;
	}
	return 0;
}

static int
requeue_exec(struct ctx *ctx, int argc, char **argv)
{
	struct requeue_args a;
	struct action_opts o;
	struct selection sel;
	struct conn c;
	struct buf preview = BUF_INIT, desc = BUF_INIT;
	char *cause = NULL;
	int first, rc, i;

	memset(&a, 0, sizeof a);
	a.f.stuck_ms = 10 * 60000;
	memset(&sel, 0, sizeof sel);
	first = cmd_parse(ctx, &cmd_requeue_entry, argc, argv, requeue_option, &a);
	if (first <= 0)
		return first < 0 ? EXIT_USAGE : EXIT_OK;
	if ((first < argc) == a.bulk) {
		ctx_error(ctx, a.bulk ? "requeue: give task ids or a selection (--failed, --stuck...), not both" :
		    "requeue: which tasks? give ids, or --failed, --stuck, --status S, --user U");
		return EXIT_USAGE;
	}
	if (a.failed && a.f.status != NULL && strcmp(a.f.status, "failed") != 0) {
		ctx_error(ctx, "requeue: --failed and --status disagree");
		return EXIT_USAGE;
	}
	if (a.failed)
		a.f.status = "failed";
	if (a.f.stuck && a.f.status != NULL) {
		ctx_error(ctx, "requeue: --stuck selects processing tasks; it does not go with --status or --failed");
		return EXIT_USAGE;
	}
	if (ctx_resolve(ctx, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		return EXIT_USAGE;
	}
	if ((rc = cli_action_refuse(ctx, &a.cli, "requeue", a.bulk ? "selection" : "ids", "")) != 0)
		return rc;
	if (ctx_connect(ctx, &c, "requeue", &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		conn_free(&c);
		return EXIT_ERROR;
	}
	if (a.bulk) {
		if (a.f.status != NULL)
			buf_printf(&desc, "--status %s ", a.f.status);
		if (a.f.stuck) {
			buf_adds(&desc, "--stuck=");
			fmt_duration(&desc, a.f.stuck_ms);
			buf_addc(&desc, ' ');
		}
		if (a.f.user != NULL)
			buf_printf(&desc, "--user %s ", a.f.user);
		if (select_tasks(&c, &ctx->keys, &a.f, &sel, &cause) < 0) {
			ctx_error(ctx, cause);
			free(cause);
			rc = EXIT_ERROR;
			goto out;
		}
		select_preview(&sel, "requeue", &preview);
	} else {
		for (i = first; i < argc; i++) {
			select_add(&sel, argv[i], strlen(argv[i]));
			buf_printf(&desc, "%s%s", i > first ? " " : "", argv[i]);
		}
		buf_adds(&preview, "requeue ");
		fmt_count_noun(&preview, (long long)sel.n, "task", "tasks");
		buf_printf(&preview, ": %s", buf_str(&desc));
	}
	if (a.reset)
		buf_adds(&preview, " (attempts reset)");
	memset(&o, 0, sizeof o);
	o.reset_attempts = a.reset;
	/* Tasks chosen as stuck are requeued even without a lease. */
	o.force = a.force || a.f.stuck;
	o.batch = 100;
	rc = cli_action_execute(ctx, &c, &a.cli, ACT_REQUEUE, &o, sel.ids, sel.lens, sel.n, buf_str(&desc),
	    buf_str(&preview), a.bulk);
out:
	select_free(&sel);
	buf_free(&preview);
	buf_free(&desc);
	conn_free(&c);
	return rc;
}
