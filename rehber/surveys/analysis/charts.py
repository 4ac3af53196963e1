"""Charts as SVG text, drawn on the server; no Django imports, no JavaScript.

Every chart carries ``<title>`` and ``<desc>``, writes its numbers as text beside the
marks (an estimate, its interval and n), and mirrors for right-to-left languages: bars
grow from the right, months run from right to left, labels sit on the right. Text is
given by the caller, already translated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

WIDTH = 360
#: Colours (with dash patterns, so lines differ without colour too).
PALETTE = ("#0b5d7a", "#b25e00", "#1e6b34", "#7b2d8e", "#a4161a", "#4a5260", "#005f5f", "#6b5500")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "8 3 2 3")


def _x(x: float, rtl: bool) -> float:
    """A horizontal position, mirrored for right-to-left."""
    return WIDTH - x if rtl else x


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, text: str, *, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _open(height: float, title: str, desc: str, rtl: bool, chart_id: str) -> list[str]:
    direction = "rtl" if rtl else "ltr"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {_n(height)}"'
        f' width="100%" role="img" direction="{direction}"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="12"'
        ' font-family="system-ui, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def bar_chart_svg(
    *,
    title: str,
    desc: str,
    sections: Sequence[tuple[str, Sequence[Mapping[str, Any]]]],
    rtl: bool = False,
    chart_id: str = "chart",
) -> str:
    """Horizontal bars of shares (0–1) with 95% interval whiskers.

    ``sections`` is ``[(heading or "", bars)]``; a bar has ``label``, ``numbers`` (its
    estimate, interval and n in words, written under the label), ``text`` (both, for the
    bar's tooltip), ``estimate``, ``ci_low`` and ``ci_high`` (None when not shown).
    """
    left, right = 6.0, WIDTH - 6.0
    span = right - left
    y = 4.0
    body: list[str] = []
    for heading, bars in sections:
        if heading:
            y += 20
            body.append(_text(_x(left, rtl), y, heading, extra=' font-weight="700"'))
            y += 2
        for bar in bars:
            y += 17
            body.append(_text(_x(left, rtl), y, str(bar["label"])))
            y += 15
            body.append(_text(_x(left, rtl), y, str(bar["numbers"]), extra=' fill="#4a5260"'))
            y += 5
            estimate = bar.get("estimate")
            body.append(
                f'<rect x="{_n(left)}" y="{_n(y)}" width="{_n(span)}" height="10" fill="#f3f5f7"/>'
            )
            if estimate is not None:
                width = span * max(0.0, min(1.0, float(estimate)))
                x = WIDTH - left - width if rtl else left
                body.append(
                    f'<rect class="bar" x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="10"'
                    f' fill="{PALETTE[0]}"><title>{escape(str(bar["text"]))}</title></rect>'
                )
                low, high = bar.get("ci_low"), bar.get("ci_high")
                if low is not None and high is not None:
                    x1, x2 = _x(left + span * low, rtl), _x(left + span * high, rtl)
                    mid = y + 5
                    body.append(
                        f'<path class="whisker" d="M{_n(x1)} {_n(mid)}H{_n(x2)}'
                        f'M{_n(x1)} {_n(y - 2)}V{_n(y + 12)}M{_n(x2)} {_n(y - 2)}V{_n(y + 12)}"'
                        ' stroke="#1b1f24" stroke-width="1.5" fill="none"/>'
                    )
            y += 10
    y += 10
    axis = [f'<path d="M{_n(left)} {_n(y)}H{_n(right)}" stroke="#4a5260"/>']
    for tick in (0, 25, 50, 75, 100):
        x = _x(left + span * tick / 100, rtl)
        axis.append(f'<path d="M{_n(x)} {_n(y)}v4" stroke="#4a5260"/>')
        anchor = "middle"
        if tick in (0, 100):
            # The axis ends: text runs inwards from the edge on either side.
            anchor = "start" if (tick == 0) != rtl else "end"
        axis.append(_text(x, y + 17, f"{tick}%", anchor=anchor, extra=' direction="ltr"'))
    height = y + 24
    return "".join([*_open(height, title, desc, rtl, chart_id), *body, *axis, "</svg>"])


def line_chart_svg(
    *,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    x_notes: Sequence[str],
    lines: Sequence[Mapping[str, Any]],
    rtl: bool = False,
    chart_id: str = "series",
) -> str:
    """Shares (0–1) by month, one line per category, with interval whiskers.

    ``lines`` are ``{"label", "points": [{"estimate", "ci_low", "ci_high", "text"}]}``,
    one point per ``x_labels`` entry (estimate None: not shown). ``x_notes`` (e.g.
    ``n = 45``) are written under the month labels.
    """
    left, right, top, bottom = 40.0, WIDTH - 28.0, 12.0, 200.0
    count = max(len(x_labels), 1)
    step = (right - left) / max(count - 1, 1)

    def px(i: int) -> float:
        x = left + step * i if count > 1 else (left + right) / 2
        return _x(x, rtl)

    def py(value: float) -> float:
        return bottom - (bottom - top) * max(0.0, min(1.0, value))

    body: list[str] = []
    for tick in (0, 25, 50, 75, 100):
        y = py(tick / 100)
        body.append(
            f'<path d="M{_n(_x(left, rtl))} {_n(y)}H{_n(_x(right, rtl))}" stroke="#cfd5dc"/>'
        )
        body.append(
            _text(_x(left - 6, rtl), y + 4, f"{tick}%", anchor="end", extra=' direction="ltr"')
            if not rtl
            else _text(
                _x(left - 6, rtl), y + 4, f"{tick}%", anchor="start", extra=' direction="ltr"'
            )
        )
    for i, (label, note) in enumerate(zip(x_labels, x_notes, strict=True)):
        body.append(_text(px(i), bottom + 18, label, anchor="middle", extra=' direction="ltr"'))
        if note:
            body.append(_text(px(i), bottom + 34, note, anchor="middle", extra=' fill="#4a5260"'))
    for index, line in enumerate(lines):
        colour = PALETTE[index % len(PALETTE)]
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = line["points"]
        run: list[str] = []
        marks: list[str] = []
        for i, point in enumerate(points):
            estimate = point.get("estimate")
            if estimate is None:
                if len(run) > 1:
                    body.append(_polyline(run, colour, dash_attr))
                run = []
                continue
            x, y = px(i), py(float(estimate))
            run.append(f"{_n(x)},{_n(y)}")
            low, high = point.get("ci_low"), point.get("ci_high")
            if low is not None and high is not None:
                marks.append(
                    f'<path d="M{_n(x)} {_n(py(low))}V{_n(py(high))}" stroke="{colour}"'
                    ' stroke-width="1" opacity="0.7"/>'
                )
            marks.append(
                f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="{colour}">'
                f"<title>{escape(str(point.get('text', '')))}</title></circle>"
            )
        if len(run) > 1:
            body.append(_polyline(run, colour, dash_attr))
        body.extend(marks)
    legend_top = bottom + 52
    for index, line in enumerate(lines):
        colour = PALETTE[index % len(PALETTE)]
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        y = legend_top + 20 * index
        x1, x2 = _x(left, rtl), _x(left + 28, rtl)
        body.append(
            f'<path d="M{_n(x1)} {_n(y - 4)}H{_n(x2)}" stroke="{colour}" stroke-width="2.5"'
            f"{dash_attr}/>"
        )
        body.append(_text(_x(left + 36, rtl), y, str(line["label"])))
    height = legend_top + 20 * len(lines) + 4
    return "".join([*_open(height, title, desc, rtl, chart_id), *body, "</svg>"])


def _polyline(points: list[str], colour: str, dash_attr: str) -> str:
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}"'
        f' stroke-width="2"{dash_attr}/>'
    )
