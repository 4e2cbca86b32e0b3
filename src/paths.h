/* Where ocrtop keeps its own files: $XDG_STATE_HOME/ocrtop (default
 * ~/.local/state/ocrtop) for the prompt history and the audit log, and
 * $XDG_CONFIG_HOME/ocrtop (~/.config/ocrtop) for the config file and
 * themes. */
#ifndef OCRTOP_PATHS_H
#define OCRTOP_PATHS_H

/* Returns the path of a state file, creating its directory (mode 0700);
 * NULL when there is no home to put it in. Caller frees. */
char *paths_state_file(const char *name);

/* Returns the path of a file in the config dir (not created); NULL when
 * there is no home. Caller frees. */
char *paths_config_file(const char *name);

#endif
