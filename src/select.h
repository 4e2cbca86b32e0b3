/* Choosing tasks for a bulk action by a SCAN walk of the task hashes
 * (bounded batches, pipelined HMGET): --failed, --status S, --user U,
 * --stuck[=AGE] (processing longer than AGE, or leased by a worker whose
 * lease expired). Also what the preview says: how many, where they would
 * go, their priorities, the oldest. */
#ifndef OCRTOP_SELECT_H
#define OCRTOP_SELECT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "conn.h"
#include "keys.h"

struct task_filter {
	const char	*status;	/* exact status, or NULL */
	const char	*user;		/* exact user_id, or NULL */
	int		 stuck;		/* processing for longer than stuck_ms, or lease expired */
	int64_t		 stuck_ms;
	unsigned	 scan_count;
};

struct selection {
	char		**ids;		/* owned */
	size_t		 *lens;
	size_t		  n;
	size_t		  cap;
	/* For the preview. */
	long		  to_priority;	/* would go to the priority set (priority above 5) */
	long		  to_fifo;
	double		  prio_min;
	double		  prio_max;
	int64_t		  oldest_ms;	/* created_at of the oldest, or -1 */
	long		  dead_leases;	/* held by a worker whose lease expired */
	char		**status;	/* select_fill(): each task's status, NULL without data */
	long		  missing;	/* select_fill(): tasks without data */
};

/* Walks the task hashes and keeps those matching f. -1 with *cause. */
int select_tasks(struct conn *c, const struct keys *k, const struct task_filter *f, struct selection *sel,
    char **cause);
/* Adds ids given by hand (no walk, no preview details). */
void select_add(struct selection *sel, const char *id, size_t len);
/* Reads what the preview says about tasks added by hand: their status,
 * where a requeue would put them, the oldest, how many have no data. One
 * pipelined round trip per 1,000 tasks. -1 with *cause. */
int select_fill(struct conn *c, const struct keys *k, struct selection *sel, char **cause);
/* Appends at most max lines "  ID  STATUS", then "  and N more". */
void select_list(const struct selection *sel, size_t max, unsigned san, struct buf *out);
/* Appends "requeue 1,234 tasks: 412 to the priority set (priority 8-10),
 * 822 to the FIFO list, oldest 3h 2m". */
void select_preview(const struct selection *sel, const char *verb, struct buf *out);
/* Appends "id id id and N more" (at most 50 named) for the audit trail. */
void select_targets(struct buf *out, char *const *ids, const size_t *lens, size_t n);
/* Frees sel. */
void select_free(struct selection *sel);

#endif
