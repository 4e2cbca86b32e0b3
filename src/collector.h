/* The collector: a thread with its own blocking connection that, every
 * interval, takes a snapshot, walks a budgeted slice of the census, reads
 * what the visible screen asked for, and hands the UI a new model (swap a
 * pointer under a mutex, write one byte to the UI's pipe). Redis being
 * slow or gone delays numbers, never keys. */
#ifndef OCRTOP_COLLECTOR_H
#define OCRTOP_COLLECTOR_H

#include <pthread.h>
#include <stdint.h>

#include "alerts.h"
#include "census.h"
#include "conn.h"
#include "keys.h"
#include "model.h"
#include "session.h"

/* What the UI asks for; the latest request wins. Strings owned. */
struct collect_req {
	int		 want_pages;	/* the Queue screen is visible */
	long		 fifo_offset;
	long		 prio_offset;
	int		 page_rows;
	int		 want_details;	/* the Redis or Workers screen is visible */
	int		 want_audit;	/* the Audit screen is visible */
	char		*task_id;	/* a task detail is open */
	size_t		 task_len;
	char		*user_id;	/* a user's sessions are open */
	size_t		 user_len;
	unsigned	 census_now;	/* bumped to ask for a fast, fresh census */
};

struct collector_opts {
	int64_t		 interval_ms;	/* between ticks (-d, --interval) */
	double		 census_share;	/* of wall time spent walking at steady state */
	struct census_opts census;
	struct snapshot_opts snapshot;
	struct alert_opts alerts;
};

struct collector {
	/* Set by collector_start(), then read-only. */
	struct endpoint		 ep;
	struct conn_opts	 copts;
	const struct keys	*keys;		/* borrowed */
	struct collector_opts	 opts;
	int			 wake_fd;	/* borrowed: the UI's pipe */
	pthread_t		 thread;
	int			 started;
	/* Under lock. */
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	int			 stop;
	struct collect_req	 req;
	unsigned		 req_serial;
	struct model		*latest;	/* not yet taken by the UI */
};

/* Starts the thread. -1 with *cause. */
int collector_start(struct collector *col, const struct endpoint *ep, const struct conn_opts *copts,
    const struct keys *keys, const struct collector_opts *opts, int wake_fd, char **cause);
/* Replaces the request (copied) and wakes the thread at once. */
void collector_request(struct collector *col, const struct collect_req *req);
/* Takes the newest model, or NULL; the caller owns it. */
struct model *collector_take(struct collector *col);
/* Stops the thread and frees everything. */
void collector_stop(struct collector *col);
/* Frees the strings of a request. */
void collect_req_clear(struct collect_req *req);

#endif
