# syntax=docker/dockerfile:1

# ---- build: a virtual environment with the dependencies, then the project ----
FROM python:3.11-slim-bookworm AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src

# Dependencies first, from pyproject.toml alone: editing the source does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > requirements.txt \
    && pip install --requirement requirements.txt

# Then the project itself, without touching the dependencies again.
COPY README.md ./
COPY service ./service
RUN pip install --no-deps .

# ---- runtime: the environment, the gunicorn settings, a user without privileges ----
FROM python:3.11-slim-bookworm AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    HOST=0.0.0.0 \
    PORT=8000

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app

COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY gunicorn.conf.py ./

USER 10001:10001
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "service.healthcheck"]

# gevent workers with deadlines on every connection (docs/serving.md): safe to expose without a proxy.
# The limits are environment variables (REQUEST_READ_TIMEOUT, KEEPALIVE, SEND_TIMEOUT, MAX_CONNECTIONS, ...).
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
