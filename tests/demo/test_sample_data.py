"""The bundled sample data: typed per the schema, deterministic, consistent, realistic, with exactly the planted problems."""

from __future__ import annotations

import re
import time
from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from srm_xl.demo import DELIBERATE_PROBLEMS, sample_frames
from srm_xl.demo.plan import plans
from srm_xl.demo.sample_data import DTYPES, SHEET_KEYS
from srm_xl.schema import spec

from .conftest import END, START

# GB 32100-2015, clause 5: character set (no I, O, S, V, Z) and position weights, written out independently here.
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_valid(code: str) -> bool:
    if len(code) != 18 or any(ch not in CHARSET for ch in code):
        return False
    total = sum(CHARSET.index(ch) * w for ch, w in zip(code, WEIGHTS))
    return CHARSET[(31 - total % 31) % 31] == code[-1]


def problem_rows(sheet: str, column: str) -> int:
    return next(p.rows for p in DELIBERATE_PROBLEMS if (p.sheet, p.column) == (sheet, column))


@pytest.mark.parametrize("key", SHEET_KEYS)
def test_frames_match_their_spec(frames: dict[str, pl.DataFrame], key: str) -> None:
    sheet, frame = spec(key), frames[key]
    assert frame.columns == sheet.keys()
    assert frame.height > 0
    for column in sheet.columns:
        assert frame.schema[column.key] == DTYPES[column.dtype], column.key
        if column.choices:
            used = set(frame[column.key].drop_nulls().unique())
            assert used <= {c.key for c in column.choices}, (column.key, used)
        if column.required:
            nulls = frame[column.key].null_count()
            assert nulls == 0, (key, column.key, nulls)
        if column.min_value is not None:
            assert (frame[column.key].drop_nulls() >= column.min_value).all(), column.key
        if column.max_value is not None:
            assert (frame[column.key].drop_nulls() <= column.max_value).all(), column.key


def test_same_seed_same_frames_other_seed_other_frames(frames: dict[str, pl.DataFrame]) -> None:
    again = sample_frames(7)
    for key in SHEET_KEYS:
        assert_frame_equal(frames[key], again[key])
    other = sample_frames(8)
    assert not other["suppliers"].equals(frames["suppliers"])
    assert not other["inspections"].equals(frames["inspections"])


def test_default_size_and_build_time() -> None:
    started = time.perf_counter()
    frames = sample_frames()
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0
    assert frames["suppliers"].height == 200
    assert frames["inspections"].height == frames["deliveries"].height == 20000
    assert frames["parts"]["part"].n_unique() == 600
    assert frames["customers"].height == 60
    assert frames["complaints"].height == 150
    assert 200 <= frames["contracts"].height <= 300


def test_references_resolve_except_the_planted_ones(frames: dict[str, pl.DataFrame]) -> None:
    codes = frames["suppliers"]["code"].implode()
    for key in ("certificates", "parts", "deliveries", "manual_ratings", "corrective_actions", "risks"):
        assert frames[key]["supplier"].is_in(codes).all(), key
    assert frames["complaints"]["supplier"].drop_nulls().is_in(codes).all()
    unknown = frames["inspections"].filter(~pl.col("supplier").is_in(codes))
    assert unknown.height == problem_rows("inspections", "supplier") == 2
    assert unknown["supplier"].str.contains("O").sum() == 1  # the letter-O typo; the other is an unregistered code

    sources = frames["parts"].select("supplier", "part")
    for key in ("inspections", "deliveries", "corrective_actions"):
        orphans = frames[key].join(sources, on=["supplier", "part"], how="anti")
        assert orphans.height == (2 if key == "inspections" else 0), key
    assert frames["complaints"]["part"].drop_nulls().is_in(frames["parts"]["part"].implode()).all()
    assert frames["corrective_actions"]["trigger"].is_in(frames["inspections"]["lot"].implode()).all()

    customers = frames["customers"]["code"].implode()
    assert frames["complaints"]["customer"].is_in(customers).all()
    assert frames["surveys"]["customer"].is_in(customers).all()
    contracts = frames["contracts"]
    by_type = {t: contracts.filter(pl.col("party_type") == t)["party"] for t in ("supplier", "customer")}
    assert by_type["supplier"].is_in(codes).all() and by_type["customer"].is_in(customers).all()


def test_credit_codes_valid_except_three(frames: dict[str, pl.DataFrame]) -> None:
    usccs = frames["suppliers"]["uscc"].drop_nulls().to_list()
    invalid = [code for code in usccs if not uscc_valid(code)]
    assert len(invalid) == problem_rows("suppliers", "uscc") == 3
    assert all(len(code) == 18 and code.startswith("91") for code in invalid)  # only the check character is wrong


@pytest.mark.parametrize(
    "code", ["914403001922038216", "91440300708461136T", "91330100716105852F", "91350100M000100Y43"]
)
def test_generator_check_character_agrees_with_real_codes(code: str) -> None:
    from srm_xl.demo.identity import uscc_check_char

    assert uscc_valid(code)  # registered codes (Huawei, Tencent, Alibaba; GB 32100 example) pass the independent check
    assert uscc_check_char(code[:17]) == code[-1]


def test_independent_check_rejects_altered_codes() -> None:
    assert not uscc_valid("914403001922038217")
    assert not uscc_valid("91440300708461136I")


def test_sources_and_shares(frames: dict[str, pl.DataFrame]) -> None:
    parts = frames["parts"]
    per_part = parts.group_by("part").agg(
        total=pl.col("share").sum(), sources=pl.len(), critical=pl.col("critical").first()
    )
    assert (per_part["total"] == 1.0).all()
    assert per_part["sources"].is_between(1, 3).all()
    assert set(per_part["sources"].unique()) == {1, 2, 3}
    assert per_part.filter((pl.col("critical") == "yes") & (pl.col("sources") == 1)).height >= 5
    assert parts.select("part", "supplier").is_unique().all()
    assert parts.group_by("part").agg(pl.col("target_price").n_unique())["target_price"].max() == 1


def test_activity_dates_inside_the_window(frames: dict[str, pl.DataFrame]) -> None:
    for key, column in (
        ("inspections", "received"),
        ("deliveries", "due_date"),
        ("deliveries", "delivered_date"),
        ("complaints", "received"),
        ("corrective_actions", "issued"),
    ):
        values = frames[key][column].drop_nulls()
        assert values.min() >= START and values.max() <= END, (key, column)
    months = frames["inspections"]["received"].dt.month().unique()
    assert months.len() == 12


def test_window_follows_end_and_months() -> None:
    short = sample_frames(3, suppliers=40, months=3, end=date(2026, 3, 31), lots=2000)
    received = short["inspections"]["received"]
    assert received.min() >= date(2026, 1, 1) and received.max() <= date(2026, 3, 31)
    assert set(short["manual_ratings"]["period"]) == {"2026-Q1"}


def test_exactly_the_planted_inspection_and_delivery_problems(frames: dict[str, pl.DataFrame]) -> None:
    lots = frames["inspections"]
    duplicated = lots.filter(pl.col("lot").is_duplicated())
    assert duplicated.height == problem_rows("inspections", "lot") == 2
    assert (lots["sample_size"] > lots["lot_size"]).sum() == problem_rows("inspections", "sample_size") == 1
    deliveries = frames["deliveries"]
    blank = deliveries.filter(pl.col("delivered_date").is_null())
    assert blank.height == problem_rows("deliveries", "delivered_date") == 1
    assert blank["qty_delivered"][0] > 0
    for problem in DELIBERATE_PROBLEMS:
        assert problem.column in spec(problem.sheet).keys()
        assert problem.zh and problem.en


def test_inspection_records_are_consistent_with_a_plan(frames: dict[str, pl.DataFrame]) -> None:
    lots = frames["inspections"].filter(pl.col("sample_size") <= pl.col("lot_size"))
    n, ac = plans(
        lots["lot_size"].to_numpy(), lots["level"].to_numpy(), lots["aql"].to_numpy(), lots["severity"].to_numpy()
    )
    assert (lots["sample_size"].to_numpy() == n).all()
    defects = (lots["critical"] + lots["major"] + lots["minor"]).to_numpy()
    assert ((lots["decision"] == "reject").to_numpy() == (defects > ac)).all()
    assert ((lots["defect_type"].is_null()).to_numpy() == (defects == 0)).all()
    assert ((lots["disposition"] == "accept") == (lots["decision"] == "accept")).all()
    assert lots["lot_size"].is_between(50, 20000).all()
    assert (lots["level"] == "II").mean() > 0.8
    assert set(lots["aql"].unique()) >= {0.65, 1.0, 2.5}
    assert lots["critical"].sum() < lots["major"].sum() < lots["minor"].sum()
    assert lots["defect_type"].drop_nulls().str.contains(r"^[\u4e00-\u9fff]+$").all()


def test_quality_varies_by_supplier_with_clusters_of_rejects(frames: dict[str, pl.DataFrame]) -> None:
    lots = frames["inspections"]
    assert 0.01 < (lots["decision"] == "reject").mean() < 0.08
    rates = (
        lots.group_by("supplier")
        .agg(rate=(pl.col("decision") == "reject").mean(), lots=pl.len())
        .filter(pl.col("lots") >= 30)
    )
    assert rates.filter(pl.col("rate") > 0.25).height >= 3  # a few bad suppliers
    assert rates.filter(pl.col("rate") < 0.03).height > 0.7 * rates.height  # most are good
    tightened = lots.filter(pl.col("severity") == "tightened")
    assert tightened.height > 0 and tightened["supplier"].n_unique() >= 3
    # clusters: some supplier/part has 5 rejects in a row under tightened inspection, enough for discontinuation
    runs = (
        lots.sort("received")
        .group_by("supplier", "part", maintain_order=True)
        .agg(rejects=(pl.col("decision") == "reject").cast(pl.Int8).rolling_sum(5).max())
    )
    assert runs["rejects"].max() == 5


def test_deliveries_realistic(frames: dict[str, pl.DataFrame]) -> None:
    deliveries = frames["deliveries"].drop_nulls("delivered_date")
    late = deliveries.with_columns(late=pl.col("delivered_date") > pl.col("due_date"))
    assert 0.02 < late["late"].mean() < 0.2
    chronic = late.group_by("supplier").agg(rate=pl.col("late").mean(), n=pl.len()).filter(pl.col("n") >= 30)
    assert chronic.filter(pl.col("rate") > 0.25).height >= 2
    assert 0.01 < (deliveries["qty_ordered"] > deliveries["qty_delivered"]).mean() < 0.1
    priced = deliveries.join(frames["parts"].select("part", "supplier", "target_price"), on=["part", "supplier"])
    ratio = priced["unit_price"] / priced["target_price"]
    assert ratio.is_between(0.8, 1.25).all()


def test_supplier_master_realistic(frames: dict[str, pl.DataFrame]) -> None:
    sups = frames["suppliers"]
    assert sups["code"].is_unique().all() and sups["name"].is_unique().all()
    assert sups["name"].str.contains(r"^[\u4e00-\u9fff]{2,3}.+有限公司$").sum() > 150
    assert sups["name"].str.contains(r"^[A-Z0-9].*\(").sum() >= 5  # e.g. "Bosch (Suzhou)"
    assert sups["phone"].str.contains(r"^1[3-9]\d{9}$").all()
    assert sups["email"].str.contains(r"^[a-z0-9.]+@[a-z0-9.\-]+\.[a-z]{2,}$").all()
    assert sups["contact"].str.contains(r"^[\u4e00-\u9fff]{2,3}$").all()
    assert dict(sups["importance"].value_counts().iter_rows()) == {"I": 30, "II": 70, "III": 100}
    status = dict(sups["status"].value_counts().iter_rows())
    assert status["approved"] > 150 and {"conditional", "suspended", "candidate"} <= set(status)
    assert sups.filter(pl.col("status") == "candidate")["admission_date"].is_null().all()
    assert 0 < sups.filter(pl.col("status") != "candidate")["agreement_date"].null_count() < 40


def test_certificates_realistic(frames: dict[str, pl.DataFrame]) -> None:
    certs = frames["certificates"]
    kinds = set(certs["cert_type"])
    assert {"ISO 9001", "IATF 16949", "ISO 14001"} <= kinds
    assert (certs["cert_type"] == "ISO 9001").sum() > 150
    expired = certs.filter(pl.col("valid_to") < END)
    expiring = certs.filter(pl.col("valid_to").is_between(END, date(2026, 12, 30)))
    assert expired.height > 0 and expiring.height > 0
    iatf = certs.filter(pl.col("cert_type") == "IATF 16949").join(
        frames["suppliers"], left_on="supplier", right_on="code"
    )
    assert iatf["category"].is_in(["component", "raw_material", "outsourced"]).all()


def test_ratings_customers_complaints_surveys(frames: dict[str, pl.DataFrame]) -> None:
    rated = frames["manual_ratings"].join(frames["suppliers"], left_on="supplier", right_on="code")
    assert rated["importance"].is_in(["I", "II"]).all()
    assert set(frames["manual_ratings"]["period"]) == {"2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"}
    revenue = frames["customers"]["annual_revenue"].sort(descending=True)
    assert revenue[:12].sum() > 0.4 * revenue.sum()  # a long tail: the top fifth carries a large part
    complaints = frames["complaints"]
    traced = complaints.filter(pl.col("supplier").is_not_null())
    assert 0.3 * complaints.height < traced.height < 0.7 * complaints.height
    assert traced["part"].null_count() == 0
    assert set(frames["surveys"]["period"]) == {"2025-H2", "2026-H1"}
    contracts = frames["contracts"]
    assert contracts.filter(pl.col("end") < END).height > 0
    assert contracts.filter(pl.col("end").is_between(END, date(2026, 12, 30))).height > 0
    assert (contracts["start"] <= END).all()
    assert frames["risks"]["score"].equals(frames["risks"]["likelihood"] * frames["risks"]["impact"], check_names=False)


def test_scales_to_benchmark_size() -> None:
    started = time.perf_counter()
    big = sample_frames(1, suppliers=2000, lots=200_000)
    assert time.perf_counter() - started < 10
    assert big["inspections"].height == 200_000 and big["suppliers"].height == 2000
    assert big["inspections"].filter(pl.col("lot").is_duplicated()).height == 2
    assert re.fullmatch(r"S\d{4}", big["suppliers"]["code"][0])


def test_too_few_suppliers_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 20"):
        sample_frames(suppliers=5)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_planted_problems_hold_for_any_seed(seed: int) -> None:
    frames = sample_frames(seed, suppliers=60, lots=3000)
    assert sum(not uscc_valid(c) for c in frames["suppliers"]["uscc"].drop_nulls()) == 3
    assert (~frames["inspections"]["supplier"].is_in(frames["suppliers"]["code"].implode())).sum() == 2
    assert frames["inspections"]["lot"].is_duplicated().sum() == 2
    assert frames["deliveries"]["delivered_date"].null_count() == 1
    assert (frames["parts"].group_by("part").agg(pl.col("share").sum())["share"] == 1.0).all()
