"""Beyond one trust: the anonymised return in the common data standard and the system view."""
