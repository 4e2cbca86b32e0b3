/* The `ocrtop status --json` document: one object whose field names are
 * part of the command-line contract (see the man page). */
#ifndef OCRTOP_STATUS_JSON_H
#define OCRTOP_STATUS_JSON_H

#include <jansson.h>

#include "snapshot.h"

/* Builds the status document for s (and its census). */
json_t *status_json(const struct snapshot *s);

#endif
