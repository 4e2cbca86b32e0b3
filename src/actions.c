/* Operator actions on tasks. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actions.h"
#include "buf.h"
#include "reply.h"
#include "timefmt.h"
#include "xmalloc.h"

#define MAX_KEYS 8

static const char *const names[ACT_COUNT] = {
	[ACT_REQUEUE] = "requeue", [ACT_PRIORITY] = "priority", [ACT_FRONT] = "front",
	[ACT_CANCEL] = "cancel", [ACT_DELETE] = "delete", [ACT_UNQUEUE] = "unqueue", [ACT_DEDUPE] = "dedupe",
};

static const enum script_id scripts_of[ACT_COUNT] = {
	[ACT_REQUEUE] = SCRIPT_REQUEUE, [ACT_PRIORITY] = SCRIPT_PRIORITY, [ACT_FRONT] = SCRIPT_FRONT,
	[ACT_CANCEL] = SCRIPT_CANCEL, [ACT_DELETE] = SCRIPT_DELETE, [ACT_UNQUEUE] = SCRIPT_UNQUEUE,
	[ACT_DEDUPE] = SCRIPT_DEDUPE,
};

static int build(const struct keys *k, enum action_kind kind, const char *id, size_t idlen,
    const struct action_opts *o, const char **keys, size_t *klens, const char **args, size_t *alens,
    char **own, char *score);
static void record(struct action_result *res, size_t i, const redisReply *r);

const char *
action_name(enum action_kind k)
{
	return names[k];
}

/* Fills the KEYS and ARGV of one task's script; returns nkeys | nargs << 8.
 * own[0..1] receive allocated key names the caller frees. */
static int
build(const struct keys *k, enum action_kind kind, const char *id, size_t idlen,
    const struct action_opts *o, const char **keys, size_t *klens, const char **args, size_t *alens,
    char **own, char *score)
{
	size_t tp = strlen(k->task_prefix);
	int nk = 0, na = 0, i;

	own[0] = keys_join(k->task_prefix, id, idlen);
	own[1] = keys_join(k->result_prefix, id, idlen);
	keys[nk++] = own[0];
	keys[nk++] = k->priority;
	keys[nk++] = k->queue;
	keys[nk++] = k->leases;
	args[na++] = id;
	switch (kind) {
	case ACT_REQUEUE:
		keys[nk++] = k->claims;
		keys[nk++] = k->failed;
		args[na++] = o->reset_attempts ? "1" : "0";
		args[na++] = o->force ? "1" : "0";
		args[na++] = k->channel;
		args[na++] = "5";	/* the platform's default priority */
		break;
	case ACT_PRIORITY:
		snprintf(score, 32, "%g", o->score);
		args[na++] = score;
		break;
	case ACT_FRONT:
	case ACT_DEDUPE:
		break;
	case ACT_UNQUEUE:
		keys[nk++] = k->orphans;
		break;
	case ACT_CANCEL:
		keys[nk++] = k->claims;
		keys[nk++] = k->failed;
		args[na++] = k->channel;
		break;
	case ACT_DELETE:
		keys[nk++] = k->claims;
		keys[nk++] = k->failed;
		keys[nk++] = k->orphans;
		keys[nk++] = own[1];
		break;
	case ACT_COUNT:
		break;
	}
	for (i = 0; i < nk; i++)
		klens[i] = strlen(keys[i]);
	klens[0] = tp + idlen;
	if (kind == ACT_DELETE)
		klens[7] = strlen(k->result_prefix) + idlen;
	for (i = 0; i < na; i++)
		alens[i] = strlen(args[i]);
	alens[0] = idlen;
	return nk | na << 8;
}

static void
record(struct action_result *res, size_t i, const redisReply *r)
{
	struct action_item *it = &res->items[i];
	const char *w;

	free(it->outcome);
	free(it->detail);
	it->outcome = it->detail = NULL;
	if (r->type == REDIS_REPLY_ERROR) {
		it->outcome = xstrdup("error");
		it->detail = xstrndup(r->str, r->len);
		res->errors++;
		return;
	}
	if (r->type != REDIS_REPLY_ARRAY || r->elements < 1 || r->element[0]->type != REDIS_REPLY_STRING) {
		it->outcome = xstrdup("error");
		it->detail = xstrdup("unexpected reply");
		res->errors++;
		return;
	}
	w = r->element[0]->str;
	it->outcome = xstrdup(w);
	if (r->elements >= 2)
		it->detail = reply_dup(r->element[1], 256, NULL);
	if (strcmp(w, "done") == 0)
		res->done++;
	else if (strcmp(w, "queued") == 0 || strcmp(w, "already") == 0)
		res->unchanged++;
	else if (strcmp(w, "nodata") == 0)
		res->missing++;
	else
		res->refused++;
}

int
action_run(struct conn *c, const struct keys *k, struct scripts *sc, enum action_kind kind,
    char *const *ids, const size_t *lens, size_t n, const struct action_opts *o,
    struct action_result *res, char **cause)
{
	enum script_id sid = scripts_of[kind];
	long batch = o->batch > 0 ? o->batch : 100;
	int64_t start = mono_ms();
	size_t i, j;

	memset(res, 0, sizeof *res);
	res->n = n;
	res->items = xcalloc(n + 1, sizeof *res->items);
	for (i = 0; i < n; i++) {
		res->items[i].id = xstrndup(ids[i], lens[i]);
		res->items[i].idlen = lens[i];
	}
	for (i = 0; i < n; i += (size_t)batch) {
		size_t end = i + (size_t)batch < n ? i + (size_t)batch : n;

		if (o->cancel != NULL && atomic_load(o->cancel)) {
			res->interrupted = 1;
			break;
		}
		/* Load the script once, then pipeline the batch. */
		for (j = i; j < end; j++) {
			const char *keys[MAX_KEYS], *args[8];
			size_t klens[MAX_KEYS], alens[8];
			char *own[2], score[32];
			int shape = build(k, kind, ids[j], lens[j], o, keys, klens, args, alens, own, score);

			if (j == i) {
				redisReply *r = scripts_call(sc, c, sid, shape & 0xff, keys, klens, shape >> 8, args,
				    alens, cause);

				free(own[0]);
				free(own[1]);
				if (r == NULL && c->rc == NULL)
					goto lost;
				if (r == NULL) {
					/* A script error is this item's outcome. */
					res->items[j].outcome = xstrdup("error");
					res->items[j].detail = *cause;
					*cause = NULL;
					res->errors++;
				} else
					record(res, j, r);
				freeReplyObject(r);
				continue;
			}
			{
				const char *argv[3 + MAX_KEYS + 8];
				size_t alen[3 + MAX_KEYS + 8];
				char nk[8];
				int a = 0, x;

				snprintf(nk, sizeof nk, "%d", shape & 0xff);
				argv[a] = "EVALSHA";
				alen[a++] = 7;
				argv[a] = sc->sha[sid];
				alen[a++] = 40;
				argv[a] = nk;
				alen[a++] = strlen(nk);
				for (x = 0; x < (shape & 0xff); x++) {
					argv[a] = keys[x];
					alen[a++] = klens[x];
				}
				for (x = 0; x < shape >> 8; x++) {
					argv[a] = args[x];
					alen[a++] = alens[x];
				}
				conn_append(c, a, argv, alen);
			}
			free(own[0]);
			free(own[1]);
		}
		for (j = i + 1; j < end; j++) {
			redisReply *r = conn_read(c, cause);

			if (r == NULL)
				goto lost;
			record(res, j, r);
			freeReplyObject(r);
		}
		if (o->progress != NULL)
			o->progress(o->progress_arg, (long)end, (long)n);
		if (o->rate > 0) {
			/* Hold the pace: end items should take end/rate seconds. */
			int64_t due = start + (int64_t)((double)end * 1000.0 / o->rate);

			while (mono_ms() < due && (o->cancel == NULL || !atomic_load(o->cancel)))
				usleep(10000);
		}
	}
	for (i = 0; i < n; i++) {
		if (res->items[i].outcome == NULL) {
			res->items[i].outcome = xstrdup("skipped");
			res->skipped++;
		}
	}
	return 0;
lost:
	for (i = 0; i < n; i++) {
		if (res->items[i].outcome == NULL) {
			res->items[i].outcome = xstrdup("skipped");
			res->skipped++;
		}
	}
	return -1;
}

void
action_summary(const struct action_result *res, struct buf *out)
{
	struct {
		long		 n;
		const char	*what;
	} parts[] = {
		{ res->done, "done" }, { res->unchanged, "unchanged (already so)" },
		{ res->missing, "not found" }, { res->refused, "refused" }, { res->errors, "failed" },
		{ res->skipped, "not reached" },
	};
	size_t i;
	int first = 1;

	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (parts[i].n == 0 && !(i == 0 && first))
			continue;
		if (!first)
			buf_adds(out, ", ");
		fmt_count(out, parts[i].n);
		buf_printf(out, " %s", parts[i].what);
		first = 0;
	}
	if (res->interrupted)
		buf_adds(out, " (interrupted between batches)");
}

void
action_result_free(struct action_result *res)
{
	size_t i;

	for (i = 0; i < res->n; i++) {
		free(res->items[i].id);
		free(res->items[i].outcome);
		free(res->items[i].detail);
	}
	free(res->items);
	memset(res, 0, sizeof *res);
}
