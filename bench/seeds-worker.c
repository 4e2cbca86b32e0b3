/* Seed 000's worker loop in C with hiredis, for bench-worker.sh: the same
 * commands as bench/seeds-worker.js, one round trip each, so that the
 * comparison with ocrtop's worker exists without node and is about round
 * trips rather than about node. Per task:
 *
 *   BRPOP ocr:task:queue                       take the next id
 *   HGETALL ocr:task:data:{id}                 user_id, file_id (a worker
 *                                              needs the file and the user)
 *   HSET .. status processing worker_id W started_at NOW
 *   HINCRBY .. attempts 1
 *   (OCR: stubbed, a fixed two-word result)
 *   SET ocr:cache:result:{id} JSON EX 3600
 *   HSET .. status completed completed_at NOW
 *   INCR ocr:stats:tasks:completed
 *   HINCRBY ocr:stats:daily:{UTC date} tasks_completed 1
 *   PUBLISH ocr:notifications, :user:{user}, :task:{id} (the same JSON)
 *   EXPIRE ocr:task:data:{id} 86400
 *
 * Each thread has its own connection and leaves when BRPOP has waited
 * 0.1 s for nothing (the seeds wait 5 s; that tail is not the point).
 *
 * usage: seeds-worker [-t threads] SOCKET
 * Prints "result threads=.. done=.. wall_ms=..". */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hiredis/hiredis.h>

#define STUB_TEXT	"stub result"
#define MAX_THREADS	64

struct loop {
	const char	*sock;
	int		 index;
	long		 done;
	int		 failed;
};

static long long wall_ms(void);
static double mono_ms(void);
static void daily_key(char *out, size_t size);
static int run(redisContext *c, struct loop *l, const char *fmt, ...);
static int process(redisContext *c, struct loop *l, const char *id, const char *key, const char *user,
    const char *worker, const char *daily);
static void *loop_main(void *arg);
static void usage(void) __attribute__((noreturn));

static long long
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ocr:stats:daily:YYYY-MM-DD, the date in UTC as toISOString() gives it. */
static void
daily_key(char *out, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, size, "ocr:stats:daily:%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* One command, one round trip; the reply is not needed. */
static int
run(redisContext *c, struct loop *l, const char *fmt, ...)
{
	va_list ap;
	redisReply *r;

	va_start(ap, fmt);
	r = redisvCommand(c, fmt, ap);
	va_end(ap);
	if (r == NULL || r->type == REDIS_REPLY_ERROR) {
		fprintf(stderr, "seeds-worker: %s\n", r == NULL ? c->errstr : r->str);
		l->failed = 1;
		freeReplyObject(r);
		return -1;
	}
	freeReplyObject(r);
	return 0;
}

/* Everything after the pop: one awaited command at a time. */
static int
process(redisContext *c, struct loop *l, const char *id, const char *key, const char *user,
    const char *worker, const char *daily)
{
	char result[512], msg[1024];

	if (run(c, l, "HSET %s status processing worker_id %s started_at %lld", key, worker, wall_ms()) < 0 ||
	    run(c, l, "HINCRBY %s attempts 1", key) < 0)
		return -1;
	/* The OCR step, stubbed: a fixed result. */
	snprintf(result, sizeof result, "{\"text\":\"%s\",\"confidence\":0.95,\"word_count\":2,"
	    "\"processing_ms\":0,\"worker_id\":\"%s\"}", STUB_TEXT, worker);
	if (run(c, l, "SET ocr:cache:result:%s %s EX 3600", id, result) < 0 ||
	    run(c, l, "HSET %s status completed completed_at %lld", key, wall_ms()) < 0 ||
	    run(c, l, "INCR ocr:stats:tasks:completed") < 0 ||
	    run(c, l, "HINCRBY %s tasks_completed 1", daily) < 0)
		return -1;
	snprintf(msg, sizeof msg, "{\"type\":\"task_completed\",\"task_id\":\"%s\",\"user_id\":\"%s\","
	    "\"status\":\"completed\",\"result\":{\"confidence\":0.95,\"word_count\":2},\"timestamp\":%lld}",
	    id, user, wall_ms() / 1000);
	if (run(c, l, "PUBLISH ocr:notifications %s", msg) < 0 ||
	    run(c, l, "PUBLISH ocr:notifications:user:%s %s", user, msg) < 0 ||
	    run(c, l, "PUBLISH ocr:notifications:task:%s %s", id, msg) < 0 ||
	    run(c, l, "EXPIRE %s 86400", key) < 0)
		return -1;
	return 0;
}

static void *
loop_main(void *arg)
{
	struct loop *l = arg;
	redisContext *c = redisConnectUnix(l->sock);
	char worker[32], key[512], daily[64];

	if (c == NULL || c->err) {
		fprintf(stderr, "seeds-worker: cannot connect to %s\n", l->sock);
		l->failed = 1;
		return NULL;
	}
	snprintf(worker, sizeof worker, "seeds-worker-%d", l->index);
	for (;;) {
		redisReply *pop, *task;
		const char *id, *user = "";
		size_t i;

		if ((pop = redisCommand(c, "BRPOP ocr:task:queue 0.1")) == NULL) {
			fprintf(stderr, "seeds-worker: %s\n", c->errstr);
			l->failed = 1;
			break;
		}
		if (pop->type != REDIS_REPLY_ARRAY || pop->elements != 2) {
			freeReplyObject(pop);
			break;
		}
		id = pop->element[1]->str;
		snprintf(key, sizeof key, "ocr:task:data:%s", id);
		if ((task = redisCommand(c, "HGETALL %s", key)) == NULL) {
			fprintf(stderr, "seeds-worker: %s\n", c->errstr);
			l->failed = 1;
			freeReplyObject(pop);
			break;
		}
		for (i = 0; task->type == REDIS_REPLY_ARRAY && i + 1 < task->elements; i += 2)
			if (strcmp(task->element[i]->str, "user_id") == 0)
				user = task->element[i + 1]->str;
		daily_key(daily, sizeof daily);
		if (process(c, l, id, key, user, worker, daily) < 0) {
			freeReplyObject(task);
			freeReplyObject(pop);
			break;
		}
		l->done++;
		freeReplyObject(task);
		freeReplyObject(pop);
	}
	redisFree(c);
	return NULL;
}

static void
usage(void)
{
	fprintf(stderr, "usage: seeds-worker [-t threads] SOCKET\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct loop loops[MAX_THREADS];
	pthread_t threads[MAX_THREADS];
	long done = 0;
	double t0;
	int c, i, n = 1, failed = 0;

	while ((c = getopt(argc, argv, "t:")) != -1) {
		switch (c) {
		case 't':
			n = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1 || n < 1 || n > MAX_THREADS)
		usage();
	t0 = mono_ms();
	for (i = 0; i < n; i++) {
		memset(&loops[i], 0, sizeof loops[i]);
		loops[i].sock = argv[optind];
		loops[i].index = i;
		if (pthread_create(&threads[i], NULL, loop_main, &loops[i]) != 0) {
			fprintf(stderr, "seeds-worker: pthread_create failed\n");
			return 1;
		}
	}
	for (i = 0; i < n; i++) {
		pthread_join(threads[i], NULL);
		done += loops[i].done;
		failed |= loops[i].failed;
	}
	printf("result threads=%d done=%ld wall_ms=%.1f\n", n, done, mono_ms() - t0);
	return failed;
}
