"""Sync in one sentence (status bar, home page): when, what waits, offline for days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from desktop.ui.sync_words import SyncStatus, sync_sentence

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def test_the_sentence_says_what_to_act_on() -> None:
    recent = NOW - timedelta(hours=1)
    assert sync_sentence(SyncStatus("online", recent, 0), NOW)[1] == "ok"
    text, tone = sync_sentence(SyncStatus("online", recent, 3), NOW)
    assert "3 条修改等待上传" in text and "今天" in text and tone == "plain"
    text, tone = sync_sentence(SyncStatus("offline", NOW - timedelta(days=1), 2), NOW)
    assert "连不上" in text and tone == "warning"
    text, tone = sync_sentence(SyncStatus("offline", NOW - timedelta(days=5), 2), NOW)
    assert "已有 5 天没有联网同步" in text and "2 条修改县里还看不到" in text
    assert tone == "urgent"
    text, _ = sync_sentence(SyncStatus("unknown", NOW - timedelta(days=5), 0), NOW)
    assert "县里此后的修改本机还没有收到" in text
    text, tone = sync_sentence(SyncStatus("unknown", None, 4), NOW)
    assert "还没有与县里同步过" in text and tone == "warning"
    assert "未加入县级服务器" in sync_sentence(SyncStatus("offline_only", None, 4), NOW)[0]
    assert "正在" in sync_sentence(SyncStatus("online", recent, 1, syncing=True), NOW)[0]
    assert sync_sentence(SyncStatus("unknown", None, None), NOW)[0] == ""
