/* The sessions of one user (by user_id or by email), found by a resumable
 * SCAN of the session prefix: MGET per batch, the allocation-free session
 * scanner, and PTTL for the matches. Used by the Sessions screen and by the
 * logout-all preview. */
#ifndef OCRTOP_USER_SESSIONS_H
#define OCRTOP_USER_SESSIONS_H

#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "keys.h"
#include "scanwalk.h"
#include "session.h"

#define USER_SESSIONS_MAX 10000		/* matches kept (all are counted) */

struct user_session {
	char	*token;		/* the key without the prefix, owned */
	size_t	 token_len;
	char	*user;		/* owned, decoded */
	char	*email;
	char	*role;
	char	*ip;
	int64_t	 created_ms;	/* -1 unknown */
	int64_t	 last_ms;
	long long ttl_ms;	/* -1 no expiry, -2 gone */
};

struct user_sessions {
	char			*match;		/* what is looked for, owned */
	size_t			 match_len;
	enum session_field	 field;		/* SF_USER_ID or SF_EMAIL */
	char			*prefix;	/* the session prefix, owned */
	size_t			 prefix_len;
	struct scanwalk		 walk;
	int			 done;
	long long		 matched;	/* all matches, kept or not */
	long long		 scanned;	/* session keys read */
	struct user_session	*v;		/* owned */
	size_t			 n;
	size_t			 cap;
};

/* Prepares a search for sessions whose field equals value[0..len). */
void user_sessions_init(struct user_sessions *us, const struct keys *k, enum session_field field,
    const char *value, size_t len, unsigned scan_count);
/* Walks for up to budget_us (0: to the end). 1 when done, 0 when more is
 * left, -1 with *cause. */
int user_sessions_step(struct user_sessions *us, struct conn *c, int64_t budget_us, char **cause);
/* Returns the first six bytes of a token: all that is ever shown of it. */
char *user_sessions_mask(const char *token, size_t len);
/* Deep-copies one session. */
void user_session_copy(struct user_session *dst, const struct user_session *src);
/* Frees what one session owns. */
void user_session_free(struct user_session *s);
/* Frees us. */
void user_sessions_free(struct user_sessions *us);

#endif
