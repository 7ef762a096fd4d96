"""Logging filters.

While Redis is down every cache call fails and is ignored (IGNORE_EXCEPTIONS): django-redis
logs each one with its traceback, a few kilobytes per call and several calls per page,
which floods the journal and costs CPU exactly when the pages are rendered uncached
(bench/faults.py measured ~4 MB per app server in a 5 s outage at 20 clients).
"""

import logging
import threading
import time


class ThrottledCacheErrors(logging.Filter):
    """One line per `seconds` for an unreachable cache, with the number of similar
    records left out since the last one; no traceback."""

    def __init__(self, seconds=10):
        super().__init__()
        self.seconds = seconds
        self._lock = threading.Lock()
        self._next = 0.0
        self._left_out = 0

    def filter(self, record):
        now = time.monotonic()
        with self._lock:
            if now < self._next:
                self._left_out += 1
                return False
            self._next = now + self.seconds
            left_out, self._left_out = self._left_out, 0
        exc = record.exc_info[1] if record.exc_info else None
        record.msg = "Bộ nhớ đệm không phản hồi, trang được dựng từ cơ sở dữ liệu: %s%s"
        record.args = (
            f"{type(exc).__name__}: {exc}" if exc else record.getMessage(),
            f" ({left_out} lỗi tương tự được lược bớt)" if left_out else "",
        )
        record.exc_info = record.exc_text = None
        return True
