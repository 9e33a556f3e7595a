/*
 * check_cloud.c - unit tests for clouds.c (loader, validation errors
 * with file:line, matching precedence, zh text) and detect_cloud.c over
 * the DMI fixtures in tests/data/dmi with the bundled data/clouds.conf.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "clouds.h"
#include "datadir.h"
#include "detect.h"
#include "fact.h"
#include "unit.h"

static char *
cloud_datadir(void)
{
	const char	*top = getenv("top_srcdir");
	char		*p;

	xasprintf(&p, "%s/data", top != NULL ? top : ".");
	return p;
}

/* detect_cloud_run reads the bundled data/clouds.conf. */
static void
cloud_use_datadir(void)
{
	char	*dir = cloud_datadir();

	datadir_set(NULL);
	setenv("MAILHARDEN_DATADIR", dir, 1);
	free(dir);
}

static void
cloud_load_bundled(struct clouds *cl)
{
	char	*dir = cloud_datadir(), *path, *cause = NULL;

	xasprintf(&path, "%s/clouds.conf", dir);
	if (clouds_load(path, cl, &cause) == -1)
		ck_abort_msg("bundled clouds.conf: %s", cause);
	free(path);
	free(dir);
}

/* ---- the bundled table -------------------------------------------- */

static const char *const cloud_required_ids[] = {
	"aliyun", "tencent", "huawei", "aws", "gcp", "azure", "oracle",
	"digitalocean", "linode", "vultr", "hetzner", "ovh", "openstack"
};

START_TEST(test_bundled_loads)
{
	struct clouds	cl;
	size_t		i;

	cloud_load_bundled(&cl);
	for (i = 0; i < nitems(cloud_required_ids); i++) {
		ck_assert_msg(clouds_find(&cl, cloud_required_ids[i]) != NULL,
		    "provider %s missing", cloud_required_ids[i]);
	}
	ck_assert_ptr_null(clouds_find(&cl, "none"));
	ck_assert_ptr_null(clouds_find(&cl, "nosuch"));
	clouds_free(&cl);
}
END_TEST

/* English texts stay ASCII: the TUI can show them in any locale. */
static int
cloud_ascii(const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if ((unsigned char)*s >= 0x80)
			return 0;
	}
	return 1;
}

START_TEST(test_bundled_fields)
{
	const struct clouds_provider	*p;
	struct clouds			 cl;
	char				*cmd;
	size_t				 i;

	cloud_load_bundled(&cl);
	ck_assert_uint_ge(cl.n, nitems(cloud_required_ids));
	for (i = 0; i < cl.n; i++) {
		p = &cl.v[i];
		ck_assert_msg(p->name.en != NULL && p->port25_note.en != NULL &&
		    p->unblock.en != NULL && p->relay.en != NULL &&
		    p->ptr.en != NULL, "%s: text missing", p->id);
		ck_assert_msg(p->sg_console.en != NULL,
		    "%s: no security_group console", p->id);
		ck_assert_msg(cloud_ascii(p->name.en) &&
		    cloud_ascii(p->port25_note.en) &&
		    cloud_ascii(p->unblock.en) && cloud_ascii(p->relay.en) &&
		    cloud_ascii(p->ptr.en) && cloud_ascii(p->sg_console.en) &&
		    cloud_ascii(p->sg_cli), "%s: non-ASCII English text",
		    p->id);
		ck_assert_msg(p->line > 0 && p->outbound_line > p->line,
		    "%s: lines %d %d", p->id, p->line, p->outbound_line);
		/* Only ovh is look-up only (not detectable offline). */
		if (strcmp(p->id, "ovh") != 0) {
			ck_assert_msg(p->nmatches + p->ncloud_init > 0,
			    "%s: never detected", p->id);
		}
		if (p->sg_cli != NULL) {
			cmd = clouds_sg_command(p, 25);
			ck_assert_ptr_null(strstr(cmd, "{port}"));
			ck_assert_ptr_nonnull(strstr(cmd, "25"));
			free(cmd);
		}
	}
	clouds_free(&cl);
}
END_TEST

START_TEST(test_bundled_zh)
{
	static const char *const	 zh_ids[] = {
		"aliyun", "tencent", "huawei"
	};
	const struct clouds_provider	*p;
	struct clouds			 cl;
	size_t				 i;

	cloud_load_bundled(&cl);
	for (i = 0; i < nitems(zh_ids); i++) {
		p = clouds_find(&cl, zh_ids[i]);
		ck_assert_ptr_nonnull(p);
		ck_assert_msg(p->name.zh != NULL && p->port25_note.zh != NULL &&
		    p->unblock.zh != NULL && p->relay.zh != NULL &&
		    p->ptr.zh != NULL && p->sg_console.zh != NULL,
		    "%s: a zh text is missing", p->id);
	}
	p = clouds_find(&cl, "aliyun");
	ck_assert_str_eq(clouds_text_get(&p->name, 1), "阿里云");
	ck_assert_str_eq(clouds_text_get(&p->name, 0), "Alibaba Cloud");
	p = clouds_find(&cl, "aws");
	ck_assert_str_eq(clouds_text_get(&p->name, 1),
	    "Amazon Web Services (EC2)");	/* no zh: English */
	clouds_free(&cl);
}
END_TEST

START_TEST(test_bundled_policies)
{
	static const struct {
		const char		*id;
		enum clouds_outbound	 o;
	} want[] = {
		{ "aliyun", CLOUDS_OUT_BLOCKED },
		{ "tencent", CLOUDS_OUT_BLOCKED },
		{ "huawei", CLOUDS_OUT_VARIES },
		{ "aws", CLOUDS_OUT_RESTRICTED },
		{ "gcp", CLOUDS_OUT_BLOCKED },
		{ "azure", CLOUDS_OUT_VARIES },
		{ "oracle", CLOUDS_OUT_BLOCKED },
		{ "digitalocean", CLOUDS_OUT_BLOCKED },
		{ "linode", CLOUDS_OUT_RESTRICTED },
		{ "vultr", CLOUDS_OUT_BLOCKED },
		{ "hetzner", CLOUDS_OUT_BLOCKED },
		{ "ovh", CLOUDS_OUT_VARIES },
		{ "openstack", CLOUDS_OUT_VARIES },
	};
	struct clouds	cl;
	size_t		i;

	cloud_load_bundled(&cl);
	for (i = 0; i < nitems(want); i++) {
		ck_assert_msg(clouds_find(&cl, want[i].id)->outbound ==
		    want[i].o, "%s", want[i].id);
	}
	clouds_free(&cl);
}
END_TEST

/* ---- loader errors ------------------------------------------------ */

static const struct {
	const char	*file;
	int		 line;		/* 0: no line expected */
	const char	*reason;
} cloud_bad[] = {
	{ "syntax.conf", 7, "syntax error" },
	{ "missing-id.conf", 9, "missing 'id'" },
	{ "duplicate-id.conf", 10,
	    "duplicate provider id 'x' (first at line 3)" },
	{ "bad-outbound.conf", 7, "unknown outbound \"closed\"" },
	{ "outbound-int.conf", 7, "'outbound' must be a string" },
	{ "missing-port25.conf", 3, "missing 'port25'" },
	{ "unknown-key.conf", 5, "unknown setting 'nmae'" },
	{ "bad-dmi-file.conf", 7, "unknown DMI file 'product_serial'" },
	{ "two-ops.conf", 7, "exactly one of equals, contains, prefix" },
	{ "cli-no-port.conf", 10, "no {port} placeholder" },
	{ "version-big.conf", 2, "unsupported version" },
	{ "version-string.conf", 1, "unsupported version" },
	{ "empty-providers.conf", 2, "'providers' is empty" },
	{ "reserved-id.conf", 4, "is not valid" },
	{ "include.conf", 2, "@include is not allowed" },
	{ "empty-name.conf", 5, "'name' is empty" },
};

START_TEST(test_load_errors)
{
	struct clouds	 cl;
	char		*rel, *path, *cause = NULL, *want;

	xasprintf(&rel, "clouds/%s", cloud_bad[_i].file);
	path = unit_data(rel);
	ck_assert_int_eq(clouds_load(path, &cl, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	xasprintf(&want, "%s:%d: ", path, cloud_bad[_i].line);
	ck_assert_msg(strncmp(cause, want, strlen(want)) == 0,
	    "%s: cause \"%s\", want prefix \"%s\"", cloud_bad[_i].file,
	    cause, want);
	ck_assert_msg(strstr(cause, cloud_bad[_i].reason) != NULL,
	    "%s: cause \"%s\" lacks \"%s\"", cloud_bad[_i].file, cause,
	    cloud_bad[_i].reason);
	ck_assert_uint_eq(cl.n, 0);
	ck_assert_ptr_null(cl.v);
	free(want);
	free(cause);
	free(path);
	free(rel);
}
END_TEST

START_TEST(test_load_missing_file)
{
	struct clouds	 cl;
	char		*cause = NULL;

	ck_assert_int_eq(clouds_load("/nonexistent/clouds.conf", &cl,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "/nonexistent/clouds.conf"));
	ck_assert_ptr_nonnull(strstr(cause, "No such file"));
	free(cause);
}
END_TEST

START_TEST(test_load_string_name)
{
	struct clouds	 cl;
	char		*cause = NULL;

	ck_assert_int_eq(clouds_load_string("version = 1;\nproviders = 3;\n",
	    "inline", &cl, &cause), -1);
	ck_assert_str_eq(cause, "inline:2: 'providers' must be a list "
	    "( ... )");
	free(cause);
	cause = NULL;
	ck_assert_int_eq(clouds_load_string("providers = ();\n", "inline",
	    &cl, &cause), -1);
	ck_assert_str_eq(cause, "inline: missing 'version = 1;'");
	free(cause);
}
END_TEST

/* ---- matching ----------------------------------------------------- */

static void
cloud_load_good(struct clouds *cl)
{
	char	*path = unit_data("clouds/good.conf"), *cause = NULL;

	if (clouds_load(path, cl, &cause) == -1)
		ck_abort_msg("good.conf: %s", cause);
	free(path);
}

/* Match with DMI values given as key/value pairs; returns id or NULL. */
static const char *
cloud_match1(const struct clouds *cl, const char *asset, const char *vendor,
    const char *product, const char *bios_vendor, const char *bios_version,
    const char *cloud_id)
{
	struct clouds_dmi	d;
	struct clouds_hit	hit;
	int			any, r;

	memset(&d, 0, sizeof d);
	d.v[CLOUDS_DMI_CHASSIS_ASSET_TAG] = (char *)asset;
	d.v[CLOUDS_DMI_SYS_VENDOR] = (char *)vendor;
	d.v[CLOUDS_DMI_PRODUCT_NAME] = (char *)product;
	d.v[CLOUDS_DMI_BIOS_VENDOR] = (char *)bios_vendor;
	d.v[CLOUDS_DMI_BIOS_VERSION] = (char *)bios_version;
	any = asset || vendor || product || bios_vendor || bios_version;
	r = clouds_match(cl, any ? &d : NULL, cloud_id, &hit);
	if (!r)
		return NULL;
	ck_assert_ptr_nonnull(hit.p);
	ck_assert(hit.m != NULL || hit.cloud_init != NULL);
	return hit.p->id;
}

#define MATCH_EQ(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (w_ == NULL)							\
		ck_assert_msg(g_ == NULL, "matched %s", g_);		\
	else								\
		ck_assert_msg(g_ != NULL && strcmp(g_, w_) == 0,	\
		    "got %s, want %s", g_ ? g_ : "(none)", w_);		\
} while (0)

START_TEST(test_match_precedence)
{
	struct clouds	cl;

	cloud_load_good(&cl);
	/* The asset tag beats sys_vendor beats product_name. */
	MATCH_EQ(cloud_match1(&cl, "TAG-1", "ACME", "big widget", NULL, NULL,
	    NULL), "tagged");
	MATCH_EQ(cloud_match1(&cl, NULL, "ACME", "big widget", NULL, NULL,
	    NULL), "vendor");
	MATCH_EQ(cloud_match1(&cl, "no tag", "Other", "big widget", NULL,
	    NULL, NULL), "product");
	/* Case-insensitive and trimmed. */
	MATCH_EQ(cloud_match1(&cl, NULL, "  acme \n", NULL, NULL, NULL, NULL),
	    "vendor");
	MATCH_EQ(cloud_match1(&cl, "tag-9", NULL, NULL, NULL, NULL, NULL),
	    "tagged");
	MATCH_EQ(cloud_match1(&cl, NULL, NULL, "WIDGET", NULL, NULL, NULL),
	    "product");
	/* equals is not contains; prefix is not contains. */
	MATCH_EQ(cloud_match1(&cl, NULL, "ACME Inc", NULL, NULL, NULL, NULL),
	    NULL);
	MATCH_EQ(cloud_match1(&cl, "X-TAG-1", NULL, NULL, NULL, NULL, NULL),
	    NULL);
	/* A group needs all its conditions. */
	MATCH_EQ(cloud_match1(&cl, NULL, NULL, NULL, "ACME", "v2 special",
	    NULL), "product");
	MATCH_EQ(cloud_match1(&cl, NULL, NULL, NULL, "ACME", "v2", NULL),
	    NULL);
	clouds_free(&cl);
}
END_TEST

START_TEST(test_match_cloud_init)
{
	struct clouds	cl;

	cloud_load_good(&cl);
	MATCH_EQ(cloud_match1(&cl, NULL, NULL, NULL, NULL, NULL,
	    "PRODUCT-CLOUD\n"), "product");
	MATCH_EQ(cloud_match1(&cl, NULL, NULL, NULL, NULL, NULL, "prod"),
	    "product");
	/* DMI first. */
	MATCH_EQ(cloud_match1(&cl, NULL, "ACME", NULL, NULL, NULL, "prod"),
	    "vendor");
	/* Unmatched DMI falls back to the cloud-init id. */
	MATCH_EQ(cloud_match1(&cl, NULL, "QEMU", NULL, NULL, NULL, "prod"),
	    "product");
	MATCH_EQ(cloud_match1(&cl, NULL, NULL, NULL, NULL, NULL, "lxd"),
	    NULL);
	MATCH_EQ(cloud_match1(&cl, NULL, NULL, NULL, NULL, NULL, ""), NULL);
	MATCH_EQ(cloud_match1(&cl, NULL, NULL, NULL, NULL, NULL, NULL), NULL);
	clouds_free(&cl);
}
END_TEST

START_TEST(test_match_bundled)
{
	struct clouds	cl;

	cloud_load_bundled(&cl);
	/* Huawei's asset tag beats the generic OpenStack sys_vendor. */
	MATCH_EQ(cloud_match1(&cl, "HUAWEICLOUD", "OpenStack Foundation",
	    "OpenStack Nova", NULL, NULL, NULL), "huawei");
	MATCH_EQ(cloud_match1(&cl, NULL, "OpenStack Foundation",
	    "OpenStack Nova", NULL, NULL, NULL), "openstack");
	/* Hyper-V without Azure's asset tag is not Azure. */
	MATCH_EQ(cloud_match1(&cl, NULL, "Microsoft Corporation",
	    "Virtual Machine", NULL, NULL, NULL), NULL);
	MATCH_EQ(cloud_match1(&cl, "7783-7084-3265-9085-8269-3286-77",
	    "Microsoft Corporation", "Virtual Machine", NULL, NULL, NULL),
	    "azure");
	/* Plain Xen is not AWS; Xen with an amazon BIOS is. */
	MATCH_EQ(cloud_match1(&cl, NULL, "Xen", "HVM domU", "Xen", "4.2",
	    NULL), NULL);
	MATCH_EQ(cloud_match1(&cl, NULL, "Xen", "HVM domU", "Xen",
	    "4.11.amazon", NULL), "aws");
	MATCH_EQ(cloud_match1(&cl, NULL, "Akamai Technologies", NULL, NULL,
	    NULL, NULL), "linode");
	MATCH_EQ(cloud_match1(&cl, NULL, NULL, NULL, NULL, NULL, "gce"),
	    "gcp");
	clouds_free(&cl);
}
END_TEST

/* ---- text --------------------------------------------------------- */

START_TEST(test_zh_text)
{
	const struct clouds_provider	*p;
	struct clouds			 cl;
	char				*cmd;

	ck_assert(clouds_locale_is_zh("zh_CN.UTF-8"));
	ck_assert(clouds_locale_is_zh("zh_TW"));
	ck_assert(!clouds_locale_is_zh("C"));
	ck_assert(!clouds_locale_is_zh("en_US.UTF-8"));
	ck_assert(!clouds_locale_is_zh(NULL));
	/* No setlocale() in this process: the C locale, English. */
	ck_assert(!clouds_want_zh());

	cloud_load_good(&cl);
	p = clouds_find(&cl, "vendor");
	ck_assert_str_eq(clouds_text_get(&p->port25_note, 1), "已封禁。");
	ck_assert_str_eq(clouds_text_get(&p->port25_note, 0), "Blocked.");
	ck_assert_str_eq(clouds_text_get(&p->unblock, 1), "Ask.");
	ck_assert_str_eq(clouds_tr(&p->name), "Vendor Cloud");
	ck_assert_str_eq(clouds_outbound_name(p->outbound), "blocked");
	cmd = clouds_sg_command(p, 587);
	ck_assert_str_eq(cmd, "acme sg add --from 587 --to 587");
	free(cmd);
	ck_assert_ptr_null(clouds_sg_command(clouds_find(&cl, "tagged"), 25));
	clouds_free(&cl);
}
END_TEST

/* ---- detect_cloud over the fixtures ------------------------------- */

static struct facts *
cloud_detect(const char *fixture)
{
	struct detect_ctx	 ctx;
	struct facts		*fs = facts_create();
	char			*rel, *root;

	xasprintf(&rel, "dmi/%s", fixture);
	root = unit_data(rel);
	detect_ctx_init(&ctx, root);
	detect_cloud_run(&ctx, fs);
	free(root);
	free(rel);
	return fs;
}

static const struct {
	const char	*fixture;
	const char	*provider;
	const char	*port25;
} cloud_fixtures[] = {
	{ "aliyun", "aliyun", "blocked" },
	{ "tencent", "tencent", "blocked" },
	{ "huawei", "huawei", "varies" },
	{ "aws-nitro", "aws", "restricted" },
	{ "aws-xen", "aws", "restricted" },
	{ "gcp", "gcp", "blocked" },
	{ "azure", "azure", "varies" },
	{ "oracle", "oracle", "blocked" },
	{ "digitalocean", "digitalocean", "blocked" },
	{ "linode", "linode", "restricted" },
	{ "akamai", "linode", "restricted" },
	{ "vultr", "vultr", "blocked" },
	{ "hetzner", "hetzner", "blocked" },
	{ "ovh", "openstack", "varies" },
	{ "openstack", "openstack", "varies" },
	{ "cloudinit-only", "aws", "restricted" },
	{ "qemu-cloudid", "openstack", "varies" },
};

START_TEST(test_detect_fixture)
{
	struct facts		*fs;
	const struct fact	*f;
	size_t			 i;
	int			 conf_ev = 0, file_ev = 0;

	cloud_use_datadir();
	fs = cloud_detect(cloud_fixtures[_i].fixture);
	ck_assert_msg(facts_str(fs, "cloud.provider") != NULL &&
	    strcmp(facts_str(fs, "cloud.provider"),
	    cloud_fixtures[_i].provider) == 0, "%s: provider %s",
	    cloud_fixtures[_i].fixture, facts_str(fs, "cloud.provider"));
	ck_assert_str_eq(facts_str(fs, "cloud.port25"),
	    cloud_fixtures[_i].port25);
	ck_assert_ptr_nonnull(facts_str(fs, "cloud.name"));
	ck_assert_ptr_nonnull(facts_str(fs, "cloud.port25_note"));
	ck_assert_ptr_nonnull(facts_str(fs, "cloud.unblock"));
	ck_assert_ptr_nonnull(facts_str(fs, "cloud.relay"));
	ck_assert_ptr_nonnull(facts_str(fs, "cloud.ptr"));
	/* Evidence: the file read and the clouds.conf entry used. */
	f = facts_get(fs, "cloud.provider");
	for (i = 0; i < f->nev; i++) {
		if (strstr(f->ev[i].source, "clouds.conf:") != NULL)
			conf_ev++;
		if (strstr(f->ev[i].source, "/sys/class/dmi/id/") != NULL ||
		    strstr(f->ev[i].source, "/run/cloud-init/cloud-id") !=
		    NULL)
			file_ev++;
	}
	ck_assert_int_gt(conf_ev, 0);
	ck_assert_int_gt(file_ev, 0);
	f = facts_get(fs, "cloud.port25");
	ck_assert_uint_eq(f->nev, 1);
	ck_assert_ptr_nonnull(strstr(f->ev[0].text, "outbound = \""));
	facts_free(fs);
}
END_TEST

START_TEST(test_detect_none_unknown)
{
	struct facts		*fs;
	const struct fact	*f;

	cloud_use_datadir();
	fs = cloud_detect("qemu");
	ck_assert_str_eq(facts_str(fs, "cloud.provider"), "none");
	f = facts_get(fs, "cloud.provider");
	ck_assert_ptr_nonnull(strstr(f->ev[0].text, "\"QEMU\""));
	ck_assert_ptr_nonnull(strstr(f->ev[0].text, "Standard PC"));
	ck_assert_int_eq(facts_get(fs, "cloud.port25")->state, FACT_UNKNOWN);
	facts_free(fs);

	fs = cloud_detect("hyperv");
	ck_assert_str_eq(facts_str(fs, "cloud.provider"), "none");
	facts_free(fs);

	fs = cloud_detect("nodmi");
	f = facts_get(fs, "cloud.provider");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->state, FACT_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(f->reason, "DMI unreadable"));
	ck_assert_int_eq(facts_get(fs, "cloud.port25")->state, FACT_UNKNOWN);
	facts_free(fs);

	fs = cloud_detect("cloudinit-lxd");
	f = facts_get(fs, "cloud.provider");
	ck_assert_int_eq(f->state, FACT_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(f->reason, "\"lxd\""));
	facts_free(fs);
}
END_TEST

START_TEST(test_detect_broken_conf)
{
	struct facts		*fs;
	const struct fact	*f;
	char			*dir = unit_data("clouds/brokendir"), *want;

	/* A datadir whose clouds.conf does not parse. */
	datadir_set(dir);
	fs = cloud_detect("aliyun");
	f = facts_get(fs, "cloud.provider");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->state, FACT_ERROR);
	xasprintf(&want, "%s/clouds.conf:7: ", dir);
	ck_assert_msg(strncmp(f->reason, want, strlen(want)) == 0,
	    "reason \"%s\"", f->reason);
	ck_assert_int_eq(facts_get(fs, "cloud.port25")->state, FACT_ERROR);
	facts_free(fs);
	datadir_set(NULL);
	free(want);
	free(dir);
}
END_TEST

static Suite *
cloud_suite(void)
{
	Suite	*s = suite_create("cloud");
	TCase	*tc;

	tc = tcase_create("bundled");
	tcase_add_test(tc, test_bundled_loads);
	tcase_add_test(tc, test_bundled_fields);
	tcase_add_test(tc, test_bundled_zh);
	tcase_add_test(tc, test_bundled_policies);
	suite_add_tcase(s, tc);

	tc = tcase_create("load");
	tcase_add_loop_test(tc, test_load_errors, 0, (int)nitems(cloud_bad));
	tcase_add_test(tc, test_load_missing_file);
	tcase_add_test(tc, test_load_string_name);
	suite_add_tcase(s, tc);

	tc = tcase_create("match");
	tcase_add_test(tc, test_match_precedence);
	tcase_add_test(tc, test_match_cloud_init);
	tcase_add_test(tc, test_match_bundled);
	tcase_add_test(tc, test_zh_text);
	suite_add_tcase(s, tc);

	tc = tcase_create("detect");
	tcase_add_loop_test(tc, test_detect_fixture, 0,
	    (int)nitems(cloud_fixtures));
	tcase_add_test(tc, test_detect_none_unknown);
	tcase_add_test(tc, test_detect_broken_conf);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(cloud_suite)
