"""The version of the `clientConfig` output contract (docs/client-config-output.md), shared by the program that writes
it and the config generator that reads it. Bump it on any breaking change of the contract."""

SCHEMA_VERSION = 1
