/* Task selection for bulk actions. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "reply.h"
#include "scanwalk.h"
#include "select.h"
#include "timefmt.h"
#include "xmalloc.h"

static int expired_leases(struct conn *c, const struct keys *k, struct selection *sel, char **cause);
static int has(const struct selection *sel, const char *id, size_t len);

void
select_add(struct selection *sel, const char *id, size_t len)
{
	if (sel->n == sel->cap) {
		sel->cap = sel->cap == 0 ? 64 : sel->cap * 2;
		sel->ids = xreallocarray(sel->ids, sel->cap, sizeof *sel->ids);
		sel->lens = xreallocarray(sel->lens, sel->cap, sizeof *sel->lens);
	}
	sel->ids[sel->n] = xstrndup(id, len);
	sel->lens[sel->n] = len;
	sel->n++;
}

static int
has(const struct selection *sel, const char *id, size_t len)
{
	size_t i;

	for (i = 0; i < sel->n; i++)
		if (sel->lens[i] == len && memcmp(sel->ids[i], id, len) == 0)
			return 1;
	return 0;
}

/* Tasks leased by ocrtop workers whose lease has run out: their worker
 * died or hung, whatever the task's started_at says. */
static int
expired_leases(struct conn *c, const struct keys *k, struct selection *sel, char **cause)
{
	redisReply *r = conn_cmd(c, cause, "ZRANGEBYSCORE %s -inf %lld LIMIT 0 100000", k->leases,
	    (long long)now_ms());
	size_t i;

	if (r == NULL)
		return -1;
	for (i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; i++) {
		if (!has(sel, r->element[i]->str, r->element[i]->len)) {
			select_add(sel, r->element[i]->str, r->element[i]->len);
			sel->to_fifo++;
		}
		sel->dead_leases++;
	}
	freeReplyObject(r);
	return 0;
}

int
select_tasks(struct conn *c, const struct keys *k, const struct task_filter *f, struct selection *sel,
    char **cause)
{
	struct scanwalk w;
	size_t plen = strlen(k->task_prefix);
	int64_t now = now_ms();
	int rc = -1;

	sel->prio_min = 1e300;
	sel->prio_max = -1e300;
	sel->oldest_ms = -1;
	scanwalk_init_prefix(&w, k->task_prefix, f->scan_count > 0 ? f->scan_count : 1000);
	while (!w.done) {
		redisReply *scan = scanwalk_next(&w, c, cause), *keys;
		size_t i;

		if (scan == NULL)
			goto out;
		keys = scan->element[1];
		for (i = 0; i < keys->elements; i++)
			conn_appendf(c, "HMGET %b status user_id started_at priority created_at",
			    keys->element[i]->str, keys->element[i]->len);
		for (i = 0; i < keys->elements; i++) {
			const redisReply *key = keys->element[i];
			redisReply *r = conn_read(c, cause);
			char *status, *user;
			int keep;

			if (r == NULL) {
				freeReplyObject(scan);
				goto out;
			}
			if (r->type != REDIS_REPLY_ARRAY || r->elements != 5 || key->len <= plen) {
				freeReplyObject(r);
				continue;
			}
			status = reply_dup(r->element[0], 64, NULL);
			user = reply_dup(r->element[1], 4096, NULL);
			keep = 1;
			if (f->status != NULL && (status == NULL || strcmp(status, f->status) != 0))
				keep = 0;
			if (f->user != NULL && (user == NULL || strcmp(user, f->user) != 0))
				keep = 0;
			if (f->stuck) {
				int64_t started = reply_ts(r->element[2]);

				if (status == NULL || strcmp(status, "processing") != 0 || started <= 0 ||
				    now - started <= f->stuck_ms)
					keep = 0;
			}
			if (keep) {
				double prio = reply_double(r->element[3]);
				int64_t created = reply_ts(r->element[4]);

				select_add(sel, key->str + plen, key->len - plen);
				if (prio == prio && prio > 5) {
					sel->to_priority++;
					if (prio < sel->prio_min)
						sel->prio_min = prio;
					if (prio > sel->prio_max)
						sel->prio_max = prio;
				} else
					sel->to_fifo++;
				if (created > 0 && (sel->oldest_ms < 0 || created < sel->oldest_ms))
					sel->oldest_ms = created;
			}
			free(status);
			free(user);
			freeReplyObject(r);
		}
		scanwalk_advance(&w, scan);
		freeReplyObject(scan);
	}
	if (f->stuck && expired_leases(c, k, sel, cause) < 0)
		goto out;
	rc = 0;
out:
	scanwalk_free(&w);
	return rc;
}

void
select_preview(const struct selection *sel, const char *verb, struct buf *out)
{
	buf_printf(out, "%s ", verb);
	fmt_count_noun(out, (long long)sel->n, "task", "tasks");
	if (sel->n == 0)
		return;
	buf_adds(out, ":");
	if (sel->to_priority > 0) {
		buf_addc(out, ' ');
		fmt_count(out, sel->to_priority);
		if (sel->prio_min == sel->prio_max)
			buf_printf(out, " priority %g,", sel->prio_min);
		else
			buf_printf(out, " priority %g-%g,", sel->prio_min, sel->prio_max);
	}
	buf_addc(out, ' ');
	fmt_count(out, sel->to_fifo);
	buf_adds(out, " FIFO");
	if (sel->dead_leases > 0) {
		buf_adds(out, " (");
		fmt_count(out, sel->dead_leases);
		buf_adds(out, " held by dead workers)");
	}
	if (sel->oldest_ms > 0) {
		buf_adds(out, ", oldest ");
		fmt_duration(out, now_ms() - sel->oldest_ms);
	}
}

void
select_free(struct selection *sel)
{
	size_t i;

	for (i = 0; i < sel->n; i++)
		free(sel->ids[i]);
	free(sel->ids);
	free(sel->lens);
	memset(sel, 0, sizeof *sel);
}
