/* Resumable SCAN census of tasks and sessions. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "census.h"
#include "reply.h"
#include "session.h"
#include "timefmt.h"
#include "xmalloc.h"

enum kind { KIND_NONE, KIND_TASK, KIND_SESSION };

/* The task fields the census reads, in HMGET order. */
enum { F_STATUS, F_STARTED, F_USER, F_ERROR, F_CREATED, F_ATTEMPTS, F_COUNT };
static const char *const task_fields[F_COUNT] = {
	"status", "started_at", "user_id", "error", "created_at", "attempts"
};

static const char *const status_names[TS_COUNT] = {
	"pending", "processing", "completed", "failed", "other"
};

static enum kind classify_key(const struct census *cs, const char *key, size_t len);
static void reserve(struct census *cs, size_t n);
static int run_batch(struct census *cs, struct conn *c, char **cause);
static void count_task(struct census *cs, const redisReply *key, const redisReply *r, int64_t now);
static void keep_sample(struct census *cs, const redisReply *key, const redisReply *r,
    enum task_status st, int stuck);
static void count_session(struct census *cs, const char *v, size_t len, int64_t now);
static int resolve_missing(struct census *cs, struct conn *c, redisReply **keys, size_t n,
    enum kind kind, char **cause);

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
	char *common;

	memset(cs, 0, sizeof *cs);
	cs->keys = k;
	cs->opts = *o;
	if (cs->opts.scan_count == 0)
		cs->opts.scan_count = 1000;
	/* status, started_at; the dashboard's samples need the rest too. */
	cs->nfields = cs->opts.samples ? F_COUNT : 2;
	while (a[lcp] != '\0' && a[lcp] == b[lcp])
		lcp++;
	if (lcp > 0) {
		/* One walk over the common prefix sees both kinds of keys. */
		common = xstrndup(a, lcp);
		scanwalk_init_prefix(&cs->walks[cs->nwalks++], common, cs->opts.scan_count);
		free(common);
	} else {
		scanwalk_init_prefix(&cs->walks[cs->nwalks++], a, cs->opts.scan_count);
		scanwalk_init_prefix(&cs->walks[cs->nwalks++], b, cs->opts.scan_count);
	}
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
	cs->hashes = xreallocarray(cs->hashes, n, sizeof *cs->hashes);
}

static void
keep_sample(struct census *cs, const redisReply *key, const redisReply *r, enum task_status st, int stuck)
{
	size_t plen = strlen(cs->keys->task_prefix);
	struct task_sample *t;
	redisReply *const *f = r->type == REDIS_REPLY_ARRAY && r->elements == F_COUNT ? r->element : NULL;

	if (cs->res.nsamples == cs->res.capsamples) {
		cs->res.capsamples = cs->res.capsamples == 0 ? 256 : cs->res.capsamples * 2;
		cs->res.samples = xreallocarray(cs->res.samples, cs->res.capsamples, sizeof *cs->res.samples);
	}
	t = &cs->res.samples[cs->res.nsamples++];
	memset(t, 0, sizeof *t);
	t->idlen = key->len - plen;
	t->id = xstrndup(key->str + plen, t->idlen);
	t->status = st;
	t->stuck = stuck;
	t->created_ms = t->started_ms = -1;
	t->attempts = -1;
	cs->res.sampled[st]++;
	if (f == NULL)
		return;
	t->raw_status = reply_dup(f[F_STATUS], CENSUS_ERROR_BYTES, NULL);
	t->user = reply_dup(f[F_USER], CENSUS_ERROR_BYTES, NULL);
	t->error = reply_dup(f[F_ERROR], CENSUS_ERROR_BYTES, NULL);
	t->created_ms = reply_ts(f[F_CREATED]);
	t->started_ms = reply_ts(f[F_STARTED]);
	if ((t->attempts = (long)reply_ll(f[F_ATTEMPTS])) < 0)
		t->attempts = -1;
}

static void
count_task(struct census *cs, const redisReply *key, const redisReply *r, int64_t now)
{
	enum task_status st = TS_OTHER;
	int stuck = 0;

	if (r->type == REDIS_REPLY_ARRAY && r->elements == (size_t)cs->nfields) {
		const redisReply *status = r->element[F_STATUS];

		if (status->type == REDIS_REPLY_STRING)
			st = census_classify_status(status->str, status->len);
		if (st == TS_PROCESSING) {
			int64_t t = reply_ts(r->element[F_STARTED]);

			stuck = t > 0 && now - t > cs->opts.stuck_after_ms;
		}
		if (st == TS_FAILED && cs->opts.samples) {
			const redisReply *error = r->element[F_ERROR];
			size_t n = error->type == REDIS_REPLY_STRING ? error->len : 0;

			if (n > CENSUS_ERROR_BYTES)
				n = CENSUS_ERROR_BYTES;
			strcount_get(&cs->res.errors, n > 0 ? error->str : "", n)->count++;
		}
	}
	cs->res.by_status[st]++;
	cs->res.stuck += stuck;
	cs->res.tasks++;
	if (cs->opts.samples && (((st == TS_FAILED || stuck) && cs->res.nsamples < CENSUS_MAX_PROBLEMS) ||
	    cs->res.sampled[st] < CENSUS_SAMPLES_PER_STATUS))
		keep_sample(cs, key, r, st, stuck);
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
	if (sf.f[SF_IP_ADDRESS].type == 's' && e->aux2 <= CENSUS_MAX_IPS) {
		uint32_t h = (uint32_t)hash_bytes(sf.f[SF_IP_ADDRESS].p, sf.f[SF_IP_ADDRESS].len);
		long long i;

		for (i = 0; i < e->aux2 && i < CENSUS_MAX_IPS && e->marks[i] != h; i++)
			;
		if (i == e->aux2) {	/* new: remember it while there is room */
			if (i < CENSUS_MAX_IPS)
				e->marks[i] = h;
			e->aux2++;
		}
	}
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
				if (cs->opts.samples && cs->res.sampled[TS_OTHER] < CENSUS_SAMPLES_PER_STATUS)
					keep_sample(cs, keys[i], r, TS_OTHER, 0);
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
	struct scanwalk *w = &cs->walks[cs->walk];
	size_t i, ntask = 0, nsess = 0, nmiss_t = 0, nmiss_s = 0;
	redisReply *scan, *next = NULL, *keys, *r, **miss_t = NULL, **miss_s = NULL;
	int64_t now = now_ms();
	int rc = -1, ahead;

	scan = cs->pending;
	cs->pending = NULL;
	if (scan == NULL && (scan = scanwalk_next(w, c, cause)) == NULL)
		return -1;
	keys = scan->element[1];
	reserve(cs, keys->elements + 2);
	miss_t = xcalloc(keys->elements + 1, sizeof *miss_t);
	miss_s = xcalloc(keys->elements + 1, sizeof *miss_s);

	/* Pipeline: one HMGET per task key, one MGET for the sessions, then
	 * the next SCAN. A key SCAN returned twice is read again but counted
	 * once (the set is checked when counting). */
	for (i = 0; i < keys->elements; i++) {
		redisReply *k = keys->element[i];
		enum kind kind;

		if (k->type != REDIS_REPLY_STRING)
			continue;
		kind = classify_key(cs, k->str, k->len);
		if (kind == KIND_NONE)
			continue;
		cs->hashes[i] = hash_bytes(k->str, k->len);
		if (kind == KIND_TASK) {
			const char *argv[2 + F_COUNT] = { "HMGET", k->str };
			size_t lens[2 + F_COUNT] = { 5, k->len };
			int f;

			for (f = 0; f < cs->nfields; f++) {
				argv[2 + f] = task_fields[f];
				lens[2 + f] = strlen(task_fields[f]);
			}
			conn_append(c, 2 + cs->nfields, argv, lens);
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
	ahead = strcmp(scan->element[0]->str, "0") != 0;
	if (ahead)
		scanwalk_send_after(w, c, scan);

	for (i = 0; i < ntask; i++) {
		size_t at = cs->pick[i], f;
		int all_nil = 1;

		if ((r = conn_read(c, cause)) == NULL)
			goto out;
		for (f = 0; r->type == REDIS_REPLY_ARRAY && f < r->elements; f++)
			all_nil &= r->element[f]->type == REDIS_REPLY_NIL;
		if (r->type == REDIS_REPLY_ARRAY && all_nil)
			miss_t[nmiss_t++] = keys->element[at];
		else if (idset_add(&cs->seen, cs->hashes[at]))
			count_task(cs, keys->element[at], r, now);
		freeReplyObject(r);
	}
	if (nsess > 0) {
		if ((r = conn_read(c, cause)) == NULL)
			goto out;
		if (r->type != REDIS_REPLY_ARRAY || r->elements != nsess) {
			*cause = r->type == REDIS_REPLY_ERROR ? conn_error_text(c, "MGET", r->str, r->len) :
			    xasprintf("%s: unexpected reply to MGET", c->desc);
			freeReplyObject(r);
			goto out;
		}
		for (i = 0; i < nsess; i++) {
			size_t at = cs->spick[i];
			redisReply *v = r->element[i];

			if (v->type != REDIS_REPLY_STRING)
				miss_s[nmiss_s++] = keys->element[at];
			else if (idset_add(&cs->seen, cs->hashes[at]))
				count_session(cs, v->str, v->len, now);
		}
		freeReplyObject(r);
	}
	if (ahead && (next = scanwalk_recv(w, c, cause)) == NULL)
		goto out;
	ahead = 0;
	if (resolve_missing(cs, c, miss_t, nmiss_t, KIND_TASK, cause) < 0 ||
	    resolve_missing(cs, c, miss_s, nmiss_s, KIND_SESSION, cause) < 0)
		goto out;

	cs->res.keys_walked += (long long)keys->elements;
	scanwalk_advance(w, scan);
	cs->pending = next;
	next = NULL;
	if (w->done && ++cs->walk == cs->nwalks)
		cs->done = 1;
	rc = 0;
out:
	/* Replies still queued would be read as answers to the next command. */
	if (rc < 0 && ahead)
		conn_disconnect(c);
	freeReplyObject(next);
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

double
census_progress(const struct census *cs, long long dbsize)
{
	double p;

	if (cs->done)
		return 1.0;
	if (dbsize <= 0)
		return 0.0;
	p = (double)cs->res.keys_walked / (double)(dbsize * cs->nwalks);
	return p > 0.99 ? 0.99 : p;
}

void
census_take_result(struct census *cs, struct census_result *out)
{
	*out = cs->res;
	memset(&cs->res, 0, sizeof cs->res);
}

void
census_result_free(struct census_result *r)
{
	size_t i;

	for (i = 0; i < r->nsamples; i++) {
		free(r->samples[i].id);
		free(r->samples[i].raw_status);
		free(r->samples[i].user);
		free(r->samples[i].error);
	}
	free(r->samples);
	strcount_free(&r->users);
	strcount_free(&r->errors);
	memset(r, 0, sizeof *r);
}

void
census_free(struct census *cs)
{
	int i;

	for (i = 0; i < cs->nwalks; i++)
		scanwalk_free(&cs->walks[i]);
	idset_free(&cs->seen);
	census_result_free(&cs->res);
	free(cs->argv);
	free(cs->lens);
	free(cs->pick);
	free(cs->spick);
	free(cs->hashes);
	freeReplyObject(cs->pending);
	buf_free(&cs->tmp);
	memset(cs, 0, sizeof *cs);
}
