"""Suppliers named the way people write them resolve to the master's code, and only when exactly one matches; a
key part left blank is filled only from the one incoming row its other parts name."""

from __future__ import annotations

import polars as pl

from srm_xl.jobs.import_keys import completed_keys, resolve_names
from srm_xl.schema import spec

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


def test_a_blank_customer_is_filled_only_where_the_survey_id_names_one_response() -> None:
    existing = pl.DataFrame({"survey_id": ["S1", "MY", "MY", "S2"], "customer": [None, None, None, "C9"]})
    incoming = pl.DataFrame({"survey_id": ["S1", "MY", "MY", "S2"], "customer": ["C1", "C2", "C3", "C4"]})
    completed, filled = completed_keys(spec("surveys"), existing, incoming)
    assert completed["customer"].to_list() == ["C1", None, None, "C9"]
    assert filled.to_list() == [True, False, False, False]
