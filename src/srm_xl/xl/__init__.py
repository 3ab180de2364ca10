"""The Excel front-end: worksheet functions (``udfs``), the ribbon dispatcher (``ribbon``) and ``ExcelWorkbook``.

Only ``excel_workbook`` and the entry points touch xlwings objects; everything imports without Excel.
"""
