/* Notification decoding. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "notify.h"
#include "timefmt.h"
#include "xmalloc.h"

static char *member_text(json_t *obj, const char *name);
static char *dup_or_null(const char *s);

/* A member as text: strings as they are, numbers and booleans written out. */
static char *
member_text(json_t *obj, const char *name)
{
	json_t *v = json_object_get(obj, name);

	if (json_is_string(v))
		return xstrndup(json_string_value(v), json_string_length(v));
	if (json_is_integer(v))
		return xasprintf("%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return xasprintf("%g", json_real_value(v));
	if (json_is_boolean(v))
		return xstrdup(json_is_true(v) ? "true" : "false");
	return NULL;
}

void
notify_decode(struct notify_msg *m, const char *channel, size_t channel_len,
    const char *payload, size_t len, int64_t now)
{
	json_error_t err;
	json_t *root, *result, *ts;

	memset(m, 0, sizeof *m);
	m->received_ms = now;
	m->channel = xstrndup(channel, channel_len);
	m->channel_len = channel_len;
	m->payload_len = len < NOTIFY_PAYLOAD_MAX ? len : NOTIFY_PAYLOAD_MAX;
	m->payload = xstrndup(payload, m->payload_len);
	m->confidence = NAN;
	m->word_count = -1;
	m->ts_ms = -1;
	root = json_loadb(payload, len, JSON_ALLOW_NUL, &err);
	if (!json_is_object(root)) {
		json_decref(root);
		return;
	}
	m->json = 1;
	m->type = member_text(root, "type");
	m->task_id = member_text(root, "task_id");
	m->user_id = member_text(root, "user_id");
	m->status = member_text(root, "status");
	m->error = member_text(root, "error");
	ts = json_object_get(root, "timestamp");
	if (json_is_number(ts))
		m->ts_ms = ts_to_ms(json_number_value(ts));
	else if (json_is_string(ts))
		m->ts_ms = ts_parse(json_string_value(ts), json_string_length(ts));
	result = json_object_get(root, "result");
	if (json_is_object(result)) {
		json_t *c = json_object_get(result, "confidence"), *w = json_object_get(result, "word_count");

		if (json_is_number(c))
			m->confidence = json_number_value(c);
		if (json_is_integer(w))
			m->word_count = (long long)json_integer_value(w);
	}
	json_decref(root);
}

int
notify_matches(const struct notify_msg *m, const char *text)
{
	const char *fields[] = { m->channel, m->type, m->task_id, m->user_id, m->status, m->payload };
	size_t i;

	for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (fields[i] != NULL && strstr(fields[i], text) != NULL)
			return 1;
	return 0;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
notify_copy(struct notify_msg *dst, const struct notify_msg *src)
{
	*dst = *src;
	dst->channel = xstrndup(src->channel, src->channel_len);
	dst->payload = xstrndup(src->payload, src->payload_len);
	dst->type = dup_or_null(src->type);
	dst->task_id = dup_or_null(src->task_id);
	dst->user_id = dup_or_null(src->user_id);
	dst->status = dup_or_null(src->status);
	dst->error = dup_or_null(src->error);
}

void
notify_free(struct notify_msg *m)
{
	free(m->channel);
	free(m->payload);
	free(m->type);
	free(m->task_id);
	free(m->user_id);
	free(m->status);
	free(m->error);
	memset(m, 0, sizeof *m);
}
