/* Deleting sessions in bulk, safely: a SCAN walk of the session prefix
 * (bounded batches, the next SCAN pipelined behind each MGET), each value
 * read by the allocation-free session scanner, and only the candidates
 * sent to a Lua script that re-checks them on the server and deletes:
 *
 * - logout-all: sessions whose user_id (or email) is the one given; the
 *   script decodes the current value, so a session the backend refreshed
 *   in between is still deleted, and a value that is not a session of
 *   that user never is;
 * - purge-idle: sessions idle longer than the backend's rule; the script
 *   deletes a key only if it still holds exactly the value judged idle,
 *   so a session refreshed in between survives.
 *
 * Scripts see only a batch's candidates (a few per batch), so none runs
 * for more than a few milliseconds. */
#ifndef OCRTOP_SWEEP_H
#define OCRTOP_SWEEP_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "keys.h"
#include "scripts.h"
#include "session.h"

struct sweep_opts {
	enum session_field field;	/* logout: SF_USER_ID or SF_EMAIL */
	const char	*value;		/* logout: whose sessions */
	size_t		 value_len;
	int64_t		 idle_ms;	/* purge: idle longer than this */
	unsigned	 scan_count;
	const atomic_int *cancel;	/* stop between batches */
	/* After each batch: keys read and deleted so far. */
	void		(*progress)(void *arg, long long scanned, long long deleted);
	void		*progress_arg;
};

#define SWEEP_USERS_MAX 64	/* users counted one by one (logout-all: one, or a few by email) */

struct sweep_user {
	char		*id;		/* owned */
	size_t		 len;
	long long	 deleted;
};

struct sweep_result {
	long long	 scanned;	/* session keys read */
	long long	 candidates;	/* judged deletable by the scanner */
	long long	 deleted;	/* deleted by the script */
	struct sweep_user *users;	/* logout-all: whose sessions went, and how many (owned) */
	size_t		 nusers;
	int		 interrupted;
};

/* Logs a user out of every device. -1 with *cause. */
int sweep_logout(struct conn *c, const struct keys *k, struct scripts *sc, const struct sweep_opts *o,
    struct sweep_result *res, char **cause);
/* Deletes sessions idle longer than o->idle_ms. -1 with *cause. */
int sweep_purge_idle(struct conn *c, const struct keys *k, struct scripts *sc, const struct sweep_opts *o,
    struct sweep_result *res, char **cause);
/* Counts the sessions sweep_purge_idle() would delete (deletes nothing). */
int sweep_count_idle(struct conn *c, const struct keys *k, const struct sweep_opts *o, struct sweep_result *res,
    char **cause);
/* Publishes sessions_revoked on ns:notifications:user:{id} for each user
 * of res->users, with that user's count (best effort: the sessions are
 * gone either way). */
void sweep_publish_revoked(struct conn *c, const struct keys *k, const struct sweep_result *res);
/* Frees what res holds. */
void sweep_result_free(struct sweep_result *res);

#endif
