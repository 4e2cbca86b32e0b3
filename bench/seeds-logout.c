/* Seed 000's "logout from all devices" in C with hiredis and jansson, for
 * bench-logout.sh, and the census that checks every run. The loop sends
 * the same commands as bench/seeds-logout.js (node-redis), one round trip
 * each, so that the comparison with `ocrtop logout-all` exists without
 * node and is about round trips rather than about node:
 *
 *   for await (const key of redis.scanIterator({ MATCH: 'ocr:session:*' })) {
 *       const session = JSON.parse(await redis.get(key));
 *       if (session.user_id === userId) await redis.del(key);
 *   }
 *
 * usage: seeds-logout loop [-c COUNT] SOCKET USER_ID
 *            SCAN .. MATCH ocr:session:* COUNT COUNT (100; 0 sends no
 *            COUNT, as seed 000's code does: the server's default, 10),
 *            GET, parse, DEL; prints "result scanned=.. deleted=..
 *            commands=..".
 *        seeds-logout census [-l] [-u USER_ID] [-s FILE] SOCKET
 *            SCAN COUNT 1000 + one MGET per batch, every value parsed:
 *            prints "sessions=N user=M" (N: keys holding a string, M:
 *            USER_ID's sessions); -l prints
 *            each session's user_id on a line instead; -s writes to FILE,
 *            as Redis protocol for `redis-cli --pipe`, the SET .. PX that
 *            recreate USER_ID's sessions. */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hiredis.h>
#include <jansson.h>

#define MATCH	"ocr:session:*"

struct census {
	redisContext	*c;
	const char	*user;		/* -u, or NULL */
	FILE		*save;		/* -s, or NULL */
	int		 list;		/* -l */
	long long	 sessions;
	long long	 matched;
};

static redisReply *command(redisContext *c, const char *fmt, ...);
static int user_is(const char *v, size_t len, const char *user, const char **uid, json_t **owner);
static void resp_arg(FILE *f, const char *s, size_t len);
static void save_batch(struct census *w, redisReply *keys, redisReply *vals, const size_t *idx, size_t n);
static int loop_main(int argc, char **argv);
static int census_main(int argc, char **argv);
static redisContext *connect_unix(const char *path);
static void usage(void) __attribute__((noreturn));

/* One command, one round trip; dies on an I/O error or an error reply. */
static redisReply *
command(redisContext *c, const char *fmt, ...)
{
	redisReply *r;
	va_list ap;

	va_start(ap, fmt);
	r = redisvCommand(c, fmt, ap);
	va_end(ap);
	if (r == NULL || r->type == REDIS_REPLY_ERROR) {
		fprintf(stderr, "seeds-logout: %s\n", r == NULL ? c->errstr : r->str);
		exit(1);
	}
	return r;
}

/* JSON.parse(v).user_id === user; *uid gets the user id (owned by *owner,
 * which the caller frees), or NULL. */
static int
user_is(const char *v, size_t len, const char *user, const char **uid, json_t **owner)
{
	json_error_t err;
	json_t *s = json_loadb(v, len, 0, &err), *id;

	*owner = s;
	*uid = NULL;
	if (s == NULL || !json_is_object(s))
		return 0;
	id = json_object_get(s, "user_id");
	if (!json_is_string(id))
		return 0;
	*uid = json_string_value(id);
	return user != NULL && strcmp(*uid, user) == 0;
}

static int
loop_main(int argc, char **argv)
{
	redisContext *c;
	char *cursor = strdup("0");
	long long scanned = 0, deleted = 0, commands = 0;
	int count = 100, ch;

	while ((ch = getopt(argc, argv, "c:")) != -1) {
		if (ch != 'c')
			usage();
		count = atoi(optarg);
	}
	if (argc - optind != 2 || count < 0)
		usage();
	c = connect_unix(argv[optind]);
	do {
		redisReply *r = count > 0 ? command(c, "SCAN %s MATCH %s COUNT %d", cursor, MATCH, count) :
		    command(c, "SCAN %s MATCH %s", cursor, MATCH);
		size_t i;

		commands++;
		if (r->type != REDIS_REPLY_ARRAY || r->elements != 2) {
			fprintf(stderr, "seeds-logout: unexpected reply to SCAN\n");
			return 1;
		}
		for (i = 0; i < r->element[1]->elements; i++) {
			redisReply *k = r->element[1]->element[i], *v = command(c, "GET %b", k->str, k->len);
			const char *uid;
			json_t *s = NULL;

			commands++;
			scanned++;
			if (v->type == REDIS_REPLY_STRING &&
			    user_is(v->str, v->len, argv[optind + 1], &uid, &s)) {
				freeReplyObject(command(c, "DEL %b", k->str, k->len));
				commands++;
				deleted++;
			}
			json_decref(s);
			freeReplyObject(v);
		}
		free(cursor);
		cursor = strdup(r->element[0]->str);
		freeReplyObject(r);
	} while (strcmp(cursor, "0") != 0);
	free(cursor);
	redisFree(c);
	printf("result scanned=%lld deleted=%lld commands=%lld\n", scanned, deleted, commands);
	return fflush(stdout) != 0;
}

/* One RESP bulk string. */
static void
resp_arg(FILE *f, const char *s, size_t len)
{
	fprintf(f, "$%zu\r\n", len);
	fwrite(s, 1, len, f);
	fputs("\r\n", f);
}

/* SET key value [PX ms] for the n keys at idx, their TTLs read in one
 * pipelined round trip. */
static void
save_batch(struct census *w, redisReply *keys, redisReply *vals, const size_t *idx, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		redisAppendCommand(w->c, "PTTL %b", keys->element[idx[i]]->str, keys->element[idx[i]]->len);
	for (i = 0; i < n; i++) {
		const redisReply *k = keys->element[idx[i]], *v = vals->element[idx[i]];
		redisReply *t;
		char ms[24];

		if (redisGetReply(w->c, (void **)&t) != REDIS_OK || t->type != REDIS_REPLY_INTEGER) {
			fprintf(stderr, "seeds-logout: PTTL failed\n");
			exit(1);
		}
		snprintf(ms, sizeof ms, "%lld", t->integer);
		fprintf(w->save, "*%d\r\n", t->integer > 0 ? 5 : 3);
		resp_arg(w->save, "SET", 3);
		resp_arg(w->save, k->str, k->len);
		resp_arg(w->save, v->str, v->len);
		if (t->integer > 0) {
			resp_arg(w->save, "PX", 2);
			resp_arg(w->save, ms, strlen(ms));
		}
		freeReplyObject(t);
	}
}

static int
census_main(int argc, char **argv)
{
	struct census w;
	const char *save = NULL;
	char *cursor = strdup("0");
	int ch;

	memset(&w, 0, sizeof w);
	while ((ch = getopt(argc, argv, "lu:s:")) != -1) {
		switch (ch) {
		case 'l':
			w.list = 1;
			break;
		case 'u':
			w.user = optarg;
			break;
		case 's':
			save = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1 || (save != NULL && w.user == NULL))
		usage();
	if (save != NULL && (w.save = fopen(save, "w")) == NULL) {
		perror(save);
		return 1;
	}
	w.c = connect_unix(argv[optind]);
	do {
		redisReply *r = command(w.c, "SCAN %s MATCH %s COUNT 1000", cursor, MATCH), *keys, *vals;
		size_t i, n = 0, *idx;

		keys = r->element[1];
		idx = calloc(keys->elements + 1, sizeof *idx);
		if (keys->elements > 0) {
			const char **av = calloc(keys->elements + 1, sizeof *av);
			size_t *al = calloc(keys->elements + 1, sizeof *al);

			av[0] = "MGET";
			al[0] = 4;
			for (i = 0; i < keys->elements; i++) {
				av[i + 1] = keys->element[i]->str;
				al[i + 1] = keys->element[i]->len;
			}
			vals = redisCommandArgv(w.c, (int)keys->elements + 1, av, al);
			free(av);
			free(al);
			if (vals == NULL || vals->type != REDIS_REPLY_ARRAY) {
				fprintf(stderr, "seeds-logout: MGET failed\n");
				return 1;
			}
			for (i = 0; i < vals->elements; i++) {
				const redisReply *v = vals->element[i];
				const char *uid;
				json_t *s;

				if (v->type != REDIS_REPLY_STRING)
					continue;
				w.sessions++;
				if (user_is(v->str, v->len, w.user, &uid, &s))
					idx[n++] = i;
				if (w.list && uid != NULL)
					printf("%s\n", uid);
				json_decref(s);
			}
			w.matched += (long long)n;
			if (w.save != NULL && n > 0)
				save_batch(&w, keys, vals, idx, n);
			freeReplyObject(vals);
		}
		free(idx);
		free(cursor);
		cursor = strdup(r->element[0]->str);
		freeReplyObject(r);
	} while (strcmp(cursor, "0") != 0);
	free(cursor);
	redisFree(w.c);
	if (w.save != NULL && fclose(w.save) != 0) {
		perror(save);
		return 1;
	}
	if (!w.list)
		printf("sessions=%lld user=%lld\n", w.sessions, w.matched);
	return fflush(stdout) != 0;
}

static redisContext *
connect_unix(const char *path)
{
	redisContext *c = redisConnectUnix(path);

	if (c == NULL || c->err) {
		fprintf(stderr, "seeds-logout: %s: %s\n", path, c != NULL ? c->errstr : "no memory");
		exit(1);
	}
	return c;
}

static void
usage(void)
{
	fprintf(stderr, "usage: seeds-logout loop [-c COUNT] SOCKET USER_ID\n"
	    "       seeds-logout census [-l] [-u USER_ID] [-s FILE] SOCKET\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (strcmp(argv[1], "loop") == 0)
		return loop_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "census") == 0)
		return census_main(argc - 1, argv + 1);
	usage();
}
