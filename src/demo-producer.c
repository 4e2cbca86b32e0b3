/* The demo's producer thread. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo-producer.h"
#include "timefmt.h"
#include "xmalloc.h"

#define TICK_MS		250
#define WAVE_MS		120000		/* the arrival rate's period */
#define BURST_EVERY_MS	75000		/* an upload batch this often, on average */
#define MIN_RATE	0.2		/* tasks per second, before any completes */

static void *producer_main(void *arg);
static int wait_tick(struct demo_producer *p);
static double completion_rate(struct conn *c, const struct keys *k, double *ewma, long long *last, int64_t *at);

/* How fast tasks complete (an average over the last ten seconds or so),
 * read from the completed counter once a second: the producer follows it,
 * so the queue fills and drains instead of only growing. */
static double
completion_rate(struct conn *c, const struct keys *k, double *ewma, long long *last, int64_t *at)
{
	int64_t now = mono_ms();
	char *cause = NULL;
	redisReply *r;
	long long v;

	if (now - *at < 1000)
		return *ewma;
	if ((r = conn_cmd(c, &cause, "GET %s", k->stats_completed)) == NULL) {
		free(cause);
		return *ewma;
	}
	v = r->type == REDIS_REPLY_STRING ? strtoll(r->str, NULL, 10) : 0;
	freeReplyObject(r);
	if (*last >= 0 && v >= *last)
		*ewma = 0.9 * *ewma + 0.1 * (double)(v - *last) * 1000.0 / (double)(now - *at);
	*last = v;
	*at = now;
	return *ewma;
}

/* Sleeps one tick; returns 1 when told to stop. */
static int
wait_tick(struct demo_producer *p)
{
	struct timespec until;
	int stop;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += TICK_MS * 1000000L;
	until.tv_sec += until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&p->mu);
	while (!p->stop && pthread_cond_timedwait(&p->cv, &p->mu, &until) != ETIMEDOUT)
		;
	stop = p->stop;
	pthread_mutex_unlock(&p->mu);
	return stop;
}

static void *
producer_main(void *arg)
{
	struct demo_producer *p = arg;
	struct conn c;
	char *cause = NULL;
	int64_t start = mono_ms(), at = 0;
	double owed = 0, ewma = MIN_RATE;
	long long last = -1;

	conn_init(&c, &p->ctx->ep, &p->ctx->conn_opts);
	while (!wait_tick(p)) {
		double t = (double)(mono_ms() - start), rate;
		long n;

		if (conn_ensure(&c, &cause) < 0) {
			free(cause);
			cause = NULL;
			continue;
		}
		/* Between a half and one and a half of what the workers do. */
		rate = completion_rate(&c, &p->ctx->keys, &ewma, &last, &at);
		rate = (rate > MIN_RATE ? rate : MIN_RATE) * (1.0 + 0.5 * sin(2 * M_PI * t / WAVE_MS));
		/* Tasks owed at this rate; an upload batch now and then. */
		owed += rate * TICK_MS / 1000.0;
		if (demo_rng_below(&p->rng, BURST_EVERY_MS / TICK_MS) == 0)
			owed += 25 + (double)demo_rng_below(&p->rng, 30);
		for (n = (long)owed; n > 0; n--)
			if (demo_add_task(&c, &p->ctx->keys, p->users, p->files, &p->rng, &cause) < 0)
				break;
		owed -= (double)(long)owed;
		if (demo_rng_below(&p->rng, 8) == 0)
			demo_add_session(&c, &p->ctx->keys, p->users, &p->rng, &cause);
		free(cause);
		cause = NULL;
	}
	conn_free(&c);
	return NULL;
}

int
demo_producer_start(struct demo_producer *p, struct ctx *ctx, const struct demo_files *f, long users,
    char **cause)
{
	memset(p, 0, sizeof *p);
	p->ctx = ctx;
	p->files = f;
	p->users = users;
	demo_rng_seed(&p->rng, (uint64_t)now_ms());
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if (pthread_create(&p->thread, NULL, producer_main, p) != 0) {
		*cause = xstrdup("cannot start the producer thread");
		return -1;
	}
	p->started = 1;
	return 0;
}

void
demo_producer_stop(struct demo_producer *p)
{
	if (!p->started)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	p->started = 0;
}
