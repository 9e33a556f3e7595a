/*
 * check_settings.c - the Domain step's validation tables (names, IDN,
 * addresses and their classes, mail addresses, selectors, policies)
 * and the settings file: load with FILE:LINE reasons, save through the
 * plan engine and load back, a symbolic link refused.
 */
#include "mh.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fact.h"
#include "plan.h"
#include "settings.h"
#include "unit.h"
#include "validate.h"

struct vcase {
	const char	*in;
	int		 ok;
	const char	*want;	/* normalized, or a part of the reason */
};

static char *
label(int n)
{
	char	*s = xmalloc((size_t)n + 1);

	memset(s, 'a', (size_t)n);
	s[n] = '\0';
	return s;
}

static void
vcheck(const struct vcase *c, int rc, char *out, char *cause)
{
	if (c->ok) {
		ck_assert_msg(rc == 0, "'%s' refused: %s", c->in,
		    cause != NULL ? cause : "?");
		if (c->want != NULL)
			ck_assert_str_eq(out, c->want);
	} else {
		ck_assert_msg(rc == -1, "'%s' accepted as %s", c->in,
		    out != NULL ? out : "?");
		ck_assert_ptr_nonnull(cause);
		ck_assert_msg(strchr(cause, '\n') == NULL, "reason not one "
		    "line: %s", cause);
		if (c->want != NULL)
			ck_assert_msg(strstr(cause, c->want) != NULL,
			    "'%s': reason '%s' lacks '%s'", c->in, cause,
			    c->want);
	}
	free(out);
	free(cause);
}

START_TEST(test_domains)
{
	static const struct vcase	 cases[] = {
		{ "example.com", 1, "example.com" },
		{ "Example.COM.", 1, "example.com" },
		{ "mail-1.example.co.uk", 1, "mail-1.example.co.uk" },
		{ "\xe4\xbe\x8b\xe5\xad\x90.\xe4\xb8\xad\xe5\x9b\xbd", 1,
		    "xn--fsqu00a.xn--fiqs8s" },
		{ "b\xc3\xbc" "cher.de", 1, "xn--bcher-kva.de" },
		{ "localhost", 0, "only one label" },
		{ "", 0, "empty" },
		{ ".", 0, NULL },
		{ "a..b", 0, "empty label" },
		{ ".example.com", 0, "empty label" },
		{ "-a.example.com", 0, "hyphen" },
		{ "a-.example.com", 0, "hyphen" },
		{ "bad_name.com", 0, "'_'" },
		{ "a b.com", 0, NULL },
		{ "1.2.3.4", 0, "all digits" },
		{ "ex\xff.com", 0, "UTF-8" },
		{ "a.com..", 0, NULL },
	};
	char	*out, *cause, *l, *name;
	size_t	 i;
	int	 rc;

	for (i = 0; i < nitems(cases); i++) {
		out = cause = NULL;
		rc = validate_domain(cases[i].in, 1, &out, &cause);
		vcheck(&cases[i], rc, out, cause);
	}
	/* labels of 63 and 64 */
	l = label(63);
	xasprintf(&name, "%s.com", l);
	out = cause = NULL;
	ck_assert_int_eq(validate_domain(name, 1, &out, &cause), 0);
	free(out);
	free(name);
	free(l);
	l = label(64);
	xasprintf(&name, "%s.com", l);
	ck_assert_int_eq(validate_domain(name, 1, &out, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "64"));
	free(cause);
	free(name);
	free(l);
}
END_TEST

/* A name of exactly n characters made of 63-character labels. */
static char *
long_name(size_t n)
{
	char	*s = xmalloc(n + 1);
	size_t	 i;

	for (i = 0; i < n; i++)
		s[i] = (i % 64 == 63) ? '.' : 'a';
	s[n - 1] = 'z';
	s[n] = '\0';
	return s;
}

START_TEST(test_domain_length)
{
	char	*n, *out = NULL, *cause = NULL;

	n = long_name(253);
	ck_assert_int_eq(validate_domain(n, 1, &out, &cause), 0);
	ck_assert_uint_eq(strlen(out), 253);
	free(out);
	free(n);
	n = long_name(254);
	ck_assert_int_eq(validate_domain(n, 1, &out, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "254"));
	free(cause);
	free(n);
	/* the trailing dot does not count */
	n = long_name(254);
	n[253] = '.';
	ck_assert_int_eq(validate_domain(n, 1, &out, &cause), 0);
	free(out);
	free(n);
}
END_TEST

START_TEST(test_hostnames)
{
	static const struct vcase	 cases[] = {
		{ "mail.example.com", 1, "mail.example.com" },
		{ "MX1.Example.com.", 1, "mx1.example.com" },
		{ "mail", 0, "only one label" },
		{ "mail.", 0, "only one label" },
		{ "mail_1.example.com", 0, "'_'" },
	};
	char	*out, *cause;
	size_t	 i;
	int	 rc;

	for (i = 0; i < nitems(cases); i++) {
		out = cause = NULL;
		rc = validate_hostname(cases[i].in, &out, &cause);
		vcheck(&cases[i], rc, out, cause);
	}
}
END_TEST

START_TEST(test_addresses)
{
	static const struct {
		const char	*in;
		int		 family;
		int		 allow;
		int		 ok;
		const char	*want;
	} cases[] = {
		{ "8.8.4.4", 4, 0, 1, "8.8.4.4" },
		{ "2a00:1450:4001:82a::200e", 6, 0, 1,
		    "2a00:1450:4001:82a::200e" },
		{ "2A00:1450:4001:082A:0:0:0:200E", 6, 0, 1,
		    "2a00:1450:4001:82a::200e" },
		{ "192.168.1.10", 4, 0, 0, "private" },
		{ "10.0.0.1", 4, 0, 0, "private" },
		{ "100.64.1.1", 4, 0, 0, "CGNAT" },
		{ "127.0.0.1", 4, 0, 0, "loopback" },
		{ "169.254.1.1", 4, 0, 0, "link-local" },
		{ "192.0.2.7", 4, 0, 0, "documentation" },
		{ "203.0.113.7", 4, 0, 0, "documentation" },
		{ "2001:db8::7", 6, 0, 0, "documentation" },
		{ "fd00::1", 6, 0, 0, "private" },
		{ "::1", 6, 0, 0, "loopback" },
		{ "192.168.1.10", 4, 1, 1, "192.168.1.10" },
		{ "2001:db8::7", 6, 1, 1, "2001:db8::7" },
		{ "224.0.0.1", 4, 1, 0, "reserved" },
		{ "0.0.0.0", 4, 1, 0, "reserved" },
		{ "::", 6, 1, 0, "reserved" },
		{ "8.8.4.4", 6, 0, 0, "IPv4 address" },
		{ "2a00:1450::1", 4, 0, 0, "IPv6 address" },
		{ "1.2.3", 4, 0, 0, "not an IPv4" },
		{ "256.1.1.1", 4, 0, 0, "not an IPv4" },
		{ "mail.example.com", 6, 0, 0, "not an IPv6" },
		{ "", 4, 0, 0, "empty" },
	};
	struct vcase	 c;
	char		*out, *cause;
	size_t		 i;
	int		 rc;

	for (i = 0; i < nitems(cases); i++) {
		out = cause = NULL;
		rc = validate_ip(cases[i].in, cases[i].family, cases[i].allow,
		    &out, &cause);
		c.in = cases[i].in;
		c.ok = cases[i].ok;
		c.want = cases[i].want;
		vcheck(&c, rc, out, cause);
	}
}
END_TEST

START_TEST(test_mail)
{
	static const struct vcase	 cases[] = {
		{ "postmaster@example.com", 1, "postmaster@example.com" },
		{ "Dmarc.Reports+x@Example.COM", 1,
		    "Dmarc.Reports+x@example.com" },
		{ "r@\xe4\xbe\x8b\xe5\xad\x90.\xe4\xb8\xad\xe5\x9b\xbd", 1,
		    "r@xn--fsqu00a.xn--fiqs8s" },
		{ "no-at.example.com", 0, "name@domain" },
		{ "@example.com", 0, "name@domain" },
		{ ".a@example.com", 0, "dot" },
		{ "a..b@example.com", 0, "dot" },
		{ "a.@example.com", 0, "dot" },
		{ "a b@example.com", 0, "not allowed" },
		{ "a@localhost", 0, "one label" },
		{ "a@bad_domain.com", 0, "'_'" },
	};
	char	*out, *cause;
	size_t	 i;
	int	 rc;

	for (i = 0; i < nitems(cases); i++) {
		out = cause = NULL;
		rc = validate_mailaddr(cases[i].in, &out, &cause);
		vcheck(&cases[i], rc, out, cause);
	}
	out = cause = NULL;
	ck_assert_int_eq(validate_report_addr("mailto:dmarc@example.com",
	    &out, &cause), 0);
	ck_assert_str_eq(out, "dmarc@example.com");
	free(out);
}
END_TEST

START_TEST(test_selector_policy)
{
	static const struct vcase	 sel[] = {
		{ "mail", 1, "mail" },
		{ "S2024-06", 1, "s2024-06" },
		{ "a.b", 0, "'.'" },
		{ "-x", 0, "hyphen" },
		{ "", 0, "empty" },
		{ "sel_1", 0, "'_'" },
	};
	static const struct vcase	 pol[] = {
		{ "none", 1, "none" },
		{ "Quarantine", 1, "quarantine" },
		{ "reject", 1, "reject" },
		{ "block", 0, "none, quarantine, reject" },
		{ "", 0, NULL },
	};
	char	*out, *cause, *l;
	size_t	 i;
	int	 rc;

	for (i = 0; i < nitems(sel); i++) {
		out = cause = NULL;
		rc = validate_selector(sel[i].in, &out, &cause);
		vcheck(&sel[i], rc, out, cause);
	}
	l = label(64);
	out = cause = NULL;
	ck_assert_int_eq(validate_selector(l, &out, &cause), -1);
	free(cause);
	free(l);
	for (i = 0; i < nitems(pol); i++) {
		out = cause = NULL;
		rc = validate_dmarc_policy(pol[i].in, &out, &cause);
		vcheck(&pol[i], rc, out, cause);
	}
}
END_TEST

static char *
tmpdir(void)
{
	char	*d = xstrdup("/tmp/check_settings.XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(d));
	return d;
}

static void
rmtree(const char *d)
{
	const char	*rm[] = { "/bin/rm", "-rf", d, NULL };
	pid_t		 pid;

	pid = fork();
	if (pid == 0) {
		execv(rm[0], (char *const *)rm);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

#define PRIV	"ipv4 = \"10.0.0.1\";\nallow_private = true;\n"

START_TEST(test_load_errors)
{
	static const struct {
		const char	*text;
		const char	*want;
	} cases[] = {
		{ "hostname = \"mail.example.com\";\nhostname = \"x.y\";\n",
		    "t.conf:2: " },
		{ "domains = [ \"example.com\" ];\n\nipv4 = \"10.0.0.1\";\n",
		    "t.conf:3: 10.0.0.1 is a private" },
		{ "domains = [ \"example.com\" ];\nfoo = 1;\n",
		    "t.conf:2: unknown setting 'foo'" },
		{ "domains = [ \"bad_x.com\" ];\n", "t.conf:1: " },
		{ "dmarc_policy = \"block\";\n", "t.conf:1: DMARC policy" },
		{ "hostname = 5;\n", "t.conf:1: hostname: expected a string" },
		{ "domains = [ ];\n", "t.conf:1: domains: the list is empty" },
		{ "domains = \"example.com\"\nipv4 = \n", "t.conf:" },
	};
	struct settings	 s;
	char		*cause;
	size_t		 i;
	int		 rc;

	for (i = 0; i < nitems(cases); i++) {
		settings_init(&s);
		cause = NULL;
		rc = settings_load_text(&s, cases[i].text,
		    strlen(cases[i].text), "t.conf", &cause);
		ck_assert_msg(rc == -1, "case %zu loaded", i);
		ck_assert_msg(strncmp(cause, cases[i].want,
		    strlen(cases[i].want)) == 0 ||
		    strstr(cause, cases[i].want) != NULL,
		    "case %zu: '%s' lacks '%s'", i, cause, cases[i].want);
		free(cause);
		settings_clear(&s);
	}
	/* a private address is fine when the file allows it */
	settings_init(&s);
	ck_assert_int_eq(settings_load_text(&s, PRIV, strlen(PRIV), "t.conf",
	    &cause), 0);
	ck_assert_str_eq(s.v[SETTINGS_IPV4], "10.0.0.1");
	ck_assert_str_eq(s.where[SETTINGS_IPV4], "t.conf:1");
	settings_clear(&s);
	/* a missing file is no error */
	settings_init(&s);
	ck_assert_int_eq(settings_load(&s, "/nonexistent/mh.conf", &cause),
	    0);
	ck_assert_int_eq(s.file_found, 0);
	settings_clear(&s);
}
END_TEST

START_TEST(test_round_trip)
{
	struct settings	 s, back;
	struct plan	*p = NULL;
	struct buf	 b;
	struct stat	 st;
	char		*d, *path, *cause = NULL, *lnk;

	d = tmpdir();
	xasprintf(&path, "%s/sub/mailharden.conf", d);
	settings_init(&s);
	ck_assert_int_eq(settings_set(&s, SETTINGS_DOMAINS,
	    "Example.com, \xe4\xbe\x8b\xe5\xad\x90.\xe4\xb8\xad\xe5\x9b\xbd",
	    SETTINGS_SRC_OPTION, "--domain", &cause), 0);
	ck_assert_int_eq(settings_set(&s, SETTINGS_HOSTNAME,
	    "mail.example.com", SETTINGS_SRC_OPTION, NULL, &cause), 0);
	ck_assert_int_eq(settings_set(&s, SETTINGS_IPV4, "8.8.4.4",
	    SETTINGS_SRC_OPTION, NULL, &cause), 0);
	ck_assert_int_eq(settings_set(&s, SETTINGS_IPV6, "2a00:1450::1",
	    SETTINGS_SRC_OPTION, NULL, &cause), 0);
	settings_defaults(&s);
	ck_assert_str_eq(s.v[SETTINGS_RUA], "postmaster@example.com");
	ck_assert_int_eq(settings_plan(&s, path, &p, &cause), 0);
	ck_assert_uint_eq(p->n, 2);	/* mkdir + write */
	ck_assert_int_eq(p->v[0].kind, PLAN_CMD);
	ck_assert_int_eq(p->v[1].kind, PLAN_WRITE);
	/* through the plan engine, audited */
	xasprintf(&lnk, "%s/audit.log", d);
	ck_assert_msg(settings_apply(p, lnk, 0, &cause) == 0, "%s", cause);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0644);
	free(lnk);
	xasprintf(&lnk, "%s/sub", d);
	ck_assert_int_eq(stat(lnk, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0755);
	free(lnk);
	buf_init(&b, 0);
	settings_init(&back);
	ck_assert_int_eq(settings_load(&back, path, &cause), 0);
	ck_assert_int_eq(back.file_found, 1);
	ck_assert_uint_eq(back.ndomains, 2);
	ck_assert_str_eq(back.domains[0], "example.com");
	ck_assert_str_eq(back.domains[1], "xn--fsqu00a.xn--fiqs8s");
	ck_assert_str_eq(back.v[SETTINGS_HOSTNAME], "mail.example.com");
	ck_assert_str_eq(back.v[SETTINGS_IPV6], "2a00:1450::1");
	ck_assert_str_eq(back.v[SETTINGS_SELECTOR], "mail");
	ck_assert_int_eq(back.src[SETTINGS_IPV4], SETTINGS_SRC_FILE);
	settings_clear(&back);
	plan_free(p);
	/* the same content again: nothing to do */
	ck_assert_int_eq(settings_plan(&s, path, &p, &cause), 0);
	ck_assert_uint_eq(p->n, 0);
	plan_free(p);
	/* a symbolic link is refused */
	xasprintf(&lnk, "%s/link.conf", d);
	ck_assert_int_eq(symlink(path, lnk), 0);
	ck_assert_int_eq(settings_plan(&s, lnk, &p, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "symbolic link"));
	ck_assert_ptr_null(p);
	free(cause);
	ck_assert_int_eq(lstat(lnk, &st), 0);
	free(lnk);
	/* no domain: refused */
	settings_clear(&s);
	settings_init(&s);
	ck_assert_int_eq(settings_plan(&s, path, &p, &cause), -1);
	free(cause);
	settings_clear(&s);
	buf_clear(&b);
	rmtree(d);
	free(path);
	free(d);
}
END_TEST

START_TEST(test_prefill_args)
{
	struct facts		*fs;
	struct settings		 s;
	struct settings_args	 a;
	char			*cause = NULL;

	fs = facts_create();
	facts_set_str(fs, "host.fqdn", "mx1.mail.example.org");
	facts_set_str(fs, "net.public_ipv4", "8.8.4.4");
	memset(&a, 0, sizeof a);
	ck_assert_int_eq(settings_arg(&a, SETTINGS_OPT_IPV6, "2a00::1"), 1);
	ck_assert_int_eq(settings_arg(&a, SETTINGS_OPT_DOMAIN, "a.com"), 1);
	ck_assert_int_eq(settings_arg(&a, SETTINGS_OPT_DOMAIN, "b.com"), 1);
	ck_assert_int_eq(settings_arg(&a, 'x', "?"), 0);
	settings_init(&s);
	ck_assert_int_eq(settings_resolve(&s, "/nonexistent/x.conf", fs, &a,
	    &cause), 0);
	ck_assert_uint_eq(s.ndomains, 2);
	ck_assert_int_eq(s.src[SETTINGS_DOMAINS], SETTINGS_SRC_OPTION);
	ck_assert_str_eq(s.v[SETTINGS_HOSTNAME], "mx1.mail.example.org");
	ck_assert_int_eq(s.src[SETTINGS_HOSTNAME], SETTINGS_SRC_DETECT);
	ck_assert_str_eq(s.v[SETTINGS_IPV4], "8.8.4.4");
	ck_assert_int_eq(s.src[SETTINGS_POLICY], SETTINGS_SRC_DEFAULT);
	settings_clear(&s);
	settings_args_clear(&a);
	/* without options the domain comes from the FQDN */
	settings_init(&s);
	ck_assert_int_eq(settings_resolve(&s, "/nonexistent/x.conf", fs,
	    NULL, &cause), 0);
	ck_assert_str_eq(s.domains[0], "mail.example.org");
	settings_clear(&s);
	/* a bad option value is refused with the option named */
	memset(&a, 0, sizeof a);
	settings_arg(&a, SETTINGS_OPT_IPV4, "192.168.0.1");
	settings_init(&s);
	ck_assert_int_eq(settings_resolve(&s, "/nonexistent/x.conf", fs, &a,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "--ipv4"));
	ck_assert_ptr_nonnull(strstr(cause, "private"));
	free(cause);
	settings_clear(&s);
	settings_args_clear(&a);
	facts_free(fs);
}
END_TEST

static Suite *
settings_suite(void)
{
	Suite	*s = suite_create("settings");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_domains);
	tcase_add_test(tc, test_domain_length);
	tcase_add_test(tc, test_hostnames);
	tcase_add_test(tc, test_addresses);
	tcase_add_test(tc, test_mail);
	tcase_add_test(tc, test_selector_policy);
	tcase_add_test(tc, test_load_errors);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_prefill_args);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(settings_suite)
