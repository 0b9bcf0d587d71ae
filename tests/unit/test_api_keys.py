"""API keys in the database, without a server."""

from __future__ import annotations

import pytest

from assistant.access.accounts import AccountStore
from assistant.access.api_keys import ApiKeyStore
from assistant.database.connection import open_database
from assistant.errors import UsersFileError


def test_a_second_key_of_the_same_name_is_refused_by_name(tmp_path):
    db = open_database(tmp_path)
    accounts = AccountStore(db)
    accounts.add("u", "reader", "u-password-1")
    keys = ApiKeyStore(db, accounts)
    keys.add("tool", "u")
    with pytest.raises(UsersFileError, match="已有名为"):  # was a StorageError ("保存失败") before
        keys.add("tool", "u")
