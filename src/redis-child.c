/* A private redis-server. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <hiredis/hiredis.h>

#include "redis-child.h"
#include "xmalloc.h"

#define START_WAIT_MS	10000
#define STOP_WAIT_MS	5000

static void remove_dir(const char *dir);
static int answers(const char *sock);
static void sleep_ms(long ms);
static char *log_tail(const char *dir);

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The dir holds only what redis-server and we put there: no subdirs. */
static void
remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d != NULL && (e = readdir(d)) != NULL) {
		char *p;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		unlink(p);
		free(p);
	}
	if (d != NULL)
		closedir(d);
	rmdir(dir);
}

static int
answers(const char *sock)
{
	struct timeval tv = { 0, 200000 };
	redisContext *c = redisConnectUnixWithTimeout(sock, tv);
	redisReply *r;
	int ok = 0;

	if (c == NULL || c->err) {
		redisFree(c);
		return 0;
	}
	r = redisCommand(c, "PING");
	ok = r != NULL && r->type == REDIS_REPLY_STATUS;
	freeReplyObject(r);
	redisFree(c);
	return ok;
}

/* The last line redis-server logged, for an error message. */
static char *
log_tail(const char *dir)
{
	char *path = xasprintf("%s/redis.log", dir), line[512], last[512] = "";
	FILE *f = fopen(path, "r");

	free(path);
	while (f != NULL && fgets(line, sizeof line, f) != NULL)
		if (line[0] != '\n')
			memcpy(last, line, sizeof last);
	if (f != NULL)
		fclose(f);
	last[strcspn(last, "\n")] = '\0';
	return xstrdup(last);
}

int
redis_child_start(struct redis_child *rc, int keep, char **cause)
{
	const char *tmp = getenv("TMPDIR"), *server = getenv("REDIS_SERVER");
	char *tmpl, *logfile;
	int waited, status;

	memset(rc, 0, sizeof *rc);
	rc->keep = keep;
	if (server == NULL || *server == '\0')
		server = REDIS_SERVER_PATH;
	tmpl = xasprintf("%s/ocrtop-demo.XXXXXX", tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(tmpl) == NULL) {
		*cause = xasprintf("cannot make a temp dir in %s: %s", tmp != NULL ? tmp : "/tmp", strerror(errno));
		free(tmpl);
		return -1;
	}
	rc->dir = tmpl;
	rc->sock = xasprintf("%s/redis.sock", rc->dir);
	rc->url = xasprintf("unix://%s", rc->sock);
	logfile = xasprintf("%s/redis.log", rc->dir);
	if ((rc->pid = fork()) < 0) {
		*cause = xasprintf("cannot fork: %s", strerror(errno));
		free(logfile);
		redis_child_stop(rc);
		return -1;
	}
	if (rc->pid == 0) {
		int null = open("/dev/null", O_RDWR);

		if (keep)
			setsid();
		else
			prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		execlp(server, server, "--port", "0", "--unixsocket", rc->sock, "--unixsocketperm", "700",
		    "--dir", rc->dir, "--save", "", "--appendonly", "no", "--daemonize", "no",
		    "--logfile", logfile, (char *)NULL);
		_exit(127);
	}
	free(logfile);
	for (waited = 0; waited < START_WAIT_MS; waited += 50) {
		if (answers(rc->sock))
			return 0;
		if (waitpid(rc->pid, &status, WNOHANG) == rc->pid) {
			char *tail = log_tail(rc->dir);

			if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
				*cause = xasprintf("cannot run %s (install redis-server, or set REDIS_SERVER)", server);
			else
				*cause = xasprintf("%s exited at start%s%s", server, *tail != '\0' ? ": " : "", tail);
			free(tail);
			rc->pid = 0;
			rc->keep = 0;
			redis_child_stop(rc);
			return -1;
		}
		sleep_ms(50);
	}
	*cause = xasprintf("%s did not answer on %s within %d s", server, rc->sock, START_WAIT_MS / 1000);
	rc->keep = 0;
	redis_child_stop(rc);
	return -1;
}

void
redis_child_stop(struct redis_child *rc)
{
	int waited, status;

	if (!rc->keep) {
		if (rc->pid > 0) {
			kill(rc->pid, SIGTERM);
			for (waited = 0; waited < STOP_WAIT_MS; waited += 20) {
				if (waitpid(rc->pid, &status, WNOHANG) == rc->pid)
					break;
				sleep_ms(20);
			}
			if (waited >= STOP_WAIT_MS) {
				kill(rc->pid, SIGKILL);
				waitpid(rc->pid, &status, 0);
			}
		}
		if (rc->dir != NULL)
			remove_dir(rc->dir);
	}
	free(rc->dir);
	free(rc->sock);
	free(rc->url);
	memset(rc, 0, sizeof *rc);
}
