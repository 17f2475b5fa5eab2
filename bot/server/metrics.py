"""Prometheus metrics, in a registry of their own so tests and workers do not collide."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "safar_updates", "Updates received", ["channel", "kind"], registry=self.registry
        )
        self.errors = Counter(
            "safar_errors", "Errors by stage", ["channel", "stage"], registry=self.registry
        )
        # Authenticated updates acknowledged but not handled, so they are not redelivered:
        # too_large, not_json, too_deep, not_an_update, bad_<kind> (a field of the wrong
        # type), unreadable (python-telegram-bot refused it) and failed (handling raised).
        self.malformed = Counter(
            "safar_malformed_updates",
            "Authenticated updates acknowledged without being handled, by reason",
            ["channel", "reason"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "safar_update_seconds",
            "Time to handle one update, replies included",
            ["channel"],
            registry=self.registry,
            buckets=(0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.sms_status = Counter(
            "safar_sms_status",
            "Final delivery reports of sent SMS",
            ["status"],
            registry=self.registry,
        )
        self.open_sessions = Gauge(
            "safar_open_sessions",
            "Contacts who wrote within the idle window",
            registry=self.registry,
        )

        self.cases_waiting = Gauge(
            "safar_cases_waiting",
            "Hotline cases waiting for a caseworker",
            ["priority"],
            registry=self.registry,
        )
        self.outbox_backlog = Gauge(
            "safar_outbox_backlog",
            "Case messages queued and not yet delivered (cards, answers, escalations)",
            registry=self.registry,
        )
        self.outbox_dead = Gauge(
            "safar_outbox_dead_letters",
            "Case messages given up after every retry; see the logs",
            registry=self.registry,
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
