"""What one process may remember, for a moment, of what it read from the cache.

Every public request reads a few small cache entries: the routing generation, the Site of
its host, whether the host is served, the page cache's generations and, on a hit, the
page. Unpickling them costs more than serving a static file (a Site is a model instance),
so a process keeps what it read for `seconds()` (PAGE_CACHE_LOCAL_SECONDS, default half a
second): a change this process makes clears its memos at once (the invalidation functions
call `clear()`), a change another app server makes is seen within that half second.

The memos hold only what the shared entries hold, under the same generation-bearing keys,
so they never outlive what they copy by more than `seconds()`.
"""

import contextlib
import time
import weakref
from collections import OrderedDict

from django.conf import settings

_MISSING = object()
_memos = weakref.WeakSet()


def seconds():
    return getattr(settings, "PAGE_CACHE_LOCAL_SECONDS", 0.5)


class ProcessMemo:
    """A small LRU of (key -> value) whose entries expire after `seconds()`."""

    missing = _MISSING

    def __init__(self, max_entries=256):
        self.max_entries = max_entries
        self._entries = OrderedDict()
        _memos.add(self)

    def get(self, key):
        entry = self._entries.get(key)
        if entry is None:
            return _MISSING
        if entry[0] <= time.monotonic():
            self._entries.pop(key, None)
            return _MISSING
        with contextlib.suppress(KeyError):  # another thread dropped it meanwhile
            self._entries.move_to_end(key)
        return entry[1]

    def put(self, key, value):
        ttl = seconds()
        if ttl <= 0:
            return
        self._entries[key] = (time.monotonic() + ttl, value)
        # Threaded workers share the memo: a race only drops an entry, never fails.
        with contextlib.suppress(KeyError):
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self):
        self._entries.clear()

    def __len__(self):
        return len(self._entries)


def forget_everything():
    """Clear every memo of this process (with `cache.clear()`, e.g. between tests)."""
    for memo in list(_memos):
        memo.clear()
