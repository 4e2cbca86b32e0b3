/* What every action subcommand shares: --yes, --dry-run, --json, --batch,
 * --rate; refusing in read-only mode; the preview and its confirmation
 * (a y/N question, or the count typed for bulk actions; never without a
 * terminal unless --yes); Ctrl-C between batches; printing the outcome;
 * the exit status; and the audit record. */
#ifndef OCRTOP_CLI_ACTION_H
#define OCRTOP_CLI_ACTION_H

#include <stdatomic.h>

#include "actions.h"
#include "audit.h"
#include "cmd.h"
#include "ctx.h"
#include "opts.h"

#define EXIT_INTERRUPTED 130

extern const struct opt cli_action_options[];

struct cli_action {
	int		 yes;
	int		 dry_run;
	int		 json;
	long		 batch;
	double		 rate;
};

/* Applies a shared action option; returns 1 if id was one, 0 if not, -1
 * with *cause on a bad value. */
int cli_action_option(struct cli_action *a, int id, const char *arg, char **cause);
/* Shows the preview and asks: returns 0 to go on, or the exit status to
 * return (dry run: EXIT_OK; no: EXIT_REFUSED). bulk asks for the count. */
int cli_action_confirm(struct ctx *ctx, const struct cli_action *a, const char *preview, long count, int bulk);
/* Sets up Ctrl-C to stop between batches; the flag becomes 1. */
void cli_action_trap(atomic_int *flag);
/* Restores Ctrl-C. */
void cli_action_untrap(void);
/* Prints the result (text or JSON) and returns the exit status: 1 on
 * errors, 3 when a task was not found, 4 when one was refused, 130 when
 * interrupted, else 0. */
int cli_action_report(struct ctx *ctx, const struct cli_action *a, const char *verb,
    const struct action_result *res);
/* The whole flow for tasks already selected: refuse if read-only (a dry
 * run is allowed), preview, confirm (the count typed when bulk), run in
 * batches with Ctrl-C stopping between them, report, audit. Returns the
 * exit status. */
int cli_action_execute(struct ctx *ctx, struct conn *c, const struct cli_action *a, enum action_kind kind,
    const struct action_opts *o, char *const *ids, const size_t *lens, size_t n, const char *args,
    const char *preview, int bulk);
/* For commands that take task ids: connects, previews "VERB N tasks: ids
 * (what)", and runs cli_action_execute(). */
int cli_action_on_ids(struct ctx *ctx, const struct cli_action *a, enum action_kind kind,
    const struct action_opts *o, char **ids, int n, const char *what);
/* The exec of a command whose operands are task ids and whose only
 * options are the shared ones (cancel, front, delete). */
int cli_action_ids_exec(const struct cmd_entry *cmd, enum action_kind kind, struct ctx *ctx, int argc, char **argv);
/* An opt_handler for commands with only the shared options. */
int cli_action_plain_option(void *state, int id, char *arg, char **cause);
/* Before connecting: in read-only mode (unless a dry run) says why and
 * records the refusal in the local audit log, returning EXIT_REFUSED;
 * otherwise 0. */
int cli_action_refuse(struct ctx *ctx, const struct cli_action *a, const char *verb, const char *args,
    const char *targets);
/* Records the action in the audit trail, warning on stderr if it could
 * not. */
void cli_action_audit(struct ctx *ctx, struct conn *c, const char *action, const char *args,
    const char *targets, const char *outcome, long long count, long long matched);

#endif
