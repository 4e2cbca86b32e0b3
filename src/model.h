/* What the collector thread hands to the UI: one immutable model per tick.
 * The UI owns a model once it takes it and draws only from models, never
 * from Redis. Census results are shared between successive models by
 * reference count, since they are large and change rarely. */
#ifndef OCRTOP_MODEL_H
#define OCRTOP_MODEL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "audit.h"
#include "census.h"
#include "queue-page.h"
#include "redis-details.h"
#include "registry.h"
#include "snapshot.h"
#include "task-detail.h"
#include "user-sessions.h"

#define HISTORY_LEN	120		/* trend samples kept */
#define HISTORY_STEP_MS	5000		/* one sample per 5 s: 10 minutes */
#define SORTED_USERS_MAX 1000		/* users listed on the Sessions screen */

/* A complete census, shared read-only between models. */
struct census_ref {
	atomic_int		 refs;
	struct census_result	 res;
	struct strcount_entry	**users;	/* by sessions, at most SORTED_USERS_MAX */
	size_t			 nusers;
	struct strcount_entry	**errors;	/* failure groups by count */
	size_t			 nerrors;
	size_t			*order;		/* samples: failed, stuck, then by status */
};

/* One user's sessions as found so far. */
struct user_view {
	char			*user;		/* owned */
	size_t			 user_len;
	int			 done;
	long long		 matched;
	long long		 scanned;
	double			 progress;
	struct user_session	*v;		/* owned copies */
	size_t			 n;
};

struct model {
	int64_t			 made_ms;	/* wall clock */
	int64_t			 made_mono;
	/* The connection. */
	int			 connected;
	char			*error;		/* the last failure, owned, or NULL */
	int64_t			 retry_in_ms;
	/* Numbers; the rest is only meaningful when has_snap. */
	int			 has_snap;
	struct snapshot		 snap;		/* snap.census points into census */
	struct census_ref	*census;	/* the last complete census, or NULL */
	int			 census_running;
	double			 census_progress;
	/* Trends, oldest first, one sample per HISTORY_STEP_MS. */
	size_t			 nhist;
	long long		 depth_hist[HISTORY_LEN];	/* FIFO + priority */
	double			 depth_per_min;		/* NAN when unknown */
	double			 completed_per_min;	/* NAN when unknown */
	double			 failed_per_min;
	/* What the visible screen asked for. */
	int			 has_pages;
	struct queue_page	 fifo;
	struct queue_page	 prio;
	struct task_detail	*task;		/* owned or NULL */
	struct user_view	*user;		/* owned or NULL */
	struct redis_details	*details;	/* owned or NULL */
	struct audit_row	*audit;		/* owned, newest first, or NULL */
	long			 naudit;
	/* ocrtop workers from the registry, on every host. */
	int			 has_workers;
	struct worker_info	*workers;	/* owned */
	size_t			 nworkers;
};

/* Wraps a finished census (moved in) for sharing; sorts what screens need. */
struct census_ref *census_ref_new(struct census_result *res);
/* Takes another reference. */
struct census_ref *census_ref_hold(struct census_ref *r);
/* Drops a reference, freeing on the last. */
void census_ref_drop(struct census_ref *r);
/* Frees a model and everything it owns. */
void model_free(struct model *m);

#endif
