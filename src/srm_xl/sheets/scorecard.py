"""The grading job's table sheets: Scorecard, Scorecard history, Score explanation and the corrective-action list.

Each is a frame shaped to its spec (``srm_xl.schema.scorecard``) and drafted as the spec's Excel Table; grade
cells are coloured with the Config sheet's ``scoring.grade_colours``.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from srm_xl.config.scoring import ScoringConfig
from srm_xl.io.draft import Cell, SheetDraft, draft_from_spec
from srm_xl.io.styles import NOTE, TITLE
from srm_xl.messages import Lang, render
from srm_xl.schema import SheetSpec, spec
from srm_xl.schema.column import Highlight
from srm_xl.schema.scorecard import METRIC_COLUMNS
from srm_xl.scoring import ScoreResult, merge_history

SCORECARD_START = 3
"""The Scorecard's header row: a title and a note sit above it."""


def _shaped(sheet: SheetSpec, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with exactly the spec's columns, in order (absent ones null)."""
    return frame.select(pl.col(c.key) if c.key in frame.columns else pl.lit(None).alias(c.key) for c in sheet.columns)


def _coloured(sheet: SheetSpec, config: ScoringConfig) -> SheetSpec:
    """``sheet`` with its grade highlights in the configured colours."""
    colours = config.colours()
    return replace(sheet, highlights=tuple(Highlight("grade", colours[g].lstrip("#"), equals=g) for g in colours))


def scorecard_frame(result: ScoreResult) -> pl.DataFrame:
    """The Scorecard rows: the engine's scorecard with the metric values, best total first."""
    card = result.scorecard
    return _shaped(spec("scorecard"), card.sort(["total", "supplier"], descending=[True, False], nulls_last=True))


def history_frame(result: ScoreResult, earlier: pl.DataFrame | None) -> pl.DataFrame:
    """Every period's rows with this period's replaced, carrying PPM and on-time for the trend charts."""
    fresh = _shaped(spec("score_history"), result.scorecard)
    return _shaped(spec("score_history"), merge_history(earlier, fresh))


def explanation_frame(result: ScoreResult, config: ScoringConfig, lang: Lang) -> pl.DataFrame:
    """The long-form explanation with each supplier's name, how each metric is computed, and its total."""
    definitions = {
        c.key: render(
            f"scoring_basis_{c.key}",
            lang,
            critical=f"{config.defect_weight_critical:g}",
            major=f"{config.defect_weight_major:g}",
            minor=f"{config.defect_weight_minor:g}",
        )
        for c in METRIC_COLUMNS
    }
    names = result.scorecard.select("supplier", "name", "total")
    long = result.explanation.join(names, on="supplier", how="left", maintain_order="left")
    if "metric" in long.columns:
        long = long.with_columns(
            pl.col("metric").replace_strict(definitions, default=None, return_dtype=pl.String).alias("definition")
        )
    return _shaped(spec("score_explanation"), long)


def actions_frame(result: ScoreResult) -> pl.DataFrame:
    """The C/D suppliers to act on, worst first, with their change against the last period."""
    change = result.scorecard.select("supplier", "change")
    return _shaped(spec("score_actions"), result.actions.join(change, on="supplier", how="left", maintain_order="left"))


def table_drafts(
    result: ScoreResult, history: pl.DataFrame, config: ScoringConfig, period: str, lang: Lang, names: dict[str, str]
) -> list[SheetDraft]:
    """Drafts of the four table sheets; ``names`` maps a sheet key to the sheet name already in the workbook."""
    frames = {
        "scorecard": scorecard_frame(result),
        "score_history": history,
        "score_explanation": explanation_frame(result, config, lang),
        "score_actions": actions_frame(result),
    }
    drafts = []
    for key, frame in frames.items():
        sheet = _coloured(spec(key), config) if spec(key).highlights else spec(key)
        start = SCORECARD_START if key == "scorecard" else 1
        draft = draft_from_spec(sheet, frame, lang, name=names.get(key), start_row=start)
        if key == "scorecard":
            draft.cells += [
                Cell(1, 0, render("grade_scorecard_title", lang, period=period), TITLE),
                Cell(2, 0, render("grade_scorecard_note", lang), NOTE),
            ]
        drafts.append(draft)
    return drafts
