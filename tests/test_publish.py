"""Publishing: safe stable slugs, files only inside out_dir, atomic writes, clean failures."""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import translator.output.publish as publish_module
from translator.article import Article, Block
from translator.errors import PublishError
from translator.output.publish import publish, slug_for, write_atomic

HOSTILE_URLS = [
    "../../etc/passwd",
    "/etc/passwd",
    "https://x/../../../../etc/cron.d/evil",
    "https://x/%2e%2e%2f%2e%2e%2fetc",
    "https://evil．com／..／..／x",
    "http://x/\u202egnp.exe",
    "http://x/a\x00b",
    "https://x/" + "a/" * 300,
    "",
    "....",
    "C:\\Windows\\system32",
    "https://x/\u200b\u200d\ufeff",
    "https://[::1/x",
    "https://ru.wikipedia.org/wiki/Москва",
    "\\\\server\\share",
    "https://x/~root/.ssh/authorized_keys",
    "https://x/\ud800",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_slugs_are_plain_short_names(url: str) -> None:
    slug = slug_for(url)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
    assert len(slug) <= 120 and ".." not in slug and "/" not in slug
    assert slug == slug_for(url)  # stable


def test_slugs_read_well_and_stay_unique() -> None:
    slug = slug_for("https://www.kommersant.ru/doc/7512345?from=main")
    assert slug.startswith("kommersant-ru-doc-7512345-from-main-")
    assert slug_for("https://ria.ru/20260215/новости-1.html").startswith(
        "ria-ru-20260215-novosti-1-"
    )
    assert slug_for("https://a.ru/x?id=1") != slug_for("https://a.ru/x?id=1#")
    assert slug_for("https://a.ru/Новости") != slug_for("https://a.ru/novosti")
    assert slug_for("Meduza").startswith("meduza-")


def article() -> Article:
    return Article(
        url="https://meduza.io/news/2026/02/15/x",
        title="Заголовок",
        title_en="Headline",
        blocks=[Block("paragraph", "Текст", text_en="Text")],
    )


def test_publish_writes_each_format(tmp_path: Path) -> None:
    out = tmp_path / "out"
    paths = publish(article(), ["md", "html", "json"], out)
    assert [p.suffix for p in paths] == [".md", ".html", ".json"]
    assert all(p.parent == out and p.exists() for p in paths)
    assert paths[0].read_text(encoding="utf-8").startswith("---\ntitle: Headline\n")
    assert json.loads(paths[2].read_text(encoding="utf-8"))["title"] == "Headline"
    assert sorted(os.listdir(out)) == sorted(p.name for p in paths)  # no temp files left
    assert oct(paths[0].stat().st_mode & 0o777) == oct(0o644)


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_hostile_urls_stay_inside_out_dir(tmp_path: Path, url: str) -> None:
    out = tmp_path / "out"
    item = article()
    item.url = url
    (path,) = publish(item, ["md"], out)
    assert path.resolve().parent == out.resolve()
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [path.name]


def test_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="unknown output format 'pdf'"):
        publish(article(), ["md", "pdf"], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_device_or_a_pipe_in_the_files_place_is_never_replaced(tmp_path: Path) -> None:
    """`memory export /dev/full` as root replaced the device with a regular file."""
    os.mkfifo(tmp_path / "pipe")
    for path in (tmp_path / "pipe", Path("/dev/null"), tmp_path):
        with pytest.raises(PublishError, match="not a regular file"):
            write_atomic(path, "x")
    assert (tmp_path / "pipe").is_fifo() and Path("/dev/null").is_char_device()


def test_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PublishError, match="cannot create the output folder") as info:
        publish(article(), ["md"], blocker / "out")
    assert "\n" not in str(info.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_folder(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(PublishError, match="not writable"):
            publish(article(), ["md"], tmp_path)
    finally:
        tmp_path.chmod(0o700)


def test_permission_denied_while_creating_the_temp_file(tmp_path: Path, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(publish_module.tempfile, "mkstemp", refuse)
    with pytest.raises(PublishError, match=r"cannot write \(permission denied\)"):
        write_atomic(tmp_path / "a.md", "text")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_disk_full_leaves_the_old_file_and_no_temp(tmp_path: Path, monkeypatch, step: str) -> None:
    target = tmp_path / "a.md"
    target.write_text("old copy", encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(publish_module.os, step, full)
    with pytest.raises(PublishError) as info:
        write_atomic(target, "new copy " * 1000)
    assert str(info.value) == f"{target}: cannot write (disk full)"
    assert target.read_text(encoding="utf-8") == "old copy"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_write_atomic_replaces_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "feed.atom"
    write_atomic(target, b"<feed/>")
    assert target.read_bytes() == b"<feed/>"
    target.chmod(0o640)
    write_atomic(target, "второй")
    assert target.read_text(encoding="utf-8") == "второй"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in target.parent.iterdir()] == ["feed.atom"]


def test_symlink_in_out_dir_is_replaced_not_followed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("precious")
    name = f"{slug_for(article().source_url)}.md"
    (out / name).symlink_to(outside)
    publish(article(), ["md"], out)
    assert outside.read_text() == "precious"
    assert not (out / name).is_symlink() and "Headline" in (out / name).read_text()


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(), st.builds(lambda host, path: f"https://{host}/{path}", st.text(), st.text())
    )
)
def test_any_string_gives_a_safe_slug(url: str) -> None:
    slug = slug_for(url)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) and len(slug) <= 120


def test_yo_is_spelt_as_ye_so_slugs_stay_stable() -> None:
    assert slug_for("https://x.ru/news/ёлка").startswith("x-ru-news-elka-")


def test_a_planted_folder_symlink_under_out_is_refused(tmp_path: Path) -> None:
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "review").symlink_to(outside)
    with pytest.raises(PublishError, match="review: refusing to write through a symbolic link"):
        publish(article(), ["md", "html"], out / "review", root=out)
    with pytest.raises(PublishError, match="symbolic link"):
        write_atomic(out / "review" / "deep" / "x.md", "text", root=out)
    assert list(outside.iterdir()) == []


def test_write_if_changed_keeps_an_unchanged_file_and_its_mtime(tmp_path: Path) -> None:
    from translator.output.publish import write_if_changed

    target = tmp_path / "feed.atom"
    assert write_if_changed(target, "one")
    os.utime(target, (1_000_000, 1_000_000))
    assert not write_if_changed(target, "one")
    assert target.stat().st_mtime == 1_000_000
    assert write_if_changed(target, "two") and target.read_text() == "two"
