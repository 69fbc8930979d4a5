"""The embedded default: SQLite and generated keys under var/, eager tasks."""

import base64
import secrets
import sys

from .base import *  # noqa: F403
from .base import OFFRAMP_MASTER_KEYS, SECRET_KEY, VAR_DIR


def _generated(name: str, make) -> str:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / name
    if not path.exists():
        path.write_text(make(), encoding="utf-8")
        path.chmod(0o600)
        sys.stderr.write(
            f"WARNING: generated {path}. Keep it safe and set it from the environment in production.\n"
        )
    return path.read_text(encoding="utf-8").strip()


if not SECRET_KEY:
    SECRET_KEY = _generated("secret_key", lambda: secrets.token_urlsafe(50))
if not OFFRAMP_MASTER_KEYS:
    OFFRAMP_MASTER_KEYS = [
        _generated("master_key", lambda: base64.b64encode(secrets.token_bytes(32)).decode())
    ]
