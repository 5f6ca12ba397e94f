"""Data files (standards, import formats, fonts), shipped as ``vpr_desktop.resources``."""
