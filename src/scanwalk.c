/* Resumable SCAN walks. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "keys.h"
#include "scanwalk.h"
#include "xmalloc.h"

static void send_scan(struct scanwalk *w, struct conn *c, const char *cursor, size_t len);

void
scanwalk_init(struct scanwalk *w, const char *match, unsigned count)
{
	memset(w, 0, sizeof *w);
	w->match = xstrdup(match);
	w->cursor = xstrdup("0");
	w->count = count > 0 ? count : 1000;
}

void
scanwalk_init_prefix(struct scanwalk *w, const char *prefix, unsigned count)
{
	struct buf m = BUF_INIT;

	keys_match_prefix(&m, prefix, strlen(prefix));
	scanwalk_init(w, buf_str(&m), count);
	buf_free(&m);
}

static void
send_scan(struct scanwalk *w, struct conn *c, const char *cursor, size_t len)
{
	char count[24];
	const char *argv[6] = { "SCAN", cursor, "MATCH", w->match, "COUNT", count };
	size_t lens[6];
	int i;

	snprintf(count, sizeof count, "%u", w->count);
	for (i = 0; i < 6; i++)
		lens[i] = strlen(argv[i]);
	lens[1] = len;
	conn_append(c, 6, argv, lens);
}

redisReply *
scanwalk_recv(struct scanwalk *w, struct conn *c, char **cause)
{
	redisReply *r;

	(void)w;
	if ((r = conn_read(c, cause)) == NULL)
		return NULL;
	if (r->type == REDIS_REPLY_ERROR) {
		*cause = conn_error_text(c, "SCAN", r->str, r->len);
		freeReplyObject(r);
		return NULL;
	}
	if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
	    r->element[0]->type != REDIS_REPLY_STRING || r->element[1]->type != REDIS_REPLY_ARRAY) {
		*cause = xasprintf("%s: unexpected reply to SCAN", c->desc);
		freeReplyObject(r);
		return NULL;
	}
	return r;
}

redisReply *
scanwalk_next(struct scanwalk *w, struct conn *c, char **cause)
{
	send_scan(w, c, w->cursor, strlen(w->cursor));
	return scanwalk_recv(w, c, cause);
}

void
scanwalk_send_after(struct scanwalk *w, struct conn *c, const redisReply *batch)
{
	send_scan(w, c, batch->element[0]->str, batch->element[0]->len);
}

void
scanwalk_advance(struct scanwalk *w, const redisReply *batch)
{
	free(w->cursor);
	w->cursor = xstrndup(batch->element[0]->str, batch->element[0]->len);
	w->walked += (long long)batch->element[1]->elements;
	if (strcmp(w->cursor, "0") == 0)
		w->done = 1;
}

void
scanwalk_reset(struct scanwalk *w)
{
	free(w->cursor);
	w->cursor = xstrdup("0");
	w->done = 0;
	w->walked = 0;
}

void
scanwalk_free(struct scanwalk *w)
{
	free(w->match);
	free(w->cursor);
	memset(w, 0, sizeof *w);
}

int
scanwalk_fields(struct conn *c, const char *prefix, unsigned count, const char *const *fields,
    int nfields, scanwalk_fields_fn fn, void *arg, char **cause)
{
	const char **argv = xcalloc((size_t)nfields + 2, sizeof *argv);
	size_t *lens = xcalloc((size_t)nfields + 2, sizeof *lens), plen = strlen(prefix);
	struct scanwalk w;
	int i, rc = -1;

	argv[0] = "HMGET";
	lens[0] = 5;
	for (i = 0; i < nfields; i++) {
		argv[i + 2] = fields[i];
		lens[i + 2] = strlen(fields[i]);
	}
	scanwalk_init_prefix(&w, prefix, count);
	while (!w.done) {
		redisReply *scan = scanwalk_next(&w, c, cause), *keys;
		size_t k;

		if (scan == NULL)
			goto out;
		keys = scan->element[1];
		for (k = 0; k < keys->elements; k++) {
			argv[1] = keys->element[k]->str;
			lens[1] = keys->element[k]->len;
			conn_append(c, nfields + 2, argv, lens);
		}
		for (k = 0; k < keys->elements; k++) {
			const redisReply *key = keys->element[k];
			redisReply *r = conn_read(c, cause);

			if (r == NULL) {
				freeReplyObject(scan);
				goto out;
			}
			if (key->len > plen)
				fn(arg, key->str + plen, key->len - plen, r);
			freeReplyObject(r);
		}
		scanwalk_advance(&w, scan);
		freeReplyObject(scan);
	}
	rc = 0;
out:
	scanwalk_free(&w);
	free(argv);
	free(lens);
	return rc;
}
