/*
 * probe_smtp.c - SMTP probes: prepare a libcurl easy handle for each
 * question, let the engine run it, and turn the replies into facts.
 *
 * Every handle has VERBOSE on with a debug callback (it sees each
 * command curl sends, "> EHLO ...") and a header callback (it gets each
 * reply line, before and after STARTTLS).  Lines go through the capped
 * SMTP parser (smtp.c) and into a capped transcript that becomes the
 * evidence.  A callback that returns 0 stops the transfer: that is how
 * over-long or garbled replies are cut off, and how the open-relay test
 * stops right after the RCPT TO reply, so DATA is never sent.
 *
 * The relay test uses curl's own SMTP state machine (MAIL_FROM +
 * MAIL_RCPT + UPLOAD) and not CONNECT_ONLY with curl_easy_send/recv:
 * the latter would need its own socket loop outside the engine and its
 * own STARTTLS handling.  The cost is that the connection is closed
 * after RCPT without a QUIT.
 *
 * The TLS probe does not verify the certificate (a self-signed one is
 * a finding, not a failure to probe); trust is checked separately
 * against the system's CA store, and the host name separately.
 */
#include "mh.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "buf.h"
#include "fact.h"
#include "ipaddr.h"
#include "probe_smtp.h"
#include "smtp.h"

#define PROBE_SMTP_OUT_TIMEOUT_MS	5000
#define PROBE_SMTP_MAX_TARGETS		64
#define PROBE_SMTP_EV_LINES		24
#define PROBE_SMTP_VRFY_USER		"mailharden-nosuchuser"

enum probe_smtp_kind {
	PROBE_SMTP_INSPECT,
	PROBE_SMTP_VRFY,
	PROBE_SMTP_EXPN,
	PROBE_SMTP_RELAY,
	PROBE_SMTP_OUTBOUND
};

struct probe_smtp_xfer {
	struct probe_smtp_run	*run;
	enum probe_smtp_kind	 kind;
	char			*target;	/* outbound: as given */
	size_t			 tidx;		/* outbound: target index */
	int			 fam;		/* outbound: 4 or 6 */
	int			 tried;		/* curl tried an address */
	CURL			*easy;
	struct smtp_parser	 parser;
	char			*cmd[SMTP_MAX_REPLIES];	/* per reply */
	char			*last_cmd;
	struct buf		 log;		/* transcript */
	char			*stop;		/* why we cut it off */
	int			 relay_done;	/* RCPT answered, stopped */
	struct curl_slist	*rcpt;
	char			 errbuf[CURL_ERROR_SIZE];

	int			 tls_checked;
	char			*tls_version;
	char			*tls_cipher;
	int			 host_match;	/* -1 unknown */
	int			 trusted;
	char			*trust_error;
	long			 days_left;
	int			 have_days;
};

struct probe_smtp_run {
	struct probe_loop	*loop;
	probe_smtp_submit_fn	 submit;
	void			*submit_ctx;
	struct facts		*fs;
	struct probe_smtp_opts	 o;
	char			*prefix;	/* "smtp.25" */
	char			*url;
	size_t			 pending;
	size_t			 ntargets;
	size_t			 nxfers;	/* outbound probes started */
	size_t			 ndone;
	struct probe_smtp_out	*out;		/* outbound: per target */
	int			 timeout_ms;
};

/* One outbound result of one address family. */
struct probe_smtp_fam {
	int			 probed;
	int			 done;
	char			*cls;		/* NULL: unknown (why) */
	char			*why;
	char			*ev;		/* transcript or error */
	char			*timing;
};

/* One outbound target: a name is probed over IPv4 and IPv6. */
struct probe_smtp_out {
	char			*target;
	char			*host;		/* without port and [] */
	struct probe_smtp_fam	 fam[2];	/* [0] IPv4, [1] IPv6 */
};

/* Outbound classes; the order matters in probe_smtp_out_summary. */
static const char *const probe_smtp_out_classes[] = {
	"open", "remote_rejection", "refused", "filtered", "unreachable",
	"dns_failure", "no_address", "unknown"
};

static void
probe_smtp_xfer_free(struct probe_smtp_xfer *x)
{
	size_t	i;

	if (x == NULL)
		return;
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->rcpt);
	smtp_parser_clear(&x->parser);
	for (i = 0; i < nitems(x->cmd); i++)
		free(x->cmd[i]);
	free(x->last_cmd);
	buf_clear(&x->log);
	free(x->stop);
	free(x->target);
	free(x->tls_version);
	free(x->tls_cipher);
	free(x->trust_error);
	free(x);
}

static void
probe_smtp_stop(struct probe_smtp_xfer *x, const char *why)
{
	if (x->stop == NULL)
		x->stop = xstrdup(why);
}

/* Look at the TLS session once it is up: version, cipher, cert checks. */
static void
probe_smtp_tls(struct probe_smtp_xfer *x)
{
	struct curl_tlssessioninfo	*ti = NULL;
	SSL				*ssl;
	X509				*cert;
	X509_STORE			*st;
	X509_STORE_CTX			*vc;
	const char			*host, *name;
	int				 days, secs;

	if (x->tls_checked ||
	    curl_easy_getinfo(x->easy, CURLINFO_TLS_SSL_PTR, &ti) !=
	    CURLE_OK || ti == NULL || ti->backend != CURLSSLBACKEND_OPENSSL ||
	    ti->internals == NULL)
		return;
	ssl = ti->internals;
	if (!SSL_is_init_finished(ssl))
		return;
	x->tls_checked = 1;
	x->tls_version = xstrdup(SSL_get_version(ssl));
	name = SSL_get_cipher_name(ssl);
	x->tls_cipher = xstrdup(name != NULL ? name : "?");
	x->host_match = -1;
	cert = SSL_get1_peer_certificate(ssl);
	if (cert == NULL)
		return;
	host = x->run->o.mail_host != NULL ? x->run->o.mail_host :
	    x->run->o.host;
	if (ipaddr_family(host) != 0)
		x->host_match = X509_check_ip_asc(cert, host, 0) == 1;
	else
		x->host_match = X509_check_host(cert, host, 0, 0, NULL) == 1;
	if (ASN1_TIME_diff(&days, &secs, NULL, X509_get0_notAfter(cert))) {
		x->days_left = days;
		x->have_days = 1;
	}
	st = X509_STORE_new();
	vc = X509_STORE_CTX_new();
	if (st != NULL && vc != NULL && X509_STORE_set_default_paths(st) &&
	    X509_STORE_CTX_init(vc, st, cert, SSL_get_peer_cert_chain(ssl))) {
		x->trusted = X509_verify_cert(vc) == 1;
		if (!x->trusted)
			x->trust_error = xstrdup(X509_verify_cert_error_string(
			    X509_STORE_CTX_get_error(vc)));
	} else
		x->trust_error = xstrdup(_("cannot load the CA store"));
	X509_STORE_CTX_free(vc);
	X509_STORE_free(st);
	X509_free(cert);
}

static size_t
probe_smtp_header(char *data, size_t size, size_t n, void *arg)
{
	struct probe_smtp_xfer	*x = arg;
	size_t			 len = size * n, show;
	int			 rc;

	if (x->log.len < SMTP_TRANSCRIPT_CAP) {
		show = len;
		while (show > 0 && (data[show - 1] == '\n' ||
		    data[show - 1] == '\r'))
			show--;
		buf_adds(&x->log, "< ");
		buf_add(&x->log, data, show > SMTP_LINE_CAP ? SMTP_LINE_CAP :
		    show);
		buf_addc(&x->log, '\n');
	}
	rc = smtp_parser_line(&x->parser, data, len);
	if (rc == -1) {
		probe_smtp_stop(x, x->parser.error);
		return 0;
	}
	probe_smtp_tls(x);
	if (rc == 0)
		return len;
	x->cmd[x->parser.nreplies - 1] = xstrdup(x->last_cmd != NULL ?
	    x->last_cmd : "CONNECT");
	if (x->kind == PROBE_SMTP_RELAY && x->last_cmd != NULL &&
	    strncasecmp(x->last_cmd, "RCPT", 4) == 0) {
		x->relay_done = 1;
		return 0;	/* never DATA */
	}
	if (x->kind == PROBE_SMTP_OUTBOUND && x->parser.nreplies == 1)
		return 0;	/* the greeting is all we want */
	return len;
}

static int
probe_smtp_debug(CURL *easy, curl_infotype type, char *data, size_t len,
    void *arg)
{
	struct probe_smtp_xfer	*x = arg;
	char			*cmd;
	size_t			 n;

	(void)easy;
	if (type == CURLINFO_TEXT && len >= 8 &&
	    memmem(data, len, "Trying ", 7) != NULL)
		x->tried = 1;
	if (type != CURLINFO_HEADER_OUT)
		return 0;
	for (n = 0; n < len && data[n] != '\r' && data[n] != '\n'; n++)
		;
	if (n > 512)
		n = 512;
	free(x->last_cmd);
	cmd = xstrndup(data, n);
	x->last_cmd = mh_sanitize(cmd, 512);
	free(cmd);
	if (x->log.len < SMTP_TRANSCRIPT_CAP)
		buf_printf(&x->log, "> %s\n", x->last_cmd);
	return 0;
}

static size_t
probe_smtp_read(char *buf, size_t size, size_t n, void *arg)
{
	(void)buf;
	(void)size;
	(void)n;
	(void)arg;
	return CURL_READFUNC_ABORT;	/* DATA must never be reached */
}

static struct probe_smtp_xfer *
probe_smtp_xfer_new(struct probe_smtp_run *r, enum probe_smtp_kind kind,
    const char *url)
{
	struct probe_smtp_xfer	*x;
	CURL			*e;

	e = curl_easy_init();
	if (e == NULL)
		return NULL;
	x = xcalloc(1, sizeof *x);
	x->run = r;
	x->kind = kind;
	x->easy = e;
	x->host_match = -1;
	smtp_parser_init(&x->parser);
	buf_init(&x->log, SMTP_TRANSCRIPT_CAP + SMTP_LINE_CAP + 64);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, probe_smtp_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, probe_smtp_debug);
	curl_easy_setopt(e, CURLOPT_DEBUGDATA, x);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)r->timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)r->timeout_ms);
	curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	curl_easy_setopt(e, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	switch (kind) {
	case PROBE_SMTP_INSPECT:
		curl_easy_setopt(e, CURLOPT_CERTINFO, 1L);
		/* FALLTHROUGH */
	case PROBE_SMTP_OUTBOUND:
		/* No rcpt, no upload: curl would send HELP. */
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, "NOOP");
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
		if (kind == PROBE_SMTP_OUTBOUND)
			curl_easy_setopt(e, CURLOPT_USE_SSL,
			    (long)CURLUSESSL_NONE);
		break;
	case PROBE_SMTP_VRFY:
		x->rcpt = curl_slist_append(NULL, PROBE_SMTP_VRFY_USER);
		curl_easy_setopt(e, CURLOPT_MAIL_RCPT, x->rcpt);
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
		break;
	case PROBE_SMTP_EXPN:
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, "EXPN postmaster");
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
		break;
	case PROBE_SMTP_RELAY:
		x->rcpt = curl_slist_append(NULL, PROBE_SMTP_RELAY_TO);
		curl_easy_setopt(e, CURLOPT_MAIL_FROM, PROBE_SMTP_RELAY_FROM);
		curl_easy_setopt(e, CURLOPT_MAIL_RCPT, x->rcpt);
		curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(e, CURLOPT_INFILESIZE, 0L);
		curl_easy_setopt(e, CURLOPT_READFUNCTION, probe_smtp_read);
		break;
	}
	return x;
}

static void	probe_smtp_done(struct probe_loop *, void *, int, long,
		    void *);

static void
probe_smtp_submit(struct probe_smtp_xfer *x)
{
	struct probe_smtp_run	*r = x->run;
	int			 rc;

	r->pending++;
	if (r->loop != NULL)
		rc = probe_curl(r->loop, x->easy, r->timeout_ms,
		    probe_smtp_done, x);
	else
		rc = r->submit(r->submit_ctx, x->easy, r->timeout_ms,
		    probe_smtp_done, x);
	if (rc == -1) {
		/* Not started: report it as such. */
		probe_smtp_stop(x, _("the probe engine refused the probe "
		    "(run deadline passed?)"));
		probe_smtp_done(r->loop, x->easy, CURLE_ABORTED_BY_CALLBACK,
		    0, x);
	}
}

/* The reply to the first command starting with cmd, after reply from. */
static const struct smtp_reply *
probe_smtp_reply(const struct probe_smtp_xfer *x, const char *cmd,
    size_t from, size_t *idx)
{
	size_t	i, n = strlen(cmd);

	for (i = from; i < x->parser.nreplies; i++) {
		if (x->cmd[i] != NULL && strncasecmp(x->cmd[i], cmd, n) == 0) {
			if (idx != NULL)
				*idx = i;
			return &x->parser.replies[i];
		}
	}
	return NULL;
}

static char *
probe_smtp_fname(const struct probe_smtp_run *r, const char *what)
{
	char	*s;

	xasprintf(&s, "%s.%s", r->prefix, what);
	return s;
}

/* Evidence: the transcript, one evidence entry per line (capped). */
static void
probe_smtp_evidence(const struct probe_smtp_xfer *x, struct fact *f)
{
	const char	*src, *p, *nl;
	size_t		 n = 0, more = 0;

	if (f == NULL)
		return;
	src = x->target != NULL ? x->target : x->run->url;
	if (x->log.len == 0) {
		fact_evidence(f, src, "%s", _("(nothing was received)"));
		return;
	}
	for (p = buf_str(&x->log); *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (n < PROBE_SMTP_EV_LINES) {
			fact_evidence(f, src, "%.*s", (int)(nl - p), p);
			n++;
		} else
			more++;
	}
	if (more > 0)
		fact_evidence(f, src, _("(%zu more lines)"), more);
}

/* Why a transfer gave no usable answer, as one line (caller frees). */
static char *
probe_smtp_why(const struct probe_smtp_xfer *x, int cc, long elapsed)
{
	const struct smtp_reply	*b;
	char			*s;

	if (x->stop != NULL) {
		xasprintf(&s, _("stopped reading: %s"), x->stop);
		return s;
	}
	if (x->parser.nreplies > 0) {
		b = &x->parser.replies[0];
		if (b->code != 220) {
			xasprintf(&s, _("the server greeted with %d %s (busy, "
			    "rate limited or refusing us): cannot tell"),
			    b->code, b->nlines > 0 ? b->lines[0] : "");
			return s;
		}
	}
	if (cc == CURLE_OPERATION_TIMEDOUT) {
		if (x->parser.nreplies == 0)
			xasprintf(&s, _("no greeting within %ld ms (tarpit, "
			    "filtered or very slow server)"), elapsed);
		else
			xasprintf(&s, _("timed out after %ld ms"), elapsed);
		return s;
	}
	if (x->parser.cur.nlines > 0 || x->parser.error != NULL) {
		xasprintf(&s, _("garbled reply: %s"), x->parser.error != NULL ?
		    x->parser.error : _("a reply was not finished"));
		return s;
	}
	xasprintf(&s, "%s (curl %d: %s)", x->errbuf[0] != '\0' ? x->errbuf :
	    curl_easy_strerror((CURLcode)cc), cc,
	    curl_easy_strerror((CURLcode)cc));
	return s;
}

static const char *const probe_smtp_inspect_facts[] = {
	"banner", "banner_discloses", "starttls", "tls_version",
	"tls_cipher", "cert_subject", "cert_issuer", "cert_san",
	"cert_expiry", "cert_days_left", "cert_hostname_match",
	"cert_trusted", "auth_before_tls", "auth_after_tls", "size",
	"pipelining"
};

static enum fact_type
probe_smtp_ftype(const char *what)
{
	if (strcmp(what, "banner_discloses") == 0 ||
	    strcmp(what, "starttls") == 0 ||
	    strncmp(what, "cert_hostname", 13) == 0 ||
	    strcmp(what, "cert_trusted") == 0 ||
	    strncmp(what, "auth_", 5) == 0 ||
	    strcmp(what, "pipelining") == 0 || strcmp(what, "vrfy") == 0 ||
	    strcmp(what, "expn") == 0 || strcmp(what, "open_relay") == 0 ||
	    strcmp(what, "relay_test_trusted") == 0)
		return FACT_BOOL;
	if (strcmp(what, "size") == 0 || strcmp(what, "cert_days_left") == 0)
		return FACT_INT;
	return FACT_STR;
}

static void
probe_smtp_unknown(const struct probe_smtp_xfer *x, const char *what,
    const char *why)
{
	struct fact	*f;
	char		*name;

	name = probe_smtp_fname(x->run, what);
	f = facts_set_unknown(x->run->fs, name, probe_smtp_ftype(what), "%s",
	    why);
	probe_smtp_evidence(x, f);
	free(name);
}

static struct fact *
probe_smtp_bool(const struct probe_smtp_xfer *x, const char *what, int v)
{
	struct fact	*f;
	char		*name;

	name = probe_smtp_fname(x->run, what);
	f = facts_set_bool(x->run->fs, name, v);
	free(name);
	probe_smtp_evidence(x, f);
	return f;
}

static struct fact *
probe_smtp_str(const struct probe_smtp_xfer *x, const char *what,
    const char *v)
{
	struct fact	*f;
	char		*name;

	name = probe_smtp_fname(x->run, what);
	f = facts_set_str(x->run->fs, name, v);
	free(name);
	probe_smtp_evidence(x, f);
	return f;
}

static struct fact *
probe_smtp_int(const struct probe_smtp_xfer *x, const char *what,
    long long v)
{
	struct fact	*f;
	char		*name;

	name = probe_smtp_fname(x->run, what);
	f = facts_set_int(x->run->fs, name, v);
	free(name);
	probe_smtp_evidence(x, f);
	return f;
}

/* Join the lines of a reply with spaces (caller frees). */
static char *
probe_smtp_join(const struct smtp_reply *r)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, SMTP_LINE_CAP);
	for (i = 0; i < r->nlines; i++) {
		if (i > 0)
			buf_addc(&b, ' ');
		buf_adds(&b, r->lines[i]);
	}
	return buf_steal(&b);
}

/* curl's certinfo for the leaf: the value of "Key:" (caller frees). */
static char *
probe_smtp_certinfo(CURL *e, const char *key)
{
	struct curl_certinfo	*ci = NULL;
	struct curl_slist	*s;
	size_t			 n = strlen(key);

	if (curl_easy_getinfo(e, CURLINFO_CERTINFO, &ci) != CURLE_OK ||
	    ci == NULL || ci->num_of_certs < 1)
		return NULL;
	for (s = ci->certinfo[0]; s != NULL; s = s->next) {
		if (strncmp(s->data, key, n) == 0 && s->data[n] == ':')
			return mh_sanitize(s->data + n + 1, SMTP_LINE_CAP);
	}
	return NULL;
}

static void
probe_smtp_tls_facts(struct probe_smtp_xfer *x, const char *why)
{
	static const char *const keys[][2] = {
		{ "cert_subject", "Subject" }, { "cert_issuer", "Issuer" },
		{ "cert_san", "X509v3 Subject Alternative Name" },
		{ "cert_expiry", "Expire date" }
	};
	struct fact	*f;
	char		*v;
	size_t		 i;

	if (!x->tls_checked) {
		probe_smtp_unknown(x, "tls_version", why);
		probe_smtp_unknown(x, "tls_cipher", why);
		for (i = 0; i < nitems(keys); i++)
			probe_smtp_unknown(x, keys[i][0], why);
		probe_smtp_unknown(x, "cert_days_left", why);
		probe_smtp_unknown(x, "cert_hostname_match", why);
		probe_smtp_unknown(x, "cert_trusted", why);
		return;
	}
	probe_smtp_str(x, "tls_version", x->tls_version);
	probe_smtp_str(x, "tls_cipher", x->tls_cipher);
	for (i = 0; i < nitems(keys); i++) {
		v = probe_smtp_certinfo(x->easy, keys[i][1]);
		if (v != NULL)
			probe_smtp_str(x, keys[i][0], v);
		else
			probe_smtp_unknown(x, keys[i][0],
			    _("not in the certificate"));
		free(v);
	}
	if (x->have_days)
		probe_smtp_int(x, "cert_days_left", x->days_left);
	else
		probe_smtp_unknown(x, "cert_days_left",
		    _("no certificate expiry"));
	if (x->host_match == -1)
		probe_smtp_unknown(x, "cert_hostname_match",
		    _("no certificate"));
	else {
		f = probe_smtp_bool(x, "cert_hostname_match", x->host_match);
		fact_evidence(f, "mail host name", "%s",
		    x->run->o.mail_host != NULL ? x->run->o.mail_host :
		    x->run->o.host);
	}
	f = probe_smtp_bool(x, "cert_trusted", x->trusted);
	if (!x->trusted)
		fact_evidence(f, "certificate verification", "%s",
		    x->trust_error != NULL ? x->trust_error : "?");
}

static void	probe_smtp_followups(struct probe_smtp_run *);

static void
probe_smtp_inspect_done(struct probe_smtp_xfer *x, int cc, long elapsed)
{
	struct probe_smtp_run	*r = x->run;
	const struct smtp_reply	*banner, *pre = NULL, *post = NULL, *st;
	const struct smtp_reply	*caps;
	const char		*w, *v;
	struct fact		*f;
	char			*why = NULL, *text;
	size_t			 i, wl, idx = 0, stidx = 0;
	int			 have_tls_cmd = 0;

	banner = x->parser.nreplies > 0 ? &x->parser.replies[0] : NULL;
	if (banner == NULL || banner->code != 220) {
		why = probe_smtp_why(x, cc, elapsed);
		for (i = 0; i < nitems(probe_smtp_inspect_facts); i++) {
			if (r->o.implicit_tls && (strcmp(
			    probe_smtp_inspect_facts[i], "starttls") == 0 ||
			    strcmp(probe_smtp_inspect_facts[i],
			    "auth_before_tls") == 0))
				continue;
			probe_smtp_unknown(x, probe_smtp_inspect_facts[i],
			    why);
		}
		probe_smtp_unknown(x, "vrfy", why);
		probe_smtp_unknown(x, "expn", why);
		if (!r->o.no_relay) {
			probe_smtp_unknown(x, "open_relay", why);
			probe_smtp_unknown(x, "relay_test_trusted", why);
		}
		free(why);
		return;
	}
	text = probe_smtp_join(banner);
	probe_smtp_str(x, "banner", text);
	f = probe_smtp_bool(x, "banner_discloses",
	    smtp_banner_discloses(text, &w, &wl));
	if (f->b)
		fact_evidence(f, "banner word", "%.*s", (int)wl, w);
	free(text);

	/* EHLO before TLS (or the only one, for implicit TLS). */
	pre = probe_smtp_reply(x, "EHLO", 1, &idx);
	st = probe_smtp_reply(x, "STARTTLS", 1, &stidx);
	if (st != NULL) {
		have_tls_cmd = 1;
		post = probe_smtp_reply(x, "EHLO", stidx + 1, NULL);
	}
	if (r->o.implicit_tls) {
		post = pre;
		pre = NULL;
	}
	why = probe_smtp_why(x, cc, elapsed);
	if (!r->o.implicit_tls) {
		if (pre == NULL || pre->code != 250) {
			text = pre == NULL ? xstrdup(why) : NULL;
			if (text == NULL)
				xasprintf(&text, _("EHLO was refused: %d %s"),
				    pre->code, pre->lines[0]);
			probe_smtp_unknown(x, "starttls", text);
			probe_smtp_unknown(x, "auth_before_tls", text);
			free(text);
		} else {
			probe_smtp_bool(x, "starttls",
			    smtp_ehlo_find(pre, "STARTTLS") != NULL);
			v = smtp_ehlo_find(pre, "AUTH");
			f = probe_smtp_bool(x, "auth_before_tls", v != NULL);
			if (v != NULL)
				fact_evidence(f, "EHLO before TLS", "AUTH %s",
				    v);
		}
	}
	if (x->tls_checked && post != NULL && post->code == 250) {
		v = smtp_ehlo_find(post, "AUTH");
		f = probe_smtp_bool(x, "auth_after_tls", v != NULL);
		if (v != NULL)
			fact_evidence(f, "EHLO after TLS", "AUTH %s", v);
		probe_smtp_tls_facts(x, NULL);
	} else {
		free(why);
		if (!r->o.implicit_tls && pre != NULL && pre->code == 250 &&
		    smtp_ehlo_find(pre, "STARTTLS") == NULL)
			why = xstrdup(_("no TLS: the server does not offer "
			    "STARTTLS"));
		else if (have_tls_cmd && st->code != 220)
			xasprintf(&why, _("STARTTLS was refused: %d %s"),
			    st->code, st->nlines > 0 ? st->lines[0] : "");
		else {
			text = probe_smtp_why(x, cc, elapsed);
			xasprintf(&why, _("TLS failed: %s"), text);
			free(text);
		}
		probe_smtp_unknown(x, "auth_after_tls", why);
		probe_smtp_tls_facts(x, why);
	}
	free(why);

	caps = post != NULL && post->code == 250 ? post : pre;
	if (caps == NULL || caps->code != 250) {
		why = xstrdup(_("no EHLO capabilities"));
		probe_smtp_unknown(x, "size", why);
		probe_smtp_unknown(x, "pipelining", why);
		free(why);
	} else {
		v = smtp_ehlo_find(caps, "SIZE");
		if (v == NULL)
			probe_smtp_unknown(x, "size",
			    _("SIZE is not advertised"));
		else
			probe_smtp_int(x, "size", strtoll(v, NULL, 10));
		probe_smtp_bool(x, "pipelining",
		    smtp_ehlo_find(caps, "PIPELINING") != NULL);
	}
	probe_smtp_followups(r);
}

/* VRFY/EXPN: does the answer tell whether an address exists? */
static void
probe_smtp_verb_done(struct probe_smtp_xfer *x, const char *verb,
    const char *what, int cc, long elapsed)
{
	const struct smtp_reply	*rep;
	struct fact		*f;
	char			*why;

	rep = probe_smtp_reply(x, verb, 1, NULL);
	if (rep == NULL) {
		why = probe_smtp_why(x, cc, elapsed);
		probe_smtp_unknown(x, what, why);
		free(why);
		return;
	}
	switch (rep->code) {
	case 250: case 251: case 550: case 551: case 553:
		/* It answers per address: usable for harvesting. */
		f = probe_smtp_bool(x, what, 1);
		break;
	case 252: case 500: case 502: case 504: case 530:
		/* Disabled, non-committal, or needs authentication. */
		f = probe_smtp_bool(x, what, 0);
		break;
	default:
		xasprintf(&why, _("%s answered %d %s: cannot tell"), verb,
		    rep->code, rep->nlines > 0 ? rep->lines[0] : "");
		probe_smtp_unknown(x, what, why);
		free(why);
		return;
	}
	fact_evidence(f, verb, "%d %s", rep->code,
	    rep->nlines > 0 ? rep->lines[0] : "");
}

int
probe_smtp_in_mynetworks(const char *addr, const char *list)
{
	unsigned char	 a[16], n[16];
	char		 tok[256], *slash, *t;
	const char	*p = list;
	int		 fa, fn, unsure = 0;
	long		 bits;
	size_t		 len, i, full;
	unsigned char	 mask;

	fa = strchr(addr, ':') != NULL ? AF_INET6 : AF_INET;
	if (inet_pton(fa, addr, a) != 1)
		return -1;
	while (*p != '\0') {
		p += strspn(p, " \t,");
		len = strcspn(p, " \t,");
		if (len == 0)
			break;
		if (len >= sizeof tok) {
			unsure = 1;
			p += len;
			continue;
		}
		memcpy(tok, p, len);
		tok[len] = '\0';
		p += len;
		t = tok;
		if (*t == '[') {
			t++;
			if ((slash = strchr(t, ']')) == NULL) {
				unsure = 1;
				continue;
			}
			memmove(slash, slash + 1, strlen(slash + 1) + 1);
		}
		bits = -1;
		if ((slash = strchr(t, '/')) != NULL) {
			*slash++ = '\0';
			bits = strtol(slash, NULL, 10);
		}
		fn = strchr(t, ':') != NULL ? AF_INET6 : AF_INET;
		if (inet_pton(fn, t, n) != 1) {
			unsure = 1;	/* a table or a host name */
			continue;
		}
		if (fn != fa)
			continue;
		full = fa == AF_INET ? 32 : 128;
		if (bits < 0 || (size_t)bits > full)
			bits = (long)full;
		for (i = 0; i < (size_t)bits / 8; i++)
			if (a[i] != n[i])
				break;
		if (i < (size_t)bits / 8)
			continue;
		if (bits % 8 != 0) {
			mask = (unsigned char)(0xff << (8 - bits % 8));
			if ((a[i] & mask) != (n[i] & mask))
				continue;
		}
		return 1;
	}
	return unsure ? -1 : 0;
}

static void
probe_smtp_relay_done(struct probe_smtp_xfer *x, int cc, long elapsed)
{
	struct probe_smtp_run	*r = x->run;
	const struct smtp_reply	*mail, *rcpt;
	const struct fact	*mn;
	struct fact		*f;
	char			*ip = NULL, *why = NULL;
	const char		*text;
	int			 trusted = -1, accepted = -1, in;

	mail = probe_smtp_reply(x, "MAIL", 1, NULL);
	rcpt = probe_smtp_reply(x, "RCPT", 1, NULL);
	if (mail != NULL && mail->code != 250) {
		if (mail->code == 530)
			accepted = 0;	/* authentication required */
		else
			xasprintf(&why, _("MAIL FROM an outside address was "
			    "refused (%d %s): the relay test cannot go on"),
			    mail->code, mail->nlines > 0 ? mail->lines[0] : "");
	} else if (rcpt != NULL) {
		text = rcpt->nlines > 0 ? rcpt->lines[0] : "";
		if (rcpt->code == 250 || rcpt->code == 251)
			accepted = 1;
		else if (rcpt->code >= 500 ||
		    strcasestr(text, "relay access denied") != NULL)
			accepted = 0;
		else
			xasprintf(&why, _("RCPT TO an outside domain got a "
			    "temporary answer (%d %s): cannot tell"),
			    rcpt->code, text);
	} else
		why = probe_smtp_why(x, cc, elapsed);

	/* From where was the test made, and does the server trust it? */
	if (curl_easy_getinfo(x->easy, CURLINFO_LOCAL_IP, &text) ==
	    CURLE_OK && text != NULL && *text != '\0')
		ip = xstrdup(text);
	mn = facts_get(r->fs, "postfix.mynetworks");
	if (ip != NULL && mn != NULL && mn->state == FACT_KNOWN &&
	    mn->type == FACT_STR) {
		in = probe_smtp_in_mynetworks(ip, mn->s);
		if (in != -1)
			trusted = in;
	}
	if (ip != NULL && trusted == -1) {
		/* Without mynetworks: loopback and private are suspect. */
		trusted = ipaddr_is_public(ip) ? 0 : 1;
	}
	if (trusted == -1) {
		probe_smtp_unknown(x, "relay_test_trusted",
		    why != NULL ? why : _("the local address is not known"));
	} else {
		f = probe_smtp_bool(x, "relay_test_trusted", trusted);
		/* adding a fact may move the others: look it up again */
		mn = facts_get(r->fs, "postfix.mynetworks");
		fact_evidence(f, "test made from", "%s", ip);
		if (mn != NULL && mn->state == FACT_KNOWN &&
		    mn->type == FACT_STR)
			fact_evidence(f, "postfix.mynetworks", "%s", mn->s);
		else
			fact_evidence(f, "mynetworks", "%s",
			    _("not known; loopback and private addresses are "
			    "assumed trusted"));
	}
	if (why != NULL)
		probe_smtp_unknown(x, "open_relay", why);
	else if (accepted == 1 && trusted != 0) {
		xasprintf(&why, _("the server accepted relaying, but the test "
		    "came from %s, which it may trust (loopback or "
		    "mynetworks): this proves nothing; test from outside"),
		    ip != NULL ? ip : "?");
		probe_smtp_unknown(x, "open_relay", why);
	} else {
		f = probe_smtp_bool(x, "open_relay", accepted);
		if (rcpt != NULL)
			fact_evidence(f, "RCPT TO", "%d %s", rcpt->code,
			    rcpt->nlines > 0 ? rcpt->lines[0] : "");
	}
	free(why);
	free(ip);
}

static void
probe_smtp_followups(struct probe_smtp_run *r)
{
	struct probe_smtp_xfer	*x;
	enum probe_smtp_kind	 k[] = { PROBE_SMTP_VRFY, PROBE_SMTP_EXPN,
				    PROBE_SMTP_RELAY };
	size_t			 i;

	for (i = 0; i < nitems(k); i++) {
		if (k[i] == PROBE_SMTP_RELAY && r->o.no_relay)
			continue;
		x = probe_smtp_xfer_new(r, k[i], r->url);
		if (x != NULL)
			probe_smtp_submit(x);
	}
}

/* Write the facts of one target once every family of it is in. */
static void
probe_smtp_out_write(struct probe_smtp_run *r, struct probe_smtp_out *t)
{
	struct probe_smtp_fam	*fa, *other;
	struct fact		*f;
	char			*key, *name;
	int			 i;

	key = probe_smtp_target_key(t->target);
	for (i = 0; i < 2; i++) {
		fa = &t->fam[i];
		other = &t->fam[1 - i];
		if (!fa->probed)
			continue;
		/* The name exists (the other family resolved): no A/AAAA. */
		if (fa->cls != NULL && strcmp(fa->cls, "dns_failure") == 0 &&
		    other->probed && (other->cls == NULL ||
		    strcmp(other->cls, "dns_failure") != 0)) {
			free(fa->cls);
			fa->cls = xstrdup("no_address");
		}
		xasprintf(&name, "outbound.25.%s.ipv%d", key, i == 0 ? 4 : 6);
		if (fa->cls == NULL)
			f = facts_set_unknown(r->fs, name, FACT_STR, "%s",
			    fa->why != NULL ? fa->why : "?");
		else
			f = facts_set_str(r->fs, name, fa->cls);
		if (fa->cls != NULL && strcmp(fa->cls, "no_address") == 0)
			fact_evidence(f, t->target, i == 0 ?
			    _("%s has no A record (it has an AAAA record)") :
			    _("%s has no AAAA record (it has an A record)"),
			    t->host);
		fact_evidence(f, t->target, "%s", fa->ev);
		fact_evidence(f, "timing", "%s", fa->timing);
		free(name);
	}
	free(key);
}

/* Outbound: classify one target over one family. */
static void
probe_smtp_out_done(struct probe_smtp_xfer *x, int cc, long elapsed)
{
	struct probe_smtp_run	*r = x->run;
	struct probe_smtp_out	*t = &r->out[x->tidx];
	struct probe_smtp_fam	*fa = &t->fam[x->fam == 6];
	const struct smtp_reply	*b;
	const char		*cls;
	long			 oserr = 0, conn = 0;
	double			 ct = 0;

	b = x->parser.nreplies > 0 ? &x->parser.replies[0] : NULL;
	curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &oserr);
	if (curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME, &ct) ==
	    CURLE_OK && ct > 0)
		conn = 1;
	if (b != NULL)
		cls = b->code == 220 ? "open" : "remote_rejection";
	else if (cc == CURLE_COULDNT_RESOLVE_HOST)
		cls = "dns_failure";
	else if (cc == CURLE_COULDNT_CONNECT && !x->tried && oserr == 0 &&
	    x->fam != 0)
		cls = "no_address";	/* resolved, none of this family */
	else if (oserr == ECONNREFUSED)
		cls = "refused";
	else if (oserr == ENETUNREACH || oserr == EHOSTUNREACH ||
	    oserr == EADDRNOTAVAIL || oserr == EAFNOSUPPORT)
		cls = "unreachable";
	else if (!conn && (cc == CURLE_OPERATION_TIMEDOUT ||
	    oserr == ETIMEDOUT || cc == CURLE_COULDNT_CONNECT))
		cls = "filtered";
	else {
		cls = NULL;
		fa->why = probe_smtp_why(x, cc, elapsed);
	}
	fa->cls = cls != NULL ? xstrdup(cls) : NULL;
	fa->ev = xstrdup(x->log.len > 0 ? buf_str(&x->log) :
	    (x->errbuf[0] != '\0' ? x->errbuf :
	    curl_easy_strerror((CURLcode)cc)));
	xasprintf(&fa->timing, "IPv%d, %ld ms, errno %ld, curl %d", x->fam,
	    elapsed, oserr, cc);
	fa->done = 1;
	r->ndone++;
	if ((!t->fam[0].probed || t->fam[0].done) &&
	    (!t->fam[1].probed || t->fam[1].done))
		probe_smtp_out_write(r, t);
}

/*
 * The summaries: outbound.25 over IPv4 ("open" when at least one target
 * greeted over IPv4) with the advice, outbound.25.ipv6 the same over
 * IPv6.  Call for IPv6 first: the advice mentions it.
 */
static void
probe_smtp_out_summary(struct probe_smtp_run *r, int v6)
{
	struct fact		*f;
	const struct fact	*g;
	size_t			 i, j, count[nitems(probe_smtp_out_classes)];
	const char		*cls = NULL, *note, *pname, *c;
	struct buf		 b;

	memset(count, 0, sizeof count);
	for (i = 0; i < r->ntargets; i++) {
		if (!r->out[i].fam[v6].probed)
			continue;
		c = r->out[i].fam[v6].cls;
		if (c == NULL)
			c = "unknown";
		for (j = 0; j < nitems(probe_smtp_out_classes); j++)
			if (strcmp(c, probe_smtp_out_classes[j]) == 0)
				count[j]++;
	}
	for (j = 0; j < nitems(probe_smtp_out_classes); j++)
		if (count[j] > 0)
			cls = cls == NULL ? probe_smtp_out_classes[j] : "mixed";
	if (cls == NULL)
		cls = "unknown";
	if (count[0] > 0)
		cls = "open";
	f = facts_set_str(r->fs, v6 ? "outbound.25.ipv6" : "outbound.25", cls);
	for (j = 0; j < nitems(probe_smtp_out_classes); j++)
		if (count[j] > 0)
			fact_evidence(f, "targets", "%zu %s", count[j],
			    probe_smtp_out_classes[j]);
	if (v6)
		return;

	buf_init(&b, 4096);
	if (count[0] > 0)
		buf_adds(&b, _("Outbound port 25 works over IPv4: at least "
		    "one mail server greeted."));
	else {
		buf_adds(&b, _("No mail server could be reached on port 25 "
		    "over IPv4."));
		if (count[3] > 0) {
			pname = facts_str(r->fs, "cloud.name");
			note = facts_str(r->fs, "cloud.port25_note");
			if (pname != NULL && note != NULL)
				buf_printf(&b, _(" Connections timed out, "
				    "which is how providers block it: %s: %s"),
				    pname, note);
			else
				buf_adds(&b, _(" Connections timed out: "
				    "typically the hosting provider or an "
				    "upstream firewall blocks outbound 25."));
			note = facts_str(r->fs, "cloud.unblock");
			if (note != NULL)
				buf_printf(&b, _(" To unblock: %s"), note);
		}
		buf_adds(&b, _(" Way out: send through a relay host "
		    "(smarthost) on port 587 (STARTTLS) or 465 (implicit TLS) "
		    "with SASL authentication: relayhost = [smtp.provider]:587"
		    "; for 465 also smtp_tls_wrappermode = yes."));
		note = facts_str(r->fs, "cloud.relay");
		if (note != NULL)
			buf_printf(&b, " %s", note);
	}
	g = facts_get(r->fs, "outbound.25.ipv6");
	if (g != NULL && g->state == FACT_KNOWN && g->s != NULL) {
		if (strcmp(g->s, "open") == 0)
			buf_adds(&b, _(" Over IPv6 at least one mail server "
			    "greeted."));
		else if (strcmp(g->s, "unknown") != 0)
			buf_printf(&b, _(" Over IPv6: %s (set inet_protocols "
			    "= ipv4 if IPv6 mail cannot leave)."), g->s);
	}
	f = facts_set_str(r->fs, "outbound.advice", buf_str(&b));
	fact_evidence(f, "outbound.25", "%s", cls);
	buf_clear(&b);
}
static void
probe_smtp_done(struct probe_loop *l, void *easy, int cc, long elapsed,
    void *arg)
{
	struct probe_smtp_xfer	*x = arg;
	struct probe_smtp_run	*r = x->run;

	(void)l;
	(void)easy;
	switch (x->kind) {
	case PROBE_SMTP_INSPECT:
		probe_smtp_inspect_done(x, cc, elapsed);
		break;
	case PROBE_SMTP_VRFY:
		probe_smtp_verb_done(x, "VRFY", "vrfy", cc, elapsed);
		break;
	case PROBE_SMTP_EXPN:
		probe_smtp_verb_done(x, "EXPN", "expn", cc, elapsed);
		break;
	case PROBE_SMTP_RELAY:
		probe_smtp_relay_done(x, cc, elapsed);
		break;
	case PROBE_SMTP_OUTBOUND:
		probe_smtp_out_done(x, cc, elapsed);
		if (r->ndone == r->nxfers) {
			probe_smtp_out_summary(r, 1);
			probe_smtp_out_summary(r, 0);
		}
		break;
	}
	probe_smtp_xfer_free(x);
	r->pending--;
}

static struct probe_smtp_run *
probe_smtp_run_new(struct probe_loop *l, probe_smtp_submit_fn fn, void *ctx,
    struct facts *fs, int timeout_ms)
{
	struct probe_smtp_run	*r;

	r = xcalloc(1, sizeof *r);
	r->loop = l;
	r->submit = fn;
	r->submit_ctx = ctx;
	r->fs = fs;
	r->timeout_ms = timeout_ms > 0 ? timeout_ms : PROBE_SMTP_TIMEOUT_MS;
	return r;
}

static struct probe_smtp_run *
probe_smtp_begin(struct probe_smtp_run *r, const struct probe_smtp_opts *o)
{
	struct probe_smtp_xfer	*x;
	const char		*h = o->host;
	int			 v6 = strchr(h, ':') != NULL;

	r->o = *o;
	xasprintf(&r->prefix, "%s.%u", o->implicit_tls ? "smtps" : "smtp",
	    o->fact_port != 0 ? o->fact_port : o->port);
	xasprintf(&r->url, "%s://%s%s%s:%u/%s", o->implicit_tls ? "smtps" :
	    "smtp", v6 ? "[" : "", h, v6 ? "]" : "", o->port,
	    o->ehlo_name != NULL ? o->ehlo_name : PROBE_SMTP_EHLO);
	x = probe_smtp_xfer_new(r, PROBE_SMTP_INSPECT, r->url);
	if (x != NULL)
		probe_smtp_submit(x);
	return r;
}

struct probe_smtp_run *
probe_smtp_start(struct probe_loop *l, struct facts *fs,
    const struct probe_smtp_opts *o)
{
	return probe_smtp_begin(probe_smtp_run_new(l, NULL, NULL, fs,
	    o->timeout_ms), o);
}

struct probe_smtp_run *
probe_smtp_start_with(probe_smtp_submit_fn fn, void *ctx, struct facts *fs,
    const struct probe_smtp_opts *o)
{
	return probe_smtp_begin(probe_smtp_run_new(NULL, fn, ctx, fs,
	    o->timeout_ms), o);
}

char *
probe_smtp_target_key(const char *t)
{
	char	*k, *p;

	k = mh_sanitize(t, 200);
	for (p = k; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-'))
			*p = '_';
	return k;
}

/* The host part of a target: "[::1]:25" -> "::1" (caller frees). */
static char *
probe_smtp_target_host(const char *s)
{
	const char	*e;

	if (*s == '[' && (e = strchr(s, ']')) != NULL)
		return xstrndup(s + 1, (size_t)(e - s - 1));
	return xstrndup(s, strcspn(s, ":"));
}

int
probe_smtp_target_families(const char *target)
{
	char	*h;
	int	 af;

	h = probe_smtp_target_host(target);
	af = ipaddr_family(h);
	free(h);
	return af == 4 ? 1 : (af == 6 ? 2 : 3);
}

/* Start one outbound probe of target i over family fam (4 or 6). */
static void
probe_smtp_out_one(struct probe_smtp_run *r, size_t i, int fam)
{
	struct probe_smtp_out	*t = &r->out[i];
	struct probe_smtp_xfer	*x;
	char			*url;

	if (strchr(t->target, ':') == NULL)
		xasprintf(&url, "smtp://%s:25/%s", t->target, PROBE_SMTP_EHLO);
	else
		xasprintf(&url, "smtp://%s/%s", t->target, PROBE_SMTP_EHLO);
	x = probe_smtp_xfer_new(r, PROBE_SMTP_OUTBOUND, url);
	free(url);
	if (x == NULL) {
		t->fam[fam == 6].done = 1;
		t->fam[fam == 6].why = xstrdup(_("cannot set up the probe"));
		t->fam[fam == 6].ev = xstrdup("");
		t->fam[fam == 6].timing = xstrdup("");
		r->ndone++;
		return;
	}
	x->target = xstrdup(t->target);
	x->tidx = i;
	x->fam = fam;
	curl_easy_setopt(x->easy, CURLOPT_IPRESOLVE, fam == 6 ?
	    (long)CURL_IPRESOLVE_V6 : (long)CURL_IPRESOLVE_V4);
	/*
	 * The multi handle shares one DNS cache keyed by name and port,
	 * not family: the IPv6 probe would reuse the IPv4 probe's answer.
	 */
	curl_easy_setopt(x->easy, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
	probe_smtp_submit(x);
}

static struct probe_smtp_run *
probe_smtp_out_begin(struct probe_smtp_run *r, const char *const *t,
    size_t n)
{
	struct probe_smtp_out	*o;
	size_t			 i;
	int			 af;

	if (n > PROBE_SMTP_MAX_TARGETS)
		n = PROBE_SMTP_MAX_TARGETS;
	r->ntargets = n;
	r->out = xcalloc(n + 1, sizeof *r->out);
	for (i = 0; i < n; i++) {
		o = &r->out[i];
		o->target = xstrdup(t[i]);
		o->host = probe_smtp_target_host(t[i]);
	}
	/* Decide every family first: a fast probe may finish early. */
	for (i = 0; i < n; i++) {
		af = probe_smtp_target_families(t[i]);
		r->out[i].fam[0].probed = (af & 1) != 0;
		r->out[i].fam[1].probed = (af & 2) != 0;
		r->nxfers += (size_t)(r->out[i].fam[0].probed +
		    r->out[i].fam[1].probed);
	}
	for (i = 0; i < n; i++) {
		if (r->out[i].fam[0].probed)
			probe_smtp_out_one(r, i, 4);
		if (r->out[i].fam[1].probed)
			probe_smtp_out_one(r, i, 6);
	}
	if (r->ndone == r->nxfers) {
		probe_smtp_out_summary(r, 1);
		probe_smtp_out_summary(r, 0);
	}
	return r;
}
struct probe_smtp_run *
probe_smtp_outbound(struct probe_loop *l, struct facts *fs,
    const char *const *t, size_t n, int timeout_ms)
{
	return probe_smtp_out_begin(probe_smtp_run_new(l, NULL, NULL, fs,
	    timeout_ms > 0 ? timeout_ms : PROBE_SMTP_OUT_TIMEOUT_MS), t, n);
}

struct probe_smtp_run *
probe_smtp_outbound_with(probe_smtp_submit_fn fn, void *ctx,
    struct facts *fs, const char *const *t, size_t n, int timeout_ms)
{
	return probe_smtp_out_begin(probe_smtp_run_new(NULL, fn, ctx, fs,
	    timeout_ms > 0 ? timeout_ms : PROBE_SMTP_OUT_TIMEOUT_MS), t, n);
}

size_t
probe_smtp_pending(const struct probe_smtp_run *r)
{
	return r->pending;
}

void
probe_smtp_free(struct probe_smtp_run *r)
{
	size_t	i, j;

	if (r == NULL)
		return;
	for (i = 0; i < r->ntargets; i++) {
		free(r->out[i].target);
		free(r->out[i].host);
		for (j = 0; j < 2; j++) {
			free(r->out[i].fam[j].cls);
			free(r->out[i].fam[j].why);
			free(r->out[i].fam[j].ev);
			free(r->out[i].fam[j].timing);
		}
	}
	free(r->out);
	free(r->prefix);
	free(r->url);
	free(r);
}

int
probe_smtp_outbound_load(const char *path, char ***targets, size_t *n,
    char **cause)
{
	config_t		 cf;
	config_setting_t	*s, *e;
	const char		*v;
	int			 i, cnt, rc = -1;

	*targets = NULL;
	*n = 0;
	config_init(&cf);
	if (config_read_file(&cf, path) != CONFIG_TRUE) {
		xasprintf(cause, "%s:%d: %s", path, config_error_line(&cf),
		    config_error_text(&cf) != NULL ? config_error_text(&cf) :
		    _("cannot read"));
		goto out;
	}
	s = config_lookup(&cf, "hosts");
	if (s == NULL || !config_setting_is_aggregate(s)) {
		xasprintf(cause, _("%s: no hosts list"), path);
		goto out;
	}
	cnt = config_setting_length(s);
	if (cnt > PROBE_SMTP_MAX_TARGETS)
		cnt = PROBE_SMTP_MAX_TARGETS;
	*targets = xcalloc((size_t)cnt + 1, sizeof **targets);
	for (i = 0; i < cnt; i++) {
		e = config_setting_get_elem(s, (unsigned int)i);
		v = e != NULL ? config_setting_get_string(e) : NULL;
		if (v == NULL || *v == '\0' || strlen(v) > 253) {
			xasprintf(cause, _("%s:%d: not a host name"), path,
			    e != NULL ? config_setting_source_line(e) : 0);
			goto out;
		}
		(*targets)[(*n)++] = xstrdup(v);
	}
	rc = 0;
out:
	if (rc == -1 && *targets != NULL) {
		for (i = 0; (size_t)i < *n; i++)
			free((*targets)[i]);
		free(*targets);
		*targets = NULL;
		*n = 0;
	}
	config_destroy(&cf);
	return rc;
}
