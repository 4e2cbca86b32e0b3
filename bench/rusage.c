/* Runs a command and reports its wall time and peak resident set size,
 * from wait4()'s rusage: what GNU time -f '%e %M' gives, for systems
 * without GNU time.
 *
 * usage: rusage [-o FILE] COMMAND [ARG...]
 *        rusage --now
 * Writes "wall_ms max_rss_kb" to FILE (default stderr) and exits with the
 * command's status (128 + N when signal N killed it). --now prints a
 * monotonic clock in milliseconds, a timer for shell scripts. */
#define _DEFAULT_SOURCE

#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double mono_ms(void);

static double
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	const char *path = NULL;
	struct rusage ru;
	FILE *out = stderr;
	double start;
	pid_t pid;
	int status, first = 1;

	if (argc == 2 && strcmp(argv[1], "--now") == 0) {
		printf("%.0f\n", mono_ms());
		return 0;
	}
	if (argc > 2 && strcmp(argv[1], "-o") == 0) {
		path = argv[2];
		first = 3;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: rusage [-o FILE] COMMAND [ARG...] | rusage --now\n");
		return 2;
	}
	start = mono_ms();
	if ((pid = fork()) < 0) {
		perror("rusage: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[first], argv + first);
		fprintf(stderr, "rusage: %s: %s\n", argv[first], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("rusage: wait4");
			return 2;
		}
	}
	if (path != NULL && (out = fopen(path, "w")) == NULL) {
		perror(path);
		return 2;
	}
	fprintf(out, "%.0f %ld\n", mono_ms() - start, ru.ru_maxrss);
	if (out != stderr && fclose(out) != 0) {
		perror(path);
		return 2;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
