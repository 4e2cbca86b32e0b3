/* Where ocrtop keeps its own files: $XDG_STATE_HOME/ocrtop (default
 * ~/.local/state/ocrtop) for the prompt history and the audit log. */
#ifndef OCRTOP_PATHS_H
#define OCRTOP_PATHS_H

/* Returns the path of a state file, creating its directory (mode 0700);
 * NULL when there is no home to put it in. Caller frees. */
char *paths_state_file(const char *name);

#endif
