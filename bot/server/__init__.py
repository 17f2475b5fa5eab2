"""The one ASGI server every channel shares: webhooks, health and metrics."""
