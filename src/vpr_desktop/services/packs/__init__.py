"""Board and committee packs: the builders that turn services' figures into a pack model,
disclosure control applied before anything is rendered, and the archive of packs as presented.

Rendering (PDF, Excel, charts) is in ``vpr_desktop.reports``; this package never imports it.
"""
