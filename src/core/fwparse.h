/*
 * fwparse.h - parsers for firewall tool output and the "which firewall
 * filters" decision.
 *
 * Input is untrusted text (command output, capped by exec): parsers are
 * strict, never crash, and turn anything unexpected into -1 with a
 * one-line reason.  detect_fw.c runs the commands and makes facts.
 */
#ifndef MH_FWPARSE_H
#define MH_FWPARSE_H

#include <stddef.h>

#define FWPARSE_MAX_TABLES	256
#define FWPARSE_IPT_TABLES	8
#define FWPARSE_NAME		32

/* One `iptables-save` / `ip6tables-save` output (nft or legacy). */
struct fwparse_ipt {
	char	tables[FWPARSE_IPT_TABLES][FWPARSE_NAME];
	size_t	ntables;
	char	input_policy[FWPARSE_NAME];	/* "" when no filter INPUT */
	int	input_rules;	/* -A INPUT in *filter, docker excluded */
	int	rules;		/* *filter rules outside OUTPUT, no docker */
	int	docker_rules;	/* rules in / jumping to DOCKER* chains */
	int	docker_chains;	/* DOCKER* chains in any table */
	int	ufw_chains;	/* ufw-* chains: ufw manages this backend */
	int	ufw_user_input;	/* the chain `ufw status` looks for */
	int	fwd_chains;	/* firewalld (iptables backend) chains */
	int	legacy_warning;	/* "iptables-legacy tables present" */
};

int	fwparse_ipt(const char *text, struct fwparse_ipt *, char **cause);
/* Has this save output a table of that name ("filter")? */
int	fwparse_ipt_has_table(const struct fwparse_ipt *, const char *);

/* Who made an nftables table. */
enum fwparse_owner {
	FWPARSE_OWN_NFT,	/* nft itself / nftables.service / by hand */
	FWPARSE_OWN_IPTNFT,	/* iptables-nft (ufw, docker, scripts) */
	FWPARSE_OWN_FIREWALLD,
	FWPARSE_OWN_DOCKER	/* Docker's native nftables backend */
};

struct fwparse_nft_table {
	char			*family;
	char			*name;
	int			 chains;
	int			 rules;
	int			 input_chains;	/* filter, hook input */
	int			 input_rules;
	int			 input_drop;	/* one has policy drop */
	enum fwparse_owner	 owner;
};

/* `nft list ruleset`. */
struct fwparse_nft {
	struct fwparse_nft_table *t;
	size_t			  n;
};

int	fwparse_nft(const char *text, struct fwparse_nft *, char **cause);
void	fwparse_nft_free(struct fwparse_nft *);
/*
 * Set each table's owner.  v4 / v6 are the iptables-nft-save outputs
 * (NULL when unknown: then ip/ip6 tables named like iptables tables
 * with upper-case base chains count as iptables-nft's).
 */
void	fwparse_nft_owners(struct fwparse_nft *, const struct fwparse_ipt *v4,
	    const struct fwparse_ipt *v6);
/* Does this table filter inbound traffic (rules or drop on input)? */
int	fwparse_nft_filters(const struct fwparse_nft_table *);
const char *fwparse_owner_name(enum fwparse_owner);

/* First line of `ufw status`: 1 active, 0 inactive, -1 (cause) else. */
int	fwparse_ufw_status(const char *text, char **cause);
/* ENABLED= of /etc/ufw/ufw.conf: 1 yes, 0 no, -1 not set/garbage. */
int	fwparse_ufw_conf(const char *text, char **line);
/* `firewall-cmd --state`: 1 running, 0 not running, -1 (cause). */
int	fwparse_fwcmd_state(int status, const char *out, const char *err,
	    char **cause);
/* /proc/net/ip_tables_names: number of tables, -1 on garbage. */
int	fwparse_names(const char *text);

/*
 * The decision.  Every field is 1 yes, 0 no, -1 unknown; counts are
 * >= 0 or -1 unknown.
 */
struct fwparse_state {
	int	firewalld;		/* running */
	int	firewalld_enabled;	/* enabled at boot */
	int	ufw;			/* active */
	int	ufw_enabled;		/* ufw.conf ENABLED=yes */
	int	nft;			/* an own nft table filters input */
	int	nft_own_tables;		/* own nft tables with chains */
	int	ipt_nft;		/* INPUT rules or non-ACCEPT policy */
	int	ipt_nft_rules;
	int	ipt_nft_ufw;		/* ufw chains live here */
	int	ipt_nft_fwd;		/* firewalld chains live here */
	int	ipt_legacy;
	int	ipt_legacy_rules;
	int	ipt_legacy_ufw;
	int	ipt_legacy_fwd;
	int	docker;
};

#define FWPARSE_MAX_CONFLICTS	8

struct fwparse_verdict {
	const char	*active;	/* NULL = unknown */
	const char	*filtering[5];	/* everything that filters */
	size_t		 nfiltering;
	char		*unknown;	/* why active is NULL, or what is */
	char		*conflicts[FWPARSE_MAX_CONFLICTS];
	size_t		 nconflicts;
};

void	fwparse_state_init(struct fwparse_state *);
void	fwparse_decide(const struct fwparse_state *,
	    struct fwparse_verdict *);
void	fwparse_verdict_free(struct fwparse_verdict *);

#endif
