"""``decrypt-code``: decrypt the code Cognito gives a custom sender, for the step that sends it.

Cognito never puts a code or temporary password in plain text in a custom sender event: ``request.code`` is an AWS
Encryption SDK message (base64) under the pool's KMS key (Cognito guide, "Custom sender Lambda triggers"). Its
examples decrypt with a KMS keyring and the commitment policy REQUIRE_ENCRYPT_ALLOW_DECRYPT; that policy is needed,
not just allowed: real Cognito messages use the non-committing suite AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384
(algorithm ID 0x0378 in the header of a real code, awslabs/aws-sdk-rust#1250), which REQUIRE_ENCRYPT_REQUIRE_DECRYPT
refuses. The message's encryption context carries ``userpool-id``.

This step decrypts with a strict key provider that knows only the pool's key (``AUTHSTACK_KMS_KEY_ARN``, set by the
program), refuses a message made for another user pool, and puts the plain code back in ``request.code`` for the next
step (your ``handler:`` that sends it). The code is never logged: a failure logs the exception type only. The SDK is
not in the Lambda runtime: the trigger needs a ``wheelhouse`` (docs/triggers.md, Custom senders).
"""

import base64
import os

from ..runtime import event as ev
from ..runtime.errors import GENERIC_MESSAGE, MalformedEvent, Reject

DESCRIPTION = ("Custom senders: decrypt request.code (AWS Encryption SDK, the pool's KMS key only) for the next step; "
               "needs the trigger's wheelhouse.")
TRIGGERS = ("customEmailSender", "customSmsSender")
POOL_ACTIONS = ()
USES = ()
SETTINGS: dict = {}
#: Distributions the function's wheelhouse must hold for this step (normalised wheel names).
WHEELS = ("aws_encryption_sdk", "cryptography")
#: The environment variable the program sets to the pool's KMS key ARN.
KEY_VARIABLE = "AUTHSTACK_KMS_KEY_ARN"
#: The encryption context key Cognito puts in every code's message.
POOL_CONTEXT = "userpool-id"

#: The "Custom senders" part of docs/triggers.md (generated from here).
GUIDE = """
### Custom senders

Cognito encrypts the code (or temporary password) it gives `customEmailSender` / `customSmsSender` with the AWS
Encryption SDK under the pool's KMS key; `request.code` is that message in base64. A working sender has three parts:

1. **The key.** Leave out `kmsKeyArn` and authstack creates it (`aws.kms.Key`, rotation on), with a key policy that
   lets the account administer it and lets `cognito-idp.amazonaws.com` call `kms:CreateGrant` and `kms:Encrypt` only
   for this account (`aws:SourceAccount`) and its user pools in the stack's region (`aws:SourceArn` like
   `arn:aws:cognito-idp:<region>:<account>:userpool/*`: the pool's ID does not exist before the pool, and the key must
   allow Cognito before the pool names it). The pool depends on the key. The key is retained in AWS when the senders
   leave the spec (the pool still names it), unless the stack is throwaway. With `kmsKeyArn` (one key for both
   senders) authstack cannot own the key's policy: `authstack plan` prints, under `requirements` and as a `needs`
   line, the exact statement that policy must hold. Either way the sender's role may `kms:Decrypt` with that key only.
2. **The SDK.** The Lambda Python runtime has boto3 but neither `aws-encryption-sdk` nor `cryptography`. Build a
   folder of wheels for Lambda's platform (any machine can run this; use the runtime's Python version):

   ```
   pip download --only-binary=:all: --platform manylinux2014_x86_64 --python-version 3.12 \\
       --implementation cp -d functions/wheels aws-encryption-sdk
   ```

   and name it in the trigger: `wheelhouse: functions/wheels`. Packaging refuses wheels that do not run on the
   function's runtime on x86_64 (another OS, arm64, musl, a newer glibc or Python) and a folder without
   `aws_encryption_sdk` and `cryptography`; boto3 and its dependencies are left to the runtime. Wheels are unpacked,
   sorted, into the bundle (cached by SHA-256 under `~/.cache/authstack/wheels`, or `$XDG_CACHE_HOME`).
3. **The steps.** `decrypt-code` first, then your handler that sends the message:

   ```yaml
   authstack:triggers:
     customEmailSender:
       wheelhouse: functions/wheels
       steps:
         - use: decrypt-code
         - handler: functions/custom/send_email.py   # reads event["request"]["code"], now plain text
   ```

   `decrypt-code` uses a strict key provider limited to the pool's key (`AUTHSTACK_KMS_KEY_ARN`, set by authstack)
   and the commitment policy `REQUIRE_ENCRYPT_ALLOW_DECRYPT`, as Cognito's examples do (Cognito's messages use a
   non-committing algorithm suite, which `REQUIRE_ENCRYPT_REQUIRE_DECRYPT` refuses). It refuses a message for
   another user pool (encryption context `userpool-id`), never logs the code, and passes events without a code
   through. Your handler must not log the code either. To decrypt in your own handler instead, keep `wheelhouse`
   and leave out `decrypt-code`.
"""


def _sdk(key_arn: str):
    import aws_encryption_sdk  # shipped from the wheelhouse; imported once per cold start
    from aws_encryption_sdk.identifiers import CommitmentPolicy

    client = aws_encryption_sdk.EncryptionSDKClient(commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
    provider = aws_encryption_sdk.StrictAwsKmsMasterKeyProvider(key_ids=[key_arn])
    return client, provider


def build(settings: dict, key_arn: str | None = None):
    key_arn = key_arn or os.environ.get(KEY_VARIABLE, "")
    if not key_arn.startswith("arn:"):
        raise ValueError(f"{KEY_VARIABLE} is not set to the pool's KMS key ARN")
    client, provider = _sdk(key_arn)

    def step(event, context=None):
        request = ev.request(event)
        code = request.get("code")
        if code is None:  # e.g. CustomEmailSender_AccountTakeOverNotification carries no code
            return event
        if not isinstance(code, str) or not code:
            raise MalformedEvent("request.code", "is not a base64 string")
        try:
            message = base64.b64decode(code, validate=True)
            plaintext, header = client.decrypt(source=message, key_provider=provider)
        except Exception as exc:  # noqa: BLE001 - the type is logged, never the message or the code
            raise Reject(GENERIC_MESSAGE, f"code not decrypted with the pool's key: {type(exc).__name__}") from None
        pool = header.encryption_context.get(POOL_CONTEXT)
        if pool != event.get("userPoolId"):
            raise Reject(GENERIC_MESSAGE, "code was encrypted for another user pool (encryption context userpool-id)")
        request["code"] = plaintext.decode("utf-8")
        return event

    return step
