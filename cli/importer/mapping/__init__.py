"""Gen 1 settings → the `authstack:` spec (plain camelCase data, exactly as the stack file holds it).

Every Gen 1 setting ends up in one of three places: the spec (reproduced), `Findings.unsupported` (with its key and
value, and why), or `Findings.notes` (reproduced with a caveat); settings reproduced as Gen 1 has them but worth
changing later are also listed in `Findings.follow_ups`. Values are written explicitly even where they equal a spec
default, because an adopted resource must match what AWS has, not what authstack would pick for a new stack.

Modules, one per part of the stack: `settings` (typed access to the Gen 1 values), `user_pool`, `hosted_ui` (domain
and OAuth), `providers` (hosted-UI social providers), `clients`, `identity_pool`, `groups`, `checks` (project-wide
findings) and `build` (all of it, in stack-file order).
"""
from authstack.cli.importer.mapping.build import build_spec
from authstack.cli.importer.mapping.settings import PLACEHOLDER, placeholder_keys

__all__ = ["PLACEHOLDER", "build_spec", "placeholder_keys"]
