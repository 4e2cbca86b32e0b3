/* `ocrtop logout-all USER_ID` (or --email ADDR): log a user out of every
 * device: preview the sessions, confirm, delete them server-side batch by
 * batch, publish sessions_revoked on the user's channel. */
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
	OPT_EMAIL = 1
};

struct logout_args {
	struct cli_action	 cli;
	const char		*email;
};

static int logout_exec(struct ctx *ctx, int argc, char **argv);
static void print_json(const struct logout_args *a, const char *who, const struct sweep_result *res);
static int logout_option(void *state, int id, char *arg, char **cause);
static void audit(struct ctx *ctx, struct conn *c, const char *args, const struct buf *targets,
    const char *outcome, long long count, long long matched);

static const struct opt logout_options[] = {
	{ "email", 0, OPT_EMAIL, OPT_ARG, "ADDR", "the user by email instead of user id" },
	{ NULL, 0, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_logout_all_entry = {
	.name = "logout-all",
	.usage = "USER_ID | --email ADDR [options]",
	.summary = "log a user out of every device: delete all their sessions, atomically per batch",
	.options = logout_options,
	.shared = cli_action_options,
	.exec = logout_exec,
};

/* The outcome for scripts, the same shape whether anything matched or not. */
static void
print_json(const struct logout_args *a, const char *who, const struct sweep_result *res)
{
	json_t *users = json_array();
	size_t i;

	for (i = 0; i < res->nusers; i++)
		json_array_append_new(users, json_pack("{s:o, s:I}", "user_id", json_bytes(res->users[i].id,
		    res->users[i].len), "deleted", (json_int_t)res->users[i].deleted));
	json_print(json_pack("{s:s, s:o, s:I, s:I, s:I, s:o, s:b}", "action", "logout-all",
	    a->email != NULL ? "email" : "user_id", json_bytes(who, strlen(who)), "matched", (json_int_t)res->candidates,
	    "scanned", (json_int_t)res->scanned, "deleted", (json_int_t)res->deleted, "users", users,
	    "interrupted", res->interrupted));
}

static int
logout_option(void *state, int id, char *arg, char **cause)
{
	struct logout_args *a = state;
	int r = cli_action_option(&a->cli, id, arg, cause);

	if (r != 0)
		return r < 0 ? -1 : 0;
	if (id == OPT_EMAIL)
		a->email = arg;
	return 0;
}

/* Audits one logout-all run; targets are masked tokens or "all of WHO". */
static void
audit(struct ctx *ctx, struct conn *c, const char *args, const struct buf *targets, const char *outcome,
    long long count, long long matched)
{
	cli_action_audit(ctx, c, "logout-all", args, buf_str(targets), outcome, count, matched);
}

static int
logout_exec(struct ctx *ctx, int argc, char **argv)
{
	struct logout_args a;
	struct sweep_opts so;
	struct sweep_result res;
	struct scripts sc;
	struct conn c;
	struct buf text = BUF_INIT, args = BUF_INIT, targets = BUF_INIT, b = BUF_INIT;
	const char *who;
	atomic_int stop;
	char *cause = NULL, *outcome;
	long long n;
	int first, rc;

	memset(&a, 0, sizeof a);
	first = cmd_parse(ctx, &cmd_logout_all_entry, argc, argv, logout_option, &a);
	if (first <= 0)
		return first < 0 ? EXIT_USAGE : EXIT_OK;
	if ((a.email != NULL) == (first < argc) || argc - first > 1) {
		ctx_error(ctx, "logout-all: give one user id, or --email ADDR");
		return EXIT_USAGE;
	}
	who = a.email != NULL ? a.email : argv[first];
	if (*who == '\0') {
		ctx_error(ctx, "logout-all: the user id is empty");
		return EXIT_USAGE;
	}
	if (ctx_resolve(ctx, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		return EXIT_USAGE;
	}
	buf_printf(&args, "%s%s", a.email != NULL ? "--email " : "", who);
	buf_printf(&targets, "all sessions of %s", who);
	if ((rc = cli_action_refuse(ctx, &a.cli, "logout-all", buf_str(&args), buf_str(&targets))) != 0)
		goto done;
	if (ctx_connect(ctx, &c, "logout-all", &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		conn_free(&c);
		rc = EXIT_ERROR;
		goto done;
	}

	/* Preview and confirm, unless told --yes. */
	if (!a.cli.yes || a.cli.dry_run) {
		if ((n = session_list_preview(&c, &ctx->keys, a.email != NULL ? SF_EMAIL : SF_USER_ID, who,
		    ctx->san, &text, &targets, &cause)) < 0) {
			ctx_error(ctx, cause);
			free(cause);
			rc = EXIT_ERROR;
			goto out;
		}
		if (n == 0) {
			memset(&res, 0, sizeof res);
			if (a.cli.json)
				print_json(&a, who, &res);
			else
				printf("%s\n", buf_str(&text));
			rc = EXIT_NOT_FOUND;
			goto out;
		}
		if ((rc = cli_action_confirm(ctx, &a.cli, buf_str(&text), (long)n, 0)) != 0 || a.cli.dry_run) {
			audit(ctx, &c, buf_str(&args), &targets, a.cli.dry_run ? "dry-run" : "not confirmed", 0, n);
			goto out;
		}
	}

	/* Delete, batch by batch. */
	memset(&so, 0, sizeof so);
	memset(&sc, 0, sizeof sc);
	so.field = a.email != NULL ? SF_EMAIL : SF_USER_ID;
	so.value = who;
	so.value_len = strlen(who);
	so.scan_count = 1000;
	atomic_init(&stop, 0);
	so.cancel = &stop;
	cli_action_trap(&stop);
	rc = sweep_logout(&c, &ctx->keys, &sc, &so, &res, &cause);
	cli_action_untrap();
	if (rc < 0) {
		ctx_error(ctx, cause);
		free(cause);
	}
	if (res.deleted > 0)
		sweep_publish_revoked(&c, &ctx->keys, &res);
	if (a.cli.json)
		print_json(&a, who, &res);
	else {
		buf_adds(&b, "logout-all: deleted ");
		fmt_count_noun(&b, res.deleted, "session", "sessions");
		buf_printf(&b, " of %s%s\n", who, res.interrupted ? " (interrupted between batches)" : "");
		buf_clear(&text);
		sanitize_lines_append(&text, buf_str(&b), b.len, ctx->san);
		fputs(buf_str(&text), stdout);
	}
	outcome = xasprintf("%s%lld deleted", res.interrupted ? "interrupted: " : rc < 0 ? "error: " : "",
	    res.deleted);
	audit(ctx, &c, buf_str(&args), &targets, outcome, res.deleted, res.candidates);
	free(outcome);
	rc = rc < 0 ? EXIT_ERROR : res.interrupted ? EXIT_INTERRUPTED : res.deleted == 0 ? EXIT_NOT_FOUND : EXIT_OK;
	sweep_result_free(&res);
out:
	conn_free(&c);
done:
	buf_free(&text);
	buf_free(&args);
	buf_free(&targets);
	buf_free(&b);
	return rc;
}
