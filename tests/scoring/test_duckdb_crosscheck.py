"""The engine's metrics recomputed independently in duckdb SQL on generated data (200 suppliers, 20k lots)."""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import polars as pl
import pytest

from srm_xl.config.scoring import ScoringConfig
from srm_xl.scoring import ScoringInputs, metrics

START, END = date(2026, 7, 1), date(2026, 9, 30)
CONFIG = ScoringConfig(early_days=2, late_days=1, defect_weight_critical=8)


def generated(seed: int = 7) -> ScoringInputs:
    rng = np.random.default_rng(seed)
    codes = [f"S{i:03d}" for i in range(200)]
    year = np.datetime64("2026-05-01")

    def days(n: int, span: int = 200) -> np.ndarray:
        return year + rng.integers(0, span, n).astype("timedelta64[D]")

    def maybe_null(values: np.ndarray, share: float) -> list:
        return [None if rng.random() < share else v for v in values.tolist()]

    n = 20_000
    inspections = pl.DataFrame(
        {
            "lot": [f"L{i}" for i in range(n)],
            "supplier": rng.choice(codes, n),
            "received": days(n),
            "lot_size": rng.integers(1, 5000, n),
            "sample_size": maybe_null(rng.integers(1, 300, n), 0.05),
            "critical": maybe_null(rng.integers(0, 2, n), 0.3),
            "major": maybe_null(rng.integers(0, 4, n), 0.3),
            "minor": maybe_null(rng.integers(0, 8, n), 0.3),
            "decision": maybe_null(rng.choice(["accept", "reject"], n, p=[0.9, 0.1]), 0.05),
        }
    )
    due = days(n)
    late = rng.integers(-6, 12, n).astype("timedelta64[D]")
    deliveries = pl.DataFrame(
        {
            "po": [f"P{i}" for i in range(n)],
            "supplier": rng.choice(codes, n),
            "part": rng.choice([f"X{i}" for i in range(300)], n),
            "qty_ordered": maybe_null(rng.integers(0, 1000, n).astype(float), 0.02),
            "qty_delivered": maybe_null(rng.integers(0, 1100, n).astype(float), 0.05),
            "due_date": due,
            "delivered_date": maybe_null(due + late, 0.05),
            "unit_price": maybe_null(rng.uniform(0.5, 20, n).round(4), 0.05),
        }
    )
    parts = pl.DataFrame(
        {
            "part": [f"X{i}" for i in range(0, 300, 3)],
            "supplier": rng.choice(codes, 100),
            "target_price": maybe_null(rng.uniform(1, 15, 100), 0.3),
        }
    )
    m = 2_000
    issued = days(m)
    actions = pl.DataFrame(
        {
            "supplier": rng.choice(codes, m),
            "issued": issued,
            "due_date": issued + np.timedelta64(14, "D"),
            "response_date": maybe_null(issued + rng.integers(0, 30, m).astype("timedelta64[D]"), 0.2),
            "closed": maybe_null(issued + rng.integers(0, 40, m).astype("timedelta64[D]"), 0.4),
        }
    )
    complaints = pl.DataFrame({"supplier": maybe_null(rng.choice(codes, 1000), 0.1), "received": days(1000)})
    ratings = pl.DataFrame(
        {
            "period": rng.choice(["2026-07", "2026-08", "2026-Q3", "2026-Q2", "2026", "2025"], 600),
            "supplier": rng.choice(codes, 600),
            "audit_score": maybe_null(rng.uniform(0, 100, 600), 0.3),
            "service_rating": maybe_null(rng.uniform(0, 100, 600), 0.3),
            "cooperation": maybe_null(rng.uniform(0, 100, 600), 0.3),
        }
    )
    suppliers = pl.DataFrame({"code": codes + ["S999"], "name": codes + ["idle"]})
    return ScoringInputs(
        inspections=inspections,
        deliveries=deliveries,
        corrective_actions=actions,
        complaints=complaints,
        manual_ratings=ratings,
        suppliers=suppliers,
        parts=parts,
    )


SQL = f"""
WITH
q AS (
  SELECT supplier, count(*) AS lots, count(*) FILTER (decision = 'reject') AS lots_rejected,
         count(*) FILTER (decision = 'accept') / nullif(count(decision), 0) AS lot_acceptance,
         sum(coalesce(critical,0)+coalesce(major,0)+coalesce(minor,0)) FILTER (sample_size IS NOT NULL) * 1e6
           / nullif(sum(sample_size), 0) AS ppm,
         sum(8*coalesce(critical,0)+5*coalesce(major,0)+coalesce(minor,0)) FILTER (sample_size IS NOT NULL) * 100
           / nullif(sum(sample_size), 0) AS defect_score
  FROM insp WHERE received BETWEEN DATE '{START}' AND DATE '{END}' GROUP BY supplier),
d AS (
  SELECT supplier, count(*) AS deliveries,
         count(*) FILTER (delivered_date BETWEEN due_date - 2 AND due_date + 1) / count(*) AS on_time,
         sum(greatest(coalesce(delivered_date, DATE '{END}') - due_date, 0)) / count(*) AS days_late,
         sum(least(coalesce(qty_delivered, 0), qty_ordered)) FILTER (qty_ordered > 0)
           / nullif(sum(qty_ordered) FILTER (qty_ordered > 0), 0) AS fill_rate
  FROM deliv WHERE due_date BETWEEN DATE '{START}' AND DATE '{END}' GROUP BY supplier),
bought AS (
  SELECT supplier, part, sum(unit_price * coalesce(qty_delivered, qty_ordered)) AS spend,
         sum(unit_price * coalesce(qty_delivered, qty_ordered)) / sum(coalesce(qty_delivered, qty_ordered)) AS price
  FROM deliv
  WHERE due_date BETWEEN DATE '{START}' AND DATE '{END}' AND part IS NOT NULL AND unit_price IS NOT NULL
    AND coalesce(qty_delivered, qty_ordered) > 0
  GROUP BY supplier, part),
target AS (SELECT part, supplier, first(target_price) AS target_price FROM parts WHERE target_price > 0 GROUP BY part, supplier),
p AS (
  SELECT b.supplier, sum(b.spend * b.price / t.target_price) / sum(b.spend) AS price_index
  FROM bought b JOIN target t USING (part, supplier) GROUP BY b.supplier),
c AS (
  SELECT supplier, count(*) FILTER (response_date <= due_date) / count(*) AS capa_response,
         count(*) FILTER (closed <= due_date) / count(*) AS capa_closure
  FROM capa WHERE due_date BETWEEN DATE '{START}' AND DATE '{END}' GROUP BY supplier),
k AS (SELECT supplier, count(*) AS complaints FROM compl
      WHERE received BETWEEN DATE '{START}' AND DATE '{END}' AND supplier IS NOT NULL GROUP BY supplier),
r AS (SELECT supplier, avg(audit_score) AS audit_score, avg(service_rating) AS service_rating, avg(cooperation) AS cooperation
      FROM ratings WHERE period IN ('2026-07', '2026-08', '2026-Q3', '2026') GROUP BY supplier),
everyone AS (SELECT code AS supplier FROM sup UNION SELECT supplier FROM q UNION SELECT supplier FROM d
             UNION SELECT supplier FROM k UNION SELECT supplier FROM c UNION SELECT supplier FROM r)
SELECT e.supplier, coalesce(q.lots, 0) AS lots, coalesce(q.lots_rejected, 0) AS lots_rejected, q.lot_acceptance, q.ppm,
       q.defect_score, coalesce(d.deliveries, 0) AS deliveries, d.on_time, d.fill_rate, d.days_late, p.price_index,
       c.capa_response, c.capa_closure,
       CASE WHEN coalesce(q.lots, 0) + coalesce(d.deliveries, 0) + coalesce(k.complaints, 0) > 0
            THEN coalesce(k.complaints, 0) END AS complaints,
       r.audit_score, r.service_rating, r.cooperation
FROM everyone e LEFT JOIN q USING (supplier) LEFT JOIN d USING (supplier) LEFT JOIN p USING (supplier)
LEFT JOIN c USING (supplier) LEFT JOIN k USING (supplier) LEFT JOIN r USING (supplier)
ORDER BY e.supplier
"""
COLUMNS = [
    "lots",
    "lots_rejected",
    "lot_acceptance",
    "ppm",
    "defect_score",
    "deliveries",
    "on_time",
    "fill_rate",
    "days_late",
    "price_index",
    "capa_response",
    "capa_closure",
    "complaints",
    "audit_score",
    "service_rating",
    "cooperation",
]


def test_engine_metrics_match_an_independent_sql_computation() -> None:
    inputs = generated()
    con = duckdb.connect()
    for name, frame in {
        "insp": inputs.inspections,
        "deliv": inputs.deliveries,
        "parts": inputs.parts,
        "capa": inputs.corrective_actions,
        "compl": inputs.complaints,
        "ratings": inputs.manual_ratings,
        "sup": inputs.suppliers,
    }.items():
        con.register(name, frame.to_arrow())
    expected = pl.from_arrow(con.sql(SQL).to_arrow_table())
    got = metrics(inputs, "2026-Q3", CONFIG).select("supplier", *COLUMNS)
    assert got.get_column("supplier").to_list() == expected.get_column("supplier").to_list()
    assert got.height == 201
    for column in COLUMNS:
        mine, theirs = got.get_column(column).to_list(), expected.get_column(column).to_list()
        assert [v is None for v in mine] == [v is None for v in theirs], column
        assert [v for v in mine if v is not None] == pytest.approx(
            [float(v) for v in theirs if v is not None], rel=1e-9
        ), column
