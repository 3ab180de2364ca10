"""Workbook templates generated from the schema."""
