/*
 * check_fw.c - firewall output parsers over captured real output
 * (tests/data/fw, captured inside network namespaces) and the
 * "which firewall filters" decision table.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "fwparse.h"
#include "rootfs.h"
#include "unit.h"

static char *
check_fw_load(const char *name)
{
	char	*rel, *path, *txt = NULL, *cause = NULL;

	xasprintf(&rel, "fw/%s", name);
	path = unit_data(rel);
	if (rootfs_read(NULL, path, 1024 * 1024, &txt, NULL, &cause) == -1)
		ck_abort_msg("%s: %s", path, cause);
	free(rel);
	free(path);
	return txt;
}

static int
check_fw_ipt_file(const char *name, struct fwparse_ipt *ipt, char **cause)
{
	char	*txt = check_fw_load(name);
	int	 rc;

	*cause = NULL;
	rc = fwparse_ipt(txt, ipt, cause);
	free(txt);
	return rc;
}

static int
check_fw_nft_file(const char *name, struct fwparse_nft *nft, char **cause)
{
	char	*txt = check_fw_load(name);
	int	 rc;

	*cause = NULL;
	rc = fwparse_nft(txt, nft, cause);
	free(txt);
	return rc;
}

static struct fwparse_nft_table *
check_fw_table(struct fwparse_nft *nft, const char *fam, const char *name)
{
	size_t	i;

	for (i = 0; i < nft->n; i++)
		if (strcmp(nft->t[i].family, fam) == 0 &&
		    strcmp(nft->t[i].name, name) == 0)
			return &nft->t[i];
	ck_abort_msg("no table %s %s", fam, name);
	return NULL;
}

START_TEST(test_ipt_ufw)
{
	struct fwparse_ipt	 ipt;
	char			*cause;

	ck_assert_int_eq(check_fw_ipt_file("ipt-nft-ufw.txt", &ipt, &cause),
	    0);
	ck_assert_uint_eq(ipt.ntables, 1);
	ck_assert(fwparse_ipt_has_table(&ipt, "filter"));
	ck_assert_str_eq(ipt.input_policy, "DROP");
	ck_assert_int_eq(ipt.input_rules, 6);
	ck_assert_int_gt(ipt.rules, ipt.input_rules);
	ck_assert_int_gt(ipt.ufw_chains, 20);
	ck_assert_int_eq(ipt.ufw_user_input, 1);
	ck_assert_int_eq(ipt.docker_chains, 0);
	ck_assert_int_eq(ipt.legacy_warning, 0);
	ck_assert_int_eq(check_fw_ipt_file("ip6t-nft-ufw.txt", &ipt, &cause),
	    0);
	ck_assert_int_eq(ipt.ufw_user_input, 1);
	ck_assert_str_eq(ipt.input_policy, "DROP");
}
END_TEST

START_TEST(test_ipt_docker)
{
	struct fwparse_ipt	 ipt;
	char			*cause;

	ck_assert_int_eq(check_fw_ipt_file("ipt-nft-docker.txt", &ipt,
	    &cause), 0);
	ck_assert_uint_eq(ipt.ntables, 2);
	ck_assert(fwparse_ipt_has_table(&ipt, "nat"));
	ck_assert_str_eq(ipt.input_policy, "ACCEPT");
	ck_assert_int_eq(ipt.docker_chains, 5);
	ck_assert_int_eq(ipt.docker_rules, 15);
	/* Docker's FORWARD rules are not a firewall. */
	ck_assert_int_eq(ipt.rules, 0);
	ck_assert_int_eq(ipt.input_rules, 0);
}
END_TEST

START_TEST(test_ipt_drop_and_legacy)
{
	struct fwparse_ipt	 ipt;
	char			*cause;

	ck_assert_int_eq(check_fw_ipt_file("ipt-nft-drop.txt", &ipt, &cause),
	    0);
	ck_assert_str_eq(ipt.input_policy, "DROP");
	ck_assert_int_eq(ipt.input_rules, 2);
	ck_assert_int_eq(ipt.legacy_warning, 1);
	ck_assert_int_eq(check_fw_ipt_file("ipt-legacy.txt", &ipt, &cause),
	    0);
	ck_assert_str_eq(ipt.input_policy, "ACCEPT");
	ck_assert_int_eq(ipt.input_rules, 1);
	ck_assert_int_eq(ipt.rules, 1);
	ck_assert_int_eq(check_fw_ipt_file("ip6t-nft-basic.txt", &ipt,
	    &cause), 0);
	ck_assert_int_eq(ipt.input_rules, 1);
	ck_assert_int_eq(check_fw_ipt_file("ipt-empty.txt", &ipt, &cause), 0);
	ck_assert_uint_eq(ipt.ntables, 0);
	ck_assert_str_eq(ipt.input_policy, "");
}
END_TEST

START_TEST(test_ipt_bad)
{
	static const char	*bad[] = {
		"*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j DROP\n",
		"-A INPUT -j DROP\n",
		"*filter\nhello world\nCOMMIT\n",
		"*filter\nCOMMIT\n*nat\n*raw\nCOMMIT\n",
		"*filter\n:INPUT\nCOMMIT\n",
		"*\nCOMMIT\n",
		"*a\nCOMMIT\n*b\nCOMMIT\n*c\nCOMMIT\n*d\nCOMMIT\n*e\nCOMMIT\n"
		    "*f\nCOMMIT\n*g\nCOMMIT\n*h\nCOMMIT\n*i\nCOMMIT\n"
	};
	struct fwparse_ipt	 ipt;
	char			*cause;
	size_t			 i;

	ck_assert_int_eq(check_fw_ipt_file("ipt-truncated.txt", &ipt,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "truncated"));
	free(cause);
	ck_assert_int_eq(check_fw_ipt_file("garbage.bin", &ipt, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	ck_assert_int_eq(check_fw_ipt_file("nft-ufw.txt", &ipt, &cause), -1);
	free(cause);
	for (i = 0; i < nitems(bad); i++) {
		cause = NULL;
		ck_assert_msg(fwparse_ipt(bad[i], &ipt, &cause) == -1,
		    "accepted bad[%zu]", i);
		ck_assert_ptr_nonnull(cause);
		free(cause);
	}
}
END_TEST

START_TEST(test_nft_firewalld)
{
	struct fwparse_nft		 nft;
	struct fwparse_nft_table	*t;
	char				*cause;

	ck_assert_int_eq(check_fw_nft_file("nft-firewalld.txt", &nft,
	    &cause), 0);
	ck_assert_uint_eq(nft.n, 1);
	fwparse_nft_owners(&nft, NULL, NULL);
	t = check_fw_table(&nft, "inet", "firewalld");
	ck_assert_int_eq(t->owner, FWPARSE_OWN_FIREWALLD);
	ck_assert_int_eq(t->input_chains, 1);
	ck_assert_int_gt(t->input_rules, 0);
	ck_assert_int_gt(t->chains, 10);
	fwparse_nft_free(&nft);
}
END_TEST

START_TEST(test_nft_ufw_owner)
{
	struct fwparse_ipt		 v4, v6;
	struct fwparse_nft		 nft;
	struct fwparse_nft_table	*t;
	char				*cause;

	ck_assert_int_eq(check_fw_ipt_file("ipt-nft-ufw.txt", &v4, &cause),
	    0);
	ck_assert_int_eq(check_fw_ipt_file("ip6t-nft-ufw.txt", &v6, &cause),
	    0);
	ck_assert_int_eq(check_fw_nft_file("nft-ufw.txt", &nft, &cause), 0);
	ck_assert_uint_eq(nft.n, 2);
	fwparse_nft_owners(&nft, &v4, &v6);
	t = check_fw_table(&nft, "ip", "filter");
	ck_assert_int_eq(t->owner, FWPARSE_OWN_IPTNFT);
	ck_assert_int_eq(t->input_drop, 1);
	ck_assert_int_eq(t->input_rules, 6);
	t = check_fw_table(&nft, "ip6", "filter");
	ck_assert_int_eq(t->owner, FWPARSE_OWN_IPTNFT);
	/* Without the save outputs the table names decide. */
	fwparse_nft_owners(&nft, NULL, NULL);
	ck_assert_int_eq(check_fw_table(&nft, "ip", "filter")->owner,
	    FWPARSE_OWN_IPTNFT);
	/* A save output without that table: it is nft's own. */
	memset(&v4, 0, sizeof v4);
	fwparse_nft_owners(&nft, &v4, &v4);
	ck_assert_int_eq(check_fw_table(&nft, "ip", "filter")->owner,
	    FWPARSE_OWN_NFT);
	fwparse_nft_free(&nft);
}
END_TEST

START_TEST(test_nft_filterx_docker)
{
	struct fwparse_nft		 nft;
	struct fwparse_nft_table	*t;
	char				*cause;

	ck_assert_int_eq(check_fw_nft_file("nft-docker-filterx.txt", &nft,
	    &cause), 0);
	ck_assert_uint_eq(nft.n, 3);
	fwparse_nft_owners(&nft, NULL, NULL);
	t = check_fw_table(&nft, "inet", "filterx");
	ck_assert_int_eq(t->owner, FWPARSE_OWN_NFT);
	ck_assert_int_eq(t->chains, 2);
	ck_assert_int_eq(t->input_chains, 1);
	ck_assert_int_eq(t->input_drop, 1);
	ck_assert_int_eq(t->input_rules, 3);
	ck_assert(fwparse_nft_filters(t));
	t = check_fw_table(&nft, "ip", "nat");
	ck_assert_int_eq(t->owner, FWPARSE_OWN_IPTNFT);
	ck_assert_int_eq(t->input_chains, 0);
	t = check_fw_table(&nft, "ip", "filter");
	ck_assert_int_eq(t->input_chains, 0);
	ck_assert(!fwparse_nft_filters(t));
	ck_assert_str_eq(fwparse_owner_name(t->owner), "iptables-nft");
	fwparse_nft_free(&nft);
}
END_TEST

START_TEST(test_nft_simple)
{
	struct fwparse_nft		 nft;
	struct fwparse_nft_table	*t;
	char				*cause;

	ck_assert_int_eq(check_fw_nft_file("nft-debian-default.txt", &nft,
	    &cause), 0);
	ck_assert_uint_eq(nft.n, 1);
	t = check_fw_table(&nft, "inet", "filter");
	fwparse_nft_owners(&nft, NULL, NULL);
	ck_assert_int_eq(t->owner, FWPARSE_OWN_NFT);
	ck_assert_int_eq(t->chains, 3);
	ck_assert_int_eq(t->input_chains, 1);
	ck_assert(!fwparse_nft_filters(t));
	fwparse_nft_free(&nft);

	ck_assert_int_eq(check_fw_nft_file("nft-iptnft-drop.txt", &nft,
	    &cause), 0);
	ck_assert_uint_eq(nft.n, 2);
	t = check_fw_table(&nft, "ip", "filter");
	ck_assert_int_eq(t->input_drop, 1);
	ck_assert_int_eq(t->input_rules, 2);
	fwparse_nft_free(&nft);

	ck_assert_int_eq(check_fw_nft_file("nft-empty.txt", &nft, &cause), 0);
	ck_assert_uint_eq(nft.n, 0);
	fwparse_nft_free(&nft);
	ck_assert_int_eq(check_fw_nft_file("nft-docker.txt", &nft, &cause), 0);
	ck_assert_uint_eq(nft.n, 2);
	fwparse_nft_free(&nft);
}
END_TEST

START_TEST(test_nft_bad)
{
	static const char	*bad[] = {
		"table inet x {\n",
		"}\n",
		"chain input {\n}\n",
		"table foo x {\n}\n",
		"table inet x\n",
		"table inet x {\n\tchain a {\n\t}\n}\n}\n",
		"table inet x {\n\tchain a { { {\n\t}\n}\n"
	};
	struct fwparse_nft	 nft;
	char			*cause;
	size_t			 i;

	ck_assert_int_eq(check_fw_nft_file("nft-truncated.txt", &nft,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "truncated"));
	free(cause);
	ck_assert_uint_eq(nft.n, 0);
	ck_assert_int_eq(check_fw_nft_file("nft-unbalanced.txt", &nft,
	    &cause), -1);
	free(cause);
	ck_assert_int_eq(check_fw_nft_file("garbage.bin", &nft, &cause), -1);
	free(cause);
	ck_assert_int_eq(check_fw_nft_file("ipt-nft-ufw.txt", &nft, &cause),
	    -1);
	free(cause);
	for (i = 0; i < nitems(bad); i++) {
		cause = NULL;
		ck_assert_msg(fwparse_nft(bad[i], &nft, &cause) == -1,
		    "accepted bad[%zu]", i);
		ck_assert_ptr_nonnull(cause);
		free(cause);
	}
	/* Braces inside a quoted comment do not count. */
	ck_assert_int_eq(fwparse_nft("table inet x {\n\tchain a {\n\t\t"
	    "type filter hook input priority 0; policy accept;\n\t\t"
	    "accept comment \"}}{\"\n\t}\n}\n", &nft, &cause), 0);
	ck_assert_int_eq(nft.t[0].input_rules, 1);
	fwparse_nft_free(&nft);
}
END_TEST

START_TEST(test_ufw_status)
{
	char	*txt, *cause = NULL, *line;

	txt = check_fw_load("ufw-status-active.txt");
	ck_assert_int_eq(fwparse_ufw_status(txt, &cause), 1);
	free(txt);
	txt = check_fw_load("ufw-status-verbose.txt");
	ck_assert_int_eq(fwparse_ufw_status(txt, &cause), 1);
	free(txt);
	txt = check_fw_load("ufw-status-inactive.txt");
	ck_assert_int_eq(fwparse_ufw_status(txt, &cause), 0);
	free(txt);
	txt = check_fw_load("ufw-status-garbage.txt");
	ck_assert_int_eq(fwparse_ufw_status(txt, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "Status: maybe"));
	free(cause);
	free(txt);
	txt = check_fw_load("garbage.bin");
	ck_assert_int_eq(fwparse_ufw_status(txt, &cause), -1);
	free(cause);
	free(txt);
	ck_assert_int_eq(fwparse_ufw_status("\n\n", &cause), -1);
	free(cause);

	ck_assert_int_eq(fwparse_ufw_conf("# x\nENABLED=yes\nLOGLEVEL=low\n",
	    &line), 1);
	ck_assert_str_eq(line, "ENABLED=yes");
	free(line);
	ck_assert_int_eq(fwparse_ufw_conf("ENABLED=no\n", &line), 0);
	free(line);
	ck_assert_int_eq(fwparse_ufw_conf("LOGLEVEL=low\n", &line), -1);
	ck_assert_ptr_null(line);
}
END_TEST

START_TEST(test_fwcmd_names)
{
	char	*cause = NULL;

	ck_assert_int_eq(fwparse_fwcmd_state(0, "running\n", "", &cause), 1);
	ck_assert_int_eq(fwparse_fwcmd_state(252, "not running\n", "",
	    &cause), 0);
	ck_assert_int_eq(fwparse_fwcmd_state(36, "", "Error: DBUS_ERROR: "
	    "Failed to connect\n", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "DBUS_ERROR"));
	free(cause);
	ck_assert_int_eq(fwparse_fwcmd_state(0, "runningx\n", "", &cause),
	    -1);
	free(cause);

	ck_assert_int_eq(fwparse_names(""), 0);
	ck_assert_int_eq(fwparse_names("filter\nnat\n"), 2);
	ck_assert_int_eq(fwparse_names("filter x\n"), -1);
}
END_TEST

static void
check_fw_zero(struct fwparse_state *st)
{
	fwparse_state_init(st);
	st->firewalld = st->firewalld_enabled = 0;
	st->ufw = st->ufw_enabled = 0;
	st->nft = st->nft_own_tables = 0;
	st->ipt_nft = st->ipt_nft_rules = 0;
	st->ipt_legacy = st->ipt_legacy_rules = 0;
	st->docker = 0;
}

static int
check_fw_has_conflict(const struct fwparse_verdict *v, const char *s)
{
	size_t	i;

	for (i = 0; i < v->nconflicts; i++)
		if (strstr(v->conflicts[i], s) != NULL)
			return 1;
	return 0;
}

START_TEST(test_decide)
{
	struct fwparse_state	st;
	struct fwparse_verdict	v;

	check_fw_zero(&st);
	fwparse_decide(&st, &v);
	ck_assert_str_eq(v.active, "none");
	ck_assert_uint_eq(v.nconflicts, 0);
	ck_assert_ptr_null(v.unknown);
	fwparse_verdict_free(&v);

	/* firewalld first, even with its own table and iptables rules. */
	check_fw_zero(&st);
	st.firewalld = 1;
	st.nft = 1;
	st.nft_own_tables = 1;
	fwparse_decide(&st, &v);
	ck_assert_str_eq(v.active, "firewalld");
	ck_assert_uint_eq(v.nfiltering, 2);
	ck_assert(check_fw_has_conflict(&v, "separate nftables table"));
	ck_assert(check_fw_has_conflict(&v, "several firewalls"));
	fwparse_verdict_free(&v);

	/* ufw's own iptables-nft rules are ufw, not a second firewall. */
	check_fw_zero(&st);
	st.ufw = st.ufw_enabled = 1;
	st.ipt_nft = 1;
	st.ipt_nft_rules = 80;
	st.ipt_nft_ufw = 1;
	fwparse_decide(&st, &v);
	ck_assert_str_eq(v.active, "ufw");
	ck_assert_uint_eq(v.nfiltering, 1);
	ck_assert_uint_eq(v.nconflicts, 0);
	fwparse_verdict_free(&v);

	/* ufw chains present but ufw inactive: iptables-nft filters. */
	st.ufw = 0;
	fwparse_decide(&st, &v);
	ck_assert_str_eq(v.active, "iptables-nft");
	fwparse_verdict_free(&v);

	check_fw_zero(&st);
	st.nft = 1;
	st.nft_own_tables = 1;
	fwparse_decide(&st, &v);
	ck_assert_str_eq(v.active, "nftables");
	ck_assert_uint_eq(v.nconflicts, 0);
	fwparse_verdict_free(&v);

	/* Legacy and nft rules: both traversed, both listed. */
	check_fw_zero(&st);
	st.ipt_nft = st.ipt_legacy = 1;
	st.ipt_nft_rules = 2;
	st.ipt_legacy_rules = 1;
	fwparse_decide(&st, &v);
	ck_assert_str_eq(v.active, "iptables-nft");
	ck_assert_uint_eq(v.nfiltering, 2);
	ck_assert_str_eq(v.filtering[1], "iptables-legacy");
	ck_assert(check_fw_has_conflict(&v, "iptables-nft + "
	    "iptables-legacy"));
	ck_assert(check_fw_has_conflict(&v, "both hold rules"));
	fwparse_verdict_free(&v);

	check_fw_zero(&st);
	st.ipt_legacy = 1;
	st.ipt_legacy_rules = 1;
	fwparse_decide(&st, &v);
	ck_assert_str_eq(v.active, "iptables-legacy");
	fwparse_verdict_free(&v);

	/* Docker is never the active firewall. */
	check_fw_zero(&st);
	st.docker = 1;
	fwparse_decide(&st, &v);
	ck_assert_str_eq(v.active, "none");
	ck_assert(check_fw_has_conflict(&v, "Docker"));
	fwparse_verdict_free(&v);

	/* Enabled at boot is enough for the ufw + firewalld conflict. */
	check_fw_zero(&st);
	st.ufw_enabled = 1;
	st.firewalld_enabled = 1;
	fwparse_decide(&st, &v);
	ck_assert(check_fw_has_conflict(&v, "ufw and firewalld"));
	fwparse_verdict_free(&v);

	/* Unknown inputs: no verdict unless something surely filters. */
	fwparse_state_init(&st);
	fwparse_decide(&st, &v);
	ck_assert_ptr_null(v.active);
	ck_assert_str_eq(v.unknown, "firewalld, ufw, nftables, iptables-nft, "
	    "iptables-legacy");
	fwparse_verdict_free(&v);
	st.ufw = 1;
	fwparse_decide(&st, &v);
	ck_assert_str_eq(v.active, "ufw");
	ck_assert_ptr_nonnull(strstr(v.unknown, "firewalld"));
	fwparse_verdict_free(&v);
}
END_TEST

static Suite *
fw_suite(void)
{
	Suite	*s = suite_create("fw");
	TCase	*tc = tcase_create("fw");

	tcase_add_test(tc, test_ipt_ufw);
	tcase_add_test(tc, test_ipt_docker);
	tcase_add_test(tc, test_ipt_drop_and_legacy);
	tcase_add_test(tc, test_ipt_bad);
	tcase_add_test(tc, test_nft_firewalld);
	tcase_add_test(tc, test_nft_ufw_owner);
	tcase_add_test(tc, test_nft_filterx_docker);
	tcase_add_test(tc, test_nft_simple);
	tcase_add_test(tc, test_nft_bad);
	tcase_add_test(tc, test_ufw_status);
	tcase_add_test(tc, test_fwcmd_names);
	tcase_add_test(tc, test_decide);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(fw_suite)
