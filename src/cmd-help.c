/* `ocrtop help [COMMAND]`. */
#include "config.h"

#include <stdio.h>

#include "buf.h"
#include "cmd.h"

static int cmd_help_exec(struct ctx *ctx, int argc, char **argv);
static int no_option(void *state, int id, char *arg, char **cause);

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.usage = "[COMMAND]",
	.summary = "describe the commands, or one command",
	.options = NULL,
	.exec = cmd_help_exec,
};

static int
no_option(void *state, int id, char *arg, char **cause)
{
	(void)state; (void)id; (void)arg; (void)cause;
	return 0;
}

static int
cmd_help_exec(struct ctx *ctx, int argc, char **argv)
{
	const struct cmd_entry *cmd = NULL;
	struct buf b = BUF_INIT;
	int first = cmd_parse(ctx, &cmd_help_entry, argc, argv, no_option, NULL);

	if (first <= 0)
		return first < 0 ? EXIT_USAGE : EXIT_OK;
	if (first < argc && (cmd = cmd_find(argv[first])) == NULL) {
		ctx_error(ctx, "help: no such command (see 'ocrtop help')");
		return EXIT_USAGE;
	}
	if (cmd != NULL)
		cmd_help(&b, cmd);
	else
		cmd_help_all(&b);
	fputs(buf_str(&b), stdout);
	buf_free(&b);
	return EXIT_OK;
}
