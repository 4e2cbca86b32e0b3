/* The claim protocol against a real redis-server: order, fields, results,
 * counters, notifications, late acks, retries, orphans, release, lease
 * extension and recovery. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hiredis/hiredis.h>

#include "keys.h"
#include "taskq.h"
#include "tap-redis.h"
#include "tap.h"
#include "timefmt.h"

static redisContext *rc;

static void enqueue(const char *id, const char *user);
static char *next_message(redisContext *sub);

/* As the backend does it: MULTI, LPUSH, HSET, INCR, EXEC. */
static void
enqueue(const char *id, const char *user)
{
	tr_cmd("MULTI");
	tr_cmd("LPUSH ocr:task:queue %s", id);
	tr_cmd("HSET ocr:task:data:%s user_id %s file_id f-%s status pending priority 5 created_at %lld",
	    id, user, id, (long long)now_ms());
	tr_cmd("INCR ocr:stats:tasks:total");
	tr_cmd("EXEC");
}

static char *
next_message(redisContext *sub)
{
	redisReply *r = NULL;
	char *s;

	if (redisGetReply(sub, (void **)&r) != REDIS_OK || r == NULL)
		return strdup("(none)");
	s = r->type == REDIS_REPLY_ARRAY && r->elements == 4 ?
	    strndup(r->element[2]->str, r->element[2]->len) : strdup("(odd)");
	if (r->type == REDIS_REPLY_ARRAY && r->elements == 4) {
		char *both = malloc(strlen(s) + r->element[3]->len + 2);

		sprintf(both, "%s %.*s", s, (int)r->element[3]->len, r->element[3]->str);
		free(s);
		s = both;
	}
	freeReplyObject(r);
	return s;
}

int
main(void)
{
	struct key_overrides none = { NULL, NULL, NULL, NULL };
	struct endpoint ep = { ENDPOINT_UNIX, NULL, 0, (char *)tap_redis_sock(), 0, NULL, NULL };
	struct conn_opts o = { 2000, 2000, "ocrtop:test" };
	struct keys k;
	struct conn c;
	struct taskq q;
	struct claimed t;
	struct recover_stats st = { 0, 0, 0 };
	struct timeval tv = { 2, 0 };
	redisContext *sub;
	char *cause = NULL, *s, today[11], daily[64];
	long long before;

	rc = tr_connect();
	sub = redisConnectUnix(tap_redis_sock());
	keys_init(&k, "ocr", &none);
	conn_init(&c, &ep, &o);
	if (rc == NULL || rc->err || sub == NULL || sub->err || conn_connect(&c, &cause) < 0) {
		printf("Bail out! cannot connect\n");
		return 1;
	}
	redisSetTimeout(sub, tv);
	freeReplyObject(redisCommand(sub, "PSUBSCRIBE ocr:notifications*"));
	utc_date(now_ms(), today);
	snprintf(daily, sizeof daily, "ocr:stats:daily:%s", today);
	taskq_init(&q, &c, &k, "host:1:0", 60000, 2);

	is_int(taskq_claim(&q, &t, &cause), CLAIM_EMPTY, "nothing to claim in an empty platform");

	/* Order: the priority set first (highest score), then the FIFO's oldest. */
	enqueue("a", "alice");
	enqueue("b", "bob");
	tr_cmd("ZADD ocr:task:priority 3 p3 9 p9");
	tr_cmd("HSET ocr:task:data:p3 user_id carol file_id f3 status pending");
	tr_cmd("HSET ocr:task:data:p9 user_id carol file_id f9 status pending file_path /x/y.png");
	is_int(taskq_claim(&q, &t, &cause), CLAIM_OK, "claim");
	is_str(t.id, "p9", "the highest priority first");
	is_str(t.file_path, "/x/y.png", "the claim returns file_path");
	taskq_complete(&q, &t, "{}", 50, 0.9, 1, &cause);
	taskq_claimed_free(&t);
	taskq_claim(&q, &t, &cause);
	is_str(t.id, "p3", "then the next priority");
	taskq_complete(&q, &t, "{}", 50, 0.9, 1, &cause);
	taskq_claimed_free(&t);
	for (int i = 0; i < 6; i++)
		free(next_message(sub));	/* p9's and p3's notifications */
	taskq_claim(&q, &t, &cause);
	is_str(t.id, "a", "then the FIFO's oldest (the right end)");
	is_str(t.user, "alice", "with its user");
	is_str(t.file_id, "f-a", "and its file id");
	is_int(t.attempts, 1, "attempts counted");
	s = tr_get("HGET ocr:task:data:a status");
	is_str(s, "processing", "status=processing");
	free(s);
	s = tr_get("HGET ocr:task:data:a worker_id");
	is_str(s, "host:1:0", "worker_id");
	free(s);
	ok(llabs(tr_num("HGET ocr:task:data:a started_at") - now_ms()) < 5000, "started_at in ms");
	ok(tr_num("ZSCORE ocr:task:leases a") > now_ms() + 50000, "a lease about a minute long");
	is_int(tr_num("LLEN ocr:task:queue"), 1, "the task left the queue");

	/* Success. */
	before = tr_num("GET ocr:stats:tasks:completed");
	is_int(taskq_complete(&q, &t, "{\"text\":\"hello\"}", 100, 0.93, 1, &cause), FINISH_OK, "complete");
	s = tr_get("HGET ocr:task:data:a status");
	is_str(s, "completed", "status=completed");
	free(s);
	ok(tr_num("HGET ocr:task:data:a completed_at") > 0, "completed_at");
	ok(tr_num("TTL ocr:task:data:a") > 86000, "the task hash expires in a day");
	s = tr_get("GET ocr:cache:result:a");
	is_str(s, "{\"text\":\"hello\"}", "the result is cached");
	free(s);
	ok(tr_num("TTL ocr:cache:result:a") > 3500, "for an hour");
	is_int(tr_num("GET ocr:stats:tasks:completed"), (before < 0 ? 0 : before) + 1, "the completed counter");
	is_int(tr_num("HGET %s tasks_completed", daily), 3, "today's tasks_completed");
	is_int(tr_num("HGET %s avg_processing_time", daily), 67, "today's mean time (50, 50, 100 ms)");
	ok(tr_num("ZSCORE ocr:task:leases a") == TR_NONE, "the lease is gone");
	s = next_message(sub);
	ok(strncmp(s, "ocr:notifications {\"", 20) == 0 && strstr(s, "\"type\":\"task_completed\"") != NULL &&
	    strstr(s, "\"task_id\":\"a\"") != NULL && strstr(s, "\"user_id\":\"alice\"") != NULL &&
	    strstr(s, "\"confidence\":0.93") != NULL && strstr(s, "\"word_count\":1") != NULL,
	    "task_completed on ocr:notifications");
	diag("%s", s);
	free(s);
	s = next_message(sub);
	ok(strncmp(s, "ocr:notifications:user:alice ", 29) == 0, "...on the user's channel");
	free(s);
	s = next_message(sub);
	ok(strncmp(s, "ocr:notifications:task:a ", 25) == 0, "...and on the task's channel");
	free(s);
	taskq_claimed_free(&t);

	/* The running mean stays right. */
	taskq_claim(&q, &t, &cause);
	taskq_complete(&q, &t, "{}", 300, 0.5, 0, &cause);
	taskq_claimed_free(&t);
	is_int(tr_num("HGET %s avg_processing_time", daily), 125, "the mean of 50, 50, 100 and 300 ms");
	is_int(tr_num("HGET %s processing_time_sum", daily), 500, "its sum is kept");
	is_int(tr_num("HGET %s processing_time_count", daily), 4, "and its count");
	for (s = NULL; s == NULL || strcmp(s, "(none)") != 0; ) {
		free(s);
		s = next_message(sub);
		if (strcmp(s, "(none)") == 0 || strcmp(s, "(odd)") == 0)
			break;
	}
	free(s);
	redisFree(sub);

	/* A late answer from a worker whose claim was recovered. */
	enqueue("late", "dave");
	taskq_claim(&q, &t, &cause);
	is_int(taskq_recover(&q, 10, 1, &st, &cause), 0, "forced recovery");
	is_int(st.requeued, 1, "the task was requeued");
	s = tr_get("HGET ocr:task:data:late status");
	is_str(s, "pending", "back to pending");
	free(s);
	s = tr_get("LINDEX ocr:task:queue -1");
	is_str(s, "late", "at the front: it runs next");
	free(s);
	before = tr_num("GET ocr:stats:tasks:completed");
	is_int(taskq_complete(&q, &t, "{}", 5, 1, 1, &cause), FINISH_LATE, "a late completion is refused");
	is_int(tr_num("GET ocr:stats:tasks:completed"), before, "...and counts nothing");
	s = tr_get("GET ocr:cache:result:late");
	is_str(s, "(nil)", "...and writes no result");
	free(s);
	is_int(taskq_extend(&q, &t, &cause), 0, "a lost claim cannot be extended");
	taskq_claimed_free(&t);

	/* Transient failure: retried until max attempts (2), then failed. */
	taskq_claim(&q, &t, &cause);
	is_str(t.id, "late", "claim again");
	is_int(t.attempts, 2, "the recovered attempt counted");
	taskq_claimed_free(&t);
	enqueue("flaky", "erin");
	tr_cmd("DEL ocr:task:queue");
	tr_cmd("LPUSH ocr:task:queue flaky");
	taskq_claim(&q, &t, &cause);
	is_int(taskq_fail(&q, &t, "timed out after 60 s", 0, &cause), FINISH_RETRY, "a transient failure retries");
	s = tr_get("HGET ocr:task:data:flaky status");
	is_str(s, "pending", "status back to pending");
	free(s);
	s = tr_get("HGET ocr:task:data:flaky error");
	is_str(s, "timed out after 60 s", "the error is recorded");
	free(s);
	ok(tr_num("HGET ocr:task:data:flaky failed_at") > 0, "with failed_at");
	is_int(tr_num("LLEN ocr:task:queue"), 1, "back in the queue");
	taskq_claimed_free(&t);
	taskq_claim(&q, &t, &cause);
	is_int(t.attempts, 2, "second attempt");
	before = tr_num("GET ocr:stats:tasks:failed");
	is_int(taskq_fail(&q, &t, "timed out again", 0, &cause), FINISH_OK, "at max attempts it fails for good");
	s = tr_get("HGET ocr:task:data:flaky status");
	is_str(s, "failed", "status=failed");
	free(s);
	ok(tr_num("ZSCORE ocr:task:failed flaky") > 0, "findable in ocr:task:failed");
	is_int(tr_num("GET ocr:stats:tasks:failed"), (before < 0 ? 0 : before) + 1, "the failed counter");
	is_int(tr_num("HGET %s tasks_failed", daily), 1, "today's tasks_failed");
	taskq_claimed_free(&t);

	/* A permanent failure fails at once. */
	enqueue("bad", "frank");
	taskq_claim(&q, &t, &cause);
	is_int(taskq_fail(&q, &t, "unreadable image", 1, &cause), FINISH_OK, "a permanent failure");
	s = tr_get("HGET ocr:task:data:bad status");
	is_str(s, "failed", "fails at the first attempt");
	free(s);
	taskq_claimed_free(&t);

	/* An id without data is set aside, not processed and not lost. */
	tr_cmd("LPUSH ocr:task:queue ghost");
	is_int(taskq_claim(&q, &t, &cause), CLAIM_ORPHAN, "an id without a hash is an orphan");
	is_str(t.note, "none", "...with no key at all");
	ok(tr_num("ZSCORE ocr:task:orphans ghost") > 0, "set aside in ocr:task:orphans");
	taskq_claimed_free(&t);
	tr_cmd("SET ocr:task:data:strange x");
	tr_cmd("LPUSH ocr:task:queue strange");
	is_int(taskq_claim(&q, &t, &cause), CLAIM_ORPHAN, "a key of the wrong type is an orphan too");
	is_str(t.note, "string", "...naming its type");
	taskq_claimed_free(&t);
	/* A completed task queued twice is dropped. */
	tr_cmd("LPUSH ocr:task:queue a");
	is_int(taskq_claim(&q, &t, &cause), CLAIM_SKIP, "a completed task queued again is skipped");
	taskq_claimed_free(&t);
	is_int(taskq_claim(&q, &t, &cause), CLAIM_EMPTY, "the queue is empty again");

	/* Release (graceful stop): back at the front, the attempt not counted. */
	enqueue("r1", "gina");
	enqueue("r2", "gina");
	taskq_claim(&q, &t, &cause);
	is_str(t.id, "r1", "claimed r1");
	is_int(taskq_release(&q, &t, &cause), FINISH_OK, "release");
	s = tr_get("LINDEX ocr:task:queue -1");
	is_str(s, "r1", "r1 runs next again");
	free(s);
	is_int(tr_num("HGET ocr:task:data:r1 attempts"), 0, "the attempt was given back");
	taskq_claimed_free(&t);

	/* Leases: extension and expiry. */
	q.lease_ms = 1;
	taskq_claim(&q, &t, &cause);
	usleep(20000);
	q.lease_ms = 60000;
	memset(&st, 0, sizeof st);
	is_int(taskq_recover(&q, 10, 0, &st, &cause), 0, "recovery pass");
	is_int(st.requeued, 1, "an expired lease is recovered");
	s = tr_get("HGET ocr:task:data:r1 error");
	ok(strstr(s, "lost (lease expired)") != NULL, "the reason is recorded: %s", s);
	free(s);
	taskq_claimed_free(&t);
	taskq_claim(&q, &t, &cause);
	is_int(taskq_extend(&q, &t, &cause), 1, "a live claim is extended");
	memset(&st, 0, sizeof st);
	taskq_recover(&q, 10, 0, &st, &cause);
	is_int(st.requeued + st.failed, 0, "a live lease is left alone");
	/* Its second worker dies too: at max attempts 2 it fails for good. */
	taskq_claimed_free(&t);
	is_int(tr_num("HGET ocr:task:data:r1 attempts"), 2, "r1 is on its second attempt");
	tr_cmd("ZADD ocr:task:leases 1 r1");
	memset(&st, 0, sizeof st);
	taskq_recover(&q, 10, 0, &st, &cause);
	is_int(st.failed, 1, "a task that keeps losing its worker fails for good");
	s = tr_get("HGET ocr:task:data:r1 error");
	ok(strstr(s, "worker lost 2 times") != NULL, "...saying why: %s", s);
	free(s);
	s = tr_get("HGET ocr:task:data:r1 status");
	is_str(s, "failed", "...with status failed");
	free(s);

	/* Prefetch: finishing a task claims the next in the same round trip. */
	tr_cmd("DEL ocr:task:queue ocr:task:priority ocr:task:leases ocr:task:claims");
	enqueue("p1", "hal");
	enqueue("p2", "hal");
	enqueue("p3", "hal");
	taskq_claim(&q, &t, &cause);
	is_str(t.id, "p1", "claimed p1");
	taskq_set_prefetch(&q, 1);
	is_int(taskq_complete(&q, &t, "{}", 5, 1, 1, &cause), FINISH_OK, "p1 completes");
	taskq_claimed_free(&t);
	s = tr_get("HGET ocr:task:data:p2 status");
	is_str(s, "processing", "p2 was claimed in the same round trip");
	free(s);
	is_int(taskq_claim(&q, &t, &cause), CLAIM_OK, "taskq_claim hands it over");
	is_str(t.id, "p2", "...p2, next in line");
	/* Another worker takes the candidate (p3) meanwhile: the claim sees the
	 * next head and the following claim takes it without a peek. */
	tr_cmd("RPOP ocr:task:queue");
	enqueue("p4", "hal");
	enqueue("p5", "hal");
	is_int(taskq_complete(&q, &t, "{}", 5, 1, 1, &cause), FINISH_OK, "p2 completes");
	taskq_claimed_free(&t);
	is_int(taskq_claim(&q, &t, &cause), CLAIM_OK, "a claim after the candidate went elsewhere");
	is_str(t.id, "p4", "...takes the new head, p4");
	/* Stopping with a task claimed ahead puts it back, attempt not counted. */
	taskq_complete(&q, &t, "{}", 5, 1, 1, &cause);
	taskq_claimed_free(&t);
	s = tr_get("HGET ocr:task:data:p5 status");
	is_str(s, "processing", "p5 was claimed ahead");
	free(s);
	taskq_end(&q);
	s = tr_get("HGET ocr:task:data:p5 status");
	is_str(s, "pending", "taskq_end puts it back");
	free(s);
	s = tr_get("LINDEX ocr:task:queue -1");
	is_str(s, "p5", "...at the front");
	free(s);
	is_int(tr_num("HGET ocr:task:data:p5 attempts"), 0, "...the attempt given back");
	is_int(tr_num("ZCARD ocr:task:leases"), 0, "...and nothing is leased");
	/* Without prefetch, finishing claims nothing. */
	taskq_set_prefetch(&q, 0);
	taskq_claim(&q, &t, &cause);
	taskq_complete(&q, &t, "{}", 5, 1, 1, &cause);
	taskq_claimed_free(&t);
	is_int(tr_num("ZCARD ocr:task:leases"), 0, "with prefetch off nothing is claimed ahead");
	taskq_end(&q);

	conn_free(&c);
	keys_free(&k);
	tr_close();
	return done_testing();
}
