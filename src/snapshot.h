/* One plain struct holding every number `ocrtop status` prints and the
 * dashboard draws: Redis health from INFO, the queues, counters and daily
 * stats (one pipelined round trip plus one HGET), the census result
 * (borrowed) and the alerts derived from all of it. No terminal code. */
#ifndef OCRTOP_SNAPSHOT_H
#define OCRTOP_SNAPSHOT_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "census.h"
#include "conn.h"
#include "keys.h"
#include "reply.h"

#define PRIORITY_BUCKETS 11		/* scores 0..10 */
#define TOP_PRIORITY	5

enum counter { CNT_TOTAL, CNT_COMPLETED, CNT_FAILED, CNT_COUNT };

struct redis_health {
	int		 available;	/* INFO could be read */
	char		*version;	/* owned strings, raw from Redis */
	char		*role;
	char		*policy;
	char		*master_link;	/* replicas only */
	long long	 uptime_s, used_memory, maxmemory, connected, blocked;
	long long	 ops_per_sec, evicted, hits, misses, keys;
	double		 hit_rate;	/* NAN: no lookups yet or unknown */
	int		 last_bgsave_ok; /* 1 ok, 0 failed, -1 unknown */
	int		 aof_enabled;	/* 1, 0, -1 */
	int		 aof_write_ok;	/* 1, 0, -1 */
};

struct ranked_task {
	char		*id;		/* owned, raw bytes */
	size_t		 len;
	double		 score;
};

struct queue_state {
	long long	 depth;		/* LLEN; NUM_UNKNOWN if the key is not a list */
	char		*oldest_id;	/* next task to run (right end), owned */
	size_t		 oldest_len;
	int64_t		 oldest_age_ms;	/* -1: empty queue or no created_at */
	long long	 priority_depth; /* ZCARD; NUM_UNKNOWN if not a sorted set */
	long long	 by_score[PRIORITY_BUCKETS];
	size_t		 ntop;
	struct ranked_task top[TOP_PRIORITY];
	char		*queue_wrong_type;	/* owned TYPE name when not a list */
	char		*priority_wrong_type;	/* owned TYPE name when not a zset */
};

struct daily_stat {
	char		 date[11];	/* UTC YYYY-MM-DD */
	long long	 completed;	/* NUM_UNKNOWN when absent */
	long long	 failed;
	double		 avg_ms;	/* NAN when absent */
};

enum severity {
	SEV_WARNING = 1,
	SEV_CRITICAL = 2
};

struct alert {
	enum severity	 sev;
	char		*message;	/* owned, program text plus sanitized data */
};

struct snapshot {
	int64_t			 taken_ms;	/* wall clock */
	int			 db;
	struct redis_health	 redis;
	struct queue_state	 queue;
	long long		 counters[CNT_COUNT];
	size_t			 ndays;
	struct daily_stat	*days;		/* owned, newest first */
	const struct census_result *census;	/* borrowed; NULL if none yet */
	size_t			 nalerts;
	struct alert		*alerts;	/* owned */
};

struct snapshot_opts {
	int	days;		/* daily stats to read, newest first */
};

/* Reads everything but the census. -1 with *cause when Redis cannot be
 * read at all (connection, auth, permissions); a wrong type at a queue key
 * is data, not an error. */
int snapshot_collect(struct snapshot *s, struct conn *c, const struct keys *k,
    const struct snapshot_opts *o, char **cause);
/* Adds an alert (message formatted; the caller sanitizes any data in it). */
void snapshot_add_alert(struct snapshot *s, enum severity sev, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Returns the worst alert severity, or 0. */
int snapshot_worst(const struct snapshot *s);
/* Frees what s owns. */
void snapshot_free(struct snapshot *s);

#endif
