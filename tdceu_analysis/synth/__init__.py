"""Synthetic data in the data-contract format.

- `write_sample(out, SampleConfig(...))`: the statewide sample (153 Alabama school
  systems, FY25 to the sample's today), CSV; the shipped `data/sample/` is its output
  for the default configuration (`tdceu synth --sample --out tdceu_analysis/data/sample`).
- `write_scale(out, ScaleConfig(directors=..., years=...))`: the same kinds of data at
  benchmark size, Parquet, generated column-wise in chunks.

Same configuration (and seed), same bytes.
"""

from tdceu_analysis.synth.sample import (
    BROKEN_ROWS,
    SampleConfig,
    SampleData,
    generate_sample,
    write_sample,
)
from tdceu_analysis.synth.scale import ScaleConfig, ScaleResult, write_scale

__all__ = [
    "BROKEN_ROWS",
    "SampleConfig",
    "SampleData",
    "ScaleConfig",
    "ScaleResult",
    "generate_sample",
    "write_sample",
    "write_scale",
]
