"""Which export rows are completed courses: the status words, from a data file.

`data/talentlms/status-words.csv` lists the words TalentLMS (and its localised
portals and report downloads) writes for a course's status, each marked completed
or not: "Completed", "Passed", "Completed (100%)", "abgeschlossen" are; "In
progress", "Not passed", "Incomplete" are not. Case and repeated spaces do not
matter. A word the file does not know is not taken as completed and is listed in
the report, so a new wording is seen, never silently counted or dropped.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from tdceu_analysis._paths import talentlms_folder
from tdceu_analysis.errors import UserError

STATUS_WORDS = "status-words.csv"


def status_key(status: pl.Expr) -> pl.Expr:
    """'  Completed  (100%) ' -> 'completed (100%)'."""
    return status.str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()


@cache
def status_words() -> pl.DataFrame:
    """status (lower case), completed (bool), language, from the shipped word list."""
    words = pl.read_csv(talentlms_folder() / STATUS_WORDS, infer_schema=False)
    return words.select(
        status_key(pl.col("status")).alias("status"),
        (pl.col("completed").str.to_lowercase() == "true").alias("completed"),
        "language",
    )


def completed_words() -> list[str]:
    return status_words().filter(pl.col("completed"))["status"].to_list()


def known_words() -> list[str]:
    return status_words()["status"].to_list()


def check_some_completed(rows: pl.DataFrame, status_column: str, file: str) -> None:
    """An export of many rows with none completed was read with the wrong status column
    (a user's Active / Inactive) or speaks words the list does not know: say which."""
    if rows.height == 0 or rows.filter(pl.col("completed")).height:
        return
    seen = (
        rows.group_by(pl.col("status").fill_null("(blank)"))
        .len()
        .sort(["len", "status"], descending=[True, False])
    )
    counts = ", ".join(f"{status} {n}" for status, n in seen.head(8).iter_rows())
    more = f" and {seen.height - 8} more" if seen.height > 8 else ""
    raise UserError(
        f"none of the {rows.height} rows of {file} is a completed course (column "
        f"'{status_column}': {counts}{more}): export the course completion status "
        "(TalentLMS's 'Completion status'), or if one of these words means completed, "
        f"add it to the package's data/talentlms/{STATUS_WORDS}"
    )
