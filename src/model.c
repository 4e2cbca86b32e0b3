/* Models and shared census results. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "xmalloc.h"

static int sample_rank(const struct task_sample *t);
static int by_rank(const void *a, const void *b, void *arg);

/* Failed first, then stuck, then pending, processing, other, completed. */
static int
sample_rank(const struct task_sample *t)
{
	static const int rank[TS_COUNT] = { 2, 3, 5, 0, 4 };

	if (t->stuck)
		return 1;
	return rank[t->status];
}

static int
by_rank(const void *a, const void *b, void *arg)
{
	const struct task_sample *s = arg;
	const struct task_sample *x = &s[*(const size_t *)a], *y = &s[*(const size_t *)b];
	int rx = sample_rank(x), ry = sample_rank(y);

	if (rx != ry)
		return rx - ry;
	/* Newest first within a class. */
	if (x->created_ms != y->created_ms)
		return x->created_ms > y->created_ms ? -1 : 1;
	return 0;
}

struct census_ref *
census_ref_new(struct census_result *res)
{
	struct census_ref *r = xcalloc(1, sizeof *r);
	struct strcount_entry **all;
	size_t i;

	atomic_init(&r->refs, 1);
	r->res = *res;
	memset(res, 0, sizeof *res);
	all = strcount_sorted(&r->res.users);
	r->nusers = r->res.users.n < SORTED_USERS_MAX ? r->res.users.n : SORTED_USERS_MAX;
	r->users = xreallocarray(all, r->nusers + 1, sizeof *all);
	r->errors = strcount_sorted(&r->res.errors);
	r->nerrors = r->res.errors.n;
	r->order = xcalloc(r->res.nsamples + 1, sizeof *r->order);
	for (i = 0; i < r->res.nsamples; i++)
		r->order[i] = i;
	qsort_r(r->order, r->res.nsamples, sizeof *r->order, by_rank, r->res.samples);
	return r;
}

struct census_ref *
census_ref_hold(struct census_ref *r)
{
	if (r != NULL)
		atomic_fetch_add(&r->refs, 1);
	return r;
}

void
census_ref_drop(struct census_ref *r)
{
	if (r == NULL || atomic_fetch_sub(&r->refs, 1) != 1)
		return;
	free(r->users);
	free(r->errors);
	free(r->order);
	census_result_free(&r->res);
	free(r);
}

void
model_free(struct model *m)
{
	size_t i;

	if (m == NULL)
		return;
	free(m->error);
	if (m->has_snap)
		snapshot_free(&m->snap);
	census_ref_drop(m->census);
	queue_page_free(&m->fifo);
	queue_page_free(&m->prio);
	if (m->task != NULL) {
		task_detail_free(m->task);
		free(m->task);
	}
	if (m->user != NULL) {
		for (i = 0; i < m->user->n; i++)
			user_session_free(&m->user->v[i]);
		free(m->user->v);
		free(m->user->user);
		free(m->user);
	}
	audit_rows_free(m->audit, m->naudit);
	if (m->details != NULL) {
		redis_details_free(m->details);
		free(m->details);
	}
	for (i = 0; i < m->nworkers; i++)
		registry_info_free(&m->workers[i]);
	free(m->workers);
	free(m);
}
