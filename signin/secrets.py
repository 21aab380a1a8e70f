"""Client secrets of the schools' identity providers, stored encrypted.

The key comes from PLC_SECRETS_KEY (a Fernet key: `python -c "from cryptography.fernet import
Fernet; print(Fernet.generate_key().decode())"`), or is derived from SECRET_KEY when that is
not set. A database dump alone does not reveal a secret; the app shows none once saved.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    key = getattr(settings, "PLC_SECRETS_KEY", "")
    if not key:
        digest = hashlib.sha256(b"plc-signin-secrets:" + settings.SECRET_KEY.encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    return Fernet(key)


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    """The secret, or "" when it cannot be read (e.g. the key changed): the provider then
    fails at the token endpoint, and the admin enters the secret again."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""
