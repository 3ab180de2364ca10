"""The layout of every sheet and form the product generates, both ways: the draft out and the read-back of the
cells a user or supplier fills in. One module per sheet; imports io, schema and the engines, never the reverse.
"""
