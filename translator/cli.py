"""The command line: thin verbs over the pipeline. Paths on stdout, everything else on stderr.

Every error a user can cause ends as one line on stderr and a non-zero exit; `--debug` shows
the traceback instead.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import click

from translator import __version__
from translator.config import FORMATS, Config, load_config, read_at_most
from translator.errors import ConfigError, TranslatorError

if TYPE_CHECKING:
    from translator.store import Cache

if TYPE_CHECKING:
    from translator.article import Article
    from translator.fetch.client import Fetcher

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


def fail(message: str, code: int = EXIT_ERROR) -> None:
    # one line, whatever a library put in its message
    click.echo(f"translator: error: {' '.join(message.split())}", err=True)
    sys.exit(code)


class UrlFirstGroup(click.Group):
    """A group where `translator URL ...` means `translator translate URL ...`, and where a
    usage error is one line with a hint, not Click's usage block."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.UsageError as exc:
            fail(usage_line(exc), EXIT_USAGE)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            fail("interrupted", 130)
        except click.ClickException as exc:
            fail(exc.format_message())

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for arg in args:
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                # bytes the terminal's encoding could not decode reach Python as surrogates,
                # which no URL, slug or file name in the store can hold
                shown = arg.encode("utf-8", "backslashreplace").decode("ascii", "replace")
                raise click.UsageError(f"{shown!r} is not valid UTF-8 text") from None
        at = next((i for i, a in enumerate(args) if not a.startswith("-")), None)
        wants_help = not args or args[0] in ("-h", "--help", "--version")
        if at is not None and args[at] not in self.commands and not wants_help:
            # before the URL, so group options such as --debug stay the group's
            args = [*args[:at], "translate", *args[at:]]
        return super().parse_args(ctx, args)


def usage_line(exc: click.UsageError) -> str:
    """One line for a usage error: which option or argument, what is wrong, and the command's
    help to look at."""
    message = " ".join(exc.format_message().split())
    command = exc.ctx.command_path if exc.ctx else "translator"
    return f"{message} (see `{command} --help`)"


def split_formats(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> list[str] | None:
    if value is None:
        return None
    formats = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise click.BadParameter(
            f"unknown format {unknown[0]!r}; use any of {', '.join(FORMATS)}, comma-separated"
        )
    if not formats:
        raise click.BadParameter(f"use any of {', '.join(FORMATS)}, comma-separated")
    return list(dict.fromkeys(formats))


def job_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options shared by the one-off command and `run`; they override config.toml."""
    options: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
        click.option(
            "--out",
            "out",
            type=click.Path(file_okay=False, path_type=Path),
            help="Folder for the copies  [config: output.dir, default: out/]",
        ),
        click.option(
            "--format",
            "formats",
            callback=split_formats,
            metavar="LIST",
            help="Any of md,html,json, comma-separated  [default: md]",
        ),
        click.option(
            "--engine", help="Translation engine (see `translator engines`)  [default: google]"
        ),
        click.option(
            "--engine-url",
            help="Another endpoint for the engine, e.g. a self-hosted LibreTranslate",
        ),
        cache_option(),
    ]
    for option in reversed(options):
        fn = option(fn)
    return config_option(fn)


def siblings_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--no-siblings",
        is_flag=True,
        help="Do not fetch a few of the site's linked articles to learn its template "
        "(config: extract.siblings); the generic passes still run.",
    )(fn)


def cache_option(what: str = "") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--cache DIR`, the folder of the SQLite cache; `what` says what the command keeps there."""
    return click.option(
        "--cache",
        "cache_dir",
        type=click.Path(file_okay=False, path_type=Path),
        help=" ".join(filter(None, ["Folder of the SQLite cache", what])) + "  [default: cache/]",
    )


def config_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Config file  [default: ./config.toml if present]",
    )(fn)


def read_config(config_path: Path | None) -> Config:
    if config_path is None:
        return load_config(Path("config.toml"))
    return load_config(config_path, required=True)


def open_cache(config: Config, cache_dir: Path | None, *, existing: bool = False) -> Cache:
    """The cache named by --cache or config.toml; with `existing`, one that must be there
    already (a command that only reads it never creates an empty one)."""
    from translator.store import DB_NAME, Cache

    folder = cache_dir or Path(config.cache.dir)
    if existing and not (folder / DB_NAME).is_file():
        raise ConfigError(
            f"no cache in {folder} (run `translator run` there first, or name it with --cache)"
        )
    return Cache(folder)


def user_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn TranslatorError into its one line and an exit code; hide tracebacks of surprises."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except TranslatorError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:  # `translator ... | head`: the reader has all it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            if click.get_current_context().find_root().params.get("debug"):
                traceback.print_exc()
            fail(
                f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)",
                EXIT_INTERNAL,
            )

    return wrapper


@click.group(cls=UrlFirstGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="translator")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def cli(debug: bool) -> None:
    """Turn Russian news articles into clean, labelled, attributed English copies.

    \b
    One article now:
        translator https://www.kavkaz-uzel.eu/articles/420812/
        translator URL --out DIR --format md,html,json --engine google
    Every source in config.toml, from cron:
        translator run
    Check what extraction keeps from a page, without translating:
        translator extract URL_OR_FILE

    The file paths written go to stdout, one per line; progress and errors go to stderr.
    """


@cli.command("translate")
@click.argument("url")
@job_options
@siblings_option
@user_errors
def translate_command(
    url: str,
    no_siblings: bool,
    out: Path | None,
    formats: list[str] | None,
    engine: str | None,
    engine_url: str | None,
    cache_dir: Path | None,
    config_path: Path | None,
) -> None:
    """Fetch one article, write its English copy, print where it went.

    \b
    Example:
        translator translate https://www.kavkaz-uzel.eu/articles/420812/ --format md,html
    """
    from translator.pipeline import Pipeline
    from translator.run.progress import status

    config = read_config(config_path)
    check_url_argument(url)
    if engine_url:
        check_url_argument(engine_url, "--engine-url")
    cache = open_cache(config, cache_dir)
    try:
        with (
            Pipeline(
                config,
                cache,
                engine_name=engine,
                engine_url=engine_url,
                out_dir=out,
                formats=formats,
                siblings=0 if no_siblings else None,
            ) as pipeline,
            status(f"Translating {url}"),
        ):
            outcome = pipeline.process(url)
    finally:
        cache.close()
    for path in outcome.paths:
        click.echo(str(path))
    stats = outcome.stats
    click.echo(
        f"{plural(len(outcome.article.blocks), 'block')}, "
        f"{plural(stats.characters_sent, 'character')} sent to {outcome.article.engine} in "
        f"{plural(stats.requests, 'request')}, {plural(stats.from_memory, 'segment')} from "
        "memory"
        + (f", {stats.tokens_in} tokens in, {stats.tokens_out} out" if stats.tokens_in else ""),
        err=True,
    )
    if outcome.held:
        fail(
            f"held for review, not published: {'; '.join(outcome.held)} "
            f"(see {outcome.paths[-1]}; then `translator approve {url}` or `translator reject`)"
        )


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def check_url_argument(url: str, param_hint: str = "URL") -> None:
    if url.lower().startswith(("http://", "https://")):
        try:
            urlsplit(url).hostname  # noqa: B018 -- parsing it is the check ("http://[::1")
        except ValueError as exc:
            raise click.BadParameter(f"{url!r} is not a valid URL ({exc})", param_hint=param_hint)
        return
    hint = ""
    if "://" not in url and "." in url.split("/")[0]:
        hint = f"; did you mean https://{url} ?"
    raise click.BadParameter(f"{url!r} is not an http(s) URL{hint}", param_hint=param_hint)


@cli.command("extract")
@click.argument("source")
@click.option(
    "--explain", is_flag=True, help="Also list each dropped block and the pass that dropped it."
)
@siblings_option
@cache_option("(learned site templates)")
@config_option
@user_errors
def extract_command(
    source: str, explain: bool, no_siblings: bool, cache_dir: Path | None, config_path: Path | None
) -> None:
    """Print what extraction keeps from a page (URL or saved HTML file), untranslated.

    Use it to check a site's rules: metadata, labels, each body block with its type, notes.
    A URL's page is learned from for its site's template, and on a site with nothing learned
    yet a few of its linked articles are fetched first ([extract] siblings; --no-siblings: not).

    \b
    Example:
        translator extract page.html
        translator extract https://www.kavkaz-uzel.eu/articles/420812/ --explain
    """
    from translator.extract import Options, describe, describe_dropped, extract
    from translator.extract.learn import SiteLearner
    from translator.fetch.client import Fetcher
    from translator.labels.apply import apply_labels
    from translator.labels.glossary import Glossary

    config = read_config(config_path)
    dropped: list[tuple[str, str]] | None = [] if explain else None
    if not source.lower().startswith(("http://", "https://")):
        # a saved file: no site to learn from, no cache
        article = _article_of(source, None, config.fetch.max_bytes)
        extract(article, Options(dropped=dropped))
    else:
        cache = open_cache(config, cache_dir)
        try:
            with Fetcher(config.fetch, cache) as fetcher:
                article = _article_of(source, fetcher, config.fetch.max_bytes)
                learner = SiteLearner(config, cache, fetcher, siblings=0 if no_siblings else None)
                options = learner.options(article, siblings=True, dropped=dropped)
                extract(article, options)
                learner.learned(article, options)
        finally:
            cache.close()
    apply_labels(article, Glossary.load(config))
    click.echo(describe(article))
    if dropped is not None:
        click.echo(describe_dropped(dropped))


def _article_of(source: str, fetcher: Fetcher | None, max_bytes: int) -> Article:
    """The page to extract: fetched for a URL (with `fetcher`), read and decoded for a file.

    A file is read as a fetched page is, up to `max_bytes` ([fetch] max_bytes); a device, a
    pipe or a folder is refused before it is opened, so /dev/zero cannot fill memory."""
    from translator.article import Article
    from translator.fetch.client import decode_html

    if fetcher is not None:
        page = fetcher.fetch(source)
        return Article(url=source, html=page.text, final_url=page.final_url)
    path = Path(source)
    try:
        body = read_at_most(path, max_bytes)
    except FileNotFoundError:
        raise ConfigError(f"{source}: cannot read: no such file") from None
    except OSError as exc:
        raise ConfigError(f"{source}: cannot read: {exc.strerror or exc}") from exc
    except ValueError as exc:  # no regular file
        raise ConfigError(f"{source}: cannot read: {exc}") from None
    if len(body) > max_bytes:
        raise ConfigError(f"{source}: larger than [fetch] max_bytes ({max_bytes} bytes)")
    text, _ = decode_html(body, None)
    return Article(url=path.resolve().as_uri(), html=text)


@cli.command("engines")
def engines_command() -> None:
    """List the translation engines and what each needs."""
    from translator.translate.engines import engine_table

    rows = engine_table()
    width = max(len(name) for name, _, _ in rows)
    for name, needs, description in rows:
        click.echo(f"{name:<{width}}  {needs:<34}  {description}")


def main() -> None:
    cli(prog_name="translator")


@cli.command("run")
@job_options
@click.option(
    "--dry-run",
    is_flag=True,
    help="List what would be done; fetch no article, translate nothing, write nothing.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    metavar="N",
    help="Process at most N articles (new, retried or re-checked); the rest wait.",
)
@click.option("--source", "only_source", metavar="NAME", help="Only the source with this name.")
@click.option(
    "--wait",
    is_flag=True,
    help="If another run holds the lock, wait for it instead of exiting quietly.",
)
@user_errors
def run_command(
    out: Path | None,
    formats: list[str] | None,
    engine: str | None,
    engine_url: str | None,
    cache_dir: Path | None,
    config_path: Path | None,
    dry_run: bool,
    limit: int | None,
    only_source: str | None,
    wait: bool,
) -> None:
    """Process every source in config.toml: new articles in, English copies and feeds out.

    Safe to run from cron every few minutes: a second run exits quietly while one is going,
    finished work is skipped, failed articles are retried later with backoff, and a run killed
    at any point is resumed by the next. New articles come first, then due retries, then
    re-checks; a run with nothing to do prints nothing and rewrites nothing.

    Ctrl-C or SIGTERM stops new work, finishes what is translating, writes the feeds and exits
    130/143; a second signal exits at once. Exit status 1 when any article or source failed
    (`translator status` says which and why, `translator retry` makes them due now), or a copy
    was held for review (`translator approve` / `reject`).

    \b
    Example crontab line (every 5 minutes):
        */5 * * * * cd /srv/translator && .venv/bin/translator run >> run.log 2>&1
    """
    from translator.errors import LockedError
    from translator.run.progress import RunProgress, interactive
    from translator.run.runner import run

    config = read_config(config_path)
    if engine_url:
        check_url_argument(engine_url, "--engine-url")
    if not config.sources:
        raise ConfigError(f"{config.path or 'config.toml'}: no [[sources]] to run")
    if only_source and only_source not in {s.name for s in config.sources}:
        names = ", ".join(s.name for s in config.sources)
        raise ConfigError(f"no source named {only_source!r} (sources: {names})")
    cache_folder = cache_dir or Path(config.cache.dir)
    progress = RunProgress(live=interactive() and not dry_run)
    try:
        with progress:
            report = run(
                config,
                cache_folder,
                engine_name=engine,
                engine_url=engine_url,
                out_dir=out,
                formats=formats,
                only_source=only_source,
                limit=limit,
                dry_run=dry_run,
                wait=wait,
                progress=progress,
            )
    except LockedError as exc:
        if interactive():
            click.echo(f"translator: {exc}", err=True)
        return
    print_report(report, dry_run=dry_run)
    if report.signal:
        sys.exit(128 + report.signal)
    if not report.ok:
        sys.exit(EXIT_ERROR)


def print_report(report: Any, *, dry_run: bool) -> None:
    """Paths on stdout, the summary and one line per problem on stderr; nothing at all for
    an idle run (so cron mails nothing)."""
    if dry_run:
        for line in report.plan:
            click.echo(line)
        if report.left or report.waiting:
            click.echo(
                f"  {report.left} left for a later run, {report.waiting} failed waiting to retry "
                "(`translator status` says when)",
                err=True,
            )
    elif report.idle:
        return
    else:
        for path in report.paths:
            click.echo(str(path))
        click.echo(report.summary(), err=True)
    for _url, error in report.failed:
        click.echo(f"  failed: {error}", err=True)
    for url, reasons in report.held:
        click.echo(f"  held: {url}: {reasons}", err=True)
    for url, why in report.skipped:
        click.echo(f"  skipped: {url}: {why}", err=True)
    for error in report.source_errors:
        click.echo(f"  source failed: {error}", err=True)
    for warning in report.source_warnings:
        click.echo(f"  warning: {warning}", err=True)


@cli.command("retry")
@click.argument("url", required=False)
@click.option("--source", "only_source", metavar="NAME", help="Every failed article of a source.")
@click.option("--all", "every", is_flag=True, help="Every failed article.")
@cache_option()
@config_option
@user_errors
def retry_command(
    url: str | None,
    only_source: str | None,
    every: bool,
    cache_dir: Path | None,
    config_path: Path | None,
) -> None:
    """Make failed articles due now: the next `translator run` tries them again, with their
    attempts given back (also those that used up `max_attempts`).

    \b
    Example:
        translator retry https://www.kavkaz-uzel.eu/articles/420812/
        translator retry --source kavkaz-uzel
        translator retry --all && translator run
    """
    if sum((url is not None, only_source is not None, every)) != 1:
        raise click.UsageError("name one URL, or --source NAME, or --all")
    config = read_config(config_path)
    cache = open_cache(config, cache_dir, existing=True)
    try:
        count = cache.make_due(url=url, source=only_source)
    finally:
        cache.close()
    if url is not None and count == 0:
        raise ConfigError(f"{url}: no failed article by that URL (see `translator status`)")
    click.echo(f"{plural(count, 'failed article')} due at the next run", err=True)


@cli.command("status")
@cache_option()
@config_option
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    metavar="N",
    help="How many recent articles to list.",
)
@user_errors
def status_command(cache_dir: Path | None, config_path: Path | None, limit: int) -> None:
    """Show the sources' health and recent articles: state, tries, next attempt, last error.

    A source whose last poll offered no article link is a warning (a moved feed, a section
    page whose links all point elsewhere).
    """
    from rich.console import Console

    config = read_config(config_path)
    cache = open_cache(config, cache_dir, existing=True)
    try:
        articles = cache.recent_articles(limit)
        sources = cache.sources()
        counts = cache.state_counts()
    finally:
        cache.close()
    # piped: one unwrapped row per article, for grep; on a terminal: its width
    out = Console(highlight=False, width=None if sys.stdout.isatty() else 1000)
    out.print(sources_table(sources))
    out.print(articles_table(articles, counts))


def source_health(row: dict) -> str:
    """ok, a warning, or the error of the source's last poll."""
    status = row.get("last_status") or "never polled"
    if status in ("ok", "not modified") and row.get("last_items") == 0:
        return "warning: no article links"
    return status


def sources_table(rows: list[dict]) -> Any:
    from rich.table import Table

    table = Table(title="Sources", title_justify="left")
    for column in ("name", "last poll", "links", "health", "url"):
        table.add_column(column)
    for row in rows:
        links = "" if row.get("last_items") is None else str(row["last_items"])
        table.add_row(
            *as_text(row["name"], row["last_polled_at"] or "never", links),
            *as_text(source_health(row), row["url"]),
        )
    return table


def articles_table(rows: list[dict], counts: dict[str, int]) -> Any:
    from rich.table import Table

    summary = ", ".join(f"{n} {state}" for state, n in counts.items()) or "none yet"
    table = Table(title=f"Articles: {summary}", title_justify="left")
    for column in ("state", "tries", "changed", "next attempt", "article", "last error"):
        table.add_column(column)
    for row in rows:
        waiting = row["next_attempt_at"] if row["state"] == "failed" else ""
        table.add_row(
            *as_text(row["state"], str(row["attempts"]), row["changed_at"], waiting or ""),
            *as_text(row["title_en"] or row["title"] or row["url"], row["last_error"] or ""),
        )
    return table


def as_text(*values: str) -> list[Any]:
    """Cells as plain text: a headline's `[/b]` is shown, never read as markup."""
    from rich.text import Text

    return [Text(value) for value in values]


@cli.group("memory")
def memory_group() -> None:
    """The translation memory kept in the cache."""


@memory_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@cache_option()
@config_option
@user_errors
def memory_export_command(file: Path, cache_dir: Path | None, config_path: Path | None) -> None:
    """Write the translation memory as TMX 1.4 for the newsroom's other tools ('-' = stdout)."""
    from translator.translate.tmx import export_tmx

    config = read_config(config_path)
    cache = open_cache(config, cache_dir, existing=True)
    try:
        count = export_tmx(cache, sys.stdout.buffer if str(file) == "-" else file)
    finally:
        cache.close()
    if str(file) != "-":
        click.echo(str(file))
    click.echo(f"{count} translation units", err=True)


@memory_group.command("purge")
@click.option("--engine", "engine", required=True, help="Delete what this engine translated.")
@click.option(
    "--since",
    help="Only entries stored at or after this date or time (ISO 8601, e.g. 2026-03-01, UTC).",
)
@cache_option()
@config_option
@user_errors
def memory_purge_command(
    engine: str, since: str | None, cache_dir: Path | None, config_path: Path | None
) -> None:
    """Delete an engine's entries from the translation memory (e.g. what a bad day left), so
    those segments are translated again."""
    from translator.translate.engines.registry import check_engine_name
    from translator.translate.memory import parse_since

    check_engine_name(engine)
    stamp = parse_since(since) if since else None
    config = read_config(config_path)
    cache = open_cache(config, cache_dir)
    try:
        count = cache.memory_purge(engine, stamp)
    finally:
        cache.close()
    click.echo(f"{plural(count, 'segment')} of {engine} deleted from the memory", err=True)


@cli.group("models")
def models_group() -> None:
    """Offline translation models for the `offline` engine."""


@models_group.command("add")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@config_option
@user_errors
def models_add_command(path: Path, config_path: Path | None) -> None:
    """Install a ru->en model: an Argos Translate package (.argosmodel) or a CTranslate2 folder.

    \b
    Example:
        translator models add translate-ru_en-1_9.argosmodel
        translator translate URL --engine offline
    """
    from translator.translate.engines.offline import install_model, models_dir

    read_config(config_path)
    click.echo(str(install_model(path, models_dir())))


@models_group.command("list")
def models_list_command() -> None:
    """List the installed offline models."""
    from translator.translate.engines.offline import installed_models, models_dir

    for model in installed_models(models_dir()):
        click.echo(str(model))


def review_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options of `approve` and `reject`: which cache and config hold the queue."""
    return config_option(cache_option()(fn))


@cli.command("approve")
@click.argument("article")
@review_options
@user_errors
def approve_command(article: str, cache_dir: Path | None, config_path: Path | None) -> None:
    """Publish a copy the gate held: out of out/review/, into the feeds and index.html.

    ARTICLE is its URL or its slug (the file name of its copy, without the extension);
    `translator status` lists the held copies and why each was held.

    \b
    Example:
        translator approve https://www.kavkaz-uzel.eu/articles/420812/
    """
    from translator.run.held import approve

    config = read_config(config_path)
    cache = open_cache(config, cache_dir)
    try:
        paths = approve(config, cache, article)
    finally:
        cache.close()
    for path in paths:
        click.echo(str(path))


@cli.command("reject")
@click.argument("article")
@review_options
@user_errors
def reject_command(article: str, cache_dir: Path | None, config_path: Path | None) -> None:
    """Drop a copy the gate held: its files are deleted and no run translates it again.

    ARTICLE is its URL or its slug, as for `translator approve`.
    """
    from translator.run.held import reject

    config = read_config(config_path)
    cache = open_cache(config, cache_dir)
    try:
        removed = reject(config, cache, article)
    finally:
        cache.close()
    click.echo(f"rejected: {plural(len(removed), 'file')} deleted", err=True)
