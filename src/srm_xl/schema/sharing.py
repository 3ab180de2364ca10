"""Sheets of supplier sharing: the packages sent out and the history of replies received."""

from __future__ import annotations

from srm_xl.schema.column import Column, SheetSpec, choices
from srm_xl.schema.common import SUPPLIER_REF

REPLY_STATUS = choices(
    ("merged", "已合并", "Merged"),
    ("superseded", "已被取代", "Superseded", ("被取代",)),
)
_PACKAGE = Column("package_id", "文件编号", "Package ID", required=True, width=24, synonyms=("package", "包编号"))

SHARED_PACKAGES = SheetSpec(
    "shared_packages",
    "供应商文件",
    "Supplier packages",
    table="tblSharedPackages",
    kind="result",
    key_columns=("package_id",),
    synonyms=("发送记录", "packages sent"),
    help_zh="每次“发送给供应商”生成的文件; 签名密钥与清单按本工作簿编号保存在其旁边的 srm-sharing 文件夹和个人数据文件夹中",
    help_en="Files made by each export for suppliers; the signing key and manifests are kept by this workbook's id in the srm-sharing folder beside it and in your user data folder",
    columns=(
        _PACKAGE,
        SUPPLIER_REF,
        Column("period", "期间", "Period"),
        Column("language", "语言", "Language", width=8),
        Column("exported", "导出时间", "Exported", dtype="datetime"),
        Column("reply_by", "回复期限", "Reply by", dtype="date"),
        Column("file", "文件名", "File", width=36),
        Column("scars", "待回复SCAR数", "Open SCARs", dtype="int"),
        Column("lots", "批次数", "Lots", dtype="int"),
    ),
)

SUPPLIER_REPLIES = SheetSpec(
    "supplier_replies",
    "供应商回复",
    "Supplier replies",
    table="tblSupplierReplies",
    kind="result",
    synonyms=("回复记录", "reply history"),
    help_zh="已合并的供应商回复; 同一文件的新回复取代旧回复, 旧回复保留在此",
    help_en="Supplier replies merged; a newer reply to the same package supersedes the older, which stays listed here",
    columns=(
        Column("received", "导入时间", "Imported", dtype="datetime"),
        _PACKAGE,
        SUPPLIER_REF,
        Column("period", "期间", "Period"),
        Column("file", "文件名", "File", width=36),
        Column("version", "回复保存时间", "Reply saved", dtype="datetime"),
        Column("digest", "内容摘要", "Content digest", width=20),
        Column("status", "状态", "Status", choices=REPLY_STATUS),
        Column("changes", "更改数", "Changes", dtype="int"),
    ),
)

SHEETS = (SHARED_PACKAGES, SUPPLIER_REPLIES)
