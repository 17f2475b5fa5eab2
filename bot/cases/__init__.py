"""Hotline cases: storage, the caseworker desk, the durable outbox, timers, privacy."""
