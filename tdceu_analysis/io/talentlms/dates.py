"""Completion dates as TalentLMS writes them, read without guessing the order.

A TalentLMS portal writes dates in the order its date setting says (DDMMYYYY,
MMDDYYYY or YYYYMMDD), with a time after them: `"25/12/2019, 03:58:50"`. For a
date like 05/11/2026 the order cannot be seen in the date itself, so it is
decided for the whole file, never row by row:

- `--date-format` given (a portal setting name, or a strftime format for the
  whole date text): that order, unless a line of the file proves the other one;
- else a line whose first number is above 12 proves day-first, a line whose
  second number is above 12 proves month-first; one proven order is used (the
  report names the lines), both is a contradiction (refused, naming lines);
- else, if a date that is written could be read either way, the file is refused
  with one sentence asking for the portal's date setting.

ISO dates (2026-11-05) and Unix timestamps (`completed_on_timestamp`, read in the
portal's time zone) need no order.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import polars as pl

from tdceu_analysis.errors import UserError

# TalentLMS's date settings (as the portal names them) -> the order of day, month, year
PORTAL_DATE_SETTINGS = {"DDMMYYYY": "dmy", "MMDDYYYY": "mdy", "YYYYMMDD": "ymd"}
ORDER_WORDS = {"dmy": "day-first", "mdy": "month-first", "ymd": "year-first"}
ORDER_SETTING = {order: name for name, order in PORTAL_DATE_SETTINGS.items()}
# Alabama keeps US Central time: a Unix timestamp becomes a date there (a completion at
# 23:30 on 30 September, Central, belongs to the year that ends that day)
PORTAL_TIME_ZONE = "America/Chicago"
# a date in numbers (day, month and year in some order), maybe with a time after it
_NUMERIC = r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})(?:$|[,T\s])"
# a time after the date: ', 03:58:50', ' 3:58 PM', 'T03:58:50Z'
_TRAILING_TIME = (
    r"(?:,\s*|\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2})?$"
)
# Unix seconds from 2000-01-01 to 2100-01-01: TalentLMS completions, not milliseconds
_TIMESTAMP_RANGE = (946_684_800, 4_102_444_800)
# how many lines a message names before '...'
_SHOWN = 3


@dataclass(frozen=True)
class DateSetting:
    """A --date-format: the order it reads, and the strftime format when one was given."""

    text: str
    order: str | None  # "dmy", "mdy", "ymd", or None (a strftime format with no numeric order)
    strftime: str | None  # None for a portal setting name


def read_date_setting(date_format: str | None) -> DateSetting | None:
    """A --date-format: a portal setting (DDMMYYYY, DD/MM/YYYY, ...) or a strftime format.

    A strftime format must read back a whole date (day, month and year), else a UserError.
    """
    if not date_format:
        return None
    name = re.sub(r"[\s/.\-]+", "", date_format).upper()
    if "%" not in date_format and name in PORTAL_DATE_SETTINGS:
        return DateSetting(date_format, PORTAL_DATE_SETTINGS[name], None)
    probe = dt.date(2001, 12, 31)  # day, month and year all differ: a swap shows
    try:
        ok = dt.datetime.strptime(probe.strftime(date_format), date_format).date() == probe
    except ValueError:
        ok = False
    if not ok:
        raise UserError(
            f"--date-format '{date_format}' does not read a whole date: give the portal's date "
            "setting (DDMMYYYY, MMDDYYYY or YYYYMMDD) or a strftime format with %d, %m (or %b) "
            "and %Y (or %y), e.g. '%d/%m/%Y, %H:%M:%S'"
        )
    return DateSetting(date_format, _strftime_order(date_format), date_format)


def _strftime_order(date_format: str) -> str | None:
    """'dmy', 'mdy' or 'ymd' from where %d, %m and %Y stand; None with a month name."""
    places = {code: date_format.find(code) for code in ("%d", "%m", "%Y", "%y")}
    day, month = places["%d"], places["%m"]
    year = max(places["%Y"], places["%y"])
    if month < 0 or day < 0:
        return None  # %b / %B: the month is a word, the order cannot be mistaken
    if year < min(day, month):
        return "ymd"
    return "dmy" if day < month else "mdy"


def numeric_parts(text: pl.Expr) -> pl.Expr:
    """The three numbers of a numeric date (struct fields '1', '2', '3'), null if none."""
    return text.str.extract_groups(_NUMERIC)


def order_proof(text: pl.Expr) -> pl.Expr:
    """'dmy' / 'mdy' where the date itself proves its order (a day above 12), else null."""
    parts = numeric_parts(text)
    first = parts.struct.field("1")
    second = parts.struct.field("2").cast(pl.Int32, strict=False)
    first_number = first.cast(pl.Int32, strict=False)
    year_first = first.str.len_chars() == 4
    return (
        pl.when(year_first)
        .then(pl.lit(None, pl.String))
        .when((first_number > 12) & (second <= 12))
        .then(pl.lit("dmy"))
        .when((second > 12) & (first_number <= 12))
        .then(pl.lit("mdy"))
    )


def is_ambiguous(text: pl.Expr) -> pl.Expr:
    """A numeric date that reads as two different dates (05/11/2026, not 05/05/2026)."""
    parts = numeric_parts(text)
    first = parts.struct.field("1")
    a = first.cast(pl.Int32, strict=False)
    b = parts.struct.field("2").cast(pl.Int32, strict=False)
    return (
        (first.str.len_chars() < 4) & (a <= 12) & (b <= 12) & (a >= 1) & (b >= 1) & (a != b)
    ).fill_null(False)


def parse_date_text(text: pl.Expr, order: str | None, setting: DateSetting | None) -> pl.Expr:
    """The date a text stands for, read in `order` (or by `setting`'s strftime format).

    ISO dates are always read; other numeric dates only with an order; a text that is
    not a date in that reading is null (the import names the row).
    """
    if setting is not None and setting.strftime is not None:
        return _parse_strftime(text, setting.strftime)
    parts = numeric_parts(text)
    first, second, third = (parts.struct.field(k) for k in ("1", "2", "3"))
    year_first = first.str.len_chars() == 4
    if order == "dmy":
        day, month = first, second
    elif order == "mdy":
        day, month = second, first
    else:  # no order known: only a date that reads the same both ways (05/05/2026)
        same = first.cast(pl.Int32, strict=False) == second.cast(pl.Int32, strict=False)
        day = month = pl.when(same).then(first)
    iso_text = pl.when(year_first).then(
        pl.concat_str([first, second.str.zfill(2), third.str.zfill(2)], separator="-")
    )
    # a year of 4 digits only: '05/11/26' is not read as 0026 nor guessed as 2026
    ordered = pl.when(~year_first & (third.str.len_chars() == 4)).then(
        pl.concat_str([third, month.str.zfill(2), day.str.zfill(2)], separator="-")
    )
    return pl.coalesce(iso_text, ordered).str.to_date("%Y-%m-%d", strict=False)


def _parse_strftime(text: pl.Expr, strftime: str) -> pl.Expr:
    """The format read on the whole text (time included); a format without a time also
    reads the date of a text with a time after it."""
    has_time = any(code in strftime for code in ("%H", "%I", "%M", "%S", "%p", "%T", "%R"))
    if has_time:
        return text.str.to_datetime(strftime, strict=False).dt.date()
    whole = text.str.to_date(strftime, strict=False)
    without_time = text.str.replace(_TRAILING_TIME, "").str.to_date(strftime, strict=False)
    return pl.coalesce(whole, without_time)


def timestamp_date(text: pl.Expr, time_zone: str = PORTAL_TIME_ZONE) -> pl.Expr:
    """Unix seconds ('1766634530', '1766634530.0') as the date in the portal's time zone."""
    seconds = text.str.replace(r"\.0+$", "").cast(pl.Int64, strict=False)
    # milliseconds (or a stray number) would be a date centuries away: not read
    seconds = pl.when(seconds.is_between(*_TIMESTAMP_RANGE)).then(seconds)
    return (
        pl.from_epoch(seconds, time_unit="s")
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone(time_zone)
        .dt.date()
    )


@dataclass(frozen=True)
class DateDecision:
    """The order the file's dates are read in, and the sentence that says why."""

    order: str | None
    said: str


def decide_order(texts: pl.DataFrame, setting: DateSetting | None, file: str) -> DateDecision:
    """The file's date order, from `texts` (line, text, needed: the row's date is written).

    Raises a UserError for a contradiction (lines prove both orders, or the file proves
    the other order than --date-format) and for an ambiguous file without --date-format.
    """
    judged = texts.filter(pl.col("text").is_not_null()).with_columns(
        order_proof(pl.col("text")).alias("proof"),
        (is_ambiguous(pl.col("text")) & pl.col("needed")).alias("ambiguous"),
    )
    proofs = {
        order: judged.filter(pl.col("proof") == order).select("line", "text").unique().sort("line")
        for order in ("dmy", "mdy")
    }
    day_first, month_first = proofs["dmy"], proofs["mdy"]
    if day_first.height and month_first.height:
        raise UserError(
            f"the dates of {file} contradict each other: {_lines(day_first)} can only be "
            f"day-first and {_lines(month_first)} only month-first; fix the export (one portal, "
            "one date setting) and import again"
        )
    proven = "dmy" if day_first.height else "mdy" if month_first.height else None
    if setting is not None:
        if proven and setting.order in ("dmy", "mdy") and proven != setting.order:
            raise UserError(
                f"--date-format '{setting.text}' reads dates {ORDER_WORDS[setting.order]}, but "
                f"{_lines(proofs[proven])} of {file} can only be {ORDER_WORDS[proven]}: pass "
                f"--date-format {ORDER_SETTING[proven]} (the portal's date setting)"
            )
        return DateDecision(setting.order, f"dates read with --date-format '{setting.text}'")
    if proven:
        place = "first" if proven == "dmy" else "second"
        return DateDecision(
            proven,
            f"dates read {ORDER_WORDS[proven]} ({ORDER_SETTING[proven]}): "
            f"{_lines(proofs[proven])} {_has(proofs[proven])} a day above 12 in {place} place",
        )
    ambiguous = judged.filter(pl.col("ambiguous")).sort("line")
    if ambiguous.height:
        raise UserError(
            f"{ambiguous.height} date(s) of {file} could be day-first or month-first and no "
            f"line proves which ({_lines(ambiguous)}): pass --date-format with the TalentLMS "
            "portal's date setting, DDMMYYYY or MMDDYYYY"
        )
    return DateDecision(None, "")


def _lines(rows: pl.DataFrame) -> str:
    """ "line 4 ('25/12/2026')" or "lines 4, 9 ('25/12/2026', ...) and 3 more"."""
    shown = rows.head(_SHOWN)
    lines = ", ".join(str(line) for line in shown["line"])
    examples = ", ".join(f"'{text}'" for text in shown["text"])
    more = f" and {rows.height - _SHOWN} more" if rows.height > _SHOWN else ""
    word = "line" if rows.height == 1 else "lines"
    return f"{word} {lines}{more} ({examples})"


def _has(rows: pl.DataFrame) -> str:
    return "has" if rows.height == 1 else "have"
