# ruff: noqa
"""Names `vulture` (.ci/run) reports as unused that are in fact used, each with why.

vulture reads tdceu_analysis/ (notebooks included) but not tests/: code that only tests
call is dead and goes. Add a name here only when something vulture cannot see uses it.
"""

_.__qualname__  # lazy_imports.py: a stand-in function's name, read by Python's repr
_.__getattr__  # lazy_imports.py: the lazy module's attribute hook, called by Python
_.outputs  # report/html_export.py: nbformat's cell outputs, set for nbconvert to read
_.get_kernel_spec  # report/run.py: jupyter_client's KernelManager calls it
kernel_name  # report/run.py: the parameter of that overridden method
_.allow_stdin  # report/run.py: nbclient reads it
_.kc  # report/run.py: nbclient's kernel client, set for nbclient to use
predicate  # synth/scale.py: parameters polars passes to an IO-plugin source
n_rows  # synth/scale.py: idem
batch_size  # synth/scale.py: idem
_._esm  # widgets/live.py: anywidget's front-end module, read by anywidget
_.redraw  # widgets/board.py: what a pick sends; benchmarks/ time it
_.prefetching  # widgets/board.py: the warming thread, joined by benchmarks/
mtime_ns  # io/load.py: part of the shipped catalogue's cache key (an edited file is read anew)
REASON_CODES  # rules/ledger.py: the ledger's reason codes, the data contract's list
CTO_STATUS_CODES  # vocabulary.py: the CTO Academy codes, the data contract's list
SAMPLE_FILES  # synth/sample.py: the files of the sample folder, the data contract's list
OPTIONAL_FILES  # io/contract.py: the input files a folder may leave out
_.accepted_counts  # io/load.py: rows accepted per file (the rows-in = accepted + rejected check)
render_table  # io/schema.py: writes docs/data-contract.md's tables (a test keeps them equal)
INPUT_KINDS  # io/schema.py: the input files' kinds, in the order the data contract lists them
files_read  # io/load.py: which records files a folder's load read (new; its caller to come)
backtest  # plans/projection.py: the projection's back-test on a closed year, the README's figures
