"""``python -m bot``: the commands organisations and developers run.

chat            the bot in this terminal, no server or token needed
serve           the server: Telegram (polling or webhook), health and metrics
flows check     validate flows, catalogs and contacts (non-zero exit on any fault)
flows diagram   write a Mermaid diagram per flow
flows cost      SMS segments each path through each flow costs, per language

keygen          print a new SAFAR_DATA_KEY
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bot.app import build_resources, memory_conversation
from bot.channels.terminal import TerminalChat
from bot.config.errors import ConfigError
from bot.config.secrets import new_data_key
from bot.config.settings import Settings, load_settings
from bot.content.contacts import ContactsError
from bot.engine.cost import cost_table, flow_costs
from bot.engine.diagram import write_diagrams
from bot.engine.loader import FlowFileError
from bot.engine.validate import validate


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Safar helpline bot")
    parser.add_argument("--config", type=Path, help="config file (default: config.toml)")
    commands = parser.add_subparsers(dest="command", required=True)

    chat = commands.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--lang", choices=["tg", "ru", "en"], help="start in this language")
    chat.add_argument(
        "--channel",
        choices=["telegram", "sms"],
        default="telegram",
        help="show replies as Telegram or SMS would (default: telegram)",
    )

    commands.add_parser("serve", help="run the server (Telegram, /healthz, /metrics)")

    flows = commands.add_parser("flows", help="check or draw the flows")
    flow_commands = flows.add_subparsers(dest="flows_command", required=True)
    flow_commands.add_parser("check", help="validate flows, catalogs and contacts")
    flow_commands.add_parser("cost", help="SMS segments per flow and language")
    diagram = flow_commands.add_parser("diagram", help="write Mermaid diagrams")
    diagram.add_argument(
        "--out",
        type=Path,
        default=Path("docs/flows"),
        help="folder for the .mmd files (default: docs/flows)",
    )

    commands.add_parser("keygen", help="print a new SAFAR_DATA_KEY")
    return parser


def _chat(settings: Settings, language: str | None, channel: str) -> int:
    conversation = memory_conversation(settings, language)
    interactive = sys.stdin.isatty()
    chat = TerminalChat(
        conversation,
        "sms" if channel == "sms" else "telegram",
        language=language,
        echo=not interactive,
    )
    if interactive:
        print(
            f"Safar terminal chat, {channel} rendering. Type a message, a button's "
            "number, /menu or /language; Ctrl-D quits.",
            file=sys.stderr,
        )

    async def loop() -> None:
        while True:
            if interactive:
                print("you> ", end="", file=sys.stderr, flush=True)
            line = sys.stdin.readline()
            if not line:
                break
            await chat.send(line.rstrip("\n"))

    asyncio.run(loop())
    return 0


def _check(settings: Settings) -> int:
    faults = validate(settings)
    for fault in faults:
        print(fault, file=sys.stderr)
    if faults:
        print(f"{len(faults)} fault(s) found", file=sys.stderr)
        return 1
    print("flows, catalogs and contacts: OK")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
        if args.command == "keygen":
            print(new_data_key())
            return 0
        if args.command == "flows" and args.flows_command == "check":
            return _check(settings)
        if args.command == "flows" and args.flows_command == "cost":
            resources = build_resources(settings)
            costs = flow_costs(resources, settings.sms.segment_budget, time.time())
            print(f"SMS segments per path (budget {settings.sms.segment_budget} a message)")
            print(cost_table(costs))
            return 0
        if args.command == "flows" and args.flows_command == "diagram":
            for path in write_diagrams(build_resources(settings).flows, args.out):
                print(path)
            return 0
        faults = validate(settings)
        if faults:
            for fault in faults:
                print(fault, file=sys.stderr)
            print(
                "refusing to start: fix the faults above (python -m bot flows check)",
                file=sys.stderr,
            )
            return 1
        if args.command == "serve":
            # The server stack (uvicorn, PTB) is imported only when serving, so the
            # terminal chat starts fast and needs none of it.
            from bot.server.serve import serve  # noqa: PLC0415

            serve(settings)
            return 0
        return _chat(settings, args.lang, args.channel)
    except (ConfigError, FlowFileError, ContactsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
