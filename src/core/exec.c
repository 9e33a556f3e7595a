/*
 * exec.c - run a command from an argv array with a timeout, capturing
 * its output.  The only module that creates processes.
 */
#include "mh.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exec.h"

static const char *exec_env[] = {
	"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
	"LC_ALL=C",
	"LANG=C",
	NULL
};

void
exec_result_init(struct exec_result *res)
{
	memset(res, 0, sizeof *res);
	buf_init(&res->out, EXEC_OUT_CAP);
	buf_init(&res->err, EXEC_OUT_CAP);
}

void
exec_result_clear(struct exec_result *res)
{
	buf_clear(&res->out);
	buf_clear(&res->err);
}

static long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
exec_child(const char *const *argv, int outfd, int errfd)
{
	int	nullfd;

	setpgid(0, 0);
	if ((nullfd = open("/dev/null", O_RDONLY)) != -1)
		dup2(nullfd, STDIN_FILENO);
	dup2(outfd, STDOUT_FILENO);
	dup2(errfd, STDERR_FILENO);
	signal(SIGPIPE, SIG_DFL);
	execve(argv[0], (char *const *)argv, (char *const *)exec_env);
	dprintf(STDERR_FILENO, "exec %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* One job's pipes and process; pid -1 when it never started. */
static void
exec_job_close(struct exec_job *j)
{
	int	i;

	for (i = 0; i < 2; i++) {
		if (j->fd[i] != -1)
			close(j->fd[i]);
		j->fd[i] = -1;
	}
}

static void
exec_job_start(struct exec_job *j)
{
	int	outp[2] = { -1, -1 }, errp[2] = { -1, -1 };

	j->pid = -1;
	j->fd[0] = j->fd[1] = -1;
	if (j->argv == NULL || j->argv[0] == NULL || j->argv[0][0] != '/') {
		xasprintf(&j->cause, _("refusing to run a command without an "
		    "absolute path"));
		return;
	}
	if (pipe2(outp, O_CLOEXEC) == -1 || pipe2(errp, O_CLOEXEC) == -1) {
		xasprintf(&j->cause, "pipe: %s", strerror(errno));
		goto fail;
	}
	if ((j->pid = fork()) == -1) {
		xasprintf(&j->cause, "fork: %s", strerror(errno));
		goto fail;
	}
	if (j->pid == 0)
		exec_child(j->argv, outp[1], errp[1]);
	setpgid(j->pid, j->pid);
	close(outp[1]);
	close(errp[1]);
	j->fd[0] = outp[0];
	j->fd[1] = errp[0];
	return;
fail:
	j->pid = -1;
	if (outp[0] != -1) {
		close(outp[0]);
		close(outp[1]);
	}
	if (errp[0] != -1) {
		close(errp[0]);
		close(errp[1]);
	}
}

/* Read one ready pipe; 0 at EOF (the fd is closed then). */
static int
exec_job_read(struct exec_job *j, int k)
{
	char	chunk[8192];
	ssize_t	n;

	n = read(j->fd[k], chunk, sizeof chunk);
	if (n == -1 && errno == EINTR)
		return 1;
	if (n <= 0) {
		close(j->fd[k]);
		j->fd[k] = -1;
		return 0;
	}
	buf_add(k == 0 ? &j->res.out : &j->res.err, chunk, (size_t)n);
	return 1;
}

#define EXEC_MANY_MAX	16

/* Read every job's pipes until all reach EOF or the deadline passes. */
static void
exec_collect(struct exec_job *jobs, size_t n, long deadline)
{
	struct pollfd	 pfd[EXEC_MANY_MAX * 2];
	size_t		 i, np;
	int		 left, k;

	for (;;) {
		for (np = 0, i = 0; i < n; i++)
			for (k = 0; k < 2; k++) {
				if (jobs[i].fd[k] == -1)
					continue;
				pfd[np].fd = jobs[i].fd[k];
				pfd[np++].events = POLLIN;
			}
		if (np == 0)
			return;
		if ((left = (int)(deadline - now_ms())) <= 0)
			return;
		if (poll(pfd, np, left) == -1 && errno != EINTR)
			return;
		for (np = 0, i = 0; i < n; i++)
			for (k = 0; k < 2; k++) {
				if (jobs[i].fd[k] == -1)
					continue;
				if (pfd[np++].revents != 0)
					exec_job_read(&jobs[i], k);
			}
	}
}

static int
exec_wait(pid_t pid, long deadline, int *status)
{
	pid_t	r;
	int	st;

	for (;;) {
		r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			break;
		if (r == -1 && errno != EINTR)
			return -1;
		if (now_ms() >= deadline)
			return -1;
		usleep(2000);
	}
	if (WIFEXITED(st))
		*status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		*status = 128 + WTERMSIG(st);
	else
		*status = -1;
	return 0;
}

/* Reap one job: its status, or kill it when it overran. */
static void
exec_job_finish(struct exec_job *j, long deadline, int timeout_ms)
{
	int	open_fds = j->fd[0] != -1 || j->fd[1] != -1;

	exec_job_close(j);
	if (j->pid == -1)
		return;
	if (open_fds || exec_wait(j->pid, deadline, &j->res.status) == -1) {
		kill(-j->pid, SIGKILL);
		kill(j->pid, SIGKILL);
		waitpid(j->pid, NULL, 0);
		j->res.timed_out = 1;
		j->res.status = -1;
		xasprintf(&j->cause, _("%s: timed out after %d ms"),
		    j->argv[0], timeout_ms);
		return;
	}
	j->rc = 0;
}

void
exec_run_many(struct exec_job *jobs, size_t n, int timeout_ms)
{
	long	start = now_ms(), deadline = start + timeout_ms;
	size_t	i;

	if (n > EXEC_MANY_MAX)
		fatalx("exec_run_many: %zu jobs", n);
	for (i = 0; i < n; i++) {
		jobs[i].rc = -1;
		jobs[i].cause = NULL;
		exec_job_start(&jobs[i]);
	}
	exec_collect(jobs, n, deadline);
	for (i = 0; i < n; i++) {
		exec_job_finish(&jobs[i], deadline, timeout_ms);
		jobs[i].res.elapsed_ms = now_ms() - start;
	}
}

int
exec_run(const char *const *argv, int timeout_ms, struct exec_result *res,
    char **cause)
{
	struct exec_job	j;

	memset(&j, 0, sizeof j);
	j.argv = argv;
	j.res = *res;
	exec_run_many(&j, 1, timeout_ms);
	*res = j.res;
	if (j.rc == -1)
		*cause = j.cause;
	return j.rc;
}

char *
exec_argv_text(const char *const *argv)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, 0);
	for (i = 0; argv[i] != NULL; i++) {
		if (i > 0)
			buf_addc(&b, ' ');
		if (argv[i][strcspn(argv[i], " \t'\"\\$")] != '\0' ||
		    argv[i][0] == '\0')
			buf_printf(&b, "'%s'", argv[i]);
		else
			buf_adds(&b, argv[i]);
	}
	return buf_steal(&b);
}

static void
exec_detach_fds(int keep)
{
	int	fd, maxfd;

	if ((fd = open("/dev/null", O_RDWR)) != -1) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
	}
	maxfd = (int)sysconf(_SC_OPEN_MAX);
	if (maxfd < 0 || maxfd > 65536)
		maxfd = 65536;
	for (fd = STDERR_FILENO + 1; fd < maxfd; fd++)
		if (fd != keep)
			close(fd);
}

int
exec_detach(void (*fn)(void *), void *arg, int keep_fd, char **cause)
{
	pid_t	pid, gpid;
	int	st;

	fflush(NULL);
	if ((pid = fork()) == -1) {
		xasprintf(cause, _("fork: %s"), strerror(errno));
		return -1;
	}
	if (pid == 0) {
		setsid();
		signal(SIGHUP, SIG_IGN);
		if ((gpid = fork()) != 0)
			_exit(gpid == -1 ? 1 : 0);
		exec_detach_fds(keep_fd);
		if (chdir("/") == -1)
			_exit(1);
		fn(arg);
		_exit(0);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR) {
			xasprintf(cause, _("waitpid: %s"), strerror(errno));
			return -1;
		}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		xasprintf(cause, _("could not start a detached process"));
		return -1;
	}
	return 0;
}
