/*
 * report_fixture.h - a report model built by hand for the report tests
 * (check_report.c, report_sample.c): facts with evidence, two checklists
 * of n items between them with every verdict, waivers (one expired), an
 * attestation, scores counted as check.h says, and a real audit log
 * written with audit_append (two changes of this session, one dry run,
 * which the report leaves out).
 */
#ifndef MH_REPORT_FIXTURE_H
#define MH_REPORT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "check.h"
#include "checklist.h"
#include "fact.h"
#include "report.h"
#include "waiver.h"

#define RFIX_HOSTILE	"<script>alert(\"x\")</script> & 'q'"

struct rfix {
	struct facts		*fs;
	struct checklists	 lists;
	struct check_run	 run;
	struct waiver		 wv[2];
	struct attest		 at;
	struct report		 r;
	char			 session[80];
};

static const enum check_verdict rfix_cycle[] = {
	CHECK_PASS, CHECK_FAIL, CHECK_PASS, CHECK_WARN, CHECK_UNKNOWN,
	CHECK_PASS, CHECK_WAIVED, CHECK_MANUAL, CHECK_NA, CHECK_FAIL
};

static void
rfix_score(struct check_score *sc, const struct check_result *res)
{
	sc->count[res->verdict]++;
	switch (res->verdict) {
	case CHECK_PASS:
		sc->passed++;
		sc->counted++;
		break;
	case CHECK_FAIL:
	case CHECK_WARN:
	case CHECK_UNKNOWN:
		sc->counted++;
		break;
	case CHECK_MANUAL:
		if (res->attest != NULL) {
			sc->counted++;
			if (res->attest->yes)
				sc->passed++;
		}
		break;
	default:
		break;
	}
}

static void
rfix_facts(struct rfix *x, int cjk)
{
	struct fact	*f;

	x->fs = facts_create();
	facts_set_str(x->fs, "host.fqdn", "mail.example.com");
	facts_set_str(x->fs, "os.name", "Debian GNU/Linux 12 (bookworm)");
	facts_set_str(x->fs, "os.version_id", "12");
	f = facts_set_list(x->fs, "net.public_ipv4");
	fact_list_add(f, "203.0.113.25");
	f = facts_set_list(x->fs, "net.public_ipv6");
	fact_list_add(f, "2001:db8::25");
	f = facts_set_bool(x->fs, "smtp.25.starttls", 1);
	fact_evidence(f, "smtp 127.0.0.1:25", "250-STARTTLS");
	f = facts_set_str(x->fs, "postfix.smtpd_tls_security_level", "may");
	fact_evidence(f, "/etc/postfix/main.cf",
	    "line 41: smtpd_tls_security_level = may");
	f = facts_set_int(x->fs, "logs.retention_days", 28);
	fact_evidence(f, "/etc/logrotate.d/rsyslog", cjk ?
	    "weekly, rotate 4（日志只保留四周，"
	    "不满足网络安全法六个月的要求）" :
	    "weekly, rotate 4");
	f = facts_set_str(x->fs, "hostile.fact", RFIX_HOSTILE);
	fact_evidence(f, "/etc/\"quoted\" <file>", RFIX_HOSTILE);
	facts_set_unknown(x->fs, "dns.ptr", FACT_STR,
	    "no resolver answered within 5 s");
}

static void
rfix_audit(struct rfix *x, const char *log)
{
	struct audit		*a = NULL, *b = NULL;
	struct audit_rec	 rec;
	const char		*argv[] = { "/usr/sbin/ufw", "allow", "25/tcp",
	    NULL };
	const char		*inv[] = { "/usr/sbin/ufw", "delete", "allow",
	    "25/tcp", NULL };
	char			*cause = NULL;
	const char		*sess[1];

	if (audit_open(log, &b, &cause) == 0) {
		memset(&rec, 0, sizeof rec);
		rec.step = "firewall";
		rec.action = "intent";
		rec.index = 0;
		rec.status = -1;
		rec.argv = argv;
		audit_append(b, &rec, &cause);	/* another session */
		audit_close(b);
	}
	if (audit_open(log, &a, &cause) == -1) {
		fprintf(stderr, "audit_open: %s\n", cause);
		free(cause);
		return;
	}
	snprintf(x->session, sizeof x->session, "%s", audit_session(a));
	memset(&rec, 0, sizeof rec);
	rec.step = "firewall";
	rec.plan = "0123456789abcdef";
	rec.index = 0;
	rec.argv = argv;
	rec.inverse = inv;
	rec.status = -1;
	rec.action = "dry-run";
	audit_append(a, &rec, &cause);
	rec.action = "intent";
	audit_append(a, &rec, &cause);
	rec.action = "result";
	rec.status = 0;
	rec.output = "Rule added\nRule added (v6)";
	audit_append(a, &rec, &cause);
	audit_close(a);
	sess[0] = x->session;
	report_audit_load(&x->r.audit, log, sess, 1, 0);
}

static void
rfix_item(struct rfix *x, struct check_item *it, struct check_result *res,
    size_t k, int hostile, int cjk)
{
	char	*s;

	it->severity = (enum check_severity)(k % CHECK_NSEV);
	if (hostile && k == 3) {
		it->title = xstrdup(RFIX_HOSTILE);
	} else if (cjk && k % 4 == 2) {
		xasprintf(&s, "示例控制项 %zu："
		    "日志保留不少于六个月", k + 1);
		it->title = s;
	} else {
		xasprintf(&s, "Sample control %zu keeps the mail server "
		    "hardened", k + 1);
		it->title = s;
	}
	it->rationale = xstrdup(cjk && k % 3 == 0 ?
	    "根据《中华人民共和国网络安全法》第二十一条，"
	    "网络运营者应当采取监测、记录网络运行状态、"
	    "网络安全事件的技术措施，"
	    "并按照规定留存相关的网络"
	    "日志不少于六个月。" :
	    "Mail servers that accept unauthenticated relaying or offer "
	    "weak TLS are abused for spam and lose their reputation with "
	    "the large mailbox providers within hours.");
	it->fix_text = xstrdup("Turn the setting on and reload the service; "
	    "the commands below are for the detected backends.");
	if (k % 2 == 0)
		it->fix_cmd[CHECK_FIX_POSTFIX] = xstrdup("postconf -e "
		    "'smtpd_tls_security_level = may' && postfix reload");
	if (k % 3 == 0)
		it->fix_cmd[CHECK_FIX_UFW] = xstrdup("ufw allow 587/tcp");
	it->nrefs = 2;
	it->refs = xcalloc(2, sizeof *it->refs);
	it->refs[0] = xstrdup("RFC 3207; NIST SP 800-177r1 4.1");
	xasprintf(&it->refs[1], "Ref-%s", it->id);
	res->item = it;
	res->verdict = rfix_cycle[k % (sizeof rfix_cycle /
	    sizeof rfix_cycle[0])];
	res->raw = res->verdict == CHECK_WAIVED ? CHECK_FAIL : res->verdict;
	res->nfacts = k % 2 == 0 ? 2 : 1;
	res->facts = xcalloc(3, sizeof *res->facts);
	res->facts[0] = xstrdup(k % 2 ? "smtp.25.starttls" :
	    "logs.retention_days");
	if (res->nfacts > 1)
		res->facts[1] = xstrdup(k % 4 == 0 ? "dns.ptr" :
		    "postfix.smtpd_tls_security_level");
	if (hostile && k == 3) {
		res->facts[res->nfacts++] = xstrdup("hostile.fact");
		res->why = xstrdup(RFIX_HOSTILE);
	}
	if (res->verdict == CHECK_UNKNOWN && res->why == NULL)
		res->why = xstrdup("dns.ptr is UNKNOWN: no resolver answered");
	if (res->verdict == CHECK_WAIVED)
		res->waiver = &x->wv[0];
	if (res->verdict == CHECK_FAIL && k % 20 == 9) {
		res->waiver = &x->wv[1];
		res->waiver_expired = 1;
	}
	if (res->verdict == CHECK_MANUAL) {
		it->manual = 1;
		while (res->nfacts > 0)
			free(res->facts[--res->nfacts]);
		if (k % 20 == 7)
			res->attest = &x->at;
	}
	if (res->verdict == CHECK_WARN)
		it->advisory = 1;
}

/* n items over two lists; hostile: strings that must be escaped. */
static void
rfix_build(struct rfix *x, size_t n, int hostile, int cjk,
    const char *auditlog)
{
	struct check_result	*res;
	struct checklist	*cl;
	struct check_item	*it;
	size_t			 k, half = n / 2, l;

	memset(x, 0, sizeof *x);
	rfix_facts(x, cjk);
	x->wv[0].id = xstrdup("BL-07");
	x->wv[0].reason = xstrdup(cjk ? "由上游中继统一处理"
	    "（工单 #4711）" :
	    "Outbound relay handles this (ticket #4711)");
	x->wv[0].owner = xstrdup("alice@example.com");
	x->wv[0].expires = xstrdup("2027-03-31");
	x->wv[1].id = xstrdup("BL-10");
	x->wv[1].reason = xstrdup("Old exception");
	x->wv[1].owner = xstrdup("bob@example.com");
	x->wv[1].expires = xstrdup("2025-01-31");
	x->at.id = xstrdup("CN-08");
	x->at.yes = 1;
	x->at.note = xstrdup(cjk ? "ICP 备案 京ICP备12345678号" :
	    "ICP filing 12345678");
	x->at.by = xstrdup("alice");
	x->at.date = xstrdup("2026-11-23");

	x->lists.n = 2;
	x->lists.v = xcalloc(2, sizeof *x->lists.v);
	x->lists.v[0].name = xstrdup("baseline");
	x->lists.v[0].title = xstrdup("Mail server hardening baseline");
	x->lists.v[0].version = xstrdup("1.0");
	x->lists.v[0].description = xstrdup("Controls every Internet-facing "
	    "mail server should have.");
	x->lists.v[1].name = xstrdup("cn-compliance");
	x->lists.v[1].title = xstrdup(cjk ? "中国合规"
	    "（网络安全法、等保2.0）" :
	    "China compliance");
	x->lists.v[1].version = xstrdup("1.1");
	x->run.lists = &x->lists;
	x->run.results = xcalloc(n, sizeof *x->run.results);
	x->run.nresults = n;
	x->run.per_list = xcalloc(2, sizeof *x->run.per_list);
	x->run.now = 1795000000;
	x->run.nunused = 1;
	x->run.unused_waivers = xcalloc(1, sizeof *x->run.unused_waivers);
	x->run.unused_waivers[0] = xstrdup("XX-99");
	for (l = 0; l < 2; l++) {
		cl = &x->lists.v[l];
		cl->nitems = l == 0 ? half : n - half;
		cl->items = xcalloc(cl->nitems + 1, sizeof *cl->items);
	}
	for (k = 0; k < n; k++) {
		l = k < half ? 0 : 1;
		cl = &x->lists.v[l];
		res = &x->run.results[k];
		res->list = cl;
		it = &cl->items[l == 0 ? k : k - half];
		xasprintf(&it->id, "%s-%02zu", l == 0 ? "BL" : "CN",
		    (l == 0 ? k : k - half) + 1);
		rfix_item(x, it, res, k, hostile, cjk);
		rfix_score(&x->run.per_list[l], res);
		rfix_score(&x->run.per_sev[it->severity], res);
		rfix_score(&x->run.total, res);
	}
	x->r.run_id = "4f1c0a9e2b7d4c3e8a6b5d4c3e2f1a0b";
	x->r.start = 1795000000;
	x->r.end = 1795000042;
	x->r.version = PACKAGE_VERSION;
	x->r.op.user = "root";
	x->r.op.sudo_user = "alice";
	x->r.op.ssh_client = "198.51.100.7";
	x->r.facts = x->fs;
	x->r.run = &x->run;
	if (auditlog != NULL)
		rfix_audit(x, auditlog);
}

static void
rfix_free(struct rfix *x)
{
	struct check_item	*it;
	size_t			 l, i, j;

	for (i = 0; i < x->run.nresults; i++) {
		for (j = 0; j < x->run.results[i].nfacts; j++)
			free(x->run.results[i].facts[j]);
		free(x->run.results[i].facts);
		free(x->run.results[i].why);
	}
	free(x->run.results);
	free(x->run.per_list);
	free(x->run.unused_waivers[0]);
	free(x->run.unused_waivers);
	for (l = 0; l < x->lists.n; l++) {
		for (i = 0; i < x->lists.v[l].nitems; i++) {
			it = &x->lists.v[l].items[i];
			free(it->id);
			free(it->title);
			free(it->rationale);
			free(it->fix_text);
			for (j = 0; j < CHECK_NFIX; j++)
				free(it->fix_cmd[j]);
			for (j = 0; j < it->nrefs; j++)
				free(it->refs[j]);
			free(it->refs);
		}
		free(x->lists.v[l].items);
		free(x->lists.v[l].name);
		free(x->lists.v[l].title);
		free(x->lists.v[l].version);
		free(x->lists.v[l].description);
	}
	free(x->lists.v);
	for (i = 0; i < 2; i++) {
		free(x->wv[i].id);
		free(x->wv[i].reason);
		free(x->wv[i].owner);
		free(x->wv[i].expires);
	}
	free(x->at.id);
	free(x->at.note);
	free(x->at.by);
	free(x->at.date);
	report_audit_clear(&x->r.audit);
	facts_free(x->fs);
}

#endif
