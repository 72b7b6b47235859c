"""events."""

from .counting import LATEST_COUNT, compute_stats
from .delegates import delegate_status, query_terms, search_delegates
from .events import (
    check_timezone,
    create_event,
    get_event,
    list_events,
    parse_door_names,
    set_doors,
)
from .phones import normalise_phone, phone_digits
from .privacy import PURGE_PERSONAL_DATA, purge_personal_data, purge_preview
from .regions import KALTIM_REGIONS, RegionMatcher, default_regions
from .statuses import (
    ANSWER_ATTEND,
    ANSWER_LABELS,
    ANSWER_SUBSTITUTE,
    ANSWER_UNABLE,
    ANSWERS,
    ARRIVAL_STATUSES,
    DELIVERY_STATUSES,
    STATUS_ARRIVED,
    STATUS_CONFIRMED,
    STATUS_LABELS,
    STATUS_NOT_SENT,
    STATUS_NOT_YET,
    STATUS_OPENED,
    STATUS_REVOKED,
    STATUS_SENT,
)

__all__ = [
    "ANSWERS",
    "ANSWER_ATTEND",
    "ANSWER_LABELS",
    "ANSWER_SUBSTITUTE",
    "ANSWER_UNABLE",
    "ARRIVAL_STATUSES",
    "DELIVERY_STATUSES",
    "KALTIM_REGIONS",
    "LATEST_COUNT",
    "PURGE_PERSONAL_DATA",
    "RegionMatcher",
    "STATUS_ARRIVED",
    "STATUS_CONFIRMED",
    "STATUS_LABELS",
    "STATUS_NOT_SENT",
    "STATUS_NOT_YET",
    "STATUS_OPENED",
    "STATUS_REVOKED",
    "STATUS_SENT",
    "check_timezone",
    "compute_stats",
    "create_event",
    "default_regions",
    "delegate_status",
    "get_event",
    "list_events",
    "normalise_phone",
    "parse_door_names",
    "phone_digits",
    "purge_personal_data",
    "purge_preview",
    "query_terms",
    "search_delegates",
    "set_doors",
]
