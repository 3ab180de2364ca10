"""Validation: every schema rule checked over whole columns, every failure returned as an Issue."""
