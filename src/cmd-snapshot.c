/* `ocrtop snapshot [-o FILE]`: an incident snapshot for the ticket, as
 * text and JSON: the status and its alerts, failure groups, stuck and
 * failed tasks by name, the slow log, the newest audit entries and INFO.
 * Reads only. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "audit.h"
#include "buf.h"
#include "cmd.h"
#include "json-out.h"
#include "redis-details.h"
#include "sanitize.h"
#include "status-json.h"
#include "status-text.h"
#include "survey.h"
#include "timefmt.h"
#include "xmalloc.h"

#define SNAP_FAILED	50	/* failed tasks named */
#define SNAP_GROUPS	20	/* failure groups */
#define SNAP_AUDIT	20	/* audit entries */
#define SNAP_SLOW	10	/* slow log entries */

enum {
	OPT_OUTPUT = 1,
	OPT_JSON
};

struct snap_args {
	const char	*output;
	int		 json;
};

/* What a snapshot holds beyond the survey. */
struct extra {
	struct redis_details	 details;
	int			 has_details;
	struct audit_row	*audit;
	long			 naudit;
};

static int snapshot_exec(struct ctx *ctx, int argc, char **argv);
static int snapshot_option(void *state, int id, char *arg, char **cause);
static void text(struct buf *out, const struct survey *sv, const struct extra *x, const char *endpoint);
static json_t *as_json(const struct survey *sv, const struct extra *x, const char *endpoint);
static int write_file(const char *path, const char *data, size_t len, char **cause);
static void data(struct buf *out, const char *s, size_t len);

/* Data on one line: a newline or an escape in it shows as an escape. */
static void
data(struct buf *out, const char *s, size_t len)
{
	sanitize_append(out, s, len, 0, 0);
}

static const struct opt snapshot_options[] = {
	{ "output", 'o', OPT_OUTPUT, OPT_ARG, "FILE", "write the text to FILE and the JSON to FILE.json" },
	{ "json", 0, OPT_JSON, OPT_NOARG, NULL, "print the JSON instead of the text" },
	{ NULL, 0, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_snapshot_entry = {
	.name = "snapshot",
	.usage = "[-o FILE | --json]",
	.summary = "an incident snapshot for the ticket: status, alerts, failures, stuck tasks, slow log, audit, INFO",
	.options = snapshot_options,
	.exec = snapshot_exec,
};

static int
snapshot_option(void *state, int id, char *arg, char **cause)
{
	struct snap_args *a = state;

	(void)cause;
	if (id == OPT_OUTPUT)
		a->output = arg;
	else
		a->json = 1;
	return 0;
}

static void
text(struct buf *out, const struct survey *sv, const struct extra *x, const char *endpoint)
{
	const struct census_result *r = &sv->res;
	struct strcount_entry **groups = strcount_sorted(&r->errors);
	struct buf line = BUF_INIT;
	size_t i, n;
	long k;

	status_text(out, &sv->snap, endpoint, 0);
	buf_adds(out, "\nFailure groups (failed tasks by error)\n");
	for (i = 0; i < r->errors.n && i < SNAP_GROUPS; i++) {
		buf_printf(out, "  %8lld  ", groups[i]->count);
		data(out, groups[i]->len > 0 ? groups[i]->s : "(no error text)", groups[i]->len > 0 ? groups[i]->len : 15);
		buf_addc(out, '\n');
	}
	if (r->errors.n == 0)
		buf_adds(out, "  none\n");
	buf_adds(out, "\nStuck tasks (processing too long, or held by a dead worker)\n");
	for (i = 0, n = 0; i < r->nsamples; i++) {
		const struct task_sample *t = &r->samples[i];

		if (!t->stuck)
			continue;
		buf_adds(out, "  ");
		data(out, t->id, t->idlen);
		buf_adds(out, "  user ");
		data(out, t->user != NULL ? t->user : "-", t->user != NULL ? strlen(t->user) : 1);
		buf_adds(out, "  started ");
		if (t->started_ms > 0)
			fmt_duration(out, now_ms() - t->started_ms);
		buf_printf(out, " ago  attempts %ld\n", t->attempts);
		n++;
	}
	if (n == 0)
		buf_adds(out, "  none\n");
	buf_printf(out, "\nFailed tasks (at most %d)\n", SNAP_FAILED);
	for (i = 0, n = 0; i < r->nsamples && n < SNAP_FAILED; i++) {
		const struct task_sample *t = &r->samples[i];

		if (t->status != TS_FAILED)
			continue;
		buf_adds(out, "  ");
		data(out, t->id, t->idlen);
		buf_adds(out, "  user ");
		data(out, t->user != NULL ? t->user : "-", t->user != NULL ? strlen(t->user) : 1);
		buf_printf(out, "  attempts %ld  ", t->attempts);
		if (t->error != NULL)
			data(out, t->error, strlen(t->error));
		buf_addc(out, '\n');
		n++;
	}
	if (n == 0)
		buf_adds(out, "  none\n");
	buf_adds(out, "\nSlow log (newest first)\n");
	for (i = 0; x->has_details && x->details.slowlog_ok && i < x->details.nslow && i < SNAP_SLOW; i++) {
		const struct slowlog_entry *e = &x->details.slow[i];

		fmt_local_time(out, e->when_ms);
		buf_printf(out, "  %7.2f ms  ", (double)e->duration_us / 1000.0);
		data(out, e->command, strlen(e->command));
		buf_adds(out, "  (");
		data(out, e->client, strlen(e->client));
		buf_adds(out, ")\n");
	}
	if (!x->has_details || !x->details.slowlog_ok)
		buf_adds(out, "  unavailable\n");
	buf_adds(out, "\nAudit (newest first)\n");
	for (k = 0; k < x->naudit; k++) {
		if (x->audit[k].ts_ms > 0)
			fmt_local_time(out, x->audit[k].ts_ms);
		buf_clear(&line);
		audit_row_text(&line, &x->audit[k]);
		buf_adds(out, "  ");
		data(out, line.data, line.len);
		buf_addc(out, '\n');
	}
	if (x->naudit == 0)
		buf_adds(out, "  none\n");
	buf_adds(out, "\nINFO\n");
	for (i = 0; x->has_details && x->details.info_ok && i < x->details.info.n; i++) {
		buf_clear(&line);
		buf_printf(&line, "%s.%s: %s", x->details.info.fields[i].section, x->details.info.fields[i].name,
		    x->details.info.fields[i].value);
		buf_adds(out, "  ");
		data(out, line.data, line.len);
		buf_addc(out, '\n');
	}
	if (!x->has_details || !x->details.info_ok)
		buf_adds(out, "  unavailable\n");
	buf_free(&line);
	free(groups);
}

static json_t *
as_json(const struct survey *sv, const struct extra *x, const char *endpoint)
{
	const struct census_result *r = &sv->res;
	struct strcount_entry **groups = strcount_sorted(&r->errors);
	json_t *o = json_object(), *a, *info;
	size_t i;
	long k;

	json_object_set_new(o, "generated_at", json_integer(now_ms()));
	json_object_set_new(o, "ocrtop", json_string(PACKAGE_VERSION));
	json_object_set_new(o, "endpoint", json_bytes(endpoint, strlen(endpoint)));
	json_object_set_new(o, "status", status_json(&sv->snap));
	a = json_array();
	for (i = 0; i < r->errors.n && i < SNAP_GROUPS; i++)
		json_array_append_new(a, json_pack("{s:o, s:I}", "error", json_bytes(groups[i]->s, groups[i]->len),
		    "tasks", (json_int_t)groups[i]->count));
	json_object_set_new(o, "failure_groups", a);
	a = json_array();
	for (i = 0; i < r->nsamples; i++) {
		const struct task_sample *t = &r->samples[i];

		if (!t->stuck && t->status != TS_FAILED)
			continue;
		json_array_append_new(a, json_pack("{s:o, s:s, s:o, s:o, s:I, s:I, s:b}", "task_id",
		    json_bytes(t->id, t->idlen), "status", census_status_name(t->status), "user_id",
		    t->user != NULL ? json_bytes(t->user, strlen(t->user)) : json_null(), "error",
		    t->error != NULL ? json_bytes(t->error, strlen(t->error)) : json_null(), "started_at",
		    (json_int_t)t->started_ms, "attempts", (json_int_t)t->attempts, "stuck", t->stuck));
	}
	json_object_set_new(o, "tasks", a);
	a = json_array();
	for (i = 0; x->has_details && x->details.slowlog_ok && i < x->details.nslow && i < SNAP_SLOW; i++) {
		const struct slowlog_entry *e = &x->details.slow[i];

		json_array_append_new(a, json_pack("{s:I, s:I, s:I, s:o, s:o}", "id", (json_int_t)e->id, "at",
		    (json_int_t)e->when_ms, "duration_us", (json_int_t)e->duration_us, "command",
		    json_bytes(e->command, strlen(e->command)), "client", json_bytes(e->client, strlen(e->client))));
	}
	json_object_set_new(o, "slowlog", a);
	a = json_array();
	for (k = 0; k < x->naudit; k++)
		json_array_append_new(a, json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "ts", (json_int_t)x->audit[k].ts_ms,
		    "user", json_bytes(x->audit[k].user, strlen(x->audit[k].user)), "action",
		    json_bytes(x->audit[k].action, strlen(x->audit[k].action)), "args",
		    json_bytes(x->audit[k].args, strlen(x->audit[k].args)), "outcome",
		    json_bytes(x->audit[k].outcome, strlen(x->audit[k].outcome)), "count",
		    json_bytes(x->audit[k].count, strlen(x->audit[k].count))));
	json_object_set_new(o, "audit", a);
	info = json_object();
	for (i = 0; x->has_details && x->details.info_ok && i < x->details.info.n; i++) {
		const struct info_field *f = &x->details.info.fields[i];
		json_t *sec = json_object_get(info, f->section);

		if (sec == NULL)
			json_object_set_new(info, f->section, sec = json_object());
		json_object_set_new(sec, f->name, json_bytes(f->value, strlen(f->value)));
	}
	json_object_set_new(o, "info", info);
	free(groups);
	return o;
}

static int
write_file(const char *path, const char *data, size_t len, char **cause)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len) {
		*cause = xasprintf("cannot write %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return close(fd) < 0 ? -1 : 0;
}

static int
snapshot_exec(struct ctx *ctx, int argc, char **argv)
{
	struct snap_args a = { NULL, 0 };
	struct survey_opts so;
	struct survey sv;
	struct extra x;
	struct conn c;
	struct buf raw = BUF_INIT, out = BUF_INIT;
	char *cause = NULL, *desc, *json, *jpath;
	json_t *j;
	int first, rc = EXIT_ERROR;

	first = cmd_parse(ctx, &cmd_snapshot_entry, argc, argv, snapshot_option, &a);
	if (first <= 0)
		return first < 0 ? EXIT_USAGE : EXIT_OK;
	if (first < argc || (a.json && a.output != NULL)) {
		ctx_error(ctx, "snapshot: [-o FILE | --json], no operands");
		return EXIT_USAGE;
	}
	if (ctx_resolve(ctx, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		return EXIT_USAGE;
	}
	survey_opts_init(&so);
	so.samples = 1;
	memset(&x, 0, sizeof x);
	if (ctx_connect(ctx, &c, "snapshot", &cause) < 0 || survey_take(&sv, &c, &ctx->keys, &so, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		conn_free(&c);
		return EXIT_ERROR;
	}
	x.has_details = redis_details_read(&c, &x.details, &cause) == 0;
	free(cause);
	cause = NULL;
	if ((x.naudit = audit_read(&c, &ctx->keys, SNAP_AUDIT, &x.audit, &cause)) < 0) {
		x.naudit = 0;
		free(cause);
		cause = NULL;
	}
	desc = endpoint_describe(&ctx->ep);
	j = as_json(&sv, &x, desc);
	json = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	text(&raw, &sv, &x, desc);
	sanitize_lines_append(&out, raw.data, raw.len, a.output != NULL ? 0 : ctx->san);
	if (a.output != NULL) {
		jpath = xasprintf("%s.json", a.output);
		if (write_file(a.output, out.data, out.len, &cause) == 0 &&
		    write_file(jpath, json, strlen(json), &cause) == 0) {
			printf("snapshot written to %s and %s\n", a.output, jpath);
			rc = EXIT_OK;
		} else {
			ctx_error(ctx, cause);
			free(cause);
		}
		free(jpath);
	} else {
		if (a.json)
			printf("%s\n", json);
		else
			fputs(buf_str(&out), stdout);
		rc = fflush(stdout) == 0 ? EXIT_OK : EXIT_ERROR;
	}
	free(json);
	free(desc);
	buf_free(&raw);
	buf_free(&out);
	audit_rows_free(x.audit, x.naudit);
	if (x.has_details)
		redis_details_free(&x.details);
	survey_free(&sv);
	conn_free(&c);
	return rc;
}
