#!/usr/bin/python3
"""Runs one Swift 2.30 program (a /usr/bin/swift-*-server script, or swift-ring-builder) with its whole state
under one directory.

usage: /usr/bin/python3 swift_launch.py SWIFT_DIR /usr/bin/swift-object-server CONF -v

start.sh runs every server (and the ring builder) through this file, in the foreground, for three reasons:

* Swift reads /etc/swift/swift.conf (hash path prefix and suffix, storage policies, constraints) from a path
  fixed in swift.common.utils.SWIFT_CONF_FILE, whatever `swift_dir` says, and Debian ships its own file there
  (prefix and suffix "changeme"); swift.common.utils even reads it while being imported. We make that import
  read SWIFT_DIR/swift.conf, then point SWIFT_CONF_FILE there (utils.set_swift_dir) before anything else
  reads it: no process started through this file opens anything in /etc/swift.
* Swift always adds a syslog handler (/dev/log, else UDP to localhost:514). We replace it with a handler that
  drops records; with -v the server also logs to stderr, which start.sh sends to STATE_DIR/logs/NAME.log.
* tempauth refuses to work without a cache object in the WSGI environment ("Memcache required"), and the
  proxy caches account and container info in it. Rather than running memcached, the proxy's `cache` filter
  is `cache_filter_factory` below: a process-local dict with the memcache client's interface and expiry.

The server keeps this process's PID (runpy, no fork: start.sh sets workers = 0), so start.sh can record it.
"""
import json
import logging
import os
import runpy
import sys
import threading
import time


class LocalCache:
    """The subset of swift.common.memcached.MemcacheRing that Swift's proxy middlewares call, in memory.

    Values go through JSON like MemcacheRing's (serialize=True), so callers get copies, tuples come back as
    lists, and an expiry follows memcached's rule (0: never; over 30 days: an absolute Unix time)."""

    def __init__(self):
        self._items = {}
        self._lock = threading.Lock()

    @staticmethod
    def _expiry(ttl):
        ttl = int(ttl or 0)
        if ttl <= 0:
            return None
        return ttl if ttl > 30 * 24 * 3600 else time.time() + ttl

    def _live(self, key):
        item = self._items.get(key)
        if item is not None and item[1] is not None and item[1] <= time.time():
            del self._items[key]
            return None
        return item

    def set(self, key, value, serialize=True, time=0, min_compress_len=0, raise_on_error=False):
        with self._lock:
            self._items[key] = (json.dumps(value) if serialize else value, self._expiry(time))

    def get(self, key, raise_on_error=False):
        with self._lock:
            item = self._live(key)
        if item is None:
            return None
        value = item[0]
        return json.loads(value) if isinstance(value, str) else value

    def incr(self, key, delta=1, time=0):
        with self._lock:
            item = self._live(key)
            value = max(0, (int(json.loads(item[0])) if item else 0) + int(delta))
            expiry = item[1] if item else self._expiry(time)
            self._items[key] = (json.dumps(value), expiry)
            return value

    def decr(self, key, delta=1, time=0):
        return self.incr(key, -int(delta), time)

    def delete(self, key, server_key=None):
        with self._lock:
            self._items.pop(key, None)

    def set_multi(self, mapping, server_key, serialize=True, time=0, min_compress_len=0):
        for key, value in mapping.items():
            self.set(key, value, serialize=serialize, time=time)

    def get_multi(self, keys, server_key):
        return [self.get(key) for key in keys]


def cache_filter_factory(global_conf, **local_conf):
    """Paste filter: puts one LocalCache into every request's environ as swift.cache, like Swift's memcache."""
    cache = LocalCache()

    def cache_filter(app):
        def middleware(env, start_response):
            env['swift.cache'] = cache
            return app(env, start_response)
        return middleware

    return cache_filter


class _NoSyslog(logging.NullHandler):
    """Stands in for swift.common.utils.ThreadSafeSysLogHandler: accepts its arguments, emits nothing."""

    def __init__(self, *args, **kwargs):
        super().__init__()


def main():
    swift_dir, script = sys.argv[1], sys.argv[2]
    # The proxy imports this file again (its `cache` filter): no __pycache__ next to it, nothing outside STATE_DIR.
    sys.dont_write_bytecode = True
    # Own session: the server outlives start.sh and is not hit by signals sent to the caller's process group
    # (Ctrl-C, a CI step's kill); stop.sh stops it by PID.
    try:
        os.setsid()
    except OSError:
        pass  # already a session leader
    # swift.common.utils reads /etc/swift/swift.conf when it is imported (and keeps its hash prefix and
    # suffix if it finds one): for the length of that import, open() reads our swift.conf instead.
    import builtins
    real_open = builtins.open
    ours = os.path.join(swift_dir, 'swift.conf')

    def open_ours(file, *args, **kwargs):
        return real_open(ours if file == '/etc/swift/swift.conf' else file, *args, **kwargs)

    builtins.open = open_ours
    try:
        from swift.common import utils
    finally:
        builtins.open = real_open
    # From now on every reader of swift.conf takes SWIFT_DIR's; set_swift_dir also re-reads the hash prefix
    # and suffix from it (and exits with a clear message if it has neither).
    utils.set_swift_dir(swift_dir)
    utils.ThreadSafeSysLogHandler = _NoSyslog
    # Both modules parse swift.conf when first imported; reload in case something imported them already.
    from swift.common import constraints, storage_policy
    constraints.reload_constraints()
    storage_policy.reload_storage_policies()
    sys.argv = [script] + sys.argv[3:]
    runpy.run_path(script, run_name='__main__')


if __name__ == '__main__':
    main()
