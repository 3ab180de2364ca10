"""Suppliers named the way people write them resolve to the master's code, and only when exactly one matches."""

from __future__ import annotations

import polars as pl

from srm_xl.jobs.import_keys import resolve_names

MASTER = pl.DataFrame(
    {
        "code": ["S1", "S2", "S3", "S4"],
        "name": [
            "东莞市华信电子科技有限公司",
            "博世(苏州)汽车部件有限公司",
            "Omron Shanghai Co., Ltd.",
            "深圳华信包装有限公司",
        ],
        "short_name": ["华信电子", None, "欧姆龙", None],
    }
)


def test_codes_names_short_names_and_legal_forms_resolve() -> None:
    written = [
        "S1",
        "s2",
        "东莞市华信电子科技有限公司",
        "东莞市华信电子科技",
        "华信电子",
        "博世（苏州）汽车部件",
        "OMRON SHANGHAI",
        "欧姆龙",
        "东莞华信电子",
        " 深圳华信包装有限公司 ".strip(),
    ]
    assert resolve_names(pl.Series(written), MASTER).to_list() == [
        "S1",
        "S2",
        "S1",
        "S1",
        "S1",
        "S2",
        "S3",
        "S3",
        "S1",
        "S4",
    ]


def test_a_name_matching_several_suppliers_or_none_stays_unresolved() -> None:
    assert resolve_names(pl.Series(["华信", "未知供应商", None]), MASTER).to_list() == [None, None, None]
