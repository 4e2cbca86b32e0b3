/* The worker pool. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "imagepath.h"
#include "json-out.h"
#include "registry.h"
#include "taskq.h"
#include "timefmt.h"
#include "worker.h"
#include "xmalloc.h"

#define HUNG_MARGIN_MS	60000	/* a task past its deadline by this much is hung */

const struct ocr_backend ocr_backend_tesseract = {
	ocr_engine_new, ocr_engine_set_cancel, ocr_recognize_file, ocr_engine_free
};
#define RECONNECT_MS	1000

struct slot {
	struct worker_pool	*pool;
	int			 index;
	char			 id[300];	/* host:pid:index */
	pthread_t		 thread;
	atomic_int		 leave;		/* finish the current task and exit */
	int			 running;	/* the thread exists (under lock) */
	int			 exited;	/* it has returned (under lock) */
	/* Under the pool's lock. */
	char			*task;		/* the task being processed, or NULL */
	size_t			 task_len;
	char			*token;
	int64_t			 task_since;	/* mono ms */
	int64_t			 task_since_wall;
	long long		 done;
	long long		 failed;
	double			 total_ms;
	int64_t			 started_ms;
};

struct worker_pool {
	struct endpoint		 ep;
	struct conn_opts	 copts;
	const struct keys	*keys;
	struct worker_opts	 opts;
	char			*host;
	long			 pid;
	atomic_int		 stopping;	/* no more claims */
	atomic_int		 cancel;	/* stop recognising: the grace is over */
	atomic_long		 claims;	/* for --max-tasks */
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct slot		*slots[WORKER_MAX_THREADS];
	int			 nslots;	/* slots ever made (some may have exited) */
	int			 want;		/* threads wanted */
	int			 busy;
	int			 drained;
	long long		 retried, orphans, recovered;
	char			*error;
	pthread_t		 hb;
	int			 hb_started;
	int			 hb_stop;
	int			 wake[2];	/* written when a thread exits */
};

static void *slot_main(void *arg);
static void *heartbeat_main(void *arg);
static void process(struct slot *s, struct ocr_engine *e, struct taskq *q, struct claimed *t);
static char *result_json(const struct ocr_result *r, const char *lang, const char *worker);
static void set_error(struct worker_pool *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void spawn(struct worker_pool *p);
static int queues_idle(struct worker_pool *p, struct conn *c);
static void sleep_unless_stopping(struct worker_pool *p, int64_t ms);
static void one_line(char *s);

static void
set_error(struct worker_pool *p, const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&p->lock);
	free(p->error);
	p->error = buf_detach(&b);
	pthread_mutex_unlock(&p->lock);
}

static void
sleep_unless_stopping(struct worker_pool *p, int64_t ms)
{
	int64_t until = mono_ms() + ms;

	while (!atomic_load(&p->stopping) && mono_ms() < until)
		usleep(20000);
}

/* Errors are stored on one line (they come from paths and libraries). */
static void
one_line(char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

static char *
result_json(const struct ocr_result *r, const char *lang, const char *worker)
{
	json_t *o = json_object();
	char *s;

	json_object_set_new(o, "text", json_bytes(r->text, strlen(r->text)));
	json_object_set_new(o, "confidence", json_real((double)(long)(r->confidence * 1000 + 0.5) / 1000));
	/* Three decimals are what tesseract's mean confidence has. */
	json_object_set_new(o, "word_count", json_integer(r->word_count));
	json_object_set_new(o, "lang", json_string(lang));
	json_object_set_new(o, "processing_ms", json_integer(r->processing_ms));
	json_object_set_new(o, "worker_id", json_string(worker));
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(o);
	return s;
}

/* OCRs one claimed task and records the outcome. */
static void
process(struct slot *s, struct ocr_engine *e, struct taskq *q, struct claimed *t)
{
	struct worker_pool *p = s->pool;
	struct ocr_result res;
	enum ocr_status st = OCR_NOT_FOUND;
	enum finish_status fs;
	char *path = NULL, *cause = NULL, *fcause = NULL, *err = NULL;
	const char *outcome;
	int permanent = 0;
	int64_t t0 = mono_ms();
	long ms;

	memset(&res, 0, sizeof res);
	if ((t->file_id == NULL || *t->file_id == '\0') && (t->file_path == NULL || *t->file_path == '\0')) {
		err = xstrdup("the task has no file_id and no file_path");
		permanent = 1;
	} else if ((path = imagepath_resolve(p->opts.files_dir, t->file_id, t->file_path, &cause)) == NULL) {
		/* A file not there yet may arrive (storage lag): retry. A path
		 * outside --files-dir or a bad file_id never will. */
		permanent = strncmp(cause, "file not found", 14) != 0;
		err = cause;
		cause = NULL;
	} else {
		st = p->opts.ocr->recognize_file(e, path, &p->opts.limits, &res, &cause);
		if (st != OCR_OK) {
			err = xasprintf("%s: %s", ocr_status_name(st), cause);
			permanent = st == OCR_UNREADABLE || st == OCR_TOO_LARGE;
		}
	}
	ms = (long)(mono_ms() - t0);
	if (err == NULL) {
		char *json = result_json(&res, p->opts.lang, s->id);

		fs = taskq_complete(q, t, json, res.processing_ms, res.confidence, res.word_count, &fcause);
		free(json);
		outcome = fs == FINISH_OK ? "completed" : fs == FINISH_LATE ? "late" : "error";
	} else if (st == OCR_CANCELLED) {
		fs = taskq_release(q, t, &fcause);
		outcome = "released";
	} else {
		one_line(err);
		fs = taskq_fail(q, t, err, permanent, &fcause);
		outcome = fs == FINISH_OK ? "failed" : fs == FINISH_RETRY ? "retry" : fs == FINISH_LATE ? "late" :
		    "error";
	}
	if (fs == FINISH_ERROR && fcause != NULL) {
		/* Redis went away while we finished: the lease will expire
		 * and the task will run again elsewhere. */
		set_error(p, "%s", fcause);
		worklog_event(p->opts.log, s->id, "error", fcause);
	}
	worklog_task(p->opts.log, s->id, t->id, t->idlen, outcome, ms, t->attempts, err);
	pthread_mutex_lock(&p->lock);
	if (fs == FINISH_OK && err == NULL) {
		s->done++;
		s->total_ms += (double)res.processing_ms;
	} else if (fs == FINISH_OK && st != OCR_CANCELLED)
		s->failed++;
	else if (fs == FINISH_RETRY)
		p->retried++;
	pthread_mutex_unlock(&p->lock);
	ocr_result_free(&res);
	free(path);
	free(cause);
	free(fcause);
	free(err);
}

/* With --drain: nothing queued, nothing leased anywhere, nothing here. */
static int
queues_idle(struct worker_pool *p, struct conn *c)
{
	redisReply *r[3] = { NULL, NULL, NULL };
	char *cause = NULL;
	int idle = 1, i, busy;

	pthread_mutex_lock(&p->lock);
	busy = p->busy;
	pthread_mutex_unlock(&p->lock);
	if (busy > 0)
		return 0;
	conn_appendf(c, "LLEN %s", p->keys->queue);
	conn_appendf(c, "ZCARD %s", p->keys->priority);
	conn_appendf(c, "ZCARD %s", p->keys->leases);
	for (i = 0; i < 3; i++) {
		if ((r[i] = conn_read(c, &cause)) == NULL) {
			free(cause);
			idle = 0;
			break;
		}
		if (r[i]->type == REDIS_REPLY_INTEGER && r[i]->integer > 0)
			idle = 0;
	}
	for (i = 0; i < 3; i++)
		freeReplyObject(r[i]);
	return idle;
}

static void *
slot_main(void *arg)
{
	struct slot *s = arg;
	struct worker_pool *p = s->pool;
	struct conn_opts o = p->copts;
	struct ocr_engine *e;
	struct taskq q;
	struct conn c;
	char *cause = NULL, name[320];

	snprintf(name, sizeof name, "ocrtop-worker:%s", s->id);
	o.client_name = name;
	conn_init(&c, &p->ep, &o);
	taskq_init(&q, &c, p->keys, s->id, p->opts.lease_ms, p->opts.max_attempts);
	if ((e = p->opts.ocr->engine_new(p->opts.lang, p->opts.psm, &cause)) == NULL) {
		set_error(p, "%s", cause);
		worklog_event(p->opts.log, s->id, "error", cause);
		free(cause);
		goto out;
	}
	p->opts.ocr->engine_set_cancel(e, &p->cancel);
	worklog_event(p->opts.log, s->id, "started", NULL);
	while (!atomic_load(&p->stopping) && !atomic_load(&s->leave)) {
		struct claimed t;
		enum claim_status cs;

		if (conn_ensure(&c, &cause) < 0) {
			set_error(p, "%s", cause);
			free(cause);
			cause = NULL;
			sleep_unless_stopping(p, RECONNECT_MS);
			continue;
		}
		if (p->opts.max_tasks > 0 && atomic_fetch_add(&p->claims, 1) >= p->opts.max_tasks)
			break;
		pthread_mutex_lock(&p->lock);
		p->busy++;
		pthread_mutex_unlock(&p->lock);
		cs = taskq_claim(&q, &t, &cause);
		if (cs == CLAIM_OK) {
			pthread_mutex_lock(&p->lock);
			s->task = xstrndup(t.id, t.idlen);
			s->task_len = t.idlen;
			s->token = xstrdup(t.token);
			s->task_since = mono_ms();
			s->task_since_wall = now_ms();
			pthread_mutex_unlock(&p->lock);
			/* Going on: claim the next in the round trip that finishes this one. */
			taskq_set_prefetch(&q, !atomic_load(&p->stopping) && !atomic_load(&s->leave) &&
			    (p->opts.max_tasks == 0 || atomic_load(&p->claims) < p->opts.max_tasks));
			process(s, e, &q, &t);
			pthread_mutex_lock(&p->lock);
			free(s->task);
			free(s->token);
			s->task = s->token = NULL;
			p->busy--;
			pthread_mutex_unlock(&p->lock);
			taskq_claimed_free(&t);
			continue;
		}
		pthread_mutex_lock(&p->lock);
		p->busy--;
		pthread_mutex_unlock(&p->lock);
		if (p->opts.max_tasks > 0)
			atomic_fetch_sub(&p->claims, 1);	/* no task was taken */
		if (cs == CLAIM_ORPHAN || cs == CLAIM_SKIP) {
			worklog_task(p->opts.log, s->id, t.id, t.idlen, cs == CLAIM_ORPHAN ? "orphan" : "skip", 0, 0,
			    cs == CLAIM_ORPHAN ? "queued id without task data: set aside in the orphans set" :
			    "already done or in progress: dropped from the queue");
			if (cs == CLAIM_ORPHAN) {
				pthread_mutex_lock(&p->lock);
				p->orphans++;
				pthread_mutex_unlock(&p->lock);
			}
			taskq_claimed_free(&t);
			continue;
		}
		if (cs == CLAIM_ERROR) {
			set_error(p, "%s", cause);
			worklog_event(p->opts.log, s->id, "error", cause);
			free(cause);
			cause = NULL;
			sleep_unless_stopping(p, RECONNECT_MS);
			continue;
		}
		/* Empty. */
		if (p->opts.drain) {
			int others;

			pthread_mutex_lock(&p->lock);
			others = p->busy;
			pthread_mutex_unlock(&p->lock);
			/* A sibling at work will see the drain through (it checks
			 * the queues and the leases when it finishes). */
			if (others > 0)
				break;
		}
		if (p->opts.drain && queues_idle(p, &c)) {
			pthread_mutex_lock(&p->lock);
			p->drained = 1;
			pthread_mutex_unlock(&p->lock);
			break;
		}
		pthread_mutex_lock(&p->lock);
		if (p->drained) {
			pthread_mutex_unlock(&p->lock);
			break;
		}
		pthread_mutex_unlock(&p->lock);
		if (taskq_wait(&q, (int)p->opts.idle_wait_ms, &cause) < 0) {
			free(cause);
			cause = NULL;
		}
	}
	taskq_end(&q);		/* a task claimed ahead goes back */
	worklog_event(p->opts.log, s->id, "stopped", NULL);
	p->opts.ocr->engine_free(e);
out:
	conn_free(&c);
	pthread_mutex_lock(&p->lock);
	s->exited = 1;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	if (write(p->wake[1], "x", 1) < 0) {
		/* the waiter polls the pool too */
	}
	return NULL;
}

/* Extends leases, publishes the registry, recovers dead workers' tasks. */
static void *
heartbeat_main(void *arg)
{
	struct worker_pool *p = arg;
	struct conn_opts o = p->copts;
	struct worker_info info[WORKER_MAX_THREADS];
	struct taskq q;
	struct conn c;
	char name[320], *cause = NULL;
	int64_t tick = p->opts.lease_ms / 3, next_recover = 0;

	if (tick > 2000)
		tick = 2000;	/* the registry is what consoles show: keep it fresh */
	if (tick < 100)
		tick = 100;
	snprintf(name, sizeof name, "ocrtop-worker:%s:%ld:heartbeat", p->host, p->pid);
	o.client_name = name;
	conn_init(&c, &p->ep, &o);
	taskq_init(&q, &c, p->keys, name, p->opts.lease_ms, p->opts.max_attempts);
	pthread_mutex_lock(&p->lock);
	while (!p->hb_stop) {
		struct claimed live[WORKER_MAX_THREADS];
		int n = 0, ninfo = 0, i;
		int64_t now = mono_ms();

		/* Copy what is running, then talk to Redis without the lock. */
		for (i = 0; i < p->nslots; i++) {
			struct slot *s = p->slots[i];
			struct worker_info *w = &info[ninfo];

			if (!s->running || s->exited)
				continue;
			memset(w, 0, sizeof *w);
			w->id = xstrdup(s->id);
			w->host = p->host;
			w->pid = p->pid;
			w->thread = s->index;
			w->version = (char *)PACKAGE_VERSION;
			w->started_ms = s->started_ms;
			w->state = s->task != NULL ? (char *)"busy" : atomic_load(&p->stopping) ? (char *)"stopping" :
			    (char *)"idle";
			w->task = xstrndup(s->task != NULL ? s->task : "", s->task != NULL ? s->task_len : 0);
			w->task_since_ms = s->task != NULL ? s->task_since_wall : 0;
			w->done = s->done;
			w->failed = s->failed;
			w->mean_ms = s->done > 0 ? s->total_ms / (double)s->done : 0;
			w->seen_ms = now_ms();
			ninfo++;
			/* A task past its deadline by the margin is hung: let its
			 * lease run out so another worker takes it. */
			if (s->task != NULL && (p->opts.limits.timeout_ms <= 0 ||
			    now - s->task_since < p->opts.limits.timeout_ms + HUNG_MARGIN_MS)) {
				memset(&live[n], 0, sizeof live[n]);
				live[n].id = xstrndup(s->task, s->task_len);
				live[n].idlen = s->task_len;
				live[n].token = xstrdup(s->token);
				n++;
			}
		}
		pthread_mutex_unlock(&p->lock);
		if (conn_ensure(&c, &cause) == 0) {
			struct recover_stats rs = { 0, 0, 0 };

			for (i = 0; i < n; i++)
				if (taskq_extend(&q, &live[i], &cause) < 0)
					break;
			if (c.rc != NULL && registry_publish(&c, p->keys, info, (size_t)ninfo, &cause) < 0) {
				free(cause);
				cause = NULL;
			}
			if (c.rc != NULL && now >= next_recover) {
				if (taskq_recover(&q, 100, 0, &rs, &cause) == 0 && rs.requeued + rs.failed > 0) {
					char detail[96];

					snprintf(detail, sizeof detail, "requeued %ld, failed %ld tasks of dead workers",
					    rs.requeued, rs.failed);
					worklog_event(p->opts.log, name, "recovered", detail);
				}
				next_recover = now + p->opts.lease_ms / 4;
			}
			pthread_mutex_lock(&p->lock);
			p->recovered += rs.requeued + rs.failed;
			pthread_mutex_unlock(&p->lock);
		}
		free(cause);
		cause = NULL;
		for (i = 0; i < n; i++)
			taskq_claimed_free(&live[i]);
		for (i = 0; i < ninfo; i++) {
			free(info[i].id);
			free(info[i].task);
		}
		pthread_mutex_lock(&p->lock);
		if (!p->hb_stop) {
			struct timespec ts;

			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_sec += tick / 1000;
			ts.tv_nsec += (tick % 1000) * 1000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&p->cond, &p->lock, &ts);
		}
	}
	/* Leaving: take every thread of this pool out of the registry. */
	{
		int ninfo = 0, i;

		for (i = 0; i < p->nslots; i++) {
			memset(&info[ninfo], 0, sizeof info[ninfo]);
			info[ninfo++].id = xstrdup(p->slots[i]->id);
		}
		pthread_mutex_unlock(&p->lock);
		if (conn_ensure(&c, &cause) == 0)
			registry_remove(&c, p->keys, info, (size_t)ninfo, &cause);
		free(cause);
		for (i = 0; i < ninfo; i++)
			free(info[i].id);
	}
	conn_free(&c);
	return NULL;
}

/* Starts one more thread (under the lock), reusing the slot of a thread
 * that left so ids stay small and stable. */
static void
spawn(struct worker_pool *p)
{
	struct slot *s = NULL;
	int i;

	for (i = 0; i < p->nslots && s == NULL; i++) {
		if (p->slots[i]->exited) {
			s = p->slots[i];
			if (s->running)
				pthread_join(s->thread, NULL);
		}
	}
	if (s == NULL) {
		if (p->nslots == WORKER_MAX_THREADS)
			return;
		s = xcalloc(1, sizeof *s);
		s->index = p->nslots;
		p->slots[p->nslots++] = s;
	}
	s->pool = p;
	snprintf(s->id, sizeof s->id, "%s:%ld:%d", p->host, p->pid, s->index);
	atomic_init(&s->leave, 0);
	s->running = s->exited = 0;
	s->started_ms = now_ms();
	if (pthread_create(&s->thread, NULL, slot_main, s) == 0)
		s->running = 1;
	else
		s->exited = 1;
}

struct worker_pool *
worker_pool_start(const struct endpoint *ep, const struct conn_opts *copts,
    const struct keys *keys, const struct worker_opts *opts, char **cause)
{
	struct worker_pool *p = xcalloc(1, sizeof *p);
	pthread_condattr_t ca;
	char host[256];
	int i;

	endpoint_copy(&p->ep, ep);
	p->copts = *copts;
	p->keys = keys;
	p->opts = *opts;
	/* An idle thread blocks on the FIFO list (waking at once for a push)
	 * and looks at the priority set once per wait: every look at an empty
	 * queue is a keyspace miss, so not more often than this. */
	if (p->opts.idle_wait_ms <= 0)
		p->opts.idle_wait_ms = 1000;
	if (p->opts.ocr == NULL)
		p->opts.ocr = &ocr_backend_tesseract;
	if (gethostname(host, sizeof host) != 0)
		strcpy(host, "localhost");
	host[sizeof host - 1] = '\0';
	for (i = 0; host[i] != '\0'; i++)
		if (host[i] == ' ' || host[i] == ':')
			host[i] = '-';	/* ids and client names hold no spaces */
	p->host = xstrdup(host);
	p->pid = (long)getpid();
	atomic_init(&p->stopping, 0);
	atomic_init(&p->cancel, 0);
	atomic_init(&p->claims, 0);
	pthread_mutex_init(&p->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->cond, &ca);
	pthread_condattr_destroy(&ca);
	if (pipe(p->wake) < 0) {
		*cause = xasprintf("pipe: %s", strerror(errno));
		free(p->host);
		endpoint_free(&p->ep);
		free(p);
		return NULL;
	}
	ocr_global_init();	/* before any engine thread starts */
	pthread_mutex_lock(&p->lock);
	p->want = opts->threads;
	for (i = 0; i < opts->threads; i++)
		spawn(p);
	if (pthread_create(&p->hb, NULL, heartbeat_main, p) == 0)
		p->hb_started = 1;
	pthread_mutex_unlock(&p->lock);
	return p;
}

void
worker_pool_set_threads(struct worker_pool *p, int n)
{
	int i, live = 0;

	if (n < 0)
		n = 0;
	if (n > WORKER_MAX_THREADS)
		n = WORKER_MAX_THREADS;
	pthread_mutex_lock(&p->lock);
	p->want = n;
	for (i = 0; i < p->nslots; i++)
		if (!p->slots[i]->exited && !atomic_load(&p->slots[i]->leave))
			live++;
	for (i = p->nslots - 1; i >= 0 && live > n; i--) {
		if (!p->slots[i]->exited && !atomic_load(&p->slots[i]->leave)) {
			atomic_store(&p->slots[i]->leave, 1);
			live--;
		}
	}
	while (live < n && p->nslots < WORKER_MAX_THREADS) {
		spawn(p);
		live++;
	}
	pthread_mutex_unlock(&p->lock);
}

void
worker_pool_stats(struct worker_pool *p, struct worker_stats *st)
{
	double total = 0;
	int i;

	memset(st, 0, sizeof *st);
	pthread_mutex_lock(&p->lock);
	for (i = 0; i < p->nslots; i++) {
		struct slot *s = p->slots[i];

		if (!s->exited && !atomic_load(&s->leave))
			st->threads++;
		if (s->task != NULL)
			st->busy++;
		st->done += s->done;
		st->failed += s->failed;
		total += s->total_ms;
	}
	st->retried = p->retried;
	st->orphans = p->orphans;
	st->recovered = p->recovered;
	st->mean_ms = st->done > 0 ? total / (double)st->done : 0;
	st->error = p->error != NULL ? xstrdup(p->error) : NULL;
	pthread_mutex_unlock(&p->lock);
}

int
worker_pool_finished(struct worker_pool *p)
{
	int i, done = 1;

	pthread_mutex_lock(&p->lock);
	for (i = 0; i < p->nslots; i++)
		if (!p->slots[i]->exited)
			done = 0;
	pthread_mutex_unlock(&p->lock);
	return done;
}

int
worker_pool_wait(struct worker_pool *p, int stop_fd)
{
	char buf[64];

	while (!worker_pool_finished(p)) {
		struct pollfd fds[2] = { { p->wake[0], POLLIN, 0 }, { stop_fd, POLLIN, 0 } };

		if (poll(fds, stop_fd >= 0 ? 2 : 1, 1000) < 0 && errno != EINTR)
			break;
		if (fds[0].revents != 0 && read(p->wake[0], buf, sizeof buf) < 0)
			break;
		if (stop_fd >= 0 && fds[1].revents != 0)
			return 1;
	}
	return 0;
}

void
worker_pool_stop(struct worker_pool *p, int64_t grace_ms)
{
	int64_t until = mono_ms() + grace_ms;
	int i;

	atomic_store(&p->stopping, 1);
	while (!worker_pool_finished(p) && mono_ms() < until)
		usleep(20000);
	/* The grace is over: cancel recognition; threads put tasks back. */
	atomic_store(&p->cancel, 1);
	for (i = 0; i < p->nslots; i++)
		if (p->slots[i]->running)
			pthread_join(p->slots[i]->thread, NULL);
	pthread_mutex_lock(&p->lock);
	p->hb_stop = 1;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	if (p->hb_started)
		pthread_join(p->hb, NULL);
	for (i = 0; i < p->nslots; i++) {
		free(p->slots[i]->task);
		free(p->slots[i]->token);
		free(p->slots[i]);
	}
	close(p->wake[0]);
	close(p->wake[1]);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	endpoint_free(&p->ep);
	free(p->host);
	free(p->error);
	free(p);
}
