/* Per-task log lines. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "json-out.h"
#include "sanitize.h"
#include "timefmt.h"
#include "worklog.h"
#include "xmalloc.h"

static void stamp(struct buf *b);
static void emit(struct worklog *l, struct buf *b);
struct field;
static void log_line(struct worklog *l, const struct field *f, size_t nf);

int
worklog_open(struct worklog *l, const char *path, int json, char **cause)
{
	memset(l, 0, sizeof *l);
	l->json = json;
	if (path != NULL)
		l->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	else
		l->fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (l->fd < 0) {
		*cause = xasprintf("cannot open the log %s: %s", path != NULL ? path : "(stderr)", strerror(errno));
		return -1;
	}
	l->own = 1;
	return 0;
}

void
worklog_none(struct worklog *l)
{
	memset(l, 0, sizeof *l);
	l->fd = -1;
}

static void
stamp(struct buf *b)
{
	int64_t ms = now_ms();
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char s[32];

	gmtime_r(&t, &tm);
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S", &tm);
	buf_printf(b, "%s.%03dZ", s, (int)(ms % 1000));
}

static void
emit(struct worklog *l, struct buf *b)
{
	size_t off = 0;

	buf_addc(b, '\n');
	while (off < b->len) {
		ssize_t n = write(l->fd, b->data + off, b->len - off);

		if (n <= 0 && errno != EINTR)
			break;
		if (n > 0)
			off += (size_t)n;
	}
}

/* One field of a log line: a string (raw bytes) or a number. */
struct field {
	const char	*name;
	const char	*s;		/* NULL: a number, or absent when !is_num */
	size_t		 len;
	long long	 n;
	int		 is_num;
	int		 quote;		/* free text: quoted in the text format */
};

/* Writes one line: "TIMESTAMP name=value ..." or a JSON object. */
static void
log_line(struct worklog *l, const struct field *f, size_t nf)
{
	struct buf b = BUF_INIT, t = BUF_INIT;
	size_t i;

	if (l->fd < 0)
		return;
	stamp(&t);
	if (l->json) {
		json_t *o = json_object();
		char *s;

		json_object_set_new(o, "ts", json_string(buf_str(&t)));
		for (i = 0; i < nf; i++) {
			if (f[i].is_num)
				json_object_set_new(o, f[i].name, json_integer(f[i].n));
			else if (f[i].s != NULL)
				json_object_set_new(o, f[i].name, json_bytes(f[i].s, f[i].len));
		}
		s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		buf_adds(&b, s);
		free(s);
		json_decref(o);
	} else {
		buf_adds(&b, buf_str(&t));
		for (i = 0; i < nf; i++) {
			if (f[i].is_num)
				buf_printf(&b, " %s=%lld", f[i].name, f[i].n);
			else if (f[i].s != NULL) {
				buf_printf(&b, " %s=%s", f[i].name, f[i].quote ? "\"" : "");
				sanitize_append(&b, f[i].s, f[i].len, 0, 0);
				if (f[i].quote)
					buf_addc(&b, '"');
			}
		}
	}
	emit(l, &b);
	buf_free(&b);
	buf_free(&t);
}

void
worklog_task(struct worklog *l, const char *worker, const char *id, size_t idlen, const char *outcome,
    long ms, long attempts, const char *error)
{
	struct field f[] = {
		{ "worker", worker, strlen(worker), 0, 0, 0 },
		{ "task_id", id, idlen, 0, 0, 0 },
		{ "outcome", outcome, strlen(outcome), 0, 0, 0 },
		{ "ms", NULL, 0, ms, 1, 0 },
		{ "attempts", NULL, 0, attempts, 1, 0 },
		{ "error", error, error != NULL ? strlen(error) : 0, 0, 0, 1 },
	};

	log_line(l, f, sizeof f / sizeof f[0]);
}

void
worklog_event(struct worklog *l, const char *worker, const char *event, const char *detail)
{
	struct field f[] = {
		{ "worker", worker, strlen(worker), 0, 0, 0 },
		{ "event", event, strlen(event), 0, 0, 0 },
		{ "detail", detail, detail != NULL ? strlen(detail) : 0, 0, 0, 1 },
	};

	log_line(l, f, sizeof f / sizeof f[0]);
}

void
worklog_close(struct worklog *l)
{
	if (l->own && l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}
