"""``token-claims``: add, override or suppress token claims and scopes (pre token generation).

Works with both event versions. ``V1_0`` events can change the ID token only
(``response.claimsOverrideDetails``); ``V2_0``/``V3_0`` events can change the ID and access
tokens and scopes (``response.claimsAndScopeOverrideDetails``). The pool picks the version
(``PreTokenGenerationConfig.LambdaVersion``), so ``lambdaVersion`` here should match it.

Group and IAM-role data feed identity-pool token role mapping, which makes this trigger part
of the IAM privilege boundary: by default it copies ``request.groupConfiguration`` through
unchanged, because an empty or missing override would silently drop the user's groups.
Changes are merged into what earlier steps wrote, so several steps can share one trigger.
"""

from ..runtime import event as ev
from ..runtime.errors import MalformedEvent

DESCRIPTION = "Pre token generation (V1 and V2/V3): add, override or suppress claims and scopes."
TRIGGERS = ("preTokenGeneration",)
POOL_ACTIONS = ()
USES = ()

#: Claims Cognito does not let a trigger change (developer guide, pre token generation), plus
#: the group/role claims, which are changed through ``groups`` only.
RESERVED_CLAIMS = frozenset(
    "acr amr aud at_hash auth_time azp cognito:username exp iat identities iss jti nbf nonce "
    "origin_jti sub token_use cognito:groups cognito:roles cognito:preferred_role "
    "client_id scope username version device_key event_id".split()
)

_TOKEN_FIELDS = {
    "add": {
        "type": "map", "key": "claim", "values": "json", "default": {},
        "doc": "Claims to add or override, with static values. Default: none.",
    },
    "suppress": {
        "type": "list", "items": "claim", "default": [],
        "doc": "Claims to remove from the token. Default: none.",
    },
    "fromClientMetadata": {
        "type": "map", "key": "claim", "values": "str", "default": {},
        "doc": "Claims copied from clientMetadata keys ({claim: metadataKey}); skipped when the key is "
               "absent. Default: none. clientMetadata is client-supplied: never base authorization on these claims.",
    },
}

SETTINGS = {
    "idToken": {
        "type": "object", "default": {}, "fields": _TOKEN_FIELDS,
        "doc": "Changes to the ID token. Default: none.",
    },
    "accessToken": {
        "type": "object", "default": {},
        "fields": dict(_TOKEN_FIELDS, **{
            "addScopes": {
                "type": "list", "items": "scope", "default": [],
                "doc": "Scopes to add to the access token. Default: none.",
            },
            "suppressScopes": {
                "type": "list", "items": "scope", "default": [],
                "doc": "Scopes to remove from the access token. Default: none.",
            },
        }),
        "doc": "Changes to the access token; needs V2_0 or V3_0 events. Default: none.",
    },
    "groups": {
        "type": "enum", "choices": ["passthrough", "suppress"], "default": "passthrough",
        "doc": "What happens to cognito:groups and the IAM role claims. Default: passthrough (copied "
               "unchanged from the request); suppress removes them all.",
    },
    "lambdaVersion": {
        "type": "enum", "choices": ["auto", "V1_0", "V2_0", "V3_0"], "default": "auto",
        "doc": "Event version the pool sends. Default: auto (from the event's version field); pin it "
               "to the pool's PreTokenGenerationConfig.LambdaVersion to reject a mismatch at deploy time.",
    },
}


def check(settings: dict) -> list:
    """Cross-field checks run at packaging time: ``[(path, message)]``."""
    problems = []
    for token in ("idToken", "accessToken"):
        conf = settings[token]
        for field in ("add", "suppress", "fromClientMetadata"):
            for claim in conf[field]:
                if claim in RESERVED_CLAIMS:
                    problems.append((f"{token}.{field}", f"claim {claim!r} cannot be changed by a trigger"))
        both = (set(conf["add"]) | set(conf["fromClientMetadata"])) & set(conf["suppress"])
        if both:
            problems.append((f"{token}.suppress", f"claims both added and suppressed: {sorted(both)}"))
    access = settings["accessToken"]
    if settings["lambdaVersion"] == "V1_0" and any(access[k] for k in access):
        problems.append(("accessToken", "V1_0 events cannot change the access token; use lambdaVersion V2_0"))
    return problems


def _dict(parent: dict, key: str, path: str) -> dict:
    value = parent.get(key)
    if value is None:
        value = parent[key] = {}
    elif not isinstance(value, dict):
        raise MalformedEvent(f"{path}.{key}", f"is {type(value).__name__}, expected an object")
    return value


def _extend(parent: dict, key: str, path: str, values: list) -> None:
    if not values:
        return
    current = parent.get(key)
    if current is None:
        current = parent[key] = []
    elif not isinstance(current, list):
        raise MalformedEvent(f"{path}.{key}", f"is {type(current).__name__}, expected a list")
    current.extend(v for v in values if v not in current)


def _apply(target: dict, path: str, conf: dict, metadata: dict) -> None:
    claims = dict(conf["add"])
    for claim, key in conf["fromClientMetadata"].items():
        value = metadata.get(key)
        if isinstance(value, str):
            claims[claim] = value
    if claims:
        _dict(target, "claimsToAddOrOverride", path).update(claims)
    _extend(target, "claimsToSuppress", path, conf["suppress"])


def _groups(event: dict, mode: str) -> dict:
    if mode == "suppress":
        return {"groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": None}
    config = ev.mapping(ev.request(event), "groupConfiguration", "request")
    copied = {}
    for key in ("groupsToOverride", "iamRolesToOverride"):
        copied[key] = list(ev.items(config, key, "request.groupConfiguration"))
    copied["preferredRole"] = ev.text(config, "preferredRole", "request.groupConfiguration")
    return copied


def build(settings: dict):
    id_conf = settings["idToken"]
    access_conf = settings["accessToken"]
    mode = settings["groups"]
    pinned = settings["lambdaVersion"]

    def step(event, context=None):
        request = ev.request(event)
        metadata = ev.mapping(request, "clientMetadata", "request")
        response = ev.response(event)
        version = event.get("version")
        if pinned == "auto":
            v2 = version in ("2", "3")
        else:
            v2 = pinned != "V1_0"
            if version in ("1", "2", "3") and (version != "1") != v2:
                raise MalformedEvent("version", f"is {version!r} but the function was built for {pinned}")
        if v2:
            base = "response.claimsAndScopeOverrideDetails"
            details = _dict(response, "claimsAndScopeOverrideDetails", "response")
            _apply(_dict(details, "idTokenGeneration", base), base + ".idTokenGeneration", id_conf, metadata)
            access_path = base + ".accessTokenGeneration"
            access = _dict(details, "accessTokenGeneration", base)
            _apply(access, access_path, access_conf, metadata)
            _extend(access, "scopesToAdd", access_path, access_conf["addScopes"])
            _extend(access, "scopesToSuppress", access_path, access_conf["suppressScopes"])
        else:
            base = "response.claimsOverrideDetails"
            details = _dict(response, "claimsOverrideDetails", "response")
            _apply(details, base, id_conf, metadata)
        # Only fill groups if no earlier step decided them; never leave them empty by accident.
        if mode == "suppress":
            details["groupOverrideDetails"] = _groups(event, mode)
        elif details.get("groupOverrideDetails") is None and request.get("groupConfiguration") is not None:
            details["groupOverrideDetails"] = _groups(event, mode)
        return event

    return step
