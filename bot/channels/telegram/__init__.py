"""The Telegram channel: python-telegram-bot as the transport, our engine as the brain."""

import os

# Opt in to PTB's coming behaviour (durations as timedelta); our code reads both.
os.environ.setdefault("PTB_TIMEDELTA", "1")
