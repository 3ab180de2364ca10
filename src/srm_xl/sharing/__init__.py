"""Sharing with suppliers: per-supplier packages built fresh and signed, and replies checked before any merge.

``content`` picks what one supplier may see; ``package`` (with ``cover`` and ``forms``) writes it, protected, with
only the 8D answer cells unlocked; ``cells`` signs it and compares a reply with it; ``ledger`` keeps the key and
the manifests beside the master workbook; ``reply`` refuses hostile or tampered replies; ``answers`` types and
checks what the supplier wrote and computes the changes; ``history`` decides which reply wins.
The jobs that use them are in ``srm_xl.jobs.share``.
"""
