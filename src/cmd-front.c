/* `ocrtop front ID...`: make tasks run next: the front of the FIFO, or the top of the priority set. */
#include "config.h"

#include "cli-action.h"
#include "cmd.h"

static int front_exec(struct ctx *ctx, int argc, char **argv);

const struct cmd_entry cmd_front_entry = {
	.name = "front",
	.usage = "ID... [options]",
	.summary = "make tasks run next: the front of the FIFO, or the top of the priority set",
	.options = NULL,
	.shared = cli_action_options,
	.exec = front_exec,
};

static int
front_exec(struct ctx *ctx, int argc, char **argv)
{
	return cli_action_ids_exec(&cmd_front_entry, ACT_FRONT, ctx, argc, argv);
}
