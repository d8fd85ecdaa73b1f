"""The formats `authstack config` writes: names, file paths, and who reads each file.

Kept free of heavy imports so `--help`, settings checks and error paths stay fast.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One output format."""

    #: The name used with ``--format`` and in ``authstack:client.formats``.
    name: str
    #: Paths of the files it writes, relative to the output directory.
    files: tuple[str, ...]
    #: Which app client the format is written for: the public web client or the native (mobile) one.
    client_role: str
    #: False when the format cannot exist without a user pool (its schema requires the pool ID).
    works_without_user_pool: bool
    #: One line for ``--help`` and the summary table.
    summary: str
    #: The aws-amplify major version that reads the format (``v5``, ``v6``), or None when both (or no JS
    #: runtime) do. Formats of a runtime the app does not run are left out of the default list.
    runtime: str | None = None


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("aws-exports", ("aws-exports.js",), "webClient", True,
               "Amplify Gen 1 web config (ES module), read by aws-amplify v5 and v6"),
        Format("amplifyconfiguration", ("amplifyconfiguration.json",), "webClient", True,
               "the same flat object as JSON (what the Gen 1 CLI writes to src/ for JS apps)"),
        Format("amplifyconfiguration-mobile", ("mobile/amplifyconfiguration.json",), "mobileClient", True,
               "iOS/Android plugin-shaped config with the native client (copy to res/raw or the app bundle)"),
        Format("amplifyconfiguration-dart", ("amplifyconfiguration.dart",), "mobileClient", True,
               "Flutter lib/amplifyconfiguration.dart with the native client"),
        Format("amplify-outputs", ("amplify_outputs.json",), "webClient", False,
               "Amplify Gen 2 amplify_outputs.json (version 1.5 by default), read by aws-amplify v6", "v6"),
        Format("env", (".env",), "webClient", True,
               "dotenv file of public IDs with a prefix (VITE_, NEXT_PUBLIC_, REACT_APP_, ...)"),
        Format("bootstrap", ("authstack-auth.js", "authstack-auth.d.ts"), "webClient", True,
               "Amplify v5 auth bootstrap module + TypeScript types (refresh handlers, provider names)", "v5"),
        Format("bootstrap-v6", ("authstack-auth-v6.js", "authstack-auth-v6.d.ts"), "webClient", True,
               "Amplify v6 auth bootstrap module + TypeScript types (federatedSignIn, refresh handlers, provider names)", "v6"),
    )
}

#: Every format name, in the order files are rendered and listed.
FORMAT_NAMES: tuple[str, ...] = tuple(FORMATS)
