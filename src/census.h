/* The census: an exact count of task hashes by status and of sessions by
 * user, made by walking the keyspace with SCAN in bounded batches.
 *
 * Each batch is one SCAN (MATCH on the common prefix of the task and
 * session prefixes, COUNT --scan-count) and one pipelined round trip for
 * the values: HMGET of a few fields per task, one MGET for the sessions,
 * with the next SCAN queued behind them so Redis walks on while ocrtop
 * reads the batch.
 * A key whose reply cannot tell "gone" from "present but odd" (a nil) gets
 * an EXISTS in a second, rare round trip, so keys expiring during the walk
 * are not miscounted. Keys SCAN returns twice are counted once (a set of
 * 64-bit key hashes). census_step() stops after a time budget and resumes
 * where it stopped, so the dashboard can walk a little on every tick.
 *
 * With opts.samples (the dashboard), the census also keeps bounded samples
 * for the Tasks screen:
 * every failed or stuck task (up to CENSUS_MAX_PROBLEMS) and a few of each
 * other status, failures grouped by error text, and per user the number of
 * idle sessions and of distinct IP addresses. */
#ifndef OCRTOP_CENSUS_H
#define OCRTOP_CENSUS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "conn.h"
#include "hashtab.h"
#include "keys.h"
#include "scanwalk.h"

#define CENSUS_SAMPLES_PER_STATUS 200
#define CENSUS_MAX_PROBLEMS	5000	/* failed and stuck tasks kept */
#define CENSUS_ERROR_BYTES	200	/* error texts are grouped by their start */
#define CENSUS_MAX_IPS		4	/* distinct IPs tracked per user */

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
	int		samples;	/* keep task samples and failure groups (dashboard) */
	int64_t		stuck_after_ms;	/* processing longer than this is stuck */
	int64_t		idle_ms;	/* sessions idle longer than this are idle */
};

/* One task seen by the census (all strings owned, raw bytes). */
struct task_sample {
	char		*id;
	size_t		 idlen;
	enum task_status status;
	char		*raw_status;	/* the status field as stored, or NULL */
	char		*user;
	char		*error;		/* at most CENSUS_ERROR_BYTES */
	int64_t		 created_ms;	/* -1 when absent or unreadable */
	int64_t		 started_ms;
	long		 attempts;	/* -1 when absent */
	int		 stuck;
};

struct census_result {
	long long	 tasks;			/* task keys counted */
	long long	 by_status[TS_COUNT];
	long long	 stuck;
	long long	 sessions;		/* valid sessions */
	long long	 idle;
	long long	 malformed;
	struct strcount	 users;			/* user_id -> sessions (count), idle (aux), IPs (aux2) */
	struct strcount	 errors;		/* error text -> failed tasks */
	struct task_sample *samples;		/* owned */
	size_t		 nsamples;
	size_t		 capsamples;
	long long	 sampled[TS_COUNT];
	long long	 keys_walked;		/* every key SCAN returned */
	int64_t		 started_ms;		/* wall clock */
	int64_t		 finished_ms;		/* 0 while running */
};

struct census {
	const struct keys	*keys;		/* borrowed */
	struct census_opts	 opts;
	struct scanwalk		 walks[2];	/* one over the common prefix, or one per prefix */
	int			 nwalks;
	int			 walk;		/* current walk */
	int			 done;
	struct idset		 seen;
	struct census_result	 res;
	/* Scratch reused by every batch. */
	const char		**argv;
	size_t			*lens;
	size_t			*pick;		/* reply index of each piped task key */
	size_t			*spick;		/* reply index of each session key */
	uint64_t		*hashes;	/* hash of each key of the batch */
	size_t			 cap;
	int			 nfields;	/* task fields read by HMGET */
	redisReply		*pending;	/* the next SCAN batch, fetched ahead */
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
/* Estimates progress from 0 to 1 given the database's key count. */
double census_progress(const struct census *cs, long long dbsize);
/* Moves the result out of cs (cs keeps nothing of it). */
void census_take_result(struct census *cs, struct census_result *out);
/* Frees a result. */
void census_result_free(struct census_result *r);
/* Frees the census. */
void census_free(struct census *cs);

#endif
