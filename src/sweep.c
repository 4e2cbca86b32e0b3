/* Bulk session deletion. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "json-out.h"
#include "scanwalk.h"
#include "sweep.h"
#include "timefmt.h"
#include "xmalloc.h"

enum mode { MODE_LOGOUT, MODE_PURGE, MODE_COUNT_IDLE };

static int sweep(struct conn *c, const struct keys *k, struct scripts *sc, const struct sweep_opts *o,
    enum mode mode, struct sweep_result *res, char **cause);
static int judge(const struct sweep_opts *o, enum mode mode, const char *v, size_t len, int64_t now,
    struct buf *user, struct buf *tmp);
static void tally(struct sweep_result *res, const char *u, size_t len);

/* Whether the scanner thinks a value is to be deleted; the user id goes
 * to *user (tmp is scratch, reused from value to value). */
static int
judge(const struct sweep_opts *o, enum mode mode, const char *v, size_t len, int64_t now, struct buf *user,
    struct buf *tmp)
{
	struct session_fields sf;

	if (session_scan(v, len, &sf) != SESSION_VALID)
		return 0;	/* never delete what is not a session */
	buf_clear(user);
	session_user_id(&sf, user);
	if (mode == MODE_LOGOUT) {
		buf_clear(tmp);
		session_span_text(&sf.f[o->field], tmp);
		return tmp->len == o->value_len && memcmp(buf_str(tmp), o->value, tmp->len) == 0;
	}
	return session_time_ms(&sf.f[SF_LAST_ACTIVITY]) > 0 &&
	    now - session_time_ms(&sf.f[SF_LAST_ACTIVITY]) > o->idle_ms;
}

/* One more session of user u deleted (the first SWEEP_USERS_MAX users). */
static void
tally(struct sweep_result *res, const char *u, size_t len)
{
	size_t i;

	for (i = 0; i < res->nusers; i++) {
		if (res->users[i].len == len && memcmp(res->users[i].id, u, len) == 0) {
			res->users[i].deleted++;
			return;
		}
	}
	if (res->nusers == SWEEP_USERS_MAX)
		return;
	res->users = xreallocarray(res->users, res->nusers + 1, sizeof *res->users);
	res->users[res->nusers].id = xstrndup(u, len);
	res->users[res->nusers].len = len;
	res->users[res->nusers++].deleted = 1;
}

static int
sweep(struct conn *c, const struct keys *k, struct scripts *sc, const struct sweep_opts *o,
    enum mode mode, struct sweep_result *res, char **cause)
{
	struct scanwalk w;
	struct buf user = BUF_INIT, tmp = BUF_INIT, cusers = BUF_INIT;
	redisReply *scan = NULL, *next = NULL;
	const char **argv = NULL, **cand = NULL, **cargs = NULL;
	size_t *lens = NULL, *clens = NULL, *calens = NULL, *cuoff = NULL, *culen = NULL, cap = 0;
	int rc = -1;

	memset(res, 0, sizeof *res);
	scanwalk_init_prefix(&w, k->session_prefix, o->scan_count > 0 ? o->scan_count : 1000);
	if ((scan = scanwalk_next(&w, c, cause)) == NULL)
		goto out;
	for (;;) {
		redisReply *keys = scan->element[1], *vals = NULL;
		size_t i, nc = 0;
		int ahead = strcmp(scan->element[0]->str, "0") != 0;
		int64_t now = now_ms();

		if (keys->elements + 1 > cap) {
			cap = keys->elements + 1;
			argv = xreallocarray(argv, cap, sizeof *argv);
			lens = xreallocarray(lens, cap, sizeof *lens);
			cand = xreallocarray(cand, cap, sizeof *cand);
			clens = xreallocarray(clens, cap, sizeof *clens);
			cargs = xreallocarray(cargs, cap, sizeof *cargs);
			calens = xreallocarray(calens, cap, sizeof *calens);
			cuoff = xreallocarray(cuoff, cap, sizeof *cuoff);
			culen = xreallocarray(culen, cap, sizeof *culen);
		}
		buf_clear(&cusers);
		/* MGET this batch, with the next SCAN behind it. */
		if (keys->elements > 0) {
			argv[0] = "MGET";
			lens[0] = 4;
			for (i = 0; i < keys->elements; i++) {
				argv[1 + i] = keys->element[i]->str;
				lens[1 + i] = keys->element[i]->len;
			}
			conn_append(c, (int)keys->elements + 1, argv, lens);
		}
		if (ahead)
			scanwalk_send_after(&w, c, scan);
		if (keys->elements > 0 && (vals = conn_read(c, cause)) == NULL)
			goto out;
		if (ahead && (next = scanwalk_recv(&w, c, cause)) == NULL) {
			freeReplyObject(vals);
			goto out;
		}
		for (i = 0; vals != NULL && vals->type == REDIS_REPLY_ARRAY && i < vals->elements; i++) {
			const redisReply *v = vals->element[i];

			if (v->type != REDIS_REPLY_STRING)
				continue;
			res->scanned++;
			if (!judge(o, mode, v->str, v->len, now, &user, &tmp))
				continue;
			cand[nc] = keys->element[i]->str;
			clens[nc] = keys->element[i]->len;
			cargs[nc] = v->str;
			calens[nc] = v->len;
			cuoff[nc] = cusers.len;
			culen[nc] = user.len;
			buf_add(&cusers, buf_str(&user), user.len);
			nc++;
		}
		res->candidates += (long long)nc;
		if (nc > 0 && mode != MODE_COUNT_IDLE) {
			const char *largs[2] = { mode == MODE_LOGOUT ? (o->field == SF_EMAIL ? "email" : "user_id") : "",
			    o->value };
			size_t lalens[2] = { strlen(largs[0]), o->value_len };
			redisReply *r;

			if (mode == MODE_LOGOUT)
				r = scripts_call(sc, c, SCRIPT_LOGOUT, (int)nc, cand, clens, 2, largs, lalens, cause);
			else
				r = scripts_call(sc, c, SCRIPT_PURGE_IDLE, (int)nc, cand, clens, (int)nc, cargs, calens,
				    cause);
			if (r == NULL) {
				freeReplyObject(vals);
				goto out;
			}
			if (r->type == REDIS_REPLY_INTEGER)
				res->deleted += r->integer;
			/* logout: one flag per candidate, to count each user's. */
			for (i = 0; r->type == REDIS_REPLY_STRING && i < r->len && i < nc; i++) {
				if (r->str[i] != '1')
					continue;
				res->deleted++;
				tally(res, cusers.data + cuoff[i], culen[i]);
			}
			freeReplyObject(r);
		}
		freeReplyObject(vals);
		scanwalk_advance(&w, scan);
		freeReplyObject(scan);
		scan = next;
		next = NULL;
		if (o->progress != NULL)
			o->progress(o->progress_arg, res->scanned, res->deleted);
		if (scan == NULL)
			break;
		if (o->cancel != NULL && atomic_load(o->cancel)) {
			res->interrupted = 1;
			break;
		}
	}
	rc = 0;
out:
	if (rc < 0 && next == NULL && scan != NULL && strcmp(scan->element[0]->str, "0") != 0)
		conn_disconnect(c);	/* a queued SCAN reply may be unread */
	freeReplyObject(scan);
	freeReplyObject(next);
	free(argv);
	free(lens);
	free(cand);
	free(clens);
	free(cargs);
	free(calens);
	free(cuoff);
	free(culen);
	buf_free(&user);
	buf_free(&tmp);
	buf_free(&cusers);
	scanwalk_free(&w);
	return rc;
}

int
sweep_logout(struct conn *c, const struct keys *k, struct scripts *sc, const struct sweep_opts *o,
    struct sweep_result *res, char **cause)
{
	return sweep(c, k, sc, o, MODE_LOGOUT, res, cause);
}

int
sweep_purge_idle(struct conn *c, const struct keys *k, struct scripts *sc, const struct sweep_opts *o,
    struct sweep_result *res, char **cause)
{
	return sweep(c, k, sc, o, MODE_PURGE, res, cause);
}

int
sweep_count_idle(struct conn *c, const struct keys *k, const struct sweep_opts *o, struct sweep_result *res,
    char **cause)
{
	return sweep(c, k, NULL, o, MODE_COUNT_IDLE, res, cause);
}

void
sweep_publish_revoked(struct conn *c, const struct keys *k, const struct sweep_result *res)
{
	size_t i;

	for (i = 0; i < res->nusers; i++) {
		const struct sweep_user *u = &res->users[i];
		char *prefix = xasprintf("%s:user:", k->channel), *chan = keys_join(prefix, u->id, u->len), *msg;
		char *cause = NULL;
		json_t *o = json_pack("{s:s, s:o, s:I, s:I}", "type", "sessions_revoked", "user_id",
		    json_bytes(u->id, u->len), "count", (json_int_t)u->deleted, "timestamp", (json_int_t)(now_ms() / 1000));
		const char *argv[3] = { "PUBLISH", chan, NULL };
		size_t lens[3];

		msg = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		argv[2] = msg;
		lens[0] = 7;
		lens[1] = strlen(prefix) + u->len;
		lens[2] = strlen(msg);
		freeReplyObject(conn_cmdv(c, &cause, 3, argv, lens));
		free(cause);
		free(msg);
		json_decref(o);
		free(chan);
		free(prefix);
	}
}

void
sweep_result_free(struct sweep_result *res)
{
	size_t i;

	for (i = 0; i < res->nusers; i++)
		free(res->users[i].id);
	free(res->users);
	memset(res, 0, sizeof *res);
}
