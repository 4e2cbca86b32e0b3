/* The process-wide context: global options, where Redis is (resolved from
 * flags, environment and env file), key names and terminal capabilities.
 * Passed to every command; no writable globals elsewhere. */
#ifndef OCRTOP_CTX_H
#define OCRTOP_CTX_H

#include "conn.h"
#include "endpoint.h"
#include "envfile.h"
#include "keys.h"
#include "opts.h"
#include "profile.h"

#define EXIT_OK		0
#define EXIT_ERROR	1	/* Redis unreachable, refused, or an action failed */
#define EXIT_USAGE	2	/* bad command line or configuration */
#define EXIT_NOT_FOUND	3	/* an action named a task or user that does not exist */
#define EXIT_REFUSED	4	/* read-only, not confirmed, or held by a live worker */

#define DEFAULT_TIMEOUT_MS 5000

struct ctx {
	/* Global options (owned copies). */
	char		*url;		/* --url; its password is wiped from argv */
	char		*env_file;	/* --env-file */
	char		*ns;		/* --namespace */
	int		 timeout_ms;	/* --timeout; -1 when not given */
	int		 no_color;
	int		 read_only;	/* mutating actions refuse */
	char		*read_only_why;	/* owned: --read-only, OCRTOP_READ_ONLY, or an ACL */
	char		*audit_log;	/* --audit-log, owned */
	char		*profile_name;	/* -p, --profile, or OCRTOP_PROFILE; owned */
	int		 help;
	int		 version;
	/* Resolved by ctx_resolve(). */
	int		 resolved;
	struct profile	 prof;		/* the config file's settings */
	struct envfile	 env;
	struct endpoint	 ep;
	struct keys	 keys;
	struct conn_opts conn_opts;
	/* The terminal: SAN_ASCII unless the locale is UTF-8. */
	unsigned	 san;
};

extern const struct opt ctx_options[];

/* Sets defaults. */
void ctx_init(struct ctx *ctx);
/* Applies a global option (an opt_handler). */
int ctx_option(void *ctx, int id, char *arg, char **cause);
/* Loads the env file, resolves the endpoint, timeouts and key names. */
int ctx_resolve(struct ctx *ctx, char **cause);
/* Looks a setting up: the environment, then the env file (endpoint_lookup_fn). */
const char *ctx_lookup(void *ctx, const char *name);
/* Opens a connection to the resolved endpoint, named ocrtop:<role>. -1
 * with *cause. */
int ctx_connect(struct ctx *ctx, struct conn *c, const char *role, char **cause);
/* Prints "ocrtop: <cause>" on stderr, sanitized. */
void ctx_error(const struct ctx *ctx, const char *cause);
/* Marks the context read-only and says why. */
void ctx_set_read_only(struct ctx *ctx, const char *why);
/* For mutating actions: 0 when allowed; otherwise prints why, and returns
 * EXIT_REFUSED. */
int ctx_refuse_if_read_only(struct ctx *ctx, const char *action);
/* Frees everything. */
void ctx_free(struct ctx *ctx);

#endif
