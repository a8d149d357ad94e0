"""HTTP client for the county server: timeouts, retries with jitter, gzip, verified TLS.

TLS verification is never switched off: the system's trust store is used, or the
county's CA file when one is configured. Plain ``http://`` is refused except to a
loopback address (the tests' and a developer's own server). Redirects are never
followed: a 3xx answer could send an enrolment code, a credential or a batch of personal
fields to another host, or to plain HTTP, so it stops the sync with a ``redirect`` error.
"""

from __future__ import annotations

import gzip
import ipaddress
import logging
import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from urllib.parse import urljoin, urlsplit

from pydantic import BaseModel, ValidationError

from casework.messages import Message
from casework.protocol import (
    API_PREFIX,
    CountySettings,
    DeviceInfo,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    HistoryChanged,
    Laptops,
    Op,
    PushRequest,
    PushResponse,
)
from desktop.sync.pulled import PageError, PulledPage, parse_page

if TYPE_CHECKING:
    import requests

logger = logging.getLogger(__name__)

ErrorKind = Literal[
    "network", "tls", "unauthorized", "refused", "server", "protocol", "config", "not_enrolled",
    "bad_code", "redirect", "history_changed",
]  # fmt: skip
Model = TypeVar("Model", bound=BaseModel)
RETRY_STATUSES = frozenset({502, 503, 504})
RETRIES = 3  # after the first try, for a dropped connection or a busy server

MESSAGES: dict[ErrorKind, Message] = {
    "network": Message(
        "连不上县级服务器：请检查网络，联网后会自动重试。数据都已保存在本机。",
        "Cannot reach the county server: check the network; sync retries when online. "
        "Everything is saved on this computer.",
    ),
    "tls": Message(
        "服务器证书验证失败，为安全起见已停止同步。请联系县中心核对服务器地址和证书文件。",
        "The server's certificate could not be verified, so sync stopped for safety. "
        "Ask the county centre to check the server address and CA file.",
    ),
    "unauthorized": Message(
        "县级服务器不再接受本设备（可能已被停用）。请联系县中心重新登记本设备。",
        "The county server no longer accepts this device (it may have been revoked). "
        "Ask the county centre to enrol it again.",
    ),
    "refused": Message("县级服务器拒绝了请求：{detail}", "The county server refused: {detail}"),
    "server": Message(
        "县级服务器暂时出错，请稍后再试。数据都已保存在本机。",
        "The county server had a problem; try again later. Everything is saved here.",
    ),
    "protocol": Message(
        "县级服务器的回复无法识别，请确认服务器地址正确。",
        "The county server's answer was not understood; check the server address.",
    ),
    "bad_code": Message(
        "登记码无效、已使用或已过期（有效期72小时）。请向县中心索取新的登记码。",
        "The enrolment code is unknown, used or expired (codes last 72 hours). "
        "Ask the county centre for a new one.",
    ),
    "not_enrolled": Message(
        "本设备还没有登记到县级服务器：请先用县中心给的登记码运行 childdesk enroll",
        "This device is not enrolled with the county server yet: run childdesk enroll "
        "with the code from the county centre",
    ),
    "redirect": Message(
        "县级服务器要求转到另一个地址（{detail}）。为保护个人信息，没有发送任何数据，同步已停止。"
        "请联系县中心核对服务器地址。",
        "The county server redirected to another address ({detail}). To protect personal "
        "data nothing was sent there and sync stopped. Ask the county centre to check the "
        "server address.",
    ),
    "history_changed": Message(
        "县级服务器的数据已从备份恢复，本机正在把保存的记录重新发给服务器。请再同步一次；"
        "如一直出现这条提示，请联系县中心。数据都已保存在本机。",
        "The county server's data was restored from a backup; this computer is sending its "
        "records back. Sync again; if this keeps appearing, ask the county centre. "
        "Everything is saved on this computer.",
    ),
    "config": Message(
        "服务器地址必须以 https:// 开头（仅本机测试可用 http://）：{detail}",
        "The server address must start with https:// (http:// only for this computer): {detail}",
    ),
}


class SyncError(Exception):
    """A sync step failed; ``kind`` says how and ``message`` what the user can do."""

    def __init__(self, kind: ErrorKind, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.message = MESSAGES[kind].format(detail=detail)


class HistoryChangedError(SyncError):
    """The server's history is not the one this device synced with (restored from a
    backup): the sync engine offers back what the device holds and pulls afresh."""

    def __init__(self, history: HistoryChanged) -> None:
        super().__init__("history_changed")
        self.history = history


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_server_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url.rstrip("/")
    if parts.scheme == "http" and parts.hostname and is_loopback(parts.hostname):
        return url.rstrip("/")
    raise SyncError("config", url)


def _origin(location: str) -> str:
    """Where a redirect pointed, as ``scheme://host[:port]``: no path or query (they could
    carry anything), nothing but what the user needs to tell the county centre."""
    try:
        parts = urlsplit(location)
        port = parts.port
    except ValueError:
        return "?"
    if not parts.scheme or not parts.hostname:
        return "?"
    return f"{parts.scheme}://{parts.hostname}{f':{port}' if port else ''}"


class CountyClient:
    def __init__(
        self,
        base_url: str,
        *,
        credential: str | None = None,
        ca_file: str | None = None,
        timeout: tuple[float, float] = (5.0, 60.0),
        retries: int = RETRIES,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        # Imported here, not with the module: the window starts without it (a tenth of a
        # second) and needs it only once it syncs.
        import requests

        self.base_url = check_server_url(base_url)
        self._session = requests.Session()
        # The county's CA file when given, else the system trust store. Passed on every
        # request too: requests lets REQUESTS_CA_BUNDLE override a session-level setting.
        self._verify: str | bool = ca_file if ca_file else True
        self._session.verify = self._verify
        self._session.headers["Accept-Encoding"] = "gzip"
        self._session.headers["User-Agent"] = "childdesk"
        if credential:
            self._session.headers["Authorization"] = f"Bearer {credential}"
        self._timeout = timeout
        self._retries = retries
        self._sleep = sleep

    def close(self) -> None:
        self._session.close()

    def _request(
        self, method: str, path: str, body: BaseModel | None = None, **params: Any
    ) -> bytes:
        import requests

        url = f"{self.base_url}{API_PREFIX}{path}"
        data = None
        headers = {}
        if body is not None:
            data = gzip.compress(body.model_dump_json().encode(), compresslevel=5)
            headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        attempt = 0
        while True:
            try:
                response = self._session.request(
                    method,
                    url,
                    data=data,
                    headers=headers,
                    params=params,
                    timeout=self._timeout,
                    verify=self._verify,
                    # A 3xx is answered as the "redirect" error (_decode), never followed.
                    allow_redirects=False,
                )
            except requests.exceptions.SSLError as error:
                raise SyncError("tls", type(error).__name__) from None
            except (
                requests.ConnectionError,
                requests.Timeout,
                # An answer cut or garbled on the way: sent again, which is safe, as the
                # server answers a replayed op with its stored result.
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as error:
                if attempt >= self._retries:
                    raise SyncError("network", type(error).__name__) from None
            except requests.RequestException as error:
                raise SyncError("network", type(error).__name__) from None
            else:
                if response.status_code not in RETRY_STATUSES or attempt >= self._retries:
                    return self._decode(response)
            attempt += 1
            # Exponential backoff with full jitter, so 200 villages don't retry in step.
            self._sleep(random.uniform(0, 0.5 * 2**attempt))

    def _decode(self, response: requests.Response) -> bytes:
        """The body of a successful answer; every other answer as a :class:`SyncError`."""
        status = response.status_code
        if 300 <= status < 400:
            location = urljoin(response.url, response.headers.get("Location", ""))
            raise SyncError("redirect", _origin(location))
        if status == 401:
            raise SyncError("unauthorized")
        if status >= 500:
            raise SyncError("server", str(status))
        if status >= 400:
            try:
                body = ErrorBody.model_validate_json(response.content)
            except ValidationError:
                raise SyncError("refused", str(status)) from None
            if body.error.code == "history_changed" and body.history is not None:
                raise HistoryChangedError(body.history)
            reason = body.error
            raise SyncError("refused", f"{reason.zh} / {reason.en} ({reason.code})")
        return response.content

    def _parse(self, model: type[Model], body: bytes) -> Model:
        # Straight from the bytes: a page of 2,000 records parses several times faster
        # than through json.loads and then the model.
        try:
            return model.model_validate_json(body)
        except ValidationError:
            raise SyncError("protocol", model.__name__) from None

    def enroll(self, code: str, device_name: str, request_id: str | None = None) -> EnrollResponse:
        request = EnrollRequest(code=code, device_name=device_name, request_id=request_id)
        try:
            return self._parse(EnrollResponse, self._request("POST", "/enroll", request))
        except SyncError as error:
            if error.kind == "unauthorized":  # the server's answer to any bad code
                raise SyncError("bad_code") from None
            raise

    def me(self) -> DeviceInfo:
        return self._parse(DeviceInfo, self._request("GET", "/me"))

    def county(self) -> CountySettings:
        """The county's directory and visit policy (asked when a pull names a new version)."""
        return self._parse(CountySettings, self._request("GET", "/county"))

    def laptops(self) -> Laptops:
        """When the county last heard from each enrolled laptop in this device's scope."""
        return self._parse(Laptops, self._request("GET", "/laptops"))

    def push(
        self, ops: list[Op], *, epoch: str | None = None, cursor: int | None = None
    ) -> PushResponse:
        """Send ``ops``; ``epoch`` and ``cursor`` (where this device last synced) make a
        restored server refuse them rather than merge them against the wrong history."""
        request = PushRequest(ops=ops, epoch=epoch, cursor=cursor)
        response = self._parse(PushResponse, self._request("POST", "/push", request))
        if [r.op_id for r in response.results] != [op.op_id for op in ops]:
            raise SyncError("protocol", "push results do not match the ops sent")
        return response

    def pull(
        self, since: int, limit: int, *, epoch: str | None = None, mine_upto: int = 0
    ) -> PulledPage:
        params: dict[str, Any] = {"since": since, "limit": limit}
        if epoch:
            params["epoch"] = epoch
        if mine_upto:
            params["mine_upto"] = mine_upto
        body = self._request("GET", "/changes", **params)
        try:
            return parse_page(body)
        except PageError:
            raise SyncError("protocol", "PullResponse") from None
