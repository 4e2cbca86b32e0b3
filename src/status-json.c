/* Snapshot to JSON. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json-out.h"
#include "status-json.h"

static json_t *queue_json(const struct queue_state *q);
static json_t *tasks_json(const struct census_result *c);
static json_t *sessions_json(const struct census_result *c);
static json_t *redis_json(const struct snapshot *s);
static json_t *tristate(int v);

static json_t *
tristate(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

static json_t *
queue_json(const struct queue_state *q)
{
	json_t *o = json_object(), *buckets = json_object(), *top = json_array();
	int i;
	size_t j;

	json_object_set_new(o, "depth", json_count(q->depth));
	json_object_set_new(o, "oldest_age_s", q->oldest_age_ms < 0 ? json_null() :
	    json_real((double)q->oldest_age_ms / 1000.0));
	json_object_set_new(o, "priority_depth", json_count(q->priority_depth));
	for (i = 0; i < PRIORITY_BUCKETS; i++) {
		char name[4];

		snprintf(name, sizeof name, "%d", i);
		json_object_set_new(buckets, name, q->priority_depth == NUM_UNKNOWN ? json_null() :
		    json_count(q->by_score[i]));
	}
	json_object_set_new(o, "priority_by_score", buckets);
	for (j = 0; j < q->ntop; j++)
		json_array_append_new(top, json_pack("{s:o, s:f}", "task_id",
		    json_bytes(q->top[j].id, q->top[j].len), "score", q->top[j].score));
	json_object_set_new(o, "priority_top", top);
	return o;
}

static json_t *
tasks_json(const struct census_result *c)
{
	json_t *o = json_object(), *by = json_object();
	int i;

	for (i = 0; i < TS_COUNT; i++)
		json_object_set_new(by, census_status_name((enum task_status)i),
		    c != NULL ? json_integer(c->by_status[i]) : json_null());
	json_object_set_new(o, "by_status", by);
	json_object_set_new(o, "stuck", c != NULL ? json_integer(c->stuck) : json_null());
	json_object_set_new(o, "scanned", c != NULL ? json_integer(c->tasks) : json_null());
	return o;
}

static json_t *
sessions_json(const struct census_result *c)
{
	json_t *o = json_object(), *top = json_array();
	struct strcount_entry **users;
	size_t i;

	if (c == NULL) {
		json_object_set_new(o, "count", json_null());
		json_object_set_new(o, "users", json_null());
		json_object_set_new(o, "idle", json_null());
		json_object_set_new(o, "malformed", json_null());
		json_object_set_new(o, "top_users", top);
		return o;
	}
	json_object_set_new(o, "count", json_integer(c->sessions));
	json_object_set_new(o, "users", json_integer((json_int_t)c->users.n));
	json_object_set_new(o, "idle", json_integer(c->idle));
	json_object_set_new(o, "malformed", json_integer(c->malformed));
	users = strcount_sorted(&c->users);
	for (i = 0; i < c->users.n && i < 5; i++)
		json_array_append_new(top, json_pack("{s:o, s:I}", "user_id",
		    json_bytes(users[i]->s, users[i]->len), "sessions", (json_int_t)users[i]->count));
	free(users);
	json_object_set_new(o, "top_users", top);
	return o;
}

static json_t *
redis_json(const struct snapshot *s)
{
	const struct redis_health *h = &s->redis;
	json_t *o = json_object();

	if (!h->available) {
		static const char *const names[] = { "version", "uptime_s", "role", "used_memory",
		    "maxmemory", "maxmemory_policy", "connected_clients", "blocked_clients",
		    "ops_per_sec", "hit_rate", "evicted_keys", "last_bgsave_ok", "aof_enabled", "keys" };
		size_t i;

		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			json_object_set_new(o, names[i], json_null());
		return o;
	}
	json_object_set_new(o, "version", json_bytes(h->version, strlen(h->version)));
	json_object_set_new(o, "uptime_s", json_count(h->uptime_s));
	json_object_set_new(o, "role", json_bytes(h->role, strlen(h->role)));
	json_object_set_new(o, "used_memory", json_count(h->used_memory));
	json_object_set_new(o, "maxmemory", json_count(h->maxmemory));
	json_object_set_new(o, "maxmemory_policy", json_bytes(h->policy, strlen(h->policy)));
	json_object_set_new(o, "connected_clients", json_count(h->connected));
	json_object_set_new(o, "blocked_clients", json_count(h->blocked));
	json_object_set_new(o, "ops_per_sec", json_count(h->ops_per_sec));
	json_object_set_new(o, "hit_rate", json_real_or_null(h->hit_rate));
	json_object_set_new(o, "evicted_keys", json_count(h->evicted));
	json_object_set_new(o, "last_bgsave_ok", tristate(h->last_bgsave_ok));
	json_object_set_new(o, "aof_enabled", tristate(h->aof_enabled));
	json_object_set_new(o, "keys", json_count(h->keys));
	return o;
}

json_t *
status_json(const struct snapshot *s)
{
	json_t *o = json_object(), *counters = json_object(), *daily = json_array(), *alerts = json_array();
	static const char *const counter_names[CNT_COUNT] = { "total", "completed", "failed" };
	size_t i;

	json_object_set_new(o, "queue", queue_json(&s->queue));
	json_object_set_new(o, "tasks", tasks_json(s->census));
	json_object_set_new(o, "sessions", sessions_json(s->census));
	for (i = 0; i < CNT_COUNT; i++)
		json_object_set_new(counters, counter_names[i], json_count(s->counters[i]));
	json_object_set_new(o, "counters", counters);
	for (i = 0; i < s->ndays; i++) {
		const struct daily_stat *d = &s->days[i];

		json_array_append_new(daily, json_pack("{s:s, s:o, s:o, s:o}", "date", d->date,
		    "tasks_completed", json_count(d->completed), "tasks_failed", json_count(d->failed),
		    "avg_processing_time", json_real_or_null(d->avg_ms)));
	}
	json_object_set_new(o, "daily", daily);
	json_object_set_new(o, "redis", redis_json(s));
	for (i = 0; i < s->nalerts; i++)
		json_array_append_new(alerts, json_pack("{s:s, s:o}", "severity",
		    s->alerts[i].sev == SEV_CRITICAL ? "critical" : "warning",
		    "message", json_bytes(s->alerts[i].message, strlen(s->alerts[i].message))));
	json_object_set_new(o, "alerts", alerts);
	return o;
}
