"""`python -m lovkode` is the `lovkode` command."""
import sys

from .cli import main

sys.exit(main())
