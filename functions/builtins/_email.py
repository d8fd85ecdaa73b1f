"""Email address parsing and domain normalisation shared by the domain-based steps.

Deliberately strict: an address we cannot read unambiguously is refused, because the
"domain" a naive split finds is not always the one mail is delivered to
(``user@evil.com@good.com``, quoted local parts, source routes, IP literals).
"""

_LDH = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
# RFC 5322 atext; quotes, backslashes, comments, brackets and the legacy routing
# characters '%' and '!' are left out on purpose.
_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.#$&'*+-/=?^_`{|}~")


def normalize_domain(raw: str) -> str | None:
    """Lower-case, drop one trailing dot, IDN to punycode; ``None`` if it is not a DNS name."""
    if not isinstance(raw, str) or not raw or len(raw) > 255:
        return None
    domain = raw.lower()
    if domain.endswith("."):
        domain = domain[:-1]
    if not domain.isascii():
        try:
            # Imported only when needed: encodings.idna pulls in stringprep and unicodedata.
            import encodings.idna  # noqa: F401

            domain = domain.encode("idna").decode("ascii").lower()
        except (UnicodeError, ValueError):
            return None
    labels = domain.split(".")
    if len(labels) < 2 or labels[-1].isdigit():
        return None  # single labels and IPv4-looking names are not mail domains here
    for label in labels:
        if not label or len(label) > 63 or label[0] == "-" or label[-1] == "-" or not _LDH.issuperset(label):
            return None
    return domain


def email_domain(address) -> str | None:
    """The normalised domain of an address, or ``None`` if the address is ambiguous or invalid."""
    if not isinstance(address, str) or len(address) > 320 or address.count("@") != 1:
        return None
    local, domain = address.split("@")
    if not local or len(local) > 64 or local[0] == "." or local[-1] == "." or ".." in local:
        return None
    for char in local:
        if char not in _LOCAL and not (ord(char) > 127 and char.isprintable() and not char.isspace()):
            return None
    if not domain.isascii() and not all(c.isprintable() and not c.isspace() for c in domain):
        return None
    return normalize_domain(domain)


def matches(domain: str, listed: list, subdomains: bool) -> bool:
    """Whether ``domain`` is one of ``listed`` (already normalised), or below one if ``subdomains``."""
    for entry in listed:
        if domain == entry or (subdomains and domain.endswith("." + entry)):
            return True
    return False

