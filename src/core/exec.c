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

/* Read what is there from both pipes until EOF or the deadline. */
static int
exec_collect(int outfd, int errfd, long deadline, struct exec_result *res)
{
	struct pollfd	 pfd[2];
	char		 chunk[8192];
	ssize_t		 n;
	int		 open_fds = 2, i, left;

	pfd[0].fd = outfd;
	pfd[1].fd = errfd;
	pfd[0].events = pfd[1].events = POLLIN;
	while (open_fds > 0) {
		left = (int)(deadline - now_ms());
		if (left <= 0)
			return -1;
		if (poll(pfd, 2, left) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (i = 0; i < 2; i++) {
			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			n = read(pfd[i].fd, chunk, sizeof chunk);
			if (n == -1 && errno == EINTR)
				continue;
			if (n <= 0) {
				pfd[i].fd = -1;
				open_fds--;
				continue;
			}
			buf_add(i == 0 ? &res->out : &res->err, chunk,
			    (size_t)n);
		}
	}
	return 0;
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

int
exec_run(const char *const *argv, int timeout_ms, struct exec_result *res,
    char **cause)
{
	int	 outp[2] = { -1, -1 }, errp[2] = { -1, -1 }, rc = -1;
	long	 start, deadline;
	pid_t	 pid;

	if (argv == NULL || argv[0] == NULL || argv[0][0] != '/') {
		xasprintf(cause, _("refusing to run a command without an "
		    "absolute path"));
		return -1;
	}
	start = now_ms();
	deadline = start + timeout_ms;
	if (pipe2(outp, O_CLOEXEC) == -1 || pipe2(errp, O_CLOEXEC) == -1) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		goto out;
	}
	if ((pid = fork()) == -1) {
		xasprintf(cause, "fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0)
		exec_child(argv, outp[1], errp[1]);
	setpgid(pid, pid);
	close(outp[1]);
	close(errp[1]);
	outp[1] = errp[1] = -1;
	if (exec_collect(outp[0], errp[0], deadline, res) == -1 ||
	    exec_wait(pid, deadline, &res->status) == -1) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		res->timed_out = 1;
		res->status = -1;
		xasprintf(cause, _("%s: timed out after %d ms"), argv[0],
		    timeout_ms);
		goto out;
	}
	rc = 0;
out:
	res->elapsed_ms = now_ms() - start;
	if (outp[0] != -1)
		close(outp[0]);
	if (outp[1] != -1)
		close(outp[1]);
	if (errp[0] != -1)
		close(errp[0]);
	if (errp[1] != -1)
		close(errp[1]);
	return rc;
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
