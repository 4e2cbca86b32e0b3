/* The baseline for `ocrtop status`: the census done the way the seeds do
 * it (seed 000's scanIterator loops), in C so the comparison is about
 * round trips, not about node. SCAN with the default COUNT, then one round
 * trip per key: HGETALL per task hash, GET and a full JSON parse per
 * session; one connection.
 *
 * usage: baseline-walk SOCKET [NAMESPACE]
 * Prints one JSON line: tasks by status, valid sessions, distinct users,
 * and how many commands it sent. */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hiredis.h>
#include <jansson.h>

enum { ST_PENDING, ST_PROCESSING, ST_COMPLETED, ST_FAILED, ST_OTHER, ST_COUNT };

static const char *const status_names[ST_COUNT] = {
	"pending", "processing", "completed", "failed", "other"
};

struct walk {
	redisContext	*c;
	long long	 by_status[ST_COUNT];
	long long	 sessions;
	long long	 malformed;
	long long	 commands;
	json_t		*users;		/* user id -> true: a Set */
};

typedef void key_fn(struct walk *w, const char *key, size_t len);

static redisReply *command(struct walk *w, const char *fmt, ...);
static void scan_all(struct walk *w, const char *match, key_fn *fn);
static void count_task(struct walk *w, const char *key, size_t len);
static void count_session(struct walk *w, const char *key, size_t len);

static redisReply *
command(struct walk *w, const char *fmt, ...)
{
	redisReply *r;
	va_list ap;

	va_start(ap, fmt);
	r = redisvCommand(w->c, fmt, ap);
	va_end(ap);
	if (r == NULL) {
		fprintf(stderr, "baseline-walk: %s\n", w->c->errstr);
		exit(1);
	}
	w->commands++;
	return r;
}

/* for await (const key of redis.scanIterator({ MATCH })) fn(key) */
static void
scan_all(struct walk *w, const char *match, key_fn *fn)
{
	char *cursor = strdup("0");

	do {
		redisReply *r = command(w, "SCAN %s MATCH %s", cursor, match);
		size_t i;

		if (r->type != REDIS_REPLY_ARRAY || r->elements != 2) {
			fprintf(stderr, "baseline-walk: unexpected reply to SCAN\n");
			exit(1);
		}
		for (i = 0; i < r->element[1]->elements; i++) {
			redisReply *k = r->element[1]->element[i];

			fn(w, k->str, k->len);
		}
		free(cursor);
		cursor = strdup(r->element[0]->str);
		freeReplyObject(r);
	} while (strcmp(cursor, "0") != 0);
	free(cursor);
}

/* const task = await redis.hGetAll(key); count[task.status]++ */
static void
count_task(struct walk *w, const char *key, size_t len)
{
	redisReply *r = command(w, "HGETALL %b", key, len);
	int st = ST_OTHER, i;
	size_t j;

	if (r->type == REDIS_REPLY_ARRAY) {
		for (j = 0; j + 1 < r->elements; j += 2) {
			if (strcmp(r->element[j]->str, "status") != 0)
				continue;
			for (i = 0; i < ST_OTHER; i++)
				if (strcmp(r->element[j + 1]->str, status_names[i]) == 0)
					st = i;
		}
	}
	w->by_status[st]++;
	freeReplyObject(r);
}

/* const session = JSON.parse(await redis.get(key)); users.add(session.user_id) */
static void
count_session(struct walk *w, const char *key, size_t len)
{
	redisReply *r = command(w, "GET %b", key, len);
	json_t *s = NULL, *uid;
	json_error_t err;
	char num[32];
	const char *id = NULL;

	if (r->type == REDIS_REPLY_STRING)
		s = json_loadb(r->str, r->len, 0, &err);
	if (s != NULL && json_is_object(s)) {
		uid = json_object_get(s, "user_id");
		if (json_is_string(uid) && json_string_length(uid) > 0)
			id = json_string_value(uid);
		else if (json_is_integer(uid)) {
			snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(uid));
			id = num;
		}
	}
	if (id != NULL) {
		json_object_set_new_nocheck(w->users, id, json_true());
		w->sessions++;
	} else if (r->type != REDIS_REPLY_NIL)
		w->malformed++;
	json_decref(s);
	freeReplyObject(r);
}

int
main(int argc, char **argv)
{
	const char *ns = argc > 2 ? argv[2] : "ocr";
	char match[256];
	struct walk w;
	int i;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: baseline-walk SOCKET [NAMESPACE]\n");
		return 2;
	}
	memset(&w, 0, sizeof w);
	w.c = redisConnectUnix(argv[1]);
	if (w.c == NULL || w.c->err) {
		fprintf(stderr, "baseline-walk: %s: %s\n", argv[1], w.c != NULL ? w.c->errstr : "no memory");
		return 1;
	}
	w.users = json_object();
	snprintf(match, sizeof match, "%s:task:data:*", ns);
	scan_all(&w, match, count_task);
	snprintf(match, sizeof match, "%s:session:*", ns);
	scan_all(&w, match, count_session);

	printf("{\"tasks\":{");
	for (i = 0; i < ST_COUNT; i++)
		printf("%s\"%s\":%lld", i > 0 ? "," : "", status_names[i], w.by_status[i]);
	printf("},\"sessions\":%lld,\"users\":%zu,\"malformed\":%lld,\"commands\":%lld}\n",
	    w.sessions, json_object_size(w.users), w.malformed, w.commands);
	json_decref(w.users);
	redisFree(w.c);
	return fflush(stdout) != 0;
}
