/* Writes an OCR platform's keyspace as Redis protocol for
 * `redis-cli --pipe`: task hashes (queued, running, done, failed), JSON
 * sessions spread over users, counters and daily stats, shaped as the
 * backend and the workers write them. Fixed seed: the same arguments give
 * the same keys and values (timestamps follow --now).
 *
 * usage: gen-platform [--tasks N] [--sessions N] [--users N] [--seed N]
 *            [--now MS] [--expect FILE]
 * --expect writes what ocrtop status should count, as JSON. */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fake.h"

#define NS		"ocr:"
#define MAX_ARGS	24

struct gen {
	FILE		*f;
	struct fake_rng	 rng;
	long long	 commands;
	long long	 keys;		/* keys written, for a DBSIZE check */
	int		 queued;	/* the queue list exists */
	int		 prioritized;	/* the priority zset exists */
};

struct expect {
	long long	 by_status[4];	/* pending processing completed failed */
	long long	 stuck;
	long long	 sessions;
	long long	 idle;
	long long	 users;
};

static void usage(void);
static long long arg_number(const char *opt, const char *arg);
static void resp(struct gen *g, const char *arg0, ...);
static void gen_tasks(struct gen *g, long long n, const struct fake_user *users, size_t nusers,
    int64_t now, struct expect *e);
static void gen_sessions(struct gen *g, long long n, const struct fake_user *users, size_t nusers,
    int64_t now, struct expect *e);
static void gen_stats(struct gen *g, const struct expect *e, int64_t now);
static void write_expect(const char *path, const struct expect *e, const struct gen *g);

static void
usage(void)
{
	fprintf(stderr, "usage: gen-platform [--tasks N] [--sessions N] [--users N] [--seed N] "
	    "[--now MS] [--expect FILE]\n");
	exit(2);
}

static long long
arg_number(const char *opt, const char *arg)
{
	char *end;
	long long v;

	if (arg == NULL)
		usage();
	v = strtoll(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || v < 0) {
		fprintf(stderr, "gen-platform: %s: '%s' is not a count\n", opt, arg);
		exit(2);
	}
	return v;
}

/* Writes one command; the arguments are NUL-terminated strings ending with
 * a NULL. */
static void
resp(struct gen *g, const char *arg0, ...)
{
	const char *argv[MAX_ARGS], *arg;
	int argc = 0, i;
	va_list ap;

	va_start(ap, arg0);
	for (arg = arg0; arg != NULL; arg = va_arg(ap, const char *)) {
		if (argc == MAX_ARGS) {
			fprintf(stderr, "gen-platform: a command with over %d arguments\n", MAX_ARGS);
			exit(1);
		}
		argv[argc++] = arg;
	}
	va_end(ap);
	fprintf(g->f, "*%d\r\n", argc);
	for (i = 0; i < argc; i++)
		fprintf(g->f, "$%zu\r\n%s\r\n", strlen(argv[i]), argv[i]);
	g->commands++;
}

static void
gen_tasks(struct gen *g, long long n, const struct fake_user *users, size_t nusers, int64_t now,
    struct expect *e)
{
	static const char *const errors[] = {
		"Tesseract failed: Invalid image format",
		"Error during processing: image too large (40000x30000)",
		"Timeout: recognition took longer than 300 s",
		"File not found: /uploads/missing.png"
	};
	char key[64], id[FAKE_UUID_LEN + 1], file[FAKE_UUID_LEN + 1];
	char prio[8], created[24], started[24], done[24], ttl[24], worker[16];
	long long i;

	for (i = 0; i < n; i++) {
		unsigned roll = (unsigned)fake_below(&g->rng, 1000);
		const struct fake_user *u = &users[fake_pick_user(&g->rng, nusers)];
		int p = (int)fake_below(&g->rng, 11);
		int64_t c, s, d;

		fake_uuid(&g->rng, id);
		fake_uuid(&g->rng, file);
		snprintf(key, sizeof key, NS "task:data:%s", id);
		snprintf(prio, sizeof prio, "%d", p);
		if (roll < 50) {		/* pending: waiting up to 2 hours */
			c = now - (int64_t)fake_below(&g->rng, 2 * 3600000ULL);
			s = d = 0;
		} else if (roll < 70) {		/* processing; 1 in 20 stuck for 30 min to 3 h */
			if (fake_below(&g->rng, 20) == 0) {
				s = now - 30 * 60000 - (int64_t)fake_below(&g->rng, 150 * 60000ULL);
				e->stuck++;
			} else
				s = now - (int64_t)fake_below(&g->rng, 5 * 60000ULL);
			c = s - (int64_t)fake_below(&g->rng, 3600000ULL);
			d = 0;
		} else {			/* completed or failed within 20 hours */
			d = now - (int64_t)fake_below(&g->rng, 20 * 3600000ULL);
			s = d - 1000 - (int64_t)fake_below(&g->rng, 30000ULL);
			c = s - (int64_t)fake_below(&g->rng, 600000ULL);
		}
		/* Date.now() in most writers; seconds as a string in some (seed 001). */
		if (fake_below(&g->rng, 10) == 0)
			snprintf(created, sizeof created, "%lld", (long long)(c / 1000));
		else
			snprintf(created, sizeof created, "%lld", (long long)c);
		snprintf(started, sizeof started, "%lld", (long long)s);
		snprintf(done, sizeof done, "%lld", (long long)d);
		snprintf(worker, sizeof worker, "worker-%03u", (unsigned)fake_below(&g->rng, 16) + 1);
		g->keys++;
		if (roll < 50) {
			resp(g, "HSET", key, "user_id", u->id, "file_id", file, "status", "pending",
			    "priority", prio, "attempts", "0", "created_at", created, NULL);
			/* Most go through the list, the rest through the priority zset. */
			if (fake_below(&g->rng, 5) != 0) {
				resp(g, "LPUSH", NS "task:queue", id, NULL);
				g->queued = 1;
			} else {
				resp(g, "ZADD", NS "task:priority", prio, id, NULL);
				g->prioritized = 1;
			}
			e->by_status[0]++;
		} else if (roll < 70) {
			resp(g, "HSET", key, "user_id", u->id, "file_id", file, "status", "processing",
			    "priority", prio, "attempts", "1", "created_at", created,
			    "worker_id", worker, "started_at", started, NULL);
			e->by_status[1]++;
		} else if (roll < 970) {
			resp(g, "HSET", key, "user_id", u->id, "file_id", file, "status", "completed",
			    "priority", prio, "attempts", fake_below(&g->rng, 20) == 0 ? "2" : "1",
			    "created_at", created, "worker_id", worker, "started_at", started,
			    "completed_at", done, NULL);
			/* EXPIRE 86400 when it completed. */
			snprintf(ttl, sizeof ttl, "%lld", (long long)(86400 - (now - d) / 1000));
			resp(g, "EXPIRE", key, ttl, NULL);
			e->by_status[2]++;
		} else {
			resp(g, "HSET", key, "user_id", u->id, "file_id", file, "status", "failed",
			    "priority", prio, "attempts", "3", "created_at", created,
			    "worker_id", worker, "started_at", started,
			    "error", errors[fake_below(&g->rng, 4)], NULL);
			e->by_status[3]++;
		}
	}
}

static void
gen_sessions(struct gen *g, long long n, const struct fake_user *users, size_t nusers, int64_t now,
    struct expect *e)
{
	char key[16 + FAKE_TOKEN_LEN], token[FAKE_TOKEN_LEN + 1], value[FAKE_SESSION_MAX], ttl[24];
	unsigned char *seen = calloc(nusers + 1, 1);
	long long i;

	if (seen == NULL) {
		perror("gen-platform");
		exit(1);
	}
	for (i = 0; i < n; i++) {
		struct fake_session_info info;

		fake_token(&g->rng, token);
		fake_session(&g->rng, users, nusers, now, value, &info);
		snprintf(key, sizeof key, NS "session:%s", token);
		/* SETEX 604800 at the last request. */
		snprintf(ttl, sizeof ttl, "%lld", (long long)(604800 - (now - info.last_ms) / 1000));
		resp(g, "SETEX", key, ttl, value, NULL);
		g->keys++;
		e->sessions++;
		e->idle += info.idle;
		if (!seen[info.user]) {
			seen[info.user] = 1;
			e->users++;
		}
	}
	free(seen);
}

static void
gen_stats(struct gen *g, const struct expect *e, int64_t now)
{
	char total[24], completed[24], failed[24], key[64], ttl[24], tc[24], tf[24], avg[32];
	time_t t;
	struct tm tm;
	int d;

	/* The counters count every task ever made; most hashes have expired. */
	snprintf(total, sizeof total, "%lld", 7 * (e->by_status[0] + e->by_status[1] +
	    e->by_status[2] + e->by_status[3]));
	snprintf(completed, sizeof completed, "%lld", 7 * e->by_status[2]);
	snprintf(failed, sizeof failed, "%lld", 7 * e->by_status[3]);
	resp(g, "SET", NS "stats:tasks:total", total, NULL);
	resp(g, "SET", NS "stats:tasks:completed", completed, NULL);
	resp(g, "SET", NS "stats:tasks:failed", failed, NULL);
	g->keys += 3;
	for (d = 0; d < 30; d++) {
		t = (time_t)(now / 1000 - (int64_t)d * 86400);
		gmtime_r(&t, &tm);
		snprintf(key, sizeof key, NS "stats:daily:%04d-%02d-%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
		snprintf(tc, sizeof tc, "%u", 20000 + (unsigned)fake_below(&g->rng, 10000));
		snprintf(tf, sizeof tf, "%u", 300 + (unsigned)fake_below(&g->rng, 700));
		snprintf(avg, sizeof avg, "%.1f", 2500.0 + (double)fake_below(&g->rng, 20000) / 10.0);
		resp(g, "HSET", key, "tasks_completed", tc, "tasks_failed", tf,
		    "avg_processing_time", avg, NULL);
		snprintf(ttl, sizeof ttl, "%d", (30 - d) * 86400);
		resp(g, "EXPIRE", key, ttl, NULL);
		g->keys++;
	}
}

static void
write_expect(const char *path, const struct expect *e, const struct gen *g)
{
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	fprintf(f, "{\"tasks\":{\"pending\":%lld,\"processing\":%lld,\"completed\":%lld,"
	    "\"failed\":%lld,\"other\":0},\"stuck\":%lld,\"sessions\":%lld,\"users\":%lld,"
	    "\"idle\":%lld,\"commands\":%lld,\"keys\":%lld}\n",
	    e->by_status[0], e->by_status[1], e->by_status[2], e->by_status[3], e->stuck,
	    e->sessions, e->users, e->idle, g->commands, g->keys + g->queued + g->prioritized);
	if (fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	long long ntasks = 200000, nsessions = 200000, nusers = 2000, seed = 20231011;
	int64_t now = (int64_t)time(NULL) * 1000;
	const char *expect_path = NULL;
	struct expect e;
	struct gen g;
	struct fake_user *users;
	int i;

	for (i = 1; i < argc; i += 2) {
		const char *opt = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(opt, "--tasks") == 0)
			ntasks = arg_number(opt, arg);
		else if (strcmp(opt, "--sessions") == 0)
			nsessions = arg_number(opt, arg);
		else if (strcmp(opt, "--users") == 0)
			nusers = arg_number(opt, arg);
		else if (strcmp(opt, "--seed") == 0)
			seed = arg_number(opt, arg);
		else if (strcmp(opt, "--now") == 0)
			now = arg_number(opt, arg);
		else if (strcmp(opt, "--expect") == 0 && arg != NULL)
			expect_path = arg;
		else
			usage();
	}
	if (nusers == 0)
		nusers = 1;
	memset(&e, 0, sizeof e);
	memset(&g, 0, sizeof g);
	g.f = stdout;
	setvbuf(stdout, NULL, _IOFBF, 1 << 20);
	fake_seed(&g.rng, (uint64_t)seed);
	if ((users = calloc((size_t)nusers, sizeof *users)) == NULL) {
		perror("gen-platform");
		return 1;
	}
	fake_users(&g.rng, users, (size_t)nusers);
	gen_tasks(&g, ntasks, users, (size_t)nusers, now, &e);
	gen_sessions(&g, nsessions, users, (size_t)nusers, now, &e);
	gen_stats(&g, &e, now);
	if (fflush(stdout) != 0) {
		perror("gen-platform: stdout");
		return 1;
	}
	if (expect_path != NULL)
		write_expect(expect_path, &e, &g);
	free(users);
	return 0;
}
