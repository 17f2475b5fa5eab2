# Safar bot image. Content (flows, locales, data, config.toml) is copied beside the
# package; relative paths in config.toml resolve against /app.
FROM python:3.11.10-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SAFAR_CONFIG=/app/config.toml

WORKDIR /app
RUN useradd --create-home --uid 10001 safar

COPY pyproject.toml README.md babel.cfg config.toml ./
COPY bot ./bot
RUN pip install --no-cache-dir .

COPY flows ./flows
COPY locales ./locales
COPY data ./data

USER safar
# Refuse to build an image whose content does not validate.
RUN python -m bot flows check

ENV SAFAR_SERVER_HOST=0.0.0.0
EXPOSE 8080
# /healthz answers 200 only while Redis takes writes (a replica or a lost primary: 503).
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-m", "bot", "health"]
CMD ["python", "-m", "bot", "serve"]
