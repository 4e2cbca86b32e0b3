/* Finding one user's sessions. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "reply.h"
#include "timefmt.h"
#include "user-sessions.h"
#include "xmalloc.h"

static int run_batch(struct user_sessions *us, struct conn *c, char **cause);
static char *span_dup(const struct json_span *sp);
static char *dup_or_null(const char *s);

static char *
span_dup(const struct json_span *sp)
{
	struct buf b = BUF_INIT;

	if (sp->type == 0 || sp->type == 'z')
		return NULL;
	session_span_text(sp, &b);
	return buf_detach(&b);
}

void
user_sessions_init(struct user_sessions *us, const struct keys *k, enum session_field field,
    const char *value, size_t len, unsigned scan_count)
{
	memset(us, 0, sizeof *us);
	us->match = xstrndup(value, len);
	us->match_len = len;
	us->field = field;
	us->prefix = xstrdup(k->session_prefix);
	us->prefix_len = strlen(k->session_prefix);
	scanwalk_init_prefix(&us->walk, k->session_prefix, scan_count);
}

static int
run_batch(struct user_sessions *us, struct conn *c, char **cause)
{
	redisReply *scan, *keys, *vals = NULL, *r;
	const char **argv = NULL;
	size_t *lens = NULL, i, n = 0, first = us->n;
	struct buf tmp = BUF_INIT;
	int rc = -1;

	if ((scan = scanwalk_next(&us->walk, c, cause)) == NULL)
		return -1;
	keys = scan->element[1];
	argv = xcalloc(keys->elements + 1, sizeof *argv);
	lens = xcalloc(keys->elements + 1, sizeof *lens);
	argv[0] = "MGET";
	lens[0] = 4;
	for (i = 0; i < keys->elements; i++) {
		if (keys->element[i]->type != REDIS_REPLY_STRING || keys->element[i]->len <= us->prefix_len)
			continue;
		argv[1 + n] = keys->element[i]->str;
		lens[1 + n] = keys->element[i]->len;
		n++;
	}
	if (n > 0) {
		if ((vals = conn_cmdv(c, cause, (int)n + 1, argv, lens)) == NULL)
			goto out;
		for (i = 0; i < n && i < vals->elements; i++) {
			struct session_fields sf;
			struct user_session *s;
			redisReply *v = vals->element[i];

			if (v->type != REDIS_REPLY_STRING || session_scan(v->str, v->len, &sf) != SESSION_VALID)
				continue;
			us->scanned++;
			buf_clear(&tmp);
			session_span_text(&sf.f[us->field], &tmp);
			if (tmp.len != us->match_len || memcmp(buf_str(&tmp), us->match, tmp.len) != 0)
				continue;
			us->matched++;
			if (us->n == USER_SESSIONS_MAX)
				continue;
			if (us->n == us->cap) {
				us->cap = us->cap == 0 ? 16 : us->cap * 2;
				us->v = xreallocarray(us->v, us->cap, sizeof *us->v);
			}
			s = &us->v[us->n++];
			memset(s, 0, sizeof *s);
			s->token_len = lens[1 + i] - us->prefix_len;
			s->token = xstrndup(argv[1 + i] + us->prefix_len, s->token_len);
			s->user = span_dup(&sf.f[SF_USER_ID]);
			s->email = span_dup(&sf.f[SF_EMAIL]);
			s->role = span_dup(&sf.f[SF_ROLE]);
			s->ip = span_dup(&sf.f[SF_IP_ADDRESS]);
			s->created_ms = session_time_ms(&sf.f[SF_CREATED_AT]);
			s->last_ms = session_time_ms(&sf.f[SF_LAST_ACTIVITY]);
			s->ttl_ms = -2;
		}
	}
	/* TTLs of this batch's matches, in one round trip. */
	for (i = first; i < us->n; i++) {
		char *key = keys_join(us->prefix, us->v[i].token, us->v[i].token_len);

		conn_appendf(c, "PTTL %b", key, us->prefix_len + us->v[i].token_len);
		free(key);
	}
	for (i = first; i < us->n; i++) {
		if ((r = conn_read(c, cause)) == NULL)
			goto out;
		if (r->type == REDIS_REPLY_INTEGER)
			us->v[i].ttl_ms = r->integer;
		freeReplyObject(r);
	}
	scanwalk_advance(&us->walk, scan);
	us->done = us->walk.done;
	rc = 0;
out:
	buf_free(&tmp);
	freeReplyObject(vals);
	freeReplyObject(scan);
	free(argv);
	free(lens);
	return rc;
}

int
user_sessions_step(struct user_sessions *us, struct conn *c, int64_t budget_us, char **cause)
{
	int64_t start = mono_us();

	while (!us->done) {
		if (run_batch(us, c, cause) < 0)
			return -1;
		if (budget_us > 0 && mono_us() - start >= budget_us)
			break;
	}
	return us->done;
}

char *
user_sessions_mask(const char *token, size_t len)
{
	return xstrndup(token, len < 6 ? len : 6);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
user_session_copy(struct user_session *dst, const struct user_session *src)
{
	*dst = *src;
	dst->token = xstrndup(src->token, src->token_len);
	dst->user = dup_or_null(src->user);
	dst->email = dup_or_null(src->email);
	dst->role = dup_or_null(src->role);
	dst->ip = dup_or_null(src->ip);
}

void
user_session_free(struct user_session *s)
{
	free(s->token);
	free(s->user);
	free(s->email);
	free(s->role);
	free(s->ip);
	memset(s, 0, sizeof *s);
}

void
user_sessions_free(struct user_sessions *us)
{
	size_t i;

	for (i = 0; i < us->n; i++)
		user_session_free(&us->v[i]);
	free(us->v);
	free(us->match);
	free(us->prefix);
	scanwalk_free(&us->walk);
	memset(us, 0, sizeof *us);
}
