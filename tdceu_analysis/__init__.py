"""tdceu-analysis: ALET's TD-CEU credit rules as code, compliance figures and dashboards."""

__version__ = "0.1.0"

from tdceu_analysis.evaluate import Evaluation, YearsEvaluation, evaluate, evaluate_years
from tdceu_analysis.io.load import InputData, load_folder, load_frames
from tdceu_analysis.policy import Policy, load_policy

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
