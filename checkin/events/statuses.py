"""The words for where a delegate stands, each defined once: arrival, delivery, konfirmasi.

Three vocabularies, one meaning per word. They are the values of URL filters (`?status=`),
stored answers (`Delegate.confirmation`) and CSS modifiers, so they never change lightly:

- arrival (the organisers' delegate filter): hadir, belum_hadir, dicabut;
- delivery (where the invitation is): belum_dikirim → terkirim → dibuka → konfirmasi →
  hadir, and dicabut. "hadir" and "dicabut" are the arrival's own words, not copies: a
  delegate who arrived is "hadir" in both lists, one revoked and not arrived "dicabut";
- the konfirmasi answer (what the delegate said before the day): akan_hadir, berhalangan,
  diwakilkan. "Will attend" is a promise, not an arrival, so it has its own word.

Every status word has one label (STATUS_LABELS), every answer one (ANSWER_LABELS).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# --- arrival -------------------------------------------------------------------------------

#: Admitted at a door (the attendance stands even if the invitation is revoked afterwards).
STATUS_ARRIVED = "hadir"
#: Invited, not (yet) admitted.
STATUS_NOT_YET = "belum_hadir"
#: Invitation revoked, never admitted.
STATUS_REVOKED = "dicabut"
#: The delegate filter's choices, exclusive.
ARRIVAL_STATUSES = (STATUS_ARRIVED, STATUS_NOT_YET, STATUS_REVOKED)

# --- delivery ------------------------------------------------------------------------------

STATUS_NOT_SENT = "belum_dikirim"
STATUS_SENT = "terkirim"
STATUS_OPENED = "dibuka"
#: The delegate gave a konfirmasi (any answer; the answer itself is in ANSWERS).
STATUS_CONFIRMED = "konfirmasi"
#: In the order an invitation goes through them; revoked last.
DELIVERY_STATUSES = (
    STATUS_NOT_SENT,
    STATUS_SENT,
    STATUS_OPENED,
    STATUS_CONFIRMED,
    STATUS_ARRIVED,
    STATUS_REVOKED,
)

STATUS_LABELS = {
    STATUS_ARRIVED: _l("Hadir"),
    STATUS_NOT_YET: _l("Belum hadir"),
    STATUS_REVOKED: _l("Dicabut"),
    STATUS_NOT_SENT: _l("Belum dikirim"),
    STATUS_SENT: _l("Terkirim, belum dibuka"),
    STATUS_OPENED: _l("Dibuka"),
    STATUS_CONFIRMED: _l("Konfirmasi"),
}

# --- konfirmasi answers --------------------------------------------------------------------

ANSWER_ATTEND = "akan_hadir"
ANSWER_UNABLE = "berhalangan"
ANSWER_SUBSTITUTE = "diwakilkan"
ANSWERS = (ANSWER_ATTEND, ANSWER_UNABLE, ANSWER_SUBSTITUTE)
ANSWER_LABELS = {
    ANSWER_ATTEND: _l("Akan hadir"),
    ANSWER_UNABLE: _l("Berhalangan"),
    ANSWER_SUBSTITUTE: _l("Diwakilkan"),
}
