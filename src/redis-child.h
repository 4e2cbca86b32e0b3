/* A private redis-server for `ocrtop demo`: a temp dir, a Unix socket
 * inside it (mode 0700, no TCP port), no persistence. It dies with ocrtop
 * (PR_SET_PDEATHSIG) unless kept, and stopping it removes the dir. */
#ifndef OCRTOP_REDIS_CHILD_H
#define OCRTOP_REDIS_CHILD_H

#include <sys/types.h>

struct redis_child {
	char	*dir;		/* owned: the temp dir */
	char	*sock;		/* owned: dir/redis.sock */
	char	*url;		/* owned: unix://dir/redis.sock */
	pid_t	 pid;
	int	 keep;		/* outlives ocrtop */
};

/* Starts redis-server (REDIS_SERVER or the one configure found) and
 * waits until it answers. -1 with *cause, nothing left behind. */
int redis_child_start(struct redis_child *rc, int keep, char **cause);
/* Stops it (unless kept) and removes its dir; frees rc's strings. */
void redis_child_stop(struct redis_child *rc);

#endif
