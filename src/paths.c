/* State file locations. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "paths.h"
#include "xmalloc.h"

char *
paths_state_file(const char *name)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char *dir, *p, *path;

	if (state != NULL && *state == '/')
		dir = xasprintf("%s/ocrtop", state);
	else if (home != NULL && *home == '/')
		dir = xasprintf("%s/.local/state/ocrtop", home);
	else
		return NULL;
	for (p = dir + 1; *p != '\0'; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0700);
			*p = '/';
		}
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		free(dir);
		return NULL;
	}
	path = xasprintf("%s/%s", dir, name);
	free(dir);
	return path;
}

char *
paths_config_file(const char *name)
{
	const char *config = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (config != NULL && *config == '/')
		return xasprintf("%s/ocrtop/%s", config, name);
	if (home != NULL && *home == '/')
		return xasprintf("%s/.config/ocrtop/%s", home, name);
	return NULL;
}
