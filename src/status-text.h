/* The human text of `ocrtop status` and the one-line `--check` summary. */
#ifndef OCRTOP_STATUS_TEXT_H
#define OCRTOP_STATUS_TEXT_H

#include "buf.h"
#include "snapshot.h"

/* Appends the status report; every byte from Redis passes the sanitizer
 * (flags as for sanitize_append()). endpoint is the password-free URL. */
void status_text(struct buf *out, const struct snapshot *s, const char *endpoint, unsigned san);
/* Appends the Nagios-style summary line and returns the exit status:
 * 0 OK, 1 WARNING, 2 CRITICAL. */
int status_check_line(struct buf *out, const struct snapshot *s, unsigned san);

#endif
