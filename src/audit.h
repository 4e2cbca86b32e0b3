/* The audit trail: every mutating action (and every dry run and refusal of
 * one) is recorded with who (USER, SUDO_USER, the SSH_CLIENT address),
 * when, what, its targets (session tokens masked to six characters), the
 * outcome and the counts, both in the Redis stream ns:audit (XADD MAXLEN ~
 * 10000) and in a local file (--audit-log, default
 * $XDG_STATE_HOME/ocrtop/audit.log), so a refusal that never reached Redis
 * is still on record. */
#ifndef OCRTOP_AUDIT_H
#define OCRTOP_AUDIT_H

#include <stdint.h>

#include "buf.h"
#include "conn.h"
#include "ctx.h"

#define AUDIT_STREAM_MAXLEN 10000

struct audit_entry {
	const char	*action;	/* "requeue", "logout-all", ... */
	const char	*args;		/* the selection as given ("--failed", "user u1") */
	const char	*targets;	/* ids, tokens already masked; may be long */
	const char	*outcome;	/* "done", "dry-run", "refused: read-only", "interrupted", "error: ..." */
	long long	 count;		/* items changed */
	long long	 matched;	/* items selected */
};

/* An entry read back: every member a string, "" when absent. */
struct audit_row {
	char		*id;		/* the stream id */
	int64_t		 ts_ms;
	char		*user;
	char		*sudo_user;
	char		*ssh;
	char		*host;
	char		*action;
	char		*args;
	char		*targets;
	char		*outcome;
	char		*count;
	char		*matched;
};

/* Records e in Redis (when c is connected and allows it) and in the local
 * file. Never fails the action: problems go to *warning (caller frees). */
void audit_record(struct ctx *ctx, struct conn *c, const struct audit_entry *e, char **warning);
/* Reads the newest n entries of ns:audit, newest first, into *rows (caller
 * frees with audit_rows_free). Returns how many, or -1 with *cause. */
long audit_read(struct conn *c, const struct keys *k, long n, struct audit_row **rows, char **cause);
/* Frees what audit_read() returned. */
void audit_rows_free(struct audit_row *rows, long n);
/* Appends one entry in words: "alice (sudo by bob) from 10.0.0.9  requeue
 * --failed -> 3 done (3 of 3)", without the time. */
void audit_row_text(struct buf *out, const struct audit_row *r);
/* Prints the newest n entries of ns:audit (text or JSON). */
int audit_show(struct ctx *ctx, struct conn *c, long n, int json, char **cause);

#endif
