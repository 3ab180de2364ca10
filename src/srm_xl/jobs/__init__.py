"""One function per user action; ribbon buttons, the command line and tests all call these."""
