"""``email-domain-allowlist``: only addresses in listed domains may sign up (pre sign-up).

Port of the Amplify Gen 1 ``email-filter-allowlist`` template, with normalisation: case,
one trailing dot and IDN are folded before comparing, and ambiguous addresses such as
``user@evil.com@good.com`` are refused instead of being split on the last ``@``.
"""

from ..runtime import event as ev
from ..runtime.errors import Reject
from ._email import email_domain, matches

DESCRIPTION = "Pre sign-up: allow only email addresses in listed domains."
TRIGGERS = ("preSignUp",)
POOL_ACTIONS = ()
USES = ("_email",)

SETTINGS = {
    "domains": {
        "type": "list", "items": "domain", "required": True, "min_items": 1,
        "doc": "Domains whose addresses may sign up. Required: an empty allowlist would lock everyone out.",
    },
    "subdomains": {
        "type": "bool", "default": False,
        "doc": "Also allow subdomains (mail.example.com for example.com). Default: false, because "
               "anyone who can create a subdomain could then sign up.",
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
            raise Reject("An email address is required.", "no email attribute")
        domain = email_domain(address)
        if domain is None:
            raise Reject("Enter a valid email address.", "email attribute is not an unambiguous address")
        if not matches(domain, domains, subdomains):
            raise Reject(message, "email domain not in allowlist")
        return event

    return step
