"""`python -m motcua <command>` runs Django management commands."""

import os
import sys

from django.core.management import execute_from_command_line

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
execute_from_command_line(sys.argv)
