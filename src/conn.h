/* One Redis connection: connect with timeouts, AUTH (ACL user + password),
 * SELECT, CLIENT SETNAME; commands and pipelines; error replies turned into
 * one clear line; reconnection with capped backoff for long-running modes.
 *
 * hiredis 0.14 facts this relies on: a command timeout (redisSetTimeout)
 * is separate from the connect timeout; after any I/O error or timeout the
 * context is dead, so it is freed and the next conn_ensure() builds a new
 * one, re-applying timeouts, AUTH, SELECT and the client name. A conn is
 * used by one thread at a time. */
#ifndef OCRTOP_CONN_H
#define OCRTOP_CONN_H

#include <stddef.h>
#include <stdint.h>

#include <hiredis/hiredis.h>

#include "endpoint.h"

struct conn_opts {
	int	 connect_timeout_ms;
	int	 command_timeout_ms;	/* 0: no command timeout (blocking commands) */
	const char *client_name;	/* CLIENT SETNAME value, or NULL; copied */
};

struct conn {
	redisContext	*rc;		/* NULL while disconnected */
	struct endpoint	 ep;		/* own copy */
	struct conn_opts opts;		/* client_name owned */
	char		*desc;		/* endpoint_describe(), owned */
	int64_t		 next_attempt_ms; /* mono_ms() before which conn_ensure() waits */
	int		 backoff_ms;
	unsigned	 failures;	/* consecutive failed connects */
};

/* Prepares c for ep (copied); does not connect. */
void conn_init(struct conn *c, const struct endpoint *ep, const struct conn_opts *opts);
/* Connects and logs in. -1 with a one-line *cause naming the endpoint. */
int conn_connect(struct conn *c, char **cause);
/* Connects unless connected, at most once per backoff period (250 ms
 * doubling to 30 s). 0 when connected, -1 with *cause otherwise. */
int conn_ensure(struct conn *c, char **cause);
/* Milliseconds until conn_ensure() will try again (0: now). */
int64_t conn_retry_in_ms(const struct conn *c);
/* Drops the connection (conn_ensure() reconnects). */
void conn_disconnect(struct conn *c);
/* Disconnects and frees everything c holds. */
void conn_free(struct conn *c);
/* Sends one command (printf-like hiredis format) and returns its reply;
 * NULL with *cause on an I/O error (the connection is dropped) or on an
 * error reply (turned into a clear message). Caller frees the reply. */
redisReply *conn_cmd(struct conn *c, char **cause, const char *fmt, ...);
/* Same with binary-safe arguments. */
redisReply *conn_cmdv(struct conn *c, char **cause, int argc, const char **argv, const size_t *lens);
/* Queues a command for a pipeline (binary-safe). */
void conn_append(struct conn *c, int argc, const char **argv, const size_t *lens);
/* Queues a formatted command for a pipeline. */
void conn_appendf(struct conn *c, const char *fmt, ...);
/* Reads the next pipelined reply: error replies are returned as reply
 * objects (per-command data); NULL with *cause only on I/O errors. */
redisReply *conn_read(struct conn *c, char **cause);
/* Turns an error reply to cmd into one clear line (caller frees). */
char *conn_error_text(const struct conn *c, const char *cmd, const char *err, size_t len);
/* Returns 1 when an error reply says the command is unknown, renamed or
 * forbidden by an ACL, so a caller can mark a feature unavailable. */
int conn_error_is_unavailable(const redisReply *r);

#endif
