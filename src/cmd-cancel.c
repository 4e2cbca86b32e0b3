/* `ocrtop cancel ID...`: take tasks out of every queue: status=cancelled, task_cancelled published. */
#include "config.h"

#include "cli-action.h"
#include "cmd.h"

static int cancel_exec(struct ctx *ctx, int argc, char **argv);

const struct cmd_entry cmd_cancel_entry = {
	.name = "cancel",
	.usage = "ID... [options]",
	.summary = "take tasks out of every queue: status=cancelled, task_cancelled published",
	.options = NULL,
	.shared = cli_action_options,
	.exec = cancel_exec,
};

static int
cancel_exec(struct ctx *ctx, int argc, char **argv)
{
	return cli_action_ids_exec(&cmd_cancel_entry, ACT_CANCEL, ctx, argc, argv);
}
