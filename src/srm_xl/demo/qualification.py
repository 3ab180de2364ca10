"""Qualification records for the demo: sample approvals before each source's first lot, candidates scored by
several evaluators for a few needs, supplier audits with checklist points and findings, and customer-designated
suppliers.

Almost every source has an approved first-article (some also an earlier trial lot); a few carry a conditional
approval, and the newest sources — those with no lot yet — include a handful still unapproved (no sample, a rejected
one, or one not inspected 100 %), so the approved list shows released, conditional and blocked sources. Class I
suppliers are audited about yearly and some class II ones once over the last two years; some re-audits are late.
Findings are written for recent audits only (older ones were closed before the demo's records begin).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from srm_xl.demo.dates import Window, as_date
from srm_xl.demo.identity import emails, make_usccs, mobiles, person_names
from srm_xl.demo.masters import _addresses, apportion
from srm_xl.demo.vocab import BRANDS, BUYERS, CITIES, SQES
from srm_xl.qualification.checklist import standard_rows
from srm_xl.schema.qualification import CANDIDATE_CRITERIA

_SAMPLE_SHARES = {"approved": 0.957, "conditional": 0.03, "none": 0.006, "rejected": 0.006, "partial": 0.001}
"""Outcome per source; the last three block it and go to the newest sources first."""
_UNAPPROVED = ("none", "rejected", "partial")
_NEEDS = (
    ("outsourced", "压铸", "铝压铸壳体(新能源项目扩产)", (88.0, 73.0, 64.0)),
    ("component", "连接器", "接插件 2.54mm(进口替代)", (79.0, 70.0, 54.0)),
    ("packaging", "包装材料", "瓦楞纸箱(本地化降本)", (75.0, 67.0)),
)
"""Per need: supplier category, trade word, need text, and each candidate's underlying level (0–100)."""
_FOUND_THROUGH = ("展会", "市场调研", "客户推荐", "同行推荐", "行业协会")
_EVALUATORS = (f"{BUYERS[0]}(采购)", f"{SQES[1]}(质量)", "陈立(研发)")
_CRITERIA = tuple(c.key for c in CANDIDATE_CRITERIA)
_COMMENTS = ("样品一次通过, 响应快", "产能充足, 价格有竞争力", "技术团队较弱", "交期承诺偏长", "售后服务网点较少")
_NO_FINANCIALS = "未提供财务报表, 财务状况暂不评分"
_FINDINGS = {
    "quality_awareness": "质量目标未分解到班组, 现场员工不清楚本岗位质量要求",
    "technical": "关键特性Cpk未按控制计划定期分析, 最近一次为1.12",
    "replication": "量产模具与样品阶段不一致, 变更未经客户批准",
    "problem_solving": "上次8D报告的纠正措施未验证有效即关闭",
    "system": "内审计划未覆盖全部过程, 管理评审输入不完整",
    "materials": "分供方未做年度评价, 原材料入厂检验记录缺失",
    "manufacturing": "首件检验记录缺少签字, 设备点检表多日未填写",
    "transport": "成品运输无防雨措施, 外箱标识与实物不符",
}
_AUDIT_TYPES = (("system", "process", "product"), (0.5, 0.35, 0.15))
_RECENT_DAYS = 120
"""Audits at most this old carry open findings."""
_FINDING_BELOW = 0.7
"""A question given less than this share of its points records a finding (major under half that)."""
_GAP_SHARE = 0.03
"""Share of questions where the auditor finds a serious gap (10–30 % of the points)."""


def sample_approvals(
    rng: np.random.Generator, sups: pl.DataFrame, parts: pl.DataFrame, lots: pl.DataFrame, window: Window
) -> pl.DataFrame:
    """Trial and first-article lots inspected 100 %, dated before each source's first lot, with the decision."""
    first = lots.group_by("supplier", "part").agg(pl.col("received").min().alias("_first"))
    sources = (
        parts.select("part", "supplier")
        .join(first, on=["supplier", "part"], how="left")
        .join(sups.select(pl.col("code").alias("supplier"), "admission_date"), on="supplier", how="left")
    )
    n = sources.height
    end = np.datetime64(window.end, "D")
    first_lot = sources["_first"].to_numpy().astype("datetime64[D]")
    new = np.isnat(first_lot)
    newest_first = np.lexsort((rng.random(n), -np.where(new, np.iinfo(np.int64).max, first_lot.astype(np.int64))))
    counts = dict(zip(_SAMPLE_SHARES, apportion(n, list(_SAMPLE_SHARES.values())), strict=True))
    unapproved = np.repeat(_UNAPPROVED, [counts[k] for k in _UNAPPROVED])
    outcome = np.full(n, "approved", dtype=object)
    outcome[newest_first[: len(unapproved)]] = unapproved
    outcome[rng.choice(newest_first[len(unapproved) :], counts["conditional"], replace=False)] = "conditional"
    first_lot = np.where(new, end + rng.integers(10, 60, n).astype("timedelta64[D]"), first_lot)
    admitted = sources["admission_date"].to_numpy().astype("datetime64[D]")
    lead = np.where(new, rng.integers(5, 70, n), rng.integers(20, 400, n)).astype("timedelta64[D]")
    received = np.minimum(np.fmax(first_lot - lead, admitted), first_lot - np.timedelta64(7, "D"))
    main = pl.DataFrame(
        {
            "supplier": sources["supplier"],
            "part": sources["part"],
            "kind": np.where(new, "trial", "first_article"),
            "_received": received,
            "_decision": outcome.astype(str),
            "_limit": first_lot,
        }
    )
    trial_rows = np.flatnonzero(
        ~new & (outcome == "approved") & (rng.random(n) < 0.3)
    )  # a conditional one would be overruled
    trials = main[trial_rows].with_columns(
        kind=pl.lit("trial"),
        _received=pl.Series(received[trial_rows] - rng.integers(20, 90, len(trial_rows)).astype("timedelta64[D]")),
        _decision=pl.Series(np.where(rng.random(len(trial_rows)) < 0.15, "rejected", "approved")),
        _limit=pl.Series(received[trial_rows]),
    )
    samples = pl.concat([main, trials]).filter(pl.col("_decision") != "none").sort("_received", "part", "supplier")
    return _decided(rng, samples)


def _decided(rng: np.random.Generator, samples: pl.DataFrame) -> pl.DataFrame:
    """Quantities, defects found at 100 % inspection, decision and its date (before the limit date)."""
    n = samples.height
    decision = samples["_decision"].to_numpy()
    trial = (samples["kind"] == "trial").to_numpy()
    quantity = np.where(trial, rng.choice([50, 80, 125, 200, 315, 500], n), rng.choice([5, 8, 13, 20, 32, 50], n))
    inspected = np.where(decision == "partial", np.ceil(quantity * rng.uniform(0.4, 0.8, n)), quantity).astype(np.int64)
    defects = np.select(
        [decision == "conditional", decision == "rejected"], [rng.integers(1, 3, n), rng.integers(3, 15, n)], 0
    )
    received = samples["_received"].to_numpy().astype("datetime64[D]")
    limit = samples["_limit"].to_numpy().astype("datetime64[D]") - np.timedelta64(1, "D")
    approved = np.minimum(received + rng.integers(2, 15, n).astype("timedelta64[D]"), limit)
    year = pl.Series(received.astype("datetime64[Y]").astype(str))
    return samples.select(
        pl.concat_str(
            pl.lit("SA-"), year, pl.lit("-"), pl.int_range(1, pl.len() + 1).over(year).cast(pl.String).str.zfill(4)
        ).alias("sample_id"),
        "supplier",
        "part",
        "kind",
        received=as_date(received),
        quantity=pl.Series(quantity.astype(np.int64)),
        inspected=pl.Series(inspected),
        defects=pl.Series(np.minimum(defects, inspected).astype(np.int64)),
        decision=pl.Series(np.where(decision == "partial", "approved", decision)),
        approval_date=as_date(np.maximum(approved, received)),
        approver=pl.Series(rng.choice(SQES, n)),
    )


def candidates(rng: np.random.Generator, sups: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Candidates for three needs and each evaluator's 0–100 score on every criterion.

    The first need's leader is clearly strongest (the one to promote), the last of the second need scores below the
    usual shortlist minimum, and one candidate sent no financial statements (financial left unscored).
    """
    rows = [(category, word, need, level) for category, word, need, levels in _NEEDS for level in levels]
    n = len(rows)
    taken = set(sups["name"].to_list())
    city = rng.choice(len(CITIES), n)
    brands = rng.permutation(len(BRANDS))
    names, domains, k = [], [], 0
    for (_, word, _, _), c in zip(rows, city, strict=True):
        while (name := f"{CITIES[c].short}{BRANDS[brands[k]][0]}{word}有限公司") in taken:
            k += 1
        taken.add(name)
        names.append(name)
        domains.append(BRANDS[brands[k]][1] + ".com")
        k += 1
    contact, surname_py, given_py = person_names(rng, n)
    codes = [f"H{i:03d}" for i in range(1, n + 1)]
    table = pl.DataFrame(
        {
            "candidate": codes,
            "name": names,
            "need": [r[2] for r in rows],
            "category": [r[0] for r in rows],
            "uscc": make_usccs(rng, np.array([CITIES[c].adcode for c in city])),
            "contact": contact,
            "phone": mobiles(rng, n),
            "email": emails(rng, surname_py, given_py, pl.Series(domains)),
            "address": _addresses(rng, city),
            "source": rng.choice(_FOUND_THROUGH, n),
        }
    )
    return table, _scores(rng, codes, np.array([r[3] for r in rows]))


def _scores(rng: np.random.Generator, codes: list[str], level: np.ndarray) -> pl.DataFrame:
    """Each evaluator's integer scores: the candidate's level, its own strength per criterion, and evaluator noise."""
    per_criterion = level[:, None] + rng.normal(0, 6, (len(codes), len(_CRITERIA)))
    evaluated = np.repeat(per_criterion, len(_EVALUATORS), axis=0) + rng.normal(
        0, 4, (len(codes) * len(_EVALUATORS), len(_CRITERIA))
    )
    points = np.clip(np.round(evaluated), 0, 100)
    frame = pl.DataFrame(
        {
            "candidate": np.repeat(codes, len(_EVALUATORS)),
            "evaluator": np.tile(_EVALUATORS, len(codes)),
            **{c: points[:, i] for i, c in enumerate(_CRITERIA)},
        }
    )
    no_financials = codes[len(_NEEDS[0][3]) + 1]
    comment = pl.when(pl.Series(rng.random(frame.height) < 0.3)).then(pl.Series(rng.choice(_COMMENTS, frame.height)))
    return frame.with_columns(
        pl.when(pl.col("candidate") != no_financials).then(pl.col("financial")).alias("financial"),
        pl.when(pl.col("candidate") == no_financials).then(pl.lit(_NO_FINANCIALS)).otherwise(comment).alias("comment"),
    )


def audits(rng: np.random.Generator, sups: pl.DataFrame, window: Window) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Audits of class I suppliers (about yearly) and some class II ones (once), and their answered checklists."""
    in_use = sups.filter(pl.col("status").is_in(("approved", "conditional")))
    class_two = in_use.filter(pl.col("importance") == "II")
    chosen = pl.concat(
        [in_use.filter(pl.col("importance") == "I"), class_two.filter(pl.Series(rng.random(class_two.height) < 0.45))]
    )
    first_class = (chosen["importance"] == "I").to_numpy()
    n = chosen.height
    end = np.datetime64(window.end, "D")
    age = np.where(first_class, rng.integers(20, 440, n), rng.integers(45, 730, n))
    last = end - age.astype("timedelta64[D]")
    earlier = last - rng.integers(330, 400, n).astype("timedelta64[D]")
    again = first_class & (earlier >= end - np.timedelta64(730, "D"))
    dates = np.concatenate([last, earlier[again]])
    rows = chosen.select("code", "_bad")[np.concatenate([np.arange(n), np.flatnonzero(again)])]
    order = np.argsort(dates, kind="stable")
    dates, rows = dates[order], rows[order]
    year = pl.Series(dates.astype("datetime64[Y]").astype(str))
    table = rows.select(
        pl.concat_str(
            pl.lit("AUD-"), year, pl.lit("-"), pl.int_range(1, pl.len() + 1).over(year).cast(pl.String).str.zfill(3)
        ).alias("audit_id"),
        pl.col("code").alias("supplier"),
        audit_type=pl.Series(rng.choice(_AUDIT_TYPES[0], rows.height, p=_AUDIT_TYPES[1])),
        audit_date=as_date(dates),
        auditor=pl.Series(rng.choice(SQES, rows.height)),
    )
    level = np.where(rows["_bad"].to_numpy(), 0.64, 0.9) + rng.normal(0, 0.04, rows.height)
    recent = dates >= end - np.timedelta64(_RECENT_DAYS, "D")
    return table, _answered(rng, table, level, recent)


def _answered(rng: np.random.Generator, table: pl.DataFrame, level: np.ndarray, recent: np.ndarray) -> pl.DataFrame:
    """The standard questions of each audit with points around the audit's level (now and then a serious gap), and
    findings on the low answers of recent audits."""
    empty = pl.DataFrame(schema={"audit_id": pl.String})
    questions = standard_rows(table, empty, "zh")
    at = questions.join(
        table.select("audit_id").with_row_index("_at"), on="audit_id", how="left", maintain_order="left"
    )["_at"].to_numpy()
    gap = rng.random(len(at)) < _GAP_SHARE
    share = np.where(gap, rng.uniform(0.1, 0.3, len(at)), np.clip(level[at] + rng.normal(0, 0.12, len(at)), 0, 1))
    maximum = questions["max_points"].to_numpy()
    points = np.round(maximum * share)
    finding = recent[at] & (points < _FINDING_BELOW * maximum)
    major = finding & (points < _FINDING_BELOW * maximum / 2)
    return questions.with_columns(
        points=pl.Series(points),
        finding=pl.when(pl.Series(finding)).then(pl.col("dimension").replace_strict(_FINDINGS)),
        finding_level=pl.when(pl.Series(major)).then(pl.lit("major")).when(pl.Series(finding)).then(pl.lit("minor")),
    )


def designate(
    rng: np.random.Generator,
    sups: pl.DataFrame,
    certs: pl.DataFrame,
    custs: pl.DataFrame,
    window: Window,
    count: int = 5,
) -> pl.DataFrame:
    """``sups`` with ``designated`` yes on ``count`` active suppliers, named by strategic customers; two of them have
    an expired certificate or no quality agreement, so the approved list asks to report to the customer."""
    expired = certs.filter(pl.col("valid_to") < window.end)["supplier"].implode()
    active = sups.with_row_index("_at").filter(pl.col("_active"))
    flawed = active.filter(pl.col("code").is_in(expired) | pl.col("agreement_date").is_null())["_at"].to_numpy()
    picked = rng.choice(flawed, min(2, len(flawed)), replace=False)
    others = np.setdiff1d(active["_at"].to_numpy(), picked)
    picked = np.concatenate([picked, rng.choice(others, min(count - len(picked), len(others)), replace=False)])
    strategic = custs.filter(pl.col("customer_class") == "strategic")["code"]
    by = pl.Series(
        rng.choice(strategic.to_numpy() if strategic.len() else custs["code"].to_numpy(), len(picked)), dtype=pl.String
    )
    mark = pl.Series(np.isin(np.arange(sups.height), picked))
    named = pl.Series([None] * sups.height, dtype=pl.String).scatter(picked, by)
    return sups.with_columns(designated=pl.when(mark).then(pl.lit("yes")).otherwise(pl.lit("no")), designated_by=named)
