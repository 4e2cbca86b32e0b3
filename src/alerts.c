/* Alert rules. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alerts.h"
#include "buf.h"
#include "timefmt.h"

static char *count_str(long long n, const char *one, const char *many);
static char *duration_str(int64_t ms);

static char *
count_str(long long n, const char *one, const char *many)
{
	struct buf b = BUF_INIT;

	fmt_count_noun(&b, n, one, many);
	return buf_detach(&b);
}

static char *
duration_str(int64_t ms)
{
	struct buf b = BUF_INIT;

	fmt_duration(&b, ms);
	return buf_detach(&b);
}

void
alerts_evaluate(struct snapshot *s, const struct alert_opts *o)
{
	const struct redis_health *h = &s->redis;
	const struct queue_state *q = &s->queue;
	char *a, *b;

	if (q->queue_wrong_type != NULL)
		snapshot_add_alert(s, SEV_CRITICAL, "%s holds a %s, not a list: producers and workers fail on it",
		    o->keys->queue, q->queue_wrong_type);
	if (q->priority_wrong_type != NULL)
		snapshot_add_alert(s, SEV_CRITICAL, "%s holds a %s, not a sorted set: priority tasks cannot run",
		    o->keys->priority, q->priority_wrong_type);
	if (h->available && h->evicted != NUM_UNKNOWN && h->evicted > 0) {
		a = count_str(h->evicted, "key", "keys");
		if (strncmp(h->policy, "allkeys-", 8) == 0)
			snapshot_add_alert(s, SEV_CRITICAL, "%s evicted under maxmemory-policy %s: "
			    "queued tasks and their data can vanish", a, h->policy);
		else
			snapshot_add_alert(s, SEV_WARNING, "%s evicted (maxmemory-policy %s)", a, h->policy);
		free(a);
	} else if (h->available && h->maxmemory > 0 && strncmp(h->policy, "allkeys-", 8) == 0)
		snapshot_add_alert(s, SEV_WARNING, "maxmemory-policy %s may evict queued tasks when memory "
		    "runs out (prefer noeviction or volatile-*)", h->policy);
	if (h->available && h->maxmemory > 0 && h->used_memory != NUM_UNKNOWN) {
		double used = (double)h->used_memory / (double)h->maxmemory;

		if (used > 0.8) {
			struct buf m = BUF_INIT;

			fmt_bytes(&m, (unsigned long long)h->used_memory);
			buf_adds(&m, " of ");
			fmt_bytes(&m, (unsigned long long)h->maxmemory);
			snapshot_add_alert(s, used > 0.95 ? SEV_CRITICAL : SEV_WARNING,
			    "memory at %.0f%% of maxmemory (%s)", used * 100, buf_str(&m));
			buf_free(&m);
		}
	}
	/* Judged under real traffic only: on a quiet platform the misses are
	 * mostly pollers (ocrtop's own included) looking at empty queues. */
	if (h->available && !isnan(h->hit_rate) && h->hit_rate < 0.8 && h->hits + h->misses >= 10000 &&
	    h->ops_per_sec != NUM_UNKNOWN && h->ops_per_sec >= 500) {
		a = count_str(h->hits + h->misses, "lookup", "lookups");
		snapshot_add_alert(s, SEV_WARNING, "cache hit rate %.0f%% over %s", h->hit_rate * 100, a);
		free(a);
	}
	if (h->available && h->blocked == 0 && q->depth != NUM_UNKNOWN && q->depth > 0 &&
	    q->oldest_age_ms > o->max_wait_ms) {
		a = count_str(q->depth, "task", "tasks");
		b = duration_str(q->oldest_age_ms);
		snapshot_add_alert(s, SEV_CRITICAL, "%s queued, the oldest for %s, and no worker is "
		    "waiting for work", a, b);
		free(a);
		free(b);
	}
	if (s->census != NULL && s->census->stuck > 0) {
		a = count_str(s->census->stuck, "task", "tasks");
		b = duration_str(o->stuck_after_ms);
		snapshot_add_alert(s, SEV_WARNING, "%s processing for more than %s (stuck?)", a, b);
		free(a);
		free(b);
	}
	if (h->last_bgsave_ok == 0)
		snapshot_add_alert(s, SEV_CRITICAL, "the last background save failed: Redis may refuse "
		    "writes (stop-writes-on-bgsave-error) and a restart loses data");
	if (h->aof_write_ok == 0)
		snapshot_add_alert(s, SEV_CRITICAL, "the last append-only-file write failed");
	if (h->master_link != NULL && strcmp(h->master_link, "up") != 0)
		snapshot_add_alert(s, SEV_CRITICAL, "replica: the link to the master is %s", h->master_link);
}
