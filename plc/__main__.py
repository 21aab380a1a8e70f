"""`python -m plc <command>`: manage.py for an installed app (pip install .)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plc.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([f"{sys.executable} -m plc", *sys.argv[1:]])


if __name__ == "__main__":
    main()
