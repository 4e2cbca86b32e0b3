/* `ocrtop seed`: loads the demo platform into a Redis you name, for
 * trying ocrtop (or the platform) against data that looks real. Refuses a
 * namespace that already holds keys unless --force. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-action.h"
#include "cmd.h"
#include "demo-data.h"
#include "keys.h"
#include "timefmt.h"
#include "xmalloc.h"

enum {
	OPT_FORCE = 1,
	OPT_TASKS,
	OPT_SESSIONS,
	OPT_USERS
};

struct seed_args {
	int			 force;
	struct demo_shape	 shape;
};

static int seed_exec(struct ctx *ctx, int argc, char **argv);
static int seed_option(void *state, int id, char *arg, char **cause);
static int first_key(struct conn *c, const char *ns, char **key, char **cause);

static const struct opt seed_options[] = {
	{ "force", 0, OPT_FORCE, OPT_NOARG, NULL, "add to a namespace that already holds keys" },
	{ "tasks", 0, OPT_TASKS, OPT_ARG, "N", "tasks (3000)" },
	{ "sessions", 0, OPT_SESSIONS, OPT_ARG, "N", "sessions (400)" },
	{ "users", 0, OPT_USERS, OPT_ARG, "N", "users the sessions and tasks belong to (40)" },
	{ NULL, 0, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_seed_entry = {
	.name = "seed",
	.usage = "[--force] [--tasks N] [--sessions N] [--users N]",
	.summary = "load the demo platform (tasks, sessions, stats) into the Redis named",
	.options = seed_options,
	.exec = seed_exec,
};

static int
seed_option(void *state, int id, char *arg, char **cause)
{
	struct seed_args *a = state;

	if (id == OPT_FORCE) {
		a->force = 1;
		return 0;
	}
	if (id == OPT_TASKS)
		return opts_long("--tasks", arg, 1, 10000000, &a->shape.tasks, cause);
	if (id == OPT_SESSIONS)
		return opts_long("--sessions", arg, 1, 10000000, &a->shape.sessions, cause);
	return opts_long("--users", arg, 1, 10000000, &a->shape.users, cause);
}

/* The first key of the namespace a SCAN finds, or none (*key NULL). */
static int
first_key(struct conn *c, const char *ns, char **key, char **cause)
{
	char cursor[32] = "0";
	char *match = xasprintf("%s:*", ns);

	*key = NULL;
	do {
		redisReply *r = conn_cmd(c, cause, "SCAN %s MATCH %s COUNT 1000", cursor, match);

		if (r == NULL) {
			free(match);
			return -1;
		}
		if (r->type == REDIS_REPLY_ARRAY && r->elements == 2) {
			snprintf(cursor, sizeof cursor, "%s", r->element[0]->str);
			if (r->element[1]->elements > 0)
				*key = xstrndup(r->element[1]->element[0]->str, r->element[1]->element[0]->len);
		} else
			strcpy(cursor, "0");
		freeReplyObject(r);
	} while (*key == NULL && strcmp(cursor, "0") != 0);
	free(match);
	return 0;
}

static int
seed_exec(struct ctx *ctx, int argc, char **argv)
{
	struct seed_args a;
	struct demo_files files;
	struct demo_rng rng;
	struct conn c;
	const char *pages = demo_pages_dir();
	char *cause = NULL, *key = NULL, *msg;
	int first, rc = EXIT_ERROR;

	memset(&a, 0, sizeof a);
	first = cmd_parse(ctx, &cmd_seed_entry, argc, argv, seed_option, &a);
	if (first <= 0)
		return first < 0 ? EXIT_USAGE : EXIT_OK;
	if (first < argc) {
		ctx_error(ctx, "seed takes no operands");
		return EXIT_USAGE;
	}
	if (ctx_resolve(ctx, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (ctx->read_only) {
		cli_action_audit(ctx, NULL, "seed", "", ctx->keys.ns, "refused: read-only", 0, 0);
		return ctx_refuse_if_read_only(ctx, "seed");
	}
	if (pages == NULL || demo_files_list(pages, &files, &cause) < 0) {
		/* Without images the tasks still look right; workers will fail them. */
		free(cause);
		cause = NULL;
		memset(&files, 0, sizeof files);
		files.names = xcalloc(1, sizeof *files.names);
		files.names[files.n++] = xstrdup("scan-0001");
	}
	if (ctx_connect(ctx, &c, "seed", &cause) < 0 || first_key(&c, ctx->keys.ns, &key, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		goto out;
	}
	if (key != NULL && !a.force) {
		msg = xasprintf("seed: namespace '%s' already holds keys (%s, ...): refusing to mix demo data into it "
		    "(--force to do it anyway, or -n for another namespace)", ctx->keys.ns, key);
		ctx_error(ctx, msg);
		free(msg);
		cli_action_audit(ctx, &c, "seed", "", ctx->keys.ns, "refused: namespace not empty", 0, 0);
		rc = EXIT_REFUSED;
		goto out;
	}
	demo_rng_seed(&rng, (uint64_t)now_ms());
	if (demo_load(&c, &ctx->keys, &a.shape, &files, &rng, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		cli_action_audit(ctx, &c, "seed", "", ctx->keys.ns, "error", 0, 0);
		goto out;
	}
	cli_action_audit(ctx, &c, "seed", a.force ? "--force" : "", ctx->keys.ns, "done", 1, 1);
	printf("seeded namespace '%s' on %s: %ld tasks, %ld sessions of %ld users, 31 days of statistics\n",
	    ctx->keys.ns, c.desc, a.shape.tasks > 0 ? a.shape.tasks : 3000, a.shape.sessions > 0 ? a.shape.sessions : 400,
	    a.shape.users > 0 ? a.shape.users : 40);
	if (pages != NULL)
		printf("tasks name the page images in %s: ocrtop worker --files-dir %s\n", pages, pages);
	rc = EXIT_OK;
out:
	free(key);
	conn_free(&c);
	demo_files_free(&files);
	return rc;
}
