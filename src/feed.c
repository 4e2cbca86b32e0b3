/* The pub/sub feed thread. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feed.h"
#include "timefmt.h"
#include "xmalloc.h"

#define PING_EVERY_MS	5000
#define PONG_WITHIN_MS	10000

static void *feed_main(void *arg);
static void set_state(struct feed *f, int connected, const char *error);
static void push(struct feed *f, const redisReply *r);
static int flush_out(redisContext *rc);
static int wait_stop(struct feed *f, int ms);
static void wake(struct feed *f);

static void
wake(struct feed *f)
{
	ssize_t n = write(f->wake_fd, "f", 1);

	(void)n;		/* a full pipe already means "wake up" */
}

static void
set_state(struct feed *f, int connected, const char *error)
{
	pthread_mutex_lock(&f->lock);
	f->connected = connected;
	free(f->error);
	f->error = error != NULL ? xstrdup(error) : NULL;
	pthread_mutex_unlock(&f->lock);
	wake(f);
}

static void
push(struct feed *f, const redisReply *r)
{
	struct notify_msg m;
	const redisReply *ch = r->element[2], *msg = r->element[3];

	if (ch->type != REDIS_REPLY_STRING || msg->type != REDIS_REPLY_STRING)
		return;
	notify_decode(&m, ch->str, ch->len, msg->str, msg->len, now_ms());
	pthread_mutex_lock(&f->lock);
	notify_free(&f->ring[f->head]);
	f->ring[f->head] = m;
	f->head = (f->head + 1) % FEED_RING;
	f->total++;
	pthread_mutex_unlock(&f->lock);
}

/* Writes hiredis's output buffer out (blocking socket). */
static int
flush_out(redisContext *rc)
{
	int done = 0;

	while (!done)
		if (redisBufferWrite(rc, &done) != REDIS_OK)
			return -1;
	return 0;
}

/* Sleeps ms, or less if asked to stop; returns 1 when stopping. */
static int
wait_stop(struct feed *f, int ms)
{
	struct pollfd p = { f->stop_pipe[0], POLLIN, 0 };

	return poll(&p, 1, ms) > 0;
}

static void *
feed_main(void *arg)
{
	struct feed *f = arg;
	struct conn c;
	char *cause = NULL;
	int backoff = 250;

	conn_init(&c, &f->ep, &f->opts);
	for (;;) {
		int64_t last_io, ping_sent = 0;

		if (conn_connect(&c, &cause) < 0) {
			set_state(f, 0, cause);
			free(cause);
			cause = NULL;
			if (wait_stop(f, backoff))
				break;
			backoff = backoff * 2 > 30000 ? 30000 : backoff * 2;
			continue;
		}
		redisAppendCommand(c.rc, "PSUBSCRIBE %s", f->pattern);
		if (flush_out(c.rc) < 0)
			goto lost;
		last_io = mono_ms();
		for (;;) {
			struct pollfd p[2] = { { c.rc->fd, POLLIN, 0 }, { f->stop_pipe[0], POLLIN, 0 } };
			void *reply;
			int n = poll(p, 2, 1000), got = 0;

			if (n < 0 && errno != EINTR)
				goto lost;
			if (p[1].revents != 0)
				goto stop;
			if (n > 0 && p[0].revents != 0) {
				if (redisBufferRead(c.rc) != REDIS_OK)
					goto lost;
				last_io = mono_ms();
				ping_sent = 0;
				while (redisGetReplyFromReader(c.rc, &reply) == REDIS_OK && reply != NULL) {
					redisReply *r = reply;

					if (r->type == REDIS_REPLY_ARRAY && r->elements == 4 &&
					    r->element[0]->type == REDIS_REPLY_STRING &&
					    strcmp(r->element[0]->str, "pmessage") == 0) {
						push(f, r);
						got = 1;
					} else if (r->type == REDIS_REPLY_ARRAY && r->elements == 3 &&
					    r->element[0]->type == REDIS_REPLY_STRING &&
					    strcmp(r->element[0]->str, "psubscribe") == 0) {
						backoff = 250;
						set_state(f, 1, NULL);
					} else if (r->type == REDIS_REPLY_ERROR) {
						char *e = conn_error_text(&c, "PSUBSCRIBE", r->str, r->len);

						set_state(f, 0, e);
						free(e);
					}
					freeReplyObject(r);
				}
				if (got)
					wake(f);
				continue;
			}
			/* Quiet link: a subscribed connection answers PING with
			 * ["pong", ""]; no answer in time means it is dead. */
			if (ping_sent != 0 && mono_ms() - ping_sent > PONG_WITHIN_MS) {
				cause = xasprintf("%s: no answer to PING on the notifications connection", c.desc);
				goto lost_msg;
			}
			if (ping_sent == 0 && mono_ms() - last_io > PING_EVERY_MS) {
				redisAppendCommand(c.rc, "PING");
				if (flush_out(c.rc) < 0)
					goto lost;
				ping_sent = mono_ms();
			}
		}
lost:
		cause = xasprintf("%s: notifications connection lost (%s)", c.desc,
		    c.rc != NULL && c.rc->errstr[0] != '\0' ? c.rc->errstr : "I/O error");
lost_msg:
		conn_disconnect(&c);
		set_state(f, 0, cause);
		free(cause);
		cause = NULL;
		if (wait_stop(f, backoff))
			break;
		backoff = backoff * 2 > 30000 ? 30000 : backoff * 2;
	}
stop:
	conn_free(&c);
	return NULL;
}

int
feed_start(struct feed *f, const struct endpoint *ep, const struct conn_opts *opts,
    const char *pattern, int wake_fd, char **cause)
{
	memset(f, 0, sizeof *f);
	endpoint_copy(&f->ep, ep);
	f->opts = *opts;
	f->opts.client_name = "ocrtop:feed";
	f->pattern = xstrdup(pattern);
	f->wake_fd = wake_fd;
	pthread_mutex_init(&f->lock, NULL);
	if (pipe(f->stop_pipe) < 0) {
		*cause = xasprintf("pipe: %s", strerror(errno));
		return -1;
	}
	if ((errno = pthread_create(&f->thread, NULL, feed_main, f)) != 0) {
		*cause = xasprintf("cannot start the feed thread: %s", strerror(errno));
		return -1;
	}
	f->started = 1;
	return 0;
}

void
feed_take(struct feed *f, unsigned long long *seen,
    void (*cb)(void *arg, const struct notify_msg *m), void *arg, int *connected, char **error)
{
	unsigned long long from;

	pthread_mutex_lock(&f->lock);
	from = *seen;
	if (f->total - from > FEED_RING)
		from = f->total - FEED_RING;
	for (; from < f->total; from++) {
		size_t slot = (f->head + FEED_RING - (size_t)(f->total - from)) % FEED_RING;

		cb(arg, &f->ring[slot]);
	}
	*seen = f->total;
	*connected = f->connected;
	*error = f->error != NULL ? xstrdup(f->error) : NULL;
	pthread_mutex_unlock(&f->lock);
}

void
feed_stop(struct feed *f)
{
	size_t i;

	if (f->started) {
		ssize_t n = write(f->stop_pipe[1], "q", 1);

		(void)n;
		pthread_join(f->thread, NULL);
	}
	if (f->stop_pipe[0] > 0) {
		close(f->stop_pipe[0]);
		close(f->stop_pipe[1]);
	}
	for (i = 0; i < FEED_RING; i++)
		notify_free(&f->ring[i]);
	endpoint_free(&f->ep);
	free(f->pattern);
	free(f->error);
	pthread_mutex_destroy(&f->lock);
	memset(f, 0, sizeof *f);
}
