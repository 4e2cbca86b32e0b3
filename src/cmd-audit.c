/* `ocrtop audit`: the newest entries of the audit trail (ns:audit). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cmd.h"
#include "xmalloc.h"

enum {
	OPT_COUNT = 1,
	OPT_JSON
};

struct audit_args {
	long	count;
	int	json;
};

static int audit_exec(struct ctx *ctx, int argc, char **argv);
static int audit_option(void *state, int id, char *arg, char **cause);

static const struct opt audit_options[] = {
	{ "count", 'c', OPT_COUNT, OPT_ARG, "N", "how many entries, newest first (20)" },
	{ "json", 0, OPT_JSON, OPT_NOARG, NULL, "print them as JSON" },
	{ NULL, 0, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_audit_entry = {
	.name = "audit",
	.usage = "[--count N] [--json]",
	.summary = "show who changed what, when, from where, with what outcome",
	.options = audit_options,
	.exec = audit_exec,
};

static int
audit_option(void *state, int id, char *arg, char **cause)
{
	struct audit_args *a = state;

	if (id == OPT_JSON)
		a->json = 1;
	else
		return opts_long("--count", arg, 1, 100000, &a->count, cause);
	return 0;
}

static int
audit_exec(struct ctx *ctx, int argc, char **argv)
{
	struct audit_args a = { 20, 0 };
	struct conn c;
	char *cause = NULL;
	int first, rc = EXIT_OK;

	first = cmd_parse(ctx, &cmd_audit_entry, argc, argv, audit_option, &a);
	if (first <= 0)
		return first < 0 ? EXIT_USAGE : EXIT_OK;
	if (first < argc) {
		ctx_error(ctx, "audit takes no operands");
		return EXIT_USAGE;
	}
	if (ctx_resolve(ctx, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (ctx_connect(ctx, &c, "audit", &cause) < 0 || audit_show(ctx, &c, a.count, a.json, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		rc = EXIT_ERROR;
	}
	conn_free(&c);
	return rc;
}
