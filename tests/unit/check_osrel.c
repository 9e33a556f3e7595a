/*
 * check_osrel.c - the os-release parser (quoting, escapes, comments,
 * malformed lines, duplicates, caps) and the OS detector over the
 * fixtures in tests/data/os (family mapping, package manager, init).
 */
#include "mh.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detect.h"
#include "fact.h"
#include "osrel.h"
#include "unit.h"

static struct osrel	o;

static void
parse(const char *text)
{
	osrel_parse(&o, text, strlen(text));
}

static void
teardown(void)
{
	osrel_clear(&o);
}

START_TEST(test_unquoted)
{
	parse("ID=rocky\nVERSION_ID=9.4\n");
	ck_assert_uint_eq(o.n, 2);
	ck_assert_str_eq(osrel_get(&o, "ID"), "rocky");
	ck_assert_str_eq(osrel_get(&o, "VERSION_ID"), "9.4");
	ck_assert_ptr_null(osrel_get(&o, "NAME"));
	ck_assert_uint_eq(o.nbad, 0);
}
END_TEST

START_TEST(test_quotes)
{
	parse("A=\"Rocky Linux\"\nB='single $quoted \\n'\nC=a\"b c\"'d'\n"
	    "D=\"\"\nE=''\n");
	ck_assert_str_eq(osrel_get(&o, "A"), "Rocky Linux");
	ck_assert_str_eq(osrel_get(&o, "B"), "single $quoted \\n");
	ck_assert_str_eq(osrel_get(&o, "C"), "ab cd");
	ck_assert_str_eq(osrel_get(&o, "D"), "");
	ck_assert_str_eq(osrel_get(&o, "E"), "");
	ck_assert_uint_eq(o.nbad, 0);
}
END_TEST

START_TEST(test_escapes)
{
	/* In double quotes only \" \\ \$ \` are escapes. */
	parse("A=\"q\\\"b\\\\s\\$d\\`t\\n\"\nB=un\\ quoted\\\"\n");
	ck_assert_str_eq(osrel_get(&o, "A"), "q\"b\\s$d`t\\n");
	ck_assert_str_eq(osrel_get(&o, "B"), "un quoted\"");
}
END_TEST

START_TEST(test_comments_blank_ws)
{
	parse("# comment\n\n   \n  # indented comment\n\tID=debian  \r\n"
	    "NAME=\"Debian GNU/Linux\"\r\nPAD=\"  kept  \"   \n"
	    "TRAIL=a b   \n");
	ck_assert_uint_eq(o.n, 4);
	ck_assert_str_eq(osrel_get(&o, "ID"), "debian");
	ck_assert_str_eq(osrel_get(&o, "NAME"), "Debian GNU/Linux");
	ck_assert_str_eq(osrel_get(&o, "PAD"), "  kept  ");
	ck_assert_str_eq(osrel_get(&o, "TRAIL"), "a b");
	ck_assert_uint_eq(o.nbad, 0);
}
END_TEST

START_TEST(test_malformed)
{
	parse("A=\"unterminated\nB='also\nC=ok\n1BAD=x\nBAD-KEY=x\n=x\n"
	    "NOEQUALS\nCTL=a\001b\nD=\"x\"\n");
	ck_assert_uint_eq(o.n, 2);
	ck_assert_str_eq(osrel_get(&o, "C"), "ok");
	ck_assert_str_eq(osrel_get(&o, "D"), "x");
	ck_assert_ptr_null(osrel_get(&o, "A"));
	ck_assert_ptr_null(osrel_get(&o, "B"));
	ck_assert_uint_eq(o.nbad, 7);
}
END_TEST

START_TEST(test_key_length)
{
	char	text[256];

	/* OSREL_KEY_MAX characters is fine, one more is not. */
	snprintf(text, sizeof text, "%.*s=ok\n%.*s=no\n", OSREL_KEY_MAX,
	    "KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK"
	    "KKKKKKKKKKKKKKKK", OSREL_KEY_MAX + 1,
	    "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL"
	    "LLLLLLLLLLLLLLLL");
	parse(text);
	ck_assert_uint_eq(o.n, 1);
	ck_assert_uint_eq(strlen(o.kv[0].key), OSREL_KEY_MAX);
	ck_assert_uint_eq(o.nbad, 1);
}
END_TEST

START_TEST(test_duplicates)
{
	const struct osrel_kv	*kv;

	parse("ID=first\nNAME=x\nID=\"second\"\n");
	ck_assert_uint_eq(o.n, 2);
	ck_assert_str_eq(osrel_get(&o, "ID"), "second");
	kv = osrel_find(&o, "ID");
	ck_assert_uint_eq(kv->lineno, 3);
	ck_assert_str_eq(kv->line, "ID=\"second\"");
}
END_TEST

START_TEST(test_key_cap)
{
	char	*text;
	size_t	 i, n = OSREL_MAX_KEYS + 72, sz = n * 32 + 32, at = 0;

	text = malloc(sz);
	for (i = 0; i < n; i++)
		at += (size_t)snprintf(text + at, sz - at, "K%zu=v%zu\n",
		    i, i);
	snprintf(text + at, sz - at, "K0=again\n");
	parse(text);
	ck_assert_uint_eq(o.n, OSREL_MAX_KEYS);
	ck_assert_uint_eq(o.ndropped, 72);
	ck_assert_str_eq(osrel_get(&o, "K0"), "again");
	ck_assert_ptr_null(osrel_get(&o, "K200"));
	free(text);
}
END_TEST

START_TEST(test_line_cap)
{
	char	*text;
	size_t	 n = MH_LINE_CAP + 100;

	text = malloc(2 * n + 64);
	/* A line of exactly MH_LINE_CAP bytes is kept, a longer one is not. */
	memset(text, 'a', MH_LINE_CAP);
	memcpy(text, "OK=", 3);
	text[MH_LINE_CAP] = '\n';
	memset(text + MH_LINE_CAP + 1, 'b', MH_LINE_CAP + 1);
	memcpy(text + MH_LINE_CAP + 1, "LONG=", 5);
	memcpy(text + 2 * MH_LINE_CAP + 2, "\nID=x\n", 7);
	parse(text);
	ck_assert_uint_eq(o.n, 2);
	ck_assert_uint_eq(strlen(osrel_get(&o, "OK")), MH_LINE_CAP - 3);
	ck_assert_ptr_null(osrel_get(&o, "LONG"));
	ck_assert_str_eq(osrel_get(&o, "ID"), "x");
	ck_assert_uint_eq(o.nbad, 1);
	free(text);
}
END_TEST

START_TEST(test_nul_and_edges)
{
	static const char	text[] = "ID=a\0b\nNAME=n\nLAST=no newline";

	osrel_parse(&o, text, sizeof text - 1);
	ck_assert_ptr_null(osrel_get(&o, "ID"));
	ck_assert_str_eq(osrel_get(&o, "NAME"), "n");
	ck_assert_str_eq(osrel_get(&o, "LAST"), "no newline");
	ck_assert_uint_eq(o.nbad, 1);
	osrel_clear(&o);
	osrel_parse(&o, "", 0);
	ck_assert_uint_eq(o.n, 0);
	osrel_clear(&o);
	osrel_parse(&o, NULL, 0);
	ck_assert_uint_eq(o.n, 0);
	osrel_clear(&o);
	parse("\n\n\n");
	ck_assert_uint_eq(o.n, 0);
	ck_assert_uint_eq(o.nbad, 0);
}
END_TEST

START_TEST(test_spaces_around_equals)
{
	parse("A = \"x\"\nB=\"y\" \n");
	ck_assert_str_eq(osrel_get(&o, "A"), "x");
	ck_assert_str_eq(osrel_get(&o, "B"), "y");
}
END_TEST

/* ---- the detector over fixtures ----------------------------------- */

static struct facts	*fs;

static void
detect_fixture(const char *name)
{
	struct detect_ctx	 ctx;
	char			*rel, *root;

	if (asprintf(&rel, "os/%s", name) == -1)
		abort();
	root = unit_data(rel);
	memset(&ctx, 0, sizeof ctx);
	ctx.root = root;
	ctx.live = 0;
	ctx.cmd_timeout_ms = 1000;
	fs = facts_create();
	detect_os_run(&ctx, fs);
	free(root);
	free(rel);
}

static void
detect_teardown(void)
{
	if (fs != NULL)
		facts_free(fs);
	fs = NULL;
}

static const char *
val(const char *name)
{
	const char	*s = facts_str(fs, name);

	return s != NULL ? s : "(not known)";
}

static void
expect(const char *fixture, const char *id, const char *version,
    const char *family, const char *pm, const char *init)
{
	detect_fixture(fixture);
	ck_assert_str_eq(val("os.id"), id);
	ck_assert_str_eq(val("os.version_id"), version);
	ck_assert_str_eq(val("os.family"), family);
	ck_assert_str_eq(val("os.pkg_manager"), pm);
	ck_assert_str_eq(val("os.init"), init);
	detect_teardown();
}

static int
has_evidence(const char *name, const char *needle)
{
	const struct fact	*f = facts_get(fs, name);
	size_t			 i;

	if (f == NULL)
		return 0;
	for (i = 0; i < f->nev; i++) {
		if (strstr(f->ev[i].source, needle) != NULL ||
		    strstr(f->ev[i].text, needle) != NULL)
			return 1;
	}
	return 0;
}

START_TEST(test_el7_yum_el9_dnf)
{
	/* Same family: version and the installed binary decide. */
	expect("centos7", "centos", "7", "rhel", "yum", "systemd");
	expect("centos-stream9", "centos", "9", "rhel", "dnf", "systemd");
	expect("rocky9", "rocky", "9.4", "rhel", "dnf", "systemd");
	detect_fixture("rocky9");
	ck_assert(has_evidence("os.pkg_manager", "/usr/bin/dnf"));
	ck_assert(has_evidence("os.id", "ID=\"rocky\""));
	ck_assert(has_evidence("os.init", "../lib/systemd/systemd"));
}
END_TEST

START_TEST(test_kylin_no_id_like)
{
	/* ID=kylin is ambiguous and has no ID_LIKE: rpm tools decide. */
	expect("kylin-v10", "kylin", "V10", "rhel", "dnf", "systemd");
	detect_fixture("kylin-v10");
	ck_assert(has_evidence("os.family", "/usr/bin/dnf"));
}
END_TEST

START_TEST(test_uos_server_and_desktop)
{
	expect("uos20", "uos", "20", "rhel", "dnf", "systemd");
	expect("uos20-desktop", "uos", "20", "debian", "apt", "systemd");
}
END_TEST

START_TEST(test_openeuler_case)
{
	/* ID="openEuler" violates the spec's lower case: normalised. */
	expect("openeuler2203", "openeuler", "22.03", "rhel", "dnf",
	    "systemd");
	detect_fixture("openeuler2203");
	ck_assert(has_evidence("os.id", "ID=\"openEuler\""));
}
END_TEST

START_TEST(test_alinux_versions)
{
	/* Alibaba Cloud Linux 2 is yum (EL7), 3 is dnf although 3 < 8. */
	expect("alinux2", "alinux", "2.1903", "rhel", "yum", "systemd");
	expect("alinux3", "alinux", "3", "rhel", "dnf", "systemd");
	expect("tencentos3", "tencentos", "3.1", "rhel", "dnf", "systemd");
	expect("amzn2023", "amzn", "2023", "rhel", "dnf", "systemd");
	expect("anolis8", "anolis", "8.8", "rhel", "dnf", "systemd");
}
END_TEST

START_TEST(test_other_families)
{
	expect("debian11", "debian", "11", "debian", "apt", "systemd");
	expect("ubuntu2404", "ubuntu", "24.04", "debian", "apt", "systemd");
	expect("opensuse-leap15", "opensuse-leap", "15.5", "suse", "zypper",
	    "systemd");
	expect("alpine3", "alpine", "3.19.1", "alpine", "apk", "openrc");
	expect("arch", "arch", "rolling", "arch", "pacman", "systemd");
}
END_TEST

START_TEST(test_init_absolute_link_rerooted)
{
	/* debian11: /sbin/init -> /lib/systemd/systemd, read in the root. */
	detect_fixture("debian11");
	ck_assert_str_eq(val("os.init"), "systemd");
	ck_assert(has_evidence("os.init", "/sbin/init -> /lib/systemd"));
	/* Never live under --root: no PID 1 evidence. */
	ck_assert(!has_evidence("os.init", "/proc/1/comm"));
}
END_TEST

START_TEST(test_fallbacks)
{
	expect("fallback-centos6", "centos", "6.10", "rhel", "yum", "other");
	expect("fallback-debian6", "debian", "6.0.10", "debian", "apt",
	    "sysvinit");
	expect("fallback-sles11", "sles", "11.4", "suse", "zypper",
	    "sysvinit");
	expect("fallback-ubuntu-lsb", "ubuntu", "22.04", "debian", "apt",
	    "systemd");
	expect("fallback-alpine", "alpine", "3.18.4", "alpine", "apk",
	    "openrc");
}
END_TEST

static void
expect_bad(const char *fixture, enum fact_state st, const char *needle)
{
	const struct fact	*f;

	detect_fixture(fixture);
	f = facts_get(fs, "os.id");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->state, st);
	ck_assert_ptr_nonnull(f->reason);
	ck_assert_msg(strstr(f->reason, needle) != NULL, "%s: reason %s",
	    fixture, f->reason);
	ck_assert_int_ne(facts_get(fs, "os.family")->state, FACT_KNOWN);
	ck_assert_int_ne(facts_get(fs, "os.pkg_manager")->state, FACT_KNOWN);
	ck_assert_int_ne(facts_get(fs, "os.init")->state, FACT_KNOWN);
	detect_teardown();
}

START_TEST(test_bad_fixtures)
{
	expect_bad("bad-empty", FACT_UNKNOWN, "no os-release");
	expect_bad("bad-binary", FACT_ERROR, "NUL");
	expect_bad("bad-garbage", FACT_ERROR, "malformed");
	expect_bad("bad-oversized", FACT_ERROR, "larger than");
	expect_bad("bad-unterminated", FACT_ERROR, "malformed");
	expect_bad("bad-idchars", FACT_ERROR, "not a valid id");
	expect_bad("bad-notfile", FACT_ERROR, "not a regular file");
}
END_TEST

/* A temporary root with one os-release text. */
static char *
temp_root(const char *osrel)
{
	char	*dir, *p;
	FILE	*f;

	dir = strdup("/tmp/mhosrel.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	if (asprintf(&p, "%s/etc", dir) == -1)
		abort();
	ck_assert_int_eq(mkdir(p, 0755), 0);
	free(p);
	if (asprintf(&p, "%s/etc/os-release", dir) == -1)
		abort();
	ck_assert_ptr_nonnull(f = fopen(p, "w"));
	fputs(osrel, f);
	fclose(f);
	free(p);
	return dir;
}

static void
temp_remove(char *dir)
{
	char	*p;

	if (asprintf(&p, "%s/etc/os-release", dir) == -1)
		abort();
	unlink(p);
	free(p);
	if (asprintf(&p, "%s/etc", dir) == -1)
		abort();
	rmdir(p);
	free(p);
	rmdir(dir);
	free(dir);
}

static void
detect_temp(const char *osrel)
{
	struct detect_ctx	 ctx;
	char			*dir = temp_root(osrel);

	memset(&ctx, 0, sizeof ctx);
	ctx.root = dir;
	fs = facts_create();
	detect_os_run(&ctx, fs);
	temp_remove(dir);
}

START_TEST(test_family_by_id_like)
{
	/* An id not in the table: the first known ID_LIKE word decides. */
	detect_temp("ID=mydistro\nID_LIKE=\"nothing ubuntu debian\"\n"
	    "VERSION_ID=1\n");
	ck_assert_str_eq(val("os.family"), "debian");
	ck_assert(has_evidence("os.family", "ID_LIKE"));
	detect_teardown();
	detect_temp("ID=\"newdistro\"\nNAME=New\n");
	ck_assert_str_eq(val("os.family"), "other");
	ck_assert_str_eq(val("os.name"), "New");
	ck_assert_int_eq(facts_get(fs, "os.version_id")->state,
	    FACT_UNKNOWN);
	ck_assert_int_eq(facts_get(fs, "os.pkg_manager")->state,
	    FACT_UNKNOWN);
	detect_teardown();
	/* NAME + VERSION when there is no PRETTY_NAME. */
	detect_temp("NAME=\"Fedora Linux\"\nVERSION=\"40 (Server)\"\n"
	    "ID=fedora\nVERSION_ID=40\n");
	ck_assert_str_eq(val("os.name"), "Fedora Linux 40 (Server)");
	ck_assert_str_eq(val("os.family"), "rhel");
}
END_TEST

static Suite *
osrel_suite(void)
{
	Suite	*s = suite_create("osrel");
	TCase	*tc = tcase_create("parser");
	TCase	*td = tcase_create("detect_os");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_unquoted);
	tcase_add_test(tc, test_quotes);
	tcase_add_test(tc, test_escapes);
	tcase_add_test(tc, test_comments_blank_ws);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_key_length);
	tcase_add_test(tc, test_duplicates);
	tcase_add_test(tc, test_key_cap);
	tcase_add_test(tc, test_line_cap);
	tcase_add_test(tc, test_nul_and_edges);
	tcase_add_test(tc, test_spaces_around_equals);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(td, NULL, detect_teardown);
	tcase_add_test(td, test_el7_yum_el9_dnf);
	tcase_add_test(td, test_kylin_no_id_like);
	tcase_add_test(td, test_uos_server_and_desktop);
	tcase_add_test(td, test_openeuler_case);
	tcase_add_test(td, test_alinux_versions);
	tcase_add_test(td, test_other_families);
	tcase_add_test(td, test_init_absolute_link_rerooted);
	tcase_add_test(td, test_fallbacks);
	tcase_add_test(td, test_bad_fixtures);
	tcase_add_test(td, test_family_by_id_like);
	suite_add_tcase(s, td);
	return s;
}

UNIT_MAIN(osrel_suite)
