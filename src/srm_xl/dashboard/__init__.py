"""The Dashboard sheet: key figures and native charts built from whichever sheets the workbook has."""
