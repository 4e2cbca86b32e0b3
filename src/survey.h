/* The whole platform read once, the way `status`, `snapshot` and `doctor`
 * need it: the census of task hashes and sessions, the snapshot of
 * everything else, and the alerts both raise. */
#ifndef OCRTOP_SURVEY_H
#define OCRTOP_SURVEY_H

#include <stdint.h>

#include "census.h"
#include "conn.h"
#include "keys.h"
#include "snapshot.h"

struct survey_opts {
	int64_t		stuck_after_ms;
	int64_t		max_wait_ms;
	long		idle_minutes;
	long		days;
	long		scan_count;
	int		samples;	/* keep failed and stuck tasks by name */
};

struct survey {
	struct census_result	res;
	struct snapshot		snap;		/* snap.census points at res */
};

/* The defaults status uses. */
void survey_opts_init(struct survey_opts *o);
/* Reads everything. -1 with *cause (nothing to free then). */
int survey_take(struct survey *sv, struct conn *c, const struct keys *k, const struct survey_opts *o, char **cause);
/* Frees what sv holds. */
void survey_free(struct survey *sv);

#endif
