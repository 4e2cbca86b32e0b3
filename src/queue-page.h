/* One page of each queue for the Queue screen: the FIFO list with the next
 * task to run first (LRANGE from the right end) and the priority set by
 * score (ZREVRANGE WITHSCORES), each row joined with its task hash. Two
 * round trips, bounded by the page size. */
#ifndef OCRTOP_QUEUE_PAGE_H
#define OCRTOP_QUEUE_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "keys.h"

struct queue_row {
	char	*id;		/* owned, raw bytes */
	size_t	 idlen;
	double	 score;		/* priority set only; NAN in the FIFO */
	int	 has_data;	/* the task hash exists */
	char	*status;	/* owned or NULL */
	char	*user;
	char	*file;
	char	*priority;	/* the hash's priority field */
	int64_t	 created_ms;	/* -1 unknown */
	long long attempts;	/* NUM_UNKNOWN when absent */
};

struct queue_page {
	long		 offset;	/* index of the first row (0 = next to run) */
	size_t		 n;
	struct queue_row *rows;		/* owned */
};

/* Reads rows rows of each queue from the given offsets. -1 with *cause. */
int queue_pages_read(struct conn *c, const struct keys *k, long fifo_offset, long prio_offset,
    int rows, struct queue_page *fifo, struct queue_page *prio, char **cause);
/* Frees a page. */
void queue_page_free(struct queue_page *p);

#endif
