"""Enrolment codes become devices once; devices authenticate with their credential."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select

from casework.protocol import EnrollResponse
from county_server.models import Device as DeviceRow
from county_server.models import EnrolmentCode
from county_server.services import directory
from tests.county_server.conftest import API, T1, V1, V3, World


def _enroll(
    world: World, code: str, request_id: str | None = None
) -> tuple[int, dict[str, object]]:
    body = {"code": code, "device_name": "笔记本", "request_id": request_id}
    answer = world.client.post(f"{API}/enroll", json=body)
    return answer.status_code, answer.json()


def _me(world: World, credential: object) -> int:
    answer = world.client.get(f"{API}/me", headers={"Authorization": f"Bearer {credential}"})
    return answer.status_code


def test_a_valid_code_enrols_a_device_with_scope_and_directory(world: World) -> None:
    code = world.add_user("director", V1, name="李主任")
    status, body = _enroll(world, code)
    assert status == 200
    response = EnrollResponse.model_validate(body)
    assert response.role == "director"
    assert response.user_name == "李主任"
    assert (response.scope.level, response.scope.code) == ("village", V1)
    assert {t.code for t in response.townships} == {T1, "330523102"}
    assert {v.code for v in response.villages} >= {V1, V3}
    assert response.recovery_public_key is None
    assert response.policy.default_months == 3
    device_id, _, secret = response.credential.partition(".")
    assert device_id == response.device_id and len(secret) >= 43
    # The server keeps only hashes of the code and of the secret.
    with world.db.transaction() as session:
        row = session.get(DeviceRow, device_id)
        assert row is not None
        assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
        hashes = session.scalars(select(EnrolmentCode.code_hash)).all()
        assert code not in hashes and code.replace("-", "") not in hashes


def test_me_answers_the_device_and_its_scope(world: World) -> None:
    supervisor = world.supervisor(T1)
    answer = supervisor.get("/me")
    assert answer.status_code == 200
    assert answer.json() == {
        "device_id": supervisor.id,
        "user_name": supervisor.enrolment["user_name"],
        "role": "supervisor",
        "scope": {"level": "township", "code": T1},
    }


def test_codes_are_typed_loosely(world: World) -> None:
    code = world.add_user("director", V1)
    status, _ = _enroll(world, f"  {code.replace('-', ' ').lower()} ")
    assert status == 200


def test_unknown_used_and_expired_codes_get_the_same_401(world: World) -> None:
    used = world.add_user("director", V1)
    assert _enroll(world, used)[0] == 200
    expired = world.add_user("director", V1)
    fresh = world.add_user("director", V1)
    world.clock.advance(hours=72, seconds=1)
    answers = [
        _enroll(world, used),
        _enroll(world, expired),
        _enroll(world, "AAAA-BBBB-CCCC-DDDD"),
    ]
    assert [status for status, _ in answers] == [401, 401, 401]
    assert answers[0][1] == answers[1][1] == answers[2][1]
    assert answers[0][1]["error"]["code"] == "bad_enrolment_code"  # type: ignore[index]
    assert _enroll(world, fresh)[0] == 401  # expired too: 72 h have passed


def test_the_request_that_used_a_code_is_answered_again_with_a_new_secret(
    world: World,
) -> None:
    # The answer to an enrolment was lost on the way: the laptop sends the same request.
    code = world.add_user("director", V1, name="李主任")
    request_id = "laptop-request-" + "7" * 32
    status, first = _enroll(world, code, request_id)
    assert status == 200
    world.clock.advance(minutes=5)
    status, again = _enroll(world, code.lower(), request_id)
    assert status == 200
    assert again["device_id"] == first["device_id"]
    assert again["credential"] != first["credential"]
    assert (_me(world, again["credential"]), _me(world, first["credential"])) == (200, 401)
    with world.db.transaction() as session:
        assert len(session.scalars(select(DeviceRow)).all()) == 1  # one device, not two
    # Any other request with that code is refused like any used code: another request id,
    # none at all, or the same one once the code would have expired.
    assert _enroll(world, code, "someone-else-" + "8" * 32)[0] == 401
    assert _enroll(world, code)[0] == 401
    world.clock.advance(hours=72)
    assert _enroll(world, code, request_id)[0] == 401


def test_a_revoked_device_is_not_revived_by_its_enrolment_request(world: World) -> None:
    code = world.add_user("director", V1)
    request_id = "laptop-request-" + "9" * 32
    status, first = _enroll(world, code, request_id)
    assert status == 200
    with world.db.transaction() as session:
        device = session.get(DeviceRow, first["device_id"])
        assert device is not None
        device.revoked_at = world.clock()
    assert _enroll(world, code, request_id)[0] == 401


def test_a_code_is_valid_for_72_hours(world: World) -> None:
    code = world.add_user("director", V1)
    world.clock.advance(hours=71, minutes=59)
    assert _enroll(world, code)[0] == 200


def test_an_expired_code_in_the_database_is_refused(world: World) -> None:
    code = world.add_user("director", V1)
    with world.db.transaction() as session:
        row = session.scalars(select(EnrolmentCode)).one()
        row.expires_at = world.clock() - timedelta(seconds=1)
    assert _enroll(world, code)[0] == 401


def test_requests_without_a_valid_credential_are_401(world: World) -> None:
    device = world.director()
    device_id, _, secret = device.credential.partition(".")
    for headers in (
        {},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer nonsense"},
        {"Authorization": f"Bearer {device_id}.wrong-secret"},
        {"Authorization": f"Bearer {device_id}"},
        {"Authorization": f"Bearer 00000000-0000-4000-8000-000000000000.{secret}"},
    ):
        answer = world.client.get(f"{API}/me", headers=headers)
        assert answer.status_code == 401, headers
        assert answer.json()["error"]["code"] == "unauthorized"
        assert answer.headers["www-authenticate"] == "Bearer"


def test_a_revoked_device_is_refused_at_its_next_request(world: World) -> None:
    device = world.director()
    assert device.get("/me").status_code == 200
    world.revoke(device)
    for answer in (device.get("/me"), device.get("/changes"), device.post("/push", {"ops": []})):
        assert answer.status_code == 401
        assert answer.json()["error"]["code"] == "unauthorized"


def test_each_request_records_last_contact(world: World) -> None:
    device = world.director()
    world.clock.advance(hours=5)
    device.get("/me")
    with world.db.transaction() as session:
        row = session.get(DeviceRow, device.id)
        assert row is not None and row.last_seen_at == world.clock()


def test_last_contact_is_written_at_most_once_a_minute(world: World) -> None:
    """So that a sync with nothing to do writes nothing on the server."""
    device = world.director()
    device.get("/me")
    first = world.clock()
    world.clock.advance(seconds=30)
    device.get("/changes")
    with world.db.transaction() as session:
        row = session.get(DeviceRow, device.id)
        assert row is not None and row.last_seen_at == first
    world.clock.advance(seconds=31)
    device.get("/me")
    with world.db.transaction() as session:
        row = session.get(DeviceRow, device.id)
        assert row is not None and row.last_seen_at == world.clock()


def test_enrolment_sends_the_county_recovery_public_key(world: World, tmp_path: Path) -> None:
    pem = (
        X25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    with world.db.transaction() as session:
        directory.set_recovery_public_key(session, pem)
    device = world.director()
    assert device.enrolment["recovery_public_key"] == pem


def test_enrol_request_must_fit_the_schema(world: World) -> None:
    for body in ({}, {"code": "short", "device_name": "x"}, {"code": "A" * 20, "device_name": ""}):
        answer = world.client.post(f"{API}/enroll", json=body)
        assert answer.status_code == 422
        assert answer.json()["error"]["code"] == "invalid_request"
