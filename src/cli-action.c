/* The CLI side of operator actions. */
#include "config.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "cli-action.h"
#include "json-out.h"
#include "sanitize.h"
#include "select.h"
#include "timefmt.h"
#include "xmalloc.h"

enum {
	AOPT_YES = 1000,
	AOPT_DRY_RUN,
	AOPT_JSON,
	AOPT_BATCH,
	AOPT_RATE
};

const struct opt cli_action_options[] = {
	{ "yes", 'y', AOPT_YES, OPT_NOARG, NULL, "do it without asking" },
	{ "dry-run", 0, AOPT_DRY_RUN, OPT_NOARG, NULL, "only show what would change" },
	{ "json", 0, AOPT_JSON, OPT_NOARG, NULL, "print the result as JSON" },
	{ "batch", 0, AOPT_BATCH, OPT_ARG, "N", "items per round trip (100)" },
	{ "rate", 0, AOPT_RATE, OPT_ARG, "N/s", "at most N items per second" },
	{ NULL, 0, 0, 0, NULL, NULL }
};

/* The flag Ctrl-C sets: a signal handler cannot be given an argument. */
static atomic_int *volatile interrupt_flag;

static void on_sigint(int sig);
static int read_answer(char *buf, size_t len);
static void describe(struct buf *b, const char *verb, const struct action_item *it);

/* How each action reports a task it changed, and how the detail reads. */
static const struct {
	const char	*verb;
	const char	*done;
	const char	*before;	/* NULL: no detail */
	const char	*after;
} wording[] = {
	{ "requeue", "requeued", "  to ", "" },
	{ "priority", "prioritized", "  in ", "" },
	{ "front", "moved", "  to the front of ", "" },
	{ "cancel", "cancelled", "  (was ", ")" },
	{ "delete", "deleted", NULL, NULL },
	{ "unqueue", "unqueued", "  (", ")" },
	{ "dedupe", "deduplicated", "  (", ")" },
};

/* Why a task was not changed, in words. */
static const struct {
	const char	*outcome;
	const char	*words;
} reasons[] = {
	{ "queued", "already queued" }, { "leased", "held by a live worker" },
	{ "processing", "processing (use --force or --stuck)" }, { "status", "not pending" },
	{ "already", "already so" }, { "nodata", "not found" }, { "skipped", "not reached" },
	{ "error", "failed" },
};

/* One item in words: "requeued     f1  to the FIFO list". */
static void
describe(struct buf *b, const char *verb, const struct action_item *it)
{
	const char *d = it->detail != NULL ? it->detail : "", *before = "  (", *after = ")";
	size_t i;

	if (strcmp(d, "fifo") == 0)
		d = "the FIFO list";
	else if (strcmp(d, "priority") == 0)
		d = "the priority set";
	if (strcmp(it->outcome, "done") == 0) {
		for (i = 0; i < sizeof wording / sizeof wording[0]; i++) {
			if (strcmp(wording[i].verb, verb) == 0) {
				buf_printf(b, "%-13s", wording[i].done);
				before = wording[i].before;
				after = wording[i].after;
			}
		}
	} else {
		const char *w = it->outcome;

		for (i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
			if (strcmp(reasons[i].outcome, w) == 0)
				w = reasons[i].words;
		buf_printf(b, "%-13s%s: ", "-", w);
	}
	sanitize_append(b, it->id, it->idlen, 60, 0);
	if (before != NULL && *d != '\0') {
		buf_adds(b, before);
		sanitize_append(b, d, strlen(d), 80, 0);
		buf_adds(b, after);
	}
}

int
cli_action_option(struct cli_action *a, int id, const char *arg, char **cause)
{
	char *end;

	switch (id) {
	case AOPT_YES:
		a->yes = 1;
		return 1;
	case AOPT_DRY_RUN:
		a->dry_run = 1;
		return 1;
	case AOPT_JSON:
		a->json = 1;
		return 1;
	case AOPT_BATCH:
		return opts_long("--batch", arg, 1, 10000, &a->batch, cause) < 0 ? -1 : 1;
	case AOPT_RATE:
		a->rate = strtod(arg, &end);
		if (end == arg || (*end != '\0' && strcmp(end, "/s") != 0) || a->rate <= 0) {
			*cause = xasprintf("--rate: expected items per second, e.g. 500 or 500/s");
			return -1;
		}
		return 1;
	}
	return 0;
}

static void
on_sigint(int sig)
{
	(void)sig;
	if (interrupt_flag != NULL)
		atomic_store(interrupt_flag, 1);
}

void
cli_action_trap(atomic_int *flag)
{
	struct sigaction sa;

	interrupt_flag = flag;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void
cli_action_untrap(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	interrupt_flag = NULL;
}

/* Reads one line from the terminal itself (stdin may be a pipe). */
static int
read_answer(char *buf, size_t len)
{
	FILE *tty = fopen("/dev/tty", "r");
	int ok;

	if (tty == NULL)
		return -1;
	ok = fgets(buf, (int)len, tty) != NULL;
	fclose(tty);
	if (!ok)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

int
cli_action_confirm(struct ctx *ctx, const struct cli_action *a, const char *preview, long count, int bulk)
{
	struct buf b = BUF_INIT;
	char answer[64];
	int rc = 0;

	if ((!a->json || a->dry_run) && *preview != '\0') {
		sanitize_lines_append(&b, preview, strlen(preview), ctx->san);
		fprintf(a->json ? stderr : stdout, "%s\n", buf_str(&b));
	}
	buf_free(&b);
	if (a->dry_run) {
		fputs("dry run: nothing was changed\n", a->json ? stderr : stdout);
		return EXIT_OK;
	}
	if (a->yes || count == 0)
		return 0;
	if (!isatty(STDIN_FILENO) && !isatty(STDOUT_FILENO)) {
		ctx_error(ctx, "not confirmed: no terminal to ask on (use --yes, or --dry-run to preview)");
		return EXIT_REFUSED;
	}
	if (bulk)
		fprintf(stdout, "Type %ld to go ahead, anything else to stop: ", count);
	else
		fputs("Go ahead? [y/N] ", stdout);
	fflush(stdout);
	if (read_answer(answer, sizeof answer) < 0) {
		ctx_error(ctx, "not confirmed: no terminal to ask on (use --yes, or --dry-run to preview)");
		return EXIT_REFUSED;
	}
	if (bulk ? strtol(answer, NULL, 10) != count || *answer == '\0' :
	    (answer[0] != 'y' && answer[0] != 'Y')) {
		fputs("stopped: nothing was changed\n", stdout);
		rc = EXIT_REFUSED;
	}
	return rc;
}

int
cli_action_report(struct ctx *ctx, const struct cli_action *a, const char *verb,
    const struct action_result *res)
{
	struct buf b = BUF_INIT;
	size_t i;
	int rc = EXIT_OK;

	if (a->json) {
		json_t *o = json_object(), *items = json_array();

		json_object_set_new(o, "action", json_string(verb));
		json_object_set_new(o, "matched", json_integer((json_int_t)res->n));
		json_object_set_new(o, "done", json_integer(res->done));
		json_object_set_new(o, "unchanged", json_integer(res->unchanged));
		json_object_set_new(o, "not_found", json_integer(res->missing));
		json_object_set_new(o, "refused", json_integer(res->refused));
		json_object_set_new(o, "errors", json_integer(res->errors));
		json_object_set_new(o, "not_reached", json_integer(res->skipped));
		json_object_set_new(o, "interrupted", json_boolean(res->interrupted));
		for (i = 0; i < res->n; i++) {
			const struct action_item *it = &res->items[i];

			json_array_append_new(items, json_pack("{s:o, s:s, s:o}", "task_id", json_bytes(it->id, it->idlen),
			    "outcome", it->outcome, "detail", it->detail != NULL ? json_bytes(it->detail,
			    strlen(it->detail)) : json_null()));
		}
		json_object_set_new(o, "items", items);
		json_print(o);
	} else {
		for (i = 0; i < res->n; i++) {
			const struct action_item *it = &res->items[i];

			struct buf line = BUF_INIT;

			if (res->n > 20 && strcmp(it->outcome, "done") == 0)
				continue;	/* bulk: list only what did not happen */
			describe(&line, verb, it);
			sanitize_append(&b, buf_str(&line), line.len, 0, ctx->san);
			buf_addc(&b, '\n');
			buf_free(&line);
		}
		buf_printf(&b, "%s: ", verb);
		action_summary(res, &b);
		buf_addc(&b, '\n');
		fputs(buf_str(&b), stdout);
	}
	buf_free(&b);
	if (res->errors > 0)
		rc = EXIT_ERROR;
	else if (res->missing > 0)
		rc = EXIT_NOT_FOUND;
	else if (res->refused > 0)
		rc = EXIT_REFUSED;
	else if (res->interrupted)
		rc = EXIT_INTERRUPTED;
	return rc;
}

int
cli_action_execute(struct ctx *ctx, struct conn *c, const struct cli_action *a, enum action_kind kind,
    const struct action_opts *o, char *const *ids, const size_t *lens, size_t n, const char *args,
    const char *preview, int bulk)
{
	const char *verb = action_name(kind);
	struct action_opts run = *o;
	struct action_result res;
	struct scripts sc;
	struct buf targets = BUF_INIT;
	atomic_int stop;
	char *cause = NULL;
	int rc;

	select_targets(&targets, ids, lens, n);
	if ((rc = cli_action_refuse(ctx, a, verb, args, buf_str(&targets))) != 0) {
		buf_free(&targets);
		return rc;
	}
	if ((rc = cli_action_confirm(ctx, a, preview, (long)n, bulk)) != 0 || a->dry_run) {
		cli_action_audit(ctx, c, verb, args, buf_str(&targets), a->dry_run ? "dry-run" : "not confirmed", 0,
		    (long long)n);
		buf_free(&targets);
		return a->dry_run ? EXIT_OK : rc;
	}
	if (n == 0) {
		if (!a->json)
			printf("%s: nothing to do\n", verb);
		buf_free(&targets);
		return EXIT_OK;
	}
	memset(&sc, 0, sizeof sc);
	atomic_init(&stop, 0);
	run.cancel = &stop;
	run.batch = a->batch > 0 ? a->batch : run.batch;
	run.rate = a->rate > 0 ? a->rate : run.rate;
	cli_action_trap(&stop);
	rc = action_run(c, &ctx->keys, &sc, kind, ids, lens, n, &run, &res, &cause);
	cli_action_untrap();
	if (rc < 0) {
		ctx_error(ctx, cause);
		free(cause);
		cause = NULL;
	}
	if (res.errors > 0 && strstr(res.items[0].detail != NULL ? res.items[0].detail : "", "NOPERM") != NULL)
		ctx_set_read_only(ctx, "the ACL user may not write");
	rc = rc < 0 ? EXIT_ERROR : cli_action_report(ctx, a, verb, &res);
	{
		struct buf b = BUF_INIT;

		if (res.interrupted)
			buf_adds(&b, "interrupted: ");
		action_summary(&res, &b);
		cli_action_audit(ctx, c, verb, args, buf_str(&targets), buf_str(&b), res.done, (long long)n);
		buf_free(&b);
	}
	action_result_free(&res);
	buf_free(&targets);
	return rc;
}

int
cli_action_on_ids(struct ctx *ctx, const struct cli_action *a, enum action_kind kind,
    const struct action_opts *o, char **ids, int n, const char *what)
{
	struct buf preview = BUF_INIT, desc = BUF_INIT;
	size_t *lens = xcalloc((size_t)n + 1, sizeof *lens);
	struct conn c;
	char *cause = NULL;
	int i, rc;

	for (i = 0; i < n; i++) {
		lens[i] = strlen(ids[i]);
		buf_printf(&desc, "%s%s", i > 0 ? " " : "", ids[i]);
	}
	if (what != NULL)
		buf_printf(&desc, " %s", what);
	buf_printf(&preview, "%s ", action_name(kind));
	fmt_count_noun(&preview, n, "task", "tasks");
	buf_printf(&preview, ": %s", buf_str(&desc));
	if (ctx_resolve(ctx, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		rc = EXIT_USAGE;
	} else if ((rc = cli_action_refuse(ctx, a, action_name(kind), buf_str(&desc), buf_str(&desc))) != 0) {
		/* refused before connecting */
	} else if (ctx_connect(ctx, &c, action_name(kind), &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		conn_free(&c);
		rc = EXIT_ERROR;
	} else {
		rc = cli_action_execute(ctx, &c, a, kind, o, ids, lens, (size_t)n, buf_str(&desc), buf_str(&preview), 0);
		conn_free(&c);
	}
	free(lens);
	buf_free(&preview);
	buf_free(&desc);
	return rc;
}

int
cli_action_plain_option(void *state, int id, char *arg, char **cause)
{
	return cli_action_option(state, id, arg, cause) < 0 ? -1 : 0;
}

int
cli_action_ids_exec(const struct cmd_entry *cmd, enum action_kind kind, struct ctx *ctx, int argc, char **argv)
{
	struct cli_action a;
	struct action_opts o;
	char *msg;
	int first;

	memset(&a, 0, sizeof a);
	memset(&o, 0, sizeof o);
	first = cmd_parse(ctx, cmd, argc, argv, cli_action_plain_option, &a);
	if (first <= 0)
		return first < 0 ? EXIT_USAGE : EXIT_OK;
	if (first == argc) {
		msg = xasprintf("%s: which tasks? (ocrtop %s ID...)", cmd->name, cmd->name);
		ctx_error(ctx, msg);
		free(msg);
		return EXIT_USAGE;
	}
	return cli_action_on_ids(ctx, &a, kind, &o, argv + first, argc - first, NULL);
}

int
cli_action_refuse(struct ctx *ctx, const struct cli_action *a, const char *verb, const char *args,
    const char *targets)
{
	char *outcome;

	if (!ctx->read_only || a->dry_run)
		return 0;
	outcome = xasprintf("refused: read-only (%s)", ctx->read_only_why);
	cli_action_audit(ctx, NULL, verb, args, targets, outcome, 0, 0);
	free(outcome);
	return ctx_refuse_if_read_only(ctx, verb);
}

void
cli_action_audit(struct ctx *ctx, struct conn *c, const char *action, const char *args,
    const char *targets, const char *outcome, long long count, long long matched)
{
	struct audit_entry e;
	char *warning = NULL;

	e.action = action;
	e.args = args;
	e.targets = targets;
	e.outcome = outcome;
	e.count = count;
	e.matched = matched;
	/* Read-only means no write to Redis at all: the local file only. */
	audit_record(ctx, ctx->read_only ? NULL : c, &e, &warning);
	if (warning != NULL) {
		char *msg = xasprintf("warning: not audited in Redis: %s", warning);

		ctx_error(ctx, msg);
		free(msg);
		free(warning);
	}
}
