"""``email-domain-denylist``: refuse sign-ups from listed domains (pre sign-up).

Port of the Amplify Gen 1 ``email-filter-denylist`` template, with the same normalisation as
``email-domain-allowlist``. An address that cannot be read unambiguously is refused too:
otherwise ``user@evil.com@good.com`` would slip past a denylist holding evil.com. A sign-up
without an email attribute passes (nothing to judge); pair with the allowlist to require one.
"""

from ._domain_list import domain_list_settings, domain_list_step

DESCRIPTION = "Pre sign-up: refuse email addresses in listed domains."
TRIGGERS = ("preSignUp",)
POOL_ACTIONS = ()
USES = ("_domain_list", "_email")

SETTINGS = domain_list_settings(
    "Domains whose addresses may not sign up. Required: an empty denylist does nothing.",
    True,
    "Also refuse subdomains (mx.evil.com for evil.com). Default: true, because a denied domain's "
    "owner controls its subdomains too.",
)


def build(settings: dict):
    return domain_list_step(settings, allow=False)
