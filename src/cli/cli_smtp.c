/*
 * cli_smtp.c - "mailharden smtp-probe": the SMTP probes of the
 * Connectivity step on their own (provisional, until "mailharden test"
 * runs every probe): what one or more mail ports show, or with
 * --outbound whether this host can reach mail servers on port 25.
 */
#include "mh.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli/cli.h"
#include "datadir.h"
#include "detect.h"
#include "fact.h"
#include "postconf.h"
#include "probe.h"
#include "probe_smtp.h"

#define CLI_SMTP_MAX_TARGETS	16

enum {
	CLI_SMTP_IMPLICIT = 1000,
	CLI_SMTP_HOSTNAME,
	CLI_SMTP_AS_PORT,
	CLI_SMTP_POSTFIX,
	CLI_SMTP_TIMEOUT,
	CLI_SMTP_NO_RELAY,
	CLI_SMTP_OUTBOUND
};

static void
cli_smtp_help(void)
{
	printf(_("Usage: mailharden smtp-probe [options] HOST:PORT...\n"
	    "       mailharden smtp-probe --outbound [--timeout-ms N] "
	    "[HOST[:PORT]...]\n"
	    "Probe mail ports: banner, EHLO, STARTTLS, TLS and certificate, "
	    "AUTH before\nand after TLS, VRFY, EXPN, SIZE, PIPELINING and an "
	    "open-relay test (MAIL\nFROM and RCPT TO only, never DATA).  "
	    "Port 465 is probed with implicit TLS.\n\n"
	    "  --implicit-tls       smtps:// for every target\n"
	    "  --hostname H         the mail host name the certificate must "
	    "match\n"
	    "  --as-port N          name the facts after port N (port map)\n"
	    "  --postfix-config DIR read Postfix settings (postconf -c DIR) "
	    "first\n"
	    "  --timeout-ms N       deadline of each probe\n"
	    "  --no-relay           skip the open-relay test\n"
	    "  --outbound           classify outbound port 25 to the targets "
	    "(default: the\n"
	    "                       mail servers listed in outbound.conf)\n"
	    "  --json, -v           JSON document / show evidence\n"));
}

static long
cli_smtp_number(const char *s, long min, long max, const char *what)
{
	char	*end;
	long	 v;

	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < min || v > max)
		cli_usage_error("smtp-probe", _("bad %s '%s'"), what, s);
	return v;
}

/* Split "host:port" / "[v6]:port"; host points into a copy (caller frees). */
static char *
cli_smtp_target(const char *t, unsigned int *port)
{
	char	*h, *c;

	h = xstrdup(t);
	if (*h == '[') {
		c = strchr(h, ']');
		if (c == NULL || c[1] != ':')
			cli_usage_error("smtp-probe", _("bad target '%s'"), t);
		*c = '\0';
		*port = (unsigned int)cli_smtp_number(c + 2, 1, 65535,
		    _("port"));
		memmove(h, h + 1, strlen(h));
		return h;
	}
	c = strrchr(h, ':');
	if (c == NULL || strchr(h, ':') != c)
		cli_usage_error("smtp-probe", _("bad target '%s' (want "
		    "HOST:PORT)"), t);
	*c = '\0';
	*port = (unsigned int)cli_smtp_number(c + 1, 1, 65535, _("port"));
	return h;
}

static void
cli_smtp_print(const struct facts *fs, const struct mh_opts *opts,
    struct buf *out)
{
	const struct fact	*f;
	char			*v;
	size_t			 i, j;

	if (opts->json) {
		buf_printf(out, "{\"schema\":\"mailharden.smtp-probe/1\","
		    "\"tool\":\"%s\",\"version\":\"%s\",\"facts\":",
		    PACKAGE_NAME, PACKAGE_VERSION);
		facts_json(fs, out);
		buf_adds(out, "}\n");
		return;
	}
	for (i = 0; i < fs->n; i++) {
		f = &fs->v[i];
		v = fact_value_text(f);
		buf_printf(out, "%s = %s", f->name, v);
		if (f->state != FACT_KNOWN && f->reason != NULL)
			buf_printf(out, " (%s)", f->reason);
		buf_addc(out, '\n');
		free(v);
		if (!opts->verbose)
			continue;
		for (j = 0; j < f->nev; j++)
			buf_printf(out, "    %s: %s\n", f->ev[j].source,
			    f->ev[j].text);
	}
}

int
cli_smtp_run(int argc, char **argv, struct mh_opts *opts)
{
	static const struct option	 longopts[] = {
		{ "implicit-tls", no_argument, NULL, CLI_SMTP_IMPLICIT },
		{ "hostname", required_argument, NULL, CLI_SMTP_HOSTNAME },
		{ "as-port", required_argument, NULL, CLI_SMTP_AS_PORT },
		{ "postfix-config", required_argument, NULL, CLI_SMTP_POSTFIX },
		{ "timeout-ms", required_argument, NULL, CLI_SMTP_TIMEOUT },
		{ "no-relay", no_argument, NULL, CLI_SMTP_NO_RELAY },
		{ "outbound", no_argument, NULL, CLI_SMTP_OUTBOUND },
		{ NULL, 0, NULL, 0 }
	};
	struct probe_opts		 po;
	struct probe_smtp_opts		 so;
	struct probe_smtp_run		*runs[CLI_SMTP_MAX_TARGETS];
	struct probe_smtp_run		*orun = NULL;
	struct probe_loop		*loop = NULL;
	struct detect_ctx		 ctx;
	struct facts			*fs;
	struct buf			 out;
	const char			*hostname = NULL, *pfdir = NULL;
	char				*hosts[CLI_SMTP_MAX_TARGETS];
	char				*cause = NULL, *path, **list = NULL;
	unsigned int			 ports[CLI_SMTP_MAX_TARGETS];
	unsigned int			 as_port = 0;
	size_t				 n = 0, nlist = 0, i;
	int				 c, implicit = 0, timeout = 0;
	int				 no_relay = 0, outbound = 0;
	int				 rc = MH_EXIT_OK;

	while ((c = cli_getopt(argc, argv, longopts, "smtp-probe",
	    opts)) != -1) {
		switch (c) {
		case 'h':
			cli_smtp_help();
			return MH_EXIT_OK;
		case CLI_SMTP_IMPLICIT:
			implicit = 1;
			break;
		case CLI_SMTP_HOSTNAME:
			hostname = optarg;
			break;
		case CLI_SMTP_AS_PORT:
			as_port = (unsigned int)cli_smtp_number(optarg, 1,
			    65535, _("port"));
			break;
		case CLI_SMTP_POSTFIX:
			pfdir = optarg;
			break;
		case CLI_SMTP_TIMEOUT:
			timeout = (int)cli_smtp_number(optarg, 1, 600000,
			    _("timeout"));
			break;
		case CLI_SMTP_NO_RELAY:
			no_relay = 1;
			break;
		case CLI_SMTP_OUTBOUND:
			outbound = 1;
			break;
		}
	}
	if (!outbound && optind >= argc)
		cli_usage_error("smtp-probe", _("no HOST:PORT to probe"));
	if (argc - optind > CLI_SMTP_MAX_TARGETS)
		cli_usage_error("smtp-probe", _("at most %d targets"),
		    CLI_SMTP_MAX_TARGETS);

	fs = facts_create();
	memset(&po, 0, sizeof po);
	po.dns_server = opts->dns_server;
	loop = probe_loop_create(&po, &cause);
	if (loop == NULL) {
		fprintf(stderr, "mailharden: smtp-probe: %s\n", cause);
		free(cause);
		facts_free(fs);
		return MH_EXIT_RUNTIME;
	}
	if (outbound) {
		if (optind < argc)
			orun = probe_smtp_outbound(loop, fs,
			    (const char *const *)(argv + optind),
			    (size_t)(argc - optind), timeout);
		else {
			path = datadir_file("outbound.conf");
			if (probe_smtp_outbound_load(path, &list, &nlist,
			    &cause) == -1) {
				fprintf(stderr, "mailharden: smtp-probe: %s\n",
				    cause);
				free(cause);
				free(path);
				rc = MH_EXIT_RUNTIME;
				goto out;
			}
			free(path);
			orun = probe_smtp_outbound(loop, fs,
			    (const char *const *)list, nlist, timeout);
		}
	} else {
		if (pfdir != NULL) {
			detect_ctx_init(&ctx, opts->root);
			postconf_run(&ctx, pfdir, fs);
		}
		for (i = 0; optind + (int)i < argc; i++) {
			hosts[n] = cli_smtp_target(argv[optind + i],
			    &ports[n]);
			n++;
		}
		for (i = 0; i < n; i++) {
			memset(&so, 0, sizeof so);
			so.host = hosts[i];
			so.port = ports[i];
			so.fact_port = as_port;
			so.implicit_tls = implicit || ports[i] == 465;
			so.mail_host = hostname;
			so.timeout_ms = timeout;
			so.no_relay = no_relay;
			runs[i] = probe_smtp_start(loop, fs, &so);
		}
	}
	probe_loop_run(loop, -1);

	buf_init(&out, 0);
	cli_smtp_print(fs, opts, &out);
	if (fwrite(buf_str(&out), 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0) {
		perror("mailharden: smtp-probe: stdout");
		rc = MH_EXIT_RUNTIME;
	}
	buf_clear(&out);
out:
	for (i = 0; i < n; i++) {
		probe_smtp_free(runs[i]);
		free(hosts[i]);
	}
	probe_smtp_free(orun);
	for (i = 0; i < nlist; i++)
		free(list[i]);
	free(list);
	probe_loop_free(loop);
	facts_free(fs);
	return rc;
}
