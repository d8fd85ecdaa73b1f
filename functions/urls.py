"""Cognito's rule for redirect URLs, the one meaning of "http only for localhost".

It lives at the bottom of the import chain (functions -> spec -> infra/policy -> cli) because both the spec (OAuth
callback and logout URLs) and the trigger settings (emailed links, `settings.check_web_url`) apply it. Standard
library only; never shipped in a zip.
"""
from __future__ import annotations

import re
from urllib.parse import urlparse


def check_redirect_url(url: str) -> str:
    """Cognito's rule (CreateUserPoolClient, CallbackURLs): https everywhere, http only for ``localhost``; native apps
    may use their own scheme (``myapp://``)."""
    parsed = urlparse(url)
    if not parsed.scheme or re.match(r"^[^:/]+:\d+(/|$)", url):  # `localhost:3000/` is a host and port, no scheme
        raise ValueError(f"{url[:200]!r} is not an absolute URL: it needs a scheme (https://, or myapp:// for a native app)")
    if "#" in url:
        raise ValueError(f"{url!r}: a redirect URL cannot contain a fragment")
    if parsed.scheme == "http" and parsed.hostname != "localhost":
        raise ValueError(f"{url!r}: http is only allowed for localhost; use https")
    return url
