"""Where the registry may send a request to a provincial platform, and with which credential.

Addresses: only a base URL whose host an admin allowed in ``TUIJIN_PROVINCE_ALLOWED_HOSTS`` (``host`` or
``host:port`` entries; ``*.example.gov.cn`` for any name under that domain). A host without a port allows
the scheme's default port only. ``http``/``https`` only, no user name or password in the URL, redirects
are never followed. An exact entry is the admin's word for that host, whatever it resolves to (the demo's
stand-in is ``127.0.0.1:8009``); a host matched by a ``*.`` entry must resolve to global addresses only:
every address is checked at each connection (not only when the URL is configured, so a name that later
resolves elsewhere is refused), and the connection goes to the address that was checked.

Credentials: a configuration names each secret only by the region's own variable for it,
``env:TUIJIN_PROVINCE_<region>_TOKEN`` and ``env:TUIJIN_PROVINCE_<region>_WEBHOOK_SECRET``, or by a file in
the region's folder of ``TUIJIN_PROVINCE_SECRETS_DIR`` (``<dir>/<region>/<name>``, checked after resolving
links). Any other variable (the token keys, the database URLs) or file cannot be named, and a reference
stored before these rules is refused when used."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from tuijin.registry.province.errors import AddressRefused

DEFAULT_PORTS = {"http": 80, "https": 443}
RESOLVE_TIMEOUT_SECONDS = 10.0
REF_FORM = "引用须为 env:变量名 或 file:文件路径，不得直接填写密钥 (env:VARIABLE or file:path, never the secret)"
Resolver = Callable[[str, int], Awaitable[list[str]]]


# ---------------------------------------------------------------- addresses


@dataclass(frozen=True)
class HostRule:
    host: str  # lower case, no trailing dot; for a wildcard the domain after "*."
    port: int | None
    wildcard: bool

    def matches(self, host: str, port: int, default_port: int) -> bool:
        if port != (self.port if self.port is not None else default_port):
            return False
        if self.wildcard:
            return host.endswith("." + self.host)
        return host == self.host


def _norm_host(raw_host: bytes) -> str:
    """As httpx connects: IDNA-encoded, lower case, without brackets or a trailing dot."""
    return raw_host.decode("ascii", "replace").strip("[]").rstrip(".").lower()


def parse_rules(text: str) -> list[HostRule]:
    """``TUIJIN_PROVINCE_ALLOWED_HOSTS``: entries separated by commas or spaces, ``host``, ``host:port``,
    ``[v6]:port`` or ``*.domain[:port]``; an entry that cannot be read is ignored (it allows nothing)."""
    rules = []
    for raw in re.split(r"[,\s]+", text.strip()):
        if not raw:
            continue
        wildcard = raw.startswith("*.")
        body = raw[2:] if wildcard else raw
        try:
            parts = httpx.URL("http://" + body)
        except (httpx.InvalidURL, ValueError):
            continue
        if not parts.raw_host or parts.path not in ("", "/") or parts.userinfo or parts.query or parts.fragment:
            continue
        rules.append(HostRule(_norm_host(parts.raw_host), parts.port, wildcard))
    return rules


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    exact: bool  # named by an exact entry: any address; else every resolved address must be global


def check_url(url: str | httpx.URL, rules: list[HostRule]) -> Target:
    """The target of ``url`` (read as httpx reads it to connect) if an admin allowed it; ``ValueError``
    with a Chinese reason otherwise."""
    try:
        parts = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except (httpx.InvalidURL, ValueError):
        raise ValueError("地址无法解析 (the URL cannot be read)") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValueError("只允许 http 或 https 地址 (only http and https)")
    if parts.userinfo or "@" in str(parts.netloc, "ascii", "replace"):
        raise ValueError("地址中不得包含用户名或密码 (no user name or password in the URL)")
    if not parts.raw_host:
        raise ValueError("地址缺少主机名 (the URL has no host)")
    host = _norm_host(parts.raw_host)
    default = DEFAULT_PORTS[scheme]
    port = parts.port if parts.port is not None else default
    exact = any(not r.wildcard and r.matches(host, port, default) for r in rules)
    if exact:
        return Target(host, port, True)
    if _ip(host) is None and any(r.wildcard and r.matches(host, port, default) for r in rules):
        return Target(host, port, False)
    raise ValueError(
        f"主机 {host}:{port} 不在管理员允许的省平台地址中 (TUIJIN_PROVINCE_ALLOWED_HOSTS) "
        "(the host is not among the addresses an admin allowed)"
    )


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None


def is_public(address: str) -> bool:
    """A global unicast address: not loopback, private, link-local, shared, reserved, multicast or unspecified
    (an IPv4 address mapped or embedded in IPv6 counts as that IPv4 address)."""
    ip = _ip(address)
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None and not is_public(str(inner)):
            return False
        if ip in ipaddress.ip_network("64:ff9b::/96") and not is_public(str(ipaddress.IPv4Address(ip.packed[-4:]))):
            return False
    return ip.is_global and not ip.is_multicast and not ip.is_unspecified


async def system_resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _refused(detail: str) -> AddressRefused:
    return AddressRefused(f"省平台地址不允许访问：{detail}")


class GuardedTransport(httpx.AsyncBaseTransport):
    """Checks every request against the allow-list before it leaves, and for a host allowed by a ``*.``
    entry resolves the name, refuses it unless every address is global, and connects to the checked
    address (the Host header and TLS server name stay the name)."""

    def __init__(
        self,
        rules: Callable[[], list[HostRule]],
        inner: httpx.AsyncBaseTransport | None = None,
        resolve: Resolver | None = None,
    ) -> None:
        self.rules = rules
        self.owns_inner = inner is None
        self.inner = inner if inner is not None else httpx.AsyncHTTPTransport()
        self.resolve = resolve or system_resolve

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            target = check_url(request.url, self.rules())
        except ValueError as exc:
            raise _refused(str(exc)) from None
        if not target.exact:
            try:
                async with asyncio.timeout(RESOLVE_TIMEOUT_SECONDS):
                    addresses = await self.resolve(target.host, target.port)
            except (OSError, TimeoutError):
                raise httpx.ConnectError("name not resolved", request=request) from None
            if not addresses or not all(is_public(a) for a in addresses):
                raise _refused(
                    f"主机 {target.host} 解析到非公网地址 (the host resolves to a non-global address)"
                )
            request.url = request.url.copy_with(host=addresses[0])
            request.extensions = {**request.extensions, "sni_hostname": target.host}
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        if self.owns_inner:
            await self.inner.aclose()


# ---------------------------------------------------------------- credentials


SECRET_VARIABLES = {
    "credential": "TUIJIN_PROVINCE_{region}_TOKEN",
    "webhook": "TUIJIN_PROVINCE_{region}_WEBHOOK_SECRET",
}


def allowed_env_name(region_code: str, purpose: str) -> str:
    """The one variable a region's ``credential`` or ``webhook`` secret may be read from."""
    return SECRET_VARIABLES[purpose].format(region=region_code)


def secret_file(target: str, region_code: str, secrets_dir: str) -> Path:
    """The file a ``file:`` reference names, inside ``<secrets_dir>/<region_code>/`` after resolving links;
    ``ValueError`` with a Chinese reason otherwise. A relative name is taken in the region's folder."""
    if not secrets_dir.strip():
        raise ValueError("未配置省平台密钥目录 (TUIJIN_PROVINCE_SECRETS_DIR)，不能引用文件 (no secrets folder is set)")
    if ".." in Path(target).parts or "\x00" in target:
        raise ValueError("文件引用不得包含 .. (no .. in a file reference)")
    base = (Path(secrets_dir).expanduser() / region_code).resolve()
    path = Path(target)
    path = (path if path.is_absolute() else base / path).resolve()
    if path == base or not path.is_relative_to(base):
        raise ValueError(f"文件必须位于本地区的密钥目录 {base} 内 (the file must be in the region's secrets folder)")
    return path


def check_ref(ref: str, region_code: str, purpose: str, secrets_dir: str) -> str:
    """A reference the region may use for its ``credential`` or ``webhook`` secret, or ``ValueError`` with a
    Chinese reason."""
    kind, _, target = ref.partition(":")
    if kind == "env":
        name = allowed_env_name(region_code, purpose)
        if target != name:
            raise ValueError(f"只能引用本地区的变量 env:{name} (only the region's own variable {name})")
        return ref
    if kind == "file":
        secret_file(target, region_code, secrets_dir)
        return ref
    raise ValueError(REF_FORM)
