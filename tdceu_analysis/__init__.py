"""tdceu-analysis: ALET's TD-CEU credit rules as code, compliance figures and dashboards."""

__version__ = "0.1.0"

from tdceu_analysis.lazy_imports import defer_slow_modules

# first, before anything imports altair or nbformat (see lazy_imports): hence E402 below
defer_slow_modules()

from tdceu_analysis.evaluate import Evaluation, YearsEvaluation, evaluate, evaluate_years  # noqa: E402
from tdceu_analysis.io.load import InputData, load_folder, load_frames  # noqa: E402
from tdceu_analysis.policy import Policy, load_policy  # noqa: E402

__all__ = [
    "Evaluation",
    "InputData",
    "Policy",
    "YearsEvaluation",
    "__version__",
    "evaluate",
    "evaluate_years",
    "load_folder",
    "load_frames",
    "load_policy",
]
