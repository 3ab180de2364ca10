"""The supplier master list, certificates, and parts with their approved sources."""

from __future__ import annotations

from dataclasses import replace

from srm_xl.schema.column import Column, Highlight, SheetSpec, choices
from srm_xl.schema.common import IMPORTANCE, PART, SUPPLIER_BY_NAME, YES_NO

SUPPLIER_STATUS = choices(
    ("candidate", "候选", "Candidate", ("潜在", "待评价", "potential", "候选供应商", "潜在供应商", "待审核", "待认证", "待准入", "新供应商",
                                        "开发中", "样品阶段", "送样中", "prospect", "new", "pending", "under evaluation")),
    ("approved", "合格", "Approved", ("合格供应商", "批准", "qualified", "正常", "正常供货", "正常合作", "已认证", "认证通过", "已准入",
                                     "在用", "有效", "合作中", "approved vendor", "approved supplier", "active", "ok", "preferred", "优选")),
    ("conditional", "有条件合格", "Conditional", ("条件合格", "限制使用", "试用", "试用期", "试用中", "试供", "试供货", "小批量", "小批试产",
                                                 "临时", "临时合格", "观察", "观察期", "整改中", "trial", "on trial", "probation",
                                                 "probationary", "provisional", "conditionally approved", "limited")),
    ("suspended", "暂停", "Suspended", ("暂停供货", "冻结", "on hold", "blocked", "停用", "暂停合作", "暂停使用", "暂停采购", "暂停交易",
                                       "停止供货", "hold", "frozen", "paused")),
    ("disqualified", "取消资格", "Disqualified", ("不合格", "淘汰", "removed", "取消", "取消合格", "黑名单", "终止合作", "禁用", "除名",
                                                  "blacklist", "blacklisted", "terminated", "rejected", "delisted")),
)
SUPPLIER_CATEGORY = choices(
    ("raw_material", "原材料", "Raw material", ("原料", "材料", "raw materials", "material")),
    ("component", "零部件", "Component", ("零件", "部件", "配件", "components", "parts")),
    ("packaging", "包装材料", "Packaging", ("包材", "包装", "包装物", "packing", "packaging materials")),
    ("outsourced", "外协加工", "Outsourced processing", ("外协", "委外加工", "外包", "委外", "外发加工", "subcontract", "outsourcing")),
    ("equipment", "设备", "Equipment", ("设备备件",)),
    ("service", "服务", "Service", ("服务类", "services")),
    ("other", "其他", "Other", ("其它",)),
)

SUPPLIERS = SheetSpec(
    "suppliers", "供应商名录", "Suppliers", table="tblSuppliers", key_columns=("code",),
    highlights=(Highlight("status", "D9D9D9", equals="suspended"), Highlight("status", "FFC7CE", equals="disqualified", color="9C0006"),
                Highlight("status", "FFEB9C", equals="conditional")),
    synonyms=("供应商清单", "合格供应商名录", "供方名录", "供应商档案", "supplier list", "supplier master", "vendors", "vendor list", "approved supplier list"),
    columns=(
        Column("code", "供应商代码", "Supplier code", required=True, unique=True,
               synonyms=("供应商编码", "供应商编号", "供方代码", "代码", "编号", "vendor code", "vendor no", "supplier id", "supplier no", "code"),
               help_zh="唯一代码, 如 S001", help_en="Unique code, e.g. S001"),
        Column("name", "供应商名称", "Supplier name", required=True, width=28,
               synonyms=("名称", "供方名称", "公司名称", "企业名称", "单位名称", "供应商全称", "全称", "厂商名称", "厂商", "vendor name",
                         "company", "company name", "name")),
        Column("uscc", "统一社会信用代码", "Unified social credit code", fmt="uscc", width=22,
               synonyms=("社会信用代码", "信用代码", "营业执照号", "税号", "uscc", "credit code", "business licence no"),
               help_zh="18位, 按GB 32100-2015校验", help_en="18 characters, checked per GB 32100-2015"),
        Column("category", "类别", "Category", choices=SUPPLIER_CATEGORY, vocabulary="open",
               synonyms=("供应商类别", "物料类别", "类型", "分类", "供应商分类", "物料分类", "材料类别", "type", "supplier type", "commodity",
                         "supplier category")),
        Column("contact", "联系人", "Contact", synonyms=("联系人姓名", "负责人", "contact person")),
        Column("phone", "电话", "Phone", fmt="phone", synonyms=("联系电话", "手机", "电话号码", "联系方式", "tel", "telephone", "mobile", "phone no")),
        Column("email", "邮箱", "Email", fmt="email", width=24, synonyms=("电子邮箱", "电子邮件", "e-mail", "mail")),
        Column("address", "地址", "Address", width=30, synonyms=("公司地址", "通讯地址", "厂址")),
        Column("materials", "供应物料", "Materials supplied", width=24, synonyms=("供货范围", "主要产品", "供应产品", "products", "materials")),
        Column("importance", "重要度", "Importance class", choices=IMPORTANCE,
               synonyms=("重要度等级", "重要程度", "类别等级", "重要性", "供应商等级", "importance", "class"),
               help_zh="I 关键 / II 重要 / III 一般", help_en="I critical / II important / III general"),
        Column("status", "状态", "Status", required=True, choices=SUPPLIER_STATUS,
               synonyms=("供应商状态", "资格状态", "合作状态", "准入状态", "supplier status")),
        Column("admission_date", "准入日期", "Admission date", dtype="date",
               synonyms=("准入时间", "批准日期", "合格日期", "approved date", "approval date", "admission")),
        Column("agreement_date", "质量协议日期", "Quality agreement date", dtype="date",
               synonyms=("质量协议签订日期", "质量保证协议日期", "协议日期", "quality agreement", "qa agreement date")),
        Column("backup", "备用供应商", "Backup supplier", choices=YES_NO,
               synonyms=("是否备用", "后备供应商", "backup", "is backup")),
        Column("buyer", "采购员", "Buyer", synonyms=("采购负责人", "负责采购", "purchaser")),
        Column("designated", "客户指定", "Customer-designated", choices=YES_NO,
               synonyms=("客户指定供应商", "是否客户指定", "指定供应商", "designated supplier"),
               help_zh="由客户指定的供应商: 评分照常, 处置结果报告客户", help_en="Named by a customer: graded as usual, consequences reported to that customer"),
        Column("designated_by", "指定客户", "Designated by", ref="customers.code",
               synonyms=("指定客户代码", "指定方", "designating customer")),
        Column("short_name", "简称", "Short name", vocabulary="open", help_zh="其他表中写简称也能对应到本供应商",
               help_en="Other sheets may name the supplier by this",
               synonyms=("供应商简称", "公司简称", "简写", "别名", "short name", "abbreviation", "alias")),
    ),
)

CERT_TYPES = choices(
    ("ISO 9001", "ISO 9001", "ISO 9001", ("iso9001", "gb/t 19001", "质量管理体系")),
    ("IATF 16949", "IATF 16949", "IATF 16949", ("iatf16949", "ts16949", "汽车质量管理体系")),
    ("ISO 14001", "ISO 14001", "ISO 14001", ("iso14001", "环境管理体系")),
    ("ISO 45001", "ISO 45001", "ISO 45001", ("iso45001", "ohsas18001", "职业健康安全管理体系")),
    ("ISO 13485", "ISO 13485", "ISO 13485", ("iso13485", "医疗器械质量管理体系")),
    ("other", "其他", "Other"),
)

CERTIFICATES = SheetSpec(
    "certificates", "资质证书", "Certificates", table="tblCertificates", key_columns=("supplier", "cert_type", "number"),
    synonyms=("证书", "认证证书", "体系证书", "certifications"),
    ordered=(("valid_from", "valid_to"),),
    highlights=(
        Highlight("valid_to", "FFC7CE", formula='AND({valid_to}<>"",{valid_to}<TODAY())', color="9C0006"),
        Highlight("valid_to", "FFEB9C", formula='AND({valid_to}<>"",{valid_to}>=TODAY(),{valid_to}<TODAY()+60)', color="9C5700"),
    ),
    columns=(
        SUPPLIER_BY_NAME,
        Column("cert_type", "证书类型", "Certificate type", required=True, choices=CERT_TYPES,
               synonyms=("证书名称", "认证类型", "体系", "type", "certificate")),
        Column("number", "证书编号", "Certificate number", synonyms=("编号", "证书号", "certificate no")),
        Column("issuer", "发证机构", "Issuer", synonyms=("认证机构", "颁发机构", "certification body")),
        Column("valid_from", "生效日期", "Valid from", dtype="date", synonyms=("发证日期", "颁发日期", "issue date")),
        Column("valid_to", "有效期至", "Valid to", dtype="date", required=True, synonyms=("到期日期", "失效日期", "有效期", "expiry", "expiry date")),
    ),
)

PARTS = SheetSpec(
    "parts", "物料与货源", "Parts and sources", table="tblParts", key_columns=("part", "supplier"),
    synonyms=("零件货源", "货源清单", "物料清单", "approved sources", "sources", "parts"),
    columns=(
        replace(PART, required=True),
        Column("part_name", "物料名称", "Part name", width=24, synonyms=("零件名称", "品名", "description", "part description")),
        SUPPLIER_BY_NAME,
        Column("share", "供货比例", "Share", dtype="percent", min_value=0, max_value=1,
               synonyms=("配额", "份额", "比例", "quota", "allocation")),
        Column("critical", "关键件", "Critical part", choices=YES_NO, synonyms=("是否关键件", "关键", "critical")),
        Column("target_price", "目标价格", "Target price", dtype="float", min_value=0, synonyms=("目标价", "标准价", "target")),
    ),
)

SHEETS = (SUPPLIERS, CERTIFICATES, PARTS,)
