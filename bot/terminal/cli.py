"""The ``citebot`` command line. Heavy modules are imported inside commands so ``--help`` and
small commands start fast."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from citebot.bot.terminal.sanitize import clean

if TYPE_CHECKING:  # imported in ``cli``: it pulls numpy, which ``--help`` does not need
    from citebot.bot.settings import Settings


def _settings(ctx: click.Context) -> Settings:
    """The settings, made once from the global options wherever they were given."""
    state = ctx.find_root().meta
    if "settings" not in state:
        from citebot.bot.settings import Settings, SettingsError

        try:
            state["settings"] = Settings.from_env(**state.get("globals", {}))
        except SettingsError as e:
            raise click.ClickException(str(e)) from None
    return state["settings"]


def _open(ctx: click.Context):  # -> Citebot, imported lazily
    from citebot.bot.answering.service import Citebot
    from citebot.retrieval.library import LibraryError

    try:
        return Citebot.open(_settings(ctx))
    except LibraryError as e:
        raise click.ClickException(str(e)) from None


def _remember(ctx: click.Context, param: click.Parameter, value: object) -> None:
    if value is not None:  # given after the command name too: the later one wins
        ctx.find_root().meta.setdefault("globals", {})[param.name] = value


def global_options(f):  # type: ignore[no-untyped-def]
    """``--data-dir``, ``--database-url`` and ``--model``, before or after the command name."""
    f = click.option(
        "--database-url",
        expose_value=False,
        callback=_remember,
        help="postgresql://... : keep the library in this database (env CITEBOT_DATABASE_URL).",
    )(f)
    f = click.option(
        "--model",
        expose_value=False,
        callback=_remember,
        help="sentence-transformers model name or path (env CITEBOT_MODEL).",
    )(f)
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        expose_value=False,
        callback=_remember,
        help="Where the index lives (env CITEBOT_DATA_DIR; default: the user data dir).",
    )(f)


class _Group(click.Group):
    """Lists every command with its whole first sentence (click cuts them at 45 characters)."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            (name, cmd.get_short_help_str(limit=200))
            for name in self.list_commands(ctx)
            if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def command(self, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        """Every command takes the global options too."""
        decorator = super().command(*args, **kwargs)
        return lambda f: decorator(global_options(f))


EXAMPLES = """\b
Examples:
  citebot ingest seeds/ my-articles/ https://example.org/news.rss
  citebot ask what did Lavrov say
  citebot ask --page 2 what did Lavrov say
  citebot ask --json "Who is Zamir Kabulov?"
  citebot repl
  citebot watch https://example.org/news.rss my-articles/ --every 10m
  citebot --data-dir /srv/citebot telegram
"""


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXAMPLES,
)
@global_options
@click.version_option(package_name="citebot", prog_name="citebot")
def cli() -> None:
    """citebot: ask news articles who said what, and get verbatim, cited quotes."""


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.pass_context
def ingest(ctx: click.Context, sources: tuple[str, ...]) -> None:
    """Add articles: files, directories (.txt, .md, .html, .json, .jsonl), http(s) pages and
    RSS/Atom feeds.

    Exit status 0 when every article was added or was unchanged, 1 when any source failed,
    130 when stopped with Ctrl-C (finished articles are kept).
    """
    from citebot.bot.terminal.ingesting import run_ingest
    from citebot.retrieval.library import LibraryError

    try:
        status = run_ingest(_open(ctx), sources, click.echo)
    except LibraryError as e:
        raise click.ClickException(str(e)) from None
    sys.exit(status)


def _interval(ctx: click.Context, param: click.Parameter, value: str) -> float:
    from citebot.bot.terminal.ingesting import parse_duration

    try:
        return parse_duration(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--every",
    default="10m",
    show_default=True,
    callback=_interval,
    help="How often to look for new articles (30s, 10m, 1h).",
)
@click.pass_context
def watch(ctx: click.Context, sources: tuple[str, ...], every: float) -> None:
    """Keep the index fresh: ingest feeds, pages and folders now and again every interval.

    A running REPL or Telegram bot on the same data directory sees new articles at once.
    Stop with Ctrl-C.
    """
    from citebot.bot.terminal.ingesting import run_watch
    from citebot.retrieval.library import LibraryError

    try:
        sys.exit(run_watch(_open(ctx), sources, every, click.echo))
    except LibraryError as e:
        raise click.ClickException(str(e)) from None


@cli.command("list")
@click.pass_context
def list_articles(ctx: click.Context) -> None:
    """Show the indexed articles."""
    articles = _open(ctx).list_articles()
    if not articles:
        click.echo("No articles yet: add some with `citebot ingest PATH`.")
    for a in articles:
        meta = ", ".join(x for x in (a.source, a.published) if x)
        also = f"  also as: {', '.join(a.aliases)}" if a.aliases else ""
        line = f"{a.id}  {a.title}" + (f" ({meta})" if meta else "") + f"  [{a.n_quotes} quotes]"
        click.echo(clean(line + also))


@cli.command()
@click.argument("article_id")
@click.pass_context
def remove(ctx: click.Context, article_id: str) -> None:
    """Delete an article from the index and the store."""
    from citebot.retrieval.library import LibraryError

    try:
        removed = _open(ctx).remove(article_id)
    except LibraryError as e:
        raise click.ClickException(str(e)) from None
    if not removed:
        raise click.ClickException(f"no article with id {article_id!r} (see `citebot list`)")
    click.echo(clean(f"removed {article_id}"))


@cli.command()
@click.option("--repair", is_flag=True, help="Rebuild BM25 and vectors from the stored texts.")
@click.pass_context
def check(ctx: click.Context, repair: bool) -> None:
    """Verify the store against BM25 and the vector file; exit 1 on problems."""
    from citebot.retrieval.library import LibraryError

    bot = _open(ctx)
    try:
        done, report = bot.check(repair)
    except LibraryError as e:
        raise click.ClickException(str(e)) from None
    for line in done:
        click.echo(clean(f"repair: {line}"))
    click.echo(clean(report.render(bot.location)))
    if not report.ok:
        sys.exit(1)


@cli.group()
def db() -> None:
    """The store's schema (embedded or PostgreSQL)."""


@db.command()
@click.pass_context
def migrate(ctx: click.Context) -> None:
    """Apply the schema migrations the store lacks (also done on first use)."""
    from citebot.retrieval.library import LibraryError, migrate_storage

    settings = _settings(ctx)
    try:
        location, applied, version = migrate_storage(
            settings.data_dir, settings.database_url.reveal()
        )
    except LibraryError as e:
        raise click.ClickException(str(e)) from None
    for name in applied:
        click.echo(f"applied {name}")
    click.echo(f"{location}: schema {version}" + ("" if applied else " (up to date)"))


@cli.command()
@click.argument("question", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (stable schema).")
@click.option("--page", type=click.IntRange(min=1), default=1, help="Show page N of the answer.")
@click.option("--all", "all_pages", is_flag=True, help="Show every page of the answer.")
@click.pass_context
def ask(
    ctx: click.Context, question: tuple[str, ...], as_json: bool, page: int, all_pages: bool
) -> None:
    """Answer one QUESTION (quotes are optional: `citebot ask what did Lavrov say`); with
    QUESTION '-', answer each line of standard input."""
    from citebot.bot.terminal.one_shot import answer_lines, answer_one

    text = " ".join(question).strip()
    if not text:
        raise click.UsageError(
            "the question is empty: ask something, e.g. `citebot ask what did Lavrov say`"
        )
    bot = _open(ctx)
    if text == "-":
        answer_lines(bot, sys.stdin, as_json)
    else:
        answer_one(bot, text, as_json=as_json, page=page, all_pages=all_pages)


@cli.command()
@click.pass_context
def repl(ctx: click.Context) -> None:
    """Interactive questions with follow-ups (:help for commands)."""
    from citebot.bot.terminal.repl import run_repl

    run_repl(_settings(ctx))


@cli.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document per line.")
def quotes(files: tuple[Path, ...], as_json: bool) -> None:
    """Print the quotes found in article FILES (the index is not touched)."""
    from citebot.bot.terminal.quotes_report import print_quotes

    print_quotes(list(files), as_json)


@cli.command("eval")
@click.argument("gold_quotes", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument(
    "questions", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option(
    "--people",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Also run the disambiguation and role checks on this corpus (tests/data/people).",
)
@click.pass_context
def evaluate(
    ctx: click.Context,
    gold_quotes: Path,
    questions: Path | None,
    as_json: bool,
    people: Path | None,
) -> None:
    """Score quote extraction (and answers to QUESTIONS) against a gold development set."""
    from citebot.bot.devtools.evaluation import run_eval

    run_eval(_settings(ctx), gold_quotes, questions, as_json, people)


def _passage_counts(ctx: click.Context, param: click.Parameter, value: str) -> tuple[int, ...]:
    try:
        return tuple(
            int(float(v.lower().replace("k", "e3").replace("m", "e6")))
            for v in value.split(",")
            if v.strip()
        )
    except ValueError:
        raise click.BadParameter("use passage counts like 1k,10k,100k") from None


@cli.command()
@click.option(
    "--corpus",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Measure on this directory of articles instead of generated corpora.",
)
@click.option(
    "--sizes",
    default="1k,10k,100k",
    show_default=True,
    callback=_passage_counts,
    help="Generated corpora, in passages; the smallest is encoded by the model.",
)
@click.option(
    "--million",
    default="1m",
    show_default=True,
    callback=_passage_counts,
    help="Vectors in the memory/recall check (0 skips it).",
)
@click.option("--repeats", default=3, show_default=True, help="Runs per fresh-process timing.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("bench-results"),
    show_default=True,
)
@click.option(
    "--private-server",
    is_flag=True,
    help="Compare with PostgreSQL on a throwaway local server (as --database-url does).",
)
@click.pass_context
def bench(
    ctx: click.Context,
    corpus: Path | None,
    sizes: tuple[int, ...],
    million: tuple[int, ...],
    repeats: int,
    out: Path,
    private_server: bool,
) -> None:
    """Measure ingest, query latency, start-up and memory against the targets; with a database
    (--database-url or --private-server), the embedded and the server store side by side."""
    from citebot.bot.devtools.benchmark import BenchConfig, checkout_data, format_table, run_bench

    if corpus is None and not checkout_data():
        raise click.ClickException(
            "the development articles (tests/data) come with the source checkout, not with the "
            "installed package: pass --corpus DIR, a folder of articles to measure on"
        )
    database_url = _settings(ctx).database_url.reveal()
    if database_url or private_server:
        from citebot.bot.devtools.server_bench import compare_modes

        click.echo(compare_modes(database_url, sizes, out / "server", click.echo))
        return
    config = BenchConfig(
        sizes=sizes, corpus=corpus, out=out, million=million[0] if million else 0, repeats=repeats
    )
    click.echo(format_table(run_bench(config, progress=lambda line: click.echo(line, err=True))))


@cli.command()
@click.option("--webhook-url", help="Receive updates at this public HTTPS URL instead of polling.")
@click.option("--webhook-port", type=int, help="Local port the webhook server listens on (8443).")
@click.pass_context
def telegram(ctx: click.Context, webhook_url: str | None, webhook_port: int | None) -> None:
    """Run the Telegram bot (token from TELEGRAM_BOT_TOKEN or the config file)."""
    from citebot.bot.telegram.app import run

    run(_settings(ctx).with_overrides(webhook_url=webhook_url, webhook_port=webhook_port))


def main() -> None:
    try:
        cli(prog_name="citebot")
    except Exception as e:  # a damaged index found mid-command: one line, not a traceback
        from citebot.retrieval.library import LibraryError

        if not isinstance(e, LibraryError):
            raise
        click.echo(clean(f"Error: {e}"), err=True)
        sys.exit(1)
