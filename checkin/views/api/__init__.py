"""JSON API under /api: session (with X-CSRFToken) or Authorization: Bearer <token>.

One blueprint (base.py), split by noun: checkins.py (scans), lookup.py (door search),
stats.py (live).
"""

from checkin.views.api import checkins, lookup, roster, stats
from checkin.views.api.base import bp

__all__ = ["bp", "checkins", "lookup", "roster", "stats"]
