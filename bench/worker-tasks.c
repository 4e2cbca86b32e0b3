/* Tasks for bench-worker.sh: enqueues them the way the platform's backend
 * does, and reads back the end state a worker left, so that ocrtop and the
 * seeds' loops can be checked against each other.
 *
 * usage: worker-tasks gen N FILE_ID...
 *            prints, for redis-cli --pipe, N tasks as seed 000's backend
 *            writes them: MULTI, LPUSH ocr:task:queue id, HSET
 *            ocr:task:data:{id} user_id file_id status=pending priority=5
 *            created_at (ms), INCR ocr:stats:tasks:total, EXEC (5 replies
 *            per task). Task i gets FILE_ID number i modulo their count.
 *        worker-tasks check SOCKET N
 *            prints two lines about the N tasks gen made:
 *            "state ..." (the same for every correct worker: statuses,
 *            fields, TTLs, counters, daily stats, queues) and
 *            "span first_ms=.. last_ms=.. span_ms=.. first_words=..
 *            ocr_ms_sum=.. ocr_ms_count=..": first started_at to last
 *            completed_at, from the task hashes; the word count in the
 *            first task's result; ocrtop's processing time totals from the
 *            daily stats (0 for the seeds' loops, which keep none).
 *        worker-tasks now
 *            prints the time of day in milliseconds (the clock of
 *            started_at and completed_at), to tell start-up and exit
 *            from the span.
 * Task ids are fixed (uuid-shaped, from the index), so check needs no
 * SCAN over the tasks; only the daily stats are found by SCAN. */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hiredis/hiredis.h>

#define BATCH	1000	/* tasks per pipeline in check */

static void task_id(long i, char *out, size_t size);
static void resp(int argc, const char **argv);
static int gen(long n, int nfiles, char **files);
static redisReply *cmd(redisContext *c, const char *fmt, ...);
static long long get_ll(redisContext *c, const char *fmt, const char *arg);
static long long daily_sum(redisContext *c, const char *field);
static long first_words(redisContext *c);
static int check(const char *sock, long n);
static long long wall_ms(void);
static void usage(void) __attribute__((noreturn));

static long long
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
task_id(long i, char *out, size_t size)
{
	snprintf(out, size, "%08lx-be0c-4a5e-9d1f-%012lx", (unsigned long)i * 2654435761UL % 0xffffffffUL,
	    (unsigned long)i);
}

/* One command in the Redis protocol. */
static void
resp(int argc, const char **argv)
{
	int i;

	printf("*%d\r\n", argc);
	for (i = 0; i < argc; i++)
		printf("$%zu\r\n%s\r\n", strlen(argv[i]), argv[i]);
}

static int
gen(long n, int nfiles, char **files)
{
	char id[64], key[128], user[32], created[32];
	const char *multi[1] = { "MULTI" }, *exec[1] = { "EXEC" };
	const char *incr[2] = { "INCR", "ocr:stats:tasks:total" };
	long i;

	snprintf(created, sizeof created, "%lld", wall_ms());
	for (i = 0; i < n; i++) {
		const char *lpush[3] = { "LPUSH", "ocr:task:queue", id };
		const char *hset[12] = { "HSET", key, "user_id", user, "file_id", files[i % nfiles],
		    "status", "pending", "priority", "5", "created_at", created };

		task_id(i, id, sizeof id);
		snprintf(key, sizeof key, "ocr:task:data:%s", id);
		snprintf(user, sizeof user, "user-%03ld", i % 50);
		resp(1, multi);
		resp(3, lpush);
		resp(12, hset);
		resp(2, incr);
		resp(1, exec);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

static redisReply *
cmd(redisContext *c, const char *fmt, ...)
{
	va_list ap;
	redisReply *r;

	va_start(ap, fmt);
	r = redisvCommand(c, fmt, ap);
	va_end(ap);
	if (r == NULL) {
		fprintf(stderr, "worker-tasks: %s\n", c->errstr);
		exit(1);
	}
	return r;
}

/* An integer reply, or a string holding one; -1 when absent. */
static long long
get_ll(redisContext *c, const char *fmt, const char *arg)
{
	redisReply *r = cmd(c, fmt, arg);
	long long v = -1;

	if (r->type == REDIS_REPLY_INTEGER)
		v = r->integer;
	else if (r->type == REDIS_REPLY_STRING)
		v = strtoll(r->str, NULL, 10);
	freeReplyObject(r);
	return v;
}

/* A field summed over every daily stats hash. */
static long long
daily_sum(redisContext *c, const char *field)
{
	char cursor[32] = "0";
	long long sum = 0, v;
	size_t i;

	do {
		redisReply *r = cmd(c, "SCAN %s MATCH ocr:stats:daily:* COUNT 1000", cursor);
		redisReply *h;

		if (r->type != REDIS_REPLY_ARRAY || r->elements != 2) {
			fprintf(stderr, "worker-tasks: unexpected SCAN reply\n");
			exit(1);
		}
		snprintf(cursor, sizeof cursor, "%s", r->element[0]->str);
		for (i = 0; i < r->element[1]->elements; i++) {
			h = cmd(c, "HGET %s %s", r->element[1]->element[i]->str, field);
			v = h->type == REDIS_REPLY_STRING ? strtoll(h->str, NULL, 10) : 0;
			if (v > 0)
				sum += v;
			freeReplyObject(h);
		}
		freeReplyObject(r);
	} while (strcmp(cursor, "0") != 0);
	return sum;
}

/* The word count in the first task's result, -1 without one. */
static long
first_words(redisContext *c)
{
	redisReply *r;
	const char *w;
	char id[64];
	long n = -1;

	task_id(0, id, sizeof id);
	r = cmd(c, "GET ocr:cache:result:%s", id);
	if (r->type == REDIS_REPLY_STRING && (w = strstr(r->str, "\"word_count\":")) != NULL)
		n = atol(w + 13);
	freeReplyObject(r);
	return n;
}

static int
check(const char *sock, long n)
{
	redisContext *c = redisConnectUnix(sock);
	long completed = 0, other = 0, attempts1 = 0, workers = 0, stamped = 0, results = 0, ttls = 0;
	long long first = -1, last = -1;
	char id[64];
	long i, j, end;

	if (c == NULL || c->err) {
		fprintf(stderr, "worker-tasks: cannot connect to %s\n", sock);
		return 1;
	}
	for (i = 0; i < n; i = end) {
		end = i + BATCH < n ? i + BATCH : n;
		for (j = i; j < end; j++) {
			task_id(j, id, sizeof id);
			redisAppendCommand(c, "HMGET ocr:task:data:%s status attempts worker_id started_at completed_at",
			    id);
			redisAppendCommand(c, "TTL ocr:task:data:%s", id);
			redisAppendCommand(c, "TTL ocr:cache:result:%s", id);
		}
		for (j = i; j < end; j++) {
			redisReply *h, *tt, *rt;
			long long started, done;

			if (redisGetReply(c, (void **)&h) != REDIS_OK || redisGetReply(c, (void **)&tt) != REDIS_OK ||
			    redisGetReply(c, (void **)&rt) != REDIS_OK) {
				fprintf(stderr, "worker-tasks: %s\n", c->errstr);
				return 1;
			}
			if (h->type != REDIS_REPLY_ARRAY || h->elements != 5) {
				fprintf(stderr, "worker-tasks: unexpected HMGET reply\n");
				return 1;
			}
			if (h->element[0]->type == REDIS_REPLY_STRING && strcmp(h->element[0]->str, "completed") == 0)
				completed++;
			else
				other++;
			if (h->element[1]->type == REDIS_REPLY_STRING && strcmp(h->element[1]->str, "1") == 0)
				attempts1++;
			if (h->element[2]->type == REDIS_REPLY_STRING && h->element[2]->len > 0)
				workers++;
			if (h->element[3]->type == REDIS_REPLY_STRING && h->element[4]->type == REDIS_REPLY_STRING) {
				started = strtoll(h->element[3]->str, NULL, 10);
				done = strtoll(h->element[4]->str, NULL, 10);
				if (started > 0 && done >= started) {
					stamped++;
					if (first < 0 || started < first)
						first = started;
					if (done > last)
						last = done;
				}
			}
			if (tt->type == REDIS_REPLY_INTEGER && tt->integer > 0 && tt->integer <= 86400)
				ttls++;
			if (rt->type == REDIS_REPLY_INTEGER && rt->integer > 0 && rt->integer <= 3600)
				results++;
			freeReplyObject(h);
			freeReplyObject(tt);
			freeReplyObject(rt);
		}
	}
	printf("state tasks=%ld completed=%ld other=%ld attempts_1=%ld worker_id=%ld timed=%ld "
	    "task_ttl=%ld results=%ld total=%lld counted_completed=%lld counted_failed=%lld "
	    "daily_completed=%lld queued=%lld prioritised=%lld leased=%lld\n",
	    n, completed, other, attempts1, workers, stamped, ttls, results,
	    get_ll(c, "GET %s", "ocr:stats:tasks:total"), get_ll(c, "GET %s", "ocr:stats:tasks:completed"),
	    get_ll(c, "GET %s", "ocr:stats:tasks:failed"), daily_sum(c, "tasks_completed"),
	    get_ll(c, "LLEN %s", "ocr:task:queue"), get_ll(c, "ZCARD %s", "ocr:task:priority"),
	    get_ll(c, "ZCARD %s", "ocr:task:leases"));
	printf("span first_ms=%lld last_ms=%lld span_ms=%lld first_words=%ld ocr_ms_sum=%lld ocr_ms_count=%lld\n",
	    first, last, last - first, first_words(c), daily_sum(c, "processing_time_sum"),
	    daily_sum(c, "processing_time_count"));
	redisFree(c);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: worker-tasks gen N FILE_ID...\n       worker-tasks check SOCKET N\n"
	    "       worker-tasks now\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	long n;

	if (argc >= 4 && strcmp(argv[1], "gen") == 0) {
		if ((n = atol(argv[2])) < 1)
			usage();
		return gen(n, argc - 3, argv + 3);
	}
	if (argc == 2 && strcmp(argv[1], "now") == 0) {
		printf("%lld\n", wall_ms());
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "check") == 0) {
		if ((n = atol(argv[3])) < 1)
			usage();
		return check(argv[2], n);
	}
	usage();
}
