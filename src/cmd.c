/* The command table and the help generated from it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "xmalloc.h"

extern const struct cmd_entry cmd_dashboard_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_worker_entry;
extern const struct cmd_entry cmd_requeue_entry;
extern const struct cmd_entry cmd_priority_entry;
extern const struct cmd_entry cmd_front_entry;
extern const struct cmd_entry cmd_cancel_entry;
extern const struct cmd_entry cmd_delete_entry;
extern const struct cmd_entry cmd_logout_all_entry;
extern const struct cmd_entry cmd_sessions_entry;
extern const struct cmd_entry cmd_audit_entry;
extern const struct cmd_entry cmd_fsck_entry;
extern const struct cmd_entry cmd_demo_entry;
extern const struct cmd_entry cmd_seed_entry;
extern const struct cmd_entry cmd_snapshot_entry;
extern const struct cmd_entry cmd_doctor_entry;
extern const struct cmd_entry cmd_completion_entry;
extern const struct cmd_entry cmd_help_entry;

const struct cmd_entry *const cmd_table[] = {
	&cmd_dashboard_entry,
	&cmd_status_entry,
	&cmd_worker_entry,
	&cmd_requeue_entry,
	&cmd_priority_entry,
	&cmd_front_entry,
	&cmd_cancel_entry,
	&cmd_delete_entry,
	&cmd_logout_all_entry,
	&cmd_sessions_entry,
	&cmd_fsck_entry,
	&cmd_audit_entry,
	&cmd_demo_entry,
	&cmd_seed_entry,
	&cmd_snapshot_entry,
	&cmd_doctor_entry,
	&cmd_completion_entry,
	&cmd_help_entry,
	NULL
};

static const struct opt no_options[] = { { NULL, 0, 0, 0, NULL, NULL } };

const struct cmd_entry *
cmd_find(const char *name)
{
	size_t i;

	for (i = 0; cmd_table[i] != NULL; i++)
		if (strcmp(cmd_table[i]->name, name) == 0)
			return cmd_table[i];
	return NULL;
}

int
cmd_parse(struct ctx *ctx, const struct cmd_entry *cmd, int argc, char **argv,
    opt_handler handler, void *state)
{
	struct opt_group groups[3] = {
		{ ctx_options, ctx_option, ctx },
		{ cmd->options != NULL ? cmd->options : no_options, handler, state },
		{ cmd->shared != NULL ? cmd->shared : no_options, handler, state },
	};
	char *cause = NULL;
	int first = opts_parse(argc, argv, groups, 3, 0, &cause);

	if (first < 0) {
		char *msg = xasprintf("%s %s (see 'ocrtop %s --help')", cmd->name, cause, cmd->name);

		ctx_error(ctx, msg);
		free(msg);
		free(cause);
		return -1;
	}
	if (ctx->help) {
		struct buf b = BUF_INIT;

		cmd_help(&b, cmd);
		fputs(buf_str(&b), stdout);
		buf_free(&b);
		return 0;
	}
	return first;
}

void
cmd_help(struct buf *out, const struct cmd_entry *cmd)
{
	buf_printf(out, "usage: ocrtop %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->summary);
	if ((cmd->options != NULL && cmd->options[0].name != NULL) || cmd->shared != NULL) {
		buf_adds(out, "\noptions:\n");
		if (cmd->options != NULL)
			opts_help(out, cmd->options);
		if (cmd->shared != NULL)
			opts_help(out, cmd->shared);
	}
	buf_adds(out, "\nglobal options:\n");
	opts_help(out, ctx_options);
}

void
cmd_help_all(struct buf *out)
{
	size_t i;

	buf_adds(out, "usage: ocrtop [global options] <command> [options]\n\n"
	    "ocrtop: the terminal console of the Redis-backed OCR platform.\n\ncommands:\n");
	for (i = 0; cmd_table[i] != NULL; i++)
		buf_printf(out, "  %-14s%s\n", cmd_table[i]->name, cmd_table[i]->summary);
	buf_adds(out, "\nglobal options:\n");
	opts_help(out, ctx_options);
	buf_adds(out, "\nenvironment: REDIS_URL, REDIS_HOST, REDIS_PORT, REDIS_DB, REDIS_USERNAME, REDIS_PASSWORD,\n"
	    "  REDIS_CONNECTION_TIMEOUT, REDIS_COMMAND_TIMEOUT (ms), REDIS_TASK_QUEUE_PREFIX,\n"
	    "  REDIS_TASK_DATA_PREFIX, REDIS_SESSION_PREFIX, REDIS_PUBSUB_CHANNEL, NO_COLOR,\n"
	    "  OCRTOP_CONFIG, OCRTOP_PROFILE, OCRTOP_READ_ONLY, OCRTOP_LATENCY_LOG, REDIS_SERVER (demo),\n"
	    "  TESSDATA_PREFIX, OMP_THREAD_LIMIT\n"
	    "\n'ocrtop <command> --help' describes a command; 'man ocrtop' describes everything.\n");
}
