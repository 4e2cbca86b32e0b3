/* What an operator can change, shared by the CLI subcommands, the
 * dashboard's keys and dialogs, and its `:` prompt. Each change to one task
 * is one Lua script (atomic, compare-and-set, safe to retry); many tasks
 * go in pipelined batches, at a limited rate if asked, and a cancel flag
 * stops between batches with nothing half-done. Every item gets an
 * outcome. */
#ifndef OCRTOP_ACTIONS_H
#define OCRTOP_ACTIONS_H

#include <stdatomic.h>
#include <stddef.h>

#include "conn.h"
#include "keys.h"
#include "scripts.h"

enum action_kind {
	ACT_REQUEUE,
	ACT_PRIORITY,
	ACT_FRONT,
	ACT_CANCEL,
	ACT_DELETE,
	ACT_UNQUEUE,		/* fsck: a queued id without data */
	ACT_DEDUPE,		/* fsck: a task queued twice */
	ACT_COUNT
};

struct action_opts {
	int		 reset_attempts;	/* requeue: attempts back to 0 */
	int		 force;			/* requeue: a processing task without a lease too */
	double		 score;			/* priority */
	long		 batch;			/* tasks per round trip (default 100) */
	double		 rate;			/* tasks per second; 0: no limit */
	const atomic_int *cancel;		/* stop between batches when set */
	void		(*progress)(void *arg, long done, long total);
	void		*progress_arg;
};

/* One task's outcome. */
struct action_item {
	char	*id;		/* owned, raw bytes */
	size_t	 idlen;
	char	*outcome;	/* done, queued, leased, processing, status, already, nodata, skipped, error */
	char	*detail;	/* where it went, the worker, the status, the error */
};

struct action_result {
	struct action_item *items;	/* owned, one per task asked */
	size_t		 n;
	long		 done;		/* changed */
	long		 unchanged;	/* already as asked (queued, already cancelled) */
	long		 missing;	/* no task data */
	long		 refused;	/* held by a live worker, processing, finished */
	long		 errors;
	long		 skipped;	/* not reached: interrupted */
	int		 interrupted;
};

/* The verb of an action ("requeue"). */
const char *action_name(enum action_kind k);
/* Runs k on n tasks. Returns 0, or -1 with *cause when Redis went away
 * (items not reached are "skipped"). */
int action_run(struct conn *c, const struct keys *k, struct scripts *sc, enum action_kind kind,
    char *const *ids, const size_t *lens, size_t n, const struct action_opts *o,
    struct action_result *res, char **cause);
/* Appends "3 done, 1 already queued, 1 not found" to out. */
void action_summary(const struct action_result *res, struct buf *out);
/* Frees a result. */
void action_result_free(struct action_result *res);

#endif
