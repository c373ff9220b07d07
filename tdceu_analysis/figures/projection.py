"""The open year's end projected for leadership (board summary, page 01): a sentence and
its two ranges (`plans.projection`). A closed year has its result instead: nothing shown."""

from __future__ import annotations

from tdceu_analysis.evaluate import Evaluation
from tdceu_analysis.figures.html import Html, esc
from tdceu_analysis.figures.scope import per_evaluation
from tdceu_analysis.figures.statement import plans_for
from tdceu_analysis.io.load import InputData
from tdceu_analysis.plans.projection import project_year

PROJECTION_CSS = (
    ".tdceu-projection{border-left:6px solid #0072B2;background:#f3f6f9;padding:6px 12px;"
    "margin:6px 0;font-size:14px;}"
    ".tdceu-projection.tdceu-compact{border-left-width:4px;padding:1px 8px;margin:2px 0;}"
    "@media print{.tdceu-projection.tdceu-compact{font-size:7.5pt;line-height:1.2;}}"
)


def projection_card(evaluation: Evaluation, data: InputData, compact: bool = False) -> Html:
    """'If every director behind attends their plan, N of M meet; at last year's pace from
    this date, about A-B', with its method, for an open year; `compact`: in fewer words and
    small print (the one-page board summary)."""
    if evaluation.closed:
        return Html("", f"{evaluation.fiscal_year.label} is closed: its result, not a projection")
    # the same for every region or district pick of the year: made once per evaluation
    # (it evaluates last year twice, at this date and at its end)
    known, projection = per_evaluation(
        evaluation, "projection", lambda: (data, project_year(data, plans_for(data, evaluation)))
    )
    if known is not data:
        projection = project_year(data, plans_for(data, evaluation))
    sentence = projection.short_sentence if compact else projection.sentence
    markup = (
        f"<style>{PROJECTION_CSS}</style>"
        f'<div class="tdceu tdceu-projection{" tdceu-compact" if compact else ""}">'
        f"<b>Projection of {esc(evaluation.fiscal_year.label)}:</b> {esc(sentence)}</div>"
    )
    return Html(markup, sentence)
