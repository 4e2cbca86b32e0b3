/* The live notification feed: a thread with its own connection that
 * PSUBSCRIBEs to ns:notifications*, keeps the newest messages in a bounded
 * ring, pings to detect a dead link, and reconnects and resubscribes by
 * itself. It wakes the UI by writing a byte to a pipe; the UI copies new
 * messages out under the lock. */
#ifndef OCRTOP_FEED_H
#define OCRTOP_FEED_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "notify.h"

#define FEED_RING 2000

struct feed {
	/* Set by feed_start(), then read-only. */
	struct endpoint		 ep;
	struct conn_opts	 opts;
	char			*pattern;
	int			 wake_fd;	/* borrowed: the UI's pipe */
	int			 stop_pipe[2];
	pthread_t		 thread;
	int			 started;
	/* Under lock. */
	pthread_mutex_t		 lock;
	struct notify_msg	 ring[FEED_RING];
	size_t			 head;		/* next slot written */
	unsigned long long	 total;		/* messages ever received */
	int			 connected;
	char			*error;		/* why it is not connected */
};

/* Starts the feed thread. -1 with *cause if the thread cannot start. */
int feed_start(struct feed *f, const struct endpoint *ep, const struct conn_opts *opts,
    const char *pattern, int wake_fd, char **cause);
/* Copies the messages received after *seen (at most FEED_RING, oldest
 * first) to cb, and updates *seen. Also reports the connection state. */
void feed_take(struct feed *f, unsigned long long *seen,
    void (*cb)(void *arg, const struct notify_msg *m), void *arg, int *connected, char **error);
/* Stops the thread and frees everything. */
void feed_stop(struct feed *f);

#endif
