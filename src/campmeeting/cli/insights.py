"""`campmeeting insights`: trends, decision velocity, drift signals, team of teams.

    campmeeting insights [--team NAME] [--weeks N] [--format text|json|html] [-o PATH]
                         [--as-of DATE] [--schema]

The database is opened read-only. Without -o (or with -o -) the report is printed;
with -o PATH it is written there, whole or not at all, and the path is printed.
"""

from __future__ import annotations

from datetime import date

import click

from campmeeting.cli.base import BadInput, Context, find_team, pass_context, say


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@click.command()
@click.option("--team", "team_name", help="One team (default: every team of the file).")
@click.option(
    "--weeks",
    type=click.IntRange(1, 520),
    default=13,
    show_default=True,
    help="The window: this many weeks ending today.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
)
@click.option("-o", "output", type=click.Path(allow_dash=True), help="Write to this file.")
@click.option(
    "--as-of",
    "as_of",
    callback=_day,
    help="The day the window ends, YYYY-MM-DD (default: today).",
)
@click.option("--schema", is_flag=True, help="Print the JSON Schema of --format json.")
@pass_context
def insights(
    obj: Context,
    team_name: str | None,
    weeks: int,
    fmt: str,
    output: str | None,
    as_of: date | None,
    schema: bool,
) -> None:
    """Trends, decision velocity, drift signals and the team of teams."""
    from campmeeting import insights_report
    from campmeeting.clock import SystemTime, local_today
    from campmeeting.insights import build_insights

    if schema:
        click.echo(insights_report.schema_text(), nl=False)
        return
    store = obj.readonly_store()
    try:
        team = find_team(store, team_name) if team_name else None
        today = as_of or local_today(SystemTime())
        found = build_insights(store, today, weeks, team.id if team else None)
    finally:
        store.close()
    if output is None or output == "-":
        text = insights_report.render(found, fmt)
        if fmt == "text":
            for line in text.removesuffix("\n").split("\n"):
                say(line)  # user text made visible, line by line
        else:
            click.echo(text, nl=False)  # escaped by its format (json: \\u escapes, html)
        return
    try:
        path = insights_report.write_report(found, fmt, output)
    except ValueError as error:
        raise BadInput(str(error)) from None
    say(str(path))
