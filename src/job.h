/* One operator action run on its own thread with its own connection, so
 * the screen that asked never waits on Redis. It reads what would change
 * (the preview), waits for a yes or a no, runs in batches with progress
 * and a stop flag checked between batches, publishes what the platform
 * expects, and records the outcome (or the "no") in the audit trail. The
 * dashboard's keys, dialogs and `:` commands all go through here, onto
 * the same actions, sweeps and selections as the CLI subcommands. */
#ifndef OCRTOP_JOB_H
#define OCRTOP_JOB_H

#include <stdint.h>

#include "actions.h"
#include "ctx.h"
#include "select.h"
#include "session.h"

enum job_what {
	JOB_TASKS,		/* the task ids given */
	JOB_SELECT,		/* every task a filter selects */
	JOB_LOGOUT,		/* every session of a user */
	JOB_PURGE_IDLE		/* sessions idle past the backend's rule */
};

enum job_state {
	JOB_PREVIEW,		/* reading what would change */
	JOB_ASK,		/* the preview is ready: waiting for job_decide() */
	JOB_RUN,
	JOB_DONE
};

struct job_spec {
	enum job_what		 what;
	enum action_kind	 kind;		/* JOB_TASKS, JOB_SELECT */
	char			**ids;		/* JOB_TASKS: copied */
	const size_t		*lens;
	size_t			 n;
	struct task_filter	 filter;	/* JOB_SELECT: strings copied */
	int			 reset_attempts;
	int			 force;
	double			 score;		/* ACT_PRIORITY */
	const char		*who;		/* JOB_LOGOUT: a user id or an email */
	enum session_field	 field;
	int64_t			 idle_ms;	/* JOB_PURGE_IDLE */
	const char		*args;		/* for the audit trail: how it was asked */
};

struct job;

/* Starts a job; wake_fd gets a 'j' at each change of state or progress.
 * ctx must outlive the job and not change while it runs. */
struct job *job_start(struct ctx *ctx, const struct job_spec *spec, int wake_fd);
/* The state now. */
enum job_state job_state(struct job *j);
/* What the action is called ("requeue", "logout-all"). */
const char *job_verb(const struct job *j);
/* From JOB_ASK on: the preview (raw text, lines), how many items it
 * found, and whether the count must be typed to confirm. */
const char *job_preview(const struct job *j);
long long job_count(const struct job *j);
int job_bulk(const struct job *j);
/* Go (1) or not (0), in JOB_ASK. */
void job_decide(struct job *j, int go);
/* Stops between batches (or refuses, before the answer). */
void job_stop(struct job *j);
/* Progress: items done of total (total -1 when a walk of unknown length;
 * then done counts keys read), and items changed. */
void job_progress(const struct job *j, long long *done, long long *total, long long *changed);
/* In JOB_DONE: one line saying what happened, and whether the ACL
 * refused a write (the caller then turns read-only). */
const char *job_summary(const struct job *j);
int job_denied(const struct job *j);
/* Stops the job if it runs, waits for its thread, frees it. */
void job_free(struct job *j);

#endif
