/* The census: an exact count of task hashes by status and of sessions by
 * user, made by walking the keyspace with SCAN in bounded batches.
 *
 * Each batch is one SCAN (MATCH on the common prefix of the task and
 * session prefixes, COUNT --scan-count) and one pipelined round trip for
 * the values: HMGET status started_at per task, one MGET for the sessions.
 * A key whose reply cannot tell "gone" from "present but odd" (a nil) gets
 * an EXISTS in a second, rare round trip, so keys expiring during the walk
 * are not miscounted. Keys SCAN returns twice are counted once (a set of
 * 64-bit key hashes). census_step() stops after a time budget and resumes
 * where it stopped, so the dashboard can walk a little on every tick. */
#ifndef OCRTOP_CENSUS_H
#define OCRTOP_CENSUS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "conn.h"
#include "hashtab.h"
#include "keys.h"

enum task_status {
	TS_PENDING,
	TS_PROCESSING,
	TS_COMPLETED,
	TS_FAILED,
	TS_OTHER,		/* missing or unknown status, or not a hash */
	TS_COUNT
};

struct census_opts {
	unsigned	scan_count;	/* SCAN COUNT hint (default 1000) */
	int64_t		stuck_after_ms;	/* processing longer than this is stuck */
	int64_t		idle_ms;	/* sessions idle longer than this are idle */
};

struct census_result {
	long long	 tasks;			/* task keys counted */
	long long	 by_status[TS_COUNT];
	long long	 stuck;
	long long	 sessions;		/* valid sessions */
	long long	 idle;
	long long	 malformed;
	struct strcount	 users;			/* user_id -> sessions (count), idle (aux) */
	long long	 keys_walked;		/* every key SCAN returned */
	int64_t		 started_ms;		/* wall clock */
	int64_t		 finished_ms;		/* 0 while running */
};

struct census {
	const struct keys	*keys;		/* borrowed */
	struct census_opts	 opts;
	char			*match[2];	/* SCAN MATCH pattern per walk, owned */
	int			 nwalks;
	int			 walk;		/* current walk */
	char			*cursor;	/* SCAN cursor of the next batch, owned */
	int			 done;
	struct idset		 seen;
	struct census_result	 res;
	/* Scratch reused by every batch. */
	const char		**argv;
	size_t			*lens;
	size_t			*pick;		/* reply index of each piped task key */
	size_t			*spick;		/* reply index of each session key */
	size_t			 cap;
	struct buf		 tmp;
};

/* Returns the census name of a status. */
const char *census_status_name(enum task_status s);
/* Maps a status field value to its class. */
enum task_status census_classify_status(const char *s, size_t len);
/* Prepares a walk over the keys in k (borrowed for the census's life). */
void census_init(struct census *cs, const struct keys *k, const struct census_opts *o);
/* Walks until done or budget_us microseconds have passed (0: until done).
 * Returns 1 when the census is complete, 0 when there is more to do, -1
 * with *cause on a Redis error (the interrupted batch is redone on the
 * next call). */
int census_step(struct census *cs, struct conn *c, int64_t budget_us, char **cause);
/* Moves the result out of cs (cs is left without users). */
void census_take_result(struct census *cs, struct census_result *out);
/* Frees a result. */
void census_result_free(struct census_result *r);
/* Frees the census. */
void census_free(struct census *cs);

#endif
