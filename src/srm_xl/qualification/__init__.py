"""Supplier selection and qualification engines: candidate ranking, surveys, audits, the approved list and
re-evaluation. Pure functions on polars frames; jobs in ``srm_xl.jobs.qualification*`` do the reading and writing."""
