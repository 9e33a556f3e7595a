/*
 * plan.c - build, preview and apply a plan of changes.
 *
 * Applying a step is: write an fsync'd intent record (nothing runs when
 * that fails), run the command through exec or write the file safely
 * (temp file in the same directory, fsync, rename; never through a
 * symlink; the old file kept as a hard-linked backup), write the result
 * record, run the verification.  On a failure the steps done so far are
 * taken back newest first through undo_one, each audited as "rollback".
 */
#include "mh.h"

#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "exec.h"
#include "plan.h"
#include "rootfs.h"
#include "undo.h"

#define PLAN_DEFAULT_TIMEOUT_MS	30000
#define PLAN_HEX_NONE		"none"

/* What plan_apply learnt about a file step (for the undo of it). */
struct plan_file_state {
	char	old[AUDIT_HASH_HEX + 1];
	char	new[AUDIT_HASH_HEX + 1];
	char	backup[PATH_MAX];
	int	had_old;
};

static char **
plan_argv_dup(const char *const *argv)
{
	char	**v;
	size_t	  n = 0, i;

	if (argv == NULL)
		return NULL;
	while (argv[n] != NULL)
		n++;
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = xstrdup(argv[i]);
	return v;
}

static void
plan_argv_free(char **v)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

struct plan *
plan_create(const char *step, const char *backend)
{
	struct plan	*p;
	unsigned char	 rnd[8];
	size_t		 i;

	p = xcalloc(1, sizeof *p);
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
		fatalx("getrandom failed");
	p->id = xmalloc(2 * sizeof rnd + 1);
	for (i = 0; i < sizeof rnd; i++)
		snprintf(p->id + 2 * i, 3, "%02x", rnd[i]);
	p->step = xstrdup(step != NULL ? step : "change");
	p->backend = backend != NULL ? xstrdup(backend) : NULL;
	return p;
}

void
plan_free(struct plan *p)
{
	size_t	i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->v[i].title);
		plan_argv_free(p->v[i].argv);
		plan_argv_free(p->v[i].inverse);
		plan_argv_free(p->v[i].verify);
		free(p->v[i].path);
		free(p->v[i].content);
	}
	free(p->v);
	for (i = 0; i < p->nnotes; i++)
		free(p->notes[i]);
	free(p->notes);
	free(p->id);
	free(p->step);
	free(p->backend);
	free(p);
}

static struct plan_step *
plan_add(struct plan *p, enum plan_kind kind, const char *title)
{
	struct plan_step	*s;

	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	s = &p->v[p->n++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->title = xstrdup(title != NULL ? title : "");
	s->timeout_ms = PLAN_DEFAULT_TIMEOUT_MS;
	s->mode = 0644;
	return s;
}

struct plan_step *
plan_add_cmd(struct plan *p, const char *title, const char *const *argv,
    const char *const *inverse, const char *const *verify)
{
	struct plan_step	*s;

	s = plan_add(p, PLAN_CMD, title);
	s->argv = plan_argv_dup(argv);
	s->inverse = plan_argv_dup(inverse);
	s->verify = plan_argv_dup(verify);
	return s;
}

struct plan_step *
plan_add_write(struct plan *p, const char *title, const char *path,
    const char *content, int mode, int excl)
{
	struct plan_step	*s;

	s = plan_add(p, PLAN_WRITE, title);
	s->path = xstrdup(path);
	s->content = xstrdup(content != NULL ? content : "");
	s->mode = mode;
	s->excl = excl;
	return s;
}

struct plan_step *
plan_add_save(struct plan *p, const char *title, const char *const *argv,
    const char *path, int mode)
{
	struct plan_step	*s;

	s = plan_add(p, PLAN_SAVE, title);
	s->argv = plan_argv_dup(argv);
	s->path = xstrdup(path);
	s->mode = mode;
	return s;
}

void
plan_note(struct plan *p, const char *fmt, ...)
{
	va_list	ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	p->notes = xreallocarray(p->notes, p->nnotes + 1, sizeof *p->notes);
	p->notes[p->nnotes++] = s;
}

static void
plan_preview_argv(struct buf *b, const char *label, char *const *argv)
{
	char	*t;

	t = exec_argv_text((const char *const *)argv);
	buf_printf(b, "      %-7s %s\n", label, t);
	free(t);
}

void
plan_preview(const struct plan *p, struct buf *b)
{
	const struct plan_step	*s;
	size_t			 i;

	buf_printf(b, _("Plan %s (%s%s%s): %zu %s\n"), p->id, p->step,
	    p->backend != NULL ? _(", backend ") : "",
	    p->backend != NULL ? p->backend : "", p->n,
	    p->n == 1 ? _("step") : _("steps"));
	if (p->n == 0)
		buf_adds(b, _("Nothing needs to change.\n"));
	else
		buf_adds(b, _("These exact commands run in this order; each "
		    "is written to the audit log\nbefore it runs.  'undo' "
		    "is what 'mailharden undo' or a rollback runs.\n"));
	for (i = 0; i < p->n; i++) {
		s = &p->v[i];
		buf_printf(b, "\n%2zu. %s%s\n", i + 1, s->title,
		    s->keeps_ssh ? _(" [keeps your SSH session open]") : "");
		if (s->argv != NULL)
			plan_preview_argv(b, _("run:"), s->argv);
		if (s->kind == PLAN_WRITE)
			buf_printf(b, _("      %-7s %s (%zu bytes, mode %04o%s)"
			    "\n"), _("write:"), s->path, strlen(s->content),
			    (unsigned)s->mode, s->excl ? _(", new file") : "");
		else if (s->kind == PLAN_SAVE)
			buf_printf(b, _("      %-7s its output to %s (mode "
			    "%04o)\n"), _("write:"), s->path,
			    (unsigned)s->mode);
		if (s->verify != NULL)
			plan_preview_argv(b, _("check:"), s->verify);
		if (s->kind == PLAN_CMD && s->inverse != NULL)
			plan_preview_argv(b, _("undo:"), s->inverse);
		else if (s->kind == PLAN_CMD)
			buf_printf(b, "      %-7s %s\n", _("undo:"),
			    _("(none: this step cannot be undone)"));
		else
			buf_printf(b, _("      %-7s put back %s.mailharden-%s."
			    "bak,\n              or remove the file if it "
			    "did not exist\n"), _("undo:"), s->path, p->id);
	}
	if (p->nnotes > 0)
		buf_printf(b, "\n%s\n", _("Notes:"));
	for (i = 0; i < p->nnotes; i++)
		buf_printf(b, "  * %s\n", p->notes[i]);
}

static void
plan_json_argv(struct buf *b, const char *key, char *const *argv)
{
	size_t	i;

	if (argv == NULL)
		return;
	buf_printf(b, ",\"%s\":[", key);
	for (i = 0; argv[i] != NULL; i++) {
		if (i > 0)
			buf_addc(b, ',');
		buf_json_str(b, argv[i]);
	}
	buf_addc(b, ']');
}

void
plan_json(const struct plan *p, struct buf *b)
{
	static const char	*kinds[] = { "cmd", "write", "save" };
	const struct plan_step	*s;
	size_t			 i;

	buf_adds(b, "{\"id\":");
	buf_json_str(b, p->id);
	buf_adds(b, ",\"step\":");
	buf_json_str(b, p->step);
	buf_adds(b, ",\"backend\":");
	if (p->backend != NULL)
		buf_json_str(b, p->backend);
	else
		buf_adds(b, "null");
	buf_adds(b, ",\"steps\":[");
	for (i = 0; i < p->n; i++) {
		s = &p->v[i];
		buf_printf(b, "%s{\"kind\":\"%s\",\"title\":", i ? "," : "",
		    kinds[s->kind]);
		buf_json_str(b, s->title);
		plan_json_argv(b, "argv", s->argv);
		plan_json_argv(b, "inverse", s->inverse);
		plan_json_argv(b, "verify", s->verify);
		if (s->path != NULL) {
			buf_adds(b, ",\"path\":");
			buf_json_str(b, s->path);
			buf_printf(b, ",\"mode\":%d,\"excl\":%s", s->mode,
			    s->excl ? "true" : "false");
		}
		buf_printf(b, ",\"keeps_ssh\":%s}",
		    s->keeps_ssh ? "true" : "false");
	}
	buf_adds(b, "],\"notes\":[");
	for (i = 0; i < p->nnotes; i++) {
		if (i > 0)
			buf_addc(b, ',');
		buf_json_str(b, p->notes[i]);
	}
	buf_adds(b, "]}");
}

/*
 * Split an absolute path into its directory (opened, O_NOFOLLOW) and
 * its last component; refuse when the directory is a symlink.
 */
static int
plan_file_dir(const char *path, int *dfd, char **base, char **cause)
{
	struct stat	 st;
	const char	*slash;
	char		*dir;

	*dfd = -1;
	*base = NULL;
	if (path == NULL || path[0] != '/' ||
	    (slash = strrchr(path, '/'))[1] == '\0') {
		xasprintf(cause, _("%s: not an absolute file path"),
		    path != NULL ? path : "(null)");
		return -1;
	}
	dir = slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)(slash - path));
	if (lstat(dir, &st) == -1) {
		xasprintf(cause, _("%s: %s"), dir, strerror(errno));
		goto fail;
	}
	if (S_ISLNK(st.st_mode)) {
		xasprintf(cause, _("%s: the directory is a symbolic link; "
		    "refusing to write through it"), dir);
		goto fail;
	}
	*dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (*dfd == -1) {
		xasprintf(cause, _("%s: %s"), dir, strerror(errno));
		goto fail;
	}
	*base = xstrdup(slash + 1);
	free(dir);
	return 0;
fail:
	free(dir);
	return -1;
}

/* Hash base in dfd; *exists 0 when absent.  Refuses symlinks. */
static int
plan_file_hashat(int dfd, const char *base, const char *path, char *hex,
    int *exists, char **cause)
{
	struct stat	 st;
	struct buf	 b;
	char		 chunk[8192];
	ssize_t		 n;
	int		 fd, rc = -1;

	*exists = 0;
	memcpy(hex, PLAN_HEX_NONE, sizeof PLAN_HEX_NONE);
	if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno == ENOENT)
			return 0;
		xasprintf(cause, _("%s: %s"), path, strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		xasprintf(cause, _("%s is a symbolic link; refusing to "
		    "follow it"), path);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		xasprintf(cause, _("%s: not a regular file"), path);
		return -1;
	}
	fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		xasprintf(cause, _("%s: %s"), path, strerror(errno));
		return -1;
	}
	buf_init(&b, PLAN_FILE_CAP);
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			xasprintf(cause, _("%s: %s"), path, strerror(errno));
			goto out;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	if (b.truncated) {
		xasprintf(cause, _("%s: larger than %d bytes"), path,
		    PLAN_FILE_CAP);
		goto out;
	}
	audit_sha256_hex(b.len > 0 ? b.data : "", b.len, hex);
	*exists = 1;
	rc = 0;
out:
	buf_clear(&b);
	close(fd);
	return rc;
}

int
plan_file_hash(const char *path, char *hex, int *exists, char **cause)
{
	char	*base;
	int	 dfd, rc;

	if (plan_file_dir(path, &dfd, &base, cause) == -1)
		return -1;
	rc = plan_file_hashat(dfd, base, path, hex, exists, cause);
	close(dfd);
	free(base);
	return rc;
}

/*
 * Write data to path: temp file in the same directory, fsync, keep the
 * old file as path.mailharden-<id>.bak (hard link), rename over.
 */
static int
plan_file_write(const char *path, const char *data, size_t len, int mode,
    int excl, const char *id, struct plan_file_state *fs, char **cause)
{
	char	*base = NULL, *tmp = NULL, *bak = NULL;
	int	 dfd = -1, fd = -1, rc = -1, tmp_made = 0;

	if (plan_file_dir(path, &dfd, &base, cause) == -1)
		return -1;
	if (plan_file_hashat(dfd, base, path, fs->old, &fs->had_old,
	    cause) == -1)
		goto out;
	if (excl && fs->had_old) {
		xasprintf(cause, _("%s already exists"), path);
		goto out;
	}
	xasprintf(&tmp, ".%s.mailharden-%s.tmp", base, id);
	xasprintf(&bak, "%s.mailharden-%s.bak", base, id);
	unlinkat(dfd, tmp, 0);		/* a leftover of ours, or a trap */
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, mode & 07777);
	if (fd == -1) {
		xasprintf(cause, _("%s: cannot create a temporary file: %s"),
		    path, strerror(errno));
		goto out;
	}
	tmp_made = 1;
	if (mh_write_all(fd, data, len) == -1 ||
	    fchmod(fd, (mode_t)(mode & 07777)) == -1 || fsync(fd) == -1) {
		xasprintf(cause, _("%s: cannot write: %s"), path,
		    strerror(errno));
		goto out;
	}
	audit_sha256_hex(len > 0 ? data : "", len, fs->new);
	if (fs->had_old) {
		if (linkat(dfd, base, dfd, bak, 0) == -1) {
			xasprintf(cause, _("%s: cannot keep the old file as "
			    "%s: %s"), path, bak, strerror(errno));
			goto out;
		}
		snprintf(fs->backup, sizeof fs->backup, "%s.mailharden-%s.bak",
		    path, id);
	}
	if (excl) {
		if (linkat(dfd, tmp, dfd, base, 0) == -1) {
			xasprintf(cause, _("%s: %s"), path, strerror(errno));
			goto out;
		}
	} else if (renameat(dfd, tmp, dfd, base) == -1) {
		xasprintf(cause, _("%s: cannot replace: %s"), path,
		    strerror(errno));
		if (fs->had_old)
			unlinkat(dfd, bak, 0);
		fs->backup[0] = '\0';
		goto out;
	} else
		tmp_made = 0;
	fsync(dfd);
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	if (tmp_made)
		unlinkat(dfd, tmp, 0);
	if (dfd != -1)
		close(dfd);
	free(base);
	free(tmp);
	free(bak);
	return rc;
}

int
plan_file_restore(const char *path, const char *backup, int had_old,
    const char *want_hex, char **cause)
{
	char		 cur[AUDIT_HASH_HEX + 1], *base = NULL, *prefix = NULL;
	const char	*bbase;
	struct stat	 st;
	int		 dfd, exists, rc = -1;

	if (plan_file_dir(path, &dfd, &base, cause) == -1)
		return -1;
	if (plan_file_hashat(dfd, base, path, cur, &exists, cause) == -1)
		goto out;
	if (exists && want_hex != NULL && strlen(want_hex) ==
	    AUDIT_HASH_HEX && strcmp(cur, want_hex) != 0) {
		xasprintf(cause, _("%s was changed after mailharden wrote it; "
		    "not touching it%s%s"), path,
		    had_old ? _(" (the old version is in ") : "",
		    had_old ? backup : "");
		if (had_old) {
			prefix = *cause;
			xasprintf(cause, "%s)", prefix);
		}
		goto out;
	}
	if (!had_old) {
		if (exists && unlinkat(dfd, base, 0) == -1) {
			xasprintf(cause, _("%s: cannot remove: %s"), path,
			    strerror(errno));
			goto out;
		}
		fsync(dfd);
		rc = 0;
		goto out;
	}
	/* The backup must be ours: same directory, our name. */
	free(prefix);
	xasprintf(&prefix, "%s.mailharden-", path);
	if (backup == NULL || strncmp(backup, prefix, strlen(prefix)) != 0 ||
	    strchr(backup + strlen(prefix), '/') != NULL) {
		xasprintf(cause, _("%s: backup name %s is not one of ours"),
		    path, backup != NULL ? backup : "(none)");
		goto out;
	}
	bbase = strrchr(backup, '/') + 1;
	if (fstatat(dfd, bbase, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
	    !S_ISREG(st.st_mode)) {
		xasprintf(cause, _("%s: the backup %s is missing or not a "
		    "regular file"), path, backup);
		goto out;
	}
	if (renameat(dfd, bbase, dfd, base) == -1) {
		xasprintf(cause, _("%s: cannot put back %s: %s"), path,
		    backup, strerror(errno));
		goto out;
	}
	fsync(dfd);
	rc = 0;
out:
	close(dfd);
	free(base);
	free(prefix);
	return rc;
}

static void
plan_detail_word(const char *detail, const char *key, char *out,
    size_t outsz, int rest)
{
	const char	*p, *e;
	size_t		 n;

	out[0] = '\0';
	if (detail == NULL)
		return;
	for (p = detail; (p = strstr(p, key)) != NULL; p++) {
		if (p == detail || p[-1] == ' ')
			break;
	}
	if (p == NULL)
		return;
	p += strlen(key);
	e = rest ? p + strlen(p) : p + strcspn(p, " ");
	n = (size_t)(e - p);
	if (n >= outsz)
		return;
	memcpy(out, p, n);
	out[n] = '\0';
}

void
plan_file_detail(const char *detail, char *old, char *new, char *backup,
    size_t backupsz)
{
	plan_detail_word(detail, "old=", old, AUDIT_HASH_HEX + 1, 0);
	plan_detail_word(detail, "new=", new, AUDIT_HASH_HEX + 1, 0);
	plan_detail_word(detail, "backup=", backup, backupsz, 1);
}

static char *
plan_file_detail_text(const struct plan_file_state *fs)
{
	char	*s;

	xasprintf(&s, "old=%s new=%s backup=%s", fs->old,
	    fs->new[0] != '\0' ? fs->new : "?",
	    fs->backup[0] != '\0' ? fs->backup : PLAN_HEX_NONE);
	return s;
}

static char *
plan_result_detail(const struct plan_step *s,
    const struct plan_file_state *fs, int ok, int vok)
{
	const char	*v;
	char		*f, *d;

	v = !ok ? "skipped" : (vok ? "ok" : "failed");
	if (s->kind == PLAN_CMD) {
		if (s->verify == NULL)
			return NULL;
		xasprintf(&d, "verify=%s", v);
		return d;
	}
	f = plan_file_detail_text(fs);
	if (s->verify == NULL)
		return f;
	xasprintf(&d, "verify=%s %s", v, f);
	free(f);
	return d;
}

static void
plan_progress(plan_progress_fn fn, void *arg, const struct plan *p,
    size_t i, enum plan_event ev, const char *msg)
{
	if (fn != NULL)
		fn(arg, p, i, ev, msg);
}

/* Take back steps [0, upto] newest first.  Returns the failures. */
static int
plan_rollback(struct plan *p, struct audit *a, size_t upto,
    const struct plan_file_state *fst, plan_progress_fn fn, void *arg,
    const char *why, char **cause)
{
	const struct plan_step	*s;
	struct undo_item	 it;
	char			*err = NULL;
	size_t			 i;
	int			 failed = 0;

	for (i = upto + 1; i-- > 0;) {
		s = &p->v[i];
		plan_progress(fn, arg, p, i, PLAN_EV_ROLLBACK, why);
		memset(&it, 0, sizeof it);
		it.step = p->step;
		it.plan = p->id;
		it.index = (int)i;
		it.argv = (const char *const *)s->argv;
		it.inverse = (const char *const *)s->inverse;
		it.timeout_ms = s->timeout_ms;
		if (s->kind != PLAN_CMD) {
			it.path = s->path;
			it.backup = fst[i].had_old ? fst[i].backup : NULL;
			it.new_hex = fst[i].new;
		}
		if (undo_one(a, "rollback", &it, why, &err) == -1) {
			failed++;
			if (*cause == NULL)
				xasprintf(cause, _("rollback of step %zu "
				    "failed: %s"), i + 1, err);
			free(err);
			err = NULL;
		}
	}
	return failed;
}

/* Roll back [0, upto] and say how that went in *cause. */
static void
plan_rollback_cause(struct plan *p, struct audit *a, size_t upto,
    const struct plan_file_state *fst, plan_progress_fn fn, void *arg,
    char **cause)
{
	char	*why = *cause, *err = NULL;

	if (plan_rollback(p, a, upto, fst, fn, arg, why, &err) == 0)
		xasprintf(cause, _("%s; the steps done were rolled back"),
		    why);
	else {
		xasprintf(cause, _("%s; ROLLBACK INCOMPLETE (%s): see "
		    "'mailharden audit show' and run 'mailharden undo --plan "
		    "%s'"), why, err, p->id);
		free(err);
	}
	free(why);
}

static int
plan_run_step(struct plan *p, size_t i, struct plan_file_state *fs,
    struct exec_result *res, char **cause)
{
	struct plan_step	*s = &p->v[i];
	int			 rc;

	switch (s->kind) {
	case PLAN_CMD:
		rc = exec_run((const char *const *)s->argv, s->timeout_ms, res,
		    cause);
		if (rc == 0 && res->status != 0)
			xasprintf(cause, _("exit status %d"), res->status);
		return rc == 0 && res->status == 0 ? 0 : -1;
	case PLAN_WRITE:
		return plan_file_write(s->path, s->content, strlen(s->content),
		    s->mode, s->excl, p->id, fs, cause);
	case PLAN_SAVE:
		if (exec_run((const char *const *)s->argv, s->timeout_ms, res,
		    cause) == -1)
			return -1;
		if (res->status != 0) {
			xasprintf(cause, _("exit status %d"), res->status);
			return -1;
		}
		if (res->out.truncated) {
			xasprintf(cause, _("output too large to save"));
			return -1;
		}
		return plan_file_write(s->path, buf_str(&res->out),
		    res->out.len, s->mode, 0, p->id, fs, cause);
	}
	return -1;
}

/*
 * Test hook for the kill tests: MAILHARDEN_TEST_KILL="POINT:N" makes the
 * process SIGKILL itself at POINT of step N (1-based): "intent" (intent
 * record written, nothing run), "run" (command run, result not yet
 * recorded), "result" (result recorded).  It changes nothing else.
 */
static void
plan_test_kill(const char *point, size_t i)
{
	const char	*e = getenv("MAILHARDEN_TEST_KILL");
	char		 want[32];

	if (e == NULL)
		return;
	snprintf(want, sizeof want, "%s:%zu", point, i + 1);
	if (strcmp(e, want) == 0)
		raise(SIGKILL);
}

int
plan_apply(struct plan *p, struct audit *a, int dry_run,
    plan_progress_fn fn, void *arg, char **cause)
{
	struct plan_file_state	*fst;
	struct plan_step	*s;
	struct audit_rec	 r;
	struct exec_result	 res, vres;
	struct buf		 out;
	char			*err = NULL, *detail = NULL, *why = NULL;
	size_t			 i;
	int			 ok, vok, exists, rc = -1;

	*cause = NULL;
	fst = xcalloc(p->n > 0 ? p->n : 1, sizeof *fst);
	for (i = 0; i < p->n; i++) {
		s = &p->v[i];
		memset(&r, 0, sizeof r);
		r.step = p->step;
		r.action = dry_run ? "dry-run" : "intent";
		r.plan = p->id;
		r.index = (int)i;
		r.argv = (const char *const *)s->argv;
		r.inverse = (const char *const *)s->inverse;
		r.verify = (const char *const *)s->verify;
		r.path = s->path;
		r.status = -1;
		if (s->kind != PLAN_CMD) {
			if (plan_file_hash(s->path, fst[i].old, &exists,
			    &err) == -1) {
				if (!dry_run) {
					xasprintf(cause, _("step %zu: %s%s"),
					    i + 1, err, i > 0 ? "" :
					    _("; nothing was changed"));
					free(err);
					goto stop;
				}
				/* e.g. its directory is made by an earlier
				 * step, which a dry run does not run */
				free(err);
				err = NULL;
				exists = 0;
				fst[i].old[0] = '\0';
			}
			if (s->kind == PLAN_WRITE)
				audit_sha256_hex(s->content,
				    strlen(s->content), fst[i].new);
			if (exists)
				snprintf(fst[i].backup, sizeof fst[i].backup,
				    "%s.mailharden-%s.bak", s->path, p->id);
			free(detail);
			detail = plan_file_detail_text(&fst[i]);
			fst[i].backup[0] = '\0';
			fst[i].new[0] = '\0';
			r.detail = detail;
		}
		if (audit_append(a, &r, &err) == -1) {
			xasprintf(cause, _("%s; step %zu was not run%s"), err,
			    i + 1, i > 0 ? "" : _(": nothing was changed"));
			free(err);
			goto stop;
		}
		if (dry_run)
			continue;
		plan_test_kill("intent", i);

		plan_progress(fn, arg, p, i, PLAN_EV_START, NULL);
		exec_result_init(&res);
		exec_result_init(&vres);
		ok = plan_run_step(p, i, &fst[i], &res, &err) == 0;
		vok = 1;
		if (ok && s->verify != NULL) {
			vok = exec_run((const char *const *)s->verify,
			    s->timeout_ms, &vres, &why) == 0 &&
			    vres.status == 0;
			free(why);
			why = NULL;
		}
		plan_test_kill("run", i);
		buf_init(&out, AUDIT_OUTPUT_CAP);
		buf_adds(&out, buf_str(&res.out));
		buf_adds(&out, buf_str(&res.err));
		if (err != NULL && !ok)
			buf_adds(&out, err);
		r.action = "result";
		r.status = ok ? 0 : (res.status > 0 ? res.status :
		    (res.timed_out ? 124 : 1));
		r.output = buf_str(&out);
		free(detail);
		detail = plan_result_detail(s, &fst[i], ok, vok);
		r.detail = detail;
		if (audit_append(a, &r, &why) == -1) {
			xasprintf(cause, _("step %zu ran but its result could "
			    "not be logged: %s"), i + 1, why);
			free(why);
			why = NULL;
			ok = 0;
		}
		r.output = NULL;
		buf_clear(&out);
		exec_result_clear(&res);
		plan_test_kill("result", i);
		exec_result_clear(&vres);
		if (ok && vok) {
			free(err);
			err = NULL;
			plan_progress(fn, arg, p, i, PLAN_EV_DONE, NULL);
			continue;
		}
		if (*cause == NULL) {
			if (!ok)
				xasprintf(cause, _("step %zu failed: %s"),
				    i + 1, err != NULL ? err : "?");
			else
				xasprintf(cause, _("step %zu: the check after "
				    "it failed"), i + 1);
		}
		free(err);
		err = NULL;
		plan_progress(fn, arg, p, i, PLAN_EV_FAILED, *cause);
		/* A step that ran but does not verify is taken back too. */
		if (ok || i > 0)
			plan_rollback_cause(p, a, ok ? i : i - 1, fst, fn, arg,
			    cause);
		goto fail;
	}
	rc = 0;
	goto fail;
stop:
	/* Step i could not start: take back the ones before it. */
	if (i > 0 && !dry_run)
		plan_rollback_cause(p, a, i - 1, fst, fn, arg, cause);
fail:
	free(detail);
	free(fst);
	return rc;
}

int
plan_add_mkdir_for(struct plan *p, const char *path, char **cause)
{
	const char	*mk[] = { "/bin/mkdir", "-p", "-m", "0755", NULL,
			    NULL };
	const char	*rm[] = { "/bin/rmdir", NULL, NULL };
	const char	*test[] = { "/usr/bin/test", "-d", NULL, NULL };
	struct stat	 st;
	char		*dir, *slash;
	int		 rc = 0;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	if (lstat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			xasprintf(cause, _("%s is not a directory"), dir);
			rc = -1;
		}
	} else if (errno != ENOENT) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		rc = -1;
	} else {
		mk[4] = rm[1] = test[2] = dir;
		plan_add_cmd(p, _("create the directory (mode 0755)"), mk, rm,
		    test);
		rc = 1;
	}
	free(dir);
	return rc;
}
