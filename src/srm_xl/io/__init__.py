"""Reading and writing workbooks: files through fastexcel and part-level writes, live Excel through xlwings."""
