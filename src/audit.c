/* The audit trail. */
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
};

static void who_am_i(struct who *w);
static char *stream_key(const struct ctx *ctx);
static const char *field(json_t *o, const char *name);

/* A member of an audit entry as a string, "" when absent. */
static const char *
field(json_t *o, const char *name)
{
	const char *v = json_string_value(json_object_get(o, name));

	return v != NULL ? v : "";
}

static void
who_am_i(struct who *w)
{
	const char *ssh = getenv("SSH_CLIENT");

	w->user = getenv("USER") != NULL ? getenv("USER") : "?";
	w->sudo_user = getenv("SUDO_USER") != NULL ? getenv("SUDO_USER") : "";
	snprintf(w->ssh, sizeof w->ssh, "%.*s", ssh != NULL ? (int)strcspn(ssh, " ") : 0, ssh != NULL ? ssh : "");
	if (gethostname(w->host, sizeof w->host) != 0)
		strcpy(w->host, "?");
	w->host[sizeof w->host - 1] = '\0';
}

static char *
stream_key(const struct ctx *ctx)
{
	return xasprintf("%s:audit", ctx->keys.ns);
}

void
audit_record(struct ctx *ctx, struct conn *c, const struct audit_entry *e, char **warning)
{
	struct who w;
	char ts[24], count[24], matched[24], pid[24], *key, *path, *line;
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

		key = stream_key(ctx);
		argv[1] = key;
		r = conn_cmdv(c, warning, (int)(sizeof argv / sizeof argv[0]), argv, NULL);
		freeReplyObject(r);
		free(key);
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

int
audit_show(struct ctx *ctx, struct conn *c, long n, int json, char **cause)
{
	char *key = stream_key(ctx);
	redisReply *r = conn_cmd(c, cause, "XREVRANGE %s + - COUNT %ld", key, n);
	json_t *arr = json_array();
	struct buf out = BUF_INIT;
	size_t i, j;

	free(key);
	if (r == NULL) {
		json_decref(arr);
		return -1;
	}
	for (i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; i++) {
		const redisReply *e = r->element[i], *f;
		json_t *o = json_object();

		if (e->type != REDIS_REPLY_ARRAY || e->elements != 2 || e->element[1]->type != REDIS_REPLY_ARRAY)
			continue;
		f = e->element[1];
		json_object_set_new(o, "id", json_bytes(e->element[0]->str, e->element[0]->len));
		for (j = 0; j + 1 < f->elements; j += 2) {
			char *name = reply_dup(f->element[j], 64, NULL);

			if (name != NULL)
				json_object_set_new(o, name, json_bytes(f->element[j + 1]->str, f->element[j + 1]->len));
			free(name);
		}
		if (!json) {
			struct buf line = BUF_INIT;

			fmt_local_time(&out, strtoll(field(o, "ts"), NULL, 10));
			buf_printf(&line, "  %s", field(o, "user"));
			if (*field(o, "sudo_user") != '\0')
				buf_printf(&line, " (sudo by %s)", field(o, "sudo_user"));
			if (*field(o, "ssh") != '\0')
				buf_printf(&line, " from %s", field(o, "ssh"));
			buf_printf(&line, "  %s %s -> %s (%s of %s)", field(o, "action"), field(o, "args"),
			    field(o, "outcome"), field(o, "count"), field(o, "matched"));
			sanitize_append(&out, buf_str(&line), line.len, 0, ctx->san);
			buf_addc(&out, '\n');
			buf_free(&line);
			json_decref(o);
		} else
			json_array_append_new(arr, o);
	}
	freeReplyObject(r);
	if (json)
		json_print(arr);
	else {
		json_decref(arr);
		if (out.len == 0)
			buf_adds(&out, "no audit entries\n");
		fputs(buf_str(&out), stdout);
	}
	buf_free(&out);
	return 0;
}
