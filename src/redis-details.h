/* What the Redis and Workers screens show beyond the snapshot: INFO by
 * section, SLOWLOG, CLIENT LIST. Each part is marked unavailable when an
 * ACL or a renamed command forbids it, never an error. */
#ifndef OCRTOP_REDIS_DETAILS_H
#define OCRTOP_REDIS_DETAILS_H

#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "info.h"

struct slowlog_entry {
	long long	 id;
	int64_t		 when_ms;
	long long	 duration_us;
	char		*command;	/* arguments joined by spaces, raw, owned */
	char		*client;	/* addr or name, raw, owned */
};

struct client_entry {
	char	*line;		/* the raw CLIENT LIST line, owned; fields point into it */
	const char *id, *addr, *name, *flags, *cmd, *db, *age, *idle, *user;
	int	 blocked;	/* flags contain 'b' */
};

struct redis_details {
	int			 info_ok;
	struct info		 info;		/* INFO all */
	int			 slowlog_ok;
	size_t			 nslow;
	struct slowlog_entry	*slow;
	int			 clients_ok;
	size_t			 nclients;
	struct client_entry	*clients;
};

/* Reads INFO all, SLOWLOG GET 32 and CLIENT LIST in one round trip. -1 with
 * *cause only when the connection fails. */
int redis_details_read(struct conn *c, struct redis_details *d, char **cause);
/* Parses CLIENT LIST output (exposed for tests). */
void redis_details_parse_clients(struct redis_details *d, const char *text, size_t len);
/* Returns 1 if a client is blocked in a queue-popping command. */
int redis_details_is_worker(const struct client_entry *e);
/* Frees d. */
void redis_details_free(struct redis_details *d);

#endif
