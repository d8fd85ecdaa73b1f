"""`authstack import-amplify`: turn an Amplify Gen 1 auth backend into a stack that adopts its resources.

Modules, in the order data flows:

- `errors`: the one error type (a file, a key, a message; exit 2, nothing written);
- `gen1`: reading the Gen 1 project (cli-inputs.json or parameters.json, team-provider-info.json, amplify-meta.json,
  aws-exports.js, user pool groups, trigger functions) into plain data;
- `known`: the Gen 1 keys the importer understands, to warn about the rest;
- `triggers`: Gen 1 trigger templates → authstack built-in steps (or handler steps to port);
- `mapping` (a package, one module per part of the stack): Gen 1 settings → the `authstack:` spec, with every
  setting it cannot express reported;
- `stackfile`: the deterministic `Pulumi.<stack>.yaml` text, validated before it is written;
- `runbook`: the safe adoption sequence, as text;
- `run`: the whole import as one call (what the command and the tests use).
"""
from authstack.cli.importer.errors import ImportFailure
from authstack.cli.importer.run import ImportRequest, ImportResult, run_import

__all__ = ["ImportFailure", "ImportRequest", "ImportResult", "run_import"]
