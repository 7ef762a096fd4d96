"""A Redis outage is logged as one line per interval, not a traceback per cache call."""

import logging
import logging.config

import pytest

from cms.ops.log_filters import ThrottledCacheErrors


def _redis_refused():
    from redis.exceptions import ConnectionError

    try:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    except ConnectionError:
        logging.getLogger("django_redis.cache").exception("Exception ignored")


@pytest.fixture
def base_logging():
    """The production LOGGING (the test settings replace it)."""
    from cms.settings import base

    logger, root = logging.getLogger("django_redis.cache"), logging.getLogger()
    saved = logger.filters[:], root.handlers[:], root.level
    logging.config.dictConfig(base.LOGGING)
    yield logger
    logger.filters[:], root.handlers[:] = saved[:2]
    root.setLevel(saved[2])


def test_an_outage_logs_one_line_per_interval(base_logging, caplog, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("cms.ops.log_filters.time.monotonic", lambda: clock[0])
    (throttle,) = [f for f in base_logging.filters if isinstance(f, ThrottledCacheErrors)]
    throttle._next = 0.0
    for _ in range(50):
        _redis_refused()
    clock[0] += 11
    _redis_refused()

    records = [r for r in caplog.records if r.name == "django_redis.cache"]
    assert len(records) == 2
    assert all(r.exc_info is None for r in records)
    first, second = (r.getMessage() for r in records)
    assert "Bộ nhớ đệm không phản hồi" in first and "Connection refused" in first
    assert "lược bớt" not in first
    assert "49 lỗi tương tự được lược bớt" in second
