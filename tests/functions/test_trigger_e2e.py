"""End to end: bundle two steps, write the zip, extract it and invoke ``index.handler`` in a
fresh interpreter that sees only the standard library and the extracted files (``-I -S``),
the way Lambda runs it."""

import json
import subprocess
import sys
import textwrap
import zipfile

from authstack.functions.package import bundle, zip_bytes
from trigger_helpers import load_event

DRIVER = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, sys.argv[1])
    try:
        import authstack.functions  # the installed package must not be reachable
        print(json.dumps({"leak": authstack.functions.__file__})); sys.exit(3)
    except ImportError:
        pass
    import index
    results = []
    for event in json.load(open(sys.argv[2])):
        try:
            results.append({"ok": index.handler(event, None)})
        except Exception as exc:  # what the Lambda runtime reports to Cognito
            results.append({"errorType": type(exc).__name__, "errorMessage": str(exc)})
    print(json.dumps(results))
""")


def test_two_step_function_from_zip(tmp_path):
    root = tmp_path / "project"
    (root / "functions" / "custom").mkdir(parents=True)
    (root / "functions" / "custom" / "check_invite.py").write_text(textwrap.dedent("""
        def handler(event, context):
            if event["request"].get("validationData", {}).get("invite") != "yes":
                raise Exception("An invitation is required.")
            event["response"]["autoConfirmUser"] = True
            return event
    """))
    steps = [{"use": "email-domain-allowlist", "with": {"domains": ["example.com"]}},
             {"handler": "functions/custom/check_invite.py"}]
    built = bundle("preSignUp", steps, root)
    archive = tmp_path / "fn.zip"
    archive.write_bytes(zip_bytes(built))
    task = tmp_path / "task"
    with zipfile.ZipFile(archive) as z:
        z.extractall(task)
    assert (task / "index.py").is_file()

    invited = load_event("powertools-cognitoPreSignUpEvent")
    invited["request"]["validationData"] = {"invite": "yes"}
    uninvited = load_event("powertools-cognitoPreSignUpEvent")
    outsider = load_event("powertools-cognitoPreSignUpEvent")
    outsider["request"]["userAttributes"]["email"] = "user@evil.com@example.com"
    malformed = load_event("powertools-cognitoPreSignUpEvent")
    malformed["request"] = "oops"
    events = tmp_path / "events.json"
    events.write_text(json.dumps([invited, uninvited, outsider, malformed]))

    env = {"AUTHSTACK_STEPS": built.environment["AUTHSTACK_STEPS"],
           "AUTHSTACK_TRIGGER": built.environment["AUTHSTACK_TRIGGER"], "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-I", "-S", "-c", DRIVER, str(task), str(events)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ok, no_invite, look_alike, bad = json.loads(proc.stdout)
    assert ok["ok"]["response"] == {"autoConfirmUser": True}
    assert no_invite == {"errorType": "Reject", "errorMessage": "An invitation is required."}
    assert look_alike == {"errorType": "Reject", "errorMessage": "Enter a valid email address."}
    assert bad == {"errorType": "MalformedEvent", "errorMessage": "Invalid request."}
    log = proc.stderr.strip().splitlines()
    assert log == [
        "authstack: handler steps[1] authstack_custom.functions.custom.check_invite rejected: An invitation is required.",
        "authstack: steps[0] email-domain-allowlist rejected: email attribute is not an unambiguous address",
        "authstack: event rejected: malformed event: request is str, expected an object",
    ]
    assert "Traceback" not in proc.stderr
