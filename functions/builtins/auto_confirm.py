"""``auto-confirm``: confirm (and, only for trusted domains, verify) users at sign-up.

Auto-verifying an email the user typed in themselves is an account-takeover risk: with email
as a sign-in alias, ``autoVerifyEmail`` moves the alias from the existing owner of that
address to the new user (Cognito developer guide, pre sign-up). So this step sets
``autoVerifyEmail`` only for domains the spec names in ``trustedDomains`` and explicitly
clears it otherwise, and never sets ``autoVerifyPhone``.

Admin-created users (``PreSignUp_AdminCreateUser``) are left alone: Cognito ignores these
response flags for that source.
"""

from ..runtime import event as ev
from ._email import email_domain, matches

DESCRIPTION = "Pre sign-up: auto-confirm users from listed domains or federated IdPs; verify only trusted domains."
TRIGGERS = ("preSignUp",)
POOL_ACTIONS = ()
USES = ("_email",)

SETTINGS = {
    "domains": {
        "type": "list", "items": "domain", "default": [],
        "doc": "Email domains whose users are confirmed without a code. Default: none, so "
               "nobody skips confirmation unless listed.",
    },
    "trustedDomains": {
        "type": "list", "items": "domain", "default": [],
        "doc": "Domains whose addresses are also marked verified. Must be a subset of domains. "
               "Default: none, because a self-asserted address is not proof of ownership; list a "
               "domain only if sign-up is gated another way (e.g. an IdP or invite) for it.",
    },
    "subdomains": {
        "type": "bool", "default": False,
        "doc": "Match subdomains of the listed domains too. Default: false (exact match), because "
               "whoever can create a subdomain could otherwise skip confirmation.",
    },
    "externalProviders": {
        "type": "bool", "default": False,
        "doc": "Confirm users signing up through a federated IdP (PreSignUp_ExternalProvider). "
               "Default: false; the IdP has authenticated them, but their email is still not verified here.",
    },
}


def check(settings: dict) -> list:
    extra = sorted(set(settings["trustedDomains"]) - set(settings["domains"]))
    if extra:
        return [("trustedDomains", f"{extra} must also be in domains: only confirmed users can be verified")]
    return []


def build(settings: dict):
    domains = settings["domains"]
    trusted = settings["trustedDomains"]
    subdomains = settings["subdomains"]
    external = settings["externalProviders"]

    def step(event, context=None):
        source = ev.source(event)
        if source == "PreSignUp_AdminCreateUser":
            return event
        attrs = ev.user_attributes(event)
        response = ev.response(event)
        domain = email_domain(attrs.get("email"))
        confirm = domain is not None and matches(domain, domains, subdomains)
        if source == "PreSignUp_ExternalProvider" and external:
            confirm = True
        if confirm:
            response["autoConfirmUser"] = True
        verify = domain is not None and matches(domain, trusted, subdomains)
        # Clear flags an earlier step or the incoming event may have set: fail closed.
        response["autoVerifyEmail"] = bool(verify and confirm)
        response["autoVerifyPhone"] = False
        return event

    return step
