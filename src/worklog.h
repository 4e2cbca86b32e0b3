/* One log line per task (id, outcome, milliseconds, attempts, error;
 * never the recognised text), as text or JSON, to its own descriptor: a
 * dup of stderr taken at start or a --log file. Not fd 2 itself, which
 * the OCR module points at /dev/null while an image decodes. Thread-safe;
 * every line is one write(). */
#ifndef OCRTOP_WORKLOG_H
#define OCRTOP_WORKLOG_H

#include <stddef.h>

struct worklog {
	int	fd;		/* -1: no log */
	int	json;
	int	own;		/* close fd at the end */
};

/* Opens path (append) or, when NULL, a dup of stderr. -1 with *cause. */
int worklog_open(struct worklog *l, const char *path, int json, char **cause);
/* Logs nothing. */
void worklog_none(struct worklog *l);
/* Logs one task: outcome is completed, failed, retry, released, late,
 * orphan, skip; error may be NULL. id is raw bytes from Redis. */
void worklog_task(struct worklog *l, const char *worker, const char *id, size_t idlen, const char *outcome,
    long ms, long attempts, const char *error);
/* Logs a worker event (started, stopping, recovered, error). */
void worklog_event(struct worklog *l, const char *worker, const char *event, const char *detail);
/* Closes the log. */
void worklog_close(struct worklog *l);

#endif
