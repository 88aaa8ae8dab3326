"""The severities a finding may have, most severe first, and their rank (a module of its own:
the output of a cached `gilint check` needs them without the findings' classes)."""
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
