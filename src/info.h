/* Parser for the reply of INFO: CRLF lines, "# Section" headers, name:value
 * split at the first colon, nested k=v,k=v values. Fields come and go
 * between Redis versions: every lookup may fail and callers cope. */
#ifndef OCRTOP_INFO_H
#define OCRTOP_INFO_H

#include <stddef.h>

struct info_field {
	const char	*section;	/* points into info.text */
	const char	*name;
	const char	*value;
};

struct info {
	char			*text;		/* owned, split in place */
	size_t			 n;
	struct info_field	*fields;	/* owned */
};

/* Parses len bytes of INFO output into info. */
void info_parse(struct info *info, const char *text, size_t len);
/* Returns the value of a field, or NULL. */
const char *info_get(const struct info *info, const char *name);
/* Stores a field as an integer; -1 when absent or not a number. */
int info_get_ll(const struct info *info, const char *name, long long *out);
/* Stores a field as a double; -1 when absent or not a number. */
int info_get_double(const struct info *info, const char *name, double *out);
/* Reads one key of a nested "k=v,k=v" value as an integer; -1 if absent. */
int info_subfield_ll(const char *value, const char *key, long long *out);
/* Frees what info holds. */
void info_free(struct info *info);

#endif
