/* The consistency check. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fsck.h"
#include "hashtab.h"
#include "reply.h"
#include "scanwalk.h"
#include "timefmt.h"
#include "xmalloc.h"

#define PAGE 1000

static const char *const kind_names[FSCK_KINDS] = {
	"lost (pending, in neither queue)", "queued without task data",
	"queued twice (both queues, or twice in the FIFO)", "stuck (processing, no live lease)"
};

static void keep(struct fsck_list *l, const char *id, size_t len);
static int check_data(struct conn *c, const struct keys *k, redisReply **ids, size_t n, struct fsck_report *r,
    char **cause);
static int read_fifo(struct conn *c, const struct keys *k, struct idset *fifo, struct fsck_report *r, char **cause);
static int read_priority(struct conn *c, const struct keys *k, const struct idset *fifo, struct idset *prio,
    struct fsck_report *r, char **cause);
static int live_leases(struct conn *c, const struct keys *k, struct idset *live, char **cause);
static void check_task(void *arg, const char *id, size_t idlen, const redisReply *v);
static int walk_tasks(struct conn *c, const struct keys *k, const struct idset *fifo, const struct idset *prio,
    const struct idset *live, int64_t stuck_ms, struct fsck_report *r, char **cause);

const char *
fsck_kind_name(enum fsck_kind k)
{
	return kind_names[k];
}

static void
keep(struct fsck_list *l, const char *id, size_t len)
{
	l->total++;
	if (l->n >= FSCK_KEEP)
		return;
	l->ids = xreallocarray(l->ids, l->n + 1, sizeof *l->ids);
	l->lens = xreallocarray(l->lens, l->n + 1, sizeof *l->lens);
	l->ids[l->n] = xstrndup(id, len);
	l->lens[l->n] = len;
	l->n++;
}

/* Which queued ids have no task hash (one pipelined EXISTS each). */
static int
check_data(struct conn *c, const struct keys *k, redisReply **ids, size_t n, struct fsck_report *r, char **cause)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *key = keys_join(k->task_prefix, ids[i]->str, ids[i]->len);

		conn_appendf(c, "EXISTS %b", key, strlen(k->task_prefix) + ids[i]->len);
		free(key);
	}
	for (i = 0; i < n; i++) {
		redisReply *e = conn_read(c, cause);

		if (e == NULL)
			return -1;
		if (e->type == REDIS_REPLY_INTEGER && e->integer == 0)
			keep(&r->lists[FSCK_NO_DATA], ids[i]->str, ids[i]->len);
		freeReplyObject(e);
	}
	return 0;
}

static int
read_fifo(struct conn *c, const struct keys *k, struct idset *fifo, struct fsck_report *r, char **cause)
{
	long long start;
	redisReply *len = conn_cmd(c, cause, "LLEN %s", k->queue);

	if (len == NULL)
		return -1;
	r->fifo_len = len->type == REDIS_REPLY_INTEGER ? len->integer : 0;
	freeReplyObject(len);
	for (start = 0; start < r->fifo_len; start += PAGE) {
		redisReply *page = conn_cmd(c, cause, "LRANGE %s %lld %lld", k->queue, start, start + PAGE - 1);
		size_t i;

		if (page == NULL)
			return -1;
		for (i = 0; page->type == REDIS_REPLY_ARRAY && i < page->elements; i++) {
			const redisReply *id = page->element[i];

			if (!idset_add(fifo, hash_bytes(id->str, id->len)))
				keep(&r->lists[FSCK_DUPLICATE], id->str, id->len);
		}
		if (page->type == REDIS_REPLY_ARRAY && check_data(c, k, page->element, page->elements, r, cause) < 0) {
			freeReplyObject(page);
			return -1;
		}
		freeReplyObject(page);
	}
	return 0;
}

static int
read_priority(struct conn *c, const struct keys *k, const struct idset *fifo, struct idset *prio,
    struct fsck_report *r, char **cause)
{
	char *cursor = xstrdup("0");
	int rc = -1;

	do {
		redisReply *z = conn_cmd(c, cause, "ZSCAN %s %s COUNT %d", k->priority, cursor, PAGE), *m;
		redisReply **ids;
		size_t i, n = 0;

		if (z == NULL)
			goto out;
		if (z->type != REDIS_REPLY_ARRAY || z->elements != 2) {
			freeReplyObject(z);
			break;
		}
		free(cursor);
		cursor = xstrndup(z->element[0]->str, z->element[0]->len);
		m = z->element[1];
		ids = xcalloc(m->elements / 2 + 1, sizeof *ids);
		for (i = 0; i + 1 < m->elements; i += 2) {
			const redisReply *id = m->element[i];

			r->prio_len++;
			idset_add(prio, hash_bytes(id->str, id->len));
			if (idset_has(fifo, hash_bytes(id->str, id->len)))
				keep(&r->lists[FSCK_DUPLICATE], id->str, id->len);
			ids[n++] = m->element[i];
		}
		if (check_data(c, k, ids, n, r, cause) < 0) {
			free(ids);
			freeReplyObject(z);
			goto out;
		}
		free(ids);
		freeReplyObject(z);
	} while (strcmp(cursor, "0") != 0);
	rc = 0;
out:
	free(cursor);
	return rc;
}

/* Leases still running, by Redis's clock. */
static int
live_leases(struct conn *c, const struct keys *k, struct idset *live, char **cause)
{
	redisReply *t = conn_cmd(c, cause, "TIME"), *l;
	long long now;
	size_t i;

	if (t == NULL)
		return -1;
	now = t->type == REDIS_REPLY_ARRAY && t->elements == 2 ?
	    reply_ll(t->element[0]) * 1000 + reply_ll(t->element[1]) / 1000 : now_ms();
	freeReplyObject(t);
	if ((l = conn_cmd(c, cause, "ZRANGEBYSCORE %s (%lld +inf", k->leases, now)) == NULL)
		return -1;
	for (i = 0; l->type == REDIS_REPLY_ARRAY && i < l->elements; i++)
		idset_add(live, hash_bytes(l->element[i]->str, l->element[i]->len));
	freeReplyObject(l);
	return 0;
}

/* What the walk over the task hashes checks each task against. */
struct task_check {
	const struct idset	*fifo, *prio, *live;
	int64_t			 stuck_ms, now;
	struct fsck_report	*r;
};

static void
check_task(void *arg, const char *id, size_t idlen, const redisReply *v)
{
	struct task_check *tc = arg;
	enum task_status st = TS_OTHER;
	uint64_t h;

	if (v->type != REDIS_REPLY_ARRAY)
		return;
	if (v->elements == 2 && v->element[0]->type == REDIS_REPLY_STRING)
		st = census_classify_status(v->element[0]->str, v->element[0]->len);
	tc->r->tasks++;
	tc->r->by_status[st]++;
	h = hash_bytes(id, idlen);
	if (st == TS_PENDING && !idset_has(tc->fifo, h) && !idset_has(tc->prio, h))
		keep(&tc->r->lists[FSCK_LOST], id, idlen);
	if (st == TS_PROCESSING && !idset_has(tc->live, h)) {
		int64_t started = reply_ts(v->element[1]);

		tc->r->processing_unleased++;
		if (started > 0 && tc->now - started > tc->stuck_ms)
			keep(&tc->r->lists[FSCK_STUCK], id, idlen);
	}
}

static int
walk_tasks(struct conn *c, const struct keys *k, const struct idset *fifo, const struct idset *prio,
    const struct idset *live, int64_t stuck_ms, struct fsck_report *r, char **cause)
{
	static const char *const fields[] = { "status", "started_at" };
	struct task_check tc = { fifo, prio, live, stuck_ms, now_ms(), r };

	return scanwalk_fields(c, k->task_prefix, PAGE, fields, 2, check_task, &tc, cause);
}

int
fsck_run(struct conn *c, const struct keys *k, int64_t stuck_ms, struct fsck_report *r, char **cause)
{
	struct idset fifo = { NULL, 0, 0 }, prio = { NULL, 0, 0 }, live = { NULL, 0, 0 };
	redisReply *m;
	int rc = -1, i;

	memset(r, 0, sizeof *r);
	if (read_fifo(c, k, &fifo, r, cause) < 0 || read_priority(c, k, &fifo, &prio, r, cause) < 0 ||
	    live_leases(c, k, &live, cause) < 0 || walk_tasks(c, k, &fifo, &prio, &live, stuck_ms, r, cause) < 0)
		goto out;
	if ((m = conn_cmd(c, cause, "MGET %s %s %s %s", k->stats_total, k->stats_completed, k->stats_failed,
	    k->stats_pending)) == NULL)
		goto out;
	for (i = 0; i < 4; i++)
		r->counters[i] = m->type == REDIS_REPLY_ARRAY && m->elements == 4 ? reply_ll(m->element[i]) : NUM_UNKNOWN;
	freeReplyObject(m);
	rc = 0;
out:
	idset_free(&fifo);
	idset_free(&prio);
	idset_free(&live);
	return rc;
}

void
fsck_free(struct fsck_report *r)
{
	int k;
	size_t i;

	for (k = 0; k < FSCK_KINDS; k++) {
		for (i = 0; i < r->lists[k].n; i++)
			free(r->lists[k].ids[i]);
		free(r->lists[k].ids);
		free(r->lists[k].lens);
	}
	memset(r, 0, sizeof *r);
}
