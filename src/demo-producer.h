/* The demo's producer: a thread with its own connection that keeps the
 * demo platform alive the way its backend would, so numbers, sparklines
 * and the feed move: new tasks at a rate that rises and falls over two
 * minutes, an upload batch now and then, users logging in. */
#ifndef OCRTOP_DEMO_PRODUCER_H
#define OCRTOP_DEMO_PRODUCER_H

#include <pthread.h>

#include "ctx.h"
#include "demo-data.h"

struct demo_producer {
	struct ctx		*ctx;		/* borrowed, read-only while running */
	const struct demo_files	*files;		/* borrowed */
	long			 users;
	struct demo_rng		 rng;
	pthread_t		 thread;
	int			 started;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	int			 stop;		/* under mu */
};

/* Starts the thread. -1 with *cause. */
int demo_producer_start(struct demo_producer *p, struct ctx *ctx, const struct demo_files *f, long users,
    char **cause);
/* Stops it and waits for it. */
void demo_producer_stop(struct demo_producer *p);

#endif
