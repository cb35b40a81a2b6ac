"""TOTP codes (RFC 6238), QR codes and recovery codes: pure helpers, no database, no request."""

from __future__ import annotations

import hmac
import secrets
import time

import pyotp
import segno

STEP_SECONDS = 30
DRIFT_STEPS = 1  # a phone whose clock is up to 30 s off still works
# No 0/o, 1/l/i: recovery codes are copied by hand from paper.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 12  # about 59 bits each


def new_secret() -> str:
    return pyotp.random_base32()  # 32 base32 characters: 160 bits


def grouped(secret: str) -> str:
    """The key as people type it from the screen: groups of four."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    return pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(
        name=account, issuer_name=issuer)


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI, for an <img> (the CSP allows data: images only)."""
    return segno.make(text, error="m").svg_data_uri(scale=5, border=2, dark="#000",
                                                     light="#fff")


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP_SECONDS)


def clean_code(raw: str) -> str:
    """What the user typed, without spaces and dashes, lower-case."""
    return "".join(ch for ch in raw if ch not in " -\t").lower()


def matching_step(secret: str, code: str, last_step: int | None,
                  now: float | None = None) -> int | None:
    """The time step whose code this is, if it is valid now and newer than last_step."""
    code = clean_code(code)
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    now_step = current_step(now)
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue  # already used: a code seen over someone's shoulder is worth nothing
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, interval=STEP_SECONDS).generate_otp(step)


def new_recovery_codes(count: int) -> list[str]:
    return [format_recovery_code("".join(secrets.choice(RECOVERY_ALPHABET)
                                         for _ in range(RECOVERY_LENGTH)))
            for _ in range(count)]


def format_recovery_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def looks_like_recovery_code(raw: str) -> bool:
    code = clean_code(raw)
    return len(code) == RECOVERY_LENGTH and all(ch in RECOVERY_ALPHABET for ch in code)
