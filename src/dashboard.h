/* The dashboard's options and its start, shared by `ocrtop dashboard` and
 * `ocrtop demo`. */
#ifndef OCRTOP_DASHBOARD_H
#define OCRTOP_DASHBOARD_H

#include <stdint.h>

#include "ctx.h"
#include "opts.h"

struct dash_args {
	int64_t		 interval_ms;
	const char	*theme;
	int64_t		 stuck_after_ms;
	int64_t		 max_wait_ms;
	long		 idle_minutes;
	long		 scan_count;
	double		 census_share;
	const char	*files_dir;
	const char	*lang;
	long		 workers;
	const char	*worker_log;
	int		 interval_given;	/* on the command line: the config file's does not apply */
};

/* The options, with ids from 1 (commands sharing them use ids from 100). */
extern const struct opt dashboard_options[];

/* The defaults. */
void dash_args_init(struct dash_args *a);
/* An opt_handler for dashboard_options. */
int dashboard_option(void *state, int id, char *arg, char **cause);
/* Runs the dashboard on the resolved ctx until q; demo marks the header
 * and starts the in-process workers at once. Returns the exit status. */
int dashboard_run(struct ctx *ctx, const struct dash_args *a, int demo);

#endif
