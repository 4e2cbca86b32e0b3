/* Micro-benchmark: reading 200k session values in one process, ocrtop's
 * way (session_scan: validate, record spans, no allocation) against the
 * usual way (jansson: build a tree, look members up, free it). Both passes
 * extract what the census needs -- user id, last_activity -- and must agree
 * on every value.
 *
 * usage: session-parse [--values N] [--users N] [--runs N]
 * Prints "name value" lines: values, users, runs, ocrtop_ns, jansson_ns
 * (nanoseconds per value, median of the runs) and ratio. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "buf.h"
#include "fake.h"
#include "hashtab.h"
#include "session.h"

#define IDLE_MS		(30 * 60000LL)

struct values {
	char		*text;		/* all values, back to back */
	size_t		*off;		/* value i is text[off[i]..off[i + 1]) */
	size_t		 n;
};

/* What one pass extracted: equal passes read the same thing. */
struct extract {
	uint64_t	*uid;		/* hash of each value's user id; 0 if invalid */
	long long	 valid;
	long long	 idle;
	long long	 last_sum;	/* sum of last_activity (ms) */
};

typedef void pass_fn(const struct values *v, int64_t now, struct extract *x);

static int64_t mono_ns(void);
static void make_values(struct values *v, size_t n, size_t nusers, int64_t now, size_t *distinct);
static void pass_ocrtop(const struct values *v, int64_t now, struct extract *x);
static void pass_jansson(const struct values *v, int64_t now, struct extract *x);
static double time_pass(pass_fn *fn, const struct values *v, int64_t now, struct extract *x);
static int cmp_double(const void *a, const void *b);

static int64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
make_values(struct values *v, size_t n, size_t nusers, int64_t now, size_t *distinct)
{
	struct fake_user *users = calloc(nusers, sizeof *users);
	unsigned char *seen = calloc(nusers, 1);
	struct fake_rng rng;
	size_t i;

	v->text = malloc(n * FAKE_SESSION_MAX + 1);
	v->off = malloc((n + 1) * sizeof *v->off);
	if (users == NULL || seen == NULL || v->text == NULL || v->off == NULL) {
		perror("session-parse");
		exit(1);
	}
	v->n = n;
	*distinct = 0;
	fake_seed(&rng, 20231011);
	fake_users(&rng, users, nusers);
	v->off[0] = 0;
	for (i = 0; i < n; i++) {
		struct fake_session_info info;

		v->off[i + 1] = v->off[i] + fake_session(&rng, users, nusers, now, v->text + v->off[i], &info);
		if (!seen[info.user]) {
			seen[info.user] = 1;
			(*distinct)++;
		}
	}
	free(seen);
	free(users);
}

/* The census's per-value work (census.c count_session), minus the table. */
static void
pass_ocrtop(const struct values *v, int64_t now, struct extract *x)
{
	struct buf id = BUF_INIT;
	size_t i;

	for (i = 0; i < v->n; i++) {
		struct session_fields sf;
		int64_t last;

		x->uid[i] = 0;
		if (session_scan(v->text + v->off[i], v->off[i + 1] - v->off[i], &sf) != SESSION_VALID)
			continue;
		buf_clear(&id);
		session_user_id(&sf, &id);
		x->uid[i] = hash_bytes(id.data, id.len);
		last = session_time_ms(&sf.f[SF_LAST_ACTIVITY]);
		x->idle += last > 0 && now - last > IDLE_MS;
		x->last_sum += last;
		x->valid++;
	}
	buf_free(&id);
}

/* JSON.parse(value), then session.user_id and session.last_activity. */
static void
pass_jansson(const struct values *v, int64_t now, struct extract *x)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		json_error_t err;
		json_t *s = json_loadb(v->text + v->off[i], v->off[i + 1] - v->off[i], 0, &err), *uid, *la;
		int64_t last = -1;

		x->uid[i] = 0;
		if (s == NULL)
			continue;
		uid = json_object_get(s, "user_id");
		la = json_object_get(s, "last_activity");
		if (json_is_string(uid) && json_string_length(uid) > 0) {
			x->uid[i] = hash_bytes(json_string_value(uid), json_string_length(uid));
			if (json_is_integer(la))
				last = (int64_t)json_integer_value(la);
			x->idle += last > 0 && now - last > IDLE_MS;
			x->last_sum += last;
			x->valid++;
		}
		json_decref(s);
	}
}

/* Runs one pass; returns nanoseconds per value. */
static double
time_pass(pass_fn *fn, const struct values *v, int64_t now, struct extract *x)
{
	int64_t start;

	x->valid = x->idle = x->last_sum = 0;
	start = mono_ns();
	fn(v, now, x);
	return (double)(mono_ns() - start) / (double)v->n;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	size_t n = 200000, nusers = 2000, distinct, i;
	int runs = 5, r;
	int64_t now = (int64_t)time(NULL) * 1000;
	struct values v;
	struct extract a = { NULL, 0, 0, 0 }, b = { NULL, 0, 0, 0 };
	struct idset users = { NULL, 0, 0 };
	double *ta, *tb;

	for (r = 1; r + 1 < argc; r += 2) {
		long val = strtol(argv[r + 1], NULL, 10);

		if (val <= 0)
			break;
		if (strcmp(argv[r], "--values") == 0)
			n = (size_t)val;
		else if (strcmp(argv[r], "--users") == 0)
			nusers = (size_t)val;
		else if (strcmp(argv[r], "--runs") == 0)
			runs = (int)val;
		else
			break;
	}
	if (r != argc) {
		fprintf(stderr, "usage: session-parse [--values N] [--users N] [--runs N]\n");
		return 2;
	}
	make_values(&v, n, nusers, now, &distinct);
	a.uid = calloc(n, sizeof *a.uid);
	b.uid = calloc(n, sizeof *b.uid);
	ta = calloc((size_t)runs, sizeof *ta);
	tb = calloc((size_t)runs, sizeof *tb);
	if (a.uid == NULL || b.uid == NULL || ta == NULL || tb == NULL) {
		perror("session-parse");
		return 1;
	}
	/* Alternate the two, so that a noisy neighbour hurts both alike. */
	for (r = 0; r < runs; r++) {
		ta[r] = time_pass(pass_ocrtop, &v, now, &a);
		tb[r] = time_pass(pass_jansson, &v, now, &b);
	}
	qsort(ta, (size_t)runs, sizeof *ta, cmp_double);
	qsort(tb, (size_t)runs, sizeof *tb, cmp_double);

	if (a.valid != (long long)n || b.valid != a.valid || a.idle != b.idle || a.last_sum != b.last_sum) {
		fprintf(stderr, "session-parse: the passes disagree: valid %lld/%lld, idle %lld/%lld\n",
		    a.valid, b.valid, a.idle, b.idle);
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (a.uid[i] != b.uid[i]) {
			fprintf(stderr, "session-parse: value %zu: the user ids differ\n", i);
			return 1;
		}
		idset_add(&users, a.uid[i]);
	}
	if (users.n != distinct) {
		fprintf(stderr, "session-parse: %zu distinct users, expected %zu\n", users.n, distinct);
		return 1;
	}
	printf("values %zu\nusers %zu\nidle %lld\nruns %d\n", n, users.n, a.idle, runs);
	printf("ocrtop_ns %.0f\njansson_ns %.0f\nratio %.1f\n", ta[runs / 2], tb[runs / 2],
	    tb[runs / 2] / ta[runs / 2]);
	idset_free(&users);
	free(ta);
	free(tb);
	free(a.uid);
	free(b.uid);
	free(v.text);
	free(v.off);
	return 0;
}
