/*
 * check_fwmgr.c - the ufw and firewalld backends: rule-tuple, config and
 * route parsers (unit tests, no arguments), and a small driver used by
 * tests/integ/fw_ufw.sh and fw_firewalld.sh inside namespaces:
 *
 *   check_fwmgr plan|apply BACKEND open|close PORTS [enable] [ssh=P,P]
 *       [zone=Z] [journal=FILE]
 *   check_fwmgr status BACKEND PORT | snapshot BACKEND | undo FILE
 *
 * apply runs each step's argv and its verification through exec and
 * appends the inverse (tab-separated) to the journal; undo runs the
 * journal's inverses newest first.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "exec.h"
#include "fw.h"
#include "plan.h"
#include "rootfs.h"
#include "unit.h"

/* Parsers exported by fw_ufw.c and fw_firewalld.c for these tests. */
struct fw_ufw_port {
	int	verdict;
	int	exact;
	char	deny[8];
	char	comment[65];
};
int	 fw_ufw_port_in(const char *, int);
int	 fw_ufw_scan(const char *, int, int, struct fw_ufw_port *, char **);
char	*fw_ufw_default_get(const char *, const char *);
int	 fw_ufw_parse_state(const char *);
int	 fw_firewalld_name_ok(const char *);
char	*fw_firewalld_route_iface(const char *);

static char *
fixture(const char *name)
{
	char	*path, *text = NULL, *cause = NULL, *rel;

	xasprintf(&rel, "fwm/%s", name);
	path = unit_data(rel);
	if (rootfs_read(NULL, path, MH_FILE_CAP, &text, NULL, &cause) == -1)
		ck_abort_msg("%s: %s", path, cause);
	free(path);
	free(rel);
	return text;
}

START_TEST(test_ufw_port_in)
{
	ck_assert_int_eq(fw_ufw_port_in("25", 25), 1);
	ck_assert_int_eq(fw_ufw_port_in("25", 26), 0);
	ck_assert_int_eq(fw_ufw_port_in("25", 2), 0);
	ck_assert_int_eq(fw_ufw_port_in("465,587", 587), 1);
	ck_assert_int_eq(fw_ufw_port_in("465,587", 25), 0);
	ck_assert_int_eq(fw_ufw_port_in("6000:6007", 6003), 1);
	ck_assert_int_eq(fw_ufw_port_in("6000:6007", 6008), 0);
	ck_assert_int_eq(fw_ufw_port_in("20,6000:6007,25", 25), 1);
	ck_assert_int_eq(fw_ufw_port_in("any", 25), 1);
	ck_assert_int_eq(fw_ufw_port_in("25x", 25), -1);
	ck_assert_int_eq(fw_ufw_port_in("0", 25), -1);
	ck_assert_int_eq(fw_ufw_port_in("65536", 25), -1);
	ck_assert_int_eq(fw_ufw_port_in("7:3", 5), -1);
	ck_assert_int_eq(fw_ufw_port_in("7:", 5), -1);
	ck_assert_int_eq(fw_ufw_port_in("-1", 5), -1);
}
END_TEST

static void
scan(const char *text, int family, int port, int verdict, int exact)
{
	struct fw_ufw_port	r;
	char			*cause = NULL;

	ck_assert_msg(fw_ufw_scan(text, family, port, &r, &cause) == 0,
	    "port %d: %s", port, cause);
	ck_assert_msg(r.verdict == verdict, "port %d v%d: verdict %d, want %d",
	    port, family, r.verdict, verdict);
	ck_assert_msg(r.exact == exact, "port %d v%d: exact %d, want %d",
	    port, family, r.exact, exact);
}

START_TEST(test_ufw_scan_v4)
{
	char	*t = fixture("ufw-user.rules");

	scan(t, 4, 25, 1, 1);		/* allow 25/tcp comment */
	scan(t, 4, 993, 1, 0);		/* allow 993 (tcp and udp) */
	scan(t, 4, 587, 1, 0);		/* multiport 465,587 */
	scan(t, 4, 465, 1, 0);
	scan(t, 4, 6003, 1, 0);		/* range */
	scan(t, 4, 110, 0, 0);		/* deny */
	scan(t, 4, 2222, 1, 0);		/* limit */
	scan(t, 4, 143, -1, 0);		/* only on eth0 */
	scan(t, 4, 995, -1, 0);		/* only from 127.0.0.0/8 */
	scan(t, 4, 22, -1, 0);
	/* The IPv4 file read as IPv6 matches nothing. */
	scan(t, 6, 25, -1, 0);
	free(t);
}
END_TEST

START_TEST(test_ufw_scan_v6)
{
	char	*t = fixture("ufw-user6.rules");

	scan(t, 6, 25, 1, 1);
	scan(t, 6, 995, -1, 0);
	scan(t, 6, 110, 0, 0);
	scan(t, 6, 143, -1, 0);
	scan(t, 4, 25, -1, 0);
	free(t);
}
END_TEST

START_TEST(test_ufw_scan_order)
{
	char			*t = fixture("ufw-deny-first.rules");

	struct fw_ufw_port	 r;
	char			*cause = NULL;

	scan(t, 4, 25, 0, 1);		/* deny comes first, allow exists */
	scan(t, 4, 22, 1, 0);		/* application rule (OpenSSH) */
	ck_assert_int_eq(fw_ufw_scan(t, 4, 25, &r, &cause), 0);
	ck_assert_str_eq(r.deny, "deny");
	ck_assert_str_eq(r.comment, "6d61696c68617264656e");
	ck_assert_int_eq(fw_ufw_scan(t, 4, 22, &r, &cause), 0);
	ck_assert_str_eq(r.deny, "");
	free(t);
}
END_TEST

START_TEST(test_ufw_scan_garbage)
{
	struct fw_ufw_port	 r;
	char			*t, *cause = NULL;

	t = fixture("ufw-short.rules");
	ck_assert_int_eq(fw_ufw_scan(t, 4, 25, &r, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "line 5"));
	free(cause);
	free(t);
	cause = NULL;
	t = fixture("ufw-badport.rules");
	ck_assert_int_eq(fw_ufw_scan(t, 4, 25, &r, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "25x"));
	free(cause);
	free(t);
	cause = NULL;
	ck_assert_int_eq(fw_ufw_scan("### tuple ### frob tcp 25 0.0.0.0/0 "
	    "any 0.0.0.0/0 in", 4, 25, &r, &cause), -1);
	free(cause);
	ck_assert_int_eq(fw_ufw_scan("", 4, 25, &r, &cause), 0);
	ck_assert_int_eq(r.verdict, -1);
	/* Route rules are not inbound rules. */
	ck_assert_int_eq(fw_ufw_scan("### tuple ### route:allow tcp 25 "
	    "0.0.0.0/0 any 0.0.0.0/0 in", 4, 25, &r, &cause), 0);
	ck_assert_int_eq(r.verdict, -1);
}
END_TEST

START_TEST(test_ufw_default)
{
	char	*t = fixture("ufw-default"), *v;

	v = fw_ufw_default_get(t, "IPV6");
	ck_assert_str_eq(v, "yes");
	free(v);
	v = fw_ufw_default_get(t, "DEFAULT_INPUT_POLICY");
	ck_assert_str_eq(v, "DROP");
	free(v);
	ck_assert_ptr_null(fw_ufw_default_get(t, "NOPE"));
	ck_assert_ptr_null(fw_ufw_default_get(t, "IPV"));
	v = fw_ufw_default_get("IPV6=no\nIPV6='yes'\n", "IPV6");
	ck_assert_str_eq(v, "yes");	/* the last one wins, as in sh */
	free(v);
	free(t);
}
END_TEST

START_TEST(test_ufw_state)
{
	ck_assert_int_eq(fw_ufw_parse_state("Status: active\n\nTo"), 1);
	ck_assert_int_eq(fw_ufw_parse_state("Status: inactive\n"), 0);
	ck_assert_int_eq(fw_ufw_parse_state("Status: inactive"), 0);
	ck_assert_int_eq(fw_ufw_parse_state("Status: activex\n"), -1);
	ck_assert_int_eq(fw_ufw_parse_state("ERROR: need root\n"), -1);
	ck_assert_int_eq(fw_ufw_parse_state(""), -1);
}
END_TEST

START_TEST(test_firewalld_names)
{
	ck_assert_int_eq(fw_firewalld_name_ok("public"), 1);
	ck_assert_int_eq(fw_firewalld_name_ok("my_zone-2.x"), 1);
	ck_assert_int_eq(fw_firewalld_name_ok("no zone"), 0);
	ck_assert_int_eq(fw_firewalld_name_ok(""), 0);
	ck_assert_int_eq(fw_firewalld_name_ok("-x"), 0);
	ck_assert_int_eq(fw_firewalld_name_ok("a/b"), 0);
	ck_assert_int_eq(fw_firewalld_name_ok("a\nb"), 0);
	ck_assert_int_eq(fw_firewalld_name_ok("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), 0);
}
END_TEST

START_TEST(test_firewalld_route)
{
	char	*t = fixture("route"), *v;

	v = fw_firewalld_route_iface(t);
	ck_assert_str_eq(v, "eth0");
	free(v);
	free(t);
	ck_assert_ptr_null(fw_firewalld_route_iface(""));
	ck_assert_ptr_null(fw_firewalld_route_iface("Iface\n"));
	ck_assert_ptr_null(fw_firewalld_route_iface("Iface\nx\n\x01\x02\n"));
	ck_assert_ptr_null(fw_firewalld_route_iface("Iface Destination\n"
	    "a;b 00000000 0 0 0 0 0 00000000 0 0 0\n"));
}
END_TEST

START_TEST(test_backends)
{
	const struct fw_backend	*v[] = { &fw_ufw_backend,
				    &fw_firewalld_backend };
	size_t			 i;

	ck_assert_str_eq(fw_ufw_backend.name, "ufw");
	ck_assert_str_eq(fw_firewalld_backend.name, "firewalld");
	for (i = 0; i < nitems(v); i++) {
		ck_assert_ptr_nonnull(v[i]->title);
		ck_assert_ptr_nonnull(v[i]->probe);
		ck_assert_ptr_nonnull(v[i]->status);
		ck_assert_ptr_nonnull(v[i]->plan_open);
		ck_assert_ptr_nonnull(v[i]->plan_close);
		ck_assert_ptr_nonnull(v[i]->snapshot);
	}
}
END_TEST

static Suite *
fwmgr_suite(void)
{
	Suite	*s = suite_create("fwmgr");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_ufw_port_in);
	tcase_add_test(tc, test_ufw_scan_v4);
	tcase_add_test(tc, test_ufw_scan_v6);
	tcase_add_test(tc, test_ufw_scan_order);
	tcase_add_test(tc, test_ufw_scan_garbage);
	tcase_add_test(tc, test_ufw_default);
	tcase_add_test(tc, test_ufw_state);
	tcase_add_test(tc, test_firewalld_names);
	tcase_add_test(tc, test_firewalld_route);
	tcase_add_test(tc, test_backends);
	suite_add_tcase(s, tc);
	return s;
}

/* The driver. */

static int
drive_ports(const char *s, int *ports, size_t *n)
{
	char	*copy, *p, *tok, *end;
	long	 v;

	*n = 0;
	p = copy = xstrdup(s);
	while ((tok = strsep(&p, ",")) != NULL) {
		v = strtol(tok, &end, 10);
		if (*tok == '\0' || *end != '\0' || v < 1 || v > 65535 ||
		    *n == FW_MAX_PORTS) {
			free(copy);
			return -1;
		}
		ports[(*n)++] = (int)v;
	}
	free(copy);
	return 0;
}

static const struct fw_backend *
drive_backend(const char *name)
{
	if (strcmp(name, "ufw") == 0)
		return &fw_ufw_backend;
	if (strcmp(name, "firewalld") == 0)
		return &fw_firewalld_backend;
	fprintf(stderr, "unknown backend %s\n", name);
	exit(2);
}

static void
drive_print(const char *what, char **argv)
{
	char	*t;

	if (argv == NULL)
		return;
	t = exec_argv_text((const char *const *)argv);
	printf("  %s: %s\n", what, t);
	free(t);
}

/* Run argv; 0 when it ran and exited 0. */
static int
drive_run(char **argv, const char *what)
{
	struct exec_result	 res;
	char			*cause = NULL, *t;
	int			 rc = -1;

	exec_result_init(&res);
	t = exec_argv_text((const char *const *)argv);
	if (exec_run((const char *const *)argv, 60000, &res, &cause) == -1)
		fprintf(stderr, "%s %s: %s\n", what, t, cause);
	else if (res.status != 0)
		fprintf(stderr, "%s %s: exit %d: %s%s\n", what, t, res.status,
		    buf_str(&res.out), buf_str(&res.err));
	else
		rc = 0;
	free(t);
	free(cause);
	exec_result_clear(&res);
	return rc;
}

static int
drive_undo(const char *journal)
{
	char	*text = NULL, *cause = NULL, *p, *line, **lines = NULL;
	char	*argv[32], *save, *tok;
	size_t	 n = 0, i, k;
	int	 rc = 0;

	if (rootfs_read(NULL, journal, MH_FILE_CAP, &text, NULL,
	    &cause) == -1) {
		fprintf(stderr, "%s: %s\n", journal, cause);
		return 1;
	}
	p = text;
	while ((line = mh_next_line(&p)) != NULL) {
		lines = xreallocarray(lines, n + 1, sizeof *lines);
		lines[n++] = line;
	}
	for (i = n; i > 0; i--) {
		k = 0;
		for (tok = strtok_r(lines[i - 1], "\t", &save);
		    tok != NULL && k < nitems(argv) - 1;
		    tok = strtok_r(NULL, "\t", &save))
			argv[k++] = tok;
		argv[k] = NULL;
		if (k == 0)
			continue;
		if (drive_run(argv, "undo") == -1)
			rc = 1;
		else
			printf("undone: %s\n", argv[1]);
	}
	free(lines);
	free(text);
	return rc;
}

static int
drive(int argc, char **argv)
{
	const struct fw_backend	*be;
	struct fw_ctx		 ctx;
	struct plan		*pl = NULL;
	struct buf		 b;
	int			 ports[FW_MAX_PORTS], ssh[FW_MAX_PORTS];
	int			 o4, o6, apply, rc = 1, i;
	size_t			 n = 0, s;
	char			*cause = NULL, **a;
	const char		*journal = NULL;
	FILE			*jf = NULL;

	if (strcmp(argv[1], "undo") == 0 && argc == 3)
		return drive_undo(argv[2]);
	if (argc < 3)
		return 2;
	be = drive_backend(argv[2]);
	memset(&ctx, 0, sizeof ctx);
	ctx.ssh_ports = ssh;
	ctx.timeout_ms = 60000;
	if (strcmp(argv[1], "snapshot") == 0) {
		buf_init(&b, 0);
		if (be->snapshot(&ctx, &b, &cause) == -1) {
			fprintf(stderr, "snapshot: %s\n", cause);
			free(cause);
			buf_clear(&b);
			return 1;
		}
		fputs(buf_str(&b), stdout);
		buf_clear(&b);
		return 0;
	}
	if (strcmp(argv[1], "probe") == 0) {
		if (be->probe(&ctx, &cause) == -1) {
			printf("probe: %s\n", cause);
			free(cause);
			return 1;
		}
		printf("probe: ok\n");
		return 0;
	}
	if (argc < 4 || drive_ports(argv[argc > 4 ? 4 : 3], ports, &n) == -1)
		return 2;
	if (strcmp(argv[1], "status") == 0) {
		if (be->status(&ctx, ports[0], &o4, &o6, &cause) == -1) {
			fprintf(stderr, "status: %s\n", cause);
			free(cause);
			return 1;
		}
		printf("%d ipv4=%s ipv6=%s\n", ports[0], o4 ? "open" : "closed",
		    o6 ? "open" : "closed");
		return 0;
	}
	apply = strcmp(argv[1], "apply") == 0;
	if (!apply && strcmp(argv[1], "plan") != 0)
		return 2;
	for (i = 5; i < argc; i++) {
		if (strcmp(argv[i], "enable") == 0)
			ctx.enable = 1;
		else if (strncmp(argv[i], "ssh=", 4) == 0) {
			if (drive_ports(argv[i] + 4, ssh, &ctx.nssh) == -1)
				return 2;
		} else if (strncmp(argv[i], "zone=", 5) == 0)
			ctx.zone = argv[i] + 5;
		else if (strncmp(argv[i], "journal=", 8) == 0)
			journal = argv[i] + 8;
		else
			return 2;
	}
	pl = plan_create("firewall", be->name);
	if ((strcmp(argv[3], "open") == 0 ? be->plan_open :
	    be->plan_close)(&ctx, ports, n, pl, &cause) == -1) {
		fprintf(stderr, "plan: %s\n", cause);
		goto out;
	}
	printf("steps: %zu\n", pl->n);
	for (s = 0; s < pl->n; s++) {
		printf("step %zu:%s %s\n", s + 1, pl->v[s].keeps_ssh ?
		    " [ssh]" : "", pl->v[s].title);
		drive_print("run", pl->v[s].argv);
		drive_print("undo", pl->v[s].inverse);
		drive_print("verify", pl->v[s].verify);
	}
	for (s = 0; s < pl->nnotes; s++)
		printf("note: %s\n", pl->notes[s]);
	if (apply) {
		if (journal == NULL || (jf = fopen(journal, "a")) == NULL)
			goto out;
		for (s = 0; s < pl->n; s++) {
			if (drive_run(pl->v[s].argv, "run") == -1)
				goto out;
			for (a = pl->v[s].inverse; *a != NULL; a++)
				fprintf(jf, "%s%c", *a, a[1] != NULL ? '\t' :
				    '\n');
			fflush(jf);
			if (pl->v[s].verify != NULL &&
			    drive_run(pl->v[s].verify, "verify") == -1)
				goto out;
			printf("applied %zu\n", s + 1);
		}
	}
	rc = 0;
out:
	if (jf != NULL)
		fclose(jf);
	free(cause);
	plan_free(pl);
	return rc;
}

int
main(int argc, char **argv)
{
	SRunner	*sr;
	int	 failed;

	if (argc > 1)
		return drive(argc, argv);
	sr = srunner_create(fwmgr_suite());
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
