/* Every Redis key and channel name ocrtop reads or writes is spelled here
 * and nowhere else. Names follow the platform contract (see README,
 * "The platform's keys"): namespace `ocr` by default, with the seeds'
 * per-key overrides REDIS_TASK_QUEUE_PREFIX, REDIS_TASK_DATA_PREFIX,
 * REDIS_SESSION_PREFIX and REDIS_PUBSUB_CHANNEL. */
#ifndef OCRTOP_KEYS_H
#define OCRTOP_KEYS_H

#include <stddef.h>

#include "buf.h"

struct key_overrides {
	const char *queue;		/* full name of the FIFO list */
	const char *task_data;		/* prefix of task hashes, ':' added */
	const char *session;		/* prefix of sessions, ':' added */
	const char *channel;		/* the notifications channel */
};

/* All strings owned. Prefixes end in ':' so that key = prefix + id. */
struct keys {
	char	*ns;
	char	*queue;			/* LIST ns:task:queue */
	char	*priority;		/* ZSET ns:task:priority */
	char	*task_prefix;		/* HASH ns:task:data:{id} */
	char	*session_prefix;	/* STRING ns:session:{token} */
	char	*channel;		/* ns:notifications */
	char	*stats_total;		/* ns:stats:tasks:total */
	char	*stats_completed;
	char	*stats_failed;
	char	*stats_pending;
	char	*daily_prefix;		/* HASH ns:stats:daily:{YYYY-MM-DD} */
	char	*result_prefix;		/* STRING ns:cache:result:{task id} */
	/* Added by ocrtop (see README, "Keys ocrtop adds"). */
	char	*leases;		/* ZSET ns:task:leases: id -> lease deadline (ms) */
	char	*claims;		/* HASH ns:task:claims: id -> claim token|origin */
	char	*failed;		/* ZSET ns:task:failed: id -> time of final failure */
	char	*orphans;		/* ZSET ns:task:orphans: queued ids without data */
	char	*workers;		/* ZSET ns:workers: worker id -> last heartbeat (ms) */
	char	*worker_prefix;		/* HASH ns:worker:{id}, with a TTL */
	char	*audit;			/* STREAM ns:audit: the audit trail */
};

/* Builds the names for namespace ns; overrides (any field NULL) win for
 * their keys. */
void keys_init(struct keys *k, const char *ns, const struct key_overrides *o);
/* Frees the names. */
void keys_free(struct keys *k);
/* Returns prefix + id (id may hold any bytes); caller frees. */
char *keys_join(const char *prefix, const char *id, size_t idlen);
/* Appends a SCAN MATCH pattern matching every key that starts with
 * prefix, glob characters in the prefix escaped. */
void keys_match_prefix(struct buf *b, const char *prefix, size_t len);

#endif
