"""Flask extensions, created unbound here and attached in create_app()."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
#: No default limits: only the routes that need one (login, invitation pages) are limited.
#: Limits key on request.remote_addr: the TCP peer, or behind CHECKIN_TRUSTED_PROXIES the
#: client the proxies name (create_app applies ProxyFix), never a header the client wrote.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
