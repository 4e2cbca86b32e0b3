/* The demo platform's data. */
#include "config.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "demo-data.h"
#include "timefmt.h"
#include "xmalloc.h"

#define PIPE_DEPTH	500		/* commands in flight while loading */
#define MIN_MS		60000LL
#define HOUR_MS		(60 * MIN_MS)
#define DAY_MS		(24 * HOUR_MS)

/* Commands sent ahead, their replies read every PIPE_DEPTH. */
struct pipe {
	struct conn	*c;
	long		 pending;
	char		*cause;		/* the first error */
};

static const char *const first_names[] = {
	"ana", "ben", "chen", "dara", "emil", "fatima", "gus", "hana", "ivan", "jo", "kemal", "lena",
	"marco", "nia", "omar", "priya", "quinn", "rosa", "sami", "tomas", "uma", "vera", "wei", "yusuf"
};
static const char *const roles[] = { "user", "user", "user", "viewer", "admin" };
static const char *const errors[] = {
	"file not found: the upload was deleted", "tesseract: image too small to recognise",
	"timeout after 60s", "unsupported format: image/heic", "tesseract: empty page"
};
#define NELEM(a) (sizeof (a) / sizeof (a)[0])

static uint64_t next(struct demo_rng *r);
static void pipe_cmd(struct pipe *p, const char *fmt, ...);
static int pipe_flush(struct pipe *p);
static void user_id(char out[16], long u);
static void task_id(struct demo_rng *r, char out[40]);
static const char *file_for(const struct demo_files *f, struct demo_rng *r, char spare[24]);
static void one_task(struct pipe *p, const struct keys *k, const struct demo_files *f, struct demo_rng *r,
    long users, const char *status, int64_t now);
static void one_session(struct pipe *p, const struct keys *k, struct demo_rng *r, long users, int idle, int64_t now);
static void daily(struct pipe *p, const struct keys *k, struct demo_rng *r, int64_t now, long long *done,
    long long *failed);

void
demo_rng_seed(struct demo_rng *r, uint64_t seed)
{
	r->s = seed != 0 ? seed : 0x9e3779b97f4a7c15ULL;
}

/* xorshift64*: plenty for fake data. */
static uint64_t
next(struct demo_rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

long
demo_rng_below(struct demo_rng *r, long n)
{
	return n > 0 ? (long)(next(r) % (uint64_t)n) : 0;
}

static void
pipe_cmd(struct pipe *p, const char *fmt, ...)
{
	va_list ap;

	if (p->cause != NULL || p->c->rc == NULL)
		return;
	va_start(ap, fmt);
	redisvAppendCommand(p->c->rc, fmt, ap);
	va_end(ap);
	if (++p->pending >= PIPE_DEPTH)
		pipe_flush(p);
}

static int
pipe_flush(struct pipe *p)
{
	while (p->pending > 0 && p->cause == NULL) {
		redisReply *r = conn_read(p->c, &p->cause);

		p->pending--;
		if (r != NULL && r->type == REDIS_REPLY_ERROR)
			p->cause = xstrndup(r->str, r->len);
		freeReplyObject(r);
	}
	p->pending = 0;
	return p->cause != NULL ? -1 : 0;
}

const char *
demo_pages_dir(void)
{
	static const char *const dirs[] = { OCRTOP_PKGDATADIR "/pages", OCRTOP_SRCDIR "/bench/pages" };
	struct stat st;
	size_t i;

	for (i = 0; i < NELEM(dirs); i++)
		if (stat(dirs[i], &st) == 0 && S_ISDIR(st.st_mode))
			return dirs[i];
	return NULL;
}

int
demo_files_list(const char *dir, struct demo_files *f, char **cause)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	memset(f, 0, sizeof *f);
	while (d != NULL && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len <= 4 || strcmp(e->d_name + len - 4, ".png") != 0)
			continue;
		f->names = xreallocarray(f->names, f->n + 1, sizeof *f->names);
		f->names[f->n++] = xstrndup(e->d_name, len - 4);
	}
	if (d != NULL)
		closedir(d);
	if (f->n == 0) {
		*cause = xasprintf("no page images (*.png) in %s", dir);
		return -1;
	}
	return 0;
}

void
demo_files_free(struct demo_files *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->names[i]);
	free(f->names);
	memset(f, 0, sizeof *f);
}

static void
user_id(char out[16], long u)
{
	snprintf(out, 16, "user-%04lx", 0x1a2bL + u * 7919L % 0xffff);
}

/* A v4-looking UUID. */
static void
task_id(struct demo_rng *r, char out[40])
{
	uint64_t a = next(r), b = next(r);

	snprintf(out, 40, "%08llx-%04llx-4%03llx-%04llx-%012llx", (unsigned long long)(a >> 32),
	    (unsigned long long)((a >> 16) & 0xffff), (unsigned long long)(a & 0xfff),
	    (unsigned long long)(0x8000 | ((b >> 48) & 0x3fff)), (unsigned long long)(b & 0xffffffffffffULL));
}

/* Mostly a page that exists; one in thirty an upload that went missing. */
static const char *
file_for(const struct demo_files *f, struct demo_rng *r, char spare[24])
{
	if (demo_rng_below(r, 30) == 0) {
		snprintf(spare, 24, "upload-%06ld", demo_rng_below(r, 1000000));
		return spare;
	}
	return f->names[demo_rng_below(r, (long)f->n)];
}

static void
one_task(struct pipe *p, const struct keys *k, const struct demo_files *f, struct demo_rng *r, long users,
    const char *status, int64_t now)
{
	char id[40], user[16], spare[24], created[24], prio[8];
	int64_t age = strcmp(status, "pending") == 0 ? demo_rng_below(r, 40 * MIN_MS) : demo_rng_below(r, 20 * HOUR_MS);
	long pr = demo_rng_below(r, 10) < 8 ? 5 : demo_rng_below(r, 11);
	const char *file = file_for(f, r, spare);
	int64_t t = now - age;

	task_id(r, id);
	user_id(user, demo_rng_below(r, users));
	/* One producer in ten writes seconds, as the platform's do. */
	snprintf(created, sizeof created, "%lld", (long long)(demo_rng_below(r, 10) == 0 ? t / 1000 : t));
	snprintf(prio, sizeof prio, "%ld", pr);
	pipe_cmd(p, "HSET %s%s user_id %s file_id %s status %s priority %s attempts %d created_at %s",
	    k->task_prefix, id, user, file, status, prio, strcmp(status, "pending") == 0 ? 0 : 1, created);
	if (strcmp(status, "pending") == 0) {
		if (pr > 5)
			pipe_cmd(p, "ZADD %s %s %s", k->priority, prio, id);
		else
			pipe_cmd(p, "LPUSH %s %s", k->queue, id);
	} else if (strcmp(status, "processing") == 0) {
		/* Half of them held by a worker that died 20-50 minutes ago. */
		int dead = demo_rng_below(r, 2) == 0;

		pipe_cmd(p, "HSET %s%s worker_id %s started_at %lld", k->task_prefix, id,
		    dead ? "backend-worker-7" : "backend-worker-2",
		    (long long)(now - (dead ? 20 * MIN_MS + demo_rng_below(r, 30 * MIN_MS) : demo_rng_below(r, 20000))));
	} else if (strcmp(status, "completed") == 0) {
		int64_t took = 800 + demo_rng_below(r, 4000);

		pipe_cmd(p, "HSET %s%s worker_id backend-worker-%ld started_at %lld completed_at %lld", k->task_prefix, id,
		    1 + demo_rng_below(r, 6), (long long)(t + 2000), (long long)(t + 2000 + took));
		pipe_cmd(p, "PEXPIRE %s%s %lld", k->task_prefix, id, (long long)(DAY_MS - age));
		if (age < HOUR_MS) {
			char json[160];

			/* One argument: hiredis splits the format, not what %s brings. */
			snprintf(json, sizeof json, "{\"text\":\"(demo) recognised text of %s\",\"confidence\":0.%02ld,"
			    "\"word_count\":%ld}", file, 80 + demo_rng_below(r, 19), 40 + demo_rng_below(r, 300));
			pipe_cmd(p, "PSETEX %s%s %lld %s", k->result_prefix, id, (long long)(HOUR_MS - age), json);
		}
	} else if (strcmp(status, "failed") == 0)
		pipe_cmd(p, "HSET %s%s attempts 3 error %s failed_at %lld", k->task_prefix, id,
		    errors[demo_rng_below(r, (long)NELEM(errors))], (long long)(t + 5000));
}

static void
one_session(struct pipe *p, const struct keys *k, struct demo_rng *r, long users, int idle, int64_t now)
{
	char user[16], token[40];
	long u = demo_rng_below(r, users);
	int64_t created = now - demo_rng_below(r, 6 * DAY_MS), last = idle ? now - 31 * MIN_MS - demo_rng_below(r, 5 * HOUR_MS) :
	    now - demo_rng_below(r, 25 * MIN_MS);

	if (last < created)
		last = created;
	user_id(user, u);
	snprintf(token, sizeof token, "%016llx%016llx", (unsigned long long)next(r), (unsigned long long)next(r));
	pipe_cmd(p, "PSETEX %s%s %lld {\"user_id\":\"%s\",\"email\":\"%s.%ld@example.com\",\"role\":\"%s\","
	    "\"ip_address\":\"10.%ld.%ld.%ld\",\"created_at\":%lld,\"last_activity\":%lld}", k->session_prefix, token,
	    (long long)(7 * DAY_MS - (now - created)), user, first_names[u % (long)NELEM(first_names)], u,
	    roles[u % (long)NELEM(roles)], u % 8, demo_rng_below(r, 4), 2 + demo_rng_below(r, 250), (long long)created, (long long)last);
}

/* 30 days of statistics, oldest first; adds their totals to the counters. */
static void
daily(struct pipe *p, const struct keys *k, struct demo_rng *r, int64_t now, long long *done, long long *failed)
{
	char date[11];
	int d;

	for (d = 30; d >= 0; d--) {
		long weekday = (now / DAY_MS - d + 4) % 7;
		long c = (weekday == 0 || weekday == 6 ? 900 : 2600) + demo_rng_below(r, 600), f = c / 60 + demo_rng_below(r, 30);

		utc_date(now - d * DAY_MS, date);
		pipe_cmd(p, "HSET %s%s tasks_completed %ld tasks_failed %ld avg_processing_time %ld", k->daily_prefix, date,
		    c, f, 1900 + demo_rng_below(r, 900));
		pipe_cmd(p, "EXPIRE %s%s %ld", k->daily_prefix, date, (31L - d) * 86400);
		*done += c;
		*failed += f;
	}
}

int
demo_load(struct conn *c, const struct keys *k, const struct demo_shape *shape, const struct demo_files *f,
    struct demo_rng *r, char **cause)
{
	static const struct {
		const char	*status;
		int		 per_mille;
	} mix[] = {
		{ "pending", 60 }, { "processing", 4 }, { "completed", 840 }, { "failed", 90 }, { "retrying", 3 },
		{ "cancelled", 3 },
	};
	struct pipe p = { c, 0, NULL };
	long tasks = shape->tasks > 0 ? shape->tasks : 3000, sessions = shape->sessions > 0 ? shape->sessions : 400;
	long users = shape->users > 0 ? shape->users : 40, i, n, done = 0, pending = 0;
	long long hist_done = 0, hist_failed = 0;
	int64_t now = now_ms();
	size_t m;

	for (m = 0; m < NELEM(mix); m++) {
		n = tasks * mix[m].per_mille / 1000;
		for (i = 0; i < n; i++)
			one_task(&p, k, f, r, users, mix[m].status, now);
		if (m == 0)
			pending = n;
		if (m == 2)
			done = n;
	}
	/* The things real data does: a task queued in both queues, a queued
	 * id whose data is gone, a hash without a status. */
	pipe_cmd(&p, "HSET %sdup-in-both user_id %s status pending priority 9 created_at %lld", k->task_prefix,
	    "user-1a2b", (long long)(now - 5 * MIN_MS));
	pipe_cmd(&p, "LPUSH %s dup-in-both", k->queue);
	pipe_cmd(&p, "ZADD %s 9 dup-in-both", k->priority);
	pipe_cmd(&p, "LPUSH %s gone-before-its-turn", k->queue);
	pipe_cmd(&p, "HSET %sno-status user_id %s file_id %s", k->task_prefix, "user-1a2b", f->names[0]);
	for (i = 0; i < sessions; i++)
		one_session(&p, k, r, users, demo_rng_below(r, 100) < 15, now);
	pipe_cmd(&p, "SET %snot-json-%ld %s", k->session_prefix, demo_rng_below(r, 100000), "user-1a2b logged in");
	pipe_cmd(&p, "SET %sno-user-%ld {\"email\":\"orphan@example.com\",\"role\":\"user\"}", k->session_prefix,
	    demo_rng_below(r, 100000));
	daily(&p, k, r, now, &hist_done, &hist_failed);
	pipe_cmd(&p, "SET %s %lld", k->stats_total, hist_done + hist_failed + tasks);
	pipe_cmd(&p, "SET %s %lld", k->stats_completed, hist_done + done);
	pipe_cmd(&p, "SET %s %lld", k->stats_failed, hist_failed + tasks * 90 / 1000);
	pipe_cmd(&p, "SET %s %ld", k->stats_pending, pending);
	if (pipe_flush(&p) < 0) {
		*cause = p.cause;
		return -1;
	}
	return 0;
}

int
demo_add_task(struct conn *c, const struct keys *k, long users, const struct demo_files *f, struct demo_rng *r,
    char **cause)
{
	struct pipe p = { c, 0, NULL };
	char id[40], user[16], spare[24], prio[8];
	long pr = demo_rng_below(r, 10) < 8 ? 5 : 6 + demo_rng_below(r, 5);
	const char *file = file_for(f, r, spare);

	task_id(r, id);
	user_id(user, demo_rng_below(r, users));
	snprintf(prio, sizeof prio, "%ld", pr);
	pipe_cmd(&p, "HSET %s%s user_id %s file_id %s status pending priority %s attempts 0 created_at %lld",
	    k->task_prefix, id, user, file, prio, (long long)now_ms());
	if (pr > 5)
		pipe_cmd(&p, "ZADD %s %s %s", k->priority, prio, id);
	else
		pipe_cmd(&p, "LPUSH %s %s", k->queue, id);
	pipe_cmd(&p, "INCR %s", k->stats_total);
	pipe_cmd(&p, "INCR %s", k->stats_pending);
	if (pipe_flush(&p) < 0) {
		*cause = p.cause;
		return -1;
	}
	return 0;
}

int
demo_add_session(struct conn *c, const struct keys *k, long users, struct demo_rng *r, char **cause)
{
	struct pipe p = { c, 0, NULL };

	one_session(&p, k, r, users, 0, now_ms());
	if (pipe_flush(&p) < 0) {
		*cause = p.cause;
		return -1;
	}
	return 0;
}
