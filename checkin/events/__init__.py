"""Events, their regions and doors, delegates, the identity keys that find the same person
again, phones, the counting rule (who is invited, who has arrived) and the privacy purge."""

from .counting import (
    counts_as_invited,
    has_arrived,
    invited_and_arrived,
    invited_and_arrived_by_ormas,
    is_counted,
    merge_by_ormas,
    ormas_names,
)
from .delegates import (
    STATUS_ARRIVED,
    STATUS_NOT_YET,
    STATUS_REVOKED,
    delegate_status,
    query_terms,
    search_delegates,
)
from .events import (
    check_timezone,
    create_event,
    get_event,
    list_events,
    parse_door_names,
    set_doors,
)
from .ormas import (
    merge_by_key,
    ormas_key,
    shown_name,
    shown_spellings,
    spellings_of,
    tidy_spelling,
)
from .phones import normalise_phone, phone_digits
from .privacy import PURGE_PERSONAL_DATA, purge_personal_data, purge_preview
from .regions import KALTIM_REGIONS, RegionMatcher, default_regions

__all__ = [
    "KALTIM_REGIONS",
    "PURGE_PERSONAL_DATA",
    "RegionMatcher",
    "STATUS_ARRIVED",
    "STATUS_NOT_YET",
    "STATUS_REVOKED",
    "check_timezone",
    "counts_as_invited",
    "create_event",
    "default_regions",
    "delegate_status",
    "get_event",
    "has_arrived",
    "invited_and_arrived",
    "invited_and_arrived_by_ormas",
    "is_counted",
    "list_events",
    "merge_by_key",
    "merge_by_ormas",
    "normalise_phone",
    "ormas_key",
    "ormas_names",
    "parse_door_names",
    "phone_digits",
    "purge_personal_data",
    "purge_preview",
    "query_terms",
    "search_delegates",
    "set_doors",
    "shown_name",
    "shown_spellings",
    "spellings_of",
    "tidy_spelling",
]
