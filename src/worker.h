/* The OCR worker pool: N threads, each with its own Redis connection and
 * its own tesseract engine, claiming tasks through taskq (priority set
 * first, then the FIFO list), plus one heartbeat thread that extends the
 * leases of running tasks, publishes every thread in the registry and
 * recovers tasks whose worker died. Used by `ocrtop worker` and by the
 * dashboard's in-process workers (W, +, -).
 *
 * Stopping: worker_pool_stop() stops claiming; running tasks finish until
 * the grace period ends, then recognition is cancelled and unfinished
 * tasks are put back at the front of their queue. */
#ifndef OCRTOP_WORKER_H
#define OCRTOP_WORKER_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "keys.h"
#include "ocr.h"
#include "worklog.h"

#define WORKER_MAX_THREADS 64

/* What recognises an image: tesseract by default; a benchmark may put a
 * stub here to measure the queue alone. */
struct ocr_backend {
	struct ocr_engine *(*engine_new)(const char *lang, int psm, char **cause);
	void		 (*engine_set_cancel)(struct ocr_engine *e, const atomic_int *flag);
	enum ocr_status	 (*recognize_file)(struct ocr_engine *e, const char *path,
			    const struct ocr_limits *lim, struct ocr_result *res, char **cause);
	void		 (*engine_free)(struct ocr_engine *e);
};

extern const struct ocr_backend ocr_backend_tesseract;

struct worker_opts {
	int		 threads;
	int64_t		 lease_ms;	/* --lease */
	int		 max_attempts;	/* --max-attempts */
	const char	*files_dir;	/* --files-dir, or NULL */
	const char	*lang;		/* --lang */
	int		 psm;		/* --psm, -1 default */
	struct ocr_limits limits;	/* --max-pixels, --max-file-size, --task-timeout */
	int		 drain;		/* exit when nothing is queued or leased */
	long		 max_tasks;	/* stop after this many claims (0: no limit) */
	int64_t		 idle_wait_ms;	/* how long an idle thread blocks before looking again */
	struct worklog	*log;		/* borrowed */
	const struct ocr_backend *ocr;	/* NULL: tesseract */
};

struct worker_stats {
	int		 threads;	/* running */
	int		 busy;
	long long	 done;
	long long	 failed;
	long long	 retried;
	long long	 orphans;
	long long	 recovered;
	double		 mean_ms;
	char		*error;		/* the last thread error, owned by the caller */
};

struct worker_pool;

/* Starts the pool (threads start their engines on their own). NULL with
 * *cause if even the heartbeat cannot start. */
struct worker_pool *worker_pool_start(const struct endpoint *ep, const struct conn_opts *copts,
    const struct keys *keys, const struct worker_opts *opts, char **cause);
/* Changes the number of threads: new ones start, surplus ones finish
 * their task and leave. */
void worker_pool_set_threads(struct worker_pool *p, int n);
/* Copies the counters. */
void worker_pool_stats(struct worker_pool *p, struct worker_stats *st);
/* Returns 1 once every thread has left (drained, --max-tasks, stopped). */
int worker_pool_finished(struct worker_pool *p);
/* Waits until the pool finishes or stop_fd becomes readable; returns 1 if
 * stop_fd woke it. */
int worker_pool_wait(struct worker_pool *p, int stop_fd);
/* Stops claiming, lets running tasks finish for grace_ms, then cancels
 * and puts back what is left; joins everything and frees the pool. */
void worker_pool_stop(struct worker_pool *p, int64_t grace_ms);

#endif
