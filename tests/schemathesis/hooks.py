"""Schemathesis hooks: every generated request carries the logged-in session cookie, and every
request to a device operation is signed like a registered phone signs it.

The Rust test (gateway/tests/schemathesis.rs) registers the device and logs in, then names a JSON
file in EGATE_SCHEMATHESIS_DEVICE:
  {"audience", "citizen_id", "password", "phone", "cookie",
   "possession": {"key_id", "scalar_hex"}, "user": {"key_id", "scalar_hex"}}

Signed claims follow egate_core::login::RequestClaims: RFC 8785 canonical JSON of
{v, aud, key_id, method, path_and_query, body_sha256, iat, exp, nonce}, signed with ES256 (DER),
sent as `egate-signature: base64url(claims).base64url(signature)`. Changes are signed with the
user-verification key, reads (and the push target and QR claims) with the possession key, as the
app does. Long polls are cut to a second: waiting is tested elsewhere, and here it only slows
the run. The test runs the operations that end the session or remove the device in later passes.
"""

import base64
import hashlib
import json
import os
import secrets
import time

import requests
import schemathesis
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

SIGNATURE_HEADER = "egate-signature"
LIFETIME_SECS = 60
POSSESSION_KEY_CHANGES = {("PUT", "/api/v1/device/push-target"), ("POST", "/api/v1/device/qr-claims")}
LONGEST_WAIT_SECS = 1

with open(os.environ["EGATE_SCHEMATHESIS_DEVICE"], encoding="utf-8") as handle:
    DEVICE = json.load(handle)

KEYS = {
    role: (
        DEVICE[role]["key_id"],
        ec.derive_private_key(int(DEVICE[role]["scalar_hex"], 16), ec.SECP256R1()),
    )
    for role in ("possession", "user")
}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def canonical(claims: dict) -> bytes:
    """RFC 8785 for an object of ASCII strings and integers: sorted keys, no spaces."""
    return json.dumps(claims, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signs_with_user_key(method: str, template: str) -> bool:
    return method != "GET" and (method, template) not in POSSESSION_KEY_CHANGES


def signature_header(role: str, method: str, path_and_query: str, body: bytes) -> str:
    key_id, key = KEYS[role]
    now = int(time.time())
    claims = {
        "v": 1,
        "aud": DEVICE["audience"],
        "key_id": key_id,
        "method": method,
        "path_and_query": path_and_query,
        "body_sha256": b64url(hashlib.sha256(body).digest()),
        "iat": now,
        "exp": now + LIFETIME_SECS,
        "nonce": b64url(secrets.token_bytes(16)),
    }
    message = canonical(claims)
    signature = key.sign(message, ec.ECDSA(hashes.SHA256()))
    return f"{b64url(message)}.{b64url(signature)}"


def wire_form(case) -> requests.PreparedRequest:
    """The request exactly as the transport will send it (target and body bytes)."""
    sent = case.as_transport_kwargs()
    return requests.Request(
        method=sent["method"],
        url=sent["url"],
        headers=sent.get("headers"),
        params=sent.get("params"),
        data=sent.get("data"),
        json=sent.get("json"),
    ).prepare()


def shorten_long_poll(case) -> None:
    """A valid `wait` longer than a second becomes one second; anything else is sent as generated."""
    if not isinstance(case.query, dict) or "wait" not in case.query:
        return
    try:
        seconds = int(str(case.query["wait"]))
    except ValueError:
        return
    if LONGEST_WAIT_SECS < seconds <= 2**64 - 1:
        case.query["wait"] = LONGEST_WAIT_SECS


def secured_by(case, scheme: str) -> bool:
    return any(scheme in entry for entry in case.operation.definition.raw.get("security", []))


@schemathesis.hook
def before_call(context, case, **kwargs):
    if case.headers is None:
        case.headers = {}
    case.headers["Cookie"] = DEVICE["cookie"]
    shorten_long_poll(case)
    if secured_by(case, "deviceSignature"):
        prepared = wire_form(case)
        body = prepared.body or b""
        if isinstance(body, str):
            body = body.encode()
        role = "user" if signs_with_user_key(case.method.upper(), case.operation.path) else "possession"
        case.headers[SIGNATURE_HEADER] = signature_header(role, case.method.upper(), prepared.path_url, body)
