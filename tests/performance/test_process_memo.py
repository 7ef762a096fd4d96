"""The process memo (sites/process_memo.py): entries expire, the oldest go first, and a
memo never outlives `PAGE_CACHE_LOCAL_SECONDS`."""

from django.test import override_settings

from sites import process_memo


def test_entries_expire_after_the_local_seconds(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(process_memo.time, "monotonic", lambda: clock[0])
    memo = process_memo.ProcessMemo(max_entries=4)
    memo.put("a", 1)
    assert memo.get("a") == 1
    clock[0] += process_memo.seconds() + 0.01
    assert memo.get("a") is memo.missing
    assert len(memo) == 0


def test_the_least_recently_read_goes_first():
    memo = process_memo.ProcessMemo(max_entries=2)
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") == 1  # "b" is now the oldest
    memo.put("c", 3)
    assert memo.get("b") is memo.missing
    assert (memo.get("a"), memo.get("c")) == (1, 3)


def test_a_none_value_is_remembered_and_forgotten_with_every_memo():
    memo = process_memo.ProcessMemo()
    memo.put("host", None)
    assert memo.get("host") is None
    process_memo.forget_everything()
    assert memo.get("host") is memo.missing


@override_settings(PAGE_CACHE_LOCAL_SECONDS=0)
def test_zero_seconds_remembers_nothing():
    memo = process_memo.ProcessMemo()
    memo.put("a", 1)
    assert memo.get("a") is memo.missing
