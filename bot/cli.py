"""``python -m bot``: the commands organisations and developers run.

chat            the bot in this terminal, no server or token needed
serve           the server: Telegram (polling or webhook), health and metrics
health          exit 0 if this machine's serve answers /healthz with 200 (Docker's check)
flows check     validate flows, catalogs and contacts (non-zero exit on any fault)
flows diagram   write a Mermaid diagram per flow
flows cost      SMS segments each path through each flow costs, per language

content stale   topics and contacts checked longer ago than content.max_age_days
contacts check  validate data/contacts.toml
broadcast TOPIC send a topic's short text as a safety tip to those who asked for tips
check-offer     screen a job offer (stdin) or a JSONL file of them for red flags
triage          hotline priority (P1-P4, none) of a message or a JSONL file of them
cases           hotline cases for supervisors: list, show, export, purge, audit

agencies        import or check the list of licensed agencies
keygen          print a new SAFAR_DATA_KEY
keys            rotate the data key: hash-key, reencrypt




"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bot import keys_cli
from bot.app import build_resources, memory_conversation
from bot.channels.terminal import TerminalChat
from bot.config.errors import ConfigError
from bot.config.secrets import new_data_key
from bot.config.settings import Settings, load_settings
from bot.content.contacts import ContactsError, load_contacts
from bot.content.freshness import stale_items
from bot.content.topics import TopicsError, load_topics
from bot.engine.cost import cost_table, flow_costs
from bot.engine.diagram import write_diagrams
from bot.engine.loader import FlowFileError
from bot.engine.validate import validate
from bot.hotline.command import run as run_triage
from bot.logs import configure_logging, configured_secrets
from bot.offers.agencies import AgenciesError
from bot.offers.agencies_cli import check as check_agencies
from bot.offers.agencies_cli import import_csv
from bot.offers.command import run as check_offer
from bot.server import health_cli
from bot.store.base import StoreError


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
    commands.add_parser("health", help="exit 0 if this machine's serve is healthy (for Docker)")

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

    content = commands.add_parser("content", help="awareness content")
    content_commands = content.add_subparsers(dest="content_command", required=True)
    stale = content_commands.add_parser("stale", help="topics and contacts due for a re-check")
    stale.add_argument("--days", type=int, help="older than this (default: content.max_age_days)")

    contacts = commands.add_parser("contacts", help="the help directory")
    contact_commands = contacts.add_subparsers(dest="contacts_command", required=True)
    contact_commands.add_parser("check", help="validate data/contacts.toml")

    broadcast = commands.add_parser("broadcast", help="send a safety tip to subscribers")
    broadcast.add_argument("topic", help="the topic whose short text is the tip, e.g. passport")
    broadcast.add_argument(
        "--campaign",
        help="name of this sending (default: tip:<topic>); "
        "a rerun of the same campaign sends nobody twice",
    )
    broadcast.add_argument(
        "--dry-run", action="store_true", help="count who would get it, send nothing"
    )

    check = commands.add_parser("check-offer", help="screen job offers for red flags")
    check.add_argument(
        "--jsonl", type=Path, help='a file of JSON objects with "text" (and optional lang, id)'
    )

    agencies = commands.add_parser("agencies", help="the list of licensed agencies")
    agency_commands = agencies.add_subparsers(dest="agencies_command", required=True)
    agency_import = agency_commands.add_parser("import", help="import a CSV of agencies")
    agency_import.add_argument(
        "csv", type=Path, help="columns: name, licence, source, verified_on[, aliases]"
    )
    agency_import.add_argument(
        "--replace", action="store_true", help="replace the list instead of merging into it"
    )
    agency_commands.add_parser("check", help="validate data/agencies.toml")

    triage_parser = commands.add_parser("triage", help="hotline priority of messages")
    triage_parser.add_argument(
        "--jsonl", type=Path, help='a file of JSON objects with "text" (and optional lang, id)'
    )

    cases = commands.add_parser("cases", help="hotline cases, for supervisors (audited)")
    case_commands = cases.add_subparsers(dest="cases_command", required=True)
    for name, help_text in (
        ("list", "cases with priority, state and indicators"),
        ("export", "JSON lines for reporting: no contact details, no words of the person"),
    ):
        listing = case_commands.add_parser(name, help=help_text)
        listing.add_argument("--status", choices=["waiting", "claimed", "closed"])
    show = case_commands.add_parser("show", help="one case, with its thread")
    show.add_argument("case", help="the case number, e.g. C-1042")
    purge = case_commands.add_parser("purge", help="erase closed cases past cases.retention_days")
    purge.add_argument("--dry-run", action="store_true", help="count them, erase nothing")
    audit = case_commands.add_parser("audit", help="the latest audit log entries")
    audit.add_argument("--count", type=int, default=100)

    commands.add_parser("keygen", help="print a new SAFAR_DATA_KEY")
    keys_cli.add_parser(commands)
    return parser


def _chat(settings: Settings, language: str | None, channel: str) -> int:
    configure_logging(settings.log, configured_secrets())  # to stderr, redacted
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


def _stale(settings: Settings, days: int | None) -> int:
    max_age = settings.content.max_age_days if days is None else days
    today = dt.datetime.now(dt.UTC).date()
    items = stale_items(
        load_topics(settings.bot.data_dir), load_contacts(settings.bot.data_dir), today, max_age
    )
    for item in items:
        print(
            f"{item.kind:8} {item.id:24} checked {item.verified_on} ({item.age_days} days)"
            f"  {'; '.join(item.sources)}"
        )
    print(f"{len(items)} item(s) checked more than {max_age} days ago", file=sys.stderr)
    return 0


def _contacts_check(settings: Settings) -> int:
    contacts = load_contacts(settings.bot.data_dir)  # raises ContactsError with the entry
    today = dt.datetime.now(dt.UTC).date()
    old = [c for c in contacts if c.is_stale(today, settings.contacts.max_age_days)]
    shown = [c for c in contacts if c.status == "active"]
    print(
        f"{len(contacts)} contacts: {len(shown)} active, "
        f"{len(contacts) - len(shown)} unverified or retired, "
        f"{len(old)} checked more than {settings.contacts.max_age_days} days ago"
    )
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


def _flows(settings: Settings, args: argparse.Namespace) -> int:
    if args.flows_command == "check":
        return _check(settings)
    resources = build_resources(settings)
    if args.flows_command == "cost":
        costs = flow_costs(resources, settings.sms.segment_budget, time.time())
        print(f"SMS segments per path (budget {settings.sms.segment_budget} a message)")
        print(cost_table(costs))
        return 0
    for path in write_diagrams(resources.flows, args.out):
        print(path)
    return 0


def _broadcast(settings: Settings, args: argparse.Namespace) -> int:
    # Imported here: the sending stack is not needed by the other commands.
    from bot.broadcast_cli import broadcast  # noqa: PLC0415

    print(asyncio.run(broadcast(settings, args.topic, args.campaign, dry_run=args.dry_run)))
    return 0


def _cases(settings: Settings, args: argparse.Namespace) -> int:
    # Imported here: only supervisors need the case store.
    from bot.app import redis_case_store, redis_store  # noqa: PLC0415
    from bot.cases.cli import CasesCommand  # noqa: PLC0415
    from bot.cases.service import CaseService  # noqa: PLC0415
    from bot.cases.store import RedisCaseStore  # noqa: PLC0415

    async def run() -> int:
        sessions = redis_store(settings)
        store = redis_case_store(sessions)
        if isinstance(store, RedisCaseStore):
            await store.move_legacy_keys()  # a supervisor may look before `serve` ran
        service = CaseService(store, build_resources(settings), settings.cases, settings.desk)
        command = CasesCommand(service)
        try:
            if args.cases_command == "show":
                return await command.show(args.case)
            if args.cases_command == "purge":
                return await command.purge(dry_run=args.dry_run)
            if args.cases_command == "audit":
                return await command.audit(args.count)
            if args.cases_command == "export":
                return await command.export(args.status)
            return await command.list(args.status)
        finally:
            await sessions.close()

    try:
        return asyncio.run(run())
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    # The server stack (uvicorn, PTB) is imported only when serving, so the terminal
    # chat starts fast and needs none of it.
    from bot.server.serve import serve  # noqa: PLC0415

    serve(settings)
    return 0


def _start(settings: Settings, args: argparse.Namespace) -> int:
    """chat and serve: only with content that validates."""
    faults = validate(settings)
    if faults:
        for fault in faults:
            print(fault, file=sys.stderr)
        print(
            "refusing to start: fix the faults above (python -m bot flows check)", file=sys.stderr
        )
        return 1
    if args.command == "serve":
        return _serve(settings, args)
    return _chat(settings, args.lang, args.channel)


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "keygen": lambda settings, args: _keygen(),
    "keys": keys_cli.run,
    "check-offer": lambda settings, args: check_offer(args.jsonl),
    "triage": lambda settings, args: run_triage(args.jsonl),
    "content": lambda settings, args: _stale(settings, args.days),
    "contacts": lambda settings, args: _contacts_check(settings),
    "broadcast": _broadcast,
    "cases": _cases,
    "agencies": lambda settings, args: (
        import_csv(settings.bot.data_dir, args.csv, replace=args.replace)
        if args.agencies_command == "import"
        else check_agencies(settings.bot.data_dir)
    ),
    "flows": _flows,
    "chat": _start,
    "serve": _start,
    "health": lambda settings, args: health_cli.run(settings),
}


def _keygen() -> int:
    print(new_data_key())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
        return COMMANDS[args.command](settings, args)
    except BrokenPipeError:
        # The reader went away (`python -m bot chat | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (ConfigError, FlowFileError, ContactsError, TopicsError, AgenciesError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
