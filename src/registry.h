/* The worker registry: every ocrtop worker thread, on any host, publishes
 * itself as ns:worker:{id} (a hash with a TTL) and in the index
 * ns:workers (a sorted set by last heartbeat), so every console sees the
 * whole fleet without SCAN. A worker that vanishes expires on its own. */
#ifndef OCRTOP_REGISTRY_H
#define OCRTOP_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "keys.h"

#define REGISTRY_TTL_S 30	/* a worker not heard from for this long is gone */

struct worker_info {
	char		*id;		/* host:pid:thread, owned */
	char		*host;
	long		 pid;
	int		 thread;
	char		*version;
	int64_t		 started_ms;
	char		*state;		/* idle, busy, stopping */
	char		*task;		/* the current task id, or "" */
	int64_t		 task_since_ms;	/* 0 when idle */
	long long	 done;
	long long	 failed;
	double		 mean_ms;
	int64_t		 seen_ms;	/* last heartbeat */
};

/* Publishes n workers (HSET + EXPIRE + ZADD, one round trip). */
int registry_publish(struct conn *c, const struct keys *k, const struct worker_info *w, size_t n, char **cause);
/* Removes workers that stopped cleanly. */
int registry_remove(struct conn *c, const struct keys *k, const struct worker_info *w, size_t n, char **cause);
/* Reads every live worker, pruning index entries whose hash expired. */
int registry_read(struct conn *c, const struct keys *k, struct worker_info **out, size_t *n, char **cause);
/* Frees what one entry owns. */
void registry_info_free(struct worker_info *w);

#endif
