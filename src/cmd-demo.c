/* `ocrtop demo`: the dashboard on a private, living platform: a
 * redis-server of its own (a temp dir, a Unix socket, no TCP port), the
 * demo data, a producer thread queueing tasks and in-process workers
 * recognising real page images. On exit the server and its dir go, unless
 * --keep. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "dashboard.h"
#include "demo-data.h"
#include "demo-producer.h"
#include "redis-child.h"
#include "xmalloc.h"

enum {
	OPT_KEEP = 100
};

struct demo_args {
	struct dash_args	 dash;
	int			 keep;
};

static int demo_exec(struct ctx *ctx, int argc, char **argv);
static int demo_option(void *state, int id, char *arg, char **cause);
static void forget_redis_settings(void);
static int demo_start(struct ctx *ctx, struct redis_child *rc, const struct demo_files *f, int keep, char **cause);

static const struct opt demo_options[] = {
	{ "keep", 0, OPT_KEEP, OPT_NOARG, NULL, "leave the demo's redis-server running on exit, and say how to attach" },
	{ NULL, 0, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_demo_entry = {
	.name = "demo",
	.usage = "[--keep] [dashboard options]",
	.summary = "the dashboard on a private redis-server with a realistic, living platform",
	.options = demo_options,
	.shared = dashboard_options,
	.exec = demo_exec,
};

static int
demo_option(void *state, int id, char *arg, char **cause)
{
	struct demo_args *a = state;

	if (id == OPT_KEEP) {
		a->keep = 1;
		return 0;
	}
	return dashboard_option(&a->dash, id, arg, cause);
}

/* The demo never reaches another Redis: settings from the environment, an
 * env file or the config file (a password, key prefixes, a profile's
 * read_only) would only get in the way. */
static void
forget_redis_settings(void)
{
	static const char *const names[] = {
		"REDIS_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_DB", "REDIS_USERNAME", "REDIS_PASSWORD",
		"REDIS_TASK_QUEUE_PREFIX", "REDIS_TASK_DATA_PREFIX", "REDIS_SESSION_PREFIX", "REDIS_PUBSUB_CHANNEL"
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		unsetenv(names[i]);
	/* Nor would a profile's read_only or namespace. */
	setenv("OCRTOP_CONFIG", "/dev/null", 1);
}

/* Starts the server and loads the platform. */
static int
demo_start(struct ctx *ctx, struct redis_child *rc, const struct demo_files *f, int keep, char **cause)
{
	struct demo_shape shape = { 0, 0, 0 };
	struct demo_rng rng;
	struct conn c;
	int rc_load;

	if (redis_child_start(rc, keep, cause) < 0)
		return -1;
	free(ctx->url);
	ctx->url = xstrdup(rc->url);
	free(ctx->env_file);
	ctx->env_file = xstrdup("/dev/null");
	if (ctx_resolve(ctx, cause) < 0 || ctx_connect(ctx, &c, "demo", cause) < 0)
		return -1;
	demo_rng_seed(&rng, 20261122);
	rc_load = demo_load(&c, &ctx->keys, &shape, f, &rng, cause);
	conn_free(&c);
	return rc_load;
}

static int
demo_exec(struct ctx *ctx, int argc, char **argv)
{
	struct demo_args a;
	struct redis_child rc;
	struct demo_files files;
	struct demo_producer prod;
	const char *pages;
	char *cause = NULL;
	int first, status;

	memset(&a, 0, sizeof a);
	dash_args_init(&a.dash);
	first = cmd_parse(ctx, &cmd_demo_entry, argc, argv, demo_option, &a);
	if (first <= 0)
		return first < 0 ? EXIT_USAGE : EXIT_OK;
	if (first < argc) {
		ctx_error(ctx, "demo takes no operands");
		return EXIT_USAGE;
	}
	if (ctx->url != NULL || ctx->env_file != NULL) {
		ctx_error(ctx, "demo runs its own redis-server: --url and --env-file do not apply");
		return EXIT_USAGE;
	}
	if ((pages = a.dash.files_dir != NULL ? a.dash.files_dir : demo_pages_dir()) == NULL) {
		ctx_error(ctx, "cannot find the demo's page images (install ocrtop, or run it from its build tree)");
		return EXIT_ERROR;
	}
	if (demo_files_list(pages, &files, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		return EXIT_ERROR;
	}
	a.dash.files_dir = pages;
	forget_redis_settings();
	free(ctx->profile_name);
	ctx->profile_name = NULL;
	memset(&rc, 0, sizeof rc);
	if (demo_start(ctx, &rc, &files, a.keep, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		redis_child_stop(&rc);
		demo_files_free(&files);
		return EXIT_ERROR;
	}
	if (demo_producer_start(&prod, ctx, &files, 40, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		memset(&prod, 0, sizeof prod);
	}
	status = dashboard_run(ctx, &a.dash, 1);
	demo_producer_stop(&prod);
	if (a.keep)
		printf("The demo's redis-server is still running (pid %ld).\n"
		    "  attach:  ocrtop -u %s\n"
		    "  workers: ocrtop -u %s worker --files-dir %s\n"
		    "  stop:    kill %ld && rm -rf %s\n", (long)rc.pid, rc.url, rc.url, pages, (long)rc.pid, rc.dir);
	redis_child_stop(&rc);
	demo_files_free(&files);
	return status;
}
