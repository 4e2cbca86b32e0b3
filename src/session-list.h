/* Printing a user's sessions for people (a table with the token masked to
 * six characters) or for scripts (JSON), shared by `sessions` and the
 * logout-all preview. */
#ifndef OCRTOP_SESSION_LIST_H
#define OCRTOP_SESSION_LIST_H

#include <jansson.h>

#include "buf.h"
#include "user-sessions.h"

/* Appends a table of the sessions found. */
void session_list_text(struct buf *out, const struct user_sessions *us, unsigned san);
/* Returns a JSON array of the sessions found (tokens masked). */
json_t *session_list_json(const struct user_sessions *us);

#endif
