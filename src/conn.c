/* Redis connections. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "conn.h"
#include "sanitize.h"
#include "timefmt.h"
#include "xmalloc.h"

#define BACKOFF_MIN_MS	250
#define BACKOFF_MAX_MS	30000

static char *io_error_text(struct conn *c, const char *cmd);
static redisReply *checked_reply(struct conn *c, redisReply *r, const char *cmd, char **cause);
static int login(struct conn *c, char **cause);
static struct timeval ms_to_tv(int ms);
static char *first_word(const char *s);

static struct timeval
ms_to_tv(int ms)
{
	struct timeval tv;

	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	return tv;
}

static char *
first_word(const char *s)
{
	return xstrndup(s, strcspn(s, " "));
}

void
conn_init(struct conn *c, const struct endpoint *ep, const struct conn_opts *opts)
{
	memset(c, 0, sizeof *c);
	endpoint_copy(&c->ep, ep);
	c->opts = *opts;
	c->opts.client_name = opts->client_name != NULL ? xstrdup(opts->client_name) : NULL;
	c->desc = endpoint_describe(ep);
	c->backoff_ms = BACKOFF_MIN_MS;
}

/* Describes a dead context's I/O error for people. */
static char *
io_error_text(struct conn *c, const char *cmd)
{
	const char *why = c->rc != NULL ? c->rc->errstr : "not connected";
	int err = c->rc != NULL ? c->rc->err : 0;
	char *s;

	if (err == REDIS_ERR_IO && (strstr(why, "temporarily unavailable") != NULL ||
	    strstr(why, "timed out") != NULL))
		s = xasprintf("%s: no reply to %s within %d ms (Redis busy or unreachable; see --timeout)",
		    c->desc, cmd, c->opts.command_timeout_ms);
	else if (err == REDIS_ERR_EOF)
		s = xasprintf("%s: Redis closed the connection during %s", c->desc, cmd);
	else
		s = xasprintf("%s: %s failed: %s", c->desc, cmd, why);
	return s;
}

char *
conn_error_text(const struct conn *c, const char *cmd, const char *err, size_t len)
{
	char *safe = sanitize(err, len, 300, 0), *s;
	const char *user = c->ep.user != NULL ? c->ep.user : "default";

	if (strncmp(err, "NOAUTH", 6) == 0)
		s = xasprintf("%s: Redis requires a password: set REDIS_PASSWORD, use --env-file, "
		    "or give it in the URL", c->desc);
	else if (strncmp(err, "WRONGPASS", 9) == 0 || strncmp(err, "ERR invalid password", 20) == 0 ||
	    strncmp(err, "ERR invalid username-password", 29) == 0)
		s = xasprintf("%s: authentication failed for user '%s' (wrong password, unknown or "
		    "disabled user)", c->desc, user);
	else if (strncmp(err, "ERR AUTH", 8) == 0 && strstr(err, "without any password") != NULL)
		s = xasprintf("%s: a password was given but Redis has none configured "
		    "(unset REDIS_PASSWORD?)", c->desc);
	else if (strncmp(err, "NOPERM", 6) == 0)
		s = xasprintf("%s: permission denied: ACL user '%s' may not run %s (%s)",
		    c->desc, user, cmd, safe);
	else if (strncmp(err, "LOADING", 7) == 0)
		s = xasprintf("%s: Redis is loading its dataset into memory; try again shortly", c->desc);
	else if (strncmp(err, "BUSY", 4) == 0)
		s = xasprintf("%s: Redis is busy running a script (BUSY); it answers nothing else until "
		    "the script ends or SCRIPT KILL", c->desc);
	else if (strncmp(err, "ERR unknown command", 19) == 0)
		s = xasprintf("%s: Redis does not know %s: renamed or disabled in its configuration",
		    c->desc, cmd);
	else if (strncmp(err, "MASTERDOWN", 10) == 0)
		s = xasprintf("%s: the replica has lost its master (MASTERDOWN)", c->desc);
	else
		s = xasprintf("%s: %s: %s", c->desc, cmd, safe);
	free(safe);
	return s;
}

int
conn_error_is_unavailable(const redisReply *r)
{
	return r != NULL && r->type == REDIS_REPLY_ERROR &&
	    (strncmp(r->str, "NOPERM", 6) == 0 || strncmp(r->str, "ERR unknown command", 19) == 0 ||
	    strncmp(r->str, "ERR unknown subcommand", 22) == 0);
}

/* Frees an error reply and returns NULL with *cause, or returns r. */
static redisReply *
checked_reply(struct conn *c, redisReply *r, const char *cmd, char **cause)
{
	if (r == NULL) {
		*cause = io_error_text(c, cmd);
		conn_disconnect(c);
		return NULL;
	}
	if (r->type == REDIS_REPLY_ERROR) {
		*cause = conn_error_text(c, cmd, r->str, r->len);
		freeReplyObject(r);
		return NULL;
	}
	return r;
}

static int
login(struct conn *c, char **cause)
{
	redisReply *r = NULL;

	if (c->ep.password != NULL) {
		if (c->ep.user != NULL)
			r = redisCommand(c->rc, "AUTH %s %s", c->ep.user, c->ep.password);
		else
			r = redisCommand(c->rc, "AUTH %s", c->ep.password);
		if ((r = checked_reply(c, r, "AUTH", cause)) == NULL)
			return -1;
		freeReplyObject(r);
	}
	if (c->ep.db != 0) {
		r = checked_reply(c, redisCommand(c->rc, "SELECT %d", c->ep.db), "SELECT", cause);
		if (r == NULL)
			return -1;
		freeReplyObject(r);
	}
	if (c->opts.client_name != NULL) {
		/* Best effort: an ACL may forbid CLIENT. */
		r = redisCommand(c->rc, "CLIENT SETNAME %s", c->opts.client_name);
		if (r == NULL) {
			*cause = io_error_text(c, "CLIENT SETNAME");
			return -1;
		}
		freeReplyObject(r);
	}
	return 0;
}

int
conn_connect(struct conn *c, char **cause)
{
	struct timeval tv = ms_to_tv(c->opts.connect_timeout_ms);

	conn_disconnect(c);
	errno = 0;
	if (c->ep.kind == ENDPOINT_UNIX)
		c->rc = redisConnectUnixWithTimeout(c->ep.path, tv);
	else
		c->rc = redisConnectWithTimeout(c->ep.host, c->ep.port, tv);
	if (c->rc == NULL) {
		*cause = xasprintf("cannot connect to %s: out of memory", c->desc);
		return -1;
	}
	if (c->rc->err != 0) {
		const char *why = c->rc->errstr;

		if (errno == ECONNREFUSED || strstr(why, "refused") != NULL)
			*cause = xasprintf("cannot connect to %s: connection refused (is redis-server running?)",
			    c->desc);
		else if (errno == ETIMEDOUT || strstr(why, "timed out") != NULL)
			*cause = xasprintf("cannot connect to %s: timed out after %d ms", c->desc,
			    c->opts.connect_timeout_ms);
		else if (c->ep.kind == ENDPOINT_TCP && c->rc->err == REDIS_ERR_OTHER)
			*cause = xasprintf("cannot connect to %s: cannot resolve host '%s': %s", c->desc,
			    c->ep.host, why);
		else
			*cause = xasprintf("cannot connect to %s: %s", c->desc, why);
		conn_disconnect(c);
		return -1;
	}
	if (c->opts.command_timeout_ms > 0 &&
	    redisSetTimeout(c->rc, ms_to_tv(c->opts.command_timeout_ms)) != REDIS_OK) {
		*cause = xasprintf("cannot set the command timeout on %s: %s", c->desc, c->rc->errstr);
		conn_disconnect(c);
		return -1;
	}
	if (c->ep.kind == ENDPOINT_TCP)
		redisEnableKeepAlive(c->rc);
	if (login(c, cause) < 0) {
		conn_disconnect(c);
		return -1;
	}
	c->failures = 0;
	c->backoff_ms = BACKOFF_MIN_MS;
	return 0;
}

int
conn_ensure(struct conn *c, char **cause)
{
	int64_t now = mono_ms();

	if (c->rc != NULL)
		return 0;
	if (now < c->next_attempt_ms) {
		*cause = xasprintf("%s: disconnected, retrying in %lld ms", c->desc,
		    (long long)(c->next_attempt_ms - now));
		return -1;
	}
	if (conn_connect(c, cause) == 0)
		return 0;
	c->failures++;
	c->next_attempt_ms = mono_ms() + c->backoff_ms;
	c->backoff_ms = c->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : c->backoff_ms * 2;
	return -1;
}

int64_t
conn_retry_in_ms(const struct conn *c)
{
	int64_t d = c->next_attempt_ms - mono_ms();

	return c->rc != NULL || d < 0 ? 0 : d;
}

void
conn_disconnect(struct conn *c)
{
	if (c->rc != NULL) {
		redisFree(c->rc);
		c->rc = NULL;
	}
}

void
conn_free(struct conn *c)
{
	conn_disconnect(c);
	endpoint_free(&c->ep);
	free((char *)c->opts.client_name);
	free(c->desc);
	memset(c, 0, sizeof *c);
}

redisReply *
conn_cmd(struct conn *c, char **cause, const char *fmt, ...)
{
	va_list ap;
	redisReply *r;
	char *cmd = first_word(fmt);

	if (c->rc == NULL) {
		*cause = xasprintf("%s: not connected", c->desc);
		free(cmd);
		return NULL;
	}
	va_start(ap, fmt);
	r = checked_reply(c, redisvCommand(c->rc, fmt, ap), cmd, cause);
	va_end(ap);
	free(cmd);
	return r;
}

redisReply *
conn_cmdv(struct conn *c, char **cause, int argc, const char **argv, const size_t *lens)
{
	char *cmd = xstrndup(argv[0], lens != NULL ? lens[0] : strlen(argv[0]));
	redisReply *r;

	if (c->rc == NULL) {
		*cause = xasprintf("%s: not connected", c->desc);
		free(cmd);
		return NULL;
	}
	r = checked_reply(c, redisCommandArgv(c->rc, argc, argv, lens), cmd, cause);
	free(cmd);
	return r;
}

void
conn_append(struct conn *c, int argc, const char **argv, const size_t *lens)
{
	if (c->rc != NULL)
		redisAppendCommandArgv(c->rc, argc, argv, lens);
}

void
conn_appendf(struct conn *c, const char *fmt, ...)
{
	va_list ap;

	if (c->rc == NULL)
		return;
	va_start(ap, fmt);
	redisvAppendCommand(c->rc, fmt, ap);
	va_end(ap);
}

redisReply *
conn_read(struct conn *c, char **cause)
{
	void *r = NULL;

	if (c->rc == NULL) {
		*cause = xasprintf("%s: not connected", c->desc);
		return NULL;
	}
	if (redisGetReply(c->rc, &r) != REDIS_OK || r == NULL) {
		*cause = io_error_text(c, "a pipelined command");
		conn_disconnect(c);
		return NULL;
	}
	return r;
}
