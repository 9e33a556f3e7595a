/*
 * fw.h - host firewall backends.
 *
 * One file per backend (fw_firewalld.c, fw_ufw.c, fw_nft.c,
 * fw_iptables.c, fw_null.c), each exporting one struct fw_backend;
 * fw.c holds the NULL-terminated table and the shared helpers.  A
 * backend never runs a changing command itself: plan_open / plan_close
 * add steps to a plan (with inverse and verification) and plan_apply
 * runs them.  Backends only run read-only commands (to find what is
 * already open, which chain filters, which zone) through exec.
 *
 * Every backend handles IPv4 and IPv6 and is idempotent: a port that is
 * already open yields no step.  Opening on an inactive firewall never
 * enables it unless ctx->enable, and enabling a default-deny policy
 * always allows ctx->ssh_ports (and established/related traffic) first.
 */
#ifndef MH_FW_H
#define MH_FW_H

#include <stddef.h>

struct buf;
struct facts;
struct plan;

#define FW_MAX_PORTS	32

struct fw_ctx {
	const struct facts *facts;	/* from detection, may be NULL */
	const int	*ssh_ports;	/* never closed, allowed first */
	size_t		 nssh;
	int		 enable;	/* may enable an inactive firewall */
	const char	*zone;		/* firewalld zone; NULL = detect */
	int		 timeout_ms;	/* per read-only query */
};

struct fw_backend {
	const char	*name;		/* "ufw", "iptables-nft", ... */
	const char	*title;		/* N_() one line */
	/* Usable here (installed, daemon state)?  -1 with *cause if not. */
	int		(*probe)(const struct fw_ctx *, char **cause);
	/* Is tcp port open now, per family?  -1 with *cause if unknown. */
	int		(*status)(const struct fw_ctx *, int port, int *open4,
			    int *open6, char **cause);
	int		(*plan_open)(const struct fw_ctx *, const int *ports,
			    size_t n, struct plan *, char **cause);
	int		(*plan_close)(const struct fw_ctx *, const int *ports,
			    size_t n, struct plan *, char **cause);
	/* Rules as normalized text (for previews, tests and the audit). */
	int		(*snapshot)(const struct fw_ctx *, struct buf *,
			    char **cause);
};

extern const struct fw_backend	 fw_firewalld_backend;
extern const struct fw_backend	 fw_ufw_backend;
extern const struct fw_backend	 fw_nft_backend;
extern const struct fw_backend	 fw_iptables_nft_backend;
extern const struct fw_backend	 fw_iptables_legacy_backend;
extern const struct fw_backend	 fw_null_backend;

/* NULL-terminated, in detection order. */
extern const struct fw_backend	*const fw_backends[];

const struct fw_backend *fw_backend_find(const char *name);
/* The backend named by the fw.active fact, or NULL. */
const struct fw_backend *fw_backend_active(const struct facts *);

/*
 * Parse "25,465,587" (or "smtp,submission" names) into ports[]:
 * 1..65535, no duplicates, at most FW_MAX_PORTS.  -1 with *cause naming
 * the bad item.
 */
int	fw_parse_ports(const char *, int *ports, size_t *n, char **cause);

/*
 * Helper run by plan steps as `mailharden __fw-helper ARGS` (the nft
 * backend: delete or check a rule found by its text, because its handle
 * is only known once added; print the ruleset for nftables.conf).
 * argv starts at "__fw-helper"; stdout text goes into out.  Returns the
 * exit status (0 done / present, 1 absent, 2 usage, 3 failure) with
 * *cause set when not 0.
 */
#define FW_HELPER_ARG	"__fw-helper"
int	fw_helper(int argc, char **argv, struct buf *out, char **cause);

#endif
