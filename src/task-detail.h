/* Everything about one task for the detail screen: every hash field, its
 * TTL, where it is queued (LPOS, bounded; ZSCORE), and its cached OCR
 * result. One pipelined round trip. */
#ifndef OCRTOP_TASK_DETAIL_H
#define OCRTOP_TASK_DETAIL_H

#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "keys.h"

#define LPOS_MAXLEN 100000	/* LPOS compares at most this many entries */

struct task_field {
	char	*name;		/* owned, raw bytes */
	size_t	 name_len;
	char	*value;		/* owned, raw bytes (at most 64 KiB) */
	size_t	 value_len;
};

struct task_detail {
	char		*id;		/* owned */
	size_t		 idlen;
	int		 exists;
	char		*wrong_type;	/* the key's TYPE when it is not a hash */
	size_t		 nfields;
	struct task_field *fields;	/* owned, in HGETALL order */
	long long	 ttl_ms;	/* -1 no expiry, -2 no key */
	long long	 fifo_index;	/* LPOS from the left; -1 not found (within LPOS_MAXLEN) */
	long long	 fifo_len;
	int		 in_priority;
	double		 score;
	char		*result;	/* the cached result (JSON), owned or NULL */
	size_t		 result_len;
	long long	 result_ttl_ms;
};

/* Reads task id. -1 with *cause on connection or permission errors. */
int task_detail_read(struct conn *c, const struct keys *k, const char *id, size_t idlen,
    struct task_detail *d, char **cause);
/* Returns a field's value or NULL (name is NUL-terminated text). */
const struct task_field *task_detail_field(const struct task_detail *d, const char *name);
/* Frees d. */
void task_detail_free(struct task_detail *d);

#endif
