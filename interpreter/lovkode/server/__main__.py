"""`python -m lovkode.server`: the same as `lovkode serve`."""
import sys

from .listen import main

sys.exit(main())
