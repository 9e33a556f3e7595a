/*
 * audit.c - write and verify the hash-chained audit log.
 *
 * The chain: record N's "prev" is record N-1's "hash"; the first record's
 * prev is 64 zeros.  A record's hash is SHA-256 over its own line with
 * the trailing ,"hash":"..." member removed (so the hashed text is the
 * exact JSON object minus its last member).  Verification recomputes
 * that, checks seq increments by one and prev links, and names the first
 * record that does not fit.
 */
#include "mh.h"

#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "audit.h"
#include "buf.h"
#include "fact.h"
#include "json.h"
#include "rootfs.h"

#define AUDIT_LOCK_TRIES	50	/* x 100 ms */
#define AUDIT_ZERO_HASH \
	"0000000000000000000000000000000000000000000000000000000000000000"

struct audit {
	char	*path;
	int	 fd;
	char	 session[33];
	char	*user;
	char	*sudo_user;
	char	*ssh_client;
	char	*host;
	long	 uid;
};

void
audit_sha256_hex(const void *data, size_t len, char *out)
{
	unsigned char	md[EVP_MAX_MD_SIZE];
	unsigned int	mdlen = 0, i;

	if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1)
		fatalx("SHA-256 failed");
	for (i = 0; i < mdlen; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[2 * mdlen] = '\0';
}

static int
audit_mkdirs(const char *path, char **cause)
{
	char	*dir, *p;

	dir = xstrdup(path);
	if ((p = strrchr(dir, '/')) == NULL || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) == -1 && errno != EEXIST)
			goto fail;
		*p = '/';
	}
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		goto fail;
	free(dir);
	return 0;
fail:
	xasprintf(cause, _("audit log directory %s: %s"), dir,
	    strerror(errno));
	free(dir);
	return -1;
}

static void
audit_identity(struct audit *a)
{
	struct passwd	*pw;
	const char	*e;
	char		 host[256], *sp;
	unsigned char	 rnd[16];
	size_t		 i;

	a->uid = (long)getuid();
	pw = getpwuid(getuid());
	a->user = xstrdup(pw != NULL ? pw->pw_name : "?");
	if ((e = getenv("SUDO_USER")) != NULL && *e != '\0')
		a->sudo_user = mh_sanitize(e, 64);
	if ((e = getenv("SSH_CONNECTION")) != NULL && *e != '\0') {
		a->ssh_client = mh_sanitize(e, 128);
		/* keep "client_ip client_port" */
		if ((sp = strchr(a->ssh_client, ' ')) != NULL &&
		    (sp = strchr(sp + 1, ' ')) != NULL)
			*sp = '\0';
	}
	if (gethostname(host, sizeof host) == -1)
		host[0] = '\0';
	host[sizeof host - 1] = '\0';
	a->host = mh_sanitize(host, 255);
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
		fatalx("getrandom failed");
	for (i = 0; i < sizeof rnd; i++)
		snprintf(a->session + 2 * i, 3, "%02x", rnd[i]);
}

int
audit_open(const char *path, struct audit **out, char **cause)
{
	struct audit	*a;
	struct stat	 st;
	int		 fd;

	*out = NULL;
	if (audit_mkdirs(path, cause) == -1)
		return -1;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW, 0600);
	if (fd == -1) {
		xasprintf(cause, _("audit log %s: %s"), path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		xasprintf(cause, _("audit log %s: not a regular file"), path);
		close(fd);
		return -1;
	}
	if ((st.st_mode & 077) != 0 && fchmod(fd, 0600) == -1) {
		xasprintf(cause, _("audit log %s: cannot make it private: %s"),
		    path, strerror(errno));
		close(fd);
		return -1;
	}
	a = xcalloc(1, sizeof *a);
	a->path = xstrdup(path);
	a->fd = fd;
	audit_identity(a);
	*out = a;
	return 0;
}

void
audit_close(struct audit *a)
{
	if (a == NULL)
		return;
	close(a->fd);
	free(a->path);
	free(a->user);
	free(a->sudo_user);
	free(a->ssh_client);
	free(a->host);
	free(a);
}

const char *
audit_session(const struct audit *a)
{
	return a->session;
}

/* seq and hash of the last record (0 and zeros for an empty log). */
static int
audit_tail(const char *path, long long *seq, char *hash, char **cause)
{
	char		*text = NULL, *line, *last = NULL, *p;
	struct json	*j;
	size_t		 len;
	const char	*h;
	int		 rc = -1;

	*seq = 0;
	memcpy(hash, AUDIT_ZERO_HASH, AUDIT_HASH_HEX + 1);
	/* The whole log is read: it is small (one line per change). */
	if (rootfs_read(NULL, path, 64 * 1024 * 1024, &text, &len,
	    cause) == -1)
		return -1;
	p = text;
	while ((line = mh_next_line(&p)) != NULL)
		if (*line != '\0')
			last = line;
	if (last == NULL) {
		rc = 0;
		goto out;
	}
	if ((j = json_parse(last, strlen(last), cause)) == NULL)
		goto out;
	h = json_get_str(j, "hash");
	if (json_get_int(j, "seq", seq) == -1 || h == NULL ||
	    strlen(h) != AUDIT_HASH_HEX) {
		xasprintf(cause, _("audit log %s: last record is damaged; "
		    "run 'mailharden audit verify'"), path);
		json_free(j);
		goto out;
	}
	memcpy(hash, h, AUDIT_HASH_HEX + 1);
	json_free(j);
	rc = 0;
out:
	free(text);
	return rc;
}

static void
audit_json_argv(struct buf *b, const char *key, const char *const *argv)
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

static void
audit_json_opt(struct buf *b, const char *key, const char *v)
{
	if (v == NULL)
		return;
	buf_printf(b, ",\"%s\":", key);
	buf_json_str(b, v);
}

static void
audit_format(const struct audit *a, const struct audit_rec *r,
    long long seq, const char *prev, struct buf *b)
{
	struct timespec	 ts;
	struct tm	 tm;
	char		 when[40], *out;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	buf_printf(b, "{\"seq\":%lld,\"time\":\"%s.%03ldZ\",\"session\":\"%s\","
	    "\"uid\":%ld", seq, when, ts.tv_nsec / 1000000, a->session,
	    a->uid);
	audit_json_opt(b, "user", a->user);
	audit_json_opt(b, "sudo_user", a->sudo_user);
	audit_json_opt(b, "ssh_client", a->ssh_client);
	audit_json_opt(b, "host", a->host);
	audit_json_opt(b, "step", r->step);
	audit_json_opt(b, "action", r->action);
	audit_json_opt(b, "plan", r->plan);
	if (r->index >= 0)
		buf_printf(b, ",\"index\":%d", r->index);
	audit_json_argv(b, "argv", r->argv);
	audit_json_argv(b, "inverse", r->inverse);
	audit_json_argv(b, "verify", r->verify);
	audit_json_opt(b, "path", r->path);
	if (r->status >= 0)
		buf_printf(b, ",\"status\":%d", r->status);
	if (r->output != NULL) {
		out = mh_sanitize(r->output, AUDIT_OUTPUT_CAP);
		audit_json_opt(b, "output", out);
		free(out);
	}
	audit_json_opt(b, "detail", r->detail);
	buf_printf(b, ",\"prev\":\"%s\"", prev);
}

static int
audit_lock(struct audit *a, char **cause)
{
	int	i;

	for (i = 0; i < AUDIT_LOCK_TRIES; i++) {
		if (flock(a->fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			break;
		usleep(100000);
	}
	xasprintf(cause, _("audit log %s is locked by another writer: %s"),
	    a->path, strerror(errno));
	return -1;
}

int
audit_append(struct audit *a, const struct audit_rec *r, char **cause)
{
	struct buf	 b;
	long long	 seq;
	char		 prev[AUDIT_HASH_HEX + 1], hash[AUDIT_HASH_HEX + 1];
	int		 rc = -1;

	buf_init(&b, 0);
	if (audit_lock(a, cause) == -1)
		return -1;
	if (audit_tail(a->path, &seq, prev, cause) == -1)
		goto out;
	audit_format(a, r, seq + 1, prev, &b);
	buf_addc(&b, '}');
	audit_sha256_hex(b.data, b.len, hash);
	b.len--;		/* drop the '}' again */
	buf_printf(&b, ",\"hash\":\"%s\"}\n", hash);
	if (mh_write_all(a->fd, b.data, b.len) == -1 ||
	    fsync(a->fd) == -1) {
		xasprintf(cause, _("audit log %s: cannot write: %s"), a->path,
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	flock(a->fd, LOCK_UN);
	buf_clear(&b);
	return rc;
}

/* One line: returns 0 when it fits the chain, else -1 with *why. */
static int
audit_check_line(const char *line, long long want_seq, const char *prev,
    char *hash_out, long long *seq_out, char **why)
{
	struct json	*j = NULL;
	const char	*h, *pv, *mark;
	char		*hashed = NULL, calc[AUDIT_HASH_HEX + 1], *cause = NULL;
	size_t		 n;
	int		 rc = -1;

	*seq_out = -1;
	if ((j = json_parse(line, strlen(line), &cause)) == NULL) {
		xasprintf(why, _("not a valid record (%s)"), cause);
		goto out;
	}
	json_get_int(j, "seq", seq_out);
	h = json_get_str(j, "hash");
	pv = json_get_str(j, "prev");
	mark = strstr(line, ",\"hash\":\"");
	n = strlen(line);
	if (h == NULL || pv == NULL || mark == NULL ||
	    strlen(h) != AUDIT_HASH_HEX ||
	    (size_t)(mark - line) + 11 + AUDIT_HASH_HEX != n) {
		xasprintf(why, _("missing or misplaced hash/prev"));
		goto out;
	}
	if (*seq_out != want_seq) {
		xasprintf(why, _("sequence %lld where %lld was expected "
		    "(a record was removed, added or moved)"), *seq_out,
		    want_seq);
		goto out;
	}
	if (strcmp(pv, prev) != 0) {
		xasprintf(why, _("prev does not match the previous record's "
		    "hash"));
		goto out;
	}
	xasprintf(&hashed, "%.*s}", (int)(mark - line), line);
	audit_sha256_hex(hashed, strlen(hashed), calc);
	if (strcmp(calc, h) != 0) {
		xasprintf(why, _("content does not match its hash (the "
		    "record was changed)"));
		goto out;
	}
	memcpy(hash_out, h, AUDIT_HASH_HEX + 1);
	rc = 0;
out:
	free(cause);
	free(hashed);
	json_free(j);
	return rc;
}

int
audit_verify(const char *path, struct audit_verify *v, char **cause)
{
	char		*text, *p, *line, prev[AUDIT_HASH_HEX + 1];
	long long	 seq;
	size_t		 len, lineno = 0;
	int		 rc = 0;

	memset(v, 0, sizeof *v);
	v->bad_seq = -1;
	memcpy(prev, AUDIT_ZERO_HASH, sizeof prev);
	memcpy(v->head, AUDIT_ZERO_HASH, sizeof v->head);
	if (rootfs_read(NULL, path, 64 * 1024 * 1024, &text, &len,
	    cause) == -1)
		return -1;
	p = text;
	while ((line = mh_next_line(&p)) != NULL) {
		lineno++;
		if (audit_check_line(line, (long long)v->records + 1, prev,
		    prev, &seq, &v->reason) == -1) {
			v->bad_line = lineno;
			v->bad_seq = seq;
			rc = 1;
			break;
		}
		v->records++;
		memcpy(v->head, prev, sizeof v->head);
	}
	free(text);
	return rc;
}

void
audit_verify_clear(struct audit_verify *v)
{
	free(v->reason);
	v->reason = NULL;
}

int
audit_read(const char *path, struct json ***recs, size_t *n, char **cause)
{
	char		*text, *p, *line, *err = NULL;
	struct json	*j;
	size_t		 len, lineno = 0;

	*recs = NULL;
	*n = 0;
	if (rootfs_read(NULL, path, 64 * 1024 * 1024, &text, &len,
	    cause) == -1)
		return -1;
	p = text;
	while ((line = mh_next_line(&p)) != NULL) {
		lineno++;
		if ((j = json_parse(line, strlen(line), &err)) == NULL ||
		    j->type != JSON_OBJECT) {
			xasprintf(cause, _("%s:%zu: %s"), path, lineno,
			    err != NULL ? err : _("not an object"));
			free(err);
			json_free(j);
			audit_records_free(*recs, *n);
			*recs = NULL;
			*n = 0;
			free(text);
			return -1;
		}
		*recs = xreallocarray(*recs, *n + 1, sizeof **recs);
		(*recs)[(*n)++] = j;
	}
	free(text);
	return 0;
}

void
audit_records_free(struct json **recs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		json_free(recs[i]);
	free(recs);
}
