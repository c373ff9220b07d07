"""R5's order of the records: date, then record id read naturally (`r2` before `r10`).

The loader keeps the accepted records in this order (`io/load.py`), so that the ledger,
which lists them in it, can share their columns instead of holding a sorted copy; the
rules (`rules/ledger.py`) sort any other frame by it the same way.
"""

from __future__ import annotations

import weakref

import polars as pl

# Frames this module put in R5 order (by identity; a frame is immutable, so while it lives
# it stays in that order): the loader's records, which `evaluate` then need not check.
_IN_ORDER: weakref.WeakValueDictionary[int, pl.DataFrame] = weakref.WeakValueDictionary()


def known_in_r5_order(records: pl.DataFrame) -> bool:
    """Whether `records` is a frame `in_r5_order` returned (no need to compute its keys)."""
    return _IN_ORDER.get(id(records)) is records


def remember_in_r5_order(records: pl.DataFrame) -> pl.DataFrame:
    _IN_ORDER[id(records)] = records
    return records


def natural_record_order() -> list[pl.Expr]:
    """R5 ties: record_id order, read naturally (r2 before r10): prefix, number, full id."""
    number = pl.col("record_id").str.extract(r"(\d+)$", 1)
    return [
        pl.col("record_id").str.replace(r"\d+$", ""),
        number.str.len_chars().fill_null(0),
        number.fill_null(""),
        pl.col("record_id"),
    ]


def in_r5_order(records: pl.DataFrame) -> pl.DataFrame:
    """`records` sorted by date, then record_id read naturally (`natural_record_order`).

    When every id's trailing number is plain digits (the usual case) the same order
    comes from whole numbers: the day, the prefix's rank among the distinct prefixes,
    the number's length and its value (numbers of one length compare as their digits
    do), packed into one 64-bit key when they fit, which sorts many times faster than
    several text keys. Otherwise the text keys are used.
    """
    if records.height <= 20_000:  # small: one query with the text keys is as quick
        return records.sort(["date", *natural_record_order()])
    keys = _one_prefix_keys(records)
    if keys is None:
        keys = _prefix_keys(records)
    if keys is None:  # a number too long for 64 bits, or a row with no date
        return records.sort(["date", *natural_record_order()])
    fields = ["day", "rank", "length", "value"]
    widths = [int(keys.get_column(name).max()).bit_length() for name in fields]
    if sum(widths) > 63:
        return (
            records.with_columns(keys.select(fields).rename(lambda name: f"_r5_{name}"))
            .sort([f"_r5_{name}" for name in fields])
            .drop([f"_r5_{name}" for name in fields])
        )
    packed = pl.lit(0, dtype=pl.UInt64)
    for name, width in zip(fields, widths, strict=True):
        packed = packed * (1 << width) + pl.col(name)
    order = keys.select(packed.alias("_r5")).get_column("_r5")
    if order.is_sorted():  # already in R5 order (as the loader keeps records): no copy
        return records
    return records.with_columns(order).sort("_r5").drop("_r5")


def _one_prefix_keys(records: pl.DataFrame) -> pl.DataFrame | None:
    """`in_r5_order`'s whole-number keys (day, rank, length, value) when every id is one
    ASCII prefix followed by ASCII digits only, or by nothing (generated and exported ids
    are): the prefix is the first id's, checked on every id in two quick passes, where
    `_prefix_keys` strips each id's digits (several times slower). None otherwise."""
    ids = records.get_column("record_id")
    first = ids.first()
    if ids.null_count() or first is None or not first.isascii():
        return None
    record_id = pl.col("record_id")
    prefix = first.rstrip("0123456789")
    number = record_id.str.slice(len(prefix))
    one_prefix = record_id.str.starts_with(prefix) & number.str.contains(r"^[0-9]*$")
    if not records.select(one_prefix.all()).item():
        return None
    keys = records.select(
        pl.col("date").cast(pl.Int32).alias("day"),
        pl.lit(0, dtype=pl.UInt64).alias("rank"),  # the one prefix ranks first, as there
        (record_id.str.len_bytes() - len(prefix)).cast(pl.UInt64).alias("length"),
        number.cast(pl.UInt64, strict=False).alias("value"),
    )
    unreadable = (pl.col("value").is_null() & (pl.col("length") > 0)).any()
    if keys.select(unreadable | pl.col("day").is_null().any()).item():
        return None
    return keys.with_columns(
        (pl.col("day") - pl.col("day").min()).cast(pl.UInt64).alias("day"),
        pl.col("value").fill_null(0),
    )


def _prefix_keys(records: pl.DataFrame) -> pl.DataFrame | None:
    """`in_r5_order`'s whole-number keys of any ids: each id's trailing number found and
    its prefix ranked; None when a number does not fit 64 bits or a date is missing."""
    # one regex pass finds the trailing number; the prefix is the text before it
    record_id = pl.col("record_id")
    if records.select((record_id.str.len_bytes() == record_id.str.len_chars()).all()).item():
        # ASCII ids (the usual case): the trailing digits are what strip_chars_end takes
        # off, the same run the pattern finds, found without a regex
        digits = (
            record_id.str.len_bytes() - record_id.str.strip_chars_end("0123456789").str.len_bytes()
        )
        number = pl.when(digits > 0).then(record_id.str.tail(digits))
    else:
        number = record_id.str.extract(r"(\d+)$", 1)
    keys = records.select(
        pl.col("date").cast(pl.Int32).alias("day"),
        record_id,
        number.alias("number"),
    ).with_columns(pl.col("number").str.len_chars().fill_null(0).alias("length"))
    keys = keys.select(
        "day",
        pl.col("record_id")
        .str.head(pl.col("record_id").str.len_chars() - pl.col("length"))
        .alias("prefix"),
        "length",
        "number",
        pl.col("number").cast(pl.UInt64, strict=False).alias("value"),
    )
    unreadable = (pl.col("value").is_null() & pl.col("number").is_not_null()).any()
    if keys.select(unreadable | pl.col("day").is_null().any()).item():
        return None
    prefixes = keys.get_column("prefix").unique().sort()
    return keys.with_columns(
        (pl.col("day") - pl.col("day").min()).cast(pl.UInt64).alias("day"),
        pl.col("prefix")
        .replace_strict(prefixes, pl.Series(range(len(prefixes)), dtype=pl.UInt64))
        .alias("rank"),
        pl.col("length").cast(pl.UInt64),
        pl.col("value").fill_null(0),
    )
