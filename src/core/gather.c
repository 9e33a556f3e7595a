/*
 * gather.c - collect the facts the checklists read (see gather.h):
 * detection, how long the mail log is kept (logrotate, journald), the
 * firewall's state of each mail port, the Postfix settings and, unless
 * offline, the Connectivity probes and the DNS records verification.
 */
#include "mh.h"

#include <dirent.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "connectivity.h"
#include "detect.h"
#include "fact.h"
#include "firewall.h"
#include "gather.h"
#include "postconf.h"
#include "records_verify.h"
#include "rootfs.h"
#include "spf.h"

#define GATHER_MAX_FILES	256	/* files read from one directory */
#define GATHER_MAX_DEPTH	4	/* nested includes */
#define GATHER_MAX_READS	512	/* logrotate files read in all */
#define GATHER_MAX_PATTERNS	64	/* file patterns of one stanza */
#define GATHER_MAX_CAND		16	/* mail log files considered */
#define GATHER_FOREVER		36500	/* rotate -1: never removed */

/* One directive that decides the retention, with where it was seen. */
struct gather_dir {
	int		 set;
	long long	 val;
	char		*where;		/* "file:line: text" */
};

/* The logrotate options in force: globals, or one stanza's. */
struct gather_lr {
	struct gather_dir rotate;
	struct gather_dir period;	/* hours */
	struct gather_dir maxage;	/* days */
	struct gather_dir size;		/* size / maxsize: by size */
};

/* A mail log file and the first stanza that rotates it. */
struct gather_cand {
	char		*path;
	int		 hit;
	char		*file;		/* the stanza's file */
	char		*head;		/* "file:line: patterns {" */
	struct gather_lr lr;
};

struct gather_rot {
	const char		*root;
	struct gather_lr	 globals;
	struct gather_cand	 cand[GATHER_MAX_CAND];
	size_t			 ncand;
	char			*error;	/* first file that could not be read */
	int			 nfiles;
	int			 nreads;	/* include loops end here */
};

static const char *const gather_mail_paths[] = {
	"/var/log/mail.log", "/var/log/maillog", "/var/log/mail.info",
	"/var/log/mail.warn", "/var/log/mail.err", "/var/log/mail/mail.log",
	NULL
};

/* logrotate's default list of extensions it skips in include dirs. */
static const char *const gather_taboo[] = {
	",v", ".cfsaved", ".disabled", ".dpkg-bak", ".dpkg-del",
	".dpkg-dist", ".dpkg-new", ".dpkg-old", ".rpmnew", ".rpmorig",
	".rpmsave", ".swp", ".ucf-dist", ".ucf-new", ".ucf-old", "~", NULL
};

static const int gather_fw_ports[] = { 25, 465, 587, 993, 995 };

static void
gather_dir_clear(struct gather_dir *d)
{
	free(d->where);
	memset(d, 0, sizeof *d);
}

static void
gather_dir_copy(struct gather_dir *to, const struct gather_dir *from)
{
	gather_dir_clear(to);
	*to = *from;
	if (from->where != NULL)
		to->where = xstrdup(from->where);
}

static void
gather_lr_clear(struct gather_lr *lr)
{
	gather_dir_clear(&lr->rotate);
	gather_dir_clear(&lr->period);
	gather_dir_clear(&lr->maxage);
	gather_dir_clear(&lr->size);
}

static void
gather_lr_copy(struct gather_lr *to, const struct gather_lr *from)
{
	gather_dir_copy(&to->rotate, &from->rotate);
	gather_dir_copy(&to->period, &from->period);
	gather_dir_copy(&to->maxage, &from->maxage);
	gather_dir_copy(&to->size, &from->size);
}

static void
gather_dir_set(struct gather_dir *d, long long v, const char *file,
    int line, const char *text)
{
	gather_dir_clear(d);
	d->set = 1;
	d->val = v;
	xasprintf(&d->where, "%s:%d: %s", file, line, text);
}

/* A decimal number in [min, max]; -1 when s is not one. */
static int
gather_number(const char *s, long long min, long long max, long long *v)
{
	char		*end;
	long long	 n;

	if (s == NULL || *s == '\0')
		return -1;
	n = strtoll(s, &end, 10);
	if (*end != '\0' || n < min || n > max)
		return -1;
	*v = n;
	return 0;
}

/* Apply one logrotate directive (word, arg) to lr; others are ignored. */
static void
gather_lr_directive(struct gather_lr *lr, const char *word, const char *arg,
    const char *file, int line, const char *text)
{
	static const struct {
		const char	*word;
		long long	 hours;
	} periods[] = {
		{ "hourly", 1 }, { "daily", 24 }, { "weekly", 24 * 7 },
		{ "monthly", 24 * 31 }, { "yearly", 24 * 366 }
	};
	long long	 v;
	size_t		 i;

	for (i = 0; i < nitems(periods); i++) {
		if (strcmp(word, periods[i].word) == 0) {
			gather_dir_set(&lr->period, periods[i].hours, file,
			    line, text);
			return;
		}
	}
	if (strcmp(word, "rotate") == 0) {
		if (gather_number(arg, -1, 1000000, &v) == 0)
			gather_dir_set(&lr->rotate, v, file, line, text);
	} else if (strcmp(word, "maxage") == 0) {
		if (gather_number(arg, 0, 10000000, &v) == 0)
			gather_dir_set(&lr->maxage, v, file, line, text);
	} else if (strcmp(word, "size") == 0 ||
	    strcmp(word, "maxsize") == 0)
		gather_dir_set(&lr->size, 1, file, line, text);
}

static int
gather_taboo_name(const char *name)
{
	size_t	i, n = strlen(name), k;

	if (name[0] == '.')
		return 1;
	for (i = 0; gather_taboo[i] != NULL; i++) {
		k = strlen(gather_taboo[i]);
		if (n >= k && strcmp(name + n - k, gather_taboo[i]) == 0)
			return 1;
	}
	return 0;
}

static int
gather_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The entries of directory dir under root, sorted, as target-side paths
 * (NULL when it is not a directory).  suffix, when given, must end the
 * name.  Free with mh_strv_free.
 */
static char **
gather_list_dir(const char *root, const char *dir, const char *suffix,
    size_t *n)
{
	DIR		*d;
	struct dirent	*de;
	char		*full, **v = NULL;
	size_t		 len, sl;

	*n = 0;
	full = rootfs_path(root, dir);
	d = opendir(full);
	free(full);
	if (d == NULL)
		return NULL;
	v = xcalloc(GATHER_MAX_FILES + 1, sizeof *v);
	while (*n < GATHER_MAX_FILES && (de = readdir(d)) != NULL) {
		if (gather_taboo_name(de->d_name))
			continue;
		len = strlen(de->d_name);
		sl = suffix != NULL ? strlen(suffix) : 0;
		if (sl > 0 && (len < sl || strcmp(de->d_name + len - sl,
		    suffix) != 0))
			continue;
		xasprintf(&v[(*n)++], "%s/%s", dir, de->d_name);
	}
	closedir(d);
	qsort(v, *n, sizeof *v, gather_cmp);
	return v;
}

/* Split line into blank-separated words (quotes removed), in place. */
static size_t
gather_words(char *line, char **w, size_t max)
{
	size_t	 n = 0;
	char	 q;

	while (*line != '\0' && n < max) {
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line == '\0')
			break;
		if (*line == '"' || *line == '\'') {
			q = *line++;
			w[n++] = line;
			while (*line != '\0' && *line != q)
				line++;
		} else {
			w[n++] = line;
			while (*line != '\0' && *line != ' ' &&
			    *line != '\t')
				line++;
		}
		if (*line != '\0')
			*line++ = '\0';
	}
	return n;
}

/* A stanza closed: record it for every mail log it is the first for. */
static void
gather_rot_stanza(struct gather_rot *r, char **pat, size_t npat,
    const struct gather_lr *lr, const char *file, const char *head)
{
	struct gather_cand	*c;
	size_t			 i, k;

	for (i = 0; i < r->ncand; i++) {
		c = &r->cand[i];
		if (c->hit)
			continue;
		for (k = 0; k < npat; k++)
			if (fnmatch(pat[k], c->path, FNM_PATHNAME) == 0)
				break;
		if (k == npat)
			continue;
		c->hit = 1;
		c->file = xstrdup(file);
		if (strcmp(pat[k], c->path) == 0)
			xasprintf(&c->head, _("%s (rotates %s)"), head,
			    c->path);
		else
			xasprintf(&c->head, _("%s (pattern %s covers %s)"),
			    head, pat[k], c->path);
		gather_lr_copy(&c->lr, lr);
	}
}

static void	gather_rot_file(struct gather_rot *, const char *, int);

static void
gather_rot_include(struct gather_rot *r, const char *what, int depth)
{
	char	**v;
	size_t	  n, i;

	if (depth >= GATHER_MAX_DEPTH)
		return;
	if ((v = gather_list_dir(r->root, what, NULL, &n)) == NULL) {
		gather_rot_file(r, what, depth + 1);
		return;
	}
	for (i = 0; i < n; i++)
		gather_rot_file(r, v[i], depth + 1);
	mh_strv_free(v, n);
}

/*
 * Read one logrotate file: global directives change r->globals, a
 * stanza ("patterns { ... }") starts from a copy of them.
 */
static void
gather_rot_file(struct gather_rot *r, const char *path, int depth)
{
	struct gather_lr	 st;
	char			*txt = NULL, *cause = NULL, *p, *line, *copy;
	char			*w[GATHER_MAX_PATTERNS];
	char			*pat[GATHER_MAX_PATTERNS];
	char			*head = NULL, *brace;
	size_t			 len, nw, npat = 0, i;
	int			 lineno = 0, in = 0, script = 0;

	memset(&st, 0, sizeof st);
	if (r->nreads++ >= GATHER_MAX_READS)
		return;
	if (rootfs_read(r->root, path, MH_FILE_CAP, &txt, &len, &cause) ==
	    -1) {
		if (r->error == NULL)
			r->error = cause;	/* names the file */
		else
			free(cause);
		return;
	}
	r->nfiles++;
	p = txt;
	while ((line = mh_next_line(&p)) != NULL) {
		lineno++;
		line = mh_trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		copy = xstrdup(line);
		nw = gather_words(copy, w, nitems(w));
		if (nw == 0)
			goto next;
		if (script) {
			if (strcmp(w[0], "endscript") == 0)
				script = 0;
			goto next;
		}
		if (in) {
			if (w[0][0] == '}') {
				gather_rot_stanza(r, pat, npat, &st, path,
				    head);
				for (i = 0; i < npat; i++)
					free(pat[i]);
				npat = 0;
				free(head);
				head = NULL;
				gather_lr_clear(&st);
				in = 0;
			} else if (strcmp(w[0], "postrotate") == 0 ||
			    strcmp(w[0], "prerotate") == 0 ||
			    strcmp(w[0], "firstaction") == 0 ||
			    strcmp(w[0], "lastaction") == 0 ||
			    strcmp(w[0], "preremove") == 0)
				script = 1;
			else
				gather_lr_directive(&st, w[0], nw > 1 ? w[1] :
				    NULL, path, lineno, line);
			goto next;
		}
		if ((brace = strchr(line, '{')) != NULL ||
		    strchr("/\"'~*", w[0][0]) != NULL) {
			for (i = 0; i < nw && npat < nitems(pat); i++) {
				if (strcmp(w[i], "{") == 0)
					break;
				if ((len = strcspn(w[i], "{")) > 0)
					pat[npat++] = xstrndup(w[i], len);
				if (w[i][len] == '{')
					break;
			}
			if (head == NULL)
				xasprintf(&head, "%s:%d: %s", path, lineno,
				    line);
			if (brace != NULL) {
				gather_lr_copy(&st, &r->globals);
				in = 1;
			}
		} else if (strcmp(w[0], "include") == 0 && nw > 1)
			gather_rot_include(r, w[1], depth);
		else
			gather_lr_directive(&r->globals, w[0], nw > 1 ? w[1] :
			    NULL, path, lineno, line);
next:
		free(copy);
	}
	for (i = 0; i < npat; i++)
		free(pat[i]);
	free(head);
	gather_lr_clear(&st);
	free(txt);
}

/* Add path to the candidates once. */
static void
gather_cand_add(struct gather_rot *r, const char *path)
{
	size_t	i;

	for (i = 0; i < r->ncand; i++)
		if (strcmp(r->cand[i].path, path) == 0)
			return;
	if (r->ncand < GATHER_MAX_CAND)
		r->cand[r->ncand++].path = xstrdup(path);
}

/*
 * The mail log files: the syslog rules that write mail.* to a file,
 * and the usual files present.  Into the fact and the candidates.
 */
static void
gather_mail_files(struct gather_rot *r, struct facts *fs)
{
	static const char *const confs[] = {
		"/etc/rsyslog.conf", "/etc/syslog.conf", NULL
	};
	struct fact	*f;
	char		**files, **d, *txt, *cause, *p, *line, *copy, *w[4];
	char		*sel, *s, *act;
	size_t		 n = 0, nd = 0, i, len, nw;
	int		 lineno, mail;

	files = xcalloc(GATHER_MAX_FILES + 8, sizeof *files);
	for (i = 0; confs[i] != NULL; i++)
		files[n++] = xstrdup(confs[i]);
	if ((d = gather_list_dir(r->root, "/etc/rsyslog.d", ".conf",
	    &nd)) != NULL) {
		for (i = 0; i < nd; i++)
			files[n++] = xstrdup(d[i]);
		mh_strv_free(d, nd);
	}
	f = facts_set_list(fs, "logs.mail_files");
	for (i = 0; i < n; i++) {
		cause = NULL;
		if (rootfs_read(r->root, files[i], MH_FILE_CAP, &txt, &len,
		    &cause) == -1) {
			free(cause);
			continue;
		}
		p = txt;
		lineno = 0;
		while ((line = mh_next_line(&p)) != NULL) {
			lineno++;
			line = mh_trim(line);
			if (*line == '#' || *line == '$')
				continue;
			copy = xstrdup(line);
			nw = gather_words(copy, w, nitems(w));
			mail = 0;
			for (sel = nw >= 2 ? copy : NULL; sel != NULL &&
			    (s = strsep(&sel, ";")) != NULL;)
				if (strncmp(s, "mail.", 5) == 0 &&
				    strcmp(s + 5, "none") != 0)
					mail = 1;
			act = nw >= 2 ? w[1] : NULL;
			if (act != NULL && *act == '-')
				act++;
			if (mail && act != NULL && *act == '/' &&
			    !fact_list_has(f, act)) {
				fact_list_add(f, act);
				fact_evidence(f, "syslog", "%s:%d: %s",
				    files[i], lineno, line);
				gather_cand_add(r, act);
			}
			free(copy);
		}
		free(txt);
	}
	for (i = 0; gather_mail_paths[i] != NULL; i++) {
		if (!rootfs_exists(r->root, gather_mail_paths[i]))
			continue;
		if (!fact_list_has(f, gather_mail_paths[i])) {
			fact_list_add(f, gather_mail_paths[i]);
			fact_evidence(f, gather_mail_paths[i], _("present"));
		}
		gather_cand_add(r, gather_mail_paths[i]);
	}
	if (f->nlist == 0)
		fact_evidence(f, "/var/log", _("no mail log file and no "
		    "syslog rule writing mail.* to a file"));
	if (r->ncand == 0) {
		gather_cand_add(r, "/var/log/mail.log");
		gather_cand_add(r, "/var/log/maillog");
	}
	mh_strv_free(files, n);
}

/* The days one rotation rule keeps, -1 with *why when it cannot say. */
static long long
gather_days(const struct gather_lr *lr, char **why)
{
	long long	days;

	*why = NULL;
	if (lr->size.set) {
		xasprintf(why, _("rotated by size (%s): the days kept depend "
		    "on the mail volume"), lr->size.where);
		return -1;
	}
	if (!lr->period.set) {
		xasprintf(why, _("no rotation period (daily, weekly, monthly, "
		    "yearly) applies"));
		return -1;
	}
	if (lr->rotate.set && lr->rotate.val < 0)
		days = GATHER_FOREVER;
	else
		days = (lr->rotate.set ? lr->rotate.val : 0) *
		    lr->period.val / 24;
	if (lr->maxage.set && lr->maxage.val < days)
		days = lr->maxage.val;
	return days;
}

static void
gather_dir_evidence(struct fact *f, const struct gather_dir *d,
    const char *unset)
{
	if (d->set)
		fact_evidence(f, "logrotate", "%s", d->where);
	else if (unset != NULL)
		fact_evidence(f, "logrotate", "%s", unset);
}

/*
 * A systemd time span ("6month", "1y 2w", "3600") in seconds, -1 when
 * it is not one.
 */
static long long
gather_timespan(const char *s)
{
	static const struct {
		const char	*unit;
		long long	 secs;
	} units[] = {
		{ "seconds", 1 }, { "second", 1 }, { "sec", 1 }, { "s", 1 },
		{ "minutes", 60 }, { "minute", 60 }, { "min", 60 },
		{ "m", 60 }, { "hours", 3600 }, { "hour", 3600 },
		{ "hr", 3600 }, { "h", 3600 }, { "days", 86400 },
		{ "day", 86400 }, { "d", 86400 }, { "weeks", 604800 },
		{ "week", 604800 }, { "w", 604800 }, { "months", 2629800 },
		{ "month", 2629800 }, { "M", 2629800 }, { "years", 31557600 },
		{ "year", 31557600 }, { "y", 31557600 }
	};
	long long	 total = 0, n;
	size_t		 i, k;
	int		 any = 0;

	while (*s != '\0') {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		if (*s < '0' || *s > '9')
			return -1;
		for (n = 0; *s >= '0' && *s <= '9'; s++) {
			if (n > 1000000000LL)
				return -1;
			n = n * 10 + (*s - '0');
		}
		while (*s == ' ' || *s == '\t')
			s++;
		k = strspn(s, "abcdefghijklmnopqrstuvwxyzM");
		if (k == 0) {
			total += n;
			any = 1;
			continue;
		}
		for (i = 0; i < nitems(units); i++)
			if (strlen(units[i].unit) == k &&
			    strncmp(s, units[i].unit, k) == 0)
				break;
		if (i == nitems(units))
			return -1;
		total += n * units[i].secs;
		if (total > 1000000000000LL)
			return -1;
		s += k;
		any = 1;
	}
	return any ? total : -1;
}

static void
gather_journald(const char *root, struct facts *fs)
{
	struct fact	*f;
	char		**v, **files, *txt, *cause, *p, *line, *where = NULL;
	size_t		 nv = 0, n = 0, i, len;
	long long	 secs = -1, s;
	int		 lineno, journal;

	files = xcalloc(GATHER_MAX_FILES + 2, sizeof *files);
	files[n++] = xstrdup("/etc/systemd/journald.conf");
	if ((v = gather_list_dir(root, "/etc/systemd/journald.conf.d",
	    ".conf", &nv)) != NULL) {
		for (i = 0; i < nv; i++)
			files[n++] = xstrdup(v[i]);
		mh_strv_free(v, nv);
	}
	for (i = 0; i < n; i++) {
		cause = NULL;
		if (rootfs_read(root, files[i], MH_FILE_CAP, &txt, &len,
		    &cause) == -1) {
			free(cause);
			continue;
		}
		p = txt;
		lineno = 0;
		journal = 0;
		while ((line = mh_next_line(&p)) != NULL) {
			lineno++;
			line = mh_trim(line);
			if (*line == '[')
				journal = strcmp(line, "[Journal]") == 0;
			if (!journal || strncmp(line, "MaxRetentionSec", 15) !=
			    0)
				continue;
			line = mh_trim(line + 15);
			if (*line != '=')
				continue;
			if ((s = gather_timespan(mh_trim(line + 1))) < 0)
				continue;
			secs = s;
			free(where);
			xasprintf(&where, "%s:%d: MaxRetentionSec=%s",
			    files[i], lineno, mh_trim(line + 1));
		}
		free(txt);
	}
	if (secs > 0) {
		f = facts_set_int(fs, "logs.journald_max_days", secs / 86400);
		fact_evidence(f, "journald", "%s", where);
	}
	free(where);
	mh_strv_free(files, n);
}

void
gather_logs(const char *root, struct facts *fs)
{
	struct gather_rot	 r;
	struct gather_cand	*c, *best = NULL;
	struct fact		*f;
	struct buf		 b;
	char			*why = NULL, *first_why = NULL;
	long long		 days, min = -1;
	size_t			 i;

	memset(&r, 0, sizeof r);
	r.root = root;
	gather_mail_files(&r, fs);
	gather_rot_file(&r, "/etc/logrotate.conf", 0);
	if (r.nfiles == 0) {
		facts_set_unknown(fs, "logs.rotate_config", FACT_STR,
		    _("cannot read the logrotate configuration: %s"),
		    r.error != NULL ? r.error : "?");
		facts_set_unknown(fs, "logs.retention_days", FACT_INT,
		    _("cannot read the logrotate configuration: %s"),
		    r.error != NULL ? r.error : "?");
		goto journald;
	}
	for (i = 0; i < r.ncand; i++) {
		c = &r.cand[i];
		if (!c->hit)
			continue;
		if ((days = gather_days(&c->lr, &why)) < 0) {
			if (first_why == NULL)
				xasprintf(&first_why, "%s: %s", c->path, why);
			free(why);
			continue;
		}
		if (min == -1 || days < min) {
			min = days;
			best = c;
		}
	}
	if (best == NULL) {
		buf_init(&b, 0);
		for (i = 0; i < r.ncand; i++)
			buf_printf(&b, "%s%s", i > 0 ? ", " : "",
			    r.cand[i].path);
		if (first_why != NULL)
			why = xstrdup(first_why);
		else
			xasprintf(&why, _("no logrotate rule rotates the mail "
			    "log (%s)"), buf_str(&b));
		buf_clear(&b);
		facts_set_unknown(fs, "logs.rotate_config", FACT_STR, "%s",
		    why);
		facts_set_unknown(fs, "logs.retention_days", FACT_INT, "%s",
		    why);
		free(why);
		goto journald;
	}
	f = facts_set_str(fs, "logs.rotate_config", best->file);
	fact_evidence(f, "logrotate", "%s", best->head);
	f = facts_set_int(fs, "logs.retention_days", min);
	fact_evidence(f, "logrotate", "%s", best->head);
	gather_dir_evidence(f, &best->lr.rotate, _("no rotate count: old "
	    "logs are removed at once"));
	gather_dir_evidence(f, &best->lr.period, NULL);
	gather_dir_evidence(f, &best->lr.maxage, NULL);
	if (best->lr.rotate.set && best->lr.rotate.val < 0)
		fact_evidence(f, "logrotate", _("rotate -1: old logs are never "
		    "removed"));
	else
		fact_evidence(f, "logrotate", _("%lld x %lld day(s) = %lld "
		    "day(s)%s"), best->lr.rotate.set ? best->lr.rotate.val :
		    0, best->lr.period.val / 24, min, best->lr.maxage.set &&
		    best->lr.maxage.val == min ? _(" (maxage)") : "");
	for (i = 0; i < r.ncand; i++)
		if (!r.cand[i].hit && rootfs_exists(root, r.cand[i].path))
			fact_evidence(f, r.cand[i].path, _("not rotated by any "
			    "rule (grows without limit)"));
journald:
	free(first_why);
	for (i = 0; i < r.ncand; i++) {
		free(r.cand[i].path);
		free(r.cand[i].file);
		free(r.cand[i].head);
		gather_lr_clear(&r.cand[i].lr);
	}
	gather_lr_clear(&r.globals);
	free(r.error);
	gather_journald(root, fs);
}

/* Both facts of a port UNKNOWN with the same reason. */
static void
gather_fw_unknown(struct facts *fs, int port, const char *why)
{
	char	*name;

	xasprintf(&name, "fw.port.%d.allowed", port);
	facts_set_unknown(fs, name, FACT_BOOL, "%s", why);
	free(name);
	xasprintf(&name, "fw.port.%d.allowed_v6", port);
	facts_set_unknown(fs, name, FACT_BOOL, "%s", why);
	free(name);
}

void
gather_firewall(const char *root, struct facts *fs)
{
	struct firewall	 fw;
	struct fact	*f;
	const char	*active;
	char		*cause = NULL, *name;
	size_t		 i;
	int		 o4, o6, port;

	if (!rootfs_is_live(root)) {
		for (i = 0; i < nitems(gather_fw_ports); i++)
			gather_fw_unknown(fs, gather_fw_ports[i],
			    _("--root describes another system: the firewall "
			    "is read live only"));
		return;
	}
	firewall_init_known(&fw, root, fs);	/* detect_all's, if run */
	active = facts_str(fw.facts, "fw.active");
	if (active != NULL && strcmp(active, "none") == 0) {
		for (i = 0; i < nitems(gather_fw_ports); i++) {
			port = gather_fw_ports[i];
			xasprintf(&name, "fw.port.%d.allowed", port);
			f = facts_set_bool(fs, name, 1);
			fact_evidence(f, "fw.active", _("no host firewall "
			    "filters inbound traffic"));
			free(name);
			xasprintf(&name, "fw.port.%d.allowed_v6", port);
			f = facts_set_bool(fs, name, 1);
			fact_evidence(f, "fw.active", _("no host firewall "
			    "filters inbound traffic"));
			free(name);
		}
		goto out;
	}
	if (firewall_choose(&fw, NULL, &cause) == -1) {
		for (i = 0; i < nitems(gather_fw_ports); i++)
			gather_fw_unknown(fs, gather_fw_ports[i], cause);
		free(cause);
		goto out;
	}
	for (i = 0; i < nitems(gather_fw_ports); i++) {
		port = gather_fw_ports[i];
		if (firewall_status(&fw, port, &o4, &o6, &cause) == -1) {
			gather_fw_unknown(fs, port, cause);
			free(cause);
			cause = NULL;
			continue;
		}
		xasprintf(&name, "fw.port.%d.allowed", port);
		f = facts_set_bool(fs, name, o4 && o6);
		fact_evidence(f, fw.be->name, _("%d/tcp: IPv4 %s, IPv6 %s"),
		    port, o4 ? _("open") : _("closed"), o6 ? _("open") :
		    _("closed"));
		free(name);
		xasprintf(&name, "fw.port.%d.allowed_v6", port);
		f = facts_set_bool(fs, name, o6);
		fact_evidence(f, fw.be->name, _("%d/tcp: IPv6 %s"), port,
		    o6 ? _("open") : _("closed"));
		free(name);
	}
out:
	firewall_free(&fw);
}

int
gather_run(const struct gather_opts *o, struct facts *fs, char **cause)
{
	struct detect_ctx	 ctx;
	struct conn_opts	 co;
	struct connectivity	*c;
	struct spf_findings	 findings;
	char			*why = NULL;

	detect_ctx_init(&ctx, o->root);
	detect_all(&ctx, fs);
	gather_logs(o->root, fs);
	gather_firewall(o->root, fs);
	postconf_run(&ctx, o->postfix_dir, fs);
	if (o->offline)
		return 0;

	co = o->conn;
	if (co.root == NULL)
		co.root = o->root;
	if (co.postfix_dir == NULL)
		co.postfix_dir = o->postfix_dir;
	if ((c = connectivity_start(&co, cause)) == NULL)
		return -1;
	connectivity_step(c, -1);
	connectivity_finish(c);
	facts_merge(fs, connectivity_facts(c));
	connectivity_free(c);

	if (o->rv.domain != NULL) {
		memset(&findings, 0, sizeof findings);
		if (records_verify(&o->rv, fs, &findings, &why) == -1) {
			facts_set_error(fs, "records.spf.verdict", FACT_STR,
			    "%s", why);
			free(why);
		}
		spf_findings_free(&findings);
	}
	return 0;
}
