"""The `offramp` command: Django's management commands under friendlier names.

    offramp seed --scale demo | offramp bench | offramp audit verify | offramp rotate-keys
    offramp token create --user EMAIL
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "offramp.settings.local")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["offramp", *args])
