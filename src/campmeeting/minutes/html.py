"""The minutes as one self-contained HTML page: escaped, print-friendly, and with a
Content-Security-Policy that forbids scripts anyway."""

from __future__ import annotations

import html

from campmeeting.minutes.document import B, Bullets, Heading, I, Inline, Para, document
from campmeeting.minutes.schema import Minutes
from campmeeting.text import visible


def html_escape(text: str) -> str:
    return html.escape(visible(text), quote=True)


CSP = "default-src 'none'; style-src 'unsafe-inline'"  # no script, no fetch: only styles


def html_page(title: str, css: str, body: list[str]) -> str:
    """A self-contained page (the minutes, the insights report): `title` is escaped here,
    `body` is HTML already; the Content-Security-Policy forbids scripts and fetches."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="campmeeting">\n'
        f"<title>{html_escape(title)}</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n"
        "<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


_CSS = """
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #111; background: #fff; margin: 0; }
main { max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 .75rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; padding-bottom: .2rem;
  border-bottom: 1px solid #bbb; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
p, li, td, th { overflow-wrap: anywhere; }
ul { padding-left: 1.3rem; margin: .3rem 0; }
ul.summary { list-style: none; padding: 0; }
.in-progress { border: 2px solid #b00; padding: .4rem .6rem; color: #b00; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0; }
th, td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid #ddd; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr:last-child td { font-weight: 600; border-top: 1px solid #999; }
table.scorecard tr:last-child td { font-weight: normal; border-top: 0; }
footer { margin-top: 2rem; color: #555; font-size: .85rem; }
@media print {
  @page { margin: 16mm 14mm; }
  body { font-size: 10pt; }
  main { max-width: none; margin: 0; padding: 0; }
  h2, h3 { break-after: avoid; }
  li, tr { break-inside: avoid; }
}
""".strip()


def _html_inline(parts: Inline) -> str:
    out = []
    for part in parts:
        if isinstance(part, B | I):
            tag = "strong" if isinstance(part, B) else "em"
            core = part.text.strip()
            lead = part.text[: len(part.text) - len(part.text.lstrip())]
            tail = part.text[len(part.text.rstrip()) :]
            out.append(f"{lead}<{tag}>{html_escape(core)}</{tag}>{tail}")
        else:
            out.append(html_escape(part))
    return "".join(out)


_NUM = ' class="n"'


def to_html(m: Minutes) -> str:
    doc = document(m)
    body: list[str] = []
    for block in doc:
        if isinstance(block, Heading):
            body.append(f"<h{block.level}>{_html_inline(block.parts)}</h{block.level}>")
        elif isinstance(block, Para):
            if block.css == "footer":
                body.append(f"<footer>{_html_inline(block.parts)}</footer>")
            elif block.css:
                body.append(f'<p class="{block.css}">{_html_inline(block.parts)}</p>')
            else:
                body.append(f"<p>{_html_inline(block.parts)}</p>")
        elif isinstance(block, Bullets):
            css = f' class="{block.css}"' if block.css else ""
            items = "\n".join(f"<li>{_html_inline(item)}</li>" for item in block.items)
            body.append(f"<ul{css}>\n{items}\n</ul>")
        else:
            head = "".join(
                f"<th{_NUM if i in block.numeric else ''}>{html_escape(h)}</th>"
                for i, h in enumerate(block.header)
            )
            rows = "\n".join(
                "<tr>"
                + "".join(
                    f"<td{_NUM if i in block.numeric else ''}>{html_escape(cell)}</td>"
                    for i, cell in enumerate(row)
                )
                + "</tr>"
                for row in block.rows
            )
            css = f' class="{block.css}"' if block.css else ""
            body.append(
                f"<table{css}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"
            )
    return html_page(f"{m.team} camp meeting, {m.date}", _CSS, body)
