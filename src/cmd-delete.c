/* `ocrtop delete ID...`: delete tasks' data (hash, cached result) and take them out of every queue. */
#include "config.h"

#include "cli-action.h"
#include "cmd.h"

static int delete_exec(struct ctx *ctx, int argc, char **argv);

const struct cmd_entry cmd_delete_entry = {
	.name = "delete",
	.usage = "ID... [options]",
	.summary = "delete tasks' data (hash, cached result) and take them out of every queue",
	.options = NULL,
	.shared = cli_action_options,
	.exec = delete_exec,
};

static int
delete_exec(struct ctx *ctx, int argc, char **argv)
{
	return cli_action_ids_exec(&cmd_delete_entry, ACT_DELETE, ctx, argc, argv);
}
