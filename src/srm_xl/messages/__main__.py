"""``python -m srm_xl.messages`` prints the catalogue as Markdown (``make docs`` writes docs/error-codes.md)."""

from srm_xl.messages import catalogue_markdown

print(catalogue_markdown(), end="")
