"""Kept for imports from before ``portal.mail``: the one mail module is ``portal.mail``."""

from portal.mail import send_after_commit, serialise

__all__ = ["send_after_commit", "serialise"]
