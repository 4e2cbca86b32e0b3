/* The census against a real redis-server: exact counts on a messy
 * keyspace, across batch boundaries, with keys expiring during the walk. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hiredis/hiredis.h>

#include "census.h"
#include "keys.h"
#include "tap-redis.h"
#include "tap.h"
#include "timefmt.h"

static redisContext *rc;

static void run(struct census_result *res, const struct keys *k, unsigned count, int samples);

static void
run(struct census_result *res, const struct keys *k, unsigned count, int samples)
{
	struct endpoint ep = { ENDPOINT_UNIX, NULL, 0, (char *)tap_redis_sock(), 0, NULL, NULL };
	struct conn_opts o = { 2000, 2000, "ocrtop:test" };
	struct census_opts co = { count, samples, 600000, 1800000 };
	struct census cs;
	struct conn c;
	char *cause = NULL;
	int steps = 0, r;

	conn_init(&c, &ep, &o);
	if (conn_connect(&c, &cause) < 0) {
		printf("Bail out! %s\n", cause);
		exit(1);
	}
	census_init(&cs, k, &co);
	while ((r = census_step(&cs, &c, 1, &cause)) == 0)
		steps++;
	if (r < 0)
		diag("census failed: %s", cause);
	if (count < 50)
		ok(steps > 1, "a small budget walks in several steps (%d)", steps);
	census_take_result(&cs, res);
	census_free(&cs);
	conn_free(&c);
}

int
main(void)
{
	struct key_overrides none = { NULL, NULL, NULL, NULL };
	struct keys k;
	struct census_result res;
	struct strcount_entry *e;
	int64_t now = now_ms();
	int i;

	rc = tr_connect();
	if (rc == NULL || rc->err) {
		printf("Bail out! cannot connect to the test redis\n");
		return 1;
	}
	keys_init(&k, "ocr", &none);

	/* An empty database. */
	run(&res, &k, 1000, 1);
	is_int(res.tasks, 0, "empty: no tasks");
	is_int(res.sessions + res.malformed, 0, "empty: no sessions");
	census_result_free(&res);

	/* Tasks of every kind. */
	for (i = 0; i < 30; i++)
		tr_cmd("HSET ocr:task:data:p%d status pending user_id u created_at %lld", i, (long long)now);
	for (i = 0; i < 7; i++)
		tr_cmd("HSET ocr:task:data:r%d status processing started_at %lld", i, (long long)(now - 1000));
	tr_cmd("HSET ocr:task:data:stuck-s status processing started_at %lld", (long long)(now / 1000 - 3600));
	tr_cmd("HSET ocr:task:data:stuck-ms status processing started_at %lld", (long long)(now - 3600000));
	for (i = 0; i < 12; i++)
		tr_cmd("HSET ocr:task:data:c%d status completed", i);
	for (i = 0; i < 4; i++)
		tr_cmd("HSET ocr:task:data:f%d status failed error boom", i);
	tr_cmd("HSET ocr:task:data:nostatus user_id u");
	tr_cmd("HSET ocr:task:data:odd status Completed");
	tr_cmd("SET ocr:task:data:wrongtype hello");
	tr_cmd("RPUSH ocr:task:data:alist a");
	tr_cmd("HSET %b status pending", "ocr:task:data:bin\0\n\x1b", (size_t)20);
	tr_cmd("SET ocr:task:queue:notatask 1");	/* shares the prefix "ocr:task:" only */

	/* Sessions of every kind. */
	for (i = 0; i < 20; i++)
		tr_cmd("SET ocr:session:a%d {\"user_id\":\"alice\",\"last_activity\":%lld}", i, (long long)now);
	for (i = 0; i < 5; i++)
		tr_cmd("SET ocr:session:b%d {\"user_id\":\"bob\",\"last_activity\":%lld}", i,
		    (long long)(now / 1000 - 7200));
	tr_cmd("SET ocr:session:n1 {\"user_id\":42}");
	tr_cmd("SET ocr:session:bad1 not-json");
	tr_cmd("SET ocr:session:bad2 {\"user_id\":\"x\"");
	tr_cmd("SET ocr:session:bad3 [1,2]");
	tr_cmd("SET ocr:session:bad4 {\"email\":\"a@b\"}");
	tr_cmd("HSET ocr:session:bad5 user_id x");
	tr_cmd("SET %b %b", "ocr:session:\xff\xfe", (size_t)14, "\x00\x01\x02", (size_t)3);
	tr_cmd("SET unrelated:key 1");
	for (i = 0; i < 7; i++)
		tr_cmd("SET ocr:session:c%d {\"user_id\":\"carol\",\"ip_address\":\"10.0.0.%d\"}", i, i % 6);
	tr_cmd("SET ocr:session:d1 {\"user_id\":\"dave\",\"ip_address\":\"10.1.1.1\"}");
	tr_cmd("SET ocr:session:d2 {\"user_id\":\"dave\",\"ip_address\":\"10.1.1.1\"}");

	run(&res, &k, 1000, 1);
	is_int(res.by_status[TS_PENDING], 31, "pending (one with a binary name)");
	is_int(res.by_status[TS_PROCESSING], 9, "processing");
	is_int(res.by_status[TS_COMPLETED], 12, "completed");
	is_int(res.by_status[TS_FAILED], 4, "failed");
	is_int(res.by_status[TS_OTHER], 4, "other: no status, unknown status, two wrong types");
	is_int(res.tasks, 60, "scanned task keys");
	is_int(res.stuck, 2, "stuck, with started_at in seconds and in milliseconds");
	is_int(res.sessions, 35, "valid sessions (one with a numeric user_id)");
	is_int((long long)res.users.n, 5, "distinct users");
	is_int(res.idle, 5, "idle sessions (last_activity in seconds, two hours old)");
	is_int(res.malformed, 6, "malformed: not JSON, truncated, array, no user_id, wrong type, binary");
	e = strcount_find(&res.users, "alice", 5);
	ok(e != NULL && e->count == 20, "alice has 20 sessions");
	e = strcount_find(&res.users, "42", 2);
	ok(e != NULL && e->count == 1, "the numeric user id is counted as \"42\"");
	e = strcount_find(&res.users, "carol", 5);
	ok(e != NULL && e->aux2 == CENSUS_MAX_IPS + 1, "six IPs for carol: more than CENSUS_MAX_IPS");
	e = strcount_find(&res.users, "dave", 4);
	ok(e != NULL && e->aux2 == 1, "two sessions from one IP: one IP for dave");
	e = strcount_find(&res.errors, "boom", 4);
	ok(e != NULL && e->count == 4, "failures are grouped by error text");
	{
		size_t j;
		long long failed = 0, stuck = 0;
		const struct task_sample *bin = NULL;

		for (j = 0; j < res.nsamples; j++) {
			failed += res.samples[j].status == TS_FAILED;
			stuck += res.samples[j].stuck;
			if (res.samples[j].idlen == 6 && memcmp(res.samples[j].id, "bin\0\n\x1b", 6) == 0)
				bin = &res.samples[j];
		}
		is_int(failed, 4, "every failed task is sampled");
		is_int(stuck, 2, "every stuck task is sampled");
		ok(bin != NULL && bin->status == TS_PENDING, "a binary task id is kept whole");
		is_int((long long)res.nsamples, 60, "small keyspaces are sampled completely");
	}
	census_result_free(&res);

	/* The same keyspace walked in tiny batches gives the same answer. */
	run(&res, &k, 3, 1);
	is_int(res.tasks, 60, "COUNT 3: same task count");
	is_int(res.sessions, 35, "COUNT 3: same session count");
	is_int(res.malformed, 6, "COUNT 3: same malformed count");
	census_result_free(&res);

	/* What status reads (two fields, no samples) counts the same. */
	run(&res, &k, 7, 0);
	is_int(res.tasks, 60, "without samples: same task count");
	is_int(res.by_status[TS_OTHER], 4, "without samples: same 'other' count");
	is_int(res.stuck, 2, "without samples: same stuck count");
	is_int(res.sessions, 35, "without samples: same session count");
	is_int((long long)res.nsamples, 0, "without samples: none kept");
	census_result_free(&res);

	/* Keys expiring during the walk are never counted as malformed or
	 * other: they are either counted as what they were, or not at all. */
	tr_cmd("FLUSHALL");
	for (i = 0; i < 3000; i++) {
		tr_cmd("SET ocr:session:e%d {\"user_id\":\"u%d\"} PX %d", i, i % 50, 1 + i % 40);
		tr_cmd("HSET ocr:task:data:e%d status completed", i);
		tr_cmd("PEXPIRE ocr:task:data:e%d %d", i, 1 + i % 40);
	}
	for (i = 0; i < 200; i++) {
		tr_cmd("SET ocr:session:keep%d {\"user_id\":\"k\"}", i);
		tr_cmd("HSET ocr:task:data:keep%d status pending", i);
	}
	run(&res, &k, 20, 1);
	is_int(res.malformed, 0, "expiring sessions are not malformed");
	is_int(res.by_status[TS_OTHER], 0, "expiring tasks are not 'other'");
	ok(res.sessions >= 200 && res.sessions <= 3200, "sessions between the survivors and all (%lld)", res.sessions);
	is_int(res.by_status[TS_PENDING], 200, "every surviving task is counted once");
	census_result_free(&res);

	keys_free(&k);
	tr_close();
	return done_testing();
}
