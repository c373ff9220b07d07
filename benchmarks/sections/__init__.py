"""The sections of benchmarks/run.py, one module each (state, scale, build, live), over
`common` (rows, ratio tables, timing, data folders)."""
