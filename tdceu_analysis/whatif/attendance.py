"""Assumed attendance: synthetic records of an extra event that some directors attend.

Deterministic: "spread" takes directors evenly along director_id order, "most_behind"
those with the most hours needed under the scenario's rules without the extra event,
then director_id.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from tdceu_analysis.errors import UserError
from tdceu_analysis.io.load import RECORD_TYPED_SCHEMA, InputData
from tdceu_analysis.whatif.scenario import Scenario


def _eligible_directors(data: InputData, region: str | None, date: dt.date) -> pl.DataFrame:
    """Directors holding the role on `date`, in `region` (every region when None)."""
    held = (pl.col("role_start") <= date) & (
        pl.col("role_end").is_null() | (pl.col("role_end") >= date)
    )
    frame = data.directors.join(
        data.districts.select("district_code", "region"), on="district_code", how="left"
    ).filter(held)
    return frame.filter(pl.col("region") == region) if region is not None else frame


def _chosen(frame: pl.DataFrame, rate: float, attendees: str) -> pl.DataFrame:
    """`rate` of the rows, rounded half up: evenly spread, or the first ones (most behind)."""
    index = pl.int_range(pl.len())
    if attendees == "most_behind":
        keep = index < (pl.len() * rate + 0.5).floor()
    else:
        keep = ((index + 1) * rate + 0.5).floor() - (index * rate + 0.5).floor() >= 1
    return frame.filter(keep)


def attendance_records(
    data: InputData,
    events: pl.DataFrame,
    scenario: Scenario,
    as_of: dt.date,
    need: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Synthetic records of the scenario's assumed attendance (typed like loaded records).

    `need` (director_id, hours_needed) orders the "most_behind" attendees.
    """
    frames = [pl.DataFrame(schema=RECORD_TYPED_SCHEMA)]
    regions = set(data.districts.get_column("region").to_list())
    for number, entry in enumerate(scenario.attendance, start=1):
        where = f"scenario '{scenario.name}' attendance #{number}"
        names = events.filter(pl.col("event_id") == entry.event_id).get_column("name")
        if names.len() == 0:
            raise UserError(f"{where}: event '{entry.event_id}' is not in the catalogue")
        if entry.region is not None and entry.region not in regions:
            raise UserError(
                f"{where}: region '{entry.region}' is not in the districts file "
                f"(regions: {', '.join(sorted(r for r in regions if r))})"
            )
        date = entry.date or as_of
        eligible = _eligible_directors(data, entry.region, date)
        if entry.attendees == "most_behind":
            if need is None:
                raise UserError(f"{where}: 'most_behind' needs the directors' hours needed")
            eligible = eligible.join(need, on="director_id", how="left").sort(
                pl.col("hours_needed").fill_null(0.0), "director_id", descending=[True, False]
            )
        else:
            eligible = eligible.sort("director_id")
        place = f" in {entry.region}" if entry.region else ""
        session = entry.session or f"What-if: {names[-1]}{place}"
        frames.append(
            _chosen(eligible, entry.attendance_rate, entry.attendees).select(
                pl.format(f"whatif-{number}-{{}}", "director_id").alias("record_id"),
                "director_id",
                pl.lit(entry.event_id).alias("event_id"),
                pl.lit(session).alias("session"),
                pl.lit(date).alias("date"),
                pl.lit(entry.hours).alias("hours"),
                pl.lit(list(entry.strands), dtype=pl.List(pl.String)).alias("strands"),
                pl.lit(None, dtype=pl.String).alias("delivery"),
                pl.lit(True).alias("assignment_complete"),
                pl.lit(True).alias("evidence_uploaded"),
                pl.lit(f"scenario:{scenario.name}").alias("file"),
                pl.lit(number, dtype=pl.Int64).alias("line"),
            )
        )
    return pl.concat(frames).cast(RECORD_TYPED_SCHEMA)
