/*
 * check_net.c - unit tests for address classification, the
 * /proc/net/tcp parser, and the host, MTA and SSH detectors over the
 * fixture trees in tests/data/net.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "fact.h"
#include "ipaddr.h"
#include "procnet.h"
#include "rootfs.h"
#include "unit.h"

static const struct {
	const char		*addr;
	int			 family;
	enum ipaddr_class	 cls;
} net_addrs[] = {
	{ "8.8.8.8", 4, IPADDR_PUBLIC },
	{ "45.76.1.10", 4, IPADDR_PUBLIC },
	{ "1.1.1.1", 4, IPADDR_PUBLIC },
	{ "10.0.0.1", 4, IPADDR_PRIVATE },
	{ "10.255.255.255", 4, IPADDR_PRIVATE },
	{ "172.16.0.1", 4, IPADDR_PRIVATE },
	{ "172.31.255.254", 4, IPADDR_PRIVATE },
	{ "172.15.0.1", 4, IPADDR_PUBLIC },
	{ "172.32.0.1", 4, IPADDR_PUBLIC },
	{ "192.168.1.1", 4, IPADDR_PRIVATE },
	{ "100.64.0.1", 4, IPADDR_SHARED },
	{ "100.127.255.254", 4, IPADDR_SHARED },
	{ "100.63.255.255", 4, IPADDR_PUBLIC },
	{ "100.128.0.0", 4, IPADDR_PUBLIC },
	{ "127.0.0.1", 4, IPADDR_LOOPBACK },
	{ "127.1.2.3", 4, IPADDR_LOOPBACK },
	{ "169.254.169.254", 4, IPADDR_LINKLOCAL },
	{ "192.0.2.1", 4, IPADDR_DOCUMENTATION },
	{ "198.51.100.2", 4, IPADDR_DOCUMENTATION },
	{ "203.0.113.9", 4, IPADDR_DOCUMENTATION },
	{ "0.0.0.0", 4, IPADDR_RESERVED },
	{ "0.1.2.3", 4, IPADDR_RESERVED },
	{ "224.0.0.1", 4, IPADDR_RESERVED },
	{ "239.255.255.250", 4, IPADDR_RESERVED },
	{ "240.0.0.1", 4, IPADDR_RESERVED },
	{ "255.255.255.255", 4, IPADDR_RESERVED },
	{ "198.18.0.1", 4, IPADDR_RESERVED },
	{ "198.19.255.255", 4, IPADDR_RESERVED },
	{ "198.20.0.1", 4, IPADDR_PUBLIC },
	{ "192.0.0.8", 4, IPADDR_RESERVED },
	{ "2a03:2880:f12f:83:face:b00c:0:25de", 6, IPADDR_PUBLIC },
	{ "2001:4860:4860::8888", 6, IPADDR_PUBLIC },
	{ "240e:3b7:3272:d8d0::1", 6, IPADDR_PUBLIC },
	{ "::1", 6, IPADDR_LOOPBACK },
	{ "::", 6, IPADDR_RESERVED },
	{ "::ffff:192.0.2.1", 6, IPADDR_RESERVED },
	{ "::ffff:8.8.8.8", 6, IPADDR_RESERVED },
	{ "fe80::1", 6, IPADDR_LINKLOCAL },
	{ "febf::1", 6, IPADDR_LINKLOCAL },
	{ "fc00::1", 6, IPADDR_PRIVATE },
	{ "fd12:3456:789a::1", 6, IPADDR_PRIVATE },
	{ "2001:db8::1", 6, IPADDR_DOCUMENTATION },
	{ "2001:0db8:ffff::1", 6, IPADDR_DOCUMENTATION },
	{ "3fff::1", 6, IPADDR_DOCUMENTATION },
	{ "ff02::1", 6, IPADDR_RESERVED },
	{ "2001::1", 6, IPADDR_RESERVED },
	{ "2002:c000:0204::1", 6, IPADDR_RESERVED },
	{ "64:ff9b::808:808", 6, IPADDR_RESERVED },
	{ "fec0::1", 6, IPADDR_RESERVED },
	{ "", 0, IPADDR_INVALID },
	{ "1.2.3", 0, IPADDR_INVALID },
	{ "256.1.1.1", 0, IPADDR_INVALID },
	{ "1.2.3.4 ", 0, IPADDR_INVALID },
	{ "01.2.3.4", 0, IPADDR_INVALID },
	{ "mail.example.com", 0, IPADDR_INVALID },
	{ "fe80::1%eth0", 0, IPADDR_INVALID },
	{ "2001:db8::1::2", 0, IPADDR_INVALID },
	{ ":::", 0, IPADDR_INVALID },
};

START_TEST(test_ipaddr_table)
{
	size_t	i;

	for (i = 0; i < nitems(net_addrs); i++) {
		ck_assert_msg(ipaddr_family(net_addrs[i].addr) ==
		    net_addrs[i].family, "family of \"%s\"",
		    net_addrs[i].addr);
		ck_assert_msg(ipaddr_classify(net_addrs[i].addr) ==
		    net_addrs[i].cls, "class of \"%s\": %s",
		    net_addrs[i].addr,
		    ipaddr_class_name(ipaddr_classify(net_addrs[i].addr)));
	}
	ck_assert_int_eq(ipaddr_family(NULL), 0);
	ck_assert_str_eq(ipaddr_class_name(IPADDR_SHARED), "shared (CGNAT)");
	ck_assert_str_eq(ipaddr_class_name(IPADDR_INVALID), "invalid");
	ck_assert(ipaddr_is_public("45.76.1.10"));
	ck_assert(!ipaddr_is_public("10.0.0.1"));
}
END_TEST

static char *
net_read(const char *rel)
{
	char	*path = unit_data(rel), *txt = NULL, *cause = NULL;

	if (rootfs_read(NULL, path, PROCNET_FILE_CAP, &txt, NULL,
	    &cause) == -1)
		ck_abort_msg("%s", cause);
	free(path);
	return txt;
}

static const struct procnet_sock *
net_find(const struct procnet *pn, const char *addr, int port)
{
	size_t	i;

	for (i = 0; i < pn->n; i++)
		if (pn->v[i].port == port && strcmp(pn->v[i].addr, addr) == 0)
			return &pn->v[i];
	return NULL;
}

START_TEST(test_procnet_v4_sample)
{
	struct procnet	 pn;
	char		*txt = net_read("net/samples/tcp");
	const struct procnet_sock *s;

	memset(&pn, 0, sizeof pn);
	procnet_parse(&pn, txt, 4);
	ck_assert_uint_eq(pn.n, 5);	/* two ESTABLISHED lines skipped */
	ck_assert_uint_eq(pn.bad_lines, 0);
	s = net_find(&pn, "0.0.0.0", 25);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->inode, 78616);
	ck_assert_int_eq(s->family, 4);
	ck_assert_ptr_nonnull(net_find(&pn, "127.0.0.1", 10025));
	ck_assert_ptr_nonnull(net_find(&pn, "10.20.30.40", 22022));
	ck_assert_ptr_nonnull(net_find(&pn, "0.0.0.0", 587));
	ck_assert_ptr_nonnull(net_find(&pn, "0.0.0.0", 2222));
	ck_assert(procnet_listening(&pn, 25));
	ck_assert(!procnet_listening(&pn, 465));
	procnet_clear(&pn);
	free(txt);
}
END_TEST

START_TEST(test_procnet_v6_sample)
{
	struct procnet	 pn;
	char		*txt = net_read("net/samples/tcp6");

	memset(&pn, 0, sizeof pn);
	procnet_parse(&pn, txt, 6);
	ck_assert_uint_eq(pn.n, 4);
	ck_assert_uint_eq(pn.bad_lines, 0);
	ck_assert_ptr_nonnull(net_find(&pn, "::1", 993));
	ck_assert_ptr_nonnull(net_find(&pn, "2001:db8::5", 465));
	ck_assert_ptr_nonnull(net_find(&pn, "::", 25));
	ck_assert_ptr_nonnull(net_find(&pn, "::", 587));
	ck_assert_uint_eq(net_find(&pn, "::", 25)->inode, 78621);
	procnet_clear(&pn);
	free(txt);
}
END_TEST

START_TEST(test_procnet_garbage)
{
	struct procnet	 pn;
	char		*txt = net_read("net/garbage/proc/net/tcp");

	memset(&pn, 0, sizeof pn);
	procnet_parse(&pn, txt, 4);
	ck_assert_uint_eq(pn.n, 1);
	ck_assert_uint_eq(pn.bad_lines, 5);
	/* The same text is no IPv6 file: every line is bad. */
	procnet_clear(&pn);
	procnet_parse(&pn, txt, 6);
	ck_assert_uint_eq(pn.n, 0);
	ck_assert_uint_eq(pn.bad_lines, 6);
	procnet_clear(&pn);
	procnet_parse(&pn, "", 4);
	procnet_parse(&pn, "\n\n   \n", 4);
	procnet_parse(&pn, "   0: 00000000:0019 00000000:0000 0A", 4);
	procnet_parse(&pn, "x", 5);
	ck_assert_uint_eq(pn.n, 0);
	ck_assert_uint_eq(pn.bad_lines, 1);
	procnet_clear(&pn);
	free(txt);
}
END_TEST

START_TEST(test_procnet_load_owners)
{
	struct procnet	 pn;
	char		*root = unit_data("net/postfix"), *cause = NULL;
	const struct procnet_sock *s;

	memset(&pn, 0, sizeof pn);
	ck_assert_int_eq(procnet_load(&pn, root, &cause), 0);
	ck_assert(pn.have4 && pn.have6);
	ck_assert_uint_eq(procnet_owners(&pn, root), pn.n);
	s = net_find(&pn, "::", 587);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->pid, 812);
	ck_assert_str_eq(s->comm, "master");
	ck_assert_str_eq(net_find(&pn, "0.0.0.0", 22)->comm, "sshd");
	procnet_clear(&pn);
	free(root);

	root = unit_data("net/no-mta");
	ck_assert_int_eq(procnet_load(&pn, root, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "not readable"));
	free(cause);
	procnet_clear(&pn);
	free(root);
}
END_TEST

/* Run detect_<area> over a fixture with an optional SSH_CONNECTION. */
static struct facts *
net_detect(const char *fixture, const char *conn,
    void (*fn)(const struct detect_ctx *, struct facts *))
{
	struct detect_ctx	 ctx;
	struct facts		*fs = facts_create();
	char			*root = unit_data(fixture);

	detect_ctx_init(&ctx, root);
	ctx.ssh_connection = conn;
	fn(&ctx, fs);
	free(root);
	return fs;
}

static char *
net_value(const struct facts *fs, const char *name)
{
	const struct fact	*f = facts_get(fs, name);

	ck_assert_msg(f != NULL, "no fact %s", name);
	return fact_value_text(f);
}

static void
net_expect(const struct facts *fs, const char *name, enum fact_state st,
    const char *text)
{
	const struct fact	*f = facts_get(fs, name);
	char			*v;

	ck_assert_msg(f != NULL, "no fact %s", name);
	ck_assert_msg(f->state == st, "%s: state %s (%s)", name,
	    fact_state_name(f->state), f->reason ? f->reason : "");
	if (text == NULL)
		return;
	v = net_value(fs, name);
	ck_assert_msg(strcmp(v, text) == 0, "%s = \"%s\"", name, v);
	free(v);
}

START_TEST(test_ssh_connection)
{
	static const char *const bad[] = {
		"", "203.0.113.9 50000 198.51.100.2",
		"203.0.113.9 50000 198.51.100.2 2222 extra",
		"203.0.113.9 50000 198.51.100.2 0",
		"203.0.113.9 50000 198.51.100.2 65536",
		"203.0.113.9 50000 198.51.100.2 22a",
		"203.0.113.999 50000 198.51.100.2 22",
		"203.0.113.9 -1 198.51.100.2 22",
		"'; rm -rf / 1 2 3",
		"203.0.113.9%eth0 50000 198.51.100.2 22",
	};
	struct facts	*fs;
	const struct fact *f;
	size_t		 i;

	fs = net_detect("net/no-mta", "203.0.113.9 50000 198.51.100.2 2222",
	    detect_ssh_run);
	net_expect(fs, "ssh.session", FACT_KNOWN, "yes");
	net_expect(fs, "ssh.client", FACT_KNOWN, "203.0.113.9:50000");
	net_expect(fs, "ssh.ports", FACT_KNOWN, "2222");
	facts_free(fs);

	fs = net_detect("net/no-mta",
	    "2001:db8::9 50000 fe80::1%eth0 22022", detect_ssh_run);
	net_expect(fs, "ssh.client", FACT_KNOWN, "[2001:db8::9]:50000");
	net_expect(fs, "ssh.ports", FACT_KNOWN, "22022");
	facts_free(fs);

	fs = net_detect("net/no-mta", NULL, detect_ssh_run);
	net_expect(fs, "ssh.session", FACT_KNOWN, "no");
	net_expect(fs, "ssh.client", FACT_UNKNOWN, NULL);
	net_expect(fs, "ssh.ports", FACT_UNKNOWN, NULL);
	facts_free(fs);

	for (i = 0; i < nitems(bad); i++) {
		fs = net_detect("net/no-mta", bad[i], detect_ssh_run);
		f = facts_get(fs, "ssh.session");
		ck_assert_ptr_nonnull(f);
		if (*bad[i] == '\0')
			ck_assert_int_eq(f->state, FACT_KNOWN);
		else {
			ck_assert_msg(f->state == FACT_ERROR, "\"%s\"",
			    bad[i]);
			ck_assert_ptr_nonnull(f->reason);
			net_expect(fs, "ssh.client", FACT_ERROR, NULL);
		}
		facts_free(fs);
	}
}
END_TEST

START_TEST(test_sshd_config_include)
{
	struct facts		*fs;
	const struct fact	*f;
	size_t			 i;
	int			 saw_readme = 0, saw_listen = 0;

	fs = net_detect("net/sshd-include", NULL, detect_ssh_run);
	net_expect(fs, "ssh.ports", FACT_KNOWN, "2222, 22022");
	f = facts_get(fs, "ssh.ports");
	for (i = 0; i < f->nev; i++) {
		if (strstr(f->ev[i].source, "README") != NULL)
			saw_readme = 1;
		if (strstr(f->ev[i].source, "extra/listen.conf") != NULL)
			saw_listen = 1;
	}
	ck_assert(!saw_readme);
	ck_assert(saw_listen);
	facts_free(fs);

	/* With the session on 22 too. */
	fs = net_detect("net/sshd-include", "10.0.0.9 4000 10.0.0.5 22",
	    detect_ssh_run);
	net_expect(fs, "ssh.ports", FACT_KNOWN, "22, 2222, 22022");
	facts_free(fs);

	/* No Port directive: the default, said so. */
	fs = net_detect("net/postfix", NULL, detect_ssh_run);
	net_expect(fs, "ssh.ports", FACT_KNOWN, "22");
	f = facts_get(fs, "ssh.ports");
	for (i = 0, saw_readme = 0; i < f->nev; i++)
		if (strstr(f->ev[i].text, "default 22") != NULL)
			saw_readme = 1;
	ck_assert(saw_readme);
	facts_free(fs);

	fs = net_detect("net/exim", NULL, detect_ssh_run);
	net_expect(fs, "ssh.ports", FACT_KNOWN, "22022");
	facts_free(fs);

	/* Self-include loop, bad values: bounded, the good one kept. */
	fs = net_detect("net/garbage", NULL, detect_ssh_run);
	net_expect(fs, "ssh.ports", FACT_KNOWN, "2200");
	facts_free(fs);
}
END_TEST

START_TEST(test_fqdn)
{
	struct facts	*fs;

	fs = net_detect("net/postfix", NULL, detect_net_run);
	net_expect(fs, "host.hostname", FACT_KNOWN, "mail");
	net_expect(fs, "host.fqdn", FACT_KNOWN, "mail.example.com");
	net_expect(fs, "net.ipv4", FACT_UNKNOWN, NULL);
	net_expect(fs, "net.nat_hint", FACT_UNKNOWN, NULL);
	facts_free(fs);

	fs = net_detect("net/exim", NULL, detect_net_run);
	net_expect(fs, "host.fqdn", FACT_KNOWN, "mx1.example.org");
	facts_free(fs);

	fs = net_detect("net/sshd-include", NULL, detect_net_run);
	net_expect(fs, "host.fqdn", FACT_KNOWN, "vps-cn-01.example.cn");
	facts_free(fs);

	/* localhost.localdomain is no FQDN for web01. */
	fs = net_detect("net/no-mta", NULL, detect_net_run);
	net_expect(fs, "host.hostname", FACT_KNOWN, "web01");
	net_expect(fs, "host.fqdn", FACT_UNKNOWN, NULL);
	ck_assert_ptr_nonnull(strstr(facts_get(fs, "host.fqdn")->reason,
	    "no DNS query"));
	facts_free(fs);

	fs = net_detect("net/garbage", NULL, detect_net_run);
	net_expect(fs, "host.hostname", FACT_ERROR, NULL);
	net_expect(fs, "host.fqdn", FACT_UNKNOWN, NULL);
	facts_free(fs);
}
END_TEST

START_TEST(test_mta)
{
	struct facts	*fs;

	fs = net_detect("net/postfix", NULL, detect_mta_run);
	net_expect(fs, "mta.installed", FACT_KNOWN, "postfix");
	net_expect(fs, "mta.name", FACT_KNOWN, "postfix");
	net_expect(fs, "mta.config", FACT_KNOWN, "/etc/postfix/main.cf");
	net_expect(fs, "port.25.listening", FACT_KNOWN, "yes");
	net_expect(fs, "port.25.addresses", FACT_KNOWN, "0.0.0.0, ::");
	net_expect(fs, "port.587.addresses", FACT_KNOWN, "0.0.0.0, ::");
	net_expect(fs, "port.465.listening", FACT_KNOWN, "no");
	net_expect(fs, "port.993.listening", FACT_KNOWN, "no");
	facts_free(fs);

	fs = net_detect("net/exim", NULL, detect_mta_run);
	net_expect(fs, "mta.installed", FACT_KNOWN, "exim");
	net_expect(fs, "mta.name", FACT_KNOWN, "exim");
	net_expect(fs, "mta.config", FACT_KNOWN,
	    "/etc/exim4/update-exim4.conf.conf");
	net_expect(fs, "port.25.addresses", FACT_KNOWN, "127.0.0.1, ::1");
	facts_free(fs);

	fs = net_detect("net/two-mtas", NULL, detect_mta_run);
	net_expect(fs, "mta.installed", FACT_KNOWN, "postfix, exim");
	net_expect(fs, "mta.name", FACT_UNKNOWN, NULL);
	ck_assert_ptr_nonnull(strstr(facts_get(fs, "mta.name")->reason,
	    "several installed"));
	facts_free(fs);

	fs = net_detect("net/two-mtas-owner", NULL, detect_mta_run);
	net_expect(fs, "mta.name", FACT_KNOWN, "exim");
	facts_free(fs);

	/* /usr/sbin/sendmail and a left-over main.cf are no MTA. */
	fs = net_detect("net/no-mta", NULL, detect_mta_run);
	net_expect(fs, "mta.installed", FACT_KNOWN, "(none)");
	net_expect(fs, "mta.name", FACT_UNKNOWN, NULL);
	net_expect(fs, "port.25.listening", FACT_UNKNOWN, NULL);
	facts_free(fs);

	fs = net_detect("net/garbage", NULL, detect_mta_run);
	net_expect(fs, "port.25.listening", FACT_KNOWN, "yes");
	net_expect(fs, "port.465.listening", FACT_KNOWN, "no");
	facts_free(fs);
}
END_TEST

static Suite *
net_suite(void)
{
	Suite	*s = suite_create("net");
	TCase	*tc = tcase_create("net");

	tcase_add_test(tc, test_ipaddr_table);
	tcase_add_test(tc, test_procnet_v4_sample);
	tcase_add_test(tc, test_procnet_v6_sample);
	tcase_add_test(tc, test_procnet_garbage);
	tcase_add_test(tc, test_procnet_load_owners);
	tcase_add_test(tc, test_ssh_connection);
	tcase_add_test(tc, test_sshd_config_include);
	tcase_add_test(tc, test_fqdn);
	tcase_add_test(tc, test_mta);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(net_suite)
