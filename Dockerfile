# One image per app, built the same way `make run` installs: uv from PyPI, then `uv sync --frozen`
# from the one lock file. Build with --build-arg APP=registry|issues|meetings|scoring|gateway.
FROM python:3.11-slim
ARG APP=registry
ARG UV_VERSION=0.13.8
ENV APP=${APP} PYTHONUNBUFFERED=1 PATH=/app/.venv/bin:$PATH TUIJIN_VAR_DIR=/app/var
WORKDIR /app
RUN pip install --no-cache-dir --disable-pip-version-check "uv==${UV_VERSION}"
COPY pyproject.toml uv.lock ./
COPY libs libs
COPY services services
COPY gateway gateway
RUN uv sync --frozen --all-packages --no-dev && useradd --system --home /app tuijin && mkdir -p var/files && chown -R tuijin var
USER tuijin
# migrations before start; then the server on all interfaces of the container
CMD ["sh", "-c", "tuijin-$APP migrate && exec tuijin-$APP serve --host 0.0.0.0"]
