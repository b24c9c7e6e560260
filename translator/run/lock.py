"""The run lock: one `translator run` at a time per cache folder.

The lock is an flock on `<cache>/run.lock`; the kernel drops it when the process dies, so no
lock goes stale. The file is opened with O_NOFOLLOW and must be a regular file: a planted link
cannot make the run truncate or overwrite anything outside the cache.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from translator.errors import LockedError, StoreError

LOCK_NAME = "run.lock"


@contextmanager
def run_lock(cache_dir: Path, *, wait: bool) -> Iterator[None]:
    """Hold the run lock while the block runs.

    Raises LockedError when another run holds it (unless `wait`), StoreError when the cache
    folder cannot be used or the lock file is a symbolic link or not a regular file.
    """
    fd = _open_lock(Path(cache_dir))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise LockedError("another translator run holds the lock; exiting") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


def _open_lock(cache_dir: Path) -> int:
    path = cache_dir / LOCK_NAME
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        if cache_dir.is_symlink() and not cache_dir.is_dir():
            raise StoreError(f"cannot use {cache_dir} as the cache: a dangling link")
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StoreError(
                f"{path}: is a symbolic link; refusing to use it as the lock"
            ) from None
        if exc.errno == errno.EISDIR:
            raise StoreError(
                f"{path}: not a regular file; refusing to use it as the lock"
            ) from None
        raise StoreError(f"cannot use {cache_dir} as the cache: {exc.strerror or exc}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise StoreError(f"{path}: not a regular file; refusing to use it as the lock")
    return fd
