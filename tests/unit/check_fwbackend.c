/*
 * check_fwbackend.c - the firewall backend table, the port list parser,
 * the null backend through the real plan engine, and (as root, inside
 * a private network namespace this process enters first) the plans the
 * iptables and nftables backends make for fixture rulesets: positions,
 * exact argv, inverses, verifications, idempotency and the SSH guard.
 *
 * The program is also its own `__fw-helper` (the nft steps call it).
 */
#include "mh.h"

#include <sys/stat.h>

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "exec.h"
#include "fact.h"
#include "fw.h"
#include "plan.h"
#include "unit.h"

static int	check_fwbackend_netns;	/* in a private netns */
static const int check_fwbackend_ssh[] = { 22 };

static void
check_fwbackend_ctx(struct fw_ctx *ctx)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->ssh_ports = check_fwbackend_ssh;
	ctx->nssh = 1;
	ctx->timeout_ms = 20000;
}

static int
check_fwbackend_run(const char *a0, const char *a1, const char *a2,
    const char *a3)
{
	struct exec_result	 res;
	const char		*argv[5] = { a0, a1, a2, a3, NULL };
	char			*cause = NULL;
	int			 rc;

	exec_result_init(&res);
	rc = exec_run(argv, 20000, &res, &cause) == 0 ? res.status : -1;
	free(cause);
	exec_result_clear(&res);
	return rc;
}

static char *
check_fwbackend_argv(char **v)
{
	return exec_argv_text((const char *const *)v);
}

/* ---- fw_parse_ports -------------------------------------------------- */

START_TEST(ports_good)
{
	int	p[FW_MAX_PORTS];
	size_t	n;
	char	*cause = NULL;

	ck_assert_int_eq(fw_parse_ports("25,465,587", p, &n, &cause), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(p[0], 25);
	ck_assert_int_eq(p[2], 587);
	ck_assert_int_eq(fw_parse_ports(" smtp , submission,65535", p, &n,
	    &cause), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(p[0], 25);
	ck_assert_int_eq(p[1], 587);
	ck_assert_int_eq(p[2], 65535);
	ck_assert_ptr_null(cause);
}
END_TEST

START_TEST(ports_bad)
{
	static const char *const bad[] = {
		"0", "65536", "25x", "25,25", "", "25,,26", "-1", "025",
		"smtp,25", "99999999999999999999", "25 26", "1,2,3,4,5,6,7,8,"
		"9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,"
		"28,29,30,31,32,33"
	};
	int	p[FW_MAX_PORTS];
	size_t	n, i;
	char	*cause;

	for (i = 0; i < nitems(bad); i++) {
		cause = NULL;
		ck_assert_msg(fw_parse_ports(bad[i], p, &n, &cause) == -1,
		    "accepted \"%s\"", bad[i]);
		ck_assert_ptr_nonnull(cause);
		ck_assert_uint_eq(n, 0);
		free(cause);
	}
	cause = NULL;
	fw_parse_ports("25,abc", p, &n, &cause);
	ck_assert_ptr_nonnull(strstr(cause, "abc"));
	free(cause);
	cause = NULL;
	fw_parse_ports("25,587,25", p, &n, &cause);
	ck_assert_ptr_nonnull(strstr(cause, "25"));
	free(cause);
}
END_TEST

/* ---- the table --------------------------------------------------------- */

START_TEST(table)
{
	static const char *const names[] = { "firewalld", "ufw", "nftables",
	    "iptables-nft", "iptables-legacy", "null" };
	struct facts	*fs;
	size_t		 i, j;

	for (i = 0; fw_backends[i] != NULL; i++) {
		ck_assert_ptr_nonnull(fw_backends[i]->probe);
		ck_assert_ptr_nonnull(fw_backends[i]->plan_open);
		ck_assert_ptr_nonnull(fw_backends[i]->snapshot);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(fw_backends[i]->name,
			    fw_backends[j]->name);
	}
	ck_assert_uint_eq(i, nitems(names));
	for (i = 0; i < nitems(names); i++)
		ck_assert_str_eq(fw_backend_find(names[i])->name, names[i]);
	ck_assert_ptr_eq(fw_backend_find("nft"), &fw_nft_backend);
	ck_assert_ptr_eq(fw_backend_find("iptables"),
	    &fw_iptables_nft_backend);
	ck_assert_ptr_null(fw_backend_find("pf"));
	ck_assert_ptr_null(fw_backend_find(NULL));

	fs = facts_create();
	ck_assert_ptr_null(fw_backend_active(fs));
	facts_set_str(fs, "fw.active", "nftables");
	ck_assert_ptr_eq(fw_backend_active(fs), &fw_nft_backend);
	facts_set_str(fs, "fw.active", "iptables-legacy");
	ck_assert_ptr_eq(fw_backend_active(fs), &fw_iptables_legacy_backend);
	facts_set_str(fs, "fw.active", "none");
	ck_assert_ptr_null(fw_backend_active(fs));
	facts_set_unknown(fs, "fw.active", FACT_STR, "not root");
	ck_assert_ptr_null(fw_backend_active(fs));
	facts_free(fs);
}
END_TEST

START_TEST(helper_usage)
{
	struct buf	 out;
	char		*argv[] = { (char *)FW_HELPER_ARG, (char *)"bogus",
			    NULL };
	char		*cause = NULL;

	buf_init(&out, 0);
	ck_assert_int_eq(fw_helper(2, argv, &out, &cause), 2);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	buf_clear(&out);
}
END_TEST

/* ---- the null backend through plan_apply ------------------------------ */

START_TEST(null_backend)
{
	const struct fw_backend	*be = &fw_null_backend;
	struct fw_ctx		 ctx;
	struct plan		*pl;
	struct audit		*a;
	char			 dir[] = "/tmp/check_fwb.XXXXXX";
	char			*cause = NULL, *log, *t;
	int			 ports[2] = { 25, 587 }, o4, o6, ssh = 22;
	struct buf		 snap;

	check_fwbackend_ctx(&ctx);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("MAILHARDEN_FW_NULL_STATE", dir, 1);
	ck_assert_int_eq(be->probe(&ctx, &cause), 0);
	ck_assert_int_eq(be->status(&ctx, 25, &o4, &o6, &cause), 0);
	ck_assert_int_eq(o4 + o6, 0);

	pl = plan_create("firewall", be->name);
	ck_assert_int_eq(be->plan_open(&ctx, ports, 2, pl, &cause), 0);
	ck_assert_uint_eq(pl->n, 2);
	t = check_fwbackend_argv(pl->v[0].argv);
	ck_assert_ptr_nonnull(strstr(t, "/tcp-25"));
	free(t);
	ck_assert_ptr_nonnull(pl->v[0].verify);
	xasprintf(&log, "%s/audit.log", dir);
	ck_assert_int_eq(audit_open(log, &a, &cause), 0);
	ck_assert_msg(plan_apply(pl, a, 0, NULL, NULL, &cause) == 0, "%s",
	    cause);
	plan_free(pl);
	ck_assert_int_eq(be->status(&ctx, 587, &o4, &o6, &cause), 0);
	ck_assert_int_eq(o4 + o6, 2);
	buf_init(&snap, 0);
	ck_assert_int_eq(be->snapshot(&ctx, &snap, &cause), 0);
	ck_assert_str_eq(buf_str(&snap),
	    "== null\ntcp 25 open\ntcp 587 open\n");
	buf_clear(&snap);

	/* idempotent */
	pl = plan_create("firewall", be->name);
	ck_assert_int_eq(be->plan_open(&ctx, ports, 2, pl, &cause), 0);
	ck_assert_uint_eq(pl->n, 0);
	plan_free(pl);

	/* never the SSH port */
	pl = plan_create("firewall", be->name);
	ck_assert_int_eq(be->plan_close(&ctx, &ssh, 1, pl, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "SSH"));
	free(cause);
	cause = NULL;
	ck_assert_int_eq(be->plan_close(&ctx, ports, 1, pl, &cause), 0);
	ck_assert_uint_eq(pl->n, 1);
	ck_assert_int_eq(plan_apply(pl, a, 0, NULL, NULL, &cause), 0);
	plan_free(pl);
	ck_assert_int_eq(be->status(&ctx, 25, &o4, &o6, &cause), 0);
	ck_assert_int_eq(o4, 0);
	audit_close(a);

	/* no state directory: /bin/true steps and a note */
	unsetenv("MAILHARDEN_FW_NULL_STATE");
	pl = plan_create("firewall", be->name);
	ck_assert_int_eq(be->plan_open(&ctx, ports, 2, pl, &cause), 0);
	ck_assert_uint_eq(pl->n, 2);
	ck_assert_uint_eq(pl->nnotes, 1);
	ck_assert_ptr_nonnull(strstr(pl->v[1].argv[0], "true"));
	plan_free(pl);
	setenv("MAILHARDEN_FW_NULL_STATE", "relative/dir", 1);
	ck_assert_int_eq(be->probe(&ctx, &cause), -1);
	free(cause);
	unsetenv("MAILHARDEN_FW_NULL_STATE");

	check_fwbackend_run("/usr/bin/rm", "-rf", dir, NULL);
	free(log);
}
END_TEST

/* ---- real backends, private netns -------------------------------------- */

static struct plan *
check_fwbackend_plan(const struct fw_backend *be, const int *ports,
    size_t n)
{
	struct fw_ctx	 ctx;
	struct plan	*pl;
	char		*cause = NULL;

	check_fwbackend_ctx(&ctx);
	pl = plan_create("firewall", be->name);
	ck_assert_msg(be->plan_open(&ctx, ports, n, pl, &cause) == 0, "%s",
	    cause);
	return pl;
}

START_TEST(iptables_plan)
{
	struct plan	*pl;
	char		*fx4, *fx6, *t;
	int		 ports[2] = { 25, 465 }, o4, o6, ssh = 22;
	struct fw_ctx	 ctx;
	char		*cause = NULL;
	size_t		 i;

	check_fwbackend_ctx(&ctx);
	fx4 = unit_data("fwb/ipt-drop.v4");
	fx6 = unit_data("fwb/ipt-drop.v6");
	ck_assert_int_eq(check_fwbackend_run("/usr/sbin/iptables-nft-restore",
	    fx4, NULL, NULL), 0);
	ck_assert_int_eq(check_fwbackend_run(
	    "/usr/sbin/ip6tables-nft-restore", fx6, NULL, NULL), 0);

	ck_assert_int_eq(fw_iptables_nft_backend.status(&ctx, 22, &o4, &o6,
	    &cause), 0);
	ck_assert_int_eq(o4 + o6, 2);
	ck_assert_int_eq(fw_iptables_nft_backend.status(&ctx, 465, &o4, &o6,
	    &cause), 0);
	ck_assert_int_eq(o4, 0);
	ck_assert_int_eq(o6, 1);	/* multiport 465,500:600 */

	pl = check_fwbackend_plan(&fw_iptables_nft_backend, ports, 2);
	/* v4: lo, established, 25, 465; v6: 25 */
	ck_assert_uint_eq(pl->n, 5);
	t = check_fwbackend_argv(pl->v[0].argv);
	ck_assert_str_eq(t, "/usr/sbin/iptables-nft -w 5 -I INPUT 2 -i lo "
	    "-j ACCEPT");
	free(t);
	ck_assert_int_eq(pl->v[0].keeps_ssh, 1);
	ck_assert_int_eq(pl->v[1].keeps_ssh, 1);
	t = check_fwbackend_argv(pl->v[2].argv);
	ck_assert_str_eq(t, "/usr/sbin/iptables-nft -w 5 -I INPUT 4 -p tcp "
	    "--dport 25 -m conntrack --ctstate NEW -m comment --comment "
	    "mailharden -j ACCEPT");
	free(t);
	t = check_fwbackend_argv(pl->v[2].inverse);
	ck_assert_str_eq(t, "/usr/sbin/iptables-nft -w 5 -D INPUT -p tcp "
	    "--dport 25 -m conntrack --ctstate NEW -m comment --comment "
	    "mailharden -j ACCEPT");
	free(t);
	t = check_fwbackend_argv(pl->v[2].verify);
	ck_assert_ptr_nonnull(strstr(t, " -C INPUT -p tcp --dport 25 "));
	free(t);
	t = check_fwbackend_argv(pl->v[4].argv);
	ck_assert_str_eq(t, "/usr/sbin/ip6tables-nft -w 5 -I INPUT 5 -p tcp "
	    "--dport 25 -m conntrack --ctstate NEW -m comment --comment "
	    "mailharden -j ACCEPT");
	free(t);
	/* no rules file in this test's view of /etc: a note per family */
	for (i = 0; i < pl->nnotes; i++)
		ck_assert_ptr_nonnull(strstr(pl->notes[i], "reboot"));
	plan_free(pl);

	pl = plan_create("firewall", "iptables-nft");
	ck_assert_int_eq(fw_iptables_nft_backend.plan_close(&ctx, &ssh, 1, pl,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "SSH"));
	free(cause);
	plan_free(pl);
	free(fx4);
	free(fx6);
}
END_TEST

START_TEST(iptables_apply_idempotent)
{
	struct plan	*pl;
	struct exec_result res;
	char		*fx4, *fx6, *why = NULL;
	int		 ports[1] = { 587 };
	size_t		 i;

	fx4 = unit_data("fwb/ipt-reject.v4");
	fx6 = unit_data("fwb/ipt-reject.v6");
	ck_assert_int_eq(check_fwbackend_run(
	    "/usr/sbin/iptables-legacy-restore", fx4, NULL, NULL), 0);
	ck_assert_int_eq(check_fwbackend_run(
	    "/usr/sbin/ip6tables-legacy-restore", fx6, NULL, NULL), 0);
	pl = check_fwbackend_plan(&fw_iptables_legacy_backend, ports, 1);
	ck_assert_uint_eq(pl->n, 2);
	for (i = 0; i < pl->n; i++) {
		exec_result_init(&res);
		ck_assert_int_eq(exec_run((const char *const *)pl->v[i].argv,
		    20000, &res, &why), 0);
		ck_assert_int_eq(res.status, 0);
		exec_result_clear(&res);
		exec_result_init(&res);
		ck_assert_int_eq(exec_run((const char *const *)pl->v[i].verify,
		    20000, &res, &why), 0);
		ck_assert_int_eq(res.status, 0);
		exec_result_clear(&res);
	}
	plan_free(pl);
	pl = check_fwbackend_plan(&fw_iptables_legacy_backend, ports, 1);
	ck_assert_uint_eq(pl->n, 0);
	plan_free(pl);
	free(fx4);
	free(fx6);
}
END_TEST

START_TEST(nft_plan)
{
	struct plan	*pl;
	char		*fx, *t;
	int		 ports[2] = { 25, 22 };
	size_t		 i;

	ck_assert_int_eq(check_fwbackend_run("/usr/sbin/nft", "flush",
	    "ruleset", NULL), 0);
	fx = unit_data("fwb/nft-final.nft");
	ck_assert_int_eq(check_fwbackend_run("/usr/sbin/nft", "-f", fx, NULL),
	    0);
	pl = check_fwbackend_plan(&fw_nft_backend, ports, 2);
	/* per chain: established + 25 (22 is open); then maybe the save */
	ck_assert_uint_ge(pl->n, 4);
	t = check_fwbackend_argv(pl->v[1].argv);
	ck_assert_str_eq(t, "/usr/sbin/nft insert rule ip6 f6 inbound "
	    "position 3 tcp dport 25 accept comment '\"mailharden\"'");
	free(t);
	t = check_fwbackend_argv(pl->v[1].inverse);
	ck_assert_ptr_nonnull(strstr(t, "__fw-helper nft-delete ip6 f6 "
	    "inbound 'tcp dport 25 accept comment \"mailharden\"'"));
	free(t);
	ck_assert_ptr_nonnull(strstr(pl->v[1].verify[2], "nft-check"));
	ck_assert_int_eq(pl->v[0].keeps_ssh, 1);
	for (i = 4; i < pl->n; i++)
		ck_assert_int_eq(pl->v[i].kind, PLAN_SAVE);
	plan_free(pl);

	ck_assert_int_eq(check_fwbackend_run("/usr/sbin/nft", "flush",
	    "ruleset", NULL), 0);
	pl = check_fwbackend_plan(&fw_nft_backend, ports, 2);
	ck_assert_uint_eq(pl->n, 0);
	ck_assert_uint_eq(pl->nnotes, 1);
	ck_assert_ptr_nonnull(strstr(pl->notes[0], "nothing to open"));
	plan_free(pl);
	free(fx);
}
END_TEST

static Suite *
check_fwbackend_suite(void)
{
	Suite	*s = suite_create("fwbackend");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, ports_good);
	tcase_add_test(tc, ports_bad);
	tcase_add_test(tc, table);
	tcase_add_test(tc, helper_usage);
	tcase_add_test(tc, null_backend);
	suite_add_tcase(s, tc);
	if (check_fwbackend_netns) {
		tc = tcase_create("netns");
		tcase_set_timeout(tc, 60);
		tcase_add_test(tc, iptables_plan);
		tcase_add_test(tc, iptables_apply_idempotent);
		tcase_add_test(tc, nft_plan);
		suite_add_tcase(s, tc);
	}
	return s;
}

int
main(int argc, char **argv)
{
	SRunner		*sr;
	struct buf	 out;
	char		*cause = NULL;
	int		 failed;

	if (argc >= 2 && strcmp(argv[1], FW_HELPER_ARG) == 0) {
		buf_init(&out, 0);
		failed = fw_helper(argc - 1, argv + 1, &out, &cause);
		fputs(buf_str(&out), stdout);
		free(cause);
		buf_clear(&out);
		return failed;
	}
	/* Never the host's rules: only in a network namespace of our own. */
	if (geteuid() == 0 && access("/usr/sbin/iptables-nft", X_OK) == 0 &&
	    access("/usr/sbin/iptables-legacy", X_OK) == 0 &&
	    access("/usr/sbin/nft", X_OK) == 0 &&
	    unshare(CLONE_NEWNET) == 0)
		check_fwbackend_netns = 1;
	else
		printf("# not root or no firewall tools: netns cases left "
		    "out\n");
	sr = srunner_create(check_fwbackend_suite());
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
