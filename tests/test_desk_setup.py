"""Setting up and watching the desk: /whoami for the ids, metrics, unreachable staff."""

from __future__ import annotations

from bot.store.redis import RedisStore
from tests.support.fake_telegram import FakeTelegram
from tests.support.fake_twilio import FakeTwilio
from tests.support.hotline import DESK_CHAT, SUPERVISOR, Clock, hotline


async def test_whoami_in_a_group_tells_the_ids_config_needs(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """Before the desk is set up, /whoami in the new group gives its id and yours."""
    async with hotline(bot_api, twilio_api, redis_store, SAFAR_DESK_CHAT_ID="") as line:
        await line.desk_write(777, "/whoami", None)
        answer = line.telegram.sent(DESK_CHAT)[-1]["text"]
        assert answer == f"chat_id = {DESK_CHAT}\nyour user id = 777"
        await line.desk_write(777, "hello everyone", None)  # other group talk: nothing
        assert len(line.telegram.sent(DESK_CHAT)) == 1


async def test_metrics_show_the_queue_and_the_outbox(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """Waiting cases by priority and undelivered messages, for an organisation's alerts."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.report_locked_in()
        before = (await line.client.get("/metrics")).text
        assert 'safar_cases_waiting{priority="P1"} 1.0' in before
        assert "safar_outbox_backlog 1.0" in before  # the card, not yet posted
        await line.deliver()
        after = (await line.client.get("/metrics")).text
        assert "safar_outbox_backlog 0.0" in after
        assert "safar_outbox_dead_letters 0.0" in after


async def test_a_supervisor_who_never_started_the_bot_does_not_block_the_outbox(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """Telegram refuses a DM to someone who never opened the bot: logged, not retried."""
    fake, _ = bot_api
    fake.blocked_chats.add(SUPERVISOR)
    clock = Clock()
    async with hotline(bot_api, twilio_api, redis_store, clock) as line:
        await line.report_locked_in()
        await line.deliver()
        clock.advance(6)
        await line.tick()
        await line.deliver()
        assert any(m.startswith("Всё ещё ждёт") for m in line.desk_messages())
        backlog = (await line.client.get("/metrics")).text
        assert "safar_outbox_backlog 0.0" in backlog
