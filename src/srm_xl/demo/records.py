"""Registers users keep by hand: quarterly manual ratings, historic SCARs, a few manual risks, contracts."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import polars as pl

from srm_xl.demo.dates import Window, as_date, uniform_days
from srm_xl.demo.masters import ACTIVE
from srm_xl.demo.vocab import SQES

_RISKS: tuple[tuple[str, str, str, str], ...] = (
    (
        "quality",
        "近期来料批次不合格率明显上升, 同类缺陷重复发生",
        "加严检验, 每批全尺寸检测",
        "要求8D整改; 导入第二货源并完成PPAP",
    ),
    ("continuity", "关键件单一货源, 供应商产能接近饱和", "安全库存2周", "开发备用供应商; 签订产能保障协议"),
    ("delivery", "连续三个月交货延迟, 影响产线排程", "每周交付跟踪会议", "要求提交产能提升计划; 必要时空运补货"),
    ("financial", "供应商回款周期拉长, 存在资金链紧张迹象", "缩短付款账期监控", "评估预付款风险; 准备替代货源"),
    ("compliance", "环评批复即将到期, 存在停产整顿风险", "索取环保合规证明", "跟踪环评换证进度; 预留转产方案"),
    ("price", "原材料铜价上涨, 供应商提出涨价15%", "年度价格协议", "启动询比价; 评估价格联动机制"),
    ("reputation", "媒体报道供应商存在劳工纠纷", "社会责任审核", "开展现场审核并要求整改"),
    ("infosec", "供应商使用个人邮箱传递图纸, 存在泄密风险", "签订保密协议", "要求使用加密文件共享平台"),
)
_CONTAINMENT = "库存及在途品全部隔离, 100%挑选; 客户端库存排查"
_ROOT_CAUSE = "模具磨损未按计划保养, 首件检验流于形式"
_ACTIONS = "更换模具镶件; 修订保养计划为每5万模次; 首件检验增加关键尺寸记录并由班长确认"
_PREVENTION = "保养计划纳入设备管理系统自动提醒; 同类模具横向排查; 更新PFMEA与控制计划"


def manual_ratings(rng: np.random.Generator, sups: pl.DataFrame, window: Window) -> pl.DataFrame:
    """Quarterly audit, service and cooperation scores for active class I and II suppliers."""
    rated = sups.filter(pl.col("status").is_in(ACTIVE) & pl.col("importance").is_in(["I", "II"]))
    periods = [label for label, _, _ in window.periods(3)]
    grid = rated.join(pl.DataFrame({"period": periods}, schema={"period": pl.String}), how="cross")
    n = grid.height
    base = np.where(grid["_bad"].to_numpy(), 68.0, 86.0) + rng.normal(0, 5, n)
    audit_quarter = rng.integers(0, len(periods), rated.height)  # one supplier audit a year
    audited = np.repeat(audit_quarter, len(periods)) == np.tile(np.arange(len(periods)), rated.height)
    return grid.select(
        "period",
        supplier="code",
        audit_score=pl.when(pl.Series(audited)).then(pl.Series(_points(base + rng.normal(0, 4, n)))),
        service_rating=pl.Series(_points(base + rng.normal(0, 6, n))),
        cooperation=pl.Series(_points(base + rng.normal(2, 6, n))),
        rated_by="buyer",
    )


def _points(values: np.ndarray) -> np.ndarray:
    return np.round(np.clip(values, 0, 100) * 2) / 2


def corrective_actions(rng: np.random.Generator, lots: pl.DataFrame, window: Window, count: int) -> pl.DataFrame:
    """Historic SCARs raised on rejected lots, mostly closed; recent ones still open, some overdue."""
    cutoff = window.end - timedelta(days=10)
    rejected = lots.filter((pl.col("decision") == "reject") & (pl.col("received") <= cutoff))
    latest = np.arange(max(0, rejected.height - 2), rejected.height)  # the newest are still open
    earlier = rng.choice(max(0, rejected.height - 2), max(0, min(count, rejected.height) - len(latest)), replace=False)
    picked = rejected[np.sort(np.concatenate([earlier, latest]))]
    n = picked.height
    end = np.datetime64(window.end, "D")
    issued = picked["received"].to_numpy().astype("datetime64[D]") + rng.integers(1, 4, n).astype("timedelta64[D]")
    issued = np.minimum(issued, end)
    due = issued + np.timedelta64(30, "D")
    responded = issued + rng.integers(5, 40, n).astype("timedelta64[D]")
    has_response = (responded <= end) & (rng.random(n) < 0.85)
    closed = responded + rng.integers(7, 45, n).astype("timedelta64[D]")
    is_closed = has_response & (closed <= end)
    status = np.select([is_closed, has_response, due < end], ["closed", "responded", "overdue"], "open")
    nat = np.datetime64("NaT")
    year = pl.Series(issued.astype("datetime64[Y]").astype(str))
    return picked.select(
        scar_id=pl.concat_str(
            pl.lit("SCAR-"), year, pl.lit("-"), pl.int_range(1, pl.len() + 1).over(year).cast(pl.String).str.zfill(3)
        ),
        supplier="supplier",
        part="part",
        source=pl.lit("lot"),
        trigger="lot",
        defect_type="defect_type",
        problem=pl.concat_str(
            pl.lit("批号"),
            "lot",
            pl.lit("来料"),
            pl.col("defect_type").fill_null("不良"),
            pl.lit(", 抽样"),
            pl.col("sample_size").cast(pl.String),
            pl.lit("件发现不良"),
            (pl.col("critical") + pl.col("major") + pl.col("minor")).cast(pl.String),
            pl.lit("件, 判定拒收"),
        ),
        issued=as_date(issued),
        due_date=as_date(due),
        status=pl.Series(status),
        containment=pl.when(pl.Series(has_response)).then(pl.lit(_CONTAINMENT)),
        root_cause=pl.when(pl.Series(has_response)).then(pl.lit(_ROOT_CAUSE)),
        actions=pl.when(pl.Series(has_response)).then(pl.lit(_ACTIONS)),
        response_date=as_date(np.where(has_response, responded, nat)),
        closed=as_date(np.where(is_closed, closed, nat)),
        owner=pl.Series(rng.choice(SQES, n)),
        prevention=pl.when(pl.Series(is_closed)).then(pl.lit(_PREVENTION)),
        effectiveness=pl.when(pl.Series(is_closed)).then(pl.lit("effective")),
        effectiveness_date=as_date(np.where(is_closed, closed, nat)),
    )


def risks(rng: np.random.Generator, sups: pl.DataFrame, parts: pl.DataFrame, window: Window) -> pl.DataFrame:
    """A few risks entered by hand, on the suppliers and parts they are most plausible for."""
    active = sups.filter(pl.col("_active"))
    single = parts.filter((pl.col("critical") == "yes") & (pl.col("share") == 1.0))
    bad = active.filter(pl.col("_bad"))["code"]
    late = active.sort("_p_late", descending=True)["code"]
    anyone = active["code"].sample(len(_RISKS), seed=int(rng.integers(0, 2**31)))
    targets = [
        (bad[0] if len(bad) else anyone[0], None),
        (single["supplier"][0], single["part"][0]) if single.height else (anyone[1], None),
        (late[0], None),
        *((code, None) for code in anyone[3:]),
    ]
    n = len(_RISKS)
    likelihood = rng.integers(2, 6, n)
    impact = rng.integers(2, 6, n)
    score = likelihood * impact
    status = rng.choice(["open", "in_progress", "mitigated"], n, p=[0.4, 0.4, 0.2])
    return pl.DataFrame(
        {
            "risk_id": [f"R-{window.end.year}-{i:03d}" for i in range(1, n + 1)],
            "supplier": [t[0] for t in targets],
            "part": pl.Series([t[1] for t in targets], dtype=pl.String),
            "category": [r[0] for r in _RISKS],
            "description": [r[1] for r in _RISKS],
            "likelihood": likelihood,
            "impact": impact,
            "score": score,
            "level": np.select([score <= 4, score <= 9, score <= 16], ["low", "medium", "high"], "critical"),
            "owner": rng.choice(SQES, n),
            "controls": [r[2] for r in _RISKS],
            "plan": [r[3] for r in _RISKS],
            "due_date": as_date(uniform_days(rng, window.end - timedelta(days=30), window.end + timedelta(days=90), n)),
            "status": status,
            "source": "manual",
        }
    ).with_columns(
        residual_likelihood=pl.when(pl.col("status") == "mitigated").then(
            (pl.col("likelihood") - 2).clip(lower_bound=1)
        ),
        residual_impact=pl.when(pl.col("status") == "mitigated").then(pl.col("impact")),
    )


def contracts(rng: np.random.Generator, sups: pl.DataFrame, customers: pl.DataFrame, window: Window) -> pl.DataFrame:
    """One contract per active or disqualified supplier and per customer, with some NDAs; a few lapsed or lapsing."""
    supplier_side = sups.filter(pl.col("status").is_in([*ACTIVE, "disqualified"])).select(
        party="code",
        party_type=pl.lit("supplier"),
        disqualified=pl.col("status") == "disqualified",
        agreement=pl.col("agreement_date").is_not_null(),
        foreign=pl.col("name").str.contains(r"^[A-Za-z0-9]"),
    )
    customer_side = customers.select(
        party="code",
        party_type=pl.lit("customer"),
        disqualified=pl.lit(False),
        agreement=pl.lit(False),
        foreign=pl.col("name").str.contains(r"^[A-Za-z0-9]"),
    )
    nda = customer_side.sample(fraction=0.2, seed=int(rng.integers(0, 2**31)))
    parties = pl.concat([supplier_side, customer_side, nda])
    n = parties.height
    is_supplier = (parties["party_type"] == "supplier").to_numpy()
    supplier_kind = rng.choice(["framework", "purchase", "quality"], n, p=[0.5, 0.4, 0.1])
    kind = np.where(is_supplier, supplier_kind, rng.choice(["sales", "framework"], n, p=[0.7, 0.3]))
    kind[supplier_side.height + customer_side.height :] = "nda"
    end_day = np.datetime64(window.end, "D")
    years = rng.choice([1, 2, 3], n, p=[0.5, 0.3, 0.2])
    lapse = rng.choice(3, n, p=[0.8, 0.1, 0.1])  # running, expired, expiring within 60 days
    running = (61 + rng.random(n) * (years * 365 - 91)).astype(np.int64)
    offset = np.select([lapse == 1, lapse == 2], [-rng.integers(1, 200, n), rng.integers(1, 61, n)], running)
    ends = end_day + offset.astype("timedelta64[D]")
    starts = ends - (years * 365 - 1).astype("timedelta64[D]")  # so every contract has started by the window's end
    disqualified = parties["disqualified"].to_numpy()
    status = np.select(
        [disqualified, ends < end_day, rng.random(n) < 0.06], ["terminated", "expired", "amended"], "active"
    )
    prefix = np.select([kind == "nda", is_supplier], ["HT-BM", "HT-CG"], "HT-XS")
    value = np.where(kind == "nda", np.nan, np.round(rng.lognormal(np.log(2e6), 1.1, n), -3))
    currency = np.where(parties["foreign"].to_numpy() & (rng.random(n) < 0.5), "USD", "CNY")
    return parties.with_columns(
        contract_no=pl.concat_str(
            pl.Series(prefix),
            pl.lit("-"),
            pl.Series(starts.astype("datetime64[Y]").astype(str)),
            pl.lit("-"),
            pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(4),
        ),
        contract_type=pl.Series(kind),
        start=as_date(starts),
        end=as_date(ends),
        value=pl.Series(value).fill_nan(None),
        currency=pl.Series(currency),
        spec_ref=pl.when(pl.Series(kind) != "nda").then(pl.concat_str(pl.lit("TS-"), "party", pl.lit("-01"))),
        delivery_terms=pl.Series(
            rng.choice(["DAP 买方工厂, 交期30天", "FCA 供方工厂, 交期45天", "DDP 买方仓库, 按周滚动计划"], n)
        ),
        payment_terms=pl.Series(rng.choice(["月结60天", "月结90天", "货到30天电汇", "6个月银行承兑汇票"], n)),
        penalty_clause=pl.Series(
            rng.choice(
                ["延迟交货每日按货款0.5%赔偿, 最高10%", "质量问题按实际损失赔偿, 含客户索赔", "违约金为合同总额的20%"],
                n,
            )
        ),
        quality_agreement=pl.when(pl.col("agreement")).then(pl.concat_str(pl.lit("QA-"), "party")),
        status=pl.Series(status),
        renewal_notice_days=pl.Series(rng.choice([30, 60, 90], n)),
    ).with_columns(  # the clauses that name figures carry them in the structured terms too
        late_rate_per_day=pl.when(pl.col("penalty_clause").str.starts_with("延迟交货")).then(0.005),
        late_cap=pl.when(pl.col("penalty_clause").str.starts_with("延迟交货")).then(0.10),
        reject_fee=pl.when(
            pl.col("penalty_clause").str.starts_with("质量问题") & (pl.col("party_type") == "supplier")
        ).then(1000.0),
    )
