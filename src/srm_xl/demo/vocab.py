"""Word pools the demo data is assembled from: places, company words, people, parts and defects."""

from __future__ import annotations

from typing import NamedTuple


class City(NamedTuple):
    short: str
    prefix: str
    adcode: str
    region: str
    districts: tuple[str, ...]
    weight: float


CITIES: tuple[City, ...] = (
    City("苏州", "江苏省苏州市", "320500", "华东", ("工业园区", "吴中区", "相城区", "高新区"), 9),
    City("无锡", "江苏省无锡市", "320200", "华东", ("新吴区", "锡山区", "惠山区"), 6),
    City("常州", "江苏省常州市", "320400", "华东", ("武进区", "新北区", "钟楼区"), 5),
    City("南京", "江苏省南京市", "320100", "华东", ("江宁区", "浦口区", "栖霞区"), 3),
    City("昆山", "江苏省昆山市", "320583", "华东", ("开发区", "周市镇", "张浦镇"), 5),
    City("南通", "江苏省南通市", "320600", "华东", ("崇川区", "通州区"), 2),
    City("宁波", "浙江省宁波市", "330200", "华东", ("北仑区", "鄞州区", "慈溪市", "余姚市"), 7),
    City("杭州", "浙江省杭州市", "330100", "华东", ("萧山区", "余杭区", "滨江区"), 4),
    City("温州", "浙江省温州市", "330300", "华东", ("瓯海区", "乐清市", "瑞安市"), 3),
    City("台州", "浙江省台州市", "331000", "华东", ("黄岩区", "路桥区", "温岭市"), 3),
    City("嘉兴", "浙江省嘉兴市", "330400", "华东", ("南湖区", "嘉善县", "平湖市"), 2),
    City("绍兴", "浙江省绍兴市", "330600", "华东", ("柯桥区", "上虞区"), 1),
    City("上海", "上海市", "310000", "华东", ("浦东新区", "闵行区", "嘉定区", "松江区"), 6),
    City("深圳", "广东省深圳市", "440300", "华南", ("宝安区", "龙岗区", "南山区", "龙华区"), 6),
    City("东莞", "广东省东莞市", "441900", "华南", ("长安镇", "松山湖", "塘厦镇", "虎门镇"), 5),
    City("广州", "广东省广州市", "440100", "华南", ("番禺区", "黄埔区", "花都区"), 2),
    City("佛山", "广东省佛山市", "440600", "华南", ("顺德区", "南海区"), 3),
    City("厦门", "福建省厦门市", "350200", "华南", ("集美区", "海沧区", "翔安区"), 2),
    City("青岛", "山东省青岛市", "370200", "华北", ("黄岛区", "城阳区", "即墨区"), 3),
    City("济南", "山东省济南市", "370100", "华北", ("历城区", "章丘区"), 1),
    City("天津", "天津市", "120000", "华北", ("滨海新区", "西青区", "武清区"), 2),
    City("北京", "北京市", "110000", "华北", ("亦庄经济开发区", "顺义区", "昌平区"), 1),
    City("合肥", "安徽省合肥市", "340100", "华东", ("经开区", "包河区", "肥西县"), 2),
    City("芜湖", "安徽省芜湖市", "340200", "华东", ("鸠江区", "弋江区"), 1),
    City("武汉", "湖北省武汉市", "420100", "华中", ("东西湖区", "汉南区", "江夏区"), 2),
    City("长沙", "湖南省长沙市", "430100", "华中", ("雨花区", "长沙县", "望城区"), 1),
    City("郑州", "河南省郑州市", "410100", "华中", ("经开区", "新郑市"), 1),
    City("成都", "四川省成都市", "510100", "西南", ("龙泉驿区", "双流区", "郫都区"), 2),
    City("重庆", "重庆市", "500000", "西南", ("渝北区", "两江新区", "璧山区"), 2),
    City("西安", "陕西省西安市", "610100", "西北", ("高新区", "经开区"), 1),
    City("大连", "辽宁省大连市", "210200", "东北", ("金州区", "甘井子区"), 1),
    City("沈阳", "辽宁省沈阳市", "210100", "东北", ("铁西区", "浑南区"), 1),
)
ROADS = (
    "长江路",
    "人民路",
    "新华路",
    "工业大道",
    "科技路",
    "创业路",
    "兴业路",
    "金桥路",
    "星湖街",
    "黄河路",
    "迎宾大道",
    "园区路",
)

BRANDS: tuple[tuple[str, str], ...] = (
    ("恒达", "hengda"),
    ("华通", "huatong"),
    ("鑫源", "xinyuan"),
    ("宏盛", "hongsheng"),
    ("永信", "yongxin"),
    ("精诚", "jingcheng"),
    ("瑞丰", "ruifeng"),
    ("金鼎", "jinding"),
    ("天润", "tianrun"),
    ("博远", "boyuan"),
    ("利民", "limin"),
    ("兴业", "xingye"),
    ("泰和", "taihe"),
    ("中科", "zhongke"),
    ("新亚", "xinya"),
    ("东方", "dongfang"),
    ("长城", "changcheng"),
    ("凯瑞", "kairui"),
    ("安捷", "anjie"),
    ("明阳", "mingyang"),
    ("海天", "haitian"),
    ("嘉禾", "jiahe"),
    ("顺发", "shunfa"),
    ("龙腾", "longteng"),
    ("富强", "fuqiang"),
    ("联创", "lianchuang"),
    ("万通", "wantong"),
    ("协力", "xieli"),
    ("卓越", "zhuoyue"),
    ("恒信", "hengxin"),
    ("康达", "kangda"),
    ("鸿运", "hongyun"),
    ("奥力", "aoli"),
    ("盛世", "shengshi"),
    ("远航", "yuanhang"),
    ("华科", "huake"),
    ("立信", "lixin"),
    ("志成", "zhicheng"),
    ("伟业", "weiye"),
    ("宇航", "yuhang"),
    ("锦华", "jinhua"),
    ("天成", "tiancheng"),
    ("众合", "zhonghe"),
    ("昌盛", "changsheng"),
    ("永固", "yonggu"),
    ("正和", "zhenghe"),
    ("华美", "huamei"),
    ("大成", "dacheng"),
    ("友联", "youlian"),
    ("新锐", "xinrui"),
    ("金诚", "jincheng"),
    ("力恒", "liheng"),
    ("优创", "youchuang"),
    ("汇能", "huineng"),
    ("百川", "baichuan"),
    ("通达", "tongda"),
    ("宏图", "hongtu"),
    ("广源", "guangyuan"),
    ("三利", "sanli"),
    ("金桥", "jinqiao"),
    ("亚泰", "yatai"),
    ("佳信", "jiaxin"),
    ("盈科", "yingke"),
    ("丰华", "fenghua"),
    ("中联", "zhonglian"),
    ("华辰", "huachen"),
    ("金达", "jinda"),
    ("银河", "yinhe"),
    ("合力", "heli"),
    ("信诚", "xincheng"),
    ("荣昌", "rongchang"),
    ("源泰", "yuantai"),
    ("晨光", "chenguang"),
    ("锐驰", "ruichi"),
    ("精工", "jinggong"),
    ("和信", "hexin"),
    ("德润", "derun"),
    ("振华", "zhenhua"),
    ("骏马", "junma"),
    ("新世纪", "xinshiji"),
)


class Trade(NamedTuple):
    word: str
    materials: str


TRADES: dict[str, tuple[Trade, ...]] = {
    "raw_material": (
        Trade("特钢材料", "冷轧钢板、不锈钢带"),
        Trade("铝业", "铝合金型材、铝棒"),
        Trade("塑胶原料", "PA66、PC/ABS粒料"),
        Trade("铜业", "黄铜棒、紫铜带"),
        Trade("化工", "环氧树脂、胶粘剂"),
        Trade("橡胶制品", "EPDM胶料、硅胶"),
    ),
    "component": (
        Trade("精密机械", "精密机加工件"),
        Trade("电子", "PCB组件、线束"),
        Trade("五金制品", "紧固件、冲压件"),
        Trade("汽车零部件", "底盘件、支架"),
        Trade("轴承", "深沟球轴承、滚针轴承"),
        Trade("电器", "继电器、开关"),
        Trade("弹簧", "压缩弹簧、扭簧"),
        Trade("密封件", "O型圈、油封"),
        Trade("连接器", "接插件、端子"),
    ),
    "packaging": (
        Trade("包装材料", "纸箱、珍珠棉"),
        Trade("印务", "标签、说明书"),
        Trade("塑料包装", "吸塑盘、PE袋"),
        Trade("木业", "木托盘、木箱"),
    ),
    "outsourced": (
        Trade("表面处理", "电镀、喷涂"),
        Trade("热处理", "淬火、渗碳"),
        Trade("压铸", "铝合金压铸件"),
        Trade("注塑", "注塑件"),
        Trade("钣金", "钣金件、机箱"),
    ),
    "equipment": (
        Trade("自动化设备", "工装夹具、自动化设备"),
        Trade("机电设备", "空压机、设备备件"),
        Trade("检测设备", "量检具"),
    ),
    "service": (Trade("物流", "运输仓储服务"), Trade("检测技术服务", "第三方检测"), Trade("环保科技", "危废处置")),
    "other": (Trade("劳保用品", "劳保用品"), Trade("办公用品", "办公耗材")),
}
CATEGORY_WEIGHTS: dict[str, float] = {
    "component": 0.40,
    "raw_material": 0.20,
    "outsourced": 0.15,
    "packaging": 0.10,
    "equipment": 0.06,
    "service": 0.05,
    "other": 0.04,
}
PRODUCTION = ("raw_material", "component", "packaging", "outsourced")


class Foreign(NamedTuple):
    name: str
    domain: str
    city: str
    category: str


INTERNATIONAL: tuple[Foreign, ...] = (
    Foreign("Bosch (Suzhou)", "bosch.com", "苏州", "component"),
    Foreign("Omron Shanghai", "omron.com", "上海", "component"),
    Foreign("SKF (Shanghai) Bearings", "skf.com", "上海", "component"),
    Foreign("Schaeffler (Taicang)", "schaeffler.com", "苏州", "component"),
    Foreign("TE Connectivity (Suzhou)", "te.com", "苏州", "component"),
    Foreign("Henkel (China)", "henkel.com", "上海", "raw_material"),
    Foreign("Panasonic Industrial (Wuxi)", "panasonic.com", "无锡", "component"),
    Foreign("Murata Electronics (Wuxi)", "murata.com", "无锡", "component"),
    Foreign("Parker Hannifin (Wuxi)", "parker.com", "无锡", "component"),
    Foreign("Hirose Electric (Shenzhen)", "hirose.com", "深圳", "component"),
    Foreign("Festo (China)", "festo.com", "上海", "equipment"),
    Foreign("Keyence (China)", "keyence.com.cn", "上海", "equipment"),
    Foreign("3M China", "mmm.com", "上海", "raw_material"),
    Foreign("DuPont (Shenzhen)", "dupont.com", "深圳", "raw_material"),
)

SURNAMES: tuple[tuple[str, str], ...] = (
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("高", "gao"),
    ("林", "lin"),
    ("罗", "luo"),
    ("郑", "zheng"),
    ("梁", "liang"),
    ("谢", "xie"),
    ("宋", "song"),
    ("唐", "tang"),
    ("韩", "han"),
    ("冯", "feng"),
    ("邓", "deng"),
    ("曹", "cao"),
    ("沈", "shen"),
)
GIVEN: tuple[tuple[str, str], ...] = (
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀英", "xiuying"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("建华", "jianhua"),
    ("志强", "zhiqiang"),
    ("海燕", "haiyan"),
    ("晓东", "xiaodong"),
    ("国庆", "guoqing"),
    ("春梅", "chunmei"),
    ("文博", "wenbo"),
    ("思远", "siyuan"),
    ("雪梅", "xuemei"),
    ("建军", "jianjun"),
    ("丹", "dan"),
    ("鹏", "peng"),
    ("慧", "hui"),
    ("宇", "yu"),
    ("婷", "ting"),
)
MAIL_HOSTS = ("163.com", "126.com", "qq.com", "sina.com")

BUYERS = ("孙丽", "周强", "吴敏", "郑浩", "冯雪")
INSPECTORS = ("王芳", "李娜", "张伟", "刘洋", "陈静", "赵磊")
SQES = ("何建国", "高峰", "林晓燕", "罗志明")
SERVICE_OWNERS = ("马俊", "朱婷", "胡斌", "郭佳")

PART_NAMES: dict[str, tuple[str, ...]] = {
    "raw_material": (
        "冷轧钢板 SPCC 1.0mm",
        "不锈钢带 SUS304 0.5mm",
        "铝合金棒 6061-T6 Φ30",
        "PA66-GF30 粒料",
        "PC/ABS 粒料",
        "黄铜棒 H59 Φ12",
        "紫铜带 T2 0.3mm",
        "环氧胶粘剂",
        "EPDM 胶料",
        "镀锌板 DX51D 1.2mm",
        "硅胶 60A",
    ),
    "component": (
        "轴承座",
        "法兰盘",
        "传动轴",
        "齿轮 m2 z32",
        "六角螺栓 M8×25",
        "弹簧垫圈 M8",
        "压缩弹簧",
        "O型圈 20×2.5",
        "油封 TC35×52×7",
        "线束总成",
        "PCB组件",
        "继电器 12V",
        "微动开关",
        "接插件 2.54mm 10P",
        "端子",
        "安装支架",
        "深沟球轴承 6204",
        "电机端盖",
        "电磁阀",
        "传感器支架",
        "铜套",
        "定位销 Φ6",
        "扭簧",
        "散热片",
    ),
    "packaging": (
        "瓦楞纸箱 600×400×300",
        "珍珠棉内衬",
        "吸塑托盘",
        "PE静电袋",
        "产品标签",
        "说明书",
        "木托盘 1200×1000",
        "缠绕膜",
        "隔板",
    ),
    "outsourced": (
        "铝压铸壳体",
        "电镀阀体",
        "淬火齿轮",
        "喷涂面板",
        "钣金机箱",
        "注塑外壳",
        "渗碳导轨",
        "阳极氧化散热器",
        "钝化螺母",
    ),
}
PART_PREFIX = {"raw_material": "RM", "component": "CP", "packaging": "PK", "outsourced": "OS"}
PRICE_LOG_MEDIAN = {"raw_material": 25.0, "component": 12.0, "packaging": 3.5, "outsourced": 18.0}

DEFECT_TYPES = (
    "尺寸超差",
    "外观划伤",
    "毛刺",
    "材质不符",
    "包装破损",
    "标识错误",
    "功能失效",
    "锈蚀",
    "变形",
    "混料",
    "色差",
    "镀层不良",
    "裂纹",
)
DEFECT_WEIGHTS = (0.22, 0.16, 0.12, 0.03, 0.08, 0.06, 0.04, 0.06, 0.07, 0.03, 0.05, 0.05, 0.03)

CERT_ISSUERS = (
    "中国质量认证中心",
    "SGS通标标准技术服务有限公司",
    "TÜV南德意志集团",
    "必维认证(北京)有限公司",
    "BSI英国标准协会",
    "方圆标志认证集团",
    "DNV",
)

INDUSTRIES = ("汽车", "家电", "医疗器械", "工业自动化", "新能源", "通信设备", "轨道交通")
CUSTOMER_WORDS = {
    "汽车": "汽车系统",
    "家电": "电器",
    "医疗器械": "医疗科技",
    "工业自动化": "智能装备",
    "新能源": "新能源科技",
    "通信设备": "通信技术",
    "轨道交通": "轨道装备",
}
FOREIGN_CUSTOMERS: tuple[tuple[str, str, str], ...] = (
    ("Valeo Automotive (Wuhan)", "汽车", "valeo.com"),
    ("Continental Automotive (Changchun)", "汽车", "continental.com"),
    ("Siemens Healthineers (Shenzhen)", "医疗器械", "siemens-healthineers.com"),
    ("ABB (Xiamen)", "工业自动化", "abb.com"),
    ("Schneider Electric (Wuxi)", "工业自动化", "se.com"),
    ("Electrolux (Hangzhou)", "家电", "electrolux.com"),
)
