/* Consistency check of the queues against the task data: pending tasks
 * in neither queue ("lost"), queued ids without data, ids in both queues
 * or twice in the FIFO, processing tasks without a live lease (stuck when
 * older than --stuck-after), and counters lower than what they count.
 * Reads only: the FIFO in pages (LRANGE), the priority set by ZSCAN, the
 * task hashes by SCAN; ids are kept as 64-bit hashes, and at most
 * FSCK_KEEP of each kind by name. */
#ifndef OCRTOP_FSCK_H
#define OCRTOP_FSCK_H

#include <stddef.h>
#include <stdint.h>

#include "census.h"
#include "conn.h"
#include "keys.h"

#define FSCK_KEEP 10000

struct fsck_list {
	char		**ids;		/* owned */
	size_t		 *lens;
	size_t		  n;
	long long	  total;	/* found, kept or not */
};

enum fsck_kind {
	FSCK_LOST,		/* pending, in neither queue */
	FSCK_NO_DATA,		/* queued, no task hash */
	FSCK_DUPLICATE,		/* in both queues, or twice in the FIFO */
	FSCK_STUCK,		/* processing, no live lease, started too long ago */
	FSCK_KINDS
};

struct fsck_report {
	struct fsck_list lists[FSCK_KINDS];
	long long	 fifo_len;
	long long	 prio_len;
	long long	 tasks;
	long long	 by_status[TS_COUNT];
	long long	 processing_unleased;	/* all processing tasks without a live lease */
	long long	 counters[4];		/* total, completed, failed, pending; NUM_UNKNOWN if absent */
};

/* Names for people: "lost", "queued without data", ... */
const char *fsck_kind_name(enum fsck_kind k);
/* Runs the check. -1 with *cause. */
int fsck_run(struct conn *c, const struct keys *k, int64_t stuck_ms, struct fsck_report *r, char **cause);
/* Frees a report. */
void fsck_free(struct fsck_report *r);

#endif
