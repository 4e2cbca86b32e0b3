/* Fake platform data for the benchmarks: a fixed-seed random generator and
 * values shaped exactly as the platform's programs write them, shared by
 * gen-platform (which loads Redis) and session-parse (which parses in
 * memory), so both see the same sessions. */
#ifndef OCRTOP_BENCH_FAKE_H
#define OCRTOP_BENCH_FAKE_H

#include <stddef.h>
#include <stdint.h>

#define FAKE_UUID_LEN	36
#define FAKE_TOKEN_LEN	64
#define FAKE_SESSION_MAX 512	/* longest session value fake_session() writes */

/* Sessions idle past the backend's 30-minute rule are at least this idle;
 * active ones at most FAKE_ACTIVE_MS: a run may take minutes without a
 * session crossing the line. */
#define FAKE_IDLE_MIN_MS	(45 * 60000LL)
#define FAKE_ACTIVE_MS		(15 * 60000LL)

struct fake_rng {
	uint64_t	s;
};

struct fake_user {
	char		id[FAKE_UUID_LEN + 1];
	char		email[64];
	const char	*role;		/* static string */
};

/* What fake_session() wrote, for the caller's expected counts. */
struct fake_session_info {
	size_t		user;		/* index into the users array */
	int		idle;		/* last_activity older than FAKE_IDLE_MIN_MS */
	int64_t		last_ms;	/* last_activity */
};

/* Seeds the generator; the same seed gives the same data. */
void fake_seed(struct fake_rng *r, uint64_t seed);
/* Returns 64 random bits. */
uint64_t fake_next(struct fake_rng *r);
/* Returns a number in [0, n). */
uint64_t fake_below(struct fake_rng *r, uint64_t n);
/* Writes a lowercase UUID v4 (36 characters and a NUL). */
void fake_uuid(struct fake_rng *r, char *out);
/* Writes a session token as crypto.randomBytes(32).toString('hex'): 64 hex
 * digits and a NUL. */
void fake_token(struct fake_rng *r, char *out);
/* Fills users[0..n) with ids, emails and roles. */
void fake_users(struct fake_rng *r, struct fake_user *users, size_t n);
/* Picks a user, skewed so that a few users hold many sessions. */
size_t fake_pick_user(struct fake_rng *r, size_t nusers);
/* Writes one session value into out (at least FAKE_SESSION_MAX bytes) as
 * the backend's JSON.stringify writes it; returns its length. */
size_t fake_session(struct fake_rng *r, const struct fake_user *users, size_t nusers,
    int64_t now_ms, char *out, struct fake_session_info *info);

#endif
