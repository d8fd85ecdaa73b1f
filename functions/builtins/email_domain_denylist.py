"""``email-domain-denylist``: refuse sign-ups from listed domains (pre sign-up).

Port of the Amplify Gen 1 ``email-filter-denylist`` template, with the same normalisation as
``email-domain-allowlist``. An address that cannot be read unambiguously is refused too:
otherwise ``user@evil.com@good.com`` would slip past a denylist holding evil.com.
"""

from ..runtime import event as ev
from ..runtime.errors import Reject
from ._email import email_domain, matches

DESCRIPTION = "Pre sign-up: refuse email addresses in listed domains."
TRIGGERS = ("preSignUp",)
POOL_ACTIONS = ()
USES = ("_email",)

SETTINGS = {
    "domains": {
        "type": "list", "items": "domain", "required": True, "min_items": 1,
        "doc": "Domains whose addresses may not sign up. Required: an empty denylist does nothing.",
    },
    "subdomains": {
        "type": "bool", "default": True,
        "doc": "Also refuse subdomains (mx.evil.com for evil.com). Default: true, because a denied "
               "domain owner controls its subdomains too.",
    },
    "message": {
        "type": "message", "default": "Sign-up is not allowed for this email domain.",
        "doc": "Text shown to refused users. Default: a generic sentence that does not echo the address.",
    },
}


def build(settings: dict):
    domains = settings["domains"]
    subdomains = settings["subdomains"]
    message = settings["message"]

    def step(event, context=None):
        address = ev.user_attributes(event).get("email")
        if address is None:
            return event  # nothing to judge; pair with email-domain-allowlist to require one
        domain = email_domain(address)
        if domain is None:
            raise Reject("Enter a valid email address.", "email attribute is not an unambiguous address")
        if matches(domain, domains, subdomains):
            raise Reject(message, "email domain in denylist")
        return event

    return step
