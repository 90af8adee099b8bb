"""Models arrive with R4."""
