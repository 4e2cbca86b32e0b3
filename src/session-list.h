/* Printing a user's sessions for people (a table with the token masked to
 * six characters) or for scripts (JSON), shared by `sessions` and the
 * logout-all preview. */
#ifndef OCRTOP_SESSION_LIST_H
#define OCRTOP_SESSION_LIST_H

#include <jansson.h>

#include "buf.h"
#include "conn.h"
#include "keys.h"
#include "user-sessions.h"

/* Appends a table of the sessions found. */
void session_list_text(struct buf *out, const struct user_sessions *us, unsigned san);
/* Returns a JSON array of the sessions found (tokens masked). */
json_t *session_list_json(const struct user_sessions *us);

/* The logout-all preview: "logout-all user u1: 3 sessions" and their table
 * in text, their masked tokens in targets (for the audit trail). Returns
 * how many sessions match, or -1 with *cause. */
long long session_list_preview(struct conn *c, const struct keys *k, enum session_field field, const char *who,
    unsigned san, struct buf *text, struct buf *targets, char **cause);

#endif
