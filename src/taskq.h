/* The worker's side of the platform's queues: a reliable claim instead of
 * BRPOP/ZPOPMAX, so no task is lost when a worker dies or hangs.
 *
 * A claim moves the head of the priority set (highest score first), else
 * of the FIFO list (the right end), into ns:task:leases (a sorted set of
 * lease deadlines in Redis's own time) and records a claim token in
 * ns:task:claims, while setting status=processing, worker_id, started_at
 * and attempts on the task hash, all in one script. A heartbeat extends
 * the lease; a task whose lease runs out (its worker died, lost its
 * connection or hung) is put back by any worker's recovery pass, or failed
 * for good after --max-attempts. Completing or failing checks the token,
 * so a late answer from a worker whose claim was recovered changes
 * nothing and counts nothing: delivery is at-least-once, effects exactly
 * once. */
#ifndef OCRTOP_TASKQ_H
#define OCRTOP_TASKQ_H

#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "keys.h"
#include "scripts.h"

#define TASK_RESULT_TTL_S	3600
#define TASK_DONE_TTL_S		86400
#define DAILY_TTL_S		(30 * 86400)

enum claim_status {
	CLAIM_OK,		/* a task is ours */
	CLAIM_EMPTY,		/* both queues are empty */
	CLAIM_ORPHAN,		/* an id without task data was set aside */
	CLAIM_SKIP,		/* an id already done or leased was dropped */
	CLAIM_ERROR,
	CLAIM_NONE		/* (inside taskq) no claim made */
};

struct claimed {
	char	*id;		/* all owned */
	size_t	 idlen;
	char	*token;
	long	 attempts;
	char	*user;		/* "" when absent */
	char	*file_id;
	char	*file_path;
	int64_t	 started_ms;
	char	*note;		/* orphan: the key's type; skip: the status */
};

enum finish_status {
	FINISH_OK,		/* completed; or failed for good */
	FINISH_RETRY,		/* failed, put back for another attempt */
	FINISH_LATE,		/* the claim was recovered meanwhile: nothing changed */
	FINISH_NODATA,		/* the task hash vanished */
	FINISH_ERROR
};

struct taskq {
	struct conn		*c;		/* borrowed */
	const struct keys	*k;		/* borrowed */
	struct scripts		 sc;
	const char		*worker_id;	/* borrowed */
	int64_t			 lease_ms;
	int			 max_attempts;
	/* The next claim's candidate, from the heads the last claim saw:
	 * the next claim needs no peek. NULL: peek first. */
	char			*cand;		/* owned */
	size_t			 cand_len;
	char			 cand_src;	/* 'P' or 'F' */
	/* With prefetch on, completing or failing a task also claims the
	 * next in the same round trip; taskq_claim() then returns it. */
	int			 prefetch;
	enum claim_status	 pre_st;	/* CLAIM_NONE: nothing waiting */
	struct claimed		 pre;
};

struct recover_stats {
	long	requeued;
	long	failed;
	long	nodata;
};

/* Prepares q on connection c. */
void taskq_init(struct taskq *q, struct conn *c, const struct keys *k, const char *worker_id,
    int64_t lease_ms, int max_attempts);
/* Claims the next task (or returns the one claimed ahead). */
enum claim_status taskq_claim(struct taskq *q, struct claimed *t, char **cause);
/* Whether finishing a task should also claim the next (the caller means
 * to go on): one round trip per task instead of two. */
void taskq_set_prefetch(struct taskq *q, int on);
/* Puts back a task claimed ahead and not taken (before stopping), and
 * frees what q holds. */
void taskq_end(struct taskq *q);
/* Blocks up to timeout_ms for the FIFO list to hold something (BLMOVE of
 * the list onto itself, which changes nothing): idle workers show up as
 * blocked clients, as the platform's own do. 0 timeout, 1 maybe work, -1. */
int taskq_wait(struct taskq *q, int timeout_ms, char **cause);
/* Records success: result JSON, status, counters, daily stats with a
 * running mean, TTLs, notifications on three channels. */
enum finish_status taskq_complete(struct taskq *q, const struct claimed *t, const char *result_json,
    long processing_ms, double confidence, long word_count, char **cause);
/* Records a failure: a transient one is retried until max_attempts. */
enum finish_status taskq_fail(struct taskq *q, const struct claimed *t, const char *error, int permanent,
    char **cause);
/* Puts an unfinished task back at the front, not counting the attempt. */
enum finish_status taskq_release(struct taskq *q, const struct claimed *t, char **cause);
/* Extends a lease; 1 if still ours, 0 if recovered by someone, -1. */
int taskq_extend(struct taskq *q, const struct claimed *t, char **cause);
/* Recovers tasks whose lease has expired (at most limit); with force,
 * every leased task (for `requeue --stuck` against a dead fleet). */
int taskq_recover(struct taskq *q, int limit, int force, struct recover_stats *st, char **cause);
/* Frees what t owns. */
void taskq_claimed_free(struct claimed *t);

#endif
