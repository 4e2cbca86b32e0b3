/* Task selection for bulk actions. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "reply.h"
#include "sanitize.h"
#include "scanwalk.h"
#include "select.h"
#include "timefmt.h"
#include "xmalloc.h"

static int expired_leases(struct conn *c, const struct keys *k, struct selection *sel, char **cause);
static int has(const struct selection *sel, const char *id, size_t len);
static void select_reset_preview(struct selection *sel);
static void pick_task(void *arg, const char *id, size_t idlen, const redisReply *r);
static void count_destination(struct selection *sel, const redisReply *priority, const redisReply *created);

void
select_add(struct selection *sel, const char *id, size_t len)
{
	if (sel->n == sel->cap) {
		sel->cap = sel->cap == 0 ? 64 : sel->cap * 2;
		sel->ids = xreallocarray(sel->ids, sel->cap, sizeof *sel->ids);
		sel->lens = xreallocarray(sel->lens, sel->cap, sizeof *sel->lens);
	}
	sel->status = xreallocarray(sel->status, sel->cap, sizeof *sel->status);
	sel->ids[sel->n] = xstrndup(id, len);
	sel->status[sel->n] = NULL;
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
			sel->status[sel->n - 1] = xstrdup("leased, lease expired");
			sel->to_fifo++;
		}
		sel->dead_leases++;
	}
	freeReplyObject(r);
	return 0;
}

/* Where a requeue would put a task, its priority range, the oldest. */
static void
count_destination(struct selection *sel, const redisReply *priority, const redisReply *created)
{
	double prio = reply_double(priority);
	int64_t t = reply_ts(created);

	if (prio == prio && prio > 5) {
		sel->to_priority++;
		if (prio < sel->prio_min)
			sel->prio_min = prio;
		if (prio > sel->prio_max)
			sel->prio_max = prio;
	} else
		sel->to_fifo++;
	if (t > 0 && (sel->oldest_ms < 0 || t < sel->oldest_ms))
		sel->oldest_ms = t;
}

static void
select_reset_preview(struct selection *sel)
{
	sel->to_priority = sel->to_fifo = sel->missing = 0;
	sel->prio_min = 1e300;
	sel->prio_max = -1e300;
	sel->oldest_ms = -1;
}

int
select_fill(struct conn *c, const struct keys *k, struct selection *sel, char **cause)
{
	size_t i, j, end;

	select_reset_preview(sel);
	for (i = 0; i < sel->n; i = end) {
		end = sel->n - i > 1000 ? i + 1000 : sel->n;
		for (j = i; j < end; j++)
			conn_appendf(c, "HMGET %s%b status priority created_at", k->task_prefix, sel->ids[j],
			    sel->lens[j]);
		for (j = i; j < end; j++) {
			redisReply *r = conn_read(c, cause);

			if (r == NULL)
				return -1;
			free(sel->status[j]);
			sel->status[j] = NULL;
			if (r->type == REDIS_REPLY_ARRAY && r->elements == 3 && r->element[0]->type == REDIS_REPLY_STRING) {
				sel->status[j] = reply_dup(r->element[0], 64, NULL);
				count_destination(sel, r->element[1], r->element[2]);
			} else
				sel->missing++;
			freeReplyObject(r);
		}
	}
	return 0;
}

void
select_list(const struct selection *sel, size_t max, unsigned san, struct buf *out)
{
	size_t i;

	for (i = 0; i < sel->n && i < max; i++) {
		buf_adds(out, "  ");
		sanitize_append_padded(out, sel->ids[i], sel->lens[i], 24, san);
		buf_adds(out, "  ");
		if (sel->status != NULL && sel->status[i] != NULL)
			sanitize_append(out, sel->status[i], strlen(sel->status[i]), 0, san);
		else
			buf_adds(out, "(no task data)");
		buf_addc(out, '\n');
	}
	if (sel->n > max) {
		buf_adds(out, "  and ");
		fmt_count(out, (long long)(sel->n - max));
		buf_adds(out, " more\n");
	}
}

/* What the walk over the task hashes selects by. */
struct task_pick {
	const struct task_filter	*f;
	struct selection		*sel;
	int64_t				 now;
};

static void
pick_task(void *arg, const char *id, size_t idlen, const redisReply *r)
{
	struct task_pick *tp = arg;
	const struct task_filter *f = tp->f;
	char *status, *user;
	int keep = 1;

	if (r->type != REDIS_REPLY_ARRAY || r->elements != 5)
		return;
	status = reply_dup(r->element[0], 64, NULL);
	user = reply_dup(r->element[1], 4096, NULL);
	if (f->status != NULL && (status == NULL || strcmp(status, f->status) != 0))
		keep = 0;
	if (f->user != NULL && (user == NULL || strcmp(user, f->user) != 0))
		keep = 0;
	if (f->stuck) {
		int64_t started = reply_ts(r->element[2]);

		if (status == NULL || strcmp(status, "processing") != 0 || started <= 0 ||
		    tp->now - started <= f->stuck_ms)
			keep = 0;
	}
	if (keep) {
		select_add(tp->sel, id, idlen);
		tp->sel->status[tp->sel->n - 1] = status;
		status = NULL;
		count_destination(tp->sel, r->element[3], r->element[4]);
	}
	free(status);
	free(user);
}

int
select_tasks(struct conn *c, const struct keys *k, const struct task_filter *f, struct selection *sel,
    char **cause)
{
	static const char *const fields[] = { "status", "user_id", "started_at", "priority", "created_at" };
	struct task_pick tp = { f, sel, now_ms() };

	select_reset_preview(sel);
	if (scanwalk_fields(c, k->task_prefix, f->scan_count, fields, 5, pick_task, &tp, cause) < 0)
		return -1;
	if (f->stuck && expired_leases(c, k, sel, cause) < 0)
		return -1;
	return 0;
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
select_targets(struct buf *out, char *const *ids, const size_t *lens, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 50; i++) {
		if (i > 0)
			buf_addc(out, ' ');
		buf_add(out, ids[i], lens[i]);
	}
	if (n > 50)
		buf_printf(out, " and %zu more", n - 50);
}

void
select_free(struct selection *sel)
{
	size_t i;

	for (i = 0; i < sel->n; i++) {
		free(sel->ids[i]);
		free(sel->status[i]);
	}
	free(sel->ids);
	free(sel->status);
	free(sel->lens);
	memset(sel, 0, sizeof *sel);
}
