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

struct claim_req;

static char *new_token(const char *worker_id);
static enum finish_status finish_reply(redisReply *r);
static void daily_key(const struct keys *k, char **out);
static void claim_req_init(struct taskq *q, struct claim_req *r);
static void claim_req_free(struct claim_req *r);
static void set_candidate(struct taskq *q, const redisReply *prio, const redisReply *fifo);
static int peek(struct taskq *q, char **cause);
static enum claim_status claim_parse(struct taskq *q, redisReply *r, struct claim_req *req, struct claimed *t);
static redisReply *finish_call(struct taskq *q, const struct script_call *finish, char **cause);

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
	q->pre_st = CLAIM_NONE;
}

/* One claim script call for a candidate, with the storage its arguments
 * point into. */
struct claim_req {
	const char		*keys[6];
	size_t			 klens[6];
	const char		*args[5];
	size_t			 alens[5];
	char			*key;
	char			*token;
	char			 lease[24];
	char			 src[2];
	struct script_call	 call;
};

static void
claim_req_init(struct taskq *q, struct claim_req *r)
{
	int i;

	memset(r, 0, sizeof *r);
	snprintf(r->lease, sizeof r->lease, "%lld", (long long)q->lease_ms);
	r->src[0] = q->cand_src;
	r->key = keys_join(q->k->task_prefix, q->cand, q->cand_len);
	r->token = new_token(q->worker_id);
	r->keys[0] = q->k->priority;
	r->keys[1] = q->k->queue;
	r->keys[2] = q->k->leases;
	r->keys[3] = q->k->claims;
	r->keys[4] = r->key;
	r->keys[5] = q->k->orphans;
	for (i = 0; i < 6; i++)
		r->klens[i] = strlen(r->keys[i]);
	r->klens[4] = strlen(q->k->task_prefix) + q->cand_len;
	r->args[0] = q->cand;
	r->alens[0] = q->cand_len;
	r->args[1] = r->src;
	r->args[2] = r->lease;
	r->args[3] = q->worker_id;
	r->args[4] = r->token;
	for (i = 1; i < 5; i++)
		r->alens[i] = strlen(r->args[i]);
	r->call = (struct script_call){ SCRIPT_CLAIM, 6, r->keys, r->klens, 5, r->args, r->alens };
}

static void
claim_req_free(struct claim_req *r)
{
	free(r->key);
	free(r->token);
}

/* The next candidate: the priority set's top, else the FIFO's next. */
static void
set_candidate(struct taskq *q, const redisReply *prio, const redisReply *fifo)
{
	const redisReply *h = prio != NULL && prio->type == REDIS_REPLY_STRING && prio->len > 0 ? prio :
	    fifo != NULL && fifo->type == REDIS_REPLY_STRING && fifo->len > 0 ? fifo : NULL;

	free(q->cand);
	q->cand = h != NULL ? xstrndup(h->str, h->len) : NULL;
	q->cand_len = h != NULL ? h->len : 0;
	q->cand_src = h == prio ? 'P' : 'F';
}

/* Peeks both heads in one round trip. -1 with *cause. */
static int
peek(struct taskq *q, char **cause)
{
	redisReply *r[2] = { NULL, NULL };
	int i;

	conn_appendf(q->c, "ZREVRANGE %s 0 0", q->k->priority);
	conn_appendf(q->c, "LINDEX %s -1", q->k->queue);
	for (i = 0; i < 2; i++) {
		if ((r[i] = conn_read(q->c, cause)) == NULL) {
			freeReplyObject(r[0]);
			return -1;
		}
	}
	set_candidate(q, r[0]->type == REDIS_REPLY_ARRAY && r[0]->elements == 1 ? r[0]->element[0] : NULL, r[1]);
	freeReplyObject(r[0]);
	freeReplyObject(r[1]);
	return 0;
}

/* Reads a claim reply into t; CLAIM_NONE when the candidate had gone
 * (claim again). Either way the heads it ends with are the next candidate. */
static enum claim_status
claim_parse(struct taskq *q, redisReply *r, struct claim_req *req, struct claimed *t)
{
	enum claim_status st = CLAIM_NONE;
	const char *what;

	memset(t, 0, sizeof *t);
	if (r->type != REDIS_REPLY_ARRAY || r->elements < 3 || r->element[0]->type != REDIS_REPLY_STRING) {
		set_candidate(q, NULL, NULL);
		return CLAIM_NONE;
	}
	what = r->element[0]->str;
	if (strcmp(what, "retry") != 0) {
		st = strcmp(what, "ok") == 0 ? CLAIM_OK : strcmp(what, "orphan") == 0 ? CLAIM_ORPHAN : CLAIM_SKIP;
		t->id = xstrndup(q->cand, q->cand_len);
		t->idlen = q->cand_len;
		if (st == CLAIM_OK && r->elements == 8) {
			t->token = req->token;
			req->token = NULL;
			t->attempts = (long)reply_ll(r->element[1]);
			t->user = reply_dup(r->element[2], 4096, NULL);
			t->file_id = reply_dup(r->element[3], 4096, NULL);
			t->file_path = reply_dup(r->element[4], 4096, NULL);
			t->started_ms = reply_ll(r->element[5]);
		} else if (r->elements >= 4)
			t->note = reply_dup(r->element[1], 64, NULL);
	}
	set_candidate(q, r->element[r->elements - 2], r->element[r->elements - 1]);
	return st;
}

enum claim_status
taskq_claim(struct taskq *q, struct claimed *t, char **cause)
{
	enum claim_status st;
	int tries;

	if (q->pre_st != CLAIM_NONE) {
		/* Claimed in the round trip that finished the last task. */
		*t = q->pre;
		st = q->pre_st;
		memset(&q->pre, 0, sizeof q->pre);
		q->pre_st = CLAIM_NONE;
		return st;
	}
	for (tries = 0; tries < CLAIM_RETRIES; tries++) {
		struct claim_req req;
		redisReply *r;

		if (q->cand == NULL && peek(q, cause) < 0)
			return CLAIM_ERROR;
		if (q->cand == NULL)
			return CLAIM_EMPTY;
		claim_req_init(q, &req);
		r = scripts_call(&q->sc, q->c, SCRIPT_CLAIM, req.call.nkeys, req.keys, req.klens, req.call.nargs,
		    req.args, req.alens, cause);
		if (r == NULL) {
			claim_req_free(&req);
			set_candidate(q, NULL, NULL);
			return CLAIM_ERROR;
		}
		st = claim_parse(q, r, &req, t);
		freeReplyObject(r);
		claim_req_free(&req);
		if (st != CLAIM_NONE)
			return st;
		/* Another worker took that head first: the reply named the next. */
	}
	return CLAIM_EMPTY;
}

void
taskq_set_prefetch(struct taskq *q, int on)
{
	q->prefetch = on;
}

/* Runs a finishing script, and with prefetch on, the next claim in the
 * same round trip (its outcome waits in q->pre for taskq_claim()). */
static redisReply *
finish_call(struct taskq *q, const struct script_call *finish, char **cause)
{
	struct script_call calls[2];
	struct claim_req req;
	redisReply *r[2];
	char *why[2];

	if (!q->prefetch || q->cand == NULL || q->pre_st != CLAIM_NONE)
		return scripts_call(&q->sc, q->c, finish->id, finish->nkeys, finish->keys, finish->klens, finish->nargs,
		    finish->args, finish->alens, cause);
	claim_req_init(q, &req);
	calls[0] = *finish;
	calls[1] = req.call;
	if (scripts_call_many(&q->sc, q->c, calls, 2, r, why, cause) < 0) {
		claim_req_free(&req);
		set_candidate(q, NULL, NULL);
		return NULL;
	}
	if (r[1] != NULL)
		q->pre_st = claim_parse(q, r[1], &req, &q->pre);
	else
		set_candidate(q, NULL, NULL);	/* the claim failed: the next one peeks */
	freeReplyObject(r[1]);
	free(why[1]);
	claim_req_free(&req);
	if (r[0] == NULL)
		*cause = why[0];
	return r[0];
}

void
taskq_end(struct taskq *q)
{
	char *cause = NULL;

	if (q->pre_st == CLAIM_OK && taskq_release(q, &q->pre, &cause) == FINISH_ERROR)
		free(cause);	/* its lease will run out and a worker will put it back */
	taskq_claimed_free(&q->pre);
	q->pre_st = CLAIM_NONE;
	free(q->cand);
	q->cand = NULL;
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
	struct script_call call;
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
	call = (struct script_call){ SCRIPT_COMPLETE, 6, keys, klens, 10, args, alens };
	r = finish_call(q, &call, cause);
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
	struct script_call call;
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
	call = (struct script_call){ SCRIPT_FAIL, 8, keys, klens, 7, args, alens };
	r = finish_call(q, &call, cause);
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
