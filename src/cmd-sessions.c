/* `ocrtop sessions USER_ID` (or --email ADDR): a user's sessions;
 * `ocrtop sessions purge-idle`: delete the sessions the backend's idle
 * rule should have removed (last activity older than --idle-minutes). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli-action.h"
#include "cmd.h"
#include "json-out.h"
#include "sanitize.h"
#include "session-list.h"
#include "sweep.h"
#include "timefmt.h"
#include "user-sessions.h"
#include "xmalloc.h"

enum {
	OPT_EMAIL = 1,
	OPT_IDLE_MINUTES
};

struct sessions_args {
	struct cli_action	 cli;
	const char		*email;
	long			 idle_minutes;
};

static int sessions_exec(struct ctx *ctx, int argc, char **argv);
static int sessions_option(void *state, int id, char *arg, char **cause);
static int list(struct ctx *ctx, struct conn *c, const struct sessions_args *a, const char *who);
static int purge(struct ctx *ctx, struct conn *c, const struct sessions_args *a);

static const struct opt sessions_options[] = {
	{ "email", 0, OPT_EMAIL, OPT_ARG, "ADDR", "the user by email instead of user id" },
	{ "idle-minutes", 0, OPT_IDLE_MINUTES, OPT_ARG, "N", "purge-idle: idle longer than N minutes (30)" },
	{ NULL, 0, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_sessions_entry = {
	.name = "sessions",
	.usage = "USER_ID | --email ADDR | purge-idle [--idle-minutes N] [options]",
	.summary = "list a user's sessions, or purge the sessions idle past the backend's rule",
	.options = sessions_options,
	.shared = cli_action_options,
	.exec = sessions_exec,
};

static int
sessions_option(void *state, int id, char *arg, char **cause)
{
	struct sessions_args *a = state;
	int r = cli_action_option(&a->cli, id, arg, cause);

	if (r != 0)
		return r < 0 ? -1 : 0;
	if (id == OPT_EMAIL)
		a->email = arg;
	else if (id == OPT_IDLE_MINUTES)
		return opts_long("--idle-minutes", arg, 1, 525600, &a->idle_minutes, cause);
	return 0;
}

static int
list(struct ctx *ctx, struct conn *c, const struct sessions_args *a, const char *who)
{
	struct user_sessions us;
	struct buf out = BUF_INIT;
	char *cause = NULL;
	int rc;

	user_sessions_init(&us, &ctx->keys, a->email != NULL ? SF_EMAIL : SF_USER_ID, who, strlen(who), 1000);
	if (user_sessions_step(&us, c, 0, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		user_sessions_free(&us);
		return EXIT_ERROR;
	}
	if (a->cli.json) {
		json_t *o = json_object();

		json_object_set_new(o, a->email != NULL ? "email" : "user_id", json_bytes(who, strlen(who)));
		json_object_set_new(o, "count", json_integer(us.matched));
		json_object_set_new(o, "sessions", session_list_json(&us));
		json_print(o);
	} else {
		buf_printf(&out, "%s ", a->email != NULL ? "email" : "user");
		sanitize_append(&out, who, strlen(who), 80, ctx->san);
		buf_adds(&out, ": ");
		fmt_count_noun(&out, us.matched, "session", "sessions");
		buf_addc(&out, '\n');
		if (us.n > 0)
			session_list_text(&out, &us, ctx->san);
		fputs(buf_str(&out), stdout);	/* every field was sanitized as it went in */
	}
	buf_free(&out);
	rc = us.matched == 0 ? EXIT_NOT_FOUND : EXIT_OK;
	user_sessions_free(&us);
	return rc;
}

static int
purge(struct ctx *ctx, struct conn *c, const struct sessions_args *a)
{
	struct sweep_opts so;
	struct sweep_result res;
	struct scripts sc;
	struct buf b = BUF_INIT, desc = BUF_INIT;
	atomic_int stop;
	char *cause = NULL, *outcome;
	long minutes = a->idle_minutes > 0 ? a->idle_minutes : 30;
	long long idle;
	int rc;

	buf_printf(&desc, "purge-idle --idle-minutes %ld", minutes);
	memset(&so, 0, sizeof so);
	memset(&sc, 0, sizeof sc);
	so.idle_ms = (int64_t)minutes * 60000;
	so.scan_count = 1000;
	if (!a->cli.yes || a->cli.dry_run) {
		/* Count first: the same walk, deleting nothing. */
		if (sweep_count_idle(c, &ctx->keys, &so, &res, &cause) < 0) {
			ctx_error(ctx, cause);
			free(cause);
			buf_free(&desc);
			return EXIT_ERROR;
		}
		buf_printf(&b, "purge-idle: ");
		fmt_count_noun(&b, res.candidates, "session", "sessions");
		buf_printf(&b, " idle for more than %ld minutes, of ", minutes);
		fmt_count(&b, res.scanned);
		idle = res.candidates;
		sweep_result_free(&res);
		rc = cli_action_confirm(ctx, &a->cli, buf_str(&b), (long)idle, 1);
		if (rc != 0 || a->cli.dry_run) {
			cli_action_audit(ctx, c, "sessions purge-idle", buf_str(&desc), "idle sessions",
			    a->cli.dry_run ? "dry-run" : "not confirmed", 0, idle);
			buf_free(&b);
			buf_free(&desc);
			return rc;
		}
	}
	atomic_init(&stop, 0);
	so.cancel = &stop;
	cli_action_trap(&stop);
	rc = sweep_purge_idle(c, &ctx->keys, &sc, &so, &res, &cause);
	cli_action_untrap();
	if (rc < 0) {
		ctx_error(ctx, cause);
		free(cause);
	}
	if (a->cli.json)
		json_print(json_pack("{s:s, s:I, s:I, s:I, s:b}", "action", "purge-idle", "scanned",
		    (json_int_t)res.scanned, "idle", (json_int_t)res.candidates, "deleted", (json_int_t)res.deleted,
		    "interrupted", res.interrupted));
	else {
		buf_clear(&b);
		buf_adds(&b, "purge-idle: deleted ");
		fmt_count_noun(&b, res.deleted, "idle session", "idle sessions");
		buf_printf(&b, "%s\n", res.interrupted ? " (interrupted between batches)" : "");
		fputs(buf_str(&b), stdout);
	}
	outcome = xasprintf("%s%lld deleted", res.interrupted ? "interrupted: " : "", res.deleted);
	cli_action_audit(ctx, c, "sessions purge-idle", buf_str(&desc), "idle sessions", outcome, res.deleted,
	    res.candidates);
	free(outcome);
	rc = rc < 0 ? EXIT_ERROR : res.interrupted ? EXIT_INTERRUPTED : EXIT_OK;
	sweep_result_free(&res);
	buf_free(&b);
	buf_free(&desc);
	return rc;
}

static int
sessions_exec(struct ctx *ctx, int argc, char **argv)
{
	struct sessions_args a;
	struct conn c;
	char *cause = NULL;
	int first, rc, is_purge;

	memset(&a, 0, sizeof a);
	first = cmd_parse(ctx, &cmd_sessions_entry, argc, argv, sessions_option, &a);
	if (first <= 0)
		return first < 0 ? EXIT_USAGE : EXIT_OK;
	is_purge = first < argc && strcmp(argv[first], "purge-idle") == 0;
	if (is_purge ? argc - first != 1 || a.email != NULL :
	    (a.email != NULL) == (first < argc) || argc - first > 1) {
		ctx_error(ctx, "sessions: give one user id, --email ADDR, or purge-idle");
		return EXIT_USAGE;
	}
	if (ctx_resolve(ctx, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (is_purge && (rc = cli_action_refuse(ctx, &a.cli, "sessions purge-idle", "purge-idle", "idle sessions")) != 0)
		return rc;
	if (ctx_connect(ctx, &c, "sessions", &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		conn_free(&c);
		return EXIT_ERROR;
	}
	rc = is_purge ? purge(ctx, &c, &a) : list(ctx, &c, &a, a.email != NULL ? a.email : argv[first]);
	conn_free(&c);
	return rc;
}
