/* The Lua scripts behind every atomic change ocrtop makes to the
 * platform's queues: loaded once per connection with SCRIPT LOAD, called
 * with EVALSHA, re-sent on NOSCRIPT (after a Redis restart). Every key a
 * script touches is passed in KEYS; channels are computed in the script.
 * Time inside scripts is Redis's own (TIME), so leases mean the same on
 * every host. */
#ifndef OCRTOP_SCRIPTS_H
#define OCRTOP_SCRIPTS_H

#include <stddef.h>

#include <hiredis/hiredis.h>

#include "conn.h"

enum script_id {
	SCRIPT_CLAIM,		/* move the head of a queue into a lease */
	SCRIPT_COMPLETE,	/* result, counters, stats, notifications; detects late acks */
	SCRIPT_FAIL,		/* retry or fail for good */
	SCRIPT_RELEASE,		/* put an unfinished task back (graceful stop) */
	SCRIPT_EXTEND,		/* heartbeat: push a lease's deadline */
	SCRIPT_RECOVER,		/* requeue (or fail) a task whose lease expired */
	SCRIPT_REQUEUE,		/* operator: put a task back where it belongs */
	SCRIPT_PRIORITY,	/* operator: give a task a priority score */
	SCRIPT_FRONT,		/* operator: make a task run next */
	SCRIPT_CANCEL,		/* operator: take a task out of every queue */
	SCRIPT_DELETE,		/* operator: delete a task's data */
	SCRIPT_LOGOUT,		/* delete the sessions among KEYS that belong to a user */
	SCRIPT_PURGE_IDLE,	/* delete sessions unchanged since judged idle */
	SCRIPT_UNQUEUE,		/* fsck: take a queued id without data out, set it aside */
	SCRIPT_DEDUPE,		/* fsck: keep one queue entry per task */
	SCRIPT_RAISE,		/* fsck: raise a counter to at least a value */
	SCRIPT_COUNT
};

/* SHA1s of the loaded scripts for one connection (empty until loaded). */
struct scripts {
	char	sha[SCRIPT_COUNT][41];
};

/* One script call: keys[0..nkeys) and args[0..nargs), binary-safe (lens
 * may be NULL for C strings). */
struct script_call {
	enum script_id		 id;
	int			 nkeys;
	const char *const	*keys;
	const size_t		*klens;
	int			 nargs;
	const char *const	*args;
	const size_t		*alens;
};

/* Returns the script's name for messages. */
const char *scripts_name(enum script_id id);
/* Runs n scripts in one round trip, in order, loading them when needed.
 * replies[i] is each one's reply, or NULL with causes[i] for an error
 * reply. Returns 0, or -1 with *cause when the connection failed (nothing
 * left to free then). */
int scripts_call_many(struct scripts *s, struct conn *c, const struct script_call *calls, size_t n,
    redisReply **replies, char **causes, char **cause);
/* Runs one script: the reply, or NULL with *cause for an error reply or a
 * failed connection. */
redisReply *scripts_call(struct scripts *s, struct conn *c, enum script_id id,
    int nkeys, const char *const *keys, const size_t *klens,
    int nargs, const char *const *args, const size_t *alens, char **cause);

#endif
