/*
 * validate.c - checks of the operator's answers in the Domain step.
 * Pure functions: a normalized value or a one-line reason, nothing
 * else.  Internationalized names become A-labels through libidn2
 * (IDNA 2008, non-transitional, NFC input).
 */
#include "mh.h"

#include <arpa/inet.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <idn2.h>

#include "fact.h"
#include "ipaddr.h"
#include "validate.h"

#define VALIDATE_NAME_MAX	253
#define VALIDATE_LABEL_MAX	63
#define VALIDATE_LOCAL_MAX	64
#define VALIDATE_ADDR_MAX	254

static int
validate_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* Printable copy of what the operator typed, for a reason. */
static char *
validate_show(const char *s)
{
	return mh_sanitize(s, 80);
}

static int
validate_label(const char *l, size_t n, const char *what, char **cause)
{
	size_t	i;
	char	c;
	char	*show;

	show = xstrndup(l, n);
	for (i = 0; i < n; i++)
		if (!isprint((unsigned char)show[i]))
			show[i] = '?';
	if (n > VALIDATE_LABEL_MAX) {
		xasprintf(cause, _("%s: label '%.20s...' is %zu characters "
		    "long; at most %d are allowed"), what, show, n,
		    VALIDATE_LABEL_MAX);
		goto bad;
	}
	for (i = 0; i < n; i++) {
		c = l[i];
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-')
			continue;
		xasprintf(cause, _("%s: label '%s' has '%c'; only letters, "
		    "digits and hyphens are allowed"), what, show,
		    isprint((unsigned char)c) ? c : '?');
		goto bad;
	}
	if (l[0] == '-' || l[n - 1] == '-') {
		xasprintf(cause, _("%s: label '%s' starts or ends with a "
		    "hyphen"), what, show);
		goto bad;
	}
	free(show);
	return 0;
bad:
	free(show);
	return -1;
}

/* An ASCII name, lower case, no trailing dot: check the LDH rules. */
static int
validate_ldh(const char *s, int minlabels, const char *what, char **cause)
{
	const char	*p, *dot, *last = s;
	size_t		 n, len = strlen(s);
	int		 nlabels = 0, digits;

	if (len == 0) {
		xasprintf(cause, _("%s: empty"), what);
		return -1;
	}
	if (len > VALIDATE_NAME_MAX) {
		xasprintf(cause, _("%s: %zu characters long; at most %d are "
		    "allowed"), what, len, VALIDATE_NAME_MAX);
		return -1;
	}
	for (p = s;; p = dot + 1) {
		dot = strchr(p, '.');
		n = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (n == 0) {
			xasprintf(cause, _("%s: empty label (two dots in a "
			    "row, or a leading dot)"), what);
			return -1;
		}
		if (validate_label(p, n, what, cause) == -1)
			return -1;
		nlabels++;
		last = p;
		if (dot == NULL)
			break;
	}
	if (nlabels < minlabels) {
		xasprintf(cause, _("%s: '%s' has only one label; a fully "
		    "qualified name such as example.com is needed"), what, s);
		return -1;
	}
	digits = 1;
	for (p = last; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p))
			digits = 0;
	if (digits) {
		xasprintf(cause, _("%s: the last label '%s' is all digits "
		    "(an address is not a name)"), what, last);
		return -1;
	}
	return 0;
}

static int
validate_name(const char *in, int minlabels, const char *what, char **out,
    char **cause)
{
	char	*s = NULL, *a = NULL, *show;
	size_t	 len, i;
	int	 rc;

	if (in == NULL || *in == '\0') {
		xasprintf(cause, _("%s: empty"), what);
		return -1;
	}
	len = strlen(in);
	if (len > VALIDATE_INPUT_CAP) {
		xasprintf(cause, _("%s: far too long (%zu bytes)"), what, len);
		return -1;
	}
	s = xstrdup(in);
	if (len > 1 && s[len - 1] == '.')
		s[--len] = '\0';
	if (!validate_ascii(s)) {
		if (!mh_utf8_valid(s, len)) {
			xasprintf(cause, _("%s: not valid UTF-8 text"), what);
			goto bad;
		}
		rc = idn2_to_ascii_8z(s, &a, IDN2_NFC_INPUT |
		    IDN2_NONTRANSITIONAL);
		if (rc != IDN2_OK) {
			show = validate_show(s);
			xasprintf(cause, _("%s: '%s' is not a valid "
			    "internationalized name: %s"), what, show,
			    idn2_strerror(rc));
			free(show);
			goto bad;
		}
		free(s);
		s = xstrdup(a);
		idn2_free(a);
	}
	for (i = 0; s[i] != '\0'; i++)
		s[i] = (char)tolower((unsigned char)s[i]);
	if (validate_ldh(s, minlabels, what, cause) == -1)
		goto bad;
	if (out != NULL)
		*out = s;
	else
		free(s);
	return 0;
bad:
	free(s);
	return -1;
}

int
validate_domain(const char *in, int mail, char **out, char **cause)
{
	return validate_name(in, mail ? 2 : 1, _("domain"), out, cause);
}

int
validate_hostname(const char *in, char **out, char **cause)
{
	return validate_name(in, 2, _("host name"), out, cause);
}

int
validate_ip(const char *in, int family, int allow_private, char **out,
    char **cause)
{
	unsigned char		 b[16];
	char			 text[INET6_ADDRSTRLEN], *show;
	enum ipaddr_class	 cls;
	int			 fam;

	if (in == NULL || *in == '\0') {
		xasprintf(cause, _("address: empty"));
		return -1;
	}
	show = validate_show(in);
	fam = strlen(in) < INET6_ADDRSTRLEN + 8 ? ipaddr_family(in) : 0;
	if (fam == 0 || (family != 0 && fam != family)) {
		if (fam != 0)
			xasprintf(cause, _("'%s' is an IPv%d address; an IPv%d "
			    "address is needed here"), show, fam, family);
		else if (family == 4)
			xasprintf(cause, _("'%s' is not an IPv4 address "
			    "(a.b.c.d)"), show);
		else if (family == 6)
			xasprintf(cause, _("'%s' is not an IPv6 address"),
			    show);
		else
			xasprintf(cause, _("'%s' is not an IP address"), show);
		free(show);
		return -1;
	}
	free(show);
	if (inet_pton(fam == 4 ? AF_INET : AF_INET6, in, b) != 1 ||
	    inet_ntop(fam == 4 ? AF_INET : AF_INET6, b, text,
	    sizeof text) == NULL) {
		xasprintf(cause, _("'%s' is not an IP address"), in);
		return -1;
	}
	cls = ipaddr_classify_bytes(b, fam);
	if (cls == IPADDR_RESERVED || cls == IPADDR_INVALID) {
		xasprintf(cause, _("%s is a %s address (multicast, "
		    "unspecified or reserved); no mail server can use it"),
		    text, ipaddr_class_name(cls));
		return -1;
	}
	if (cls != IPADDR_PUBLIC && !allow_private) {
		xasprintf(cause, _("%s is a %s address, not reachable from "
		    "the Internet: give the public one (allow it for a lab "
		    "with --allow-private)"), text, ipaddr_class_name(cls));
		return -1;
	}
	if (out != NULL)
		*out = xstrdup(text);
	return 0;
}

/* atext of RFC 5322 3.2.3. */
static int
validate_atext(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL;
}

int
validate_mailaddr(const char *in, char **out, char **cause)
{
	const char	*at;
	char		*local = NULL, *dom = NULL, *why = NULL, *show;
	size_t		 n, i;
	int		 rc = -1;

	if (in == NULL || *in == '\0') {
		xasprintf(cause, _("mail address: empty"));
		return -1;
	}
	show = validate_show(in);
	if (strlen(in) > VALIDATE_INPUT_CAP ||
	    (at = strrchr(in, '@')) == NULL || at == in) {
		xasprintf(cause, _("mail address: '%s' is not of the form "
		    "name@domain"), show);
		goto out;
	}
	n = (size_t)(at - in);
	local = xstrndup(in, n);
	if (n > VALIDATE_LOCAL_MAX) {
		xasprintf(cause, _("mail address: the part before '@' is %zu "
		    "characters; at most %d are allowed"), n,
		    VALIDATE_LOCAL_MAX);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (local[i] == '.') {
			if (i == 0 || i == n - 1 || local[i + 1] == '.') {
				xasprintf(cause, _("mail address: '%s' has a "
				    "dot at the start, at the end or twice in "
				    "a row before '@'"), show);
				goto out;
			}
			continue;
		}
		if (!validate_atext(local[i])) {
			xasprintf(cause, _("mail address: '%s' has a character "
			    "not allowed before '@' (no spaces, quotes or "
			    "non-ASCII)"), show);
			goto out;
		}
	}
	if (validate_domain(at + 1, 1, &dom, &why) == -1) {
		xasprintf(cause, _("mail address: %s"), why);
		goto out;
	}
	if (strchr(dom, '.') == NULL) {
		xasprintf(cause, _("mail address: domain '%s' has only one "
		    "label"), dom);
		goto out;
	}
	if (n + 1 + strlen(dom) > VALIDATE_ADDR_MAX) {
		xasprintf(cause, _("mail address: longer than %d characters"),
		    VALIDATE_ADDR_MAX);
		goto out;
	}
	if (out != NULL)
		xasprintf(out, "%s@%s", local, dom);
	rc = 0;
out:
	free(show);
	free(local);
	free(dom);
	free(why);
	return rc;
}

int
validate_report_addr(const char *in, char **out, char **cause)
{
	if (in != NULL && strncasecmp(in, "mailto:", 7) == 0)
		in += 7;
	return validate_mailaddr(in, out, cause);
}

int
validate_selector(const char *in, char **out, char **cause)
{
	char	*s, *why = NULL;
	size_t	 i, n;

	if (in == NULL || *in == '\0') {
		xasprintf(cause, _("DKIM selector: empty"));
		return -1;
	}
	n = strlen(in);
	if (n > VALIDATE_LABEL_MAX) {
		xasprintf(cause, _("DKIM selector: %zu characters; at most %d "
		    "are allowed (it is one DNS label)"), n,
		    VALIDATE_LABEL_MAX);
		return -1;
	}
	s = xstrdup(in);
	for (i = 0; i < n; i++)
		s[i] = (char)tolower((unsigned char)s[i]);
	if (validate_label(s, n, _("DKIM selector"), &why) == -1) {
		*cause = why;
		free(s);
		return -1;
	}
	if (out != NULL)
		*out = s;
	else
		free(s);
	return 0;
}

int
validate_dmarc_policy(const char *in, char **out, char **cause)
{
	static const char *const	 pol[] = { "none", "quarantine",
					    "reject" };
	char				*show;
	size_t				 i;

	for (i = 0; in != NULL && i < nitems(pol); i++) {
		if (strcasecmp(in, pol[i]) == 0) {
			if (out != NULL)
				*out = xstrdup(pol[i]);
			return 0;
		}
	}
	show = validate_show(in != NULL ? in : "");
	xasprintf(cause, _("DMARC policy: '%s' is not one of none, "
	    "quarantine, reject"), show);
	free(show);
	return -1;
}
