/*
 * confirm.c - confirm-or-rollback after a firewall change: the detached
 * watcher process, its state files, and the confirmation that stops it.
 */
#include "mh.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "confirm.h"
#include "exec.h"
#include "rootfs.h"
#include "undo.h"

#define CONFIRM_POLL_MS		100
#define CONFIRM_ARM_WAIT_MS	5000
#define CONFIRM_FILE_CAP	4096

static volatile sig_atomic_t confirm_got_usr1;

static void
confirm_on_usr1(int sig)
{
	(void)sig;
	confirm_got_usr1 = 1;
}

static const char *
confirm_dir(const char *dir)
{
	return dir != NULL ? dir : CONFIRM_STATE_DIR;
}

/* Plan ids are hex: nothing else reaches a file name. */
static int
confirm_valid_plan(const char *plan)
{
	size_t	n;

	if (plan == NULL || (n = strlen(plan)) == 0 || n > 64)
		return 0;
	return strspn(plan, "0123456789abcdef") == n;
}

static char *
confirm_file(const char *dir, const char *plan, const char *ext)
{
	char	*p;

	xasprintf(&p, "%s/%s.%s", confirm_dir(dir), plan, ext);
	return p;
}

/* An absolute version of path (for a process that does chdir("/")). */
static char *
confirm_abs(const char *path)
{
	char	cwd[PATH_MAX], *p;

	if (path[0] == '/' || getcwd(cwd, sizeof cwd) == NULL)
		return xstrdup(path);
	xasprintf(&p, "%s/%s", cwd, path);
	return p;
}

/* Write text to path atomically (temp + rename), mode 0600. */
static int
confirm_write(const char *path, const char *text, char **cause)
{
	char	*tmp;
	int	 fd, rc = -1;
	size_t	 len = strlen(text);

	xasprintf(&tmp, "%s.tmp%ld", path, (long)getpid());
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		xasprintf(cause, _("%s: %s"), path, strerror(errno));
		goto out;
	}
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) == -1) {
		xasprintf(cause, _("%s: %s"), path, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(fd);
	if (rename(tmp, path) == -1) {
		xasprintf(cause, _("%s: %s"), path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	return rc;
}

static int
confirm_mkdir(const char *dir, char **cause)
{
	struct stat	st;

	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		xasprintf(cause, _("state directory %s: %s"), dir,
		    strerror(errno));
		return -1;
	}
	if (lstat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		xasprintf(cause, _("state directory %s: not a directory"),
		    dir);
		return -1;
	}
	return 0;
}

static long long
confirm_now(void)
{
	return (long long)time(NULL);
}

/* The value of "key=" in a state file's text, or NULL (caller frees). */
static char *
confirm_field(const char *text, const char *key)
{
	const char	*p = text, *e;
	size_t		 kl = strlen(key);

	while (p != NULL && *p != '\0') {
		if (strncmp(p, key, kl) == 0 && p[kl] == '=') {
			p += kl + 1;
			e = strchr(p, '\n');
			return xstrndup(p, e != NULL ? (size_t)(e - p) :
			    strlen(p));
		}
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return NULL;
}

static void
confirm_done(const char *dir, const char *plan, const char *what)
{
	char	*path, *cause = NULL;

	path = confirm_file(dir, plan, "done");
	if (confirm_write(path, what, &cause) == -1)
		free(cause);
	free(path);
}

/* The watcher: wait for the confirm file or SIGUSR1, else roll back. */
static void __attribute__((noreturn))
confirm_watch(const struct confirm_req *rq, const char *dir,
    const char *audit_path, long long deadline)
{
	struct undo_sel		 sel;
	struct undo_report	 rep;
	struct audit		*a = NULL;
	struct buf		 out;
	struct stat		 st;
	char			*cpath, *spath, *cause = NULL, *why, *text;

	cpath = confirm_file(dir, rq->plan, "confirm");
	spath = confirm_file(dir, rq->plan, "state");
	while (confirm_now() < deadline) {
		if (confirm_got_usr1 || lstat(cpath, &st) == 0)
			goto confirmed;
		poll(NULL, 0, CONFIRM_POLL_MS);
	}
	if (confirm_got_usr1 || lstat(cpath, &st) == 0)
		goto confirmed;

	xasprintf(&why, "rollback: not confirmed within %d s (timeout)",
	    rq->timeout_s);
	memset(&sel, 0, sizeof sel);
	sel.plan = rq->plan;
	sel.action = "rollback";
	sel.reason = why;
	buf_init(&out, 0);
	if (audit_open(audit_path, &a, &cause) == -1 ||
	    undo_run(audit_path, a, &sel, &out, &rep, &cause) == -1) {
		xasprintf(&text, "rollback-failed: %s\n%s", cause,
		    buf_str(&out));
		confirm_done(dir, rq->plan, text);
	} else {
		xasprintf(&text, "rolled-back: %zu step(s) undone, %zu "
		    "skipped\n%s", rep.undone, rep.skipped, buf_str(&out));
		confirm_done(dir, rq->plan, text);
	}
	unlink(spath);
	_exit(0);

confirmed:
	confirm_done(dir, rq->plan, "confirmed\n");
	unlink(spath);
	unlink(cpath);
	_exit(0);
}

/* What the watcher process needs. */
struct confirm_child {
	const struct confirm_req *rq;
	const char	*dir;
	const char	*audit_path;
	const char	*spath;
	long long	 deadline;
	int		 wfd;		/* tells confirm_arm how it went */
};

static void
confirm_child_main(void *arg)
{
	struct confirm_child	*cc = arg;
	struct sigaction	 sa;
	char			*text, *err = NULL;

	signal(SIGINT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = confirm_on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	umask(077);
	xasprintf(&text, "plan=%s\naudit=%s\ndeadline=%lld\npid=%ld\n"
	    "timeout=%d\n", cc->rq->plan, cc->audit_path, cc->deadline,
	    (long)getpid(), cc->rq->timeout_s);
	if (confirm_write(cc->spath, text, &err) == -1) {
		dprintf(cc->wfd, "err %s", err);
		_exit(1);
	}
	free(text);
	dprintf(cc->wfd, "ok %ld", (long)getpid());
	close(cc->wfd);
	confirm_watch(cc->rq, cc->dir, cc->audit_path, cc->deadline);
}

int
confirm_arm(const struct confirm_req *rq, long *pid_out, char **cause)
{
	struct confirm_child	 cc;
	struct pollfd		 pfd;
	char			*dir = NULL, *audit_path = NULL, *spath = NULL;
	char			 msg[512];
	long long		 deadline;
	ssize_t			 n;
	int			 p[2], rc = -1;

	*pid_out = -1;
	if (!confirm_valid_plan(rq->plan)) {
		xasprintf(cause, _("bad plan id"));
		return -1;
	}
	if (rq->timeout_s < 1 || rq->timeout_s > CONFIRM_MAX_TIMEOUT) {
		xasprintf(cause, _("confirm timeout %d s out of range 1..%d"),
		    rq->timeout_s, CONFIRM_MAX_TIMEOUT);
		return -1;
	}
	dir = confirm_abs(confirm_dir(rq->state_dir));
	audit_path = confirm_abs(rq->audit_path);
	if (confirm_mkdir(dir, cause) == -1)
		goto out;
	deadline = confirm_now() + rq->timeout_s;
	spath = confirm_file(dir, rq->plan, "state");
	if (pipe(p) == -1) {
		xasprintf(cause, _("pipe: %s"), strerror(errno));
		goto out;
	}
	cc.rq = rq;
	cc.dir = dir;
	cc.audit_path = audit_path;
	cc.spath = spath;
	cc.deadline = deadline;
	cc.wfd = p[1];
	if (exec_detach(confirm_child_main, &cc, p[1], cause) == -1) {
		close(p[0]);
		close(p[1]);
		goto out;
	}
	close(p[1]);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	n = 0;
	if (poll(&pfd, 1, CONFIRM_ARM_WAIT_MS) == 1)
		n = read(p[0], msg, sizeof msg - 1);
	close(p[0]);
	msg[n > 0 ? n : 0] = '\0';
	if (strncmp(msg, "ok ", 3) != 0) {
		xasprintf(cause, _("could not start the rollback watcher: %s"),
		    strncmp(msg, "err ", 4) == 0 ? msg + 4 : _("no answer"));
		goto out;
	}
	*pid_out = strtol(msg + 3, NULL, 10);
	rc = 0;
out:
	free(dir);
	free(audit_path);
	free(spath);
	return rc;
}

static char *
confirm_read(const char *path)
{
	char	*text = NULL, *cause = NULL;
	size_t	 len;

	if (rootfs_read(NULL, path, CONFIRM_FILE_CAP, &text, &len,
	    &cause) == -1) {
		free(cause);
		return NULL;
	}
	return text;
}

enum confirm_state
confirm_state(const char *dir, const char *plan, long long *deadline,
    char **detail)
{
	enum confirm_state	 s = CONFIRM_NONE;
	char			*path, *text, *v;
	long			 pid;

	*deadline = 0;
	if (detail != NULL)
		*detail = NULL;
	if (!confirm_valid_plan(plan))
		return CONFIRM_NONE;
	path = confirm_file(dir, plan, "done");
	if ((text = confirm_read(path)) != NULL) {
		if (strncmp(text, "confirmed", 9) == 0)
			s = CONFIRM_CONFIRMED;
		else if (strncmp(text, "rolled-back", 11) == 0)
			s = CONFIRM_ROLLED_BACK;
		else
			s = CONFIRM_FAILED;
		if (detail != NULL)
			*detail = text;
		else
			free(text);
		free(path);
		return s;
	}
	free(path);
	path = confirm_file(dir, plan, "state");
	if ((text = confirm_read(path)) != NULL) {
		if ((v = confirm_field(text, "deadline")) != NULL) {
			*deadline = strtoll(v, NULL, 10);
			free(v);
		}
		if ((v = confirm_field(text, "pid")) != NULL) {
			pid = strtol(v, NULL, 10);
			free(v);
			if (pid > 1 && (kill((pid_t)pid, 0) == 0 ||
			    errno == EPERM))
				s = CONFIRM_PENDING;
		}
		free(text);
	}
	free(path);
	return s;
}

int
confirm_pending(const char *dir, char ***plans, size_t *n, char **cause)
{
	DIR		*d;
	struct dirent	*de;
	long long	 dl;
	char		*name, *dot;

	*plans = NULL;
	*n = 0;
	if ((d = opendir(confirm_dir(dir))) == NULL) {
		if (errno == ENOENT)
			return 0;
		xasprintf(cause, _("state directory %s: %s"), confirm_dir(dir),
		    strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if ((dot = strrchr(de->d_name, '.')) == NULL ||
		    strcmp(dot, ".state") != 0)
			continue;
		name = xstrndup(de->d_name, (size_t)(dot - de->d_name));
		if (confirm_state(dir, name, &dl, NULL) != CONFIRM_PENDING) {
			free(name);
			continue;
		}
		*plans = xreallocarray(*plans, *n + 1, sizeof **plans);
		(*plans)[(*n)++] = name;
	}
	closedir(d);
	return 0;
}

int
confirm_send(const char *dir, const char *plan, int wait_ms,
    enum confirm_state *st, char **cause)
{
	char		*path;
	long long	 dl;
	int		 fd, waited;

	*st = CONFIRM_NONE;
	if (!confirm_valid_plan(plan)) {
		xasprintf(cause, _("bad plan id '%s'"), plan);
		return -1;
	}
	path = confirm_file(dir, plan, "confirm");
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1) {
		xasprintf(cause, _("%s: %s"), path, strerror(errno));
		free(path);
		return -1;
	}
	fsync(fd);
	close(fd);
	free(path);
	/*
	 * The watcher polls for the file; no signal is sent, since a pid
	 * read back from a file may by now belong to another process.
	 */
	for (waited = 0; waited <= wait_ms; waited += CONFIRM_POLL_MS) {
		*st = confirm_state(dir, plan, &dl, NULL);
		if (*st != CONFIRM_PENDING)
			break;
		poll(NULL, 0, CONFIRM_POLL_MS);
	}
	return 0;
}
