"""Joining the county: a one-time enrolment code becomes this device's credential.

On an empty data folder enrolment creates the encrypted store for the scope the county
gives; on a store made offline by ``init`` it joins that store, whose records then go up
on the first sync.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import platform
import secrets
from dataclasses import dataclass

from casework.messages import Message
from casework.protocol import EnrollResponse, normalize_enrolment_code
from desktop.models import vault
from desktop.models.crypto import FieldCipher
from desktop.models.store import CaseStore
from desktop.services.datadir import (
    DataDir,
    DataDirError,
    check_passphrase_strength,
    init_store,
    store_with_key,
    unlock_key,
)
from desktop.sync.client import CountyClient
from desktop.sync.county import directory_json
from desktop.sync.signature import FORMERLY_KEY, signature_change
from desktop.sync.state import COUNTY_VERSION, SyncState

logger = logging.getLogger(__name__)

ALREADY_ENROLLED = Message(
    "本设备已登记到县级服务器（{server}），无需再次登记",
    "This device is already enrolled with {server}",
)
WRONG_VILLAGE = Message(
    "登记码属于 {scope}，而本机档案库属于村（社区）{village}。登记码已使用，请联系县中心重新生成。",
    "The enrolment code is for {scope}, but this store belongs to village {village}. "
    "The code is used up; ask the county centre for a new one.",
)


REQUEST_SECRET_BYTES = 32
# Used where a folder cannot keep its own secret: a retry in this run still matches.
_RUN_SECRET = secrets.token_bytes(REQUEST_SECRET_BYTES)


def request_secret(folder: DataDir) -> bytes:
    """The secret behind this data folder's enrolment request ids, made on first use.

    Enrolling again with the same server and code, after an answer was lost, sends the
    same request id, and the server answers that request again instead of refusing the
    code it used. Kept in the folder (not personal data; owner-only) so that this holds
    after the program was closed, until the enrolment succeeds; another folder, or anyone
    else, makes different ids. Where the folder cannot keep it, the secret lasts this run.
    """
    path = folder.enrolment_key
    try:
        secret = path.read_bytes()
        if len(secret) == REQUEST_SECRET_BYTES:
            return secret
    except OSError:
        pass
    secret = secrets.token_bytes(REQUEST_SECRET_BYTES)
    try:
        folder.root.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(secret)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except OSError as error:
        logger.warning("enrolment request key not kept: %s", type(error).__name__)
        return _RUN_SECRET
    return secret


def request_id_for(secret: bytes, server_url: str, code: str) -> str:
    """The request id for enrolling with ``code`` at ``server_url`` under ``secret``."""
    message = f"{server_url}\n{normalize_enrolment_code(code)}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Enrolment:
    device_id: str
    user_name: str
    role: str
    scope_level: str
    scope_code: str
    created_store: bool


def _remember(
    state: SyncState, server_url: str, ca_file: str | None, reply: EnrollResponse
) -> None:
    formerly = signature_change(state.get("user"), reply.user_name, state.get(FORMERLY_KEY))
    if formerly is not None:  # what this laptop signed before enrolment is the user's
        state.put({FORMERLY_KEY: formerly})
    state.put(
        {
            "server_url": server_url,
            "ca_file": ca_file or "",
            "device_id": reply.device_id,
            "role": reply.role,
            "scope_level": reply.scope.level,
            "scope_code": reply.scope.code,
            "user_name": reply.user_name,
            # 走访人 and 修改人 from now on: the name the county enrolled, not the login.
            "user": reply.user_name,
            "directory": directory_json(reply.townships, reply.villages, reply.users),
            "policy": reply.policy.model_dump_json(),
            # The settings' version these are (none from a server that does not say):
            # the first sync asks GET /county only if a page names another.
            COUNTY_VERSION: reply.county_version,
            "cursor": "0",
        }
    )
    state.save_credential(reply.credential)
    state.store.actor = reply.user_name


def enroll(
    folder: DataDir,
    *,
    server_url: str,
    code: str,
    passphrase: str,
    ca_file: str | None = None,
    device_name: str | None = None,
) -> tuple[CaseStore, Enrolment]:
    client = CountyClient(server_url, ca_file=ca_file)
    existing: tuple[CaseStore, bytes] | None = None
    if folder.exists():
        engine, data_key = unlock_key(folder, passphrase=passphrase)
        store = store_with_key(folder, engine, FieldCipher(data_key))
        server = SyncState(store).get("server_url")
        if server:
            raise DataDirError(ALREADY_ENROLLED.format(server=server))
        existing = (store, data_key)
    else:
        check_passphrase_strength(passphrase)
    reply = client.enroll(
        code,
        device_name or platform.node() or "childdesk",
        request_id=request_id_for(request_secret(folder), client.base_url, code),
    )
    client.close()
    if existing is not None:
        store, data_key = existing
        if reply.scope.level == "village" and reply.scope.code != store.village_code:
            raise DataDirError(
                WRONG_VILLAGE.format(scope=reply.scope.code, village=store.village_code)
            )
        if reply.recovery_public_key:
            vault.add_recovery_slot(store.engine, data_key, reply.recovery_public_key.encode())
    else:
        # The policy again, now that the village's name is known: refused here, the same
        # code on this laptop still enrols (the server answers the same request again).
        store = init_store(
            folder,
            village_code=reply.scope.code,
            village_name=next((v.name for v in reply.villages if v.code == reply.scope.code), None),
            passphrase=passphrase,
            user=reply.user_name,
            recovery_public_pem=(
                reply.recovery_public_key.encode() if reply.recovery_public_key else None
            ),
        )
    _remember(SyncState(store), client.base_url, ca_file, reply)
    folder.enrolment_key.unlink(missing_ok=True)  # enrolled: no request to repeat
    logger.info("enrolled as device %s (%s scope)", reply.device_id, reply.scope.level)
    return store, Enrolment(
        device_id=reply.device_id,
        user_name=reply.user_name,
        role=reply.role,
        scope_level=reply.scope.level,
        scope_code=reply.scope.code,
        created_store=existing is None,
    )
