/*
 * clouds.h - the cloud provider table from data/clouds.conf.
 *
 * One loaded, validated copy of the file: per provider its DMI markers,
 * cloud-init ids, outbound port-25 policy with the unblock and relay
 * advice, the PTR procedure and the security-group layer.  The System
 * step matches DMI values against it (clouds_match); the Firewall step
 * reads port25 / security_group (clouds_sg_command), the DNS step reads
 * ptr.  Every string is owned by the struct clouds (copied out of
 * libconfig before config_destroy).
 */
#ifndef MH_CLOUDS_H
#define MH_CLOUDS_H

#include <stddef.h>

/* The files of /sys/class/dmi/id that rules may look at. */
enum clouds_dmi_key {
	CLOUDS_DMI_CHASSIS_ASSET_TAG,
	CLOUDS_DMI_SYS_VENDOR,
	CLOUDS_DMI_PRODUCT_NAME,
	CLOUDS_DMI_PRODUCT_VERSION,
	CLOUDS_DMI_BIOS_VENDOR,
	CLOUDS_DMI_BIOS_VERSION,
	CLOUDS_DMI_BOARD_VENDOR,
	CLOUDS_DMI_CHASSIS_VENDOR,
	CLOUDS_DMI_NKEYS
};

enum clouds_op {
	CLOUDS_OP_EQUALS,
	CLOUDS_OP_CONTAINS,
	CLOUDS_OP_PREFIX
};

enum clouds_outbound {
	CLOUDS_OUT_BLOCKED,
	CLOUDS_OUT_RESTRICTED,
	CLOUDS_OUT_OPEN,
	CLOUDS_OUT_VARIES
};

/* A text with an optional Simplified Chinese variant (zh may be NULL). */
struct clouds_text {
	char	*en;
	char	*zh;
};

struct clouds_cond {
	enum clouds_dmi_key	 key;
	enum clouds_op		 op;
	char			*value;		/* trimmed */
};

/* A match group: all conditions must hold. */
struct clouds_match {
	struct clouds_cond	*conds;
	size_t			 nconds;
	int			 tier;	/* 0 asset tag .. 3 other files */
	int			 line;
};

struct clouds_provider {
	char			*id;
	struct clouds_text	 name;
	struct clouds_match	*matches;
	size_t			 nmatches;
	char			**cloud_init;
	size_t			 ncloud_init;
	enum clouds_outbound	 outbound;
	struct clouds_text	 port25_note;
	struct clouds_text	 unblock;
	struct clouds_text	 relay;
	struct clouds_text	 ptr;
	struct clouds_text	 sg_console;	/* en NULL: no sg section */
	char			*sg_cli;	/* NULL or template, {port} */
	int			 line;		/* of the entry */
	int			 outbound_line;
};

struct clouds {
	char			*file;		/* as named in errors */
	struct clouds_provider	*v;
	size_t			 n;
};

/* DMI values as read (trimmed; NULL = file absent or unreadable). */
struct clouds_dmi {
	char	*v[CLOUDS_DMI_NKEYS];
};

/* What clouds_match found. */
struct clouds_hit {
	const struct clouds_provider	*p;
	const struct clouds_match	*m;	/* NULL when by cloud-init */
	const char			*cloud_init; /* the id that matched */
};

#define CLOUDS_MAX_PROVIDERS	256
#define CLOUDS_DMI_DIR		"/sys/class/dmi/id"
#define CLOUDS_CLOUD_ID_FILE	"/run/cloud-init/cloud-id"

/*
 * Load and validate.  On error returns -1 with *cause = "file:line:
 * reason" (caller frees) and cl left empty.  clouds_load_string parses
 * text (named 'name' in errors) through the same validation.
 */
int	 clouds_load(const char *path, struct clouds *, char **cause);
int	 clouds_load_string(const char *text, const char *name,
	    struct clouds *, char **cause);
void	 clouds_free(struct clouds *);

const struct clouds_provider *clouds_find(const struct clouds *,
	    const char *id);

/*
 * Match DMI values, then the cloud-init id (either may be NULL).
 * Groups with chassis_asset_tag first, then sys_vendor, then
 * product_name, then other files; within a tier, file order.  Returns 1
 * and fills *hit, or 0.
 */
int	 clouds_match(const struct clouds *, const struct clouds_dmi *,
	    const char *cloud_id, struct clouds_hit *);
int	 clouds_cond_holds(const struct clouds_cond *, const char *value);

/* "sys_vendor", "equals", "blocked" ...; name lookups return -1. */
const char *clouds_dmi_name(enum clouds_dmi_key);
int	 clouds_dmi_key(const char *);
const char *clouds_op_name(enum clouds_op);
const char *clouds_outbound_name(enum clouds_outbound);
int	 clouds_outbound_parse(const char *, enum clouds_outbound *);

/* 1 when a locale name ("zh_CN.UTF-8") means Chinese text. */
int	 clouds_locale_is_zh(const char *);
/* 1 when the current LC_MESSAGES locale is Chinese. */
int	 clouds_want_zh(void);
/* zh text when zh is set and present, the English text otherwise. */
const char *clouds_text_get(const struct clouds_text *, int zh);
/* The same for the current locale. */
const char *clouds_tr(const struct clouds_text *);

/* The security-group CLI with {port} filled in, or NULL (caller frees). */
char	*clouds_sg_command(const struct clouds_provider *, unsigned int port);

#endif
