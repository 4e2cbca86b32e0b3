/* `ocrtop priority ID... SCORE`: move tasks into the priority set with a
 * score (0-10, 10 = urgent). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli-action.h"
#include "cmd.h"
#include "xmalloc.h"

static int priority_exec(struct ctx *ctx, int argc, char **argv);

const struct cmd_entry cmd_priority_entry = {
	.name = "priority",
	.usage = "ID... SCORE [options]",
	.summary = "give pending tasks a priority score (0-10), moving them into the priority set",
	.options = NULL,
	.shared = cli_action_options,
	.exec = priority_exec,
};

static int
priority_exec(struct ctx *ctx, int argc, char **argv)
{
	struct cli_action a;
	struct action_opts o;
	char *end, *what;
	int first, rc;

	memset(&a, 0, sizeof a);
	memset(&o, 0, sizeof o);
	first = cmd_parse(ctx, &cmd_priority_entry, argc, argv, cli_action_plain_option, &a);
	if (first <= 0)
		return first < 0 ? EXIT_USAGE : EXIT_OK;
	if (argc - first < 2) {
		ctx_error(ctx, "priority: ocrtop priority ID... SCORE");
		return EXIT_USAGE;
	}
	o.score = strtod(argv[argc - 1], &end);
	if (*argv[argc - 1] == '\0' || *end != '\0' || o.score < 0 || o.score > 10) {
		ctx_error(ctx, "priority: the score must be a number from 0 to 10 (10 = urgent)");
		return EXIT_USAGE;
	}
	what = xasprintf("to %g", o.score);
	rc = cli_action_on_ids(ctx, &a, ACT_PRIORITY, &o, argv + first, argc - first - 1, what);
	free(what);
	return rc;
}
