/*
 * cli_dkim.c - "mailharden dkim keygen|show": generate a DKIM key pair
 * into the OpenDKIM layout through the plan engine (audited,
 * undoable) and print the <selector>._domainkey TXT record, or print
 * the record of an existing key.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "cli/cli.h"
#include "dkim.h"
#include "plan.h"
#include "settings.h"
#include "validate.h"

enum {
	OPT_DOMAIN = 0x2400,
	OPT_SELECTOR,
	OPT_TYPE,
	OPT_BITS,
	OPT_KEYDIR,
	OPT_FORCE
};

struct cli_dkim_args {
	char		*domain;
	char		*selector;
	char		*keydir;
	enum dkim_type	 type;
	int		 bits;		/* 0: not given */
	int		 force;
};

static void
cli_dkim_help(void)
{
	printf(_("Usage: mailharden dkim keygen --domain D [--selector S] "
	    "[--type rsa|ed25519]\n"
	    "             [--bits N] [--keydir DIR] [--force] [--yes]\n"
	    "       mailharden dkim show --domain D [--selector S] "
	    "[--keydir DIR]\n"
	    "Generate a DKIM key pair and print the TXT record to publish "
	    "at\n<selector>._domainkey.<domain>.  The private key goes to "
	    "DIR/<domain>/<selector>.private\n(PKCS#8 PEM, mode 0600, "
	    "OpenDKIM's layout) with the record beside it in\n"
	    "<selector>.txt.  Writing is a planned, audited change: "
	    "'mailharden undo --last'\nremoves the files again.\n\n"
	    "  keygen             generate, show the plan, write after you "
	    "confirm\n"
	    "  show               print the record of the existing key\n"
	    "  --domain D         the signing domain (d=; default: the "
	    "settings file's)\n"
	    "  --selector S       the selector (default: the settings "
	    "file's, or \"%s\")\n"
	    "  --type T           rsa (default) or ed25519; Ed25519 (RFC "
	    "8463) is not\n"
	    "                     verified by many receivers yet: use it "
	    "only next to an\n"
	    "                     RSA key under another selector\n"
	    "  --bits N           RSA size: 1024, 2048 (default), 3072 or "
	    "4096; less than\n"
	    "                     1024 is refused (RFC 8301); many DNS "
	    "panels reject more\n"
	    "                     than 2048\n"
	    "  --keydir DIR       base directory (default %s)\n"
	    "  --force            replace an existing key (the old files are "
	    "kept as backups)\n"
	    "  --yes              do not ask before writing\n\n"
	    "Examples:\n"
	    "  mailharden dkim keygen --domain example.com --selector s2026\n"
	    "  mailharden dkim keygen --domain example.com --selector ed2026 "
	    "--type ed25519\n"
	    "  mailharden dkim show --domain example.com --selector s2026\n\n"
	    "Exit status: 0 done, 2 bad value or usage, or the key exists "
	    "without --force\n(nothing written), 3 refused (a symbolic link, "
	    "not a directory) or could\nnot write.  Not root: a dry run.\n"),
	    SETTINGS_DEFAULT_SELECTOR, DKIM_DEFAULT_KEYDIR);
}

/* Validated, normalized arguments; exits 2 on bad input. */
static void
cli_dkim_check(struct cli_dkim_args *a, const char *dom, const char *sel,
    const char *type, const char *bits, const char *keydir)
{
	char	*cause = NULL, *cwd, *end;
	long	 n;

	if (dom == NULL)
		cli_usage_error("dkim", _("give the domain: --domain D"));
	if (validate_domain(dom, 1, &a->domain, &cause) == -1)
		cli_usage_error("dkim", "--domain: %s", cause);
	if (validate_selector(sel != NULL ? sel : SETTINGS_DEFAULT_SELECTOR,
	    &a->selector, &cause) == -1)
		cli_usage_error("dkim", "--selector: %s", cause);
	a->type = DKIM_RSA;
	if (type != NULL && dkim_type_parse(type, &a->type) == -1)
		cli_usage_error("dkim", _("--type %s: rsa or ed25519"), type);
	if (bits != NULL) {
		if (a->type == DKIM_ED25519)
			cli_usage_error("dkim", _("--bits is for RSA keys; "
			    "an Ed25519 key has a fixed size"));
		n = strtol(bits, &end, 10);
		if (*bits == '\0' || *end != '\0' || n < 1 || n > 65536)
			cli_usage_error("dkim", _("--bits %s: a number of "
			    "bits"), bits);
		if (n < DKIM_MIN_BITS)
			cli_usage_error("dkim", _("--bits %ld: RSA keys "
			    "shorter than 1024 bits are refused (RFC 8301: "
			    "verifiers must not accept them)"), n);
		if (n % 1024 != 0 || n > 4096)
			cli_usage_error("dkim", _("--bits %ld: use 1024, 2048, "
			    "3072 or 4096"), n);
		a->bits = (int)n;
	}
	if (keydir == NULL)
		keydir = DKIM_DEFAULT_KEYDIR;
	if (*keydir == '\0' || strlen(keydir) > 1024)
		cli_usage_error("dkim", _("--keydir: give a directory"));
	if (keydir[0] == '/')
		a->keydir = xstrdup(keydir);
	else {
		if ((cwd = getcwd(NULL, 0)) == NULL)
			cli_usage_error("dkim", _("--keydir %s: cannot resolve "
			    "the current directory"), keydir);
		xasprintf(&a->keydir, "%s/%s", cwd, keydir);
		free(cwd);
	}
}

static void
cli_dkim_args_clear(struct cli_dkim_args *a)
{
	free(a->domain);
	free(a->selector);
	free(a->keydir);
}

/* The record as a zone line and as plain values to paste. */
static void
cli_dkim_print(const struct cli_dkim_args *a, const struct dkim_key *key,
    int json)
{
	struct buf	 b;
	char		*value, **v;
	size_t		 n, i;

	buf_init(&b, 0);
	value = dkim_record_value(key);
	if (json) {
		buf_adds(&b, "{\"domain\":");
		buf_json_str(&b, a->domain);
		buf_adds(&b, ",\"selector\":");
		buf_json_str(&b, a->selector);
		buf_printf(&b, ",\"name\":\"%s._domainkey.%s\",\"host\":"
		    "\"%s._domainkey\",\"type\":\"TXT\",\"key_type\":\"%s\","
		    "\"bits\":%d,\"value\":", a->selector, a->domain,
		    a->selector, dkim_type_name(key->type), key->bits);
		buf_json_str(&b, value);
		buf_adds(&b, ",\"strings\":[");
		n = dkim_split(value, DKIM_STRING_MAX, &v);
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_addc(&b, ',');
			buf_json_str(&b, v[i]);
		}
		dkim_strings_free(v);
		buf_adds(&b, "]}\n");
		fputs(buf_str(&b), stdout);
		goto out;
	}
	printf(_("\nDKIM record (%s, %d bits) for the zone file:\n\n"),
	    dkim_type_name(key->type), key->bits);
	dkim_zone_text(a->selector, a->domain, key, 1, &b);
	fputs(buf_str(&b), stdout);
	printf(_("\nFor a DNS console (paste the value as one line; "
	    "split it into strings of\nat most 255 characters only if the "
	    "console asks for it):\n\n"));
	printf("  %-6s %s._domainkey\n", _("Host:"), a->selector);
	printf("  %-6s %s._domainkey.%s\n", _("Name:"), a->selector,
	    a->domain);
	printf("  %-6s TXT\n", _("Type:"));
	printf("  %s\n%s\n", _("Value:"), value);
	printf(_("\nAfter publishing, check it with: dig +short TXT "
	    "%s._domainkey.%s\n"), a->selector, a->domain);
	if (key->type == DKIM_ED25519)
		printf(_("Ed25519 (RFC 8463) must be paired with an RSA key: "
		    "many receivers do not\nverify Ed25519 yet, so sign "
		    "with both selectors.\n"));
out:
	free(value);
	buf_clear(&b);
}

static int
cli_dkim_ask(const char *q)
{
	char	line[16];

	fprintf(stderr, "%s [y/N] ", q);
	if (fgets(line, sizeof line, stdin) == NULL)
		return 0;
	return line[0] == 'y' || line[0] == 'Y';
}

static int
cli_dkim_keygen(struct mh_opts *opts, struct cli_dkim_args *a)
{
	struct dkim_key	 key;
	struct plan	*p = NULL;
	struct audit	*au = NULL;
	struct buf	 b;
	const char	*path;
	char		*cause = NULL, *why = NULL;
	int		 r, bits, rc = MH_EXIT_RUNTIME;

	memset(&key, 0, sizeof key);
	buf_init(&b, 0);
	bits = a->bits != 0 ? a->bits : DKIM_DEFAULT_BITS;
	if (a->type == DKIM_RSA && bits == 1024)
		fprintf(stderr, _("mailharden: dkim: warning: 1024-bit RSA is "
		    "the minimum RFC 8301 allows; 2048 is recommended\n"));
	if (dkim_keygen(a->type, bits, &key, &cause) == -1) {
		fprintf(stderr, "mailharden: dkim: %s\n", cause);
		goto out;
	}
	r = dkim_plan(a->keydir, a->domain, a->selector, &key, a->force, &p,
	    &cause);
	if (r != 0) {
		fprintf(stderr, _("mailharden: dkim: %s; nothing was "
		    "written\n"), cause);
		rc = r == DKIM_PLAN_EXISTS ? MH_EXIT_USAGE : MH_EXIT_RUNTIME;
		goto out;
	}
	cli_banner(opts);
	plan_preview(p, &b);
	fputs(buf_str(&b), opts->json ? stderr : stdout);
	if (!opts->dry_run && !opts->yes) {
		if (!isatty(STDIN_FILENO)) {
			fprintf(stderr, _("mailharden: dkim: no terminal to "
			    "ask on: re-run with --yes; nothing was "
			    "written\n"));
			rc = MH_EXIT_USAGE;
			goto out;
		}
		if (!cli_dkim_ask(_("Write this key?"))) {
			printf(_("Not written.\n"));
			rc = MH_EXIT_OK;
			goto out;
		}
	}
	if (opts->dry_run && p->v[0].kind == PLAN_CMD) {
		/*
		 * plan_apply hashes every file of a dry run up front, which
		 * fails in a directory an earlier step would create.
		 */
		printf(_("\nDRY RUN: no key was saved (plan %s, not logged: "
		    "its directory does not exist yet), so there is no "
		    "record to publish yet.\n"), p->id);
		rc = MH_EXIT_OK;
		goto out;
	}
	path = opts->audit_log != NULL ? opts->audit_log : AUDIT_DEFAULT_PATH;
	if (audit_open(path, &au, &why) == -1) {
		if (!opts->dry_run) {
			fprintf(stderr, _("mailharden: dkim: %s; nothing was "
			    "written\n"), why);
			free(why);
			goto out;
		}
		free(why);
	}
	if ((au != NULL || !opts->dry_run) &&
	    plan_apply(p, au, opts->dry_run, NULL, NULL, &cause) == -1) {
		fprintf(stderr, "mailharden: dkim: %s\n", cause);
		goto out;
	}
	if (opts->dry_run) {
		printf(_("\nDRY RUN: no key was saved (plan %s), so there is "
		    "no record to publish yet.\n"), p->id);
		rc = MH_EXIT_OK;
		goto out;
	}
	fprintf(opts->json ? stderr : stdout, _("\nSaved the key (plan %s).  "
	    "Undo it with: mailharden undo --plan %s\n"), p->id, p->id);
	cli_dkim_print(a, &key, opts->json);
	rc = MH_EXIT_OK;
out:
	free(cause);
	audit_close(au);
	plan_free(p);
	buf_clear(&b);
	dkim_key_clear(&key);
	return rc;
}

static int
cli_dkim_show(struct mh_opts *opts, struct cli_dkim_args *a)
{
	struct dkim_key	 key;
	char		*path, *cause = NULL;
	int		 mode = 0, rc = MH_EXIT_RUNTIME;

	path = dkim_key_path(a->keydir, a->domain, a->selector, "private");
	if (dkim_key_load(path, &key, &mode, &cause) == -1) {
		fprintf(stderr, "mailharden: dkim: %s\n", cause);
		free(cause);
		goto out;
	}
	if (!opts->json)
		printf(_("Key: %s\n"), path);
	if ((mode & 077) != 0)
		fprintf(stderr, _("mailharden: dkim: warning: %s has mode "
		    "%04o; a private key should be 0600\n"), path, mode);
	cli_dkim_print(a, &key, opts->json);
	dkim_key_clear(&key);
	rc = MH_EXIT_OK;
out:
	free(path);
	return rc;
}

int
cli_dkim_run(int argc, char **argv, struct mh_opts *opts)
{
	static const struct option	 longopts[] = {
		{ "domain",	required_argument, NULL, OPT_DOMAIN },
		{ "selector",	required_argument, NULL, OPT_SELECTOR },
		{ "type",	required_argument, NULL, OPT_TYPE },
		{ "bits",	required_argument, NULL, OPT_BITS },
		{ "keydir",	required_argument, NULL, OPT_KEYDIR },
		{ "force",	no_argument,	   NULL, OPT_FORCE },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_dkim_args	 a;
	struct settings		 s;
	char			*cause = NULL;
	const char		*dom = NULL, *sel = NULL, *type = NULL;
	const char		*bits = NULL, *keydir = NULL, *action;
	int			 c, rc;

	memset(&a, 0, sizeof a);
	while ((c = cli_getopt(argc, argv, longopts, "dkim", opts)) != -1) {
		switch (c) {
		case 'h':
			cli_dkim_help();
			return MH_EXIT_OK;
		case OPT_DOMAIN:
			dom = optarg;
			break;
		case OPT_SELECTOR:
			sel = optarg;
			break;
		case OPT_TYPE:
			type = optarg;
			break;
		case OPT_BITS:
			bits = optarg;
			break;
		case OPT_KEYDIR:
			keydir = optarg;
			break;
		case OPT_FORCE:
			a.force = 1;
			break;
		}
	}
	if (optind >= argc)
		cli_usage_error("dkim", _("give an action: keygen or show"));
	action = argv[optind++];
	if (optind < argc)
		cli_usage_error("dkim", _("unexpected argument '%s'"),
		    argv[optind]);
	if (strcmp(action, "keygen") != 0 && strcmp(action, "show") != 0)
		cli_usage_error("dkim", _("unknown action '%s' (keygen or "
		    "show)"), action);
	if (strcmp(action, "show") == 0 && (type != NULL || bits != NULL ||
	    a.force))
		cli_usage_error("dkim", _("show takes --domain, --selector "
		    "and --keydir only"));
	/* The domain and selector default to the settings file's. */
	settings_init(&s);
	if ((dom == NULL || sel == NULL) && settings_load(&s,
	    opts->config != NULL ? opts->config : SETTINGS_DEFAULT_PATH,
	    &cause) == 0) {
		if (dom == NULL)
			dom = settings_domain(&s);
		if (sel == NULL)
			sel = s.v[SETTINGS_SELECTOR];
	} else if (cause != NULL) {
		fprintf(stderr, _("mailharden: dkim: warning: %s (the settings "
		    "file is ignored)\n"), cause);
		free(cause);
	}
	cli_dkim_check(&a, dom, sel, type, bits, keydir);
	settings_clear(&s);
	if (strcmp(action, "keygen") == 0)
		rc = cli_dkim_keygen(opts, &a);
	else
		rc = cli_dkim_show(opts, &a);
	cli_dkim_args_clear(&a);
	return rc;
}
