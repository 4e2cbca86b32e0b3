/* The worker registry. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "reply.h"
#include "timefmt.h"
#include "xmalloc.h"

int
registry_publish(struct conn *c, const struct keys *k, const struct worker_info *w, size_t n, char **cause)
{
	size_t i;
	int ok = 0;

	for (i = 0; i < n; i++) {
		char *key = xasprintf("%s%s", k->worker_prefix, w[i].id);

		conn_appendf(c, "HSET %s host %s pid %ld thread %d version %s started %lld state %s task %s "
		    "task_since %lld done %lld failed %lld mean_ms %.0f seen %lld", key, w[i].host, w[i].pid,
		    w[i].thread, w[i].version, (long long)w[i].started_ms, w[i].state, w[i].task,
		    (long long)w[i].task_since_ms, w[i].done, w[i].failed, w[i].mean_ms, (long long)w[i].seen_ms);
		conn_appendf(c, "EXPIRE %s %d", key, REGISTRY_TTL_S);
		conn_appendf(c, "ZADD %s %lld %s", k->workers, (long long)w[i].seen_ms, w[i].id);
		free(key);
	}
	for (i = 0; i < 3 * n; i++) {
		redisReply *r = conn_read(c, cause);

		if (r == NULL)
			return -1;
		if (r->type == REDIS_REPLY_ERROR && ok == 0) {
			*cause = conn_error_text(c, "HSET", r->str, r->len);
			ok = -1;
		}
		freeReplyObject(r);
	}
	return ok;
}

int
registry_remove(struct conn *c, const struct keys *k, const struct worker_info *w, size_t n, char **cause)
{
	size_t i;

	for (i = 0; i < n; i++) {
		conn_appendf(c, "DEL %s%s", k->worker_prefix, w[i].id);
		conn_appendf(c, "ZREM %s %s", k->workers, w[i].id);
	}
	for (i = 0; i < 2 * n; i++) {
		redisReply *r = conn_read(c, cause);

		if (r == NULL)
			return -1;
		freeReplyObject(r);
	}
	return 0;
}

int
registry_read(struct conn *c, const struct keys *k, struct worker_info **out, size_t *n, char **cause)
{
	redisReply *ids, *r;
	size_t i, j;

	*out = NULL;
	*n = 0;
	/* Drop index entries not refreshed for twice the TTL, then read. */
	conn_appendf(c, "ZREMRANGEBYSCORE %s -inf %lld", k->workers, (long long)(now_ms() - 2000LL * REGISTRY_TTL_S));
	conn_appendf(c, "ZRANGE %s 0 -1", k->workers);
	if ((r = conn_read(c, cause)) == NULL)
		return -1;
	freeReplyObject(r);
	if ((ids = conn_read(c, cause)) == NULL)
		return -1;
	if (ids->type != REDIS_REPLY_ARRAY) {
		freeReplyObject(ids);
		return 0;
	}
	for (i = 0; i < ids->elements; i++)
		conn_appendf(c, "HGETALL %s%b", k->worker_prefix, ids->element[i]->str, ids->element[i]->len);
	*out = xcalloc(ids->elements + 1, sizeof **out);
	for (i = 0; i < ids->elements; i++) {
		struct worker_info *w = &(*out)[*n];

		if ((r = conn_read(c, cause)) == NULL) {
			freeReplyObject(ids);
			return -1;
		}
		if (r->type != REDIS_REPLY_ARRAY || r->elements == 0) {
			freeReplyObject(r);	/* expired: gone */
			continue;
		}
		memset(w, 0, sizeof *w);
		w->id = reply_dup(ids->element[i], 256, NULL);
		for (j = 0; j + 1 < r->elements; j += 2) {
			const char *f = r->element[j]->str;
			const redisReply *v = r->element[j + 1];

			if (strcmp(f, "host") == 0)
				w->host = reply_dup(v, 256, NULL);
			else if (strcmp(f, "pid") == 0)
				w->pid = (long)reply_ll(v);
			else if (strcmp(f, "thread") == 0)
				w->thread = (int)reply_ll(v);
			else if (strcmp(f, "version") == 0)
				w->version = reply_dup(v, 64, NULL);
			else if (strcmp(f, "started") == 0)
				w->started_ms = reply_ll(v);
			else if (strcmp(f, "state") == 0)
				w->state = reply_dup(v, 32, NULL);
			else if (strcmp(f, "task") == 0)
				w->task = reply_dup(v, 4096, NULL);
			else if (strcmp(f, "task_since") == 0)
				w->task_since_ms = reply_ll(v);
			else if (strcmp(f, "done") == 0)
				w->done = reply_ll(v);
			else if (strcmp(f, "failed") == 0)
				w->failed = reply_ll(v);
			else if (strcmp(f, "mean_ms") == 0)
				w->mean_ms = (double)reply_ll(v);
			else if (strcmp(f, "seen") == 0)
				w->seen_ms = reply_ll(v);
		}
		(*n)++;
		freeReplyObject(r);
	}
	freeReplyObject(ids);
	return 0;
}

void
registry_info_free(struct worker_info *w)
{
	free(w->id);
	free(w->host);
	free(w->version);
	free(w->state);
	free(w->task);
	memset(w, 0, sizeof *w);
}
