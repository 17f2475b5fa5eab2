"""A local stand-in of the Telegram Bot API that speaks its JSON over HTTP.

It serves ``POST /bot<token>/<method>`` as Telegram does, for the methods Safar uses,
records every call, queues updates for getUpdates, and can be told to fail: a 429 with
``retry_after``, a 403 for a chat whose user blocked the bot, or a 502 outage.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

TOKEN = "123456:TEST-token-not-real"
BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "Safar",
    "username": "safar_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)  # when the request arrived


@dataclass
class FakeTelegram:
    token: str = TOKEN
    calls: list[Call] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    blocked_chats: set[int] = field(default_factory=set)
    failures: dict[str, list[tuple[int, str, dict[str, Any]]]] = field(default_factory=dict)
    send_delay: float = 0.0  # seconds each sendMessage takes, to catch work in flight
    chat_delays: dict[int, float] = field(default_factory=dict)  # the same, for one chat
    down: set[str] = field(default_factory=set)  # methods answering 502 until removed (an outage)
    # Telegram's own limit, strictly: more sendMessage calls than this in any second are
    # refused with 429 and retry_after 1, as Telegram does (None: no limit).
    strict_per_second: int | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- what tests use ------------------------------------------------------------

    def queue(self, *updates: dict[str, Any]) -> None:
        with self._lock:
            self.updates.extend(updates)

    def fail_next(
        self, method: str, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        self.failures.setdefault(method, []).append((status, description, parameters or {}))

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Messages delivered (sendMessage calls that succeeded)."""
        return [
            c.params
            for c in self.calls
            if c.method == "sendMessage"
            and c.params.get("_ok")
            and (chat_id is None or c.params["chat_id"] == chat_id)
        ]

    def methods(self) -> list[str]:
        return [c.method for c in self.calls]

    async def wait_for(self, predicate: Any, limit: float = 10.0) -> None:
        """Yield to the bot's tasks until ``predicate()`` holds (bounded)."""
        deadline = time.monotonic() + limit
        while not predicate():
            if time.monotonic() > deadline:
                msg = f"timed out; calls so far: {self.methods()}"
                raise AssertionError(msg)
            await asyncio.sleep(0.01)

    # --- the API ---------------------------------------------------------------------

    def app(self) -> Starlette:
        return Starlette(
            routes=[Route("/bot{token}/{method}", self._endpoint, methods=["POST", "GET"])]
        )

    async def _endpoint(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.path_params["method"]
        params = await _params(request)
        call = Call(method, params)
        self.calls.append(call)
        if method in self.down:
            return _error(502, "Bad Gateway")
        if method == "sendMessage" and self._over_the_limit(call.at):
            params["_refused"] = True
            return _error(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        failures = self.failures.get(method)
        if failures:
            status, description, parameters = failures.pop(0)
            return _error(status, description, parameters)
        handler = getattr(self, f"_{method}", None)
        if handler is None:
            return _error(404, "Not Found: method not found")
        result = await handler(params)
        if isinstance(result, JSONResponse):
            return result
        params["_ok"] = True
        return JSONResponse({"ok": True, "result": result})

    def _over_the_limit(self, now: float) -> bool:
        if self.strict_per_second is None:
            return False
        recent = sum(
            1
            for c in self.calls
            if c.method == "sendMessage" and c.params.get("_ok") and now - c.at < 1.0
        )
        return recent >= self.strict_per_second

    def refused(self) -> int:
        """sendMessage calls refused with 429 for going over ``strict_per_second``."""
        return sum(1 for c in self.calls if c.method == "sendMessage" and c.params.get("_refused"))

    async def _getMe(self, params: dict[str, Any]) -> Any:  # noqa: N802 - Bot API names
        return BOT_USER

    async def _getUpdates(self, params: dict[str, Any]) -> Any:  # noqa: N802
        offset = int(params.get("offset") or 0)
        wait_until = time.monotonic() + min(float(params.get("timeout") or 0), 0.5)
        while True:
            with self._lock:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                ready = list(self.updates)
            if ready or time.monotonic() >= wait_until:
                return ready
            await asyncio.sleep(0.01)

    async def _sendMessage(self, params: dict[str, Any]) -> Any:  # noqa: N802
        chat_id = int(params["chat_id"])
        delay = self.chat_delays.get(chat_id, self.send_delay)
        if delay:
            await asyncio.sleep(delay)
        if chat_id in self.blocked_chats:
            return _error(403, "Forbidden: bot was blocked by the user")
        text = str(params.get("text", ""))
        if not text or len(text.encode("utf-16-le")) // 2 > 4096:
            return _error(400, "Bad Request: message text is empty or too long")
        params["_message_id"] = message_id = next(self._ids)  # what tests reply to
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
            "text": text,
        }

    async def _deleteMessages(self, params: dict[str, Any]) -> Any:  # noqa: N802
        ids = params.get("message_ids")
        if isinstance(ids, str):
            ids = json.loads(ids)
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            return _error(400, "Bad Request: message_ids must hold 1-100 ids")
        params["_deleted"] = [int(i) for i in ids]
        return True

    def deleted(self, chat_id: int) -> list[int]:
        """Every message id deleteMessages was asked to delete in ``chat_id``."""
        return [
            i
            for c in self.calls
            if c.method == "deleteMessages" and int(c.params.get("chat_id", 0)) == chat_id
            for i in c.params.get("_deleted", [])
        ]

    async def _answerCallbackQuery(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return True

    async def _setMyCommands(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return True

    async def _setWebhook(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return True

    async def _deleteWebhook(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return True

    async def _editMessageText(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return True


def _error(status: int, description: str, parameters: dict[str, Any] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return JSONResponse(body, status_code=status)


async def _params(request: Request) -> dict[str, Any]:
    """PTB posts form fields whose complex values are JSON; accept JSON bodies too."""
    if request.headers.get("content-type", "").startswith("application/json"):
        data = await request.json()
        return dict(data) if isinstance(data, dict) else {}
    body = (await request.body()).decode("utf-8")
    params: dict[str, Any] = {}
    for key, text in parse_qsl(body, keep_blank_values=True):
        try:
            params[key] = json.loads(text)
        except ValueError:
            params[key] = text
    return params


# --- real-shaped update JSON -------------------------------------------------------------

_update_ids = itertools.count(1000)


def user(chat_id: int, language_code: str | None = "tg") -> dict[str, Any]:
    data: dict[str, Any] = {"id": chat_id, "is_bot": False, "first_name": "Test"}
    if language_code:
        data["language_code"] = language_code
    return data


def message_update(
    chat_id: int,
    text: str | None = None,
    *,
    language_code: str | None = "tg",
    chat_type: str = "private",
    update_id: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": next(_update_ids),
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": chat_type},
        "from": user(chat_id, language_code),
    }
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
    message.update(extra)
    return {"update_id": update_id or next(_update_ids), "message": message}


def callback_update(
    chat_id: int, data: str, *, language_code: str | None = "tg", update_id: int | None = None
) -> dict[str, Any]:
    return {
        "update_id": update_id or next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)),
            "from": user(chat_id, language_code),
            "chat_instance": "1",
            "data": data,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER,
                "text": "...",
            },
        },
    }
