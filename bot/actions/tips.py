"""Opting in and out of safety tips (flows/tips.toml); the broadcast is bot/broadcast.py."""

from __future__ import annotations

from bot.engine.actions import ActionContext, ActionResult, action
from bot.engine.model import Effect


@action("subscribe_tips")
def subscribe_tips(context: ActionContext) -> ActionResult:
    return ActionResult(effects=(Effect.SUBSCRIBE,))


@action("unsubscribe_tips")
def unsubscribe_tips(context: ActionContext) -> ActionResult:
    return ActionResult(effects=(Effect.UNSUBSCRIBE,))
