/*
 * check_dkim.c - DKIM keys and key records: the record parser (splits,
 * whitespace, duplicate and misplaced tags, revoked keys, flags), the
 * comparison of published and local keys (RSA as SubjectPublicKeyInfo
 * or RSAPublicKey, Ed25519), key generation and 255-byte splitting.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "buf.h"
#include "dkim.h"
#include "unit.h"

static struct dkim_key	check_rsa, check_rsa2, check_ed;

static void
check_dkim_setup(void)
{
	char	*cause = NULL;

	if (check_rsa.pem != NULL)
		return;
	if (dkim_keygen(DKIM_RSA, 2048, &check_rsa, &cause) == -1 ||
	    dkim_keygen(DKIM_RSA, 1024, &check_rsa2, &cause) == -1 ||
	    dkim_keygen(DKIM_ED25519, 0, &check_ed, &cause) == -1)
		ck_abort_msg("keygen: %s", cause);
}

/* The key's public part as DER: SPKI (pkcs1 0) or RSAPublicKey. */
static unsigned char *
check_dkim_pubder(const struct dkim_key *k, int pkcs1, size_t *len)
{
	EVP_PKEY	*pk;
	BIO		*bio;
	unsigned char	*der = NULL, *out;
	int		 n;

	bio = BIO_new_mem_buf(k->pem, -1);
	pk = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	ck_assert_ptr_nonnull(pk);
	n = pkcs1 ? i2d_PublicKey(pk, &der) : i2d_PUBKEY(pk, &der);
	ck_assert_int_gt(n, 0);
	out = malloc((size_t)n);
	memcpy(out, der, (size_t)n);
	*len = (size_t)n;
	OPENSSL_free(der);
	EVP_PKEY_free(pk);
	BIO_free(bio);
	return out;
}

static char *
check_dkim_b64(const unsigned char *d, size_t n)
{
	char	*s = malloc(4 * ((n + 2) / 3) + 1);

	EVP_EncodeBlock((unsigned char *)s, d, (int)n);
	return s;
}

START_TEST(test_parse_basic)
{
	struct dkim_record	 r;
	char			*cause = NULL;

	ck_assert_int_eq(dkim_record_parse("v=DKIM1; k=rsa; p=QUJD", &r,
	    &cause), 0);
	ck_assert_int_eq(r.has_v, 1);
	ck_assert_str_eq(r.k, "rsa");
	ck_assert_str_eq(r.p, "QUJD");
	ck_assert_int_eq(r.revoked, 0);
	ck_assert_int_eq(r.testing, 0);
	ck_assert_int_eq(r.sha256_ok, 1);
	ck_assert_int_eq(r.email_ok, 1);
	ck_assert_uint_eq(r.ntags, 3);
	dkim_record_clear(&r);

	/* no v=, no k=: rsa by default; trailing ; and unknown tags */
	ck_assert_int_eq(dkim_record_parse("p=QUJD; x_foo=bar baz; g=*;",
	    &r, &cause), 0);
	ck_assert_int_eq(r.has_v, 0);
	ck_assert_str_eq(r.k, "rsa");
	dkim_record_clear(&r);
}
END_TEST

START_TEST(test_parse_whitespace)
{
	struct dkim_record	 r;
	char			*cause = NULL;

	ck_assert_int_eq(dkim_record_parse(" v = DKIM1 ;\r\n\tk= rsa ;"
	    " p = QU JD\r\n QUJD ; ", &r, &cause), 0);
	ck_assert_str_eq(r.k, "rsa");
	ck_assert_str_eq(r.p, "QUJDQUJD");
	dkim_record_clear(&r);
}
END_TEST

START_TEST(test_parse_splits)
{
	struct dkim_record	 r;
	char			*cause = NULL;

	/* resolver presentation: quoted strings, no separator added */
	ck_assert_int_eq(dkim_record_parse("\"v=DKIM1; k=rsa; \" \"p=QU\" "
	    "\"JD\"", &r, &cause), 0);
	ck_assert_str_eq(r.p, "QUJD");
	dkim_record_clear(&r);
	/* zone-file form with parentheses, a comment and an escape */
	ck_assert_int_eq(dkim_record_parse("( \"v=DKIM1; n=a\\032b\\\"; \"\n"
	    "\t  \"p=QUJD\" )  ; ----- DKIM key s for example.com\n", &r,
	    &cause), 0);
	ck_assert_str_eq(r.n, "a b\"");
	ck_assert_str_eq(r.p, "QUJD");
	dkim_record_clear(&r);
	/* a split inside a tag name is still one tag */
	ck_assert_int_eq(dkim_record_parse("\"v=DK\" \"IM1; p=QUJD\"", &r,
	    &cause), 0);
	dkim_record_clear(&r);
	ck_assert_int_eq(dkim_record_parse("\"v=DKIM1; p=QUJD", &r,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "not closed"));
	free(cause);
	ck_assert_int_eq(dkim_record_parse("\"v=DKIM1;\" p=QUJD", &r,
	    &cause), -1);
	free(cause);
}
END_TEST

START_TEST(test_parse_errors)
{
	static const struct {
		const char	*text;
		const char	*why;
	} bad[] = {
		{ "v=DKIM1; p=QUJD; p=QUJD", "appears twice" },
		{ "v=DKIM1; k=rsa; k=ed25519; p=QUJD", "appears twice" },
		{ "k=rsa; v=DKIM1; p=QUJD", "first" },
		{ "v=DKIM2; p=QUJD", "DKIM1" },
		{ "v=DKIM1; k=rsa", "no p=" },
		{ "v=DKIM1; kp; p=QUJD", "no '='" },
		{ "v=DKIM1; 1k=rsa; p=QUJD", "not a tag name" },
		{ "v=DKIM1; k-x=1; p=QUJD", "not a tag name" },
		{ "v=DKIM1; p=QU!D", "base64" },
		{ "v=DKIM1; p=Q", "base64" },
		{ "v=DKIM1; p=QQ=A", "base64" },
		{ "v=DKIM1; n=\x01; p=QUJD", "not allowed" },
		{ "", "no p=" },
	};
	struct dkim_record	 r;
	char			*cause;
	size_t			 i;

	for (i = 0; i < nitems(bad); i++) {
		cause = NULL;
		ck_assert_msg(dkim_record_parse(bad[i].text, &r, &cause) == -1,
		    "accepted: %s", bad[i].text);
		ck_assert_msg(strstr(cause, bad[i].why) != NULL,
		    "%s: %s", bad[i].text, cause);
		free(cause);
	}
}
END_TEST

START_TEST(test_parse_flags)
{
	struct dkim_record	 r;
	char			*cause = NULL;

	ck_assert_int_eq(dkim_record_parse("v=DKIM1; p=", &r, &cause), 0);
	ck_assert_int_eq(r.revoked, 1);
	dkim_record_clear(&r);
	ck_assert_int_eq(dkim_record_parse("v=DKIM1; p= \t ; t=y", &r,
	    &cause), 0);
	ck_assert_int_eq(r.revoked, 1);
	ck_assert_int_eq(r.testing, 1);
	dkim_record_clear(&r);
	ck_assert_int_eq(dkim_record_parse("v=DKIM1; t=s : y; h=sha1 : "
	    "sha256; s=email; p=QUJD", &r, &cause), 0);
	ck_assert_int_eq(r.testing, 1);
	ck_assert_int_eq(r.strict, 1);
	ck_assert_int_eq(r.sha256_ok, 1);
	ck_assert_int_eq(r.email_ok, 1);
	dkim_record_clear(&r);
	ck_assert_int_eq(dkim_record_parse("v=DKIM1; t=s; h=sha1; s=tlsrpt; "
	    "p=QUJD", &r, &cause), 0);
	ck_assert_int_eq(r.testing, 0);
	ck_assert_int_eq(r.strict, 1);
	ck_assert_int_eq(r.sha256_ok, 0);
	ck_assert_int_eq(r.email_ok, 0);
	dkim_record_clear(&r);
}
END_TEST

START_TEST(test_keygen)
{
	struct dkim_key	 k;
	char		*cause = NULL, *v;
	size_t		 len;
	unsigned char	*der;

	check_dkim_setup();
	ck_assert_int_eq(check_rsa.type, DKIM_RSA);
	ck_assert_int_eq(check_rsa.bits, 2048);
	ck_assert_ptr_nonnull(strstr(check_rsa.pem,
	    "-----BEGIN PRIVATE KEY-----"));
	ck_assert_uint_eq(strlen(check_rsa.p), 392);	/* 294-byte SPKI */
	ck_assert_int_eq(check_ed.type, DKIM_ED25519);
	ck_assert_uint_eq(strlen(check_ed.p), 44);
	ck_assert_int_eq(dkim_base64_decode(check_ed.p, &der, &len), 0);
	ck_assert_uint_eq(len, 32);
	free(der);
	v = dkim_record_value(&check_ed);
	ck_assert_int_eq(strncmp(v, "v=DKIM1; k=ed25519; p=", 22), 0);
	free(v);
	ck_assert_int_eq(dkim_keygen(DKIM_RSA, 512, &k, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "RFC 8301"));
	free(cause);
	/* round trip through PEM */
	ck_assert_int_eq(dkim_key_from_pem(check_rsa.pem,
	    strlen(check_rsa.pem), &k, &cause), 0);
	ck_assert_str_eq(k.p, check_rsa.p);
	dkim_key_clear(&k);
	ck_assert_int_eq(dkim_key_from_pem("junk", 4, &k, &cause), -1);
	free(cause);
}
END_TEST

START_TEST(test_match_rsa)
{
	unsigned char	*spki, *pkcs1;
	size_t		 ls, lp;
	char		*rec, *b64, *cause = NULL;
	int		 bits;

	check_dkim_setup();
	spki = check_dkim_pubder(&check_rsa, 0, &ls);
	pkcs1 = check_dkim_pubder(&check_rsa, 1, &lp);

	/* the record as generated (SPKI), local as PEM private key */
	rec = dkim_record_value(&check_rsa);
	ck_assert_int_eq(dkim_key_matches(rec, check_rsa.pem,
	    strlen(check_rsa.pem), &bits, &cause), 1);
	ck_assert_int_eq(bits, 2048);
	/* local as SPKI DER and as RSAPublicKey DER */
	ck_assert_int_eq(dkim_key_matches(rec, spki, ls, &bits, &cause), 1);
	ck_assert_int_eq(dkim_key_matches(rec, pkcs1, lp, &bits, &cause), 1);
	/* another key: no match, and the reason says how */
	ck_assert_int_eq(dkim_key_matches(rec, check_rsa2.pem,
	    strlen(check_rsa2.pem), &bits, &cause), 0);
	ck_assert_ptr_nonnull(strstr(cause, "1024"));
	free(cause);
	ck_assert_int_eq(dkim_key_matches(rec, check_ed.pem,
	    strlen(check_ed.pem), &bits, &cause), 0);
	free(cause);
	free(rec);

	/* the record publishing a bare RSAPublicKey, split and spaced */
	b64 = check_dkim_b64(pkcs1, lp);
	xasprintf(&rec, "\"v=DKIM1; k=rsa; p=%.100s\" \"%.100s \" "
	    "\"  %s\"", b64, b64 + 100, b64 + 200);
	ck_assert_int_eq(dkim_key_matches(rec, spki, ls, &bits, &cause), 1);
	ck_assert_int_eq(bits, 2048);
	free(rec);
	/* a corrupted key */
	b64[20] = b64[20] == 'A' ? 'B' : 'A';
	xasprintf(&rec, "v=DKIM1; k=rsa; p=%s", b64);
	ck_assert_int_ne(dkim_key_matches(rec, spki, ls, &bits, &cause), 1);
	free(cause);
	free(rec);
	free(b64);

	/* revoked, bad local key, bad record */
	ck_assert_int_eq(dkim_key_matches("v=DKIM1; p=", spki, ls, &bits,
	    &cause), 0);
	ck_assert_ptr_nonnull(strstr(cause, "revoked"));
	free(cause);
	ck_assert_int_eq(dkim_key_matches("v=DKIM1; p=QUJD", "junk", 4,
	    &bits, &cause), -1);
	free(cause);
	ck_assert_int_eq(dkim_key_matches("v=DKIM1; p=QUJD", spki, ls,
	    &bits, &cause), -1);
	free(cause);
	ck_assert_int_eq(dkim_key_matches("v=DKIM1; k=dsa; p=QUJD", spki,
	    ls, &bits, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "k=dsa"));
	free(cause);
	free(spki);
	free(pkcs1);
}
END_TEST

START_TEST(test_match_ed25519)
{
	unsigned char	*spki;
	size_t		 ls;
	char		*rec, *cause = NULL, *b64;
	int		 bits;

	check_dkim_setup();
	rec = dkim_record_value(&check_ed);
	ck_assert_int_eq(dkim_key_matches(rec, check_ed.pem,
	    strlen(check_ed.pem), &bits, &cause), 1);
	ck_assert_int_eq(bits, 256);
	spki = check_dkim_pubder(&check_ed, 0, &ls);
	ck_assert_int_eq(dkim_key_matches(rec, spki, ls, &bits, &cause), 1);
	ck_assert_int_eq(dkim_key_matches(rec, check_rsa.pem,
	    strlen(check_rsa.pem), &bits, &cause), 0);
	free(cause);
	free(rec);
	/* an SPKI published for Ed25519 is wrong (RFC 8463: raw key) */
	b64 = check_dkim_b64(spki, ls);
	xasprintf(&rec, "v=DKIM1; k=ed25519; p=%s", b64);
	ck_assert_int_eq(dkim_key_matches(rec, spki, ls, &bits, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "raw 32-byte"));
	free(cause);
	free(rec);
	free(b64);
	free(spki);
}
END_TEST

START_TEST(test_split)
{
	char	**v, s[800];
	size_t	 n, i;

	memset(s, 'a', sizeof s - 1);
	s[sizeof s - 1] = '\0';
	n = dkim_split(s, 255, &v);
	ck_assert_uint_eq(n, 4);
	for (i = 0; i < 3; i++)
		ck_assert_uint_eq(strlen(v[i]), 255);
	ck_assert_uint_eq(strlen(v[3]), 799 - 3 * 255);
	ck_assert_ptr_null(v[4]);
	dkim_strings_free(v);
	s[255] = '\0';
	n = dkim_split(s, 255, &v);
	ck_assert_uint_eq(n, 1);
	dkim_strings_free(v);
	n = dkim_split("", 255, &v);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0], "");
	dkim_strings_free(v);
}
END_TEST

START_TEST(test_zone_text)
{
	struct dkim_key	 k;
	struct dkim_record r;
	struct buf	 b;
	const char	*s, *q, *e;
	char		*cause = NULL;

	check_dkim_setup();
	memset(&k, 0, sizeof k);
	k.type = DKIM_RSA;
	k.bits = 4096;
	k.p = malloc(737);
	memset(k.p, 'A', 736);
	k.p[736] = '\0';
	buf_init(&b, 0);
	dkim_zone_text("s1", "example.com", &k, 0, &b);
	s = buf_str(&b);
	ck_assert_int_eq(strncmp(s, "s1._domainkey\tIN\tTXT\t( \"v=DKIM1; "
	    "k=rsa; \"", 36), 0);
	ck_assert_ptr_nonnull(strstr(s, " )  ; ----- DKIM key s1 for "
	    "example.com\n"));
	/* every quoted string at most 255 bytes */
	for (q = strchr(s, '"'); q != NULL; q = strchr(e + 1, '"')) {
		e = strchr(q + 1, '"');
		ck_assert_ptr_nonnull(e);
		ck_assert_int_le(e - q - 1, 255);
	}
	/* and the parser reads it back */
	ck_assert_int_eq(dkim_record_parse(strchr(s, '('), &r, &cause), 0);
	ck_assert_str_eq(r.p, k.p);
	dkim_record_clear(&r);
	buf_reset(&b);
	dkim_zone_text("s1", "example.com", &check_rsa, 1, &b);
	ck_assert_int_eq(strncmp(buf_str(&b), "s1._domainkey.example.com.\t",
	    27), 0);
	ck_assert_int_eq(dkim_key_matches(strchr(buf_str(&b), '('),
	    check_rsa.pem, strlen(check_rsa.pem), NULL, &cause), 1);
	buf_clear(&b);
	free(k.p);
}
END_TEST

START_TEST(test_key_path)
{
	char	*p;

	p = dkim_key_path("/etc/opendkim/keys/", "example.com", "s1",
	    "private");
	ck_assert_str_eq(p, "/etc/opendkim/keys/example.com/s1.private");
	free(p);
	p = dkim_key_path("/k", "example.com", "s1", ".txt");
	ck_assert_str_eq(p, "/k/example.com/s1.txt");
	free(p);
}
END_TEST

START_TEST(test_base64)
{
	unsigned char	*d;
	size_t		 n;

	ck_assert_int_eq(dkim_base64_decode("QUJD", &d, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(memcmp(d, "ABC", 3), 0);
	free(d);
	ck_assert_int_eq(dkim_base64_decode(" QU\tI= ", &d, &n), 0);
	ck_assert_uint_eq(n, 2);
	free(d);
	ck_assert_int_eq(dkim_base64_decode("QQ==", &d, &n), 0);
	ck_assert_uint_eq(n, 1);
	free(d);
	ck_assert_int_eq(dkim_base64_decode("QQ", &d, &n), 0);
	ck_assert_uint_eq(n, 1);
	free(d);
	ck_assert_int_eq(dkim_base64_decode("QQ=", &d, &n), -1);
	ck_assert_int_eq(dkim_base64_decode("QUJD=", &d, &n), -1);
	ck_assert_int_eq(dkim_base64_decode("Q===", &d, &n), -1);
}
END_TEST

static Suite *
check_dkim_suite(void)
{
	Suite	*s = suite_create("dkim");
	TCase	*tc = tcase_create("dkim");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_parse_basic);
	tcase_add_test(tc, test_parse_whitespace);
	tcase_add_test(tc, test_parse_splits);
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_parse_flags);
	tcase_add_test(tc, test_keygen);
	tcase_add_test(tc, test_match_rsa);
	tcase_add_test(tc, test_match_ed25519);
	tcase_add_test(tc, test_split);
	tcase_add_test(tc, test_zone_text);
	tcase_add_test(tc, test_key_path);
	tcase_add_test(tc, test_base64);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(check_dkim_suite)
