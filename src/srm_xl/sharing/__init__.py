"""Sharing with suppliers: per-supplier packages built fresh and signed, and replies checked before any merge.

``content`` picks what one supplier may see; ``cells`` signs a package and compares a reply with it; ``ledger``
keeps the key and the manifests beside the master workbook; ``history`` decides which reply wins. The package's
sheets are laid out in ``srm_xl.sheets.package_cover``, ``package_forms`` and ``package_answers`` (which types and
checks what the supplier wrote); ``srm_xl.jobs.share_package`` writes a package, ``srm_xl.jobs.share_reply``
refuses hostile or tampered replies, and ``srm_xl.jobs.share`` runs the export and the import.
"""
