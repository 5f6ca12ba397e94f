"""Qt style sheet and forms, shipped inside the package as ``vpr_desktop.ui``."""
