"""The error raised for a bad setting; its message names the key and what was expected."""

from __future__ import annotations


class ConfigError(ValueError):
    """A configuration value is missing or wrong."""
