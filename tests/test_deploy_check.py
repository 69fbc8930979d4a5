"""Production settings pass Django's deployment checks and refuse unsafe configurations."""

import base64
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(extra_env: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OFFRAMP_", "DJANGO_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "offramp.settings.production",
        "OFFRAMP_SECRET_KEY": "prod-" + "k3y-" * 15,
        "OFFRAMP_MASTER_KEY": base64.b64encode(b"p" * 32).decode(),
        "OFFRAMP_ALLOWED_HOSTS": "offramp.example.org",
        **extra_env,
    })
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_passes_with_production_settings():
    result = _run({})
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_demo_mode():
    result = _run({"OFFRAMP_DEMO_MODE": "true"})
    assert result.returncode != 0 and "production refuses it" in result.stderr


def test_production_refuses_to_start_without_master_key():
    result = _run({"OFFRAMP_MASTER_KEY": ""})
    assert result.returncode != 0 and "OFFRAMP_MASTER_KEY" in result.stderr
