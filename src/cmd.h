/* The command table: one const entry per command (a file cmd-<name>.c
 * each). The CLI, `ocrtop help`, the man page's command list and, later,
 * the dashboard's `:` prompt and shell completion all come from it. */
#ifndef OCRTOP_CMD_H
#define OCRTOP_CMD_H

#include "ctx.h"
#include "opts.h"

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* operands and options after the name */
	const char	*summary;	/* one line */
	const struct opt *options;	/* the command's own options */
	const struct opt *shared;	/* options shared with other commands (actions), or NULL */
	/* Runs the command: argv[0] is its name. Returns the exit status. */
	int		(*exec)(struct ctx *ctx, int argc, char **argv);
};

extern const struct cmd_entry *const cmd_table[];

/* Finds a command by name, or NULL. */
const struct cmd_entry *cmd_find(const char *name);
/* Parses a command's options (its own plus the global ones) and handles
 * --help. Returns the index of the first operand, -1 after printing a
 * usage error, or 0 when help was printed (the caller exits 0). */
int cmd_parse(struct ctx *ctx, const struct cmd_entry *cmd, int argc, char **argv,
    opt_handler handler, void *state);
/* Appends a command's help (usage, summary, options). */
void cmd_help(struct buf *out, const struct cmd_entry *cmd);
/* Appends the general help (commands and global options). */
void cmd_help_all(struct buf *out);

#endif
