"""The step and settings shared by ``email-domain-allowlist`` and ``email-domain-denylist``.

Kept apart from ``_email`` so that ``auto-confirm``, which only needs the parser, does not
ship this code.
"""

from ..runtime import event as ev
from ..runtime.errors import Reject
from ._email import email_domain, matches


def domain_list_settings(domains_doc: str, subdomains: bool, subdomains_doc: str) -> dict:
    """The ``with:`` settings of ``email-domain-allowlist`` and ``-denylist``; only the docs and
    the ``subdomains`` default differ, because a list that admits and one that refuses fail in
    opposite directions."""
    return {
        "domains": {"type": "list", "items": "domain", "required": True, "min_items": 1, "doc": domains_doc},
        "subdomains": {"type": "bool", "default": subdomains, "doc": subdomains_doc},
        "message": {
            "type": "message", "default": "Sign-up is not allowed for this email domain.",
            "doc": "Text shown to refused users. Default: a generic sentence that does not echo the address.",
        },
    }


def domain_list_step(settings: dict, allow: bool):
    """A step that refuses sign-ups whose email domain is off the list (``allow``) or on it."""
    domains = settings["domains"]
    subdomains = settings["subdomains"]
    message = settings["message"]
    reason = "email domain not in allowlist" if allow else "email domain in denylist"

    def step(event, context=None):
        address = ev.user_attributes(event).get("email")
        if address is None:
            if allow:
                raise Reject("An email address is required.", "no email attribute")
            return event  # nothing to judge; pair with email-domain-allowlist to require one
        domain = email_domain(address)
        if domain is None:
            # Refused on both lists: user@evil.com@good.com must not slip past a denylist either.
            raise Reject("Enter a valid email address.", "email attribute is not an unambiguous address")
        if matches(domain, domains, subdomains) != allow:
            raise Reject(message, reason)
        return event

    return step
