/* Helpers for JSON output with jansson: bytes from Redis become valid
 * UTF-8 (bad bytes -> U+FFFD) and unknown numbers become null. jansson
 * escapes control characters itself. */
#ifndef OCRTOP_JSON_OUT_H
#define OCRTOP_JSON_OUT_H

#include <stddef.h>

#include <jansson.h>

/* A JSON string from any bytes. */
json_t *json_bytes(const void *s, size_t len);
/* A JSON integer, or null for LLONG_MIN (NUM_UNKNOWN). */
json_t *json_count(long long n);
/* A JSON number (an integer when v is integral), or null for NaN. */
json_t *json_real_or_null(double v);
/* Prints v followed by a newline to stdout and frees it; -1 on error. */
int json_print(json_t *v);

#endif
