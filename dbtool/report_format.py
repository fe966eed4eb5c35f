"""Number formatting for the monthly report: what an executive reads on a tile or in a table.

Counts get thousands separators, money a currency symbol, ratios (0..1 in the KPI
views) a percentage with one decimal, and a month-over-month change an arrow and a
tone: "good" when the KPI moved the way `kpi_headline.better_when` says is better,
"bad" when it moved the other way, "flat" when it did not move or cannot be compared.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_CURRENCY = "$"
CURRENCY_ENV = "DBTOOL_CURRENCY"
NOT_AVAILABLE = "\u2013"  # en dash: no figure (no previous month, denominator 0)
ARROWS = {"up": "\u25b2", "down": "\u25bc", "flat": "\u25b6"}


def default_currency() -> str:
    """$DBTOOL_CURRENCY if set, else "$" (the project has no currency setting of its own)."""
    return os.environ.get(CURRENCY_ENV) or DEFAULT_CURRENCY


def _round(value: Decimal | int | float, places: int) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def count(value: Decimal | int | float | None) -> str:
    """1234 -> '1,234'."""
    if value is None:
        return NOT_AVAILABLE
    return f"{_round(value, 0):,.0f}"


def decimal1(value: Decimal | int | float | None) -> str:
    """12.345 -> '12.3' (visits per doctor, days)."""
    if value is None:
        return NOT_AVAILABLE
    return f"{_round(value, 1):,.1f}"


def money(value: Decimal | int | float | None, currency: str = DEFAULT_CURRENCY, places: int = 2) -> str:
    """9965 -> '$9,965.00'; -12.5 -> '-$12.50'. Tiles use places=0."""
    if value is None:
        return NOT_AVAILABLE
    rounded = _round(value, places)
    sign = "-" if rounded < 0 else ""
    return f"{sign}{currency}{abs(rounded):,.{places}f}"


def percent(ratio: Decimal | int | float | None) -> str:
    """0.3991 -> '39.9%'."""
    if ratio is None:
        return NOT_AVAILABLE
    return f"{_round(Decimal(str(ratio)) * 100, 1):,.1f}%"


def days(value: Decimal | int | float | None) -> str:
    """18.6 -> '18.6 days'."""
    if value is None:
        return NOT_AVAILABLE
    return f"{decimal1(value)} days"


def kpi_value(value: Decimal | None, unit: str, currency: str = DEFAULT_CURRENCY) -> str:
    """A headline figure in its unit ('count', 'ratio', 'money', 'days'), as shown on a tile."""
    if unit == "count":
        return count(value)
    if unit == "ratio":
        return percent(value)
    if unit == "money":
        return money(value, currency, places=0)
    if unit == "days":
        return days(value)
    raise ValueError(f"unknown KPI unit {unit!r}")


def signed(text: str, negative: bool) -> str:
    return ("\u2212" if negative else "+") + text.lstrip("-")


@dataclass(frozen=True)
class Change:
    """A month-over-month change, ready to print: arrow, text and tone."""

    direction: str  # up, down, flat
    tone: str  # good, bad, flat
    text: str  # "+17 (+22.4%)", "+3.5 pp", "no previous month"

    @property
    def arrow(self) -> str:
        return ARROWS[self.direction]


def change(
    unit: str,
    value: Decimal | None,
    previous: Decimal | None,
    delta: Decimal | None,
    delta_ratio: Decimal | None,
    better_when: str,
    currency: str = DEFAULT_CURRENCY,
) -> Change:
    """Ratios change in percentage points; counts, money and days by the amount and, when the
    previous month is not zero, by a percentage of it."""
    if value is None:
        return Change("flat", "flat", "no figure this month")
    if previous is None or delta is None:
        return Change("flat", "flat", "no previous month")
    direction = "up" if delta > 0 else "down" if delta < 0 else "flat"
    if direction == "flat":
        tone = "flat"
    else:
        tone = "good" if (direction == "up") == (better_when == "higher") else "bad"
    negative = delta < 0
    if unit == "ratio":
        text = signed(f"{_round(abs(delta) * 100, 1):,.1f} pp", negative)
    else:
        if unit == "money":
            amount = money(abs(delta), currency, places=0)
        elif unit == "days":
            amount = decimal1(abs(delta))
        else:
            amount = count(abs(delta))
        text = signed(amount, negative)
        if delta_ratio is not None:
            text += f" ({signed(percent(abs(delta_ratio)), delta_ratio < 0)})"
    if direction == "flat":
        text = "unchanged"
    return Change(direction, tone, text)
