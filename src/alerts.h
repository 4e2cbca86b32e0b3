/* Turns a snapshot into alerts: the conditions an operator must act on. */
#ifndef OCRTOP_ALERTS_H
#define OCRTOP_ALERTS_H

#include <stdint.h>

#include "snapshot.h"

struct alert_opts {
	int64_t	max_wait_ms;	/* queued work older than this with no idle worker */
	int64_t	stuck_after_ms;	/* for the stuck-task message */
	const struct keys *keys; /* for naming keys in messages */
};

/* Appends to s->alerts every condition that holds. */
void alerts_evaluate(struct snapshot *s, const struct alert_opts *o);

#endif
