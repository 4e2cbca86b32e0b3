/* Where Redis is and how to log in: URL parsing, the resolution order of
 * flags, environment and env file, and printable descriptions that never
 * contain the password. */
#ifndef OCRTOP_ENDPOINT_H
#define OCRTOP_ENDPOINT_H

#include <stddef.h>

enum endpoint_kind {
	ENDPOINT_TCP,
	ENDPOINT_UNIX
};

struct endpoint {
	enum endpoint_kind kind;
	char	*host;		/* TCP host name or address, owned */
	int	 port;
	char	*path;		/* Unix socket path, owned */
	int	 db;
	char	*user;		/* ACL user, owned; NULL: the default user */
	char	*password;	/* owned; NULL: no AUTH */
};

/* Looks a setting up by name (environment, then env file); NULL if unset. */
typedef const char *(*endpoint_lookup_fn)(void *arg, const char *name);

/* Parses redis://[[user]:password@]host[:port][/db][?db=N] or
 * unix:///path[?db=N]. rediss:// is refused (no TLS yet). -1 with *cause,
 * which never contains the password. */
int endpoint_parse_url(struct endpoint *ep, const char *url, char **cause);
/* Resolves the endpoint: url (from --url) if given, else REDIS_URL, else
 * REDIS_HOST/REDIS_PORT/REDIS_DB, else 127.0.0.1:6379/0; then REDIS_PASSWORD
 * and REDIS_USERNAME apply when the endpoint carries no password. */
int endpoint_resolve(struct endpoint *ep, const char *url, endpoint_lookup_fn lookup, void *arg, char **cause);
/* Returns "redis://user@host:port/db" or "unix:///path" (never a password). */
char *endpoint_describe(const struct endpoint *ep);
/* Returns url with any password replaced by "***", for messages. */
char *endpoint_mask_url(const char *url);
/* Overwrites the password inside a URL string in place (for argv), so that
 * ps shows "***"; returns 1 if there was one, else 0. */
int endpoint_wipe_url_password(char *url);
/* Deep-copies src into dst. */
void endpoint_copy(struct endpoint *dst, const struct endpoint *src);
/* Frees the strings ep holds (wiping the password first). */
void endpoint_free(struct endpoint *ep);

#endif
