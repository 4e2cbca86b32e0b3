/* A resumable SCAN over one MATCH pattern: each call returns one batch of
 * keys. Shared by the census, the user-sessions reader and the bulk
 * actions, so every walk of the keyspace is bounded the same way. */
#ifndef OCRTOP_SCANWALK_H
#define OCRTOP_SCANWALK_H

#include <hiredis/hiredis.h>

#include "conn.h"

struct scanwalk {
	char		*match;		/* owned pattern */
	char		*cursor;	/* owned; "0" at start and at the end */
	unsigned	 count;		/* COUNT hint */
	int		 done;
	long long	 walked;	/* keys returned so far */
};

/* Starts a walk over keys matching pattern. */
void scanwalk_init(struct scanwalk *w, const char *match, unsigned count);
/* Starts a walk over keys starting with prefix (glob characters escaped). */
void scanwalk_init_prefix(struct scanwalk *w, const char *prefix, unsigned count);
/* Runs one SCAN. Returns the reply (caller frees) whose element[1] is the
 * array of keys, or NULL with *cause. The cursor only advances once the
 * caller calls scanwalk_advance(), so a failed batch is redone. */
redisReply *scanwalk_next(struct scanwalk *w, struct conn *c, char **cause);
/* Queues the SCAN that follows batch (whose cursor is not "0") on a
 * pipeline, so Redis walks on while the caller works on batch. */
void scanwalk_send_after(struct scanwalk *w, struct conn *c, const redisReply *batch);
/* Reads a SCAN reply queued with scanwalk_send_after(); as scanwalk_next(). */
redisReply *scanwalk_recv(struct scanwalk *w, struct conn *c, char **cause);
/* Moves past a batch scanwalk_next() returned. */
void scanwalk_advance(struct scanwalk *w, const redisReply *batch);
/* Restarts from the beginning. */
void scanwalk_reset(struct scanwalk *w);
/* Frees the walk. */
void scanwalk_free(struct scanwalk *w);

/* Called for each key a field walk finds: id is the key after the prefix,
 * r the HMGET reply (borrowed; an error reply for a key of another type). */
typedef void (*scanwalk_fields_fn)(void *arg, const char *id, size_t idlen, const redisReply *r);
/* Walks every key longer than prefix, COUNT count, reading nfields fields
 * of each: one SCAN, then one HMGET per key pipelined, per batch. Calls fn
 * for each key. Returns 0, or -1 with *cause. */
int scanwalk_fields(struct conn *c, const char *prefix, unsigned count, const char *const *fields,
    int nfields, scanwalk_fields_fn fn, void *arg, char **cause);

#endif
