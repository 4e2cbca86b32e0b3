/* The audit trail. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "audit.h"
#include "buf.h"
#include "json-out.h"
#include "paths.h"
#include "reply.h"
#include "sanitize.h"
#include "timefmt.h"
#include "xmalloc.h"

struct who {
	const char	*user;
	const char	*sudo_user;
	char		 ssh[64];	/* the client address of SSH_CLIENT */
	char		 host[128];
	struct passwd	 pwd;
	char		 pwbuf[1024];
};

static void who_am_i(struct who *w);
static char **row_slot(struct audit_row *r, size_t i);

static void
who_am_i(struct who *w)
{
	const char *ssh = getenv("SSH_CLIENT");
	struct passwd *pw = NULL;

	/* USER, else the account (threads call this: the reentrant lookup). */
	w->user = getenv("USER");
	if ((w->user == NULL || *w->user == '\0') &&
	    getpwuid_r(getuid(), &w->pwd, w->pwbuf, sizeof w->pwbuf, &pw) == 0 && pw != NULL)
		w->user = pw->pw_name;
	if (w->user == NULL)
		w->user = "?";
	w->sudo_user = getenv("SUDO_USER") != NULL ? getenv("SUDO_USER") : "";
	snprintf(w->ssh, sizeof w->ssh, "%.*s", ssh != NULL ? (int)strcspn(ssh, " ") : 0, ssh != NULL ? ssh : "");
	if (gethostname(w->host, sizeof w->host) != 0)
		strcpy(w->host, "?");
	w->host[sizeof w->host - 1] = '\0';
}

void
audit_record(struct ctx *ctx, struct conn *c, const struct audit_entry *e, char **warning)
{
	struct who w;
	char ts[24], count[24], matched[24], pid[24], *path, *line;
	json_t *o;
	int fd;

	who_am_i(&w);
	snprintf(ts, sizeof ts, "%lld", (long long)now_ms());
	snprintf(count, sizeof count, "%lld", e->count);
	snprintf(matched, sizeof matched, "%lld", e->matched);
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	*warning = NULL;

	/* The stream, unless there is no connection or the ACL forbids it. */
	if (c != NULL && c->rc != NULL) {
		const char *argv[] = { "XADD", NULL, "MAXLEN", "~", "10000", "*",
		    "ts", ts, "user", w.user, "sudo_user", w.sudo_user, "ssh", w.ssh, "host", w.host, "pid", pid,
		    "action", e->action, "args", e->args != NULL ? e->args : "",
		    "targets", e->targets != NULL ? e->targets : "", "outcome", e->outcome,
		    "matched", matched, "count", count };
		redisReply *r;

		argv[1] = ctx->keys.audit;
		r = conn_cmdv(c, warning, (int)(sizeof argv / sizeof argv[0]), argv, NULL);
		freeReplyObject(r);
	}
	/* The local file: one JSON line. */
	path = ctx->audit_log != NULL ? xstrdup(ctx->audit_log) : paths_state_file("audit.log");
	if (path == NULL)
		return;
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "ts", ts, "user", w.user, "sudo_user", w.sudo_user,
	    "ssh", w.ssh, "host", w.host, "action", e->action);
	json_object_set_new(o, "endpoint", json_bytes(c != NULL ? c->desc : "", c != NULL ? strlen(c->desc) : 0));
	json_object_set_new(o, "args", json_bytes(e->args != NULL ? e->args : "", e->args != NULL ? strlen(e->args) : 0));
	json_object_set_new(o, "targets", json_bytes(e->targets != NULL ? e->targets : "",
	    e->targets != NULL ? strlen(e->targets) : 0));
	json_object_set_new(o, "outcome", json_bytes(e->outcome, strlen(e->outcome)));
	json_object_set_new(o, "matched", json_integer(e->matched));
	json_object_set_new(o, "count", json_integer(e->count));
	line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (*warning == NULL)
			*warning = xasprintf("cannot write the audit log %s: %s", path, strerror(errno));
	} else {
		size_t len = strlen(line);

		line[len] = '\n';
		if (write(fd, line, len + 1) != (ssize_t)(len + 1) && *warning == NULL)
			*warning = xasprintf("cannot write the audit log %s", path);
		line[len] = '\0';
		close(fd);
	}
	free(line);
	free(path);
}

/* The members of an entry, in the order audit_row holds them. */
static const char *const row_fields[] = {
	"user", "sudo_user", "ssh", "host", "action", "args", "targets", "outcome", "count", "matched"
};
#define NROW_FIELDS (sizeof row_fields / sizeof row_fields[0])

static char **
row_slot(struct audit_row *r, size_t i)
{
	char **slots[NROW_FIELDS] = {
		&r->user, &r->sudo_user, &r->ssh, &r->host, &r->action, &r->args, &r->targets, &r->outcome,
		&r->count, &r->matched
	};

	return slots[i];
}

long
audit_read(struct conn *c, const struct keys *k, long n, struct audit_row **rows, char **cause)
{
	redisReply *r = conn_cmd(c, cause, "XREVRANGE %s + - COUNT %ld", k->audit, n);
	size_t i, j, f;
	long got = 0;

	*rows = NULL;
	if (r == NULL)
		return -1;
	*rows = xcalloc(r->type == REDIS_REPLY_ARRAY ? r->elements + 1 : 1, sizeof **rows);
	for (i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; i++) {
		const redisReply *e = r->element[i], *fv;
		struct audit_row *row = &(*rows)[got];

		if (e->type != REDIS_REPLY_ARRAY || e->elements != 2 || e->element[1]->type != REDIS_REPLY_ARRAY)
			continue;
		fv = e->element[1];
		row->id = reply_dup(e->element[0], 64, NULL);
		row->ts_ms = -1;
		for (j = 0; j + 1 < fv->elements; j += 2) {
			const redisReply *name = fv->element[j], *val = fv->element[j + 1];

			if (name->type != REDIS_REPLY_STRING || val->type != REDIS_REPLY_STRING)
				continue;
			if (name->len == 2 && memcmp(name->str, "ts", 2) == 0)
				row->ts_ms = reply_ts(val);
			for (f = 0; f < NROW_FIELDS; f++)
				if (name->len == strlen(row_fields[f]) && memcmp(name->str, row_fields[f], name->len) == 0 &&
				    *row_slot(row, f) == NULL)
					*row_slot(row, f) = xstrndup(val->str, val->len);
		}
		for (f = 0; f < NROW_FIELDS; f++)
			if (*row_slot(row, f) == NULL)
				*row_slot(row, f) = xstrdup("");
		if (row->id == NULL)
			row->id = xstrdup("");
		got++;
	}
	freeReplyObject(r);
	return got;
}

void
audit_rows_free(struct audit_row *rows, long n)
{
	long i;
	size_t f;

	for (i = 0; rows != NULL && i < n; i++) {
		free(rows[i].id);
		for (f = 0; f < NROW_FIELDS; f++)
			free(*row_slot(&rows[i], f));
	}
	free(rows);
}

void
audit_row_text(struct buf *out, const struct audit_row *r)
{
	buf_adds(out, r->user);
	if (*r->sudo_user != '\0')
		buf_printf(out, " (sudo by %s)", r->sudo_user);
	if (*r->ssh != '\0')
		buf_printf(out, " from %s", r->ssh);
	buf_printf(out, "  %s %s -> %s (%s of %s)", r->action, r->args, r->outcome, r->count, r->matched);
}

int
audit_show(struct ctx *ctx, struct conn *c, long n, int json, char **cause)
{
	struct audit_row *rows;
	struct buf out = BUF_INIT, line = BUF_INIT;
	json_t *arr;
	long got = audit_read(c, &ctx->keys, n, &rows, cause), i;
	size_t f;

	if (got < 0)
		return -1;
	if (json) {
		arr = json_array();
		for (i = 0; i < got; i++) {
			json_t *o = json_object();

			json_object_set_new(o, "id", json_bytes(rows[i].id, strlen(rows[i].id)));
			json_object_set_new(o, "ts", json_integer(rows[i].ts_ms));
			for (f = 0; f < NROW_FIELDS; f++)
				json_object_set_new(o, row_fields[f], json_bytes(*row_slot(&rows[i], f),
				    strlen(*row_slot(&rows[i], f))));
			json_array_append_new(arr, o);
		}
		json_print(arr);
	} else {
		for (i = 0; i < got; i++) {
			if (rows[i].ts_ms > 0)
				fmt_local_time(&out, rows[i].ts_ms);
			buf_clear(&line);
			buf_adds(&line, "  ");
			audit_row_text(&line, &rows[i]);
			sanitize_append(&out, buf_str(&line), line.len, 0, ctx->san);
			buf_addc(&out, '\n');
		}
		if (out.len == 0)
			buf_adds(&out, "no audit entries\n");
		fputs(buf_str(&out), stdout);
	}
	audit_rows_free(rows, got);
	buf_free(&out);
	buf_free(&line);
	return 0;
}
