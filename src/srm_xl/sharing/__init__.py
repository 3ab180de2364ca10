"""Sharing with suppliers: per-supplier packages built fresh and signed, and replies checked before any merge.

``content`` picks what one supplier may see; ``values`` normalises cells (numbers as numbers, dates as dates, NFC
text) so no office suite's way of saving counts as tampering; ``compare`` holds a package's cells as a table and
finds where a reply's locked values differ; ``cells`` signs them; ``ledger`` keeps the key and the manifests by
the master workbook's own id; ``history`` decides which reply wins. The package's
sheets are laid out in ``srm_xl.sheets.package_cover``, ``package_forms`` and ``package_answers`` (which types and
checks what the supplier wrote); ``srm_xl.jobs.share_package`` writes a package, ``srm_xl.jobs.share_reply``
refuses hostile or tampered replies, and ``srm_xl.jobs.share`` runs the export and the import.
"""
