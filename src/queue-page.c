/* Queue pages. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "queue-page.h"
#include "reply.h"
#include "xmalloc.h"

#define ID_MAX 4096

static void take_ids(struct queue_page *p, const redisReply *r, int with_scores, int reverse);
static void join_hash(struct queue_row *row, const redisReply *r);

static void
take_ids(struct queue_page *p, const redisReply *r, int with_scores, int reverse)
{
	size_t step = with_scores ? 2 : 1, i, n;

	if (r->type != REDIS_REPLY_ARRAY)
		return;
	n = r->elements / step;
	p->rows = xcalloc(n + 1, sizeof *p->rows);
	for (i = 0; i < n; i++) {
		const redisReply *e = r->element[(reverse ? n - 1 - i : i) * step];
		struct queue_row *row = &p->rows[p->n];

		if (e->type != REDIS_REPLY_STRING)
			continue;
		row->id = reply_dup(e, ID_MAX, &row->idlen);
		row->score = with_scores ? reply_double(r->element[i * step + 1]) : NAN;
		row->created_ms = -1;
		row->attempts = NUM_UNKNOWN;
		p->n++;
	}
}

static void
join_hash(struct queue_row *row, const redisReply *r)
{
	size_t i;

	if (r->type != REDIS_REPLY_ARRAY || r->elements != 6)
		return;
	for (i = 0; i < r->elements; i++)
		row->has_data |= r->element[i]->type == REDIS_REPLY_STRING;
	row->status = reply_dup(r->element[0], 64, NULL);
	row->user = reply_dup(r->element[1], 256, NULL);
	row->file = reply_dup(r->element[2], 256, NULL);
	row->priority = reply_dup(r->element[3], 32, NULL);
	row->created_ms = reply_ts(r->element[4]);
	row->attempts = reply_ll(r->element[5]);
}

int
queue_pages_read(struct conn *c, const struct keys *k, long fifo_offset, long prio_offset,
    int rows, struct queue_page *fifo, struct queue_page *prio, char **cause)
{
	struct queue_page *pages[2] = { fifo, prio };
	redisReply *r;
	size_t i;
	int p;

	memset(fifo, 0, sizeof *fifo);
	memset(prio, 0, sizeof *prio);
	fifo->offset = fifo_offset;
	prio->offset = prio_offset;
	if (rows <= 0)
		return 0;
	/* The next task to run is at the right end of the list: index -1. */
	conn_appendf(c, "LRANGE %s %ld %ld", k->queue, -(fifo_offset + rows), -(fifo_offset + 1));
	conn_appendf(c, "ZREVRANGE %s %ld %ld WITHSCORES", k->priority, prio_offset, prio_offset + rows - 1);
	for (p = 0; p < 2; p++) {
		if ((r = conn_read(c, cause)) == NULL)
			goto fail;
		if (r->type == REDIS_REPLY_ERROR && strncmp(r->str, "WRONGTYPE", 9) != 0) {
			*cause = conn_error_text(c, p == 0 ? "LRANGE" : "ZREVRANGE", r->str, r->len);
			freeReplyObject(r);
			goto fail;
		}
		take_ids(pages[p], r, p == 1, p == 0);
		freeReplyObject(r);
	}
	for (p = 0; p < 2; p++) {
		for (i = 0; i < pages[p]->n; i++) {
			char *key = keys_join(k->task_prefix, pages[p]->rows[i].id, pages[p]->rows[i].idlen);

			conn_appendf(c, "HMGET %b status user_id file_id priority created_at attempts",
			    key, strlen(k->task_prefix) + pages[p]->rows[i].idlen);
			free(key);
		}
	}
	for (p = 0; p < 2; p++) {
		for (i = 0; i < pages[p]->n; i++) {
			if ((r = conn_read(c, cause)) == NULL)
				goto fail;
			join_hash(&pages[p]->rows[i], r);
			freeReplyObject(r);
		}
	}
	return 0;
fail:
	queue_page_free(fifo);
	queue_page_free(prio);
	return -1;
}

void
queue_page_free(struct queue_page *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->rows[i].id);
		free(p->rows[i].status);
		free(p->rows[i].user);
		free(p->rows[i].file);
		free(p->rows[i].priority);
	}
	free(p->rows);
	memset(p, 0, sizeof *p);
}
