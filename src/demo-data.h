/* A realistic platform for `ocrtop demo` and `ocrtop seed`, written as
 * the backend and the workers write it: a few thousand tasks over every
 * status and priority (ids in both queues, stuck ones held by a dead
 * worker, failures in groups, timestamps in ms and in s, a few odd
 * statuses), their cached results, hundreds of JSON sessions over dozens
 * of users (some idle past 30 minutes, a few malformed), the counters and
 * 30 days of daily statistics. Tasks name real page images by file_id
 * (and a few name files that do not exist, as uploads that went missing). */
#ifndef OCRTOP_DEMO_DATA_H
#define OCRTOP_DEMO_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "keys.h"

struct demo_rng {
	uint64_t	s;
};

/* The file ids that have an image: *.png names, without the extension. */
struct demo_files {
	char		**names;	/* owned */
	size_t		  n;
};

struct demo_shape {
	long		tasks;		/* default 3000 */
	long		sessions;	/* default 400 */
	long		users;		/* default 40 */
};

void demo_rng_seed(struct demo_rng *r, uint64_t seed);
/* A number in [0, n). */
long demo_rng_below(struct demo_rng *r, long n);
/* Lists dir's page images. -1 with *cause when there are none. */
int demo_files_list(const char *dir, struct demo_files *f, char **cause);
void demo_files_free(struct demo_files *f);
/* Where the demo's page images are: installed with ocrtop, or in the
 * source tree it was built from. NULL when neither exists. */
const char *demo_pages_dir(void);
/* Writes the whole platform. -1 with *cause. */
int demo_load(struct conn *c, const struct keys *k, const struct demo_shape *shape, const struct demo_files *f,
    struct demo_rng *r, char **cause);
/* One new task, as the backend queues it (FIFO, or the priority set for
 * a priority above 5). -1 with *cause. */
int demo_add_task(struct conn *c, const struct keys *k, long users, const struct demo_files *f,
    struct demo_rng *r, char **cause);
/* A user logs in: a new session, as the backend writes it (SETEX 7 days).
 * -1 with *cause. */
int demo_add_session(struct conn *c, const struct keys *k, long users, struct demo_rng *r, char **cause);

#endif
