"""The monthly report's charts, drawn with matplotlib and embedded as inline SVG.

Deterministic on purpose: the Agg/SVG backends only (no display), a fixed
`svg.hashsalt` per chart (element ids come from it instead of a random uuid, and
differ between charts so two inline SVGs never share an id), no date or creator
in the metadata, text kept as text (`svg.fonttype: none`: smaller, selectable,
searchable in the PDF). Two renders of the same figures are byte-identical.

Every function takes rows already read from the KPI views and returns the SVG
markup, or None when there is nothing to draw (the template then says so).
Bars carry an id (matplotlib `gid`) naming what they show, for the tests.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Iterable, Sequence
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot; the report never opens a window

from matplotlib.figure import Figure  # noqa: E402 - after the backend choice
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402 - after the backend choice

from dbtool import report_format as fmt  # noqa: E402
from dbtool.report_data import (  # noqa: E402
    Billing,
    Interactions,
    Prevalence,
    Severity,
    TreatmentOutcome,
    Utilisation,
    VisitsByWeekday,
)

WIDTH_IN = 7.2  # A4 portrait minus 12 mm margins is 7.3 in
SEVERITY_COLOURS = {1: "#9ccc65", 2: "#ffca28", 3: "#fb8c00", 4: "#c62828"}
LINE_COLOURS = {"billed": "#1565c0", "collected": "#2e7d32", "outstanding": "#c62828"}
BAR_COLOUR = "#1565c0"
MUTED = "#b0bec5"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
RC = {
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "legend.frameon": False,
    "path.simplify": False,
}
_XML_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)


def to_svg(figure: Figure, name: str) -> str:
    """The figure as inline SVG markup (no XML prologue, scales to its container)."""
    buffer = io.StringIO()
    with matplotlib.rc_context({**RC, "svg.hashsalt": f"dbtool-report-{name}"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches=None)
    markup = _XML_PROLOGUE.sub("", buffer.getvalue(), count=1)
    # matplotlib numbers its ids per figure (figure_1, axes_1, patch_2 ...): prefix them with the chart's
    # name so the charts inlined in one page never share an id or point at each other's clip paths
    ids = set(re.findall(r'\sid="([^"]+)"', markup))
    markup = re.sub(r'(\sid="|url\(#|href="#)([^")]+)',
                    lambda m: f"{m.group(1)}{name}-{m.group(2)}" if m.group(2) in ids else m.group(0), markup)
    # fixed pt sizes become a viewBox that CSS scales to the page width
    markup = re.sub(r'<svg([^>]*?) width="[\d.]+pt" height="[\d.]+pt"', r'<svg\1 class="chart-svg"', markup, count=1)
    return markup.replace("<svg ", f'<svg role="img" aria-label="{name}" data-chart="{name}" ', 1)


def _figure(height_in: float) -> Figure:
    with matplotlib.rc_context(RC):
        return Figure(figsize=(WIDTH_IN, height_in), layout="constrained")


def _short(text: str, width: int = 44) -> str:
    return textwrap.shorten(text, width=width, placeholder="\u2026")


def _f(value: Decimal | int | None) -> float:
    return float(value) if value is not None else 0.0


def _bar_labels(axis, bars, labels: Sequence[str]) -> None:  # type: ignore[no-untyped-def]
    """Figures at the bar ends, on white so a reference line behind them cannot strike them through."""
    axis.bar_label(bars, labels=list(labels), padding=3, fontsize=7.5, color="#333",
                   bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})


def _height_for(rows: int, minimum: float = 1.5) -> float:
    return max(minimum, 0.8 + 0.24 * rows)


def billing_trend(trend: Sequence[Billing], currency: str) -> str | None:
    """Billed, collected and outstanding per month: 12 months ending with the report month."""
    if not any(_f(row.billed) or _f(row.collected) or _f(row.outstanding) for row in trend):
        return None
    with matplotlib.rc_context(RC):
        figure = _figure(2.9)
        axis = figure.add_subplot()
        labels = [f"{row.month_start:%b %y}" for row in trend]
        for series in ("billed", "collected", "outstanding"):
            values = [_f(getattr(row, series)) for row in trend]
            (line,) = axis.plot(labels, values, marker="o", markersize=3.5, linewidth=1.8,
                                color=LINE_COLOURS[series], label=series.capitalize())
            line.set_gid(series)
        axis.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.money(v, currency, places=0)))
        axis.set_ylim(bottom=0)
        axis.grid(axis="y", color="#e0e0e0", linewidth=0.6)
        axis.legend(loc="upper left", ncols=3, bbox_to_anchor=(0, 1.12))
        axis.tick_params(axis="x", labelsize=7.5)
        return to_svg(figure, "billing-trend")


def visits_by_department(rows: Iterable[Interactions]) -> str | None:
    departments = sorted((r for r in rows if r.department_key is not None), key=lambda r: (-r.visits, r.department_name))
    if not departments:
        return None
    with matplotlib.rc_context(RC):
        figure = _figure(_height_for(len(departments)))
        axis = figure.add_subplot()
        names = [r.department_name for r in reversed(departments)]
        values = [r.visits for r in reversed(departments)]
        bars = axis.barh(names, values, color=BAR_COLOUR, height=0.65)
        for bar, row in zip(bars, reversed(departments), strict=True):
            bar.set_gid(f"bar-{row.department_key}")
        _bar_labels(axis, bars, [fmt.count(v) for v in values])
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.set_xlabel("visits (encounters)")
        axis.margins(x=0.1)
        return to_svg(figure, "visits-by-department")


def weekday_heat_map(rows: Iterable[VisitsByWeekday]) -> str | None:
    """Visits per department (rows) and weekday (columns), darker = more."""
    cells: dict[tuple[str, int], int] = {}
    for row in rows:
        if row.department_key is None:  # the clinic-wide row would flatten every department's colours
            continue
        cells[(row.department_name, row.iso_weekday)] = cells.get((row.department_name, row.iso_weekday), 0) + row.visits
    if not cells:
        return None
    departments = sorted({name for name, _ in cells})
    grid = [[cells.get((name, day), 0) for day in range(1, 8)] for name in departments]
    largest = max(max(line) for line in grid) or 1
    with matplotlib.rc_context(RC):
        figure = _figure(_height_for(len(departments), 2.0))
        axis = figure.add_subplot()
        image = axis.imshow(grid, cmap="Blues", aspect="auto", vmin=0, vmax=largest)
        axis.set_xticks(range(7), WEEKDAYS)
        axis.set_yticks(range(len(departments)), departments)
        axis.tick_params(length=0)
        for spine in axis.spines.values():
            spine.set_visible(False)
        for y, line in enumerate(grid):
            for x, value in enumerate(line):
                colour = "white" if value > largest * 0.55 else "#263238"
                axis.text(x, y, fmt.count(value) if value else "", ha="center", va="center", fontsize=7.5,
                          color=colour, gid=f"cell-{y}-{x + 1}")
        colourbar = figure.colorbar(image, ax=axis, shrink=0.9, pad=0.01)
        colourbar.set_label("visits")
        colourbar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        return to_svg(figure, "weekday-heat-map")


def severity_stacked(rows: Iterable[Severity]) -> str | None:
    """Diagnoses per department, stacked by severity (mild to critical)."""
    by_department: dict[str, dict[int, int]] = {}
    names: dict[int, str] = {}
    for row in rows:
        if row.department_key is None:
            continue
        by_department.setdefault(row.department_name, {})[row.severity_rank] = row.diagnoses
        names[row.severity_rank] = row.severity
    if not by_department:
        return None
    departments = sorted(by_department, key=lambda d: (sum(by_department[d].values()), d))
    with matplotlib.rc_context(RC):
        figure = _figure(_height_for(len(departments)))
        axis = figure.add_subplot()
        left = [0] * len(departments)
        for rank in sorted(names):
            values = [by_department[d].get(rank, 0) for d in departments]
            bars = axis.barh(departments, values, left=left, color=SEVERITY_COLOURS.get(rank, MUTED), height=0.65,
                             label=names[rank])
            for bar, department in zip(bars, departments, strict=True):
                bar.set_gid(f"{rank}-{department}")
            left = [a + b for a, b in zip(left, values, strict=True)]
        for y, total in enumerate(left):
            axis.text(total, y, f" {fmt.count(total)}", va="center", fontsize=7.5, color="#333")
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.set_xlabel("diagnoses")
        axis.margins(x=0.12)
        axis.legend(loc="lower right", ncols=len(names), bbox_to_anchor=(1, 1.0))
        return to_svg(figure, "severity-by-department")


def prevalence_bars(rows: Iterable[Prevalence], level: str, top: int = 10) -> str | None:
    """Top chapters or blocks by patients with such a diagnosis, labelled per 1,000 active patients."""
    chosen = [r for r in rows if r.level == level][:top]
    if not chosen:
        return None
    chosen.sort(key=lambda r: (r.rank_in_month, r.code))
    with matplotlib.rc_context(RC):
        figure = _figure(_height_for(len(chosen)))
        axis = figure.add_subplot()
        prefix = "Ch. " if level == "chapter" else ""
        labels = [f"{prefix}{r.code} {_short(r.title)}" for r in reversed(chosen)]
        values = [r.patients for r in reversed(chosen)]
        bars = axis.barh(labels, values, color="#6a1b9a" if level == "chapter" else "#00838f", height=0.65)
        for bar, row in zip(bars, reversed(chosen), strict=True):
            bar.set_gid(f"bar-{row.code}")
        _bar_labels(axis, bars, [f"{fmt.count(r.patients)} ({fmt.decimal1(r.per_1000_active)} per 1,000)"
                                 for r in reversed(chosen)])
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.set_xlabel("patients with a diagnosis in the month")
        axis.margins(x=0.3)
        return to_svg(figure, f"prevalence-{level}")


def utilisation_bars(rows: Iterable[Utilisation]) -> str | None:
    """Booked share of available doctor time per department; the dashed line is the whole clinic."""
    rows = list(rows)
    departments = [r for r in rows if r.department_key is not None and r.doctor_durable_key is None]
    total = next((r for r in rows if r.department_key is None), None)
    if not departments:
        return None
    departments.sort(key=lambda r: (_f(r.utilisation), r.department_name))
    with matplotlib.rc_context(RC):
        figure = _figure(_height_for(len(departments)))
        axis = figure.add_subplot()
        values = [_f(r.utilisation) * 100 for r in departments]
        bars = axis.barh([r.department_name for r in departments], values, color="#00695c", height=0.65)
        for bar, row in zip(bars, departments, strict=True):
            bar.set_gid(f"bar-{row.department_key}")
        _bar_labels(axis, bars, [fmt.percent(r.utilisation) for r in departments])
        if total is not None and total.utilisation is not None:
            axis.axvline(_f(total.utilisation) * 100, color="#37474f", linestyle="--", linewidth=1, zorder=0.5,
                         label=f"all departments {fmt.percent(total.utilisation)}")
            axis.legend(loc="lower right", bbox_to_anchor=(1, 1.0))
        widest = max(values + [_f(total.utilisation) * 100 if total and total.utilisation else 0.0])
        places = 0 if widest >= 5 else 1 if widest >= 0.5 else 2
        axis.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.{places}f}%"))
        axis.set_xlabel("booked minutes / available minutes")
        axis.set_xlim(left=0)
        axis.margins(x=0.15)
        return to_svg(figure, "doctor-utilisation")


def treatment_outcome_bars(rows: Iterable[TreatmentOutcome]) -> str | None:
    """Treatments per department (all categories): improved or resolved, and the rest."""
    by_department: dict[tuple[str, int], list[int]] = {}
    for row in rows:
        if row.department_key is None:
            continue
        counts = by_department.setdefault((row.department_name, row.department_key), [0, 0])
        counts[0] += row.treatments
        counts[1] += row.improved_or_resolved
    if not by_department:
        return None
    ordered = sorted(by_department.items(), key=lambda item: (item[1][0], item[0][0]))
    with matplotlib.rc_context(RC):
        figure = _figure(_height_for(len(ordered)))
        axis = figure.add_subplot()
        names = [name for (name, _key), _counts in ordered]
        good = [counts[1] for _dept, counts in ordered]
        rest = [counts[0] - counts[1] for _dept, counts in ordered]
        bars = axis.barh(names, good, color="#2e7d32", height=0.65, label="improved or resolved")
        for bar, ((_name, key), _counts) in zip(bars, ordered, strict=True):
            bar.set_gid(f"improved-{key}")
        others = axis.barh(names, rest, left=good, color=MUTED, height=0.65, label="stable, worsened or other")
        _bar_labels(axis, others, [
            f"{fmt.count(total)} ({fmt.percent(Decimal(improved) / total if total else None)} improved)"
            for _dept, (total, improved) in ordered])
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.set_xlabel("treatments")
        axis.margins(x=0.3)
        axis.legend(loc="lower right", ncols=2, bbox_to_anchor=(1, 1.0))
        return to_svg(figure, "treatment-outcomes")
