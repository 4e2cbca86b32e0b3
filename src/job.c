/* Operator actions on their own thread. */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "job.h"
#include "session-list.h"
#include "sweep.h"
#include "timefmt.h"
#include "xmalloc.h"

#define JOB_LIST_MAX 8		/* tasks named in a preview */

struct job {
	struct ctx		*ctx;
	struct job_spec		 spec;		/* strings owned */
	struct selection	 sel;		/* the tasks, once previewed */
	char			*verb;
	char			*args;
	int			 wake_fd;
	pthread_t		 thread;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	enum job_state		 state;		/* under mu */
	int			 answer;	/* under mu: -1 none yet, 0 no, 1 go */
	atomic_int		 stop;
	atomic_llong		 done;
	atomic_llong		 total;
	atomic_llong		 changed;
	/* Written by the thread before the state that publishes them. */
	struct buf		 preview;
	struct buf		 targets;	/* for the audit trail */
	long long		 count;
	char			*summary;
	int			 denied;
};

static void *job_main(void *arg);
static void set_state(struct job *j, enum job_state s);
static void wake(struct job *j);
static int preview(struct job *j, struct conn *c, char **cause);
static int ask(struct job *j);
static void run(struct job *j, struct conn *c);
static void run_tasks(struct job *j, struct conn *c, struct buf *outcome);
static void run_sweep(struct job *j, struct conn *c, struct buf *outcome);
static void on_task_progress(void *arg, long done, long total);
static void on_sweep_progress(void *arg, long long scanned, long long deleted);
static void finish(struct job *j, struct conn *c, const char *outcome, long long count);
static void note_denied(struct job *j, const char *text);
static void failed(struct job *j, struct buf *outcome, char *cause);

static void
wake(struct job *j)
{
	char c = 'j';
	ssize_t n = write(j->wake_fd, &c, 1);

	(void)n;
}

static void
set_state(struct job *j, enum job_state s)
{
	pthread_mutex_lock(&j->mu);
	j->state = s;
	pthread_mutex_unlock(&j->mu);
	wake(j);
}

static void
note_denied(struct job *j, const char *text)
{
	if (text != NULL && strstr(text, "NOPERM") != NULL)
		j->denied = 1;
}

/* A run that Redis cut short: the outcome says why (cause is freed). */
static void
failed(struct job *j, struct buf *outcome, char *cause)
{
	buf_printf(outcome, "error: %s; ", cause);
	note_denied(j, cause);
	free(cause);
}

static void
on_task_progress(void *arg, long done, long total)
{
	struct job *j = arg;

	atomic_store(&j->done, done);
	atomic_store(&j->total, total);
	wake(j);
}

static void
on_sweep_progress(void *arg, long long scanned, long long deleted)
{
	struct job *j = arg;

	atomic_store(&j->done, scanned);
	atomic_store(&j->changed, deleted);
	wake(j);
}

/* Reads what would change into j->preview and j->count. */
static int
preview(struct job *j, struct conn *c, char **cause)
{
	const struct job_spec *s = &j->spec;
	struct buf *p = &j->preview;
	size_t i;

	switch (s->what) {
	case JOB_TASKS:
		for (i = 0; i < s->n; i++)
			select_add(&j->sel, s->ids[i], s->lens[i]);
		if (select_fill(c, &j->ctx->keys, &j->sel, cause) < 0)
			return -1;
		break;
	case JOB_SELECT:
		if (select_tasks(c, &j->ctx->keys, &s->filter, &j->sel, cause) < 0)
			return -1;
		break;
	case JOB_LOGOUT:
		j->count = session_list_preview(c, &j->ctx->keys, s->field, s->who, j->ctx->san, p, &j->targets,
		    cause);
		return j->count < 0 ? -1 : 0;
	case JOB_PURGE_IDLE: {
		struct sweep_opts so;
		struct sweep_result res;

		memset(&so, 0, sizeof so);
		so.idle_ms = s->idle_ms;
		so.scan_count = 1000;
		if (sweep_count_idle(c, &j->ctx->keys, &so, &res, cause) < 0)
			return -1;
		j->count = res.candidates;
		buf_adds(p, "purge-idle: ");
		fmt_count_noun(p, res.candidates, "session", "sessions");
		buf_adds(p, " idle longer than ");
		fmt_duration(p, s->idle_ms);
		buf_adds(p, " (of ");
		fmt_count(p, res.scanned);
		buf_adds(p, " read)");
		buf_adds(&j->targets, "idle sessions");
		sweep_result_free(&res);
		return 0;
	}
	}
	/* Tasks: how many, where they would go, which ones. */
	j->count = (long long)j->sel.n;
	if (s->kind == ACT_REQUEUE)
		select_preview(&j->sel, j->verb, p);
	else {
		buf_printf(p, "%s ", j->verb);
		fmt_count_noun(p, j->count, "task", "tasks");
		if (s->kind == ACT_PRIORITY)
			buf_printf(p, " to priority %g", s->score);
	}
	if (j->sel.missing > 0) {
		buf_adds(p, " (");
		fmt_count(p, j->sel.missing);
		buf_adds(p, " without data: reported, not recreated)");
	}
	if (j->sel.n > 0) {
		buf_addc(p, '\n');
		select_list(&j->sel, JOB_LIST_MAX, j->ctx->san, p);
		buf_truncate(p, p->len - 1);
	}
	select_targets(&j->targets, j->sel.ids, j->sel.lens, j->sel.n);
	return 0;
}

/* Waits for the answer; 1 to go on. */
static int
ask(struct job *j)
{
	int go;

	pthread_mutex_lock(&j->mu);
	j->state = JOB_ASK;
	pthread_mutex_unlock(&j->mu);
	wake(j);
	pthread_mutex_lock(&j->mu);
	while (j->answer < 0 && !atomic_load(&j->stop))
		pthread_cond_wait(&j->cv, &j->mu);
	go = j->answer == 1 && !atomic_load(&j->stop);
	if (go)
		j->state = JOB_RUN;
	pthread_mutex_unlock(&j->mu);
	return go;
}

static void
run_tasks(struct job *j, struct conn *c, struct buf *outcome)
{
	struct action_opts o;
	struct action_result res;
	struct scripts sc;
	char *cause = NULL;

	memset(&o, 0, sizeof o);
	memset(&sc, 0, sizeof sc);
	o.reset_attempts = j->spec.reset_attempts;
	o.force = j->spec.force;
	o.score = j->spec.score;
	o.cancel = &j->stop;
	o.progress = on_task_progress;
	o.progress_arg = j;
	atomic_store(&j->total, (long long)j->sel.n);
	if (action_run(c, &j->ctx->keys, &sc, j->spec.kind, j->sel.ids, j->sel.lens, j->sel.n, &o, &res,
	    &cause) < 0)
		failed(j, outcome, cause);
	if (res.errors > 0)
		note_denied(j, res.items[0].detail);
	if (res.interrupted)
		buf_adds(outcome, "interrupted: ");
	action_summary(&res, outcome);
	atomic_store(&j->changed, res.done);
	action_result_free(&res);
}

static void
run_sweep(struct job *j, struct conn *c, struct buf *outcome)
{
	struct sweep_opts so;
	struct sweep_result res;
	struct scripts sc;
	char *cause = NULL;
	int rc;

	memset(&so, 0, sizeof so);
	memset(&sc, 0, sizeof sc);
	so.field = j->spec.field;
	so.value = j->spec.who;
	so.value_len = j->spec.who != NULL ? strlen(j->spec.who) : 0;
	so.idle_ms = j->spec.idle_ms;
	so.scan_count = 1000;
	so.cancel = &j->stop;
	so.progress = on_sweep_progress;
	so.progress_arg = j;
	atomic_store(&j->total, -1);
	if (j->spec.what == JOB_LOGOUT)
		rc = sweep_logout(c, &j->ctx->keys, &sc, &so, &res, &cause);
	else
		rc = sweep_purge_idle(c, &j->ctx->keys, &sc, &so, &res, &cause);
	if (rc < 0)
		failed(j, outcome, cause);
	if (j->spec.what == JOB_LOGOUT && res.deleted > 0)
		sweep_publish_revoked(c, &j->ctx->keys, &res);
	if (res.interrupted)
		buf_adds(outcome, "interrupted: ");
	fmt_count(outcome, res.deleted);
	buf_adds(outcome, " deleted");
	atomic_store(&j->changed, res.deleted);
	sweep_result_free(&res);
}

/* Records the outcome and publishes the summary. */
static void
finish(struct job *j, struct conn *c, const char *outcome, long long count)
{
	struct audit_entry e;
	char *warning = NULL;
	struct buf b = BUF_INIT;

	e.action = j->verb;
	e.args = j->args;
	e.targets = buf_str(&j->targets);
	e.outcome = outcome;
	e.count = count;
	e.matched = j->count;
	audit_record(j->ctx, c, &e, &warning);
	buf_printf(&b, "%s: %s", j->verb, outcome);
	if (warning != NULL)
		buf_printf(&b, " (not audited in Redis: %s)", warning);
	free(warning);
	j->summary = buf_detach(&b);
	set_state(j, JOB_DONE);
}

static void
run(struct job *j, struct conn *c)
{
	struct buf outcome = BUF_INIT;

	if (j->spec.what == JOB_TASKS || j->spec.what == JOB_SELECT)
		run_tasks(j, c, &outcome);
	else
		run_sweep(j, c, &outcome);
	finish(j, c, buf_str(&outcome), atomic_load(&j->changed));
	buf_free(&outcome);
}

static void *
job_main(void *arg)
{
	struct job *j = arg;
	struct conn c;
	char *cause = NULL;

	if (ctx_connect(j->ctx, &c, "action", &cause) < 0 || preview(j, &c, &cause) < 0) {
		note_denied(j, cause);
		j->summary = xasprintf("%s: %s", j->verb, cause);
		free(cause);
		set_state(j, JOB_DONE);
	} else if (j->count == 0) {
		j->summary = xasprintf("%s: nothing to do (%s)", j->verb, buf_str(&j->preview));
		set_state(j, JOB_DONE);
	} else if (!ask(j))
		finish(j, &c, "not confirmed", 0);
	else
		run(j, &c);
	conn_free(&c);
	return NULL;
}

struct job *
job_start(struct ctx *ctx, const struct job_spec *spec, int wake_fd)
{
	struct job *j = xcalloc(1, sizeof *j);
	size_t i, *lens;

	j->ctx = ctx;
	j->spec = *spec;
	j->wake_fd = wake_fd;
	j->answer = -1;
	j->state = JOB_PREVIEW;
	j->spec.ids = xcalloc(spec->n + 1, sizeof *j->spec.ids);
	for (i = 0; i < spec->n; i++)
		j->spec.ids[i] = xstrndup(spec->ids[i], spec->lens[i]);
	lens = xcalloc(spec->n + 1, sizeof *lens);
	if (spec->n > 0)
		memcpy(lens, spec->lens, spec->n * sizeof *lens);
	j->spec.lens = lens;
	j->spec.filter.status = spec->filter.status != NULL ? xstrdup(spec->filter.status) : NULL;
	j->spec.filter.user = spec->filter.user != NULL ? xstrdup(spec->filter.user) : NULL;
	j->spec.who = spec->who != NULL ? xstrdup(spec->who) : NULL;
	j->spec.args = NULL;
	j->args = xasprintf("dashboard%s%s", spec->args != NULL && *spec->args != '\0' ? ": " : "",
	    spec->args != NULL ? spec->args : "");
	j->verb = xstrdup(spec->what == JOB_LOGOUT ? "logout-all" : spec->what == JOB_PURGE_IDLE ?
	    "sessions purge-idle" : action_name(spec->kind));
	atomic_init(&j->stop, 0);
	atomic_init(&j->done, 0);
	atomic_init(&j->total, 0);
	atomic_init(&j->changed, 0);
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv, NULL);
	if (pthread_create(&j->thread, NULL, job_main, j) != 0) {
		j->summary = xasprintf("%s: cannot start a thread; nothing changed", j->verb);
		j->state = JOB_DONE;
		j->thread = pthread_self();
	}
	return j;
}

enum job_state
job_state(struct job *j)
{
	enum job_state s;

	pthread_mutex_lock(&j->mu);
	s = j->state;
	pthread_mutex_unlock(&j->mu);
	return s;
}

const char *
job_verb(const struct job *j)
{
	return j->verb;
}

const char *
job_preview(const struct job *j)
{
	return buf_str(&j->preview);
}

long long
job_count(const struct job *j)
{
	return j->count;
}

int
job_bulk(const struct job *j)
{
	return j->count > 1 || j->spec.what == JOB_SELECT || j->spec.what == JOB_PURGE_IDLE;
}

void
job_decide(struct job *j, int go)
{
	pthread_mutex_lock(&j->mu);
	if (j->answer < 0)
		j->answer = go != 0;
	pthread_cond_broadcast(&j->cv);
	pthread_mutex_unlock(&j->mu);
}

void
job_stop(struct job *j)
{
	atomic_store(&j->stop, 1);
	pthread_mutex_lock(&j->mu);
	pthread_cond_broadcast(&j->cv);
	pthread_mutex_unlock(&j->mu);
}

void
job_progress(const struct job *j, long long *done, long long *total, long long *changed)
{
	*done = atomic_load(&j->done);
	*total = atomic_load(&j->total);
	*changed = atomic_load(&j->changed);
}

const char *
job_summary(const struct job *j)
{
	return j->summary != NULL ? j->summary : "";
}

int
job_denied(const struct job *j)
{
	return j->denied;
}

void
job_free(struct job *j)
{
	size_t i;

	if (j == NULL)
		return;
	job_stop(j);
	if (!pthread_equal(j->thread, pthread_self()))
		pthread_join(j->thread, NULL);
	for (i = 0; i < j->spec.n; i++)
		free(j->spec.ids[i]);
	free(j->spec.ids);
	free((void *)j->spec.lens);
	free((void *)j->spec.filter.status);
	free((void *)j->spec.filter.user);
	free((void *)j->spec.who);
	select_free(&j->sel);
	buf_free(&j->preview);
	buf_free(&j->targets);
	free(j->summary);
	free(j->verb);
	free(j->args);
	pthread_mutex_destroy(&j->mu);
	pthread_cond_destroy(&j->cv);
	free(j);
}
