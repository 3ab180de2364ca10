"""The GB/T 2828.1-2012 (= ISO 2859-1:1999) single sampling plan for a lot, under each inspection severity.

Run: ``python examples/sampling_plan.py [lot size] [AQL]``; prints code letter, sample size, Ac and Re for
normal, tightened and reduced inspection at general inspection level II.
"""

from __future__ import annotations

import sys

from srm_xl.sampling.plans import Plan, plan


def plans(lot_size: int, aql: float, level: str = "II") -> dict[str, Plan]:
    """The plan under each severity for one lot."""
    return {severity: plan(lot_size, level, aql, severity) for severity in ("normal", "tightened", "reduced")}


def main(lot_size: int = 2000, aql: float = 0.65) -> dict[str, Plan]:
    found = plans(lot_size, aql)
    print(f"lot {lot_size}, level II, AQL {aql} (GB/T 2828.1-2012)")
    for severity, chosen in found.items():
        print(f"  {severity:9} code {chosen.code_letter}  n={chosen.sample_size:<5} Ac={chosen.ac}  Re={chosen.re}")
    return found


if __name__ == "__main__":
    main(*(int(sys.argv[1]), float(sys.argv[2])) if len(sys.argv) > 2 else ())
