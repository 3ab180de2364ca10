"""Acceptance sampling by attributes: GB/T 2828.1-2012 (= ISO 2859-1:1999), or ANSI/ASQ Z1.4-2008 on request.

``plan`` / ``plan_frame`` look plans up (Table 1 and Tables 2-A/2-B/2-C), ``lot_decision`` judges lots by
nonconformity class, ``replay_switching`` replays the switching rules over a lot history, and ``oc_curve``,
``aoq``, ``aoql`` describe a plan's protection. ``srm_plan`` and ``srm_oc`` are the Excel worksheet functions.
"""

from srm_xl.sampling.classes import CLASSES, lot_decision
from srm_xl.sampling.excel import srm_oc, srm_plan
from srm_xl.sampling.oc import aoq, aoql, oc_curve, oc_method
from srm_xl.sampling.plans import PLAN_COLUMNS, Plan, plan, plan_frame
from srm_xl.sampling.switching import replay_switching
from srm_xl.sampling.tables import AQL_SERIES, LEVELS, SEVERITIES, STANDARDS

__all__ = [
    "AQL_SERIES",
    "CLASSES",
    "LEVELS",
    "PLAN_COLUMNS",
    "SEVERITIES",
    "STANDARDS",
    "Plan",
    "aoq",
    "aoql",
    "lot_decision",
    "oc_curve",
    "oc_method",
    "plan",
    "plan_frame",
    "replay_switching",
    "srm_oc",
    "srm_plan",
]
