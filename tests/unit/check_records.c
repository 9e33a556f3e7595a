/*
 * check_records.c - the DNS record generators (records.c) and their
 * output (zone.c): SPF new and merged, DMARC with the external-report
 * authorization, PTR names, MTA-STS, TLS-RPT, TLSA from a fixture
 * certificate, TXT splitting at 255 bytes and zone-file quoting.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "records.h"
#include "unit.h"
#include "zone.h"

/* SPKI SHA-256 of tests/data/records/cert.pem, from the command line:
 * openssl x509 -noout -pubkey | openssl pkey -pubin -outform DER |
 * openssl dgst -sha256 */
#define CERT_SPKI_SHA256 \
	"ac437fa39dc0641a611e7732815cf430b650522d2cc3230f4707692d98564df2"

static const struct record *
find(const struct records *r, enum records_kind k)
{
	size_t	i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].kind == k)
			return &r->v[i];
	return NULL;
}

static char *
spf(const char *v4, const char *v6, enum records_spf_all how,
    const char *existing)
{
	char	*out = NULL, *notes = NULL, *cause = NULL;

	if (records_spf(v4, v6, how, existing, &out, &notes, &cause) == -1) {
		free(cause);
		return NULL;
	}
	free(notes);
	return out;
}

START_TEST(test_spf_new)
{
	char	*s;

	s = spf("203.0.113.7", "2001:db8::7", RECORDS_SPF_HARD, NULL);
	ck_assert_str_eq(s, "v=spf1 mx ip4:203.0.113.7 ip6:2001:db8::7 -all");
	free(s);
	s = spf(NULL, NULL, RECORDS_SPF_SOFT, NULL);
	ck_assert_str_eq(s, "v=spf1 mx ~all");
	free(s);
}
END_TEST

START_TEST(test_spf_merge)
{
	static const struct {
		const char	*v4, *v6, *existing, *want;
	} t[] = {
		{ "203.0.113.7", NULL, "v=spf1 include:_spf.google.com ~all",
		  "v=spf1 include:_spf.google.com mx ip4:203.0.113.7 ~all" },
		/* already covered by a network, mx present, duplicates */
		{ "203.0.113.7", "2001:db8::7",
		  "v=spf1 mx ip4:203.0.113.0/24 mx ip6:2001:db8::/32 -all",
		  "v=spf1 mx ip4:203.0.113.0/24 ip6:2001:db8::/32 -all" },
		/* not covered: /25 of the other half */
		{ "203.0.113.7", NULL, "v=spf1 ip4:203.0.113.128/25 -all",
		  "v=spf1 ip4:203.0.113.128/25 mx ip4:203.0.113.7 -all" },
		/* redirect kept, no all added */
		{ "203.0.113.7", NULL, "v=spf1 redirect=_spf.example.net",
		  "v=spf1 mx ip4:203.0.113.7 redirect=_spf.example.net" },
		/* neither all nor redirect: ours added */
		{ NULL, NULL, "v=spf1 a", "v=spf1 a mx -all" },
		/* terms after all dropped, one all kept */
		{ NULL, NULL, "v=spf1 mx -all ip4:192.0.2.1 ~all",
		  "v=spf1 mx -all" },
		/* pasted from dig: quoted strings joined with nothing */
		{ NULL, NULL, "\"v=spf1 include:a.example \" \"-all\"",
		  "v=spf1 include:a.example mx -all" },
		/* case-insensitive duplicates, exp kept */
		{ "203.0.113.7", NULL,
		  "V=SPF1 MX +mx ip4:203.0.113.7 -all exp=why.example.com",
		  "v=spf1 MX +mx ip4:203.0.113.7 -all exp=why.example.com" },
	};
	size_t	 i;
	char	*s;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		s = spf(t[i].v4, t[i].v6, RECORDS_SPF_HARD, t[i].existing);
		ck_assert_msg(s != NULL, "case %zu failed", i);
		ck_assert_msg(strcmp(s, t[i].want) == 0, "case %zu: %s", i,
		    s);
		free(s);
	}
	ck_assert_ptr_null(spf(NULL, NULL, RECORDS_SPF_HARD, "include:x"));
	ck_assert_ptr_null(spf(NULL, NULL, RECORDS_SPF_HARD,
	    "v=spf1 foo:bar -all"));
	ck_assert_ptr_null(spf(NULL, NULL, RECORDS_SPF_HARD,
	    "v=spf1 redirect=a.example redirect=b.example"));
}
END_TEST

START_TEST(test_ptr_names)
{
	char	*s;

	s = records_ptr_name("203.0.113.7");
	ck_assert_str_eq(s, "7.113.0.203.in-addr.arpa");
	free(s);
	s = records_ptr_name("::1");
	ck_assert_str_eq(s, "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
	    "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa");
	free(s);
	s = records_ptr_name("2001:db8::10");
	ck_assert_str_eq(s, "0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
	    "0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
	free(s);
	ck_assert_ptr_null(records_ptr_name("203.0.113"));
	ck_assert_ptr_null(records_ptr_name("mail.example.com"));
}
END_TEST

static char *
repeat(char c, size_t n)
{
	char	*s = xmalloc(n + 1);

	memset(s, c, n);
	s[n] = '\0';
	return s;
}

START_TEST(test_split_255)
{
	static const size_t	 len[] = { 254, 255, 256, 511, 512, 765, 766 };
	static const size_t	 want[] = { 1, 1, 2, 3, 3, 3, 4 };
	struct buf		 b;
	char			*s, **v, *joined;
	size_t			 i, j, n, nq;

	for (i = 0; i < sizeof len / sizeof len[0]; i++) {
		s = repeat('a', len[i]);
		n = zone_split(s, ZONE_STRING_MAX, &v);
		ck_assert_uint_eq(n, want[i]);
		buf_init(&b, 0);
		for (j = 0; j < n; j++) {
			ck_assert_uint_le(strlen(v[j]), 255);
			if (j + 1 < n)
				ck_assert_uint_eq(strlen(v[j]), 255);
			buf_adds(&b, v[j]);
		}
		joined = buf_steal(&b);
		ck_assert_str_eq(joined, s);
		free(joined);
		zone_strings_free(v);
		/* the zone form has as many quoted strings */
		buf_init(&b, 0);
		zone_txt_quote(s, " ", &b);
		for (nq = 0, j = 0; j < b.len; j++)
			nq += b.data[j] == '"';
		ck_assert_uint_eq(nq, want[i] * 2);
		buf_clear(&b);
		free(s);
	}
	n = zone_split("", ZONE_STRING_MAX, &v);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0], "");
	zone_strings_free(v);
}
END_TEST

START_TEST(test_quote)
{
	struct buf	b;
	char		*s;

	buf_init(&b, 0);
	zone_txt_quote("v=DMARC1; p=none", " ", &b);
	ck_assert_str_eq(buf_str(&b), "\"v=DMARC1; p=none\"");
	buf_reset(&b);
	zone_txt_quote("a\"b\\c;d", " ", &b);
	ck_assert_str_eq(buf_str(&b), "\"a\\\"b\\\\c;d\"");
	buf_reset(&b);
	zone_txt_quote("x\ty\001", " ", &b);
	ck_assert_str_eq(buf_str(&b), "\"x\\009y\\001\"");
	buf_reset(&b);
	/* a split falls on raw bytes; the escape stays whole */
	s = repeat('a', 254);
	s = xreallocarray(s, 258, 1);
	memcpy(s + 254, "\"bc", 4);
	zone_txt_quote(s, " ", &b);
	ck_assert_ptr_nonnull(strstr(buf_str(&b), "a\\\"\" \"bc\""));
	free(s);
	buf_clear(&b);
}
END_TEST

static void
gen(struct records_opts *o, struct records *r)
{
	char	*cause = NULL;

	if (records_generate(o, r, &cause) == -1)
		ck_abort_msg("generate: %s", cause);
}

static void
opts_base(struct records_opts *o)
{
	records_opts_init(o);
	o->domain = "Example.COM";
	o->hostname = "mail.example.com";
	o->ipv4 = "203.0.113.7";
	o->ipv6 = "2001:db8::7";
	o->allow_private = 1;
	o->dmarc_rua = "dmarc@example.com";
	o->sts_id = "20260801T000000";
}

START_TEST(test_generate_all)
{
	struct records_opts	 o;
	struct records		 r;
	const struct record	*x;
	char			*cert;

	opts_base(&o);
	cert = unit_data("records/cert.pem");
	o.cert_file = cert;
	gen(&o, &r);
	ck_assert_str_eq(r.domain, "example.com");
	x = find(&r, RECORDS_MX);
	ck_assert_str_eq(x->host, "@");
	ck_assert_str_eq(x->value, "10 mail.example.com.");
	x = find(&r, RECORDS_SPF);
	ck_assert_str_eq(x->value,
	    "v=spf1 mx ip4:203.0.113.7 ip6:2001:db8::7 -all");
	x = find(&r, RECORDS_DMARC);
	ck_assert_str_eq(x->host, "_dmarc");
	ck_assert_str_eq(x->value,
	    "v=DMARC1; p=none; rua=mailto:dmarc@example.com");
	ck_assert_ptr_null(find(&r, RECORDS_DMARC_AUTH));
	x = find(&r, RECORDS_MTA_STS);
	ck_assert_str_eq(x->host, "_mta-sts");
	ck_assert_str_eq(x->value, "v=STSv1; id=20260801T000000");
	ck_assert_str_eq(r.sts_url,
	    "https://mta-sts.example.com/.well-known/mta-sts.txt");
	ck_assert_str_eq(r.sts_policy, "version: STSv1\r\nmode: testing\r\n"
	    "mx: mail.example.com\r\nmax_age: 604800\r\n");
	x = find(&r, RECORDS_TLS_RPT);
	ck_assert_str_eq(x->host, "_smtp._tls");
	ck_assert_str_eq(x->value,
	    "v=TLSRPTv1; rua=mailto:dmarc@example.com");
	x = find(&r, RECORDS_TLSA);
	ck_assert_str_eq(x->host, "_25._tcp.mail");
	ck_assert_str_eq(x->value, "3 1 1 " CERT_SPKI_SHA256);
	x = find(&r, RECORDS_PTR);
	ck_assert_str_eq(x->name, "7.113.0.203.in-addr.arpa");
	ck_assert_str_eq(x->value, "mail.example.com.");
	ck_assert_int_eq(x->in_zone, 0);
	ck_assert_str_eq(r.v[r.n - 1].name, "7.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
	    "0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
	records_clear(&r);
	free(cert);
}
END_TEST

START_TEST(test_dmarc_options)
{
	struct records_opts	 o;
	struct records		 r;
	const struct record	*x;
	size_t			 i;
	int			 noted = 0;

	opts_base(&o);
	o.dmarc_policy = "quarantine";
	o.dmarc_rua = "mailto:reports@dmarc.example.net";
	o.adkim = 's';
	o.aspf = 'r';
	o.dmarc_pct = 50;
	gen(&o, &r);
	x = find(&r, RECORDS_DMARC);
	ck_assert_str_eq(x->value, "v=DMARC1; p=quarantine; "
	    "rua=mailto:reports@dmarc.example.net; adkim=s; aspf=r; pct=50");
	x = find(&r, RECORDS_DMARC_AUTH);
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->name,
	    "example.com._report._dmarc.dmarc.example.net");
	ck_assert_str_eq(x->value, "v=DMARC1");
	ck_assert_int_eq(x->in_zone, 0);
	for (i = 0; i < r.nnotes; i++)
		if (strstr(r.notes[i], "RFC 9989") != NULL)
			noted = 1;
	ck_assert_int_eq(noted, 1);
	records_clear(&r);

	/* a subdomain of the policy domain needs no authorization */
	opts_base(&o);
	o.dmarc_rua = "dmarc@reports.example.com";
	gen(&o, &r);
	ck_assert_ptr_null(find(&r, RECORDS_DMARC_AUTH));
	ck_assert_ptr_null(strstr(find(&r, RECORDS_DMARC)->value, "pct"));
	records_clear(&r);
}
END_TEST

START_TEST(test_idn_and_outside_host)
{
	struct records_opts	 o;
	struct records		 r;
	const struct record	*x;

	opts_base(&o);
	o.domain = "b\xc3\xbc" "cher.example";
	o.hostname = "mx.provider.example";
	o.dmarc_rua = NULL;
	gen(&o, &r);
	ck_assert_str_eq(r.domain, "xn--bcher-kva.example");
	x = find(&r, RECORDS_MX);
	ck_assert_str_eq(x->value, "10 mx.provider.example.");
	ck_assert_ptr_null(find(&r, RECORDS_TLS_RPT));
	ck_assert_str_eq(find(&r, RECORDS_DMARC)->value, "v=DMARC1; p=none");
	records_clear(&r);
}
END_TEST

START_TEST(test_bad_input)
{
	static const char	*what[] = { "domain", "ipv4", "ipv6", "rua",
	    "selector", "cert", "spf", "policy", "host" };
	struct records_opts	 o;
	struct records		 r;
	char			*cause = NULL;
	size_t			 i;

	for (i = 0; i < sizeof what / sizeof what[0]; i++) {
		opts_base(&o);
		switch (i) {
		case 0: o.domain = "exa mple.com"; break;
		case 1: o.ipv4 = "203.0.113.300"; break;
		case 2: o.ipv6 = "2001:db8::g"; break;
		case 3: o.dmarc_rua = "not an address"; break;
		case 4: o.selector = "bad_selector!"; break;
		case 5: o.cert_file = "/nonexistent/cert.pem"; break;
		case 6: o.existing_spf = "spf1 -all"; break;
		case 7: o.dmarc_policy = "maybe"; break;
		case 8: o.hostname = "mail"; break;
		}
		ck_assert_msg(records_generate(&o, &r, &cause) == -1,
		    "%s accepted", what[i]);
		ck_assert_ptr_nonnull(cause);
		ck_assert_uint_eq(r.n, 0);
		free(cause);
		cause = NULL;
	}
}
END_TEST

START_TEST(test_tlsa_pem)
{
	char	*hex = NULL, *cause = NULL, *path;

	path = unit_data("records/cert.pem");
	ck_assert_int_eq(records_tlsa_file(path, &hex, &cause), 0);
	ck_assert_str_eq(hex, CERT_SPKI_SHA256);
	free(hex);
	free(path);
	ck_assert_int_eq(records_tlsa_pem("garbage", 7, &hex, &cause), -1);
	free(cause);
}
END_TEST

START_TEST(test_formats)
{
	struct records_opts	 o;
	struct records		 r;
	struct buf		 b;
	char			*longv;

	opts_base(&o);
	longv = repeat('k', 400);
	o.dkim_value = longv;
	o.selector = "s2026";
	gen(&o, &r);
	buf_init(&b, 0);
	zone_write(&r, ZONE_FMT_ZONE, 80, 1, &b);
	ck_assert_ptr_nonnull(strstr(buf_str(&b), "$ORIGIN example.com.\n"));
	ck_assert_ptr_nonnull(strstr(buf_str(&b),
	    "IN TXT  \"v=DMARC1; p=none; "));
	ck_assert_ptr_nonnull(strstr(buf_str(&b), "s2026._domainkey"));
	ck_assert_ptr_nonnull(strstr(buf_str(&b), "( \"kkk"));
	ck_assert_ptr_nonnull(strstr(buf_str(&b),
	    "; 7.113.0.203.in-addr.arpa. 3600 IN PTR  mail.example.com."));
	buf_reset(&b);
	zone_write(&r, ZONE_FMT_PLAIN, 80, 0, &b);
	ck_assert_ptr_nonnull(strstr(buf_str(&b), longv));
	ck_assert_ptr_null(strstr(buf_str(&b), "\342\224"));
	buf_reset(&b);
	zone_write(&r, ZONE_FMT_TABLE, 80, 1, &b);
	ck_assert_ptr_nonnull(strstr(buf_str(&b), "Host"));
	ck_assert_ptr_nonnull(strstr(buf_str(&b), "| TXT  |"));
	ck_assert_ptr_null(strstr(buf_str(&b), longv));
	buf_reset(&b);
	zone_write(&r, ZONE_FMT_JSON, 80, 0, &b);
	ck_assert_ptr_nonnull(strstr(buf_str(&b), "\"kind\":\"dkim\""));
	buf_clear(&b);
	records_clear(&r);
	free(longv);
}
END_TEST

static Suite *
records_suite(void)
{
	Suite	*s = suite_create("records");
	TCase	*tc = tcase_create("records");

	tcase_add_test(tc, test_spf_new);
	tcase_add_test(tc, test_spf_merge);
	tcase_add_test(tc, test_ptr_names);
	tcase_add_test(tc, test_split_255);
	tcase_add_test(tc, test_quote);
	tcase_add_test(tc, test_generate_all);
	tcase_add_test(tc, test_dmarc_options);
	tcase_add_test(tc, test_idn_and_outside_host);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_tlsa_pem);
	tcase_add_test(tc, test_formats);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(records_suite)
