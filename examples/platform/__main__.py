"""A platform team's own Pulumi program: it owns its SES identity and its HTTP API, and composes authstack's
`AuthStack` with them.

What it shows:
- references take other resources' outputs (``identity.arn``): the constructor validates everything else now, with
  the rules and messages of `authstack validate`, and leaves what is not known yet to the deployment;
- secrets come in as Pulumi secrets (``config.require_secret``) and stay secrets;
- the API is wired to what the component exposes (``issuer_url``, ``client_ids``), never to re-derived names.

Run it like any Pulumi program (``pulumi config set --secret googleClientSecret ...; pulumi up``);
`tests/infra/test_platform_example.py` runs it under Pulumi's mocks.
"""
import pulumi
import pulumi_aws as aws

from authstack.infra import AuthStack, AuthStackArgs

config = pulumi.Config()
mail_domain = config.get("mailDomain") or "example.com"
app_url = config.get("appUrl") or "https://app.example.com"

# The platform's own resources.
identity = aws.sesv2.EmailIdentity("mail", email_identity=mail_domain)
api = aws.apigatewayv2.Api("api", protocol_type="HTTP")

auth = AuthStack(
    "auth",
    AuthStackArgs(
        user_pool={
            # Cognito sends from the team's verified identity: its ARN is an output, known at deploy time.
            "email": {"sesSourceArn": identity.arn, "from": f"Example <no-reply@{mail_domain}>"},
        },
        domain={"prefix": f"example-{pulumi.get_stack()}"},
        identity_providers={
            "google": {
                "type": "google",
                "clientId": "1234567890-platform.apps.googleusercontent.com",
                "clientSecret": config.require_secret("googleClientSecret"),
            },
        },
        clients={
            "web": {
                "identityProviders": ["COGNITO", "Google"],
                "oauth": {"callbackUrls": [f"{app_url}/callback"], "logoutUrls": [f"{app_url}/"]},
            },
        },
        tags={"team": "platform", "stack": pulumi.get_stack()},
    ),
)

# The API accepts the user pool's tokens for the web client: issuer and audience come from the component.
aws.apigatewayv2.Authorizer(
    "api-jwt",
    api_id=api.id,
    authorizer_type="JWT",
    identity_sources=["$request.header.Authorization"],
    jwt_configuration={"issuer": auth.issuer_url, "audiences": [auth.client_ids["web"]]},
)

pulumi.export("clientConfig", auth.client_config)  # what `authstack config --from-stack` reads
pulumi.export("apiEndpoint", api.api_endpoint)
