"""What the benches print beside their figures about the machine they ran on."""
from __future__ import annotations

import os


def load_average() -> str:
    """The load average and the core count: on a shared machine absolute figures are noisy,
    the ratios measured in the same run are what to compare."""
    try:
        return "load average %.2f %.2f %.2f on %d cores" % (*os.getloadavg(), os.cpu_count() or 0)
    except OSError:
        return "load average unknown"
