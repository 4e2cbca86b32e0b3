/* Task detail reads. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reply.h"
#include "task-detail.h"
#include "xmalloc.h"

#define VALUE_MAX 65536

int
task_detail_read(struct conn *c, const struct keys *k, const char *id, size_t idlen,
    struct task_detail *d, char **cause)
{
	static const char *const cmds[] = { "HGETALL", "PTTL", "TYPE", "LPOS", "LLEN", "ZSCORE", "GET", "PTTL" };
	char *key = keys_join(k->task_prefix, id, idlen);
	char *rkey = keys_join(k->result_prefix, id, idlen);
	size_t klen = strlen(k->task_prefix) + idlen, rlen = strlen(k->result_prefix) + idlen, i;
	redisReply *r[8] = { NULL };
	int rc = -1, n;

	memset(d, 0, sizeof *d);
	d->id = xstrndup(id, idlen);
	d->idlen = idlen;
	d->fifo_index = -1;
	d->fifo_len = NUM_UNKNOWN;
	d->score = NAN;
	conn_appendf(c, "HGETALL %b", key, klen);
	conn_appendf(c, "PTTL %b", key, klen);
	conn_appendf(c, "TYPE %b", key, klen);
	conn_appendf(c, "LPOS %s %b MAXLEN %d", k->queue, id, idlen, LPOS_MAXLEN);
	conn_appendf(c, "LLEN %s", k->queue);
	conn_appendf(c, "ZSCORE %s %b", k->priority, id, idlen);
	conn_appendf(c, "GET %b", rkey, rlen);
	conn_appendf(c, "PTTL %b", rkey, rlen);
	for (n = 0; n < 8; n++)
		if ((r[n] = conn_read(c, cause)) == NULL)
			goto out;
	for (n = 0; n < 8; n++) {
		/* Data errors (WRONGTYPE, or LPOS unknown before Redis 6.0.6)
		 * leave a blank; access errors are reported. */
		if (r[n]->type == REDIS_REPLY_ERROR && (strncmp(r[n]->str, "NOAUTH", 6) == 0 ||
		    strncmp(r[n]->str, "NOPERM", 6) == 0 || strncmp(r[n]->str, "LOADING", 7) == 0)) {
			*cause = conn_error_text(c, cmds[n], r[n]->str, r[n]->len);
			goto out;
		}
	}
	if (r[0]->type == REDIS_REPLY_ARRAY) {
		d->nfields = r[0]->elements / 2;
		d->fields = xcalloc(d->nfields + 1, sizeof *d->fields);
		for (i = 0; i < d->nfields; i++) {
			d->fields[i].name = reply_dup(r[0]->element[2 * i], VALUE_MAX, &d->fields[i].name_len);
			d->fields[i].value = reply_dup(r[0]->element[2 * i + 1], VALUE_MAX, &d->fields[i].value_len);
		}
	}
	d->ttl_ms = r[1]->type == REDIS_REPLY_INTEGER ? r[1]->integer : -2;
	d->exists = d->ttl_ms != -2;
	if (d->exists && r[2]->type == REDIS_REPLY_STATUS && strcmp(r[2]->str, "hash") != 0)
		d->wrong_type = xstrdup(r[2]->str);
	if (r[3]->type == REDIS_REPLY_INTEGER)
		d->fifo_index = r[3]->integer;
	if (r[4]->type == REDIS_REPLY_INTEGER)
		d->fifo_len = r[4]->integer;
	d->score = reply_double(r[5]);
	d->in_priority = !isnan(d->score);
	d->result = reply_dup(r[6], VALUE_MAX, &d->result_len);
	d->result_ttl_ms = r[7]->type == REDIS_REPLY_INTEGER ? r[7]->integer : -2;
	rc = 0;
out:
	for (n = 0; n < 8; n++)
		freeReplyObject(r[n]);
	free(key);
	free(rkey);
	if (rc < 0)
		task_detail_free(d);
	return rc;
}

const struct task_field *
task_detail_field(const struct task_detail *d, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < d->nfields; i++)
		if (d->fields[i].name_len == n && memcmp(d->fields[i].name, name, n) == 0 &&
		    d->fields[i].value != NULL)
			return &d->fields[i];
	return NULL;
}

void
task_detail_free(struct task_detail *d)
{
	size_t i;

	for (i = 0; i < d->nfields; i++) {
		free(d->fields[i].name);
		free(d->fields[i].value);
	}
	free(d->fields);
	free(d->id);
	free(d->wrong_type);
	free(d->result);
	memset(d, 0, sizeof *d);
}
