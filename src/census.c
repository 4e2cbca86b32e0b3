/* Resumable SCAN census of tasks and sessions. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "census.h"
#include "session.h"
#include "timefmt.h"
#include "xmalloc.h"

enum kind { KIND_NONE, KIND_TASK, KIND_SESSION };

static enum kind classify_key(const struct census *cs, const char *key, size_t len);
static void reserve(struct census *cs, size_t n);
static int run_batch(struct census *cs, struct conn *c, char **cause);
static void count_task(struct census *cs, const redisReply *r, int64_t now);
static void count_session(struct census *cs, const char *v, size_t len, int64_t now);
static int resolve_missing(struct census *cs, struct conn *c, redisReply **keys, size_t n,
    enum kind kind, char **cause);

static const char *const status_names[TS_COUNT] = {
	"pending", "processing", "completed", "failed", "other"
};

const char *
census_status_name(enum task_status s)
{
	return status_names[s];
}

enum task_status
census_classify_status(const char *s, size_t len)
{
	int i;

	for (i = 0; i < TS_OTHER; i++)
		if (strlen(status_names[i]) == len && memcmp(status_names[i], s, len) == 0)
			return (enum task_status)i;
	return TS_OTHER;
}

void
census_init(struct census *cs, const struct keys *k, const struct census_opts *o)
{
	const char *a = k->task_prefix, *b = k->session_prefix;
	size_t lcp = 0;
	struct buf m = BUF_INIT;

	memset(cs, 0, sizeof *cs);
	cs->keys = k;
	cs->opts = *o;
	if (cs->opts.scan_count == 0)
		cs->opts.scan_count = 1000;
	while (a[lcp] != '\0' && a[lcp] == b[lcp])
		lcp++;
	if (lcp > 0) {
		/* One walk over the common prefix sees both kinds of keys. */
		keys_match_prefix(&m, a, lcp);
		cs->match[cs->nwalks++] = buf_detach(&m);
	} else {
		keys_match_prefix(&m, a, strlen(a));
		cs->match[cs->nwalks++] = buf_detach(&m);
		keys_match_prefix(&m, b, strlen(b));
		cs->match[cs->nwalks++] = buf_detach(&m);
	}
	cs->cursor = xstrdup("0");
	cs->res.started_ms = now_ms();
}

static enum kind
classify_key(const struct census *cs, const char *key, size_t len)
{
	size_t tl = strlen(cs->keys->task_prefix), sl = strlen(cs->keys->session_prefix);
	int task = len > tl && memcmp(key, cs->keys->task_prefix, tl) == 0;
	int sess = len > sl && memcmp(key, cs->keys->session_prefix, sl) == 0;

	if (task && sess)		/* one prefix inside the other: the longer wins */
		return tl >= sl ? KIND_TASK : KIND_SESSION;
	return task ? KIND_TASK : sess ? KIND_SESSION : KIND_NONE;
}

static void
reserve(struct census *cs, size_t n)
{
	if (n <= cs->cap)
		return;
	cs->cap = n;
	cs->argv = xreallocarray(cs->argv, n, sizeof *cs->argv);
	cs->lens = xreallocarray(cs->lens, n, sizeof *cs->lens);
	cs->pick = xreallocarray(cs->pick, n, sizeof *cs->pick);
	cs->spick = xreallocarray(cs->spick, n, sizeof *cs->spick);
}

static void
count_task(struct census *cs, const redisReply *r, int64_t now)
{
	enum task_status st = TS_OTHER;

	if (r->type == REDIS_REPLY_ARRAY && r->elements == 2) {
		const redisReply *status = r->element[0], *started = r->element[1];

		if (status->type == REDIS_REPLY_STRING)
			st = census_classify_status(status->str, status->len);
		if (st == TS_PROCESSING && started->type == REDIS_REPLY_STRING) {
			int64_t t = ts_parse(started->str, started->len);

			if (t > 0 && now - t > cs->opts.stuck_after_ms)
				cs->res.stuck++;
		}
	}
	cs->res.by_status[st]++;
	cs->res.tasks++;
}

static void
count_session(struct census *cs, const char *v, size_t len, int64_t now)
{
	struct session_fields sf;
	struct strcount_entry *e;
	int64_t last;
	int idle;

	if (session_scan(v, len, &sf) != SESSION_VALID) {
		cs->res.malformed++;
		return;
	}
	last = session_time_ms(&sf.f[SF_LAST_ACTIVITY]);
	idle = last > 0 && now - last > cs->opts.idle_ms;
	buf_clear(&cs->tmp);
	session_user_id(&sf, &cs->tmp);
	e = strcount_get(&cs->res.users, cs->tmp.data, cs->tmp.len);
	e->count++;
	e->aux += idle;
	cs->res.sessions++;
	cs->res.idle += idle;
}

/* Settles the keys whose reply was nil: EXISTS tells a key that expired
 * during the walk (not counted) from one that is there but holds the wrong
 * type or no status (counted as other / malformed). */
static int
resolve_missing(struct census *cs, struct conn *c, redisReply **keys, size_t n, enum kind kind,
    char **cause)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *argv[2] = { "EXISTS", keys[i]->str };
		size_t lens[2] = { 6, keys[i]->len };

		conn_append(c, 2, argv, lens);
	}
	for (i = 0; i < n; i++) {
		redisReply *r = conn_read(c, cause);

		if (r == NULL)
			return -1;
		if (r->type == REDIS_REPLY_INTEGER && r->integer == 1 &&
		    idset_add(&cs->seen, hash_bytes(keys[i]->str, keys[i]->len))) {
			if (kind == KIND_TASK) {
				cs->res.by_status[TS_OTHER]++;
				cs->res.tasks++;
			} else
				cs->res.malformed++;
		}
		freeReplyObject(r);
	}
	return 0;
}

static int
run_batch(struct census *cs, struct conn *c, char **cause)
{
	const char *scan_argv[6];
	size_t scan_lens[6], i, ntask = 0, nsess = 0, nmiss_t = 0, nmiss_s = 0;
	char count[24];
	redisReply *scan, *keys, *r, **miss_t = NULL, **miss_s = NULL;
	int64_t now = now_ms();
	int rc = -1;

	snprintf(count, sizeof count, "%u", cs->opts.scan_count);
	scan_argv[0] = "SCAN";
	scan_argv[1] = cs->cursor;
	scan_argv[2] = "MATCH";
	scan_argv[3] = cs->match[cs->walk];
	scan_argv[4] = "COUNT";
	scan_argv[5] = count;
	for (i = 0; i < 6; i++)
		scan_lens[i] = strlen(scan_argv[i]);
	scan = conn_cmdv(c, cause, 6, scan_argv, scan_lens);
	if (scan == NULL)
		return -1;
	if (scan->type != REDIS_REPLY_ARRAY || scan->elements != 2 ||
	    scan->element[0]->type != REDIS_REPLY_STRING || scan->element[1]->type != REDIS_REPLY_ARRAY) {
		*cause = xasprintf("%s: unexpected reply to SCAN", c->desc);
		freeReplyObject(scan);
		return -1;
	}
	keys = scan->element[1];
	reserve(cs, keys->elements + 2);
	miss_t = xcalloc(keys->elements + 1, sizeof *miss_t);
	miss_s = xcalloc(keys->elements + 1, sizeof *miss_s);

	/* Pipeline: one HMGET per new task key, then one MGET for the sessions. */
	for (i = 0; i < keys->elements; i++) {
		redisReply *k = keys->element[i];
		enum kind kind;

		if (k->type != REDIS_REPLY_STRING)
			continue;
		kind = classify_key(cs, k->str, k->len);
		if (kind == KIND_NONE || idset_has(&cs->seen, hash_bytes(k->str, k->len)))
			continue;
		if (kind == KIND_TASK) {
			const char *argv[4] = { "HMGET", k->str, "status", "started_at" };
			size_t lens[4] = { 5, k->len, 6, 10 };

			conn_append(c, 4, argv, lens);
			cs->pick[ntask++] = i;
		} else {
			cs->argv[1 + nsess] = k->str;
			cs->lens[1 + nsess] = k->len;
			cs->spick[nsess++] = i;
		}
	}
	if (nsess > 0) {
		cs->argv[0] = "MGET";
		cs->lens[0] = 4;
		conn_append(c, (int)nsess + 1, cs->argv, cs->lens);
	}
	for (i = 0; i < ntask; i++) {
		redisReply *k = keys->element[cs->pick[i]];

		if ((r = conn_read(c, cause)) == NULL)
			goto out;
		if (r->type == REDIS_REPLY_ARRAY && r->elements == 2 &&
		    r->element[0]->type == REDIS_REPLY_NIL && r->element[1]->type == REDIS_REPLY_NIL)
			miss_t[nmiss_t++] = k;
		else if (idset_add(&cs->seen, hash_bytes(k->str, k->len)))
			count_task(cs, r, now);
		freeReplyObject(r);
	}
	if (nsess > 0) {
		if ((r = conn_read(c, cause)) == NULL)
			goto out;
		if (r->type != REDIS_REPLY_ARRAY || r->elements != nsess) {
			*cause = conn_error_text(c, "MGET", r->type == REDIS_REPLY_ERROR ? r->str : "unexpected reply",
			    r->type == REDIS_REPLY_ERROR ? r->len : 16);
			freeReplyObject(r);
			goto out;
		}
		for (i = 0; i < nsess; i++) {
			redisReply *k = keys->element[cs->spick[i]], *v = r->element[i];

			if (v->type != REDIS_REPLY_STRING)
				miss_s[nmiss_s++] = k;
			else if (idset_add(&cs->seen, hash_bytes(k->str, k->len)))
				count_session(cs, v->str, v->len, now);
		}
		freeReplyObject(r);
	}
	if (resolve_missing(cs, c, miss_t, nmiss_t, KIND_TASK, cause) < 0 ||
	    resolve_missing(cs, c, miss_s, nmiss_s, KIND_SESSION, cause) < 0)
		goto out;

	cs->res.keys_walked += (long long)keys->elements;
	free(cs->cursor);
	cs->cursor = xstrndup(scan->element[0]->str, scan->element[0]->len);
	if (strcmp(cs->cursor, "0") == 0) {
		if (++cs->walk == cs->nwalks)
			cs->done = 1;
	}
	rc = 0;
out:
	free(miss_t);
	free(miss_s);
	freeReplyObject(scan);
	return rc;
}

int
census_step(struct census *cs, struct conn *c, int64_t budget_us, char **cause)
{
	int64_t start = mono_us();

	while (!cs->done) {
		if (run_batch(cs, c, cause) < 0)
			return -1;
		if (budget_us > 0 && mono_us() - start >= budget_us)
			break;
	}
	if (cs->done && cs->res.finished_ms == 0)
		cs->res.finished_ms = now_ms();
	return cs->done;
}

void
census_take_result(struct census *cs, struct census_result *out)
{
	*out = cs->res;
	memset(&cs->res.users, 0, sizeof cs->res.users);
}

void
census_result_free(struct census_result *r)
{
	strcount_free(&r->users);
	memset(r, 0, sizeof *r);
}

void
census_free(struct census *cs)
{
	int i;

	for (i = 0; i < cs->nwalks; i++)
		free(cs->match[i]);
	free(cs->cursor);
	idset_free(&cs->seen);
	census_result_free(&cs->res);
	free(cs->argv);
	free(cs->lens);
	free(cs->pick);
	free(cs->spick);
	buf_free(&cs->tmp);
	memset(cs, 0, sizeof *cs);
}
