/*
 * probe.c - the probe engine: one poll(2) loop over a c-ares channel and
 * a libcurl multi handle (socket callback API), per-probe and per-run
 * deadlines, a FIFO queue for max_parallel, and the DNS answer decoder
 * that turns wire-format answers into capped presentation text.
 */
#include "mh.h"

#include <sys/types.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netinet/in.h>

#include <ares.h>
#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "fact.h"
#include "probe.h"

#define PROBE_MAX_FDS		256
#define PROBE_CURL_FDS		128
#define PROBE_NAME_MAX		1025

enum probe_kind {
	PROBE_DNS,
	PROBE_CURL
};

struct probe {
	enum probe_kind	 kind;
	struct probe_loop *loop;
	char		*name;
	int		 type;
	probe_dns_fn	 dns_cb;
	probe_curl_fn	 curl_cb;
	void		*arg;
	void		*easy;
	int		 timeout_ms;
	size_t		 depth;
	long long	 t0;
	long long	 deadline;
	int		 running;
	int		 orphan;	/* reported; c-ares still owns it */
	struct probe	*next;		/* queue or active list */
	struct probe	*prev;
};

struct probe_curl_fd {
	curl_socket_t	 fd;
	int		 what;
};

struct probe_loop {
	struct probe_opts opts;
	char		*dns_server;
	char		*server_text;
	ares_channel	 ch;
	int		 ch_ok;
	CURLM		*multi;
	long long	 run_deadline;
	int		 run_over;
	struct probe	*qhead, *qtail;	/* waiting */
	struct probe	*active;	/* running */
	size_t		 inflight;
	size_t		 queued;
	size_t		 started;
	size_t		 chain;
	size_t		 cur_depth;
	int		 pumping;
	struct probe_curl_fd curl_fds[PROBE_CURL_FDS];
	size_t		 ncurl_fds;
	long		 curl_timer;	/* ms, -1 = none */
	long long	 curl_timer_set;
};

static long long
probe_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- answer decoding ---------------------------------------------------- */

/* Read a (compressed) name at *off into out; advance *off. */
static int
probe_name(const unsigned char *m, size_t len, size_t *off, char *out,
    size_t outsz)
{
	size_t	 p = *off, o = 0, end = 0, i;
	int	 jumps = 0, jumped = 0;
	unsigned lab;

	for (;;) {
		if (p >= len)
			return -1;
		lab = m[p];
		if (lab == 0) {
			p++;
			break;
		}
		if ((lab & 0xc0) == 0xc0) {
			if (p + 1 >= len || ++jumps > 64)
				return -1;
			if (!jumped)
				end = p + 2;
			jumped = 1;
			p = ((lab & 0x3f) << 8) | m[p + 1];
			continue;
		}
		if ((lab & 0xc0) != 0 || p + 1 + lab > len)
			return -1;
		p++;
		for (i = 0; i < lab; i++) {
			unsigned char c = m[p + i];

			if (o + 5 >= outsz)
				return -1;
			if (c == '.' || c == '\\') {
				out[o++] = '\\';
				out[o++] = (char)c;
			} else if (c <= 0x20 || c >= 0x7f)
				o += (size_t)snprintf(out + o, outsz - o,
				    "\\%03u", c);
			else
				out[o++] = (char)c;
		}
		p += lab;
		if (o + 1 >= outsz)
			return -1;
		out[o++] = '.';
	}
	if (o == 0)
		out[o++] = '.';
	if (o > 1 && out[o - 1] == '.')
		o--;
	out[o] = '\0';
	*off = jumped ? end : p;
	return 0;
}

/* TXT: the strings of one record joined, unprintables as '?'. */
static char *
probe_txt(const unsigned char *r, size_t rl)
{
	struct buf	b;
	size_t		p = 0, n, i;
	char		*raw, *out;

	buf_init(&b, PROBE_MAX_TXT);
	while (p < rl) {
		n = r[p++];
		if (p + n > rl)
			n = rl - p;
		for (i = 0; i < n; i++) {
			unsigned char c = r[p + i];

			buf_addc(&b, (c < 0x20 || c == 0x7f || c == 0) ?
			    '?' : (char)c);
		}
		p += n;
	}
	raw = buf_steal(&b);
	out = mh_sanitize(raw, PROBE_MAX_TXT);
	free(raw);
	return out;
}

static char *
probe_rdata(const unsigned char *m, size_t off, size_t rl, int type)
{
	char		 name[PROBE_NAME_MAX], addr[INET6_ADDRSTRLEN], *s;
	const unsigned char *r = m + off;
	struct buf	 b;
	size_t		 p, i;

	switch (type) {
	case ns_t_a:
		if (rl != 4 || inet_ntop(AF_INET, r, addr, sizeof addr) ==
		    NULL)
			return NULL;
		return xstrdup(addr);
	case ns_t_aaaa:
		if (rl != 16 || inet_ntop(AF_INET6, r, addr, sizeof addr) ==
		    NULL)
			return NULL;
		return xstrdup(addr);
	case ns_t_mx:
		if (rl < 3)
			return NULL;
		p = off + 2;
		if (probe_name(m, off + rl, &p, name, sizeof name) == -1)
			return NULL;
		xasprintf(&s, "%u %s", (unsigned)(r[0] << 8 | r[1]), name);
		return s;
	case ns_t_ptr:
	case ns_t_cname:
	case ns_t_ns:
		p = off;
		if (probe_name(m, off + rl, &p, name, sizeof name) == -1)
			return NULL;
		return xstrdup(name);
	case ns_t_txt:
		return probe_txt(r, rl);
	case 52:	/* TLSA */
		if (rl < 4)
			return NULL;
		buf_init(&b, PROBE_MAX_TXT);
		buf_printf(&b, "%u %u %u ", r[0], r[1], r[2]);
		for (i = 3; i < rl; i++)
			buf_printf(&b, "%02x", r[i]);
		return buf_steal(&b);
	default:
		return NULL;
	}
}

void
probe_answers_free(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
probe_parse_answer(const unsigned char *m, size_t len, int type,
    char ***answers, size_t *nanswers, int *ttl)
{
	char		 name[PROBE_NAME_MAX], **v = NULL, *s;
	size_t		 off = 12, n = 0, total = 0, rl;
	unsigned	 qd, an, i, rt;
	long		 t;

	*answers = NULL;
	*nanswers = 0;
	*ttl = -1;
	if (len < 12)
		return -1;
	qd = (unsigned)(m[4] << 8 | m[5]);
	an = (unsigned)(m[6] << 8 | m[7]);
	for (i = 0; i < qd; i++) {
		if (probe_name(m, len, &off, name, sizeof name) == -1 ||
		    off + 4 > len)
			return -1;
		off += 4;
	}
	for (i = 0; i < an; i++) {
		if (probe_name(m, len, &off, name, sizeof name) == -1 ||
		    off + 10 > len)
			goto bad;
		rt = (unsigned)(m[off] << 8 | m[off + 1]);
		t = (long)((unsigned long)m[off + 4] << 24 |
		    (unsigned long)m[off + 5] << 16 |
		    (unsigned long)m[off + 6] << 8 | m[off + 7]);
		rl = (size_t)(m[off + 8] << 8 | m[off + 9]);
		off += 10;
		if (off + rl > len)
			goto bad;
		if ((int)rt == type && n < PROBE_MAX_RECORDS &&
		    (s = probe_rdata(m, off, rl, type)) != NULL) {
			if (total + strlen(s) > PROBE_MAX_ANSWER) {
				free(s);
				break;
			}
			total += strlen(s);
			v = xreallocarray(v, n + 1, sizeof *v);
			v[n++] = s;
			if (t >= 0 && (*ttl == -1 || t < *ttl))
				*ttl = (int)(t > 0x7fffffff ? 0x7fffffff : t);
		}
		off += rl;
	}
	*answers = v;
	*nanswers = n;
	return 0;
bad:
	probe_answers_free(v, n);
	*ttl = -1;
	return -1;
}

/* ---- loop --------------------------------------------------------------- */

static void	probe_loop_pump(struct probe_loop *);

static void
probe_active_add(struct probe_loop *l, struct probe *p)
{
	p->prev = NULL;
	p->next = l->active;
	if (l->active != NULL)
		l->active->prev = p;
	l->active = p;
}

static void
probe_active_del(struct probe_loop *l, struct probe *p)
{
	if (p->prev != NULL)
		p->prev->next = p->next;
	else if (l->active == p)
		l->active = p->next;
	if (p->next != NULL)
		p->next->prev = p->prev;
	p->next = p->prev = NULL;
}

static void
probe_free_one(struct probe *p)
{
	free(p->name);
	free(p);
}

/* Report a DNS result to the caller (once); p stays for c-ares. */
static void
probe_dns_report(struct probe_loop *l, struct probe *p, int status,
    const unsigned char *abuf, int alen, int timed_out)
{
	struct probe_dns_result	 r;
	size_t			 saved = l->cur_depth;

	memset(&r, 0, sizeof r);
	r.name = p->name;
	r.type = p->type;
	r.status = status;
	r.status_text = ares_strerror(status);
	r.server = l->server_text;
	r.ttl = -1;
	r.timed_out = timed_out;
	r.elapsed_ms = p->running ? (long)(probe_now() - p->t0) : 0;
	if (abuf != NULL && alen > 0 && (status == ARES_SUCCESS ||
	    status == ARES_ENODATA)) {
		if (probe_parse_answer(abuf, (size_t)alen, p->type,
		    &r.answers, &r.nanswers, &r.ttl) == -1) {
			r.status = ARES_EBADRESP;
			r.status_text = ares_strerror(ARES_EBADRESP);
		} else if (r.status == ARES_SUCCESS && r.nanswers == 0)
			r.status = ARES_ENODATA;
	}
	if (p->running) {
		probe_active_del(l, p);
		l->inflight--;
	}
	p->running = 0;
	p->orphan = 1;
	l->cur_depth = p->depth;
	if (p->dns_cb != NULL)
		p->dns_cb(l, &r, p->arg);
	l->cur_depth = saved;
	probe_answers_free(r.answers, r.nanswers);
}

static void
probe_ares_cb(void *arg, int status, int timeouts, unsigned char *abuf,
    int alen)
{
	struct probe		*p = arg;
	struct probe_loop	*l = p->loop;

	(void)timeouts;
	if (!p->orphan) {
		probe_dns_report(l, p, status, abuf, alen,
		    status == ARES_ETIMEOUT);
		if (status != ARES_EDESTRUCTION)
			probe_loop_pump(l);
	}
	probe_free_one(p);
}

static void
probe_curl_report(struct probe_loop *l, struct probe *p, int code)
{
	size_t	saved = l->cur_depth;
	long	ms = (long)(probe_now() - p->t0);

	if (p->running) {
		curl_multi_remove_handle(l->multi, p->easy);
		probe_active_del(l, p);
		l->inflight--;
	}
	p->running = 0;
	l->cur_depth = p->depth;
	if (p->curl_cb != NULL)
		p->curl_cb(l, p->easy, code, ms, p->arg);
	l->cur_depth = saved;
	probe_free_one(p);
}

static void
probe_start(struct probe_loop *l, struct probe *p)
{
	long long	now = probe_now(), left;
	int		ms;
	CURLMcode	mc;

	p->t0 = now;
	p->running = 1;
	l->inflight++;
	l->started++;
	if (p->depth > l->chain)
		l->chain = p->depth;
	probe_active_add(l, p);
	if (p->kind == PROBE_DNS) {
		p->deadline = now + (long long)l->opts.dns_timeout_ms *
		    l->opts.dns_tries + 50;
		ares_query(l->ch, p->name, ns_c_in, p->type, probe_ares_cb, p);
		return;
	}
	ms = p->timeout_ms > 0 ? p->timeout_ms : 30000;
	if (l->run_deadline != 0) {
		left = l->run_deadline - now;
		if (left < ms)
			ms = left > 1 ? (int)left : 1;
	}
	p->deadline = now + ms + 50;
	curl_easy_setopt(p->easy, CURLOPT_TIMEOUT_MS, (long)ms);
	curl_easy_setopt(p->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(p->easy, CURLOPT_PRIVATE, p);
	if ((mc = curl_multi_add_handle(l->multi, p->easy)) != CURLM_OK)
		probe_curl_report(l, p, CURLE_FAILED_INIT);
}

static void
probe_loop_pump(struct probe_loop *l)
{
	struct probe	*p;

	if (l->pumping)
		return;
	l->pumping = 1;
	while (l->qhead != NULL && !l->run_over && (l->opts.max_parallel <= 0 ||
	    l->inflight < (size_t)l->opts.max_parallel)) {
		p = l->qhead;
		l->qhead = p->next;
		if (l->qhead == NULL)
			l->qtail = NULL;
		p->next = NULL;
		l->queued--;
		probe_start(l, p);
	}
	l->pumping = 0;
}

static void
probe_enqueue(struct probe_loop *l, struct probe *p)
{
	p->loop = l;
	p->depth = l->cur_depth + 1;
	p->next = NULL;
	if (l->qtail != NULL)
		l->qtail->next = p;
	else
		l->qhead = p;
	l->qtail = p;
	l->queued++;
	probe_loop_pump(l);
}

int
probe_dns(struct probe_loop *l, const char *name, int type, probe_dns_fn cb,
    void *arg)
{
	struct probe	*p;

	if (l == NULL || !l->ch_ok || name == NULL || strlen(name) > 253 ||
	    l->run_over)
		return -1;
	p = xcalloc(1, sizeof *p);
	p->kind = PROBE_DNS;
	p->name = xstrdup(name);
	p->type = type;
	p->dns_cb = cb;
	p->arg = arg;
	probe_enqueue(l, p);
	return 0;
}

int
probe_curl(struct probe_loop *l, void *easy, int timeout_ms,
    probe_curl_fn cb, void *arg)
{
	struct probe	*p;

	if (l == NULL || l->multi == NULL || easy == NULL || l->run_over)
		return -1;
	p = xcalloc(1, sizeof *p);
	p->kind = PROBE_CURL;
	p->easy = easy;
	p->timeout_ms = timeout_ms;
	p->curl_cb = cb;
	p->arg = arg;
	probe_enqueue(l, p);
	return 0;
}

static int
probe_curl_sock_cb(CURL *easy, curl_socket_t s, int what, void *up,
    void *sp)
{
	struct probe_loop	*l = up;
	size_t			 i;

	(void)easy;
	(void)sp;
	for (i = 0; i < l->ncurl_fds; i++)
		if (l->curl_fds[i].fd == s)
			break;
	if (what == CURL_POLL_REMOVE) {
		if (i < l->ncurl_fds)
			l->curl_fds[i] = l->curl_fds[--l->ncurl_fds];
		return 0;
	}
	if (i == l->ncurl_fds) {
		if (l->ncurl_fds == PROBE_CURL_FDS)
			return -1;
		l->ncurl_fds++;
	}
	l->curl_fds[i].fd = s;
	l->curl_fds[i].what = what;
	return 0;
}

static int
probe_curl_timer_cb(CURLM *multi, long ms, void *up)
{
	struct probe_loop	*l = up;

	(void)multi;
	l->curl_timer = ms;
	l->curl_timer_set = probe_now();
	return 0;
}

/* "IP", "IP:PORT", "[IPv6]:PORT" -> one c-ares server node. */
static int
probe_parse_server(const char *s, struct ares_addr_port_node *n,
    char **text, char **cause)
{
	char		 host[INET6_ADDRSTRLEN + 2], *end;
	const char	*c, *portp = NULL;
	size_t		 hl;
	unsigned long	 port = 53;

	memset(n, 0, sizeof *n);
	if (*s == '[') {
		if ((c = strchr(s, ']')) == NULL)
			goto bad;
		hl = (size_t)(c - s - 1);
		if (hl >= sizeof host)
			goto bad;
		memcpy(host, s + 1, hl);
		host[hl] = '\0';
		if (c[1] == ':')
			portp = c + 2;
		else if (c[1] != '\0')
			goto bad;
	} else if ((c = strchr(s, ':')) != NULL && strchr(c + 1, ':') ==
	    NULL) {
		hl = (size_t)(c - s);
		if (hl >= sizeof host)
			goto bad;
		memcpy(host, s, hl);
		host[hl] = '\0';
		portp = c + 1;
	} else {
		if (strlen(s) >= sizeof host)
			goto bad;
		snprintf(host, sizeof host, "%s", s);
	}
	if (portp != NULL) {
		errno = 0;
		port = strtoul(portp, &end, 10);
		if (*portp == '\0' || *end != '\0' || errno != 0 ||
		    port == 0 || port > 65535)
			goto bad;
	}
	if (inet_pton(AF_INET, host, &n->addr.addr4) == 1) {
		n->family = AF_INET;
		xasprintf(text, "%s:%lu", host, port);
	} else if (inet_pton(AF_INET6, host, &n->addr.addr6) == 1) {
		n->family = AF_INET6;
		xasprintf(text, "[%s]:%lu", host, port);
	} else
		goto bad;
	n->udp_port = n->tcp_port = (int)port;
	return 0;
bad:
	xasprintf(cause, _("bad DNS server \"%s\" (want IP, IP:PORT or "
	    "[IPv6]:PORT)"), s);
	return -1;
}

/* The system's servers as text, for evidence. */
static char *
probe_servers_text(ares_channel ch)
{
	struct ares_addr_port_node	*list = NULL, *n;
	char				 a[INET6_ADDRSTRLEN];
	struct buf			 b;

	buf_init(&b, 1024);
	if (ares_get_servers_ports(ch, &list) == ARES_SUCCESS) {
		for (n = list; n != NULL; n = n->next) {
			if (inet_ntop(n->family, &n->addr, a, sizeof a) ==
			    NULL)
				continue;
			if (b.len > 0)
				buf_adds(&b, ",");
			if (n->family == AF_INET6)
				buf_printf(&b, "[%s]:%d", a, n->udp_port ?
				    n->udp_port : 53);
			else
				buf_printf(&b, "%s:%d", a, n->udp_port ?
				    n->udp_port : 53);
		}
		ares_free_data(list);
	}
	if (b.len == 0)
		buf_adds(&b, "system resolver");
	return buf_steal(&b);
}

struct probe_loop *
probe_loop_create(const struct probe_opts *o, char **cause)
{
	struct probe_loop		*l;
	struct ares_options		 ao;
	struct ares_addr_port_node	 node;
	char				*text = NULL;
	int				 rc;
	static int			 inited;

	if (!inited) {
		if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS ||
		    curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			xasprintf(cause, _("cannot initialise c-ares or "
			    "libcurl"));
			return NULL;
		}
		inited = 1;
	}
	if (o->dns_server != NULL && probe_parse_server(o->dns_server, &node,
	    &text, cause) == -1)
		return NULL;
	l = xcalloc(1, sizeof *l);
	l->opts = *o;
	l->server_text = text;
	if (l->opts.dns_timeout_ms <= 0)
		l->opts.dns_timeout_ms = 3000;
	if (l->opts.dns_tries <= 0)
		l->opts.dns_tries = 2;
	memset(&ao, 0, sizeof ao);
	ao.timeout = l->opts.dns_timeout_ms;
	ao.tries = l->opts.dns_tries;
	if ((rc = ares_init_options(&l->ch, &ao, ARES_OPT_TIMEOUTMS |
	    ARES_OPT_TRIES)) != ARES_SUCCESS) {
		xasprintf(cause, _("c-ares: %s"), ares_strerror(rc));
		goto fail;
	}
	l->ch_ok = 1;
	if (o->dns_server != NULL) {
		if ((rc = ares_set_servers_ports(l->ch, &node)) !=
		    ARES_SUCCESS) {
			xasprintf(cause, _("c-ares: %s"), ares_strerror(rc));
			goto fail;
		}
	} else
		l->server_text = probe_servers_text(l->ch);
	if ((l->multi = curl_multi_init()) == NULL) {
		xasprintf(cause, _("cannot create a libcurl multi handle"));
		goto fail;
	}
	curl_multi_setopt(l->multi, CURLMOPT_SOCKETFUNCTION,
	    probe_curl_sock_cb);
	curl_multi_setopt(l->multi, CURLMOPT_SOCKETDATA, l);
	curl_multi_setopt(l->multi, CURLMOPT_TIMERFUNCTION,
	    probe_curl_timer_cb);
	curl_multi_setopt(l->multi, CURLMOPT_TIMERDATA, l);
	l->curl_timer = -1;
	if (o->run_deadline_ms > 0)
		l->run_deadline = probe_now() + o->run_deadline_ms;
	return l;
fail:
	probe_loop_free(l);
	return NULL;
}

/* Fail everything waiting or running: the run deadline passed. */
static void
probe_loop_expire(struct probe_loop *l)
{
	struct probe	*p;

	l->run_over = 1;
	while ((p = l->qhead) != NULL) {
		l->qhead = p->next;
		l->queued--;
		if (p->kind == PROBE_DNS) {
			probe_dns_report(l, p, ARES_ETIMEOUT, NULL, 0, 1);
			probe_free_one(p);
		} else
			probe_curl_report(l, p, CURLE_OPERATION_TIMEDOUT);
	}
	l->qtail = NULL;
	while ((p = l->active) != NULL) {
		if (p->kind == PROBE_DNS)
			probe_dns_report(l, p, ARES_ETIMEOUT, NULL, 0, 1);
		else
			probe_curl_report(l, p, CURLE_OPERATION_TIMEDOUT);
	}
}

/* Per-probe deadlines (a safety net over c-ares' and curl's own). */
static void
probe_loop_deadlines(struct probe_loop *l, long long now)
{
	struct probe	*p, *next;
	int		 again = 1;

	while (again) {
		again = 0;
		for (p = l->active; p != NULL; p = next) {
			next = p->next;
			if (p->deadline > now)
				continue;
			if (p->kind == PROBE_DNS)
				probe_dns_report(l, p, ARES_ETIMEOUT, NULL, 0,
				    1);
			else
				probe_curl_report(l, p,
				    CURLE_OPERATION_TIMEDOUT);
			again = 1;	/* callbacks may change the list */
			break;
		}
	}
	probe_loop_pump(l);
}

static void
probe_loop_curl_done(struct probe_loop *l)
{
	CURLMsg		*msg;
	int		 left;
	struct probe	*p;
	char		*pp;

	while ((msg = curl_multi_info_read(l->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		pp = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &pp);
		if ((p = (struct probe *)(void *)pp) == NULL)
			continue;
		probe_curl_report(l, p, (int)msg->data.result);
	}
	probe_loop_pump(l);
}

static int
probe_min_timeout(int cur, long long until, long long now)
{
	long long	d = until - now;

	if (d < 0)
		d = 0;
	if (cur < 0 || d < cur)
		return (int)(d > 0x7fffffff ? 0x7fffffff : d);
	return cur;
}

size_t
probe_loop_run(struct probe_loop *l, int max_ms)
{
	struct pollfd	 pf[PROBE_MAX_FDS];
	ares_socket_t	 socks[ARES_GETSOCK_MAXNUM];
	struct timeval	 tv, *tvp;
	struct probe	*p;
	long long	 now, end;
	size_t		 i, np, nares;
	unsigned	 bits;
	int		 to, n, running, ev, rd, wr;

	end = max_ms >= 0 ? probe_now() + max_ms : 0;
	for (;;) {
		now = probe_now();
		if (l->run_deadline != 0 && now >= l->run_deadline &&
		    probe_loop_pending(l) > 0)
			probe_loop_expire(l);
		probe_loop_deadlines(l, now);
		if (probe_loop_pending(l) == 0 || (end != 0 && now >= end))
			break;
		np = 0;
		bits = (unsigned)ares_getsock(l->ch, socks,
		    ARES_GETSOCK_MAXNUM);
		for (i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
			/* ARES_GETSOCK_WRITABLE shifts a signed 1 by 31. */
			rd = (bits & (1u << i)) != 0;
			wr = (bits & (1u << (i + ARES_GETSOCK_MAXNUM))) != 0;
			if (!rd && !wr)
				continue;
			pf[np].fd = socks[i];
			pf[np].events = (rd ? POLLIN : 0) | (wr ? POLLOUT : 0);
			pf[np++].revents = 0;
		}
		nares = np;
		for (i = 0; i < l->ncurl_fds && np < PROBE_MAX_FDS; i++) {
			pf[np].fd = l->curl_fds[i].fd;
			ev = l->curl_fds[i].what;
			pf[np].events = ((ev & CURL_POLL_IN) ? POLLIN : 0) |
			    ((ev & CURL_POLL_OUT) ? POLLOUT : 0);
			pf[np++].revents = 0;
		}
		to = -1;
		if ((tvp = ares_timeout(l->ch, NULL, &tv)) != NULL)
			to = (int)(tvp->tv_sec * 1000 + tvp->tv_usec / 1000);
		if (l->curl_timer >= 0)
			to = probe_min_timeout(to, l->curl_timer_set +
			    l->curl_timer, now);
		for (p = l->active; p != NULL; p = p->next)
			to = probe_min_timeout(to, p->deadline, now);
		if (l->run_deadline != 0)
			to = probe_min_timeout(to, l->run_deadline, now);
		if (end != 0)
			to = probe_min_timeout(to, end, now);
		if (to < 0 || to > 1000)
			to = 1000;
		n = poll(pf, (nfds_t)np, to);
		if (n == -1 && errno != EINTR)
			break;
		for (i = 0; n > 0 && i < nares; i++) {
			if (pf[i].revents == 0)
				continue;
			ares_process_fd(l->ch, (pf[i].revents & (POLLIN |
			    POLLERR | POLLHUP)) ? pf[i].fd : ARES_SOCKET_BAD,
			    (pf[i].revents & POLLOUT) ? pf[i].fd :
			    ARES_SOCKET_BAD);
		}
		ares_process_fd(l->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
		for (i = nares; n > 0 && i < np; i++) {
			if (pf[i].revents == 0)
				continue;
			ev = 0;
			if (pf[i].revents & POLLIN)
				ev |= CURL_CSELECT_IN;
			if (pf[i].revents & POLLOUT)
				ev |= CURL_CSELECT_OUT;
			if (pf[i].revents & (POLLERR | POLLHUP | POLLNVAL))
				ev |= CURL_CSELECT_ERR;
			curl_multi_socket_action(l->multi, pf[i].fd, ev,
			    &running);
		}
		if (l->curl_timer >= 0 && probe_now() >= l->curl_timer_set +
		    l->curl_timer) {
			l->curl_timer = -1;
			curl_multi_socket_action(l->multi, CURL_SOCKET_TIMEOUT,
			    0, &running);
		}
		probe_loop_curl_done(l);
	}
	return probe_loop_pending(l);
}

size_t
probe_loop_pending(const struct probe_loop *l)
{
	return l->inflight + l->queued;
}

size_t
probe_loop_started(const struct probe_loop *l)
{
	return l->started;
}

size_t
probe_loop_chain(const struct probe_loop *l)
{
	return l->chain;
}

const char *
probe_loop_server(const struct probe_loop *l)
{
	return l->server_text;
}

void
probe_loop_free(struct probe_loop *l)
{
	struct probe	*p;

	if (l == NULL)
		return;
	l->run_over = 1;
	/* Waiting probes were never started: drop them silently. */
	while ((p = l->qhead) != NULL) {
		l->qhead = p->next;
		if (p->kind == PROBE_CURL)
			curl_easy_cleanup(p->easy);
		probe_free_one(p);
	}
	while ((p = l->active) != NULL) {
		if (p->kind == PROBE_CURL) {
			curl_multi_remove_handle(l->multi, p->easy);
			probe_active_del(l, p);
			curl_easy_cleanup(p->easy);
			probe_free_one(p);
		} else {
			probe_active_del(l, p);
			p->orphan = 1;	/* freed by ares_destroy's callback */
		}
	}
	if (l->ch_ok)
		ares_destroy(l->ch);	/* frees the orphans */
	if (l->multi != NULL)
		curl_multi_cleanup(l->multi);
	free(l->server_text);
	free(l);
}
