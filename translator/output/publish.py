"""Write the rendered copies of an article into the output folder, atomically.

`publish(article, formats, out_dir)` writes `<slug>.<ext>` per format, where `slug_for(url)`
is a stable, filesystem-safe name derived from the URL the article was fetched from (never from
what the page says about itself). Each file is written by `write_atomic`: a temporary file in
the same folder, fsync, then os.replace, so a reader (or a crash) never sees half a file, and a
failed write leaves nothing behind. No write follows a symbolic link: every folder between the
output root and the file is checked (`safe_folder`), and files are opened with O_NOFOLLOW, so
a link planted in the output folder cannot send a copy elsewhere.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from urllib.parse import unquote, urlsplit

from translator.article import Article
from translator.errors import PublishError
from translator.output.render import RENDERERS
from translator.translit import transliterate

EXTENSIONS = {"md": "md", "html": "html", "json": "json"}
MAX_SLUG = 120
HASH_CHARS = 8

# Words that say nothing about the article.
_NOISE = {"www", "html", "htm", "shtml", "php", "aspx", "amp"}


def slug_for(url: str) -> str:
    """A stable file name stem for `url`: host and path words in ASCII, then a short hash.

    Always matches [a-z0-9-]+, at most 120 characters; works for any string (a source name
    too). The hash keeps URLs that share their words apart.
    """
    text = unicodedata.normalize("NFKC", url)
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "") if parts.netloc else ""
    except ValueError:
        parts, host = None, ""
    if parts is not None and host:
        rest = f"{unquote(parts.path)} {unquote(parts.query)}"
    else:
        rest = unquote(text)
    words = [w for w in _words(host) + _words(rest) if w not in _NOISE]
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_CHARS]
    stem = "-".join(words)[: MAX_SLUG - HASH_CHARS - 1].strip("-") or "article"
    return f"{stem}-{digest}"


def _words(text: str) -> list[str]:
    # ё spelt as е, as Russian URLs and the slugs made before it was kept apart write it
    text = transliterate(text.lower().replace("ё", "е"))
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.findall(r"[a-z0-9]+", ascii_text)


def publish(
    article: Article, formats: list[str], out_dir: Path, *, root: Path | None = None
) -> list[Path]:
    """Render `article` in each format and write `<slug>.<ext>` files into `out_dir`.

    Everything is rendered before anything is written. `root` (default `out_dir`) is the output
    folder the user named: no folder from it down to `out_dir` may be a symbolic link. Raises
    PublishError (one line) for an unknown format, an unwritable folder or a link on the way;
    returns the paths written, in `formats` order.
    """
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown:
        raise PublishError(
            f"unknown output format {unknown[0]!r} (choose from {', '.join(RENDERERS)})"
        )
    out_dir = Path(out_dir)
    safe_folder(out_dir, root or out_dir)
    resolved = out_dir.resolve()
    slug = slug_for(article.url)
    rendered = [(fmt, RENDERERS[fmt](article)) for fmt in dict.fromkeys(formats)]
    paths = []
    for fmt, text in rendered:
        name = f"{slug}.{EXTENSIONS[fmt]}"
        # slug_for only makes [a-z0-9-] names; this guards the promise, not the common case.
        if not re.fullmatch(r"[a-z0-9-]+\.[a-z]+", name) or (resolved / name).parent != resolved:
            raise PublishError(f"{out_dir}: refusing to write outside the output folder ({name})")
        write_atomic(out_dir / name, text, root=root or out_dir)
        paths.append(out_dir / name)
    return paths


def write_atomic(
    path: Path, data: str | bytes | Iterable[str], *, root: Path | None = None
) -> None:
    """Replace `path` with `data` (str as UTF-8; an iterable of str is written as it comes, so
    a large file never sits in memory) all at once, creating its folder if needed.

    `root` (default: the file's own folder) is where the symbolic-link check starts: no folder
    from `root` down to the file's may be a link (a link in the file's own place is replaced,
    never followed). On failure raises
    PublishError and leaves the old file (if any) untouched and no temporary file behind.
    """
    path = Path(path)
    chunks = [data] if isinstance(data, (str, bytes)) else data
    safe_folder(path.parent, root or path.parent)
    try:
        info = os.lstat(path)
    except OSError:
        mode = 0o644
    else:  # a link in the file's place is replaced by the file, never written through
        if not (stat.S_ISLNK(info.st_mode) or stat.S_ISREG(info.st_mode)):
            # a device, a pipe, a socket or a folder would be replaced by a file (/dev/null)
            raise PublishError(f"{path}: not a regular file; name a file to write")
        mode = 0o644 if stat.S_ISLNK(info.st_mode) else info.st_mode & 0o777
    temp: str | None = None
    try:
        # mkstemp opens with O_CREAT | O_EXCL, which never follows a link
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk.encode("utf-8", "replace") if isinstance(chunk, str) else chunk)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)  # rename replaces a name, it never writes through a link
        temp = None
    except OSError as exc:
        raise PublishError(f"{path}: cannot write ({_reason(exc)})") from None
    finally:
        if temp is not None:
            with suppress(OSError):
                os.unlink(temp)
    _sync_folder(path.parent)


def write_if_changed(path: Path, data: str | bytes, *, root: Path | None = None) -> bool:
    """`write_atomic` unless `path` already holds exactly `data`; True when it wrote.

    An unchanged file keeps its mtime, so readers polling it (and cron) see no change.
    """
    payload = data.encode("utf-8", "replace") if isinstance(data, str) else data
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        fd = -1
    if fd >= 0:
        with os.fdopen(fd, "rb") as stream:
            if stream.read(len(payload) + 1) == payload:
                return False
    write_atomic(path, payload, root=root)
    return True


def safe_folder(folder: Path, root: Path) -> None:
    """Create `folder` (under `root`, or `root` itself) where missing, refusing symbolic links.

    `root` may itself be reached through links (an operator's choice); every folder below it,
    down to `folder`, must be a real folder. Raises PublishError naming the first offender.
    """
    folder, root = Path(folder), Path(root)
    try:
        below = folder.relative_to(root).parts
    except ValueError:
        root, below = folder, ()
    _make_folder(root)
    current = root
    for part in below:
        current = current / part
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            _make_folder(current)
            continue
        except OSError as exc:
            raise PublishError(f"{current}: cannot use the folder ({_reason(exc)})") from None
        if stat.S_ISLNK(info.st_mode):
            raise PublishError(f"{current}: refusing to write through a symbolic link")
        if not stat.S_ISDIR(info.st_mode):
            raise PublishError(f"{current}: not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PublishError(f"{folder}: the output folder is not writable")


def check_writable(folder: Path) -> None:
    """Raise PublishError unless a file can be created in `folder` (made if missing) now,
    before anything is fetched or paid for."""
    safe_folder(folder, folder)
    try:
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".writable.", suffix=".tmp")
    except OSError as exc:
        raise PublishError(
            f"{folder}: cannot write in the output folder ({_reason(exc)})"
        ) from None
    os.close(handle)
    with suppress(OSError):
        os.unlink(temp)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise PublishError(f"{folder}: not a folder") from None
    except OSError as exc:
        raise PublishError(f"{folder}: cannot create the output folder ({_reason(exc)})") from None


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; some filesystems cannot, which is not an error."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    return (exc.strerror or str(exc)).lower()
