/* The reliable claim protocol. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "reply.h"
#include "taskq.h"
#include "timefmt.h"
#include "xmalloc.h"

#define CLAIM_RETRIES 16

static char *new_token(const char *worker_id);
static enum finish_status finish_reply(redisReply *r);
static void daily_key(const struct keys *k, char **out);

static char *
new_token(const char *worker_id)
{
	uint64_t r = 0;

	if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
		r = (uint64_t)mono_us() ^ ((uint64_t)(uintptr_t)&r << 16);
	return xasprintf("%s/%016llx", worker_id, (unsigned long long)r);
}

static void
daily_key(const struct keys *k, char **out)
{
	char date[11];

	utc_date(now_ms(), date);
	*out = xasprintf("%s%s", k->daily_prefix, date);
}

void
taskq_init(struct taskq *q, struct conn *c, const struct keys *k, const char *worker_id,
    int64_t lease_ms, int max_attempts)
{
	memset(q, 0, sizeof *q);
	q->c = c;
	q->k = k;
	q->worker_id = worker_id;
	q->lease_ms = lease_ms;
	q->max_attempts = max_attempts;
}

enum claim_status
taskq_claim(struct taskq *q, struct claimed *t, char **cause)
{
	char lease[24], *key = NULL;
	int tries;

	memset(t, 0, sizeof *t);
	snprintf(lease, sizeof lease, "%lld", (long long)q->lease_ms);
	for (tries = 0; tries < CLAIM_RETRIES; tries++) {
		redisReply *peek[2], *r, *head = NULL;
		const char *src = NULL;
		const char *keys[6];
		size_t klens[6], alens[5];
		const char *args[5];
		char *token;
		int i;

		/* Peek both heads in one round trip; the script re-checks. */
		conn_appendf(q->c, "ZREVRANGE %s 0 0", q->k->priority);
		conn_appendf(q->c, "LINDEX %s -1", q->k->queue);
		for (i = 0; i < 2; i++) {
			if ((peek[i] = conn_read(q->c, cause)) == NULL) {
				if (i == 1)
					freeReplyObject(peek[0]);
				return CLAIM_ERROR;
			}
		}
		if (peek[0]->type == REDIS_REPLY_ARRAY && peek[0]->elements == 1 &&
		    peek[0]->element[0]->type == REDIS_REPLY_STRING) {
			head = peek[0]->element[0];
			src = "P";
		} else if (peek[1]->type == REDIS_REPLY_STRING) {
			head = peek[1];
			src = "F";
		}
		if (head == NULL) {
			freeReplyObject(peek[0]);
			freeReplyObject(peek[1]);
			return CLAIM_EMPTY;
		}
		key = keys_join(q->k->task_prefix, head->str, head->len);
		token = new_token(q->worker_id);
		keys[0] = q->k->priority;
		keys[1] = q->k->queue;
		keys[2] = q->k->leases;
		keys[3] = q->k->claims;
		keys[4] = key;
		keys[5] = q->k->orphans;
		for (i = 0; i < 6; i++)
			klens[i] = strlen(keys[i]);
		klens[4] = strlen(q->k->task_prefix) + head->len;
		args[0] = head->str;
		alens[0] = head->len;
		args[1] = src;
		args[2] = lease;
		args[3] = q->worker_id;
		args[4] = token;
		for (i = 1; i < 5; i++)
			alens[i] = strlen(args[i]);
		r = scripts_call(&q->sc, q->c, SCRIPT_CLAIM, 6, keys, klens, 5, args, alens, cause);
		free(key);
		key = NULL;
		if (r == NULL) {
			free(token);
			freeReplyObject(peek[0]);
			freeReplyObject(peek[1]);
			return CLAIM_ERROR;
		}
		if (r->type == REDIS_REPLY_ARRAY && r->elements >= 1 && r->element[0]->type == REDIS_REPLY_STRING &&
		    strcmp(r->element[0]->str, "retry") != 0) {
			const char *what = r->element[0]->str;
			enum claim_status st = strcmp(what, "ok") == 0 ? CLAIM_OK :
			    strcmp(what, "orphan") == 0 ? CLAIM_ORPHAN : CLAIM_SKIP;

			t->id = xstrndup(head->str, head->len);
			t->idlen = head->len;
			if (st == CLAIM_OK && r->elements == 6) {
				t->token = token;
				token = NULL;
				t->attempts = (long)reply_ll(r->element[1]);
				t->user = reply_dup(r->element[2], 4096, NULL);
				t->file_id = reply_dup(r->element[3], 4096, NULL);
				t->file_path = reply_dup(r->element[4], 4096, NULL);
				t->started_ms = reply_ll(r->element[5]);
			} else if (r->elements >= 2)
				t->note = reply_dup(r->element[1], 64, NULL);
			free(token);
			freeReplyObject(r);
			freeReplyObject(peek[0]);
			freeReplyObject(peek[1]);
			return st;
		}
		/* Another worker took that head first: look again. */
		free(token);
		freeReplyObject(r);
		freeReplyObject(peek[0]);
		freeReplyObject(peek[1]);
	}
	return CLAIM_EMPTY;
}

int
taskq_wait(struct taskq *q, int timeout_ms, char **cause)
{
	redisReply *r;
	char secs[32];
	int rc;

	snprintf(secs, sizeof secs, "%.3f", (double)timeout_ms / 1000.0);
	conn_appendf(q->c, "BLMOVE %s %s RIGHT RIGHT %s", q->k->queue, q->k->queue, secs);
	if ((r = conn_read(q->c, cause)) == NULL)
		return -1;
	if (r->type == REDIS_REPLY_ERROR) {
		/* A queue of the wrong type, or a Redis before 6.2 without
		 * BLMOVE: wait without blocking Redis. */
		freeReplyObject(r);
		usleep((useconds_t)timeout_ms * 1000);
		return 0;
	}
	rc = r->type == REDIS_REPLY_NIL ? 0 : 1;
	freeReplyObject(r);
	return rc;
}

static enum finish_status
finish_reply(redisReply *r)
{
	enum finish_status st = FINISH_ERROR;

	if (r != NULL && r->type == REDIS_REPLY_ARRAY && r->elements >= 1 &&
	    r->element[0]->type == REDIS_REPLY_STRING) {
		const char *w = r->element[0]->str;

		st = strcmp(w, "ok") == 0 || strcmp(w, "failed") == 0 || strcmp(w, "released") == 0 ?
		    FINISH_OK : strcmp(w, "retry") == 0 ? FINISH_RETRY : strcmp(w, "late") == 0 ?
		    FINISH_LATE : FINISH_NODATA;
	}
	freeReplyObject(r);
	return st;
}

enum finish_status
taskq_complete(struct taskq *q, const struct claimed *t, const char *result_json,
    long processing_ms, double confidence, long word_count, char **cause)
{
	char *task = keys_join(q->k->task_prefix, t->id, t->idlen);
	char *result = keys_join(q->k->result_prefix, t->id, t->idlen);
	char *daily, ms[24], rttl[16], tttl[16], dttl[16], conf[32], words[24];
	const char *keys[6], *args[10];
	size_t klens[6], alens[10];
	int i;
	redisReply *r;

	daily_key(q->k, &daily);
	snprintf(ms, sizeof ms, "%ld", processing_ms);
	snprintf(rttl, sizeof rttl, "%d", TASK_RESULT_TTL_S);
	snprintf(tttl, sizeof tttl, "%d", TASK_DONE_TTL_S);
	snprintf(dttl, sizeof dttl, "%d", DAILY_TTL_S);
	snprintf(conf, sizeof conf, "%.4f", confidence);
	snprintf(words, sizeof words, "%ld", word_count);
	keys[0] = q->k->leases;
	keys[1] = q->k->claims;
	keys[2] = task;
	keys[3] = result;
	keys[4] = q->k->stats_completed;
	keys[5] = daily;
	for (i = 0; i < 6; i++)
		klens[i] = strlen(keys[i]);
	klens[2] = strlen(q->k->task_prefix) + t->idlen;
	klens[3] = strlen(q->k->result_prefix) + t->idlen;
	args[0] = t->id;
	args[1] = t->token;
	args[2] = result_json;
	args[3] = ms;
	args[4] = q->k->channel;
	args[5] = rttl;
	args[6] = tttl;
	args[7] = dttl;
	args[8] = conf;
	args[9] = words;
	for (i = 0; i < 10; i++)
		alens[i] = strlen(args[i]);
	alens[0] = t->idlen;
	r = scripts_call(&q->sc, q->c, SCRIPT_COMPLETE, 6, keys, klens, 10, args, alens, cause);
	free(task);
	free(result);
	free(daily);
	return r == NULL ? FINISH_ERROR : finish_reply(r);
}

enum finish_status
taskq_fail(struct taskq *q, const struct claimed *t, const char *error, int permanent, char **cause)
{
	char *task = keys_join(q->k->task_prefix, t->id, t->idlen), *daily, max[16], dttl[16];
	const char *keys[8], *args[7];
	size_t klens[8], alens[7];
	int i;
	redisReply *r;

	daily_key(q->k, &daily);
	snprintf(max, sizeof max, "%d", q->max_attempts);
	snprintf(dttl, sizeof dttl, "%d", DAILY_TTL_S);
	keys[0] = q->k->leases;
	keys[1] = q->k->claims;
	keys[2] = task;
	keys[3] = q->k->priority;
	keys[4] = q->k->queue;
	keys[5] = q->k->failed;
	keys[6] = q->k->stats_failed;
	keys[7] = daily;
	for (i = 0; i < 8; i++)
		klens[i] = strlen(keys[i]);
	klens[2] = strlen(q->k->task_prefix) + t->idlen;
	args[0] = t->id;
	args[1] = t->token;
	args[2] = error;
	args[3] = permanent ? "1" : "0";
	args[4] = max;
	args[5] = q->k->channel;
	args[6] = dttl;
	for (i = 0; i < 7; i++)
		alens[i] = strlen(args[i]);
	alens[0] = t->idlen;
	r = scripts_call(&q->sc, q->c, SCRIPT_FAIL, 8, keys, klens, 7, args, alens, cause);
	free(task);
	free(daily);
	return r == NULL ? FINISH_ERROR : finish_reply(r);
}

enum finish_status
taskq_release(struct taskq *q, const struct claimed *t, char **cause)
{
	char *task = keys_join(q->k->task_prefix, t->id, t->idlen);
	const char *keys[5] = { q->k->leases, q->k->claims, task, q->k->priority, q->k->queue };
	size_t klens[5], alens[2] = { t->idlen, strlen(t->token) };
	const char *args[2] = { t->id, t->token };
	redisReply *r;
	int i;

	for (i = 0; i < 5; i++)
		klens[i] = strlen(keys[i]);
	klens[2] = strlen(q->k->task_prefix) + t->idlen;
	r = scripts_call(&q->sc, q->c, SCRIPT_RELEASE, 5, keys, klens, 2, args, alens, cause);
	free(task);
	return r == NULL ? FINISH_ERROR : finish_reply(r);
}

int
taskq_extend(struct taskq *q, const struct claimed *t, char **cause)
{
	const char *keys[2] = { q->k->leases, q->k->claims };
	char lease[24];
	const char *args[3] = { t->id, t->token, lease };
	size_t alens[3];
	redisReply *r;
	int rc;

	snprintf(lease, sizeof lease, "%lld", (long long)q->lease_ms);
	alens[0] = t->idlen;
	alens[1] = strlen(t->token);
	alens[2] = strlen(lease);
	r = scripts_call(&q->sc, q->c, SCRIPT_EXTEND, 2, keys, NULL, 3, args, alens, cause);
	if (r == NULL)
		return -1;
	rc = r->type == REDIS_REPLY_INTEGER && r->integer == 1;
	freeReplyObject(r);
	return rc;
}

int
taskq_recover(struct taskq *q, int limit, int force, struct recover_stats *st, char **cause)
{
	redisReply *cand;
	char *daily, max[16], dttl[16];
	size_t i;
	int rc = 0;

	daily_key(q->k, &daily);
	snprintf(max, sizeof max, "%d", q->max_attempts);
	snprintf(dttl, sizeof dttl, "%d", DAILY_TTL_S);
	/* The earliest deadlines first; the script decides with Redis's clock. */
	if ((cand = conn_cmd(q->c, cause, "ZRANGE %s 0 %d", q->k->leases, limit > 0 ? limit - 1 : 99)) == NULL) {
		free(daily);
		return -1;
	}
	for (i = 0; cand->type == REDIS_REPLY_ARRAY && i < cand->elements; i++) {
		const redisReply *id = cand->element[i];
		char *task = keys_join(q->k->task_prefix, id->str, id->len);
		const char *keys[8] = { q->k->leases, q->k->claims, task, q->k->priority, q->k->queue,
		    q->k->failed, q->k->stats_failed, daily };
		const char *args[5] = { id->str, max, q->k->channel, dttl, force ? "1" : "0" };
		size_t klens[8], alens[5];
		redisReply *r;
		int k;

		for (k = 0; k < 8; k++)
			klens[k] = strlen(keys[k]);
		klens[2] = strlen(q->k->task_prefix) + id->len;
		for (k = 0; k < 5; k++)
			alens[k] = strlen(args[k]);
		alens[0] = id->len;
		r = scripts_call(&q->sc, q->c, SCRIPT_RECOVER, 8, keys, klens, 5, args, alens, cause);
		free(task);
		if (r == NULL) {
			rc = -1;
			break;
		}
		if (r->type == REDIS_REPLY_ARRAY && r->elements >= 1 && r->element[0]->type == REDIS_REPLY_STRING) {
			const char *w = r->element[0]->str;

			if (strcmp(w, "requeued") == 0)
				st->requeued++;
			else if (strcmp(w, "failed") == 0)
				st->failed++;
			else if (strcmp(w, "nodata") == 0)
				st->nodata++;
			else if (strcmp(w, "alive") == 0) {
				/* Deadlines are sorted: the rest are alive too. */
				freeReplyObject(r);
				break;
			}
		}
		freeReplyObject(r);
	}
	freeReplyObject(cand);
	free(daily);
	return rc;
}

void
taskq_claimed_free(struct claimed *t)
{
	free(t->id);
	free(t->token);
	free(t->user);
	free(t->file_id);
	free(t->file_path);
	free(t->note);
	memset(t, 0, sizeof *t);
}
