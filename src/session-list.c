/* A user's sessions, printed. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "json-out.h"
#include "sanitize.h"
#include "session-list.h"
#include "timefmt.h"
#include "xmalloc.h"

#define IDLE_FLAG_MS (30 * 60000)

void
session_list_text(struct buf *out, const struct user_sessions *us, unsigned san)
{
	int64_t now = now_ms();
	size_t i;

	buf_adds(out, "  token     ip               role      last active   idle          ttl\n");
	for (i = 0; i < us->n; i++) {
		const struct user_session *s = &us->v[i];
		struct buf cell = BUF_INIT;
		char *mask = user_sessions_mask(s->token, s->token_len);

		buf_adds(out, "  ");
		sanitize_append_padded(out, mask, strlen(mask), 6, san);
		buf_adds(out, "... ");
		sanitize_append_padded(out, s->ip != NULL ? s->ip : "-", s->ip != NULL ? strlen(s->ip) : 1, 16, san);
		buf_addc(out, ' ');
		sanitize_append_padded(out, s->role != NULL ? s->role : "-", s->role != NULL ? strlen(s->role) : 1, 9, san);
		buf_addc(out, ' ');
		if (s->last_ms > 0)
			fmt_local_time(&cell, s->last_ms);
		sanitize_append_padded(out, buf_str(&cell) + (cell.len > 11 ? 11 : 0), cell.len > 11 ? cell.len - 11 :
		    cell.len, 13, san);
		buf_addc(out, ' ');
		buf_clear(&cell);
		if (s->last_ms > 0)
			fmt_duration(&cell, now - s->last_ms);
		if (s->last_ms > 0 && now - s->last_ms > IDLE_FLAG_MS)
			buf_adds(&cell, " idle");
		sanitize_append_padded(out, buf_str(&cell), cell.len, 13, san);
		buf_addc(out, ' ');
		buf_clear(&cell);
		if (s->ttl_ms >= 0)
			fmt_duration(&cell, s->ttl_ms);
		else
			buf_adds(&cell, s->ttl_ms == -1 ? "none" : "gone");
		buf_adds(out, buf_str(&cell));
		buf_addc(out, '\n');
		buf_free(&cell);
		free(mask);
	}
}

json_t *
session_list_json(const struct user_sessions *us)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < us->n; i++) {
		const struct user_session *s = &us->v[i];
		char *mask = user_sessions_mask(s->token, s->token_len);
		json_t *o = json_object();

		json_object_set_new(o, "token", json_bytes(mask, strlen(mask)));
		json_object_set_new(o, "user_id", s->user != NULL ? json_bytes(s->user, strlen(s->user)) : json_null());
		json_object_set_new(o, "email", s->email != NULL ? json_bytes(s->email, strlen(s->email)) : json_null());
		json_object_set_new(o, "ip_address", s->ip != NULL ? json_bytes(s->ip, strlen(s->ip)) : json_null());
		json_object_set_new(o, "role", s->role != NULL ? json_bytes(s->role, strlen(s->role)) : json_null());
		json_object_set_new(o, "created_at", s->created_ms > 0 ? json_integer(s->created_ms) : json_null());
		json_object_set_new(o, "last_activity", s->last_ms > 0 ? json_integer(s->last_ms) : json_null());
		json_object_set_new(o, "ttl_ms", json_integer(s->ttl_ms));
		json_array_append_new(arr, o);
		free(mask);
	}
	return arr;
}

long long
session_list_preview(struct conn *c, const struct keys *k, enum session_field field, const char *who,
    unsigned san, struct buf *text, struct buf *targets, char **cause)
{
	struct user_sessions us;
	long long n;
	size_t i;

	user_sessions_init(&us, k, field, who, strlen(who), 1000);
	if (user_sessions_step(&us, c, 0, cause) < 0) {
		user_sessions_free(&us);
		return -1;
	}
	buf_printf(text, "logout-all %s %s: ", field == SF_EMAIL ? "email" : "user", who);
	fmt_count_noun(text, us.matched, "session", "sessions");
	if (us.n > 0) {
		buf_addc(text, '\n');
		session_list_text(text, &us, san);
		buf_truncate(text, text->len - 1);
	}
	buf_clear(targets);
	for (i = 0; i < us.n && i < 50; i++) {
		char *m = user_sessions_mask(us.v[i].token, us.v[i].token_len);

		buf_printf(targets, "%s%s...", i > 0 ? " " : "", m);
		free(m);
	}
	n = us.matched;
	user_sessions_free(&us);
	return n;
}
