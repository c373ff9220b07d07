"""Matching export users to a data folder's directors: by user id, login or email, case
ignored; a user who matches none, or two directors, is reported, never guessed."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polars as pl

from tdceu_analysis.errors import UserError
from tdceu_analysis.io.talentlms.export import match_headers
from tdceu_analysis.io.talentlms.mapping import shipped_event_ids
from tdceu_analysis.io.talentlms.values import text_value, user_id_value

# The export columns that may identify a person, matched against a directors list.
IDENTITY_HEADERS: dict[str, tuple[str, ...]] = {
    "user id": ("user id", "userid", "learner id"),
    "login": ("login", "username", "user login"),
    "email": ("email", "user email"),
}


def match_directors(
    mapped: pl.DataFrame,
    export: pl.DataFrame,
    columns: Mapping[str, str],
    user_column: str | None,
    directors: pl.DataFrame,
    file: str,
    first_line: int = 2,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Each row's director by user id, login or email; never a guess.

    Returns the rows with `director_id` set to the matched director (null when none or
    several) and `match_problem` saying which, and one row per unmatched user.
    """
    # the export's identity columns: --user-column alone, else every id/login/email column
    if user_column:
        identity = [columns["user"]]
    else:
        found = match_headers(export.columns, IDENTITY_HEADERS, (), file)
        identity = list(dict.fromkeys(found.values())) or [columns["user"]]
    keys = (
        export.with_row_index("line", offset=first_line)
        .select(
            pl.col("line").cast(pl.Int64),
            pl.concat_list([user_id_value(name) for name in identity]).alias("key"),
            pl.concat_str(
                [user_id_value(name) for name in identity], separator=" / ", ignore_nulls=True
            ).alias("user"),
        )
        .explode("key")
        .with_columns(pl.col("key").str.to_lowercase())
    )
    directory = _director_keys(directors)
    matched = (
        keys.join(directory, on="key", how="left")
        .group_by("line")
        .agg(
            pl.col("user").first(),
            pl.col("matched_id").drop_nulls().unique().sort().alias("ids"),
        )
    )
    match_problem = (
        pl.when(pl.col("ids").list.len() == 0)
        .then(pl.format("user '{}' matches no director", pl.col("user")))
        .when(pl.col("ids").list.len() > 1)
        .then(
            pl.format(
                "user '{}' matches directors {}", pl.col("user"), pl.col("ids").list.join(" and ")
            )
        )
    )
    matched = matched.select(
        "line",
        "user",
        pl.when(pl.col("ids").list.len() == 1).then(pl.col("ids").list.first()).alias("match_id"),
        match_problem.alias("match_problem"),
    )
    rows = mapped.join(matched, on="line", how="left").with_columns(
        pl.col("match_id").alias("director_id")
    )
    unmatched = (
        rows.filter(pl.col("match_problem").is_not_null())
        .group_by("user", "match_problem")
        .agg(pl.len().alias("rows"), pl.col("line").sort().cast(pl.String).str.join(", "))
        .sort("user")
        .select(
            "user", "rows", pl.col("line").alias("lines"), pl.col("match_problem").alias("problem")
        )
    )
    return rows.drop("match_id", "user"), unmatched


def _director_keys(directors: pl.DataFrame) -> pl.DataFrame:
    """key (lower case) -> director_id, from each director's id and (optional) email."""
    lowered = {name.lstrip("\ufeff").strip().lower(): name for name in directors.columns}
    if "director_id" not in lowered:
        raise UserError("the directors file has no director_id column")
    director_id = user_id_value(lowered["director_id"])
    parts = [
        directors.select(
            director_id.str.to_lowercase().alias("key"), director_id.alias("matched_id")
        )
    ]
    if "email" in lowered:
        parts.append(
            directors.select(
                text_value(lowered["email"]).str.to_lowercase().alias("key"),
                director_id.alias("matched_id"),
            )
        )
    return pl.concat(parts).drop_nulls().unique()


def read_folder_people(folder: str | Path) -> tuple[pl.DataFrame, set[str]]:
    """A data folder's directors (raw) and its catalogue's event ids (shipped + its events)."""
    from tdceu_analysis.io.load import find_input_file, read_table

    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"--data '{folder}' does not exist or is not a folder")
    directors_path = find_input_file(folder, "directors")
    if directors_path is None:
        raise UserError(
            f"{folder} has no directors file: fill directors.csv first (see 'tdceu init')"
        )
    directors = read_table(directors_path)
    event_ids = shipped_event_ids()
    events_path = find_input_file(folder, "events")
    if events_path is not None:
        events = read_table(events_path)
        if "event_id" in events.columns:
            event_ids |= set(events.select(user_id_value("event_id")).to_series().drop_nulls())
    return directors, event_ids
