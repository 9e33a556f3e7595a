/*
 * check_fact.c - the fact store, buffers and sanitizing.
 */
#include "mh.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fact.h"
#include "factdef.h"
#include "rootfs.h"
#include "unit.h"

START_TEST(test_set_and_replace)
{
	struct facts		*fs = facts_create();
	const struct fact	*f;

	facts_set_str(fs, "os.id", "debian");
	facts_set_int(fs, "x.n", 3);
	facts_set_str(fs, "os.id", "rocky");
	ck_assert_uint_eq(fs->n, 2);
	ck_assert_str_eq(facts_str(fs, "os.id"), "rocky");
	f = facts_get(fs, "x.n");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->i, 3);
	ck_assert_ptr_null(facts_get(fs, "nope"));
	facts_free(fs);
}
END_TEST

START_TEST(test_unknown_has_reason_and_no_value)
{
	struct facts	*fs = facts_create();
	struct fact	*f;
	char		*v;

	f = facts_set_unknown(fs, "fw.active", FACT_STR, "not root (%d)", 1000);
	ck_assert_int_eq(f->state, FACT_UNKNOWN);
	ck_assert_str_eq(f->reason, "not root (1000)");
	ck_assert_ptr_null(facts_str(fs, "fw.active"));
	v = fact_value_text(f);
	ck_assert_str_eq(v, "UNKNOWN");
	free(v);
	facts_free(fs);
}
END_TEST

START_TEST(test_list_dedup_and_text)
{
	struct facts	*fs = facts_create();
	struct fact	*f = facts_set_list(fs, "ssh.ports");
	char		*v;

	fact_list_add(f, "22");
	fact_list_add(f, "2222");
	fact_list_add(f, "22");
	ck_assert_uint_eq(f->nlist, 2);
	ck_assert(fact_list_has(f, "2222"));
	v = fact_value_text(f);
	ck_assert_str_eq(v, "22, 2222");
	free(v);
	facts_free(fs);
}
END_TEST

START_TEST(test_sanitize)
{
	char	*s;

	s = mh_sanitize("ok\x01\xff\xc3\xa9\n", 0);
	ck_assert_str_eq(s, "ok??\xc3\xa9?");
	free(s);
	s = mh_sanitize("\xe4\xb8\xad\xe6\x96\x87", 4);	/* cap mid-character */
	ck_assert_str_eq(s, "\xe4\xb8\xad");
	free(s);
	s = mh_sanitize("\xed\xa0\x80", 0);		/* surrogate */
	ck_assert_str_eq(s, "???");
	free(s);
}
END_TEST

START_TEST(test_json_escapes)
{
	struct facts	*fs = facts_create();
	struct fact	*f;
	struct buf	 b;

	f = facts_set_str(fs, "a.b", "q\"uo\\te");
	fact_evidence(f, "/etc/x", "line %d", 1);
	buf_init(&b, 0);
	facts_json(fs, &b);
	ck_assert_ptr_nonnull(strstr(buf_str(&b),
	    "\"value\":\"q\\\"uo\\\\te\""));
	ck_assert_ptr_nonnull(strstr(buf_str(&b), "\"source\":\"/etc/x\""));
	ck_assert_ptr_nonnull(strstr(buf_str(&b), "\"text\":\"line 1\""));
	buf_clear(&b);
	facts_free(fs);
}
END_TEST

START_TEST(test_buf_cap)
{
	struct buf	b;

	buf_init(&b, 4);
	buf_adds(&b, "abc");
	ck_assert(!b.truncated);
	buf_adds(&b, "def");
	ck_assert(b.truncated);
	ck_assert_str_eq(buf_str(&b), "abcd");
	buf_clear(&b);
}
END_TEST

START_TEST(test_factdef_patterns)
{
	ck_assert_ptr_nonnull(factdef_find("port.25.listening"));
	ck_assert_ptr_nonnull(factdef_find("os.id"));
	ck_assert_ptr_null(factdef_find("port.25"));
	ck_assert_ptr_null(factdef_find("port.25.listening.x"));
	ck_assert_str_eq(factdef_label("no.such"), "no.such");
	ck_assert_ptr_nonnull(factdef_find("dnsbl.zen.spamhaus.org"));
	ck_assert_str_eq(factdef_label("dnsbl.zen.spamhaus.org"),
	    "zen.spamhaus.org");
	ck_assert_str_eq(factdef_label("dnsbl6.psbl.surriel.com"),
	    "psbl.surriel.com (IPv6)");
	ck_assert_str_eq(factdef_label("port.587.listening"),
	    "Port 587 listening");
	ck_assert_ptr_null(factdef_find("dnsbl"));
}
END_TEST

START_TEST(test_evidence_cap)
{
	struct facts	*fs = facts_create();
	struct fact	*f = facts_set_bool(fs, "x.y", 1);
	int		 i;

	for (i = 0; i < FACT_MAX_EVIDENCE + 10; i++)
		fact_evidence(f, "src", "%d", i);
	ck_assert_uint_eq(f->nev, FACT_MAX_EVIDENCE);
	facts_free(fs);
}
END_TEST

static void
mkfile(const char *dir, const char *rel, const char *text, int mode)
{
	char	*p;
	int	 fd;

	xasprintf(&p, "%s/%s", dir, rel);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	free(p);
}

static void
mklink(const char *dir, const char *rel, const char *target)
{
	char	*p;

	xasprintf(&p, "%s/%s", dir, rel);
	ck_assert_int_eq(symlink(target, p), 0);
	free(p);
}

/* Absolute symlinks inside a --root tree resolve inside the tree. */
START_TEST(test_rootfs_symlinks_stay_inside)
{
	char	 tmpl[] = "/tmp/mhroot.XXXXXX", *dir, *p, *txt, *cause = NULL;
	size_t	 len;

	dir = mkdtemp(tmpl);
	ck_assert_ptr_nonnull(dir);
	xasprintf(&p, "%s/usr", dir);
	mkdir(p, 0755);
	free(p);
	xasprintf(&p, "%s/usr/sbin", dir);
	mkdir(p, 0755);
	free(p);
	xasprintf(&p, "%s/etc", dir);
	mkdir(p, 0755);
	free(p);
	mkfile(dir, "usr/sbin/xtables-nft-multi", "#!/bin/sh\n", 0755);
	mklink(dir, "usr/sbin/iptables", "/usr/sbin/xtables-nft-multi");
	mklink(dir, "usr/sbin/sh", "/bin/sh");		/* host only */
	mklink(dir, "etc/passwd", "/etc/../../../etc/passwd");
	ck_assert(rootfs_is_exec(dir, "/usr/sbin/iptables"));
	ck_assert(!rootfs_is_exec(dir, "/usr/sbin/sh"));
	ck_assert(rootfs_exists(dir, "/usr/sbin/sh"));	/* the link itself */
	ck_assert_int_eq(rootfs_read(dir, "/etc/passwd", 4096, &txt, &len,
	    &cause), -1);
	free(cause);
	p = rootfs_which(dir, "iptables");
	ck_assert_str_eq(p, "/usr/sbin/iptables");
	free(p);
	ck_assert_ptr_null(rootfs_which(dir, "sh"));
	{
		static const char	*rm[] = { "usr/sbin/xtables-nft-multi",
			"usr/sbin/iptables", "usr/sbin/sh", "etc/passwd",
			"usr/sbin", "usr", "etc", "" };
		size_t			 i;

		for (i = 0; i < nitems(rm); i++) {
			xasprintf(&p, "%s/%s", dir, rm[i]);
			if (unlink(p) == -1)
				rmdir(p);
			free(p);
		}
	}
}
END_TEST

static Suite *
fact_suite(void)
{
	Suite	*s = suite_create("fact");
	TCase	*tc = tcase_create("fact");

	tcase_add_test(tc, test_set_and_replace);
	tcase_add_test(tc, test_unknown_has_reason_and_no_value);
	tcase_add_test(tc, test_list_dedup_and_text);
	tcase_add_test(tc, test_sanitize);
	tcase_add_test(tc, test_json_escapes);
	tcase_add_test(tc, test_buf_cap);
	tcase_add_test(tc, test_factdef_patterns);
	tcase_add_test(tc, test_evidence_cap);
	tcase_add_test(tc, test_rootfs_symlinks_stay_inside);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(fact_suite)
