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

# A C compiler and mypyc (the `compiled` extra's mypy, in a build-only environment) compile the core's
# per-article modules (setup.py, NEWS_TIMELINE_COMPILE=1): the answers are the same, in about three quarters
# of the instructions. Neither is copied into the runtime image: the compiled modules need them only to build.
# (The check at the end runs with -P: the source tree in the working directory must not shadow the install.)
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/build \
    && python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['optional-dependencies']['compiled']))" \
        > build-requirements.txt \
    && /opt/build/bin/pip install --requirement build-requirements.txt "setuptools>=70.1"

# Then the project itself, compiled, without touching the dependencies again.
COPY README.md setup.py ./
COPY service ./service
RUN NEWS_TIMELINE_COMPILE=1 /opt/build/bin/pip wheel --no-deps --no-build-isolation --wheel-dir /tmp/wheels . \
    && pip install --no-deps /tmp/wheels/*.whl \
    && python -P -c "import sys; from service.core import events; sys.exit(not events.__file__.endswith('.so'))"

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
