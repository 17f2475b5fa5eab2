"""The SMS channel through Twilio: the same flows on any phone, within a segment budget."""
