/*
 * fwdrive.c - a small driver for the firewall backend tests: plans,
 * applies and undoes through the real plan engine, audit log and undo
 * code, so the shell tests can run it inside a network namespace.
 *
 *   fwdrive BACKEND status PORT
 *   fwdrive BACKEND snapshot
 *   fwdrive BACKEND plan open|close PORTS [SSHPORTS]
 *   fwdrive BACKEND apply open|close PORTS AUDITLOG [SSHPORTS]
 *   fwdrive undo AUDITLOG
 *   fwdrive __fw-helper ...     (the helper steps call this program)
 *
 * plan and apply print "steps=N" on the first line, then the preview.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "fw.h"
#include "plan.h"
#include "undo.h"

static int
fwdrive_usage(void)
{
	fprintf(stderr, "usage: fwdrive BACKEND status|snapshot|plan|apply "
	    "... | fwdrive undo LOG\n");
	return 2;
}

static int
fwdrive_undo(const char *path)
{
	struct undo_sel		 sel;
	struct undo_report	 rep;
	struct audit		*a;
	struct buf		 out;
	char			*cause = NULL;
	int			 rc;

	if (audit_open(path, &a, &cause) != 0) {
		fprintf(stderr, "fwdrive: %s\n", cause);
		free(cause);
		return 3;
	}
	memset(&sel, 0, sizeof sel);
	memset(&rep, 0, sizeof rep);
	sel.last = 1;
	sel.action = "undo";
	sel.reason = "fwdrive test";
	sel.timeout_ms = 20000;
	buf_init(&out, 0);
	rc = undo_run(path, a, &sel, &out, &rep, &cause);
	fputs(buf_str(&out), stdout);
	printf("undone=%zu failed=%zu\n", rep.undone, rep.failed);
	if (rc != 0)
		fprintf(stderr, "fwdrive: undo: %s\n", cause ? cause : "?");
	free(cause);
	undo_report_clear(&rep);
	buf_clear(&out);
	audit_close(a);
	return rc == 0 ? 0 : 3;
}

int
main(int argc, char **argv)
{
	const struct fw_backend	*be;
	struct fw_ctx		 ctx;
	struct plan		*pl = NULL;
	struct audit		*a = NULL;
	struct buf		 out;
	int			 ports[FW_MAX_PORTS], ssh[FW_MAX_PORTS];
	int			 o4, o6, rc = 3, open, apply;
	size_t			 n = 0, nssh = 0;
	char			*cause = NULL;
	const char		*sshlist;

	if (argc >= 2 && strcmp(argv[1], FW_HELPER_ARG) == 0) {
		buf_init(&out, 0);
		rc = fw_helper(argc - 1, argv + 1, &out, &cause);
		fputs(buf_str(&out), stdout);
		if (cause != NULL)
			fprintf(stderr, "fwdrive: %s\n", cause);
		free(cause);
		buf_clear(&out);
		return rc;
	}
	if (argc == 3 && strcmp(argv[1], "undo") == 0)
		return fwdrive_undo(argv[2]);
	if (argc < 3 || (be = fw_backend_find(argv[1])) == NULL)
		return fwdrive_usage();
	memset(&ctx, 0, sizeof ctx);
	ctx.timeout_ms = 20000;
	buf_init(&out, 0);
	if (strcmp(argv[2], "status") == 0 && argc == 4) {
		if (be->status(&ctx, (int)strtol(argv[3], NULL, 10), &o4, &o6,
		    &cause) != 0)
			goto fail;
		printf("v4=%d v6=%d\n", o4, o6);
		rc = 0;
		goto out;
	}
	if (strcmp(argv[2], "snapshot") == 0 && argc == 3) {
		if (be->snapshot(&ctx, &out, &cause) != 0)
			goto fail;
		fputs(buf_str(&out), stdout);
		rc = 0;
		goto out;
	}
	apply = strcmp(argv[2], "apply") == 0;
	if ((!apply && strcmp(argv[2], "plan") != 0) || argc < 5 ||
	    argc > 6 + apply)
		return fwdrive_usage();
	open = strcmp(argv[3], "open") == 0;
	if (fw_parse_ports(argv[4], ports, &n, &cause) != 0)
		goto fail;
	sshlist = argc == 6 + apply ? argv[5 + apply] : NULL;
	if (sshlist != NULL && fw_parse_ports(sshlist, ssh, &nssh, &cause) !=
	    0)
		goto fail;
	ctx.ssh_ports = ssh;
	ctx.nssh = nssh;
	pl = plan_create("firewall", be->name);
	if ((open ? be->plan_open : be->plan_close)(&ctx, ports, n, pl,
	    &cause) != 0)
		goto fail;
	printf("steps=%zu\n", pl->n);
	plan_preview(pl, &out);
	fputs(buf_str(&out), stdout);
	fflush(stdout);
	if (apply) {
		if (audit_open(argv[5], &a, &cause) != 0)
			goto fail;
		if (plan_apply(pl, a, 0, NULL, NULL, &cause) != 0)
			goto fail;
		printf("applied\n");
	}
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "fwdrive: %s\n", cause != NULL ? cause : "failed");
out:
	if (a != NULL)
		audit_close(a);
	plan_free(pl);
	free(cause);
	buf_clear(&out);
	return rc;
}
