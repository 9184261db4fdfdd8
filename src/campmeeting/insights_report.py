"""The insights as a report: text for a terminal, JSON (with its JSON Schema), and one
self-contained HTML page with real charts.

The HTML page is escaped, print-friendly, and carries a Content-Security-Policy that
forbids scripts, like the minutes (`minutes.html`). Its charts are drawn by pygal as
inline SVG: pygal's own scripts (tooltips, a config `<script>`) and its generator
comments are removed from the SVG, each chart has a fixed id (the same insights give
the same page, byte for byte), and no user text goes into an SVG (titles and series
names are ours; team names and item texts are in the escaped HTML around them).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pygal
from pygal.style import Style

from campmeeting.exporting import write_atomically
from campmeeting.insights import (
    COMPLETION_TARGET,
    Insights,
    TeamInsights,
    TrendPoint,
    insights_text,
    rating_label,
)
from campmeeting.minutes.html import html_escape, html_page
from campmeeting.scorecard import format_value, spark_bars
from campmeeting.text import MONTHS, plural, short_date

FORMATS = ("text", "json", "html")

_CHART_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#333333",
    foreground_strong="#111111",
    foreground_subtle="#dddddd",
    opacity=".85",
    opacity_hover=".95",
    colors=("#1f5fbf", "#b3261e", "#2e7d32", "#8e6c00", "#6a1b9a"),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    title_font_size=14,
    value_font_size=11,
    guide_stroke_color="#d0d0d0",
    major_guide_stroke_color="#b0b0b0",
    guide_stroke_dasharray="2,4",
    major_guide_stroke_dasharray="2,4",
)


def insights_json_schema() -> dict[str, Any]:
    return Insights.model_json_schema()


def render(ins: Insights, fmt: str) -> str:
    if fmt == "text":
        return insights_text(ins)
    if fmt == "json":
        return ins.model_dump_json(indent=2) + "\n"
    if fmt == "html":
        return to_html(ins)
    raise ValueError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")


def write_report(ins: Insights, fmt: str, output: str | Path) -> Path:
    """Write the report to a file, whole or not at all; ValueError with one line."""
    target = Path(output).expanduser()
    if target.is_dir():
        raise ValueError(f"{target}: is a folder; name the file to write")
    if not target.parent.is_dir():
        raise ValueError(f"{target}: the folder {target.parent} does not exist")
    text = render(ins, fmt)
    try:
        write_atomically(target, text)
    except OSError as error:
        raise ValueError(f"{target}: cannot write ({error.strerror})") from None
    return target


# ------------------------------------------------------------------ charts


def _no_scripts(root: Any) -> Any:
    """pygal's SVG without its <script> elements and comments (an XML filter)."""
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag
            if not isinstance(tag, str) or tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return root


def _chart(kind: Callable[..., Any], chart_id: str, title: str, **config: Any) -> Any:
    chart = kind(
        title=title,
        js=[],
        disable_xml_declaration=True,
        style=_CHART_STYLE,
        width=760,
        height=300,
        legend_at_bottom=True,
        legend_at_bottom_columns=4,
        show_minor_x_labels=True,
        truncate_label=-1,
        x_label_rotation=0,
        margin=12,
        margin_bottom=28,  # room for the legend's text below the x labels
        **config,
    )
    chart.uuid = chart_id  # ids and CSS selectors inside the SVG: fixed, not random
    chart.add_xml_filter(_no_scripts)
    return chart


def _svg(chart: Any) -> str:
    return str(chart.render(is_unicode=True))


def _labels(points: Sequence[TrendPoint]) -> list[str]:
    """Short x labels: '7 Sep' (the weekday and year are in the page's text)."""
    return [f"{p.date.day} {MONTHS[p.date.month - 1][:3]}" for p in points]


def _percent(values: Sequence[float | None]) -> list[float | None]:
    return [None if v is None else round(v * 100, 1) for v in values]


def team_charts(team: TeamInsights) -> list[str]:
    """The team's trend as SVG charts: completion with its target, rating, time used,
    and decisions and blockers per meeting."""
    points = team.trend
    if not points:
        return []
    labels = _labels(points)
    prefix = f"t{team.team_id}"
    target = COMPLETION_TARGET * 100
    done = _chart(
        pygal.Line,
        f"{prefix}-done",
        "Commitments done (%)",
        range=(0, 100),
        allow_interruptions=True,
        value_formatter=lambda v: f"{v:.0f}%",
    )
    done.x_labels = labels
    done.add("Done", _percent([p.completion.value for p in points]))
    done.add(
        f"Target {target:.0f}%",
        [target] * len(points),
        show_dots=False,
        stroke_style={"width": 2, "dasharray": "6, 4"},
    )
    rating = _chart(
        pygal.Line,
        f"{prefix}-rating",
        "Meeting rating (1-10)",
        range=(0, 10),
        allow_interruptions=True,
        value_formatter=lambda v: f"{v:.1f}",
    )
    rating.x_labels = labels
    rating.add("Mean rating", [p.rating for p in points])
    used = _percent([p.time_ratio for p in points])
    top = max([150.0, *(v for v in used if v is not None)])
    time = _chart(
        pygal.Line,
        f"{prefix}-time",
        "Time used (% of the plan)",
        range=(0, top),
        allow_interruptions=True,
        value_formatter=lambda v: f"{v:.0f}%",
    )
    time.x_labels = labels
    time.add("Actual / planned", used)
    time.add("Plan", [100.0] * len(points), show_dots=False, stroke_style={"dasharray": "6, 4"})
    most = max([1, *(max(p.decisions, p.blockers_raised, p.blockers_resolved) for p in points)])
    counts = _chart(
        pygal.Bar,
        f"{prefix}-counts",
        "Decisions and blockers per meeting",
        range=(0, most),
        y_labels=list(range(0, most + 1, max(1, most // 8))),
        value_formatter=lambda v: f"{v:.0f}",
    )
    counts.x_labels = labels
    counts.add("Decisions", [p.decisions for p in points])
    counts.add("Blockers raised", [p.blockers_raised for p in points])
    counts.add("Blockers resolved", [p.blockers_resolved for p in points])
    return [_svg(c) for c in (done, rating, time, counts)]


# ------------------------------------------------------------------ the page

_CSS = """
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #111; background: #fff; margin: 0; }
main { max-width: 52rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .2rem;
  border-bottom: 2px solid #333; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
p, li, td, th { overflow-wrap: anywhere; }
p.meta, p.rule, p.none { color: #555; margin: .2rem 0; }
ul { padding-left: 1.3rem; margin: .3rem 0; }
ul.summary { list-style: none; padding: 0; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0; }
th, td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid #ddd;
  vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: 1fr; gap: .8rem; }
figure { margin: 0; break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
.signal { border-left: 4px solid #b3261e; padding: .1rem 0 .1rem .8rem; margin: .6rem 0;
  break-inside: avoid; }
.signal h4 { margin: 0; font-size: 1rem; color: #b3261e; }
footer { margin-top: 2rem; color: #555; font-size: .85rem; }
th, td.n, td:first-child { white-space: nowrap; }
@media print {
  @page { margin: 14mm 12mm; }
  body { font-size: 9.5pt; }
  main { max-width: none; margin: 0; padding: 0; }
  h2 { break-before: auto; break-after: avoid; }
  section.team { break-before: page; }
  tr, li { break-inside: avoid; }
}
""".strip()


def _table(header: list[str], rows: list[list[str]], numeric: set[int]) -> str:
    def cell(tag: str, i: int, text: str) -> str:
        css = ' class="n"' if i in numeric else ""
        return f"<{tag}{css}>{html_escape(text)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = "\n".join(
        "<tr>" + "".join(cell("td", i, text) for i, text in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _percent_label(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _team_section(team: TeamInsights, ins: Insights) -> str:
    out = [f'<section class="team">\n<h2>{html_escape(team.team)}</h2>']
    latest = team.latest
    weeks = ins.window.label()
    summary = [
        f"Meetings ended in {weeks}: {team.meetings}",
        f"Commitments done: {team.completion.label} over {weeks} "
        f"({team.completion.done} of {team.completion.total}; target "
        f"{COMPLETION_TARGET:.0%})" + (f", latest {latest.completion.label}" if latest else ""),
        f"Meeting rating: {team.rating_label()} over {weeks}"
        + (f", latest {rating_label(latest.rating)}" if latest else ""),
        f"Time used: {_percent_label(team.time_ratio)} of the plan",
        f"Decision velocity: {team.velocity.label}"
        + (
            f" (median {team.velocity.median_meetings:g} meetings open)"
            if team.velocity.median_meetings is not None
            else ""
        ),
    ]
    out.append(
        '<ul class="summary">\n'
        + "\n".join(f"<li>{html_escape(line)}</li>" for line in summary)
        + "\n</ul>"
    )
    charts = team_charts(team)
    if charts:
        out.append(
            '<div class="charts">\n'
            + "\n".join(f"<figure>{svg}</figure>" for svg in charts)
            + "\n</div>"
        )
    else:
        out.append(f'<p class="none">No meeting ended in the {html_escape(weeks)}.</p>')
    if team.measurables:
        out.append(f"<h3>Scorecard ({html_escape(weeks)})</h3>")
        out.append(
            _table(
                ["Measurable", "Owner", "Goal", "Latest", "Trend", "Weeks off track"],
                [
                    [
                        m.title,
                        f"@{m.owner}" if m.owner else "",
                        m.goal,
                        format_value(m.latest, m.unit),
                        "".join(spark_bars(m.values)),
                        str(m.off_weeks),
                    ]
                    for m in team.measurables
                ],
                {3, 5},
            )
        )
    out.append("<h3>Drift signals</h3>")
    if not team.signals:
        out.append('<p class="none">None: nothing drifts.</p>')
    for signal in team.signals:
        items = "\n".join(
            f"<li>{html_escape(item.label)}: {html_escape(item.detail)}</li>"
            for item in signal.items
        )
        out.append(
            f'<div class="signal"><h4>{html_escape(signal.label())}</h4>'
            f'<p class="rule">{html_escape(signal.rule)}</p>\n<ul>\n{items}\n</ul></div>'
        )
    out.append("</section>")
    return "\n".join(out)


def to_html(ins: Insights) -> str:
    today = ins.today
    window = ins.window
    scope = ins.team or "every team"
    title = f"Insights: {scope}, {window.label()} to {short_date(window.end)}"
    body = [
        f"<h1>{html_escape(title)}</h1>",
        f'<p class="meta">{html_escape(window.label())}: {html_escape(short_date(window.start))}'
        f" to {html_escape(short_date(window.end))}. Completion target "
        f"{COMPLETION_TARGET:.0%}.</p>",
        "<h2>Team of teams</h2>",
    ]
    rows = []
    for row in ins.team_of_teams:
        last = short_date(row.last_meeting, today) if row.last_meeting else "never"
        oldest = row.oldest_blocker
        rows.append(
            [
                row.team,
                last + (" (live)" if row.live else ""),
                row.completion.label,
                rating_label(row.rating),
                str(row.open_blockers),
                f"{plural(oldest.age_weeks, 'week')}: {oldest.text}" if oldest else "-",
                str(row.signals),
            ]
        )
    body.append(
        _table(
            ["Team", "Last meeting", "Done", "Rating", "Open blockers", "Oldest", "Signals"],
            rows,
            {2, 3, 4, 6},
        )
        if rows
        else '<p class="none">No teams yet.</p>'
    )
    body.append(f"<h2>Open hand-offs ({len(ins.hand_offs)})</h2>")
    if ins.hand_offs:
        body.append(
            _table(
                ["From", "To", "Blocker", "Raised", "Age", "Handed"],
                [
                    [
                        h.from_team,
                        h.to_team,
                        h.text,
                        short_date(h.raised_on, today),
                        plural(h.age_weeks, "week"),
                        f"{plural(h.days_since_hand_off, 'day')} ago",
                    ]
                    for h in ins.hand_offs
                ],
                set(),
            )
        )
    body.append(f"<h2>Messages not acknowledged ({len(ins.messages)})</h2>")
    if ins.messages:
        body.append(
            _table(
                ["From", "To", "Message", "Sent", "Age", "Read out in"],
                [
                    [
                        m.from_team,
                        m.to_team,
                        m.text,
                        short_date(m.sent_on, today),
                        plural(m.age_days, "day"),
                        plural(m.deliveries, "meeting"),
                    ]
                    for m in ins.messages
                ],
                set(),
            )
        )
    body += [_team_section(team, ins) for team in ins.teams]
    body.append(f"<footer>{html_escape(f'Made by campmeeting on {short_date(today)}.')}</footer>")
    return html_page(title, _CSS, body)


def schema_text() -> str:
    return json.dumps(insights_json_schema(), indent=2, ensure_ascii=False) + "\n"
