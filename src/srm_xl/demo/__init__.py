"""Bundled demo data: realistic sample frames for every data sheet and a messy user workbook for importers."""

from srm_xl.demo.messy import EXPECTED, write_messy_csv, write_messy_workbook
from srm_xl.demo.problems import DELIBERATE_PROBLEMS, Problem
from srm_xl.demo.sample_data import sample_frames

__all__ = ["DELIBERATE_PROBLEMS", "EXPECTED", "Problem", "sample_frames", "write_messy_csv", "write_messy_workbook"]
