"""Stage 6: render results and diagnostics — Danish text, JSON, and the terminal's boxes."""
