"""Supplier selection jobs: rank candidates per need, and promote the chosen one to the Suppliers sheet."""

from __future__ import annotations

import polars as pl

from srm_xl.config import read_config
from srm_xl.errors import SrmError
from srm_xl.io.workbook import Workbook
from srm_xl.issues import Issue
from srm_xl.jobs.audit import finish
from srm_xl.jobs.qualification_io import frame_of, name_of, stage_frame
from srm_xl.jobs.report import Report
from srm_xl.qualification.selection import rank_candidates as rank_frame
from srm_xl.schema.frames import ROW

_PROMOTED = ("uscc", "category", "contact", "phone", "email", "address")


def rank_candidates(book: Workbook) -> Report:
    """Average each candidate's scores over evaluators, weight them per Config, rank and shortlist per need, and
    write the Candidate ranking sheet with the reason for every place."""
    checksum = book.checksum()
    config = read_config(book).qualification
    candidates, scores = frame_of(book, "candidates"), frame_of(book, "candidate_scores")
    ranked = rank_frame(candidates, scores, config, book.lang)
    name = stage_frame(book, "candidate_ranking", ranked)
    shortlisted = int((ranked["shortlisted"] == "yes").sum())
    needs = ranked["need"].n_unique()
    report = Report.of(
        "rank_candidates",
        "report_rank_candidates",
        {"needs": needs, "candidates": ranked.height, "shortlisted": shortlisted},
        rows_read=candidates.height + scores.height,
        rows_written=ranked.height,
        sheets=[name],
        counts={"candidates": ranked.height, "shortlisted": shortlisted, "needs": needs},
    )
    return finish(book, report, checksum)


def promote_candidate(book: Workbook, candidate: str) -> Report:
    """Add ``candidate`` to the Suppliers sheet with status candidate (its code becomes the supplier code) and note
    the code on the Candidates sheet. Refused, changing nothing, when the code is already a supplier's."""
    checksum = book.checksum()
    candidates = frame_of(book, "candidates")
    chosen = candidates.filter(pl.col("candidate") == candidate)
    if chosen.is_empty():
        raise SrmError("qualification_candidate_unknown", candidate=candidate, sheet=name_of(book, "candidates"))
    suppliers = frame_of(book, "suppliers")
    clash = suppliers.filter(pl.col("code") == candidate)
    if not clash.is_empty():
        raise SrmError("qualification_candidate_exists", code=candidate, row=clash[ROW][0])
    row = chosen.head(1).select(
        pl.col("candidate").alias("code"),
        "name",
        *_PROMOTED,
        pl.col("need").alias("materials"),
        pl.lit("candidate").alias("status"),
    )
    added = pl.concat([suppliers.drop(ROW), row], how="diagonal_relaxed").select(suppliers.drop(ROW).columns)
    sheets = [stage_frame(book, "suppliers", added)]
    given = pl.when(pl.col("candidate") == candidate).then(pl.lit(candidate)).otherwise(pl.col("supplier_code"))
    marked = candidates.with_columns(given.alias("supplier_code"))
    sheets.append(stage_frame(book, "candidates", marked))
    where = Issue(
        sheets[0],
        added.height + 1,
        None,
        "qualification_candidate_promoted",
        "promoted",
        candidate,
        severity="info",
        fields={"candidate": candidate},
    )
    report = Report.of(
        "promote_candidate",
        "report_promote_candidate",
        {"candidate": candidate},
        rows_read=candidates.height + suppliers.height,
        rows_written=1,
        issues=[where],
        sheets=sheets,
        counts={"promoted": 1},
    )
    return finish(book, report, checksum)
