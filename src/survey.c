/* Reading the whole platform. */
#include "config.h"

#include <string.h>

#include "alerts.h"
#include "survey.h"

void
survey_opts_init(struct survey_opts *o)
{
	memset(o, 0, sizeof *o);
	o->stuck_after_ms = 10 * 60000;
	o->max_wait_ms = 5 * 60000;
	o->idle_minutes = 30;
	o->days = 7;
	o->scan_count = 1000;
}

int
survey_take(struct survey *sv, struct conn *c, const struct keys *k, const struct survey_opts *o, char **cause)
{
	struct census_opts co;
	struct snapshot_opts so;
	struct alert_opts ao;
	struct census cs;

	memset(sv, 0, sizeof *sv);
	memset(&co, 0, sizeof co);
	co.scan_count = (unsigned)o->scan_count;
	co.samples = o->samples;
	co.stuck_after_ms = o->stuck_after_ms;
	co.idle_ms = (int64_t)o->idle_minutes * 60000;
	census_init(&cs, k, &co);
	if (census_step(&cs, c, 0, cause) < 0) {
		census_free(&cs);
		return -1;
	}
	census_take_result(&cs, &sv->res);
	census_free(&cs);
	memset(&so, 0, sizeof so);
	so.days = (int)o->days;
	if (snapshot_collect(&sv->snap, c, k, &so, cause) < 0) {
		census_result_free(&sv->res);
		return -1;
	}
	sv->snap.census = &sv->res;
	ao.max_wait_ms = o->max_wait_ms;
	ao.stuck_after_ms = o->stuck_after_ms;
	ao.keys = k;
	alerts_evaluate(&sv->snap, &ao);
	return 0;
}

void
survey_free(struct survey *sv)
{
	snapshot_free(&sv->snap);
	census_result_free(&sv->res);
}
