"""The marker that tells ``pybabel extract -k N_`` which Python strings users read."""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Mark a message for extraction; it is translated later, when rendered."""
    return message
