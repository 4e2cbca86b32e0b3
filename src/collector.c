/* The collector thread. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collector.h"
#include "timefmt.h"
#include "xmalloc.h"

#define FIRST_CENSUS_BUDGET_US	250000	/* until the first census is complete, or on demand */
#define MIN_CENSUS_BUDGET_US	2000
#define USER_SCAN_BUDGET_US	200000
#define CENSUS_PAUSE_MS		5000	/* at least this between two censuses */
#define DAYS_EVERY_MS		60000	/* past days' stats are reread this often */
#define AUDIT_ROWS		500	/* entries the Audit screen shows */
#define RATE_SPAN		12	/* samples: one minute */

/* Trend samples, kept by the collector thread only. */
struct history {
	size_t		 n;
	int64_t		 last_mono;
	long long	 depth[HISTORY_LEN];
	long long	 completed[HISTORY_LEN];
	long long	 failed[HISTORY_LEN];
};

/* The collector thread's own state. */
struct worker_state {
	struct conn		 c;
	struct census		 cs;
	int			 census_live;
	int64_t			 census_done_mono;	/* when the last one finished */
	int64_t			 credit_us;	/* census time earned, not yet spent */
	int64_t			 credit_mono_us;
	unsigned		 census_now_seen;
	struct census_ref	*last;
	struct user_sessions	 us;
	int			 us_live;
	struct history		 hist;
	struct collect_req	 req;
	struct daily_stat	*days;		/* the last full read of the daily stats */
	size_t			 ndays;
	int64_t			 days_mono;
};

static void *collector_main(void *arg);
static void publish(struct collector *col, struct model *m);
static int64_t census_credit(struct collector *col, struct worker_state *w, int64_t now);
static void step_census(struct collector *col, struct worker_state *w, struct model *m);
static void record_history(struct history *h, struct model *m);
static double per_minute(const long long *v, size_t n);
static void read_user(struct collector *col, struct worker_state *w, struct model *m);
static void read_extras(struct collector *col, struct worker_state *w, struct model *m);
static void copy_req(struct collect_req *dst, const struct collect_req *src);
static int collect_snapshot(struct collector *col, struct worker_state *w, struct model *m, char **cause);
static void wake(struct collector *col);

void
collect_req_clear(struct collect_req *req)
{
	free(req->task_id);
	free(req->user_id);
	memset(req, 0, sizeof *req);
}

static void
copy_req(struct collect_req *dst, const struct collect_req *src)
{
	collect_req_clear(dst);
	*dst = *src;
	dst->task_id = src->task_id != NULL ? xstrndup(src->task_id, src->task_len) : NULL;
	dst->user_id = src->user_id != NULL ? xstrndup(src->user_id, src->user_len) : NULL;
}

static void
wake(struct collector *col)
{
	ssize_t n = write(col->wake_fd, "c", 1);

	(void)n;		/* a full pipe already means "wake up" */
}

static void
publish(struct collector *col, struct model *m)
{
	pthread_mutex_lock(&col->lock);
	model_free(col->latest);
	col->latest = m;
	pthread_mutex_unlock(&col->lock);
	wake(col);
}

/* The census's time is earned by elapsed time, not by ticks, so the ticks
 * a key asks for do not walk extra slices: census_share of the time since
 * the last call, kept up to one interval's worth. */
static int64_t
census_credit(struct collector *col, struct worker_state *w, int64_t now)
{
	int64_t cap = (int64_t)(col->opts.census_share * (double)col->opts.interval_ms * 1000.0);

	if (cap < MIN_CENSUS_BUDGET_US)
		cap = MIN_CENSUS_BUDGET_US;
	if (w->credit_mono_us != 0)
		w->credit_us += (int64_t)(col->opts.census_share * (double)(now - w->credit_mono_us));
	w->credit_mono_us = now;
	if (w->credit_us > cap)
		w->credit_us = cap;
	return w->credit_us;
}

/* Walks a slice of the census: a generous one until the first census is
 * complete or when the operator asks for a fresh one, then a share of the
 * interval small enough to keep the dashboard's cost to Redis low. */
static void
step_census(struct collector *col, struct worker_state *w, struct model *m)
{
	int fast, r;
	int64_t budget;
	char *cause = NULL;

	if (w->req.census_now != w->census_now_seen && w->census_live) {
		census_free(&w->cs);
		w->census_live = 0;
	}
	fast = w->last == NULL || w->req.census_now != w->census_now_seen;
	if (!w->census_live && !fast && mono_ms() - w->census_done_mono < CENSUS_PAUSE_MS)
		goto out;	/* a small keyspace: no need to walk it every tick */
	if (!w->census_live) {
		census_init(&w->cs, col->keys, &col->opts.census);
		if (m->snap.redis.keys > 0)
			idset_reserve(&w->cs.seen, (size_t)m->snap.redis.keys);
		w->census_live = 1;
	}
	if (fast) {
		r = census_step(&w->cs, &w->c, FIRST_CENSUS_BUDGET_US, &cause);
	} else {
		int64_t start = mono_us();

		budget = census_credit(col, w, start);
		if (budget < MIN_CENSUS_BUDGET_US)
			goto out;
		r = census_step(&w->cs, &w->c, budget, &cause);
		w->credit_us -= mono_us() - start;
	}
	if (r < 0) {
		free(m->error);
		m->error = cause;
	} else if (r == 1) {
		struct census_result res;

		census_take_result(&w->cs, &res);
		census_free(&w->cs);
		w->census_live = 0;
		census_ref_drop(w->last);
		w->last = census_ref_new(&res);
		w->census_now_seen = w->req.census_now;
		w->census_done_mono = mono_ms();
	}
out:
	m->census = census_ref_hold(w->last);
	m->snap.census = w->last != NULL ? &w->last->res : NULL;
	m->census_running = w->census_live;
	m->census_progress = w->census_live ? census_progress(&w->cs, m->snap.redis.keys) : 1.0;
}

static double
per_minute(const long long *v, size_t n)
{
	size_t k = n - 1 < RATE_SPAN ? n - 1 : RATE_SPAN;

	if (n < 2 || v[n - 1] == NUM_UNKNOWN || v[n - 1 - k] == NUM_UNKNOWN)
		return NAN;
	return (double)(v[n - 1] - v[n - 1 - k]) * 60000.0 / ((double)k * HISTORY_STEP_MS);
}

static void
record_history(struct history *h, struct model *m)
{
	const struct queue_state *q = &m->snap.queue;
	long long depth = NUM_UNKNOWN;

	if (q->depth != NUM_UNKNOWN || q->priority_depth != NUM_UNKNOWN)
		depth = (q->depth != NUM_UNKNOWN ? q->depth : 0) +
		    (q->priority_depth != NUM_UNKNOWN ? q->priority_depth : 0);
	if (h->n == 0 || m->made_mono - h->last_mono >= HISTORY_STEP_MS) {
		if (h->n == HISTORY_LEN) {
			memmove(h->depth, h->depth + 1, (HISTORY_LEN - 1) * sizeof *h->depth);
			memmove(h->completed, h->completed + 1, (HISTORY_LEN - 1) * sizeof *h->completed);
			memmove(h->failed, h->failed + 1, (HISTORY_LEN - 1) * sizeof *h->failed);
			h->n--;
		}
		h->n++;
		h->last_mono = m->made_mono;
	}
	/* The newest sample always holds the newest numbers. */
	h->depth[h->n - 1] = depth;
	h->completed[h->n - 1] = m->snap.counters[CNT_COMPLETED];
	h->failed[h->n - 1] = m->snap.counters[CNT_FAILED];
	m->nhist = h->n;
	memcpy(m->depth_hist, h->depth, h->n * sizeof *h->depth);
	m->depth_per_min = per_minute(h->depth, h->n);
	m->completed_per_min = per_minute(h->completed, h->n);
	m->failed_per_min = per_minute(h->failed, h->n);
}

static void
read_user(struct collector *col, struct worker_state *w, struct model *m)
{
	struct user_view *uv;
	char *cause = NULL;
	size_t i;

	if (w->us_live && (w->us.match_len != w->req.user_len ||
	    memcmp(w->us.match, w->req.user_id, w->req.user_len) != 0)) {
		user_sessions_free(&w->us);
		w->us_live = 0;
	}
	if (!w->us_live) {
		user_sessions_init(&w->us, col->keys, SF_USER_ID, w->req.user_id, w->req.user_len,
		    col->opts.census.scan_count);
		w->us_live = 1;
	}
	if (!w->us.done && user_sessions_step(&w->us, &w->c, USER_SCAN_BUDGET_US, &cause) < 0) {
		free(m->error);
		m->error = cause;
	}
	uv = xcalloc(1, sizeof *uv);
	uv->user = xstrndup(w->req.user_id, w->req.user_len);
	uv->user_len = w->req.user_len;
	uv->done = w->us.done;
	uv->matched = w->us.matched;
	uv->scanned = w->us.scanned;
	uv->progress = w->us.done ? 1.0 : m->snap.redis.keys > 0 ?
	    (double)w->us.walk.walked / (double)m->snap.redis.keys : 0.0;
	uv->v = xcalloc(w->us.n + 1, sizeof *uv->v);
	for (i = 0; i < w->us.n; i++)
		user_session_copy(&uv->v[i], &w->us.v[i]);
	uv->n = w->us.n;
	m->user = uv;
}

/* Reads what the visible screen asked for; errors are kept in m->error. */
static void
read_extras(struct collector *col, struct worker_state *w, struct model *m)
{
	char *cause = NULL;

	if (w->req.want_pages && w->c.rc != NULL) {
		if (queue_pages_read(&w->c, col->keys, w->req.fifo_offset, w->req.prio_offset,
		    w->req.page_rows, &m->fifo, &m->prio, &cause) == 0)
			m->has_pages = 1;
		else {
			free(m->error);
			m->error = cause;
			cause = NULL;
		}
	}
	if (w->req.task_id != NULL && w->c.rc != NULL) {
		m->task = xcalloc(1, sizeof *m->task);
		if (task_detail_read(&w->c, col->keys, w->req.task_id, w->req.task_len, m->task, &cause) < 0) {
			free(m->task);
			m->task = NULL;
			free(m->error);
			m->error = cause;
			cause = NULL;
		}
	}
	if (w->req.user_id != NULL && w->c.rc != NULL)
		read_user(col, w, m);
	else if (w->us_live) {
		user_sessions_free(&w->us);
		w->us_live = 0;
	}
	if (w->c.rc != NULL) {
		/* The registry is small: the overview counts it on every tick. */
		if (registry_read(&w->c, col->keys, &m->workers, &m->nworkers, &cause) == 0)
			m->has_workers = 1;
		else {
			free(cause);
			cause = NULL;
		}
	}
	if (w->req.want_audit && w->c.rc != NULL) {
		m->naudit = audit_read(&w->c, col->keys, AUDIT_ROWS, &m->audit, &cause);
		if (m->naudit < 0) {
			m->naudit = 0;
			free(m->error);
			m->error = cause;
			cause = NULL;
		}
	}
	if (w->req.want_details && w->c.rc != NULL) {
		m->details = xcalloc(1, sizeof *m->details);
		if (redis_details_read(&w->c, m->details, &cause) < 0) {
			free(m->details);
			m->details = NULL;
			free(m->error);
			m->error = cause;
		}
	}
}

/* Takes the snapshot. Past days' statistics change rarely and most of
 * them may be absent (each absent key is a keyspace miss the dashboard
 * would add to the hit rate it shows), so only today is read every tick
 * and the rest once a minute or when the UTC date changes. */
static int
collect_snapshot(struct collector *col, struct worker_state *w, struct model *m, char **cause)
{
	struct snapshot_opts so = col->opts.snapshot;
	char today[11];
	int full;

	utc_date(now_ms(), today);
	full = w->days == NULL || mono_ms() - w->days_mono >= DAYS_EVERY_MS ||
	    strcmp(w->days[0].date, today) != 0;
	if (!full && so.days > 1)
		so.days = 1;
	if (snapshot_collect(&m->snap, &w->c, col->keys, &so, cause) < 0)
		return -1;
	if (full) {
		free(w->days);
		w->ndays = m->snap.ndays;
		w->days = xcalloc(w->ndays + 1, sizeof *w->days);
		memcpy(w->days, m->snap.days, w->ndays * sizeof *w->days);
		w->days_mono = mono_ms();
	} else if (w->ndays > m->snap.ndays) {
		struct daily_stat today_stat = m->snap.days[0];

		free(m->snap.days);
		m->snap.days = xcalloc(w->ndays + 1, sizeof *m->snap.days);
		memcpy(m->snap.days, w->days, w->ndays * sizeof *w->days);
		m->snap.days[0] = today_stat;
		m->snap.ndays = w->ndays;
	}
	return 0;
}

static void *
collector_main(void *arg)
{
	struct collector *col = arg;
	struct worker_state w;
	unsigned seen = 0;
	int64_t next_tick = 0;

	memset(&w, 0, sizeof w);
	conn_init(&w.c, &col->ep, &col->copts);
	for (;;) {
		struct model *m;
		char *cause = NULL;

		pthread_mutex_lock(&col->lock);
		while (!col->stop && col->req_serial == seen && mono_ms() < next_tick) {
			struct timespec ts;
			int64_t wait = next_tick - mono_ms();

			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_sec += wait / 1000;
			ts.tv_nsec += (wait % 1000) * 1000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&col->cond, &col->lock, &ts);
		}
		if (col->stop) {
			pthread_mutex_unlock(&col->lock);
			break;
		}
		if (col->req_serial != seen) {
			copy_req(&w.req, &col->req);
			seen = col->req_serial;
		}
		pthread_mutex_unlock(&col->lock);
		next_tick = mono_ms() + col->opts.interval_ms;

		m = xcalloc(1, sizeof *m);
		m->made_ms = now_ms();
		m->made_mono = mono_ms();
		if (conn_ensure(&w.c, &cause) < 0) {
			m->error = cause;
			m->retry_in_ms = conn_retry_in_ms(&w.c);
			if (m->made_mono + m->retry_in_ms < next_tick)
				next_tick = m->made_mono + m->retry_in_ms;
			publish(col, m);
			continue;
		}
		m->connected = 1;
		if (collect_snapshot(col, &w, m, &cause) < 0) {
			m->connected = w.c.rc != NULL;
			m->error = cause;
			publish(col, m);
			continue;
		}
		m->has_snap = 1;
		step_census(col, &w, m);
		alerts_evaluate(&m->snap, &col->opts.alerts);
		record_history(&w.hist, m);
		read_extras(col, &w, m);
		m->connected = w.c.rc != NULL;
		publish(col, m);
	}
	if (w.census_live)
		census_free(&w.cs);
	if (w.us_live)
		user_sessions_free(&w.us);
	census_ref_drop(w.last);
	collect_req_clear(&w.req);
	free(w.days);
	conn_free(&w.c);
	return NULL;
}

int
collector_start(struct collector *col, const struct endpoint *ep, const struct conn_opts *copts,
    const struct keys *keys, const struct collector_opts *opts, int wake_fd, char **cause)
{
	pthread_condattr_t ca;

	memset(col, 0, sizeof *col);
	endpoint_copy(&col->ep, ep);
	col->copts = *copts;
	col->copts.client_name = "ocrtop:dashboard";
	col->keys = keys;
	col->opts = *opts;
	col->opts.alerts.keys = keys;
	col->wake_fd = wake_fd;
	pthread_mutex_init(&col->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&col->cond, &ca);
	pthread_condattr_destroy(&ca);
	if ((errno = pthread_create(&col->thread, NULL, collector_main, col)) != 0) {
		*cause = xasprintf("cannot start the collector thread: %s", strerror(errno));
		return -1;
	}
	col->started = 1;
	return 0;
}

void
collector_request(struct collector *col, const struct collect_req *req)
{
	pthread_mutex_lock(&col->lock);
	copy_req(&col->req, req);
	col->req_serial++;
	pthread_cond_signal(&col->cond);
	pthread_mutex_unlock(&col->lock);
}

struct model *
collector_take(struct collector *col)
{
	struct model *m;

	pthread_mutex_lock(&col->lock);
	m = col->latest;
	col->latest = NULL;
	pthread_mutex_unlock(&col->lock);
	return m;
}

void
collector_stop(struct collector *col)
{
	if (col->started) {
		pthread_mutex_lock(&col->lock);
		col->stop = 1;
		pthread_cond_signal(&col->cond);
		pthread_mutex_unlock(&col->lock);
		pthread_join(col->thread, NULL);
	}
	model_free(col->latest);
	collect_req_clear(&col->req);
	endpoint_free(&col->ep);
	pthread_mutex_destroy(&col->lock);
	pthread_cond_destroy(&col->cond);
	memset(col, 0, sizeof *col);
}
