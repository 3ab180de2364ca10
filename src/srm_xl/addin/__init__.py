"""The Excel add-in: built from ``addin/customUI.xml`` and ``macros/``, installed into Excel, checked by doctor."""

from srm_xl.addin.doctor import Finding, doctor
from srm_xl.addin.install import Machine, Step, install, uninstall
from srm_xl.addin.package import adopt_vba_project, build_addin
from srm_xl.addin.sources import Layout, check_sources

__all__ = [
    "Finding",
    "Layout",
    "Machine",
    "Step",
    "adopt_vba_project",
    "build_addin",
    "check_sources",
    "doctor",
    "install",
    "uninstall",
]
