"""``python -m bot keys``: the data key's rotation, for an organisation's administrator.

keys hash-key    print the current hashing key, to pin it as SAFAR_HASH_KEY before rotating
keys reencrypt   re-encrypt everything at rest under SAFAR_DATA_KEY (old keys may decrypt)
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.config.secrets import data_keys
from bot.config.settings import Settings


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = commands.add_parser("keys", help="rotate the data key: hash-key, reencrypt")
    actions = keys.add_subparsers(dest="keys_command", required=True)
    actions.add_parser("hash-key", help="print SAFAR_HASH_KEY to pin before a rotation")
    actions.add_parser("reencrypt", help="re-encrypt all data at rest under SAFAR_DATA_KEY")


def run(settings: Settings, args: argparse.Namespace) -> int:
    keys = data_keys(ephemeral_ok=False)
    if args.keys_command == "hash-key":
        print(keys.hash_key_text())
        return 0
    # Imported here: only this command needs the store.
    from bot.app import redis_store  # noqa: PLC0415
    from bot.store.rekey import reencrypt  # noqa: PLC0415

    async def rewrite() -> int:
        store = redis_store(settings)
        try:
            done = await reencrypt(store.client, store.codec, settings.redis.key_prefix)
        finally:
            await store.close()
        print(f"re-encrypted {done.values} values in {done.keys} keys")
        if done.in_streams:
            print(
                f"{done.in_streams} outbox entries under an older key are being delivered: keep "
                "SAFAR_DATA_KEY_PREVIOUS until they are delivered, then run this again",
                file=sys.stderr,
            )
            return 1
        print("nothing is left under an older key: SAFAR_DATA_KEY_PREVIOUS can be removed")
        return 0

    return asyncio.run(rewrite())
