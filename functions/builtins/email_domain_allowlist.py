"""``email-domain-allowlist``: only addresses in listed domains may sign up (pre sign-up).

Port of the Amplify Gen 1 ``email-filter-allowlist`` template, with normalisation: case,
one trailing dot and IDN are folded before comparing, and ambiguous addresses such as
``user@evil.com@good.com`` are refused instead of being split on the last ``@``. A sign-up
without an email attribute is refused too. The logic is shared with the denylist (``_domain_list``).
"""

from ._domain_list import domain_list_settings, domain_list_step

DESCRIPTION = "Pre sign-up: allow only email addresses in listed domains."
TRIGGERS = ("preSignUp",)
POOL_ACTIONS = ()
USES = ("_domain_list", "_email")

SETTINGS = domain_list_settings(
    "Domains whose addresses may sign up. Required: an empty allowlist would lock everyone out.",
    False,
    "Also allow subdomains (mail.example.com for example.com). Default: false, because anyone "
    "who can create a subdomain could then sign up.",
)


def build(settings: dict):
    return domain_list_step(settings, allow=True)
