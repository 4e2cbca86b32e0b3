/* Cheap reads of the platform's state. */
#include "config.h"

#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "info.h"
#include "snapshot.h"
#include "timefmt.h"
#include "xmalloc.h"

static void read_health(struct redis_health *h, const struct info *info, int db);
static int fatal_reply(struct conn *c, const redisReply *r, const char *cmd, char **cause);
static int read_oldest_age(struct snapshot *s, struct conn *c, const struct keys *k, char **cause);
static char *wrong_type(struct conn *c, const char *key, char **cause);

/* An error reply that is not about the data (auth, ACL, loading) means
 * nothing else can be trusted either: report it. WRONGTYPE is data. */
static int
fatal_reply(struct conn *c, const redisReply *r, const char *cmd, char **cause)
{
	if (r->type != REDIS_REPLY_ERROR || strncmp(r->str, "WRONGTYPE", 9) == 0)
		return 0;
	*cause = conn_error_text(c, cmd, r->str, r->len);
	return 1;
}

/* INFO fields read as plain integers. */
static const struct {
	const char	*name;
	size_t		 offset;
} info_numbers[] = {
	{ "uptime_in_seconds", offsetof(struct redis_health, uptime_s) },
	{ "used_memory", offsetof(struct redis_health, used_memory) },
	{ "maxmemory", offsetof(struct redis_health, maxmemory) },
	{ "connected_clients", offsetof(struct redis_health, connected) },
	{ "blocked_clients", offsetof(struct redis_health, blocked) },
	{ "instantaneous_ops_per_sec", offsetof(struct redis_health, ops_per_sec) },
	{ "evicted_keys", offsetof(struct redis_health, evicted) },
	{ "keyspace_hits", offsetof(struct redis_health, hits) },
	{ "keyspace_misses", offsetof(struct redis_health, misses) },
};

static void
read_health(struct redis_health *h, const struct info *info, int db)
{
	const char *v;
	char dbname[16];
	size_t i;

	h->available = 1;
	h->version = xstrdup((v = info_get(info, "redis_version")) != NULL ? v : "?");
	h->role = xstrdup((v = info_get(info, "role")) != NULL ? v : "?");
	h->policy = xstrdup((v = info_get(info, "maxmemory_policy")) != NULL ? v : "?");
	if ((v = info_get(info, "master_link_status")) != NULL)
		h->master_link = xstrdup(v);
	for (i = 0; i < sizeof info_numbers / sizeof info_numbers[0]; i++) {
		long long *field = (long long *)((char *)h + info_numbers[i].offset);

		if (info_get_ll(info, info_numbers[i].name, field) < 0)
			*field = NUM_UNKNOWN;
	}
	h->hit_rate = NAN;
	if (h->hits != NUM_UNKNOWN && h->misses != NUM_UNKNOWN && h->hits + h->misses > 0)
		h->hit_rate = (double)h->hits / (double)(h->hits + h->misses);
	v = info_get(info, "rdb_last_bgsave_status");
	h->last_bgsave_ok = v == NULL ? -1 : strcmp(v, "ok") == 0;
	v = info_get(info, "aof_enabled");
	h->aof_enabled = v == NULL ? -1 : strcmp(v, "1") == 0;
	v = info_get(info, "aof_last_write_status");
	h->aof_write_ok = v == NULL ? -1 : strcmp(v, "ok") == 0;
	snprintf(dbname, sizeof dbname, "db%d", db);
	h->keys = 0;		/* an empty db has no keyspace line */
	if ((v = info_get(info, dbname)) != NULL && info_subfield_ll(v, "keys", &h->keys) < 0)
		h->keys = NUM_UNKNOWN;
}

static char *
wrong_type(struct conn *c, const char *key, char **cause)
{
	redisReply *r = conn_cmd(c, cause, "TYPE %s", key);
	char *t;

	if (r == NULL)
		return NULL;
	t = xstrndup(r->str != NULL ? r->str : "?", r->str != NULL ? r->len : 1);
	freeReplyObject(r);
	return t;
}

static int
read_oldest_age(struct snapshot *s, struct conn *c, const struct keys *k, char **cause)
{
	char *key;
	redisReply *r;
	int64_t t;
	int rc = 0;

	s->queue.oldest_age_ms = -1;
	if (s->queue.oldest_id == NULL)
		return 0;
	key = keys_join(k->task_prefix, s->queue.oldest_id, s->queue.oldest_len);
	conn_appendf(c, "HGET %b created_at", key, strlen(k->task_prefix) + s->queue.oldest_len);
	free(key);
	if ((r = conn_read(c, cause)) == NULL)
		return -1;
	if (fatal_reply(c, r, "HGET", cause))
		rc = -1;
	else if (r->type == REDIS_REPLY_STRING && (t = ts_parse(r->str, r->len)) > 0)
		s->queue.oldest_age_ms = s->taken_ms - t > 0 ? s->taken_ms - t : 0;
	freeReplyObject(r);
	return rc;
}

int
snapshot_collect(struct snapshot *s, struct conn *c, const struct keys *k,
    const struct snapshot_opts *o, char **cause)
{
	static const char *const bounds[PRIORITY_BUCKETS + 1] = {
		"-inf", "(1", "(2", "(3", "(4", "(5", "(6", "(7", "(8", "(9", "(10", "+inf"
	};
	static const char *const lower[PRIORITY_BUCKETS] = {
		"-inf", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"
	};
	redisReply *r = NULL;
	int i, ndays = o->days > 0 ? o->days : 0;
	int rc = -1;

	memset(s, 0, sizeof *s);
	s->taken_ms = now_ms();
	s->db = c->ep.db;
	s->queue.oldest_age_ms = -1;

	conn_appendf(c, "INFO");
	conn_appendf(c, "LLEN %s", k->queue);
	conn_appendf(c, "LINDEX %s -1", k->queue);
	conn_appendf(c, "ZCARD %s", k->priority);
	for (i = 0; i < PRIORITY_BUCKETS; i++)
		conn_appendf(c, "ZCOUNT %s %s %s", k->priority, lower[i], bounds[i + 1]);
	conn_appendf(c, "ZREVRANGE %s 0 %d WITHSCORES", k->priority, TOP_PRIORITY - 1);
	conn_appendf(c, "MGET %s %s %s", k->stats_total, k->stats_completed, k->stats_failed);
	s->days = xcalloc((size_t)ndays + 1, sizeof *s->days);
	for (i = 0; i < ndays; i++) {
		struct daily_stat *d = &s->days[i];

		utc_date(s->taken_ms - (int64_t)i * 86400000, d->date);
		conn_appendf(c, "HMGET %s%s tasks_completed tasks_failed avg_processing_time",
		    k->daily_prefix, d->date);
	}
	s->ndays = (size_t)ndays;

	/* INFO */
	if ((r = conn_read(c, cause)) == NULL)
		goto out;
	if (r->type == REDIS_REPLY_STRING) {
		struct info info;

		info_parse(&info, r->str, r->len);
		read_health(&s->redis, &info, s->db);
		info_free(&info);
	} else if (!conn_error_is_unavailable(r) && fatal_reply(c, r, "INFO", cause))
		goto drain;
	freeReplyObject(r);

	/* LLEN, LINDEX */
	if ((r = conn_read(c, cause)) == NULL)
		goto out;
	if (fatal_reply(c, r, "LLEN", cause))
		goto drain;
	s->queue.depth = r->type == REDIS_REPLY_INTEGER ? r->integer : NUM_UNKNOWN;
	freeReplyObject(r);
	if ((r = conn_read(c, cause)) == NULL)
		goto out;
	if (r->type == REDIS_REPLY_STRING) {
		s->queue.oldest_id = xstrndup(r->str, r->len);
		s->queue.oldest_len = r->len;
	}
	freeReplyObject(r);

	/* ZCARD, ZCOUNT x 11, ZREVRANGE */
	if ((r = conn_read(c, cause)) == NULL)
		goto out;
	if (fatal_reply(c, r, "ZCARD", cause))
		goto drain;
	s->queue.priority_depth = r->type == REDIS_REPLY_INTEGER ? r->integer : NUM_UNKNOWN;
	freeReplyObject(r);
	for (i = 0; i < PRIORITY_BUCKETS; i++) {
		if ((r = conn_read(c, cause)) == NULL)
			goto out;
		s->queue.by_score[i] = r->type == REDIS_REPLY_INTEGER ? r->integer : NUM_UNKNOWN;
		freeReplyObject(r);
	}
	if ((r = conn_read(c, cause)) == NULL)
		goto out;
	if (r->type == REDIS_REPLY_ARRAY) {
		size_t j;

		for (j = 0; j + 1 < r->elements && s->queue.ntop < TOP_PRIORITY; j += 2) {
			struct ranked_task *t = &s->queue.top[s->queue.ntop++];

			t->id = xstrndup(r->element[j]->str, r->element[j]->len);
			t->len = r->element[j]->len;
			t->score = reply_double(r->element[j + 1]);
		}
	}
	freeReplyObject(r);

	/* Counters */
	if ((r = conn_read(c, cause)) == NULL)
		goto out;
	if (fatal_reply(c, r, "MGET", cause))
		goto drain;
	for (i = 0; i < CNT_COUNT; i++)
		s->counters[i] = r->type == REDIS_REPLY_ARRAY && r->elements == CNT_COUNT ?
		    reply_ll(r->element[i]) : NUM_UNKNOWN;
	freeReplyObject(r);

	/* Daily stats */
	for (i = 0; i < ndays; i++) {
		struct daily_stat *d = &s->days[i];

		if ((r = conn_read(c, cause)) == NULL)
			goto out;
		d->completed = d->failed = NUM_UNKNOWN;
		d->avg_ms = NAN;
		if (r->type == REDIS_REPLY_ARRAY && r->elements == 3) {
			d->completed = reply_ll(r->element[0]);
			d->failed = reply_ll(r->element[1]);
			d->avg_ms = reply_double(r->element[2]);
		}
		freeReplyObject(r);
	}
	r = NULL;

	if (s->queue.depth == NUM_UNKNOWN && (s->queue.queue_wrong_type = wrong_type(c, k->queue, cause)) == NULL)
		goto out;
	if (s->queue.priority_depth == NUM_UNKNOWN &&
	    (s->queue.priority_wrong_type = wrong_type(c, k->priority, cause)) == NULL)
		goto out;
	if (read_oldest_age(s, c, k, cause) < 0)
		goto out;
	return 0;
drain:
	/* The rest of the pipeline is unread: drop the connection. */
	conn_disconnect(c);
out:
	freeReplyObject(r);
	snapshot_free(s);
	return rc;
}

void
snapshot_add_alert(struct snapshot *s, enum severity sev, const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	s->alerts = xreallocarray(s->alerts, s->nalerts + 1, sizeof *s->alerts);
	s->alerts[s->nalerts].sev = sev;
	s->alerts[s->nalerts].message = buf_detach(&b);
	s->nalerts++;
}

int
snapshot_worst(const struct snapshot *s)
{
	size_t i;
	int worst = 0;

	for (i = 0; i < s->nalerts; i++)
		if ((int)s->alerts[i].sev > worst)
			worst = (int)s->alerts[i].sev;
	return worst;
}

void
snapshot_free(struct snapshot *s)
{
	size_t i;

	free(s->redis.version);
	free(s->redis.role);
	free(s->redis.policy);
	free(s->redis.master_link);
	free(s->queue.oldest_id);
	for (i = 0; i < s->queue.ntop; i++)
		free(s->queue.top[i].id);
	free(s->queue.queue_wrong_type);
	free(s->queue.priority_wrong_type);
	free(s->days);
	for (i = 0; i < s->nalerts; i++)
		free(s->alerts[i].message);
	free(s->alerts);
	memset(s, 0, sizeof *s);
}
