/* Reader for dotenv files such as the `.env.redis` seed 000's setup writes:
 * KEY=value lines, `export` prefixes, comments, single or double quotes and
 * ${VAR} references to earlier entries or to the environment. */
#ifndef OCRTOP_ENVFILE_H
#define OCRTOP_ENVFILE_H

#include <stddef.h>

struct envfile {
	size_t	  n;
	char	**names;	/* owned */
	char	**values;	/* owned */
};

/* Parses text (len bytes) named `origin` in messages. Returns 0, or -1 with
 * a one-line *cause ("FILE:LINE: ...") that never contains a value. */
int envfile_parse(struct envfile *ef, const char *text, size_t len, const char *origin, char **cause);
/* Reads and parses a file; -1 with *cause when it cannot be read or parsed. */
int envfile_load(struct envfile *ef, const char *path, char **cause);
/* Returns the value of the last assignment to name, or NULL. */
const char *envfile_get(const struct envfile *ef, const char *name);
/* Frees everything ef holds. */
void envfile_free(struct envfile *ef);

#endif
