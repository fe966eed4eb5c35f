"""Who is acting: the login (session_user) and, for a pooling application only,
the end user it names through audit.set_application_user(). A plain SET of any
setting is never trusted. All over real login connections."""

import unicodedata

import psycopg
import pytest
from psycopg import sql
from security_support import HOSTILE_TEXT, REFUSED_APP_USERS, make_audited_probe

from dbtool import catalog

INSUFFICIENT_PRIVILEGE = psycopg.errors.lookup("42501")
INVALID_PARAMETER = psycopg.errors.lookup("22023")


def actor(c: psycopg.Connection) -> tuple[str, str | None]:
    return c.execute("select db_role, app_user from audit.current_actor()").fetchone()


def test_current_actor_is_the_login_not_a_group_role(as_role) -> None:
    user, url = as_role.login("hc_clinician")
    with psycopg.connect(url, autocommit=True) as c:
        assert actor(c) == (user, None)
        c.execute("set role hc_clinician")  # current_user changes, the login does not
        assert actor(c) == (user, None)


def test_application_names_its_user_for_the_transaction_only(as_role) -> None:
    app_login, url = as_role.login("hc_app")
    with psycopg.connect(url) as c:  # transaction per block
        c.execute("select audit.set_application_user('dr.house')")
        assert actor(c) == (app_login, "dr.house")
        c.commit()
        assert actor(c) == (app_login, None)  # next transaction: nobody until named again
        c.rollback()


def test_application_user_is_recorded_in_the_audit_log(conn: psycopg.Connection, as_role) -> None:
    make_audited_probe(conn, grant_to="hc_app")
    app_login, url = as_role.login("hc_app")
    with psycopg.connect(url) as c:
        c.execute("select audit.set_application_user('nurse.joy')")
        probe_id = c.execute("select clinic.audit_probe_write(42, 'bp 120/80')").fetchone()[0]
        c.commit()
    row = conn.execute(
        "select db_role, app_user, row_key, patient_id from audit.log where table_name = 'audit_probe'"
    ).fetchone()
    assert row == (app_login, "nurse.joy", {"audit_probe_id": probe_id}, 42)


def test_a_forged_setting_is_ignored(conn: psycopg.Connection, as_role) -> None:
    make_audited_probe(conn)
    login, url = as_role.login("hc_clinician")
    with psycopg.connect(url, autocommit=True) as c:
        for setting in ("hc_audit.app_user", "app.user_id", "application_name"):
            c.execute(sql.SQL("set {} = 'dr.forged'").format(sql.Identifier(*setting.split("."))))
        c.execute("set hc_audit.app_user_token = 'ffffffff'")
        assert actor(c) == (login, None)
        c.execute("select clinic.audit_probe_write(7, 'x')")
    assert conn.execute("select db_role, app_user from audit.log").fetchall() == [(login, None)]


def test_a_token_copied_from_the_application_session_is_worthless_elsewhere(as_role) -> None:
    _, app_url = as_role.login("hc_app")
    thief, thief_url = as_role.login("hc_clinician")
    with psycopg.connect(app_url) as app, psycopg.connect(thief_url) as other:
        app.execute("select audit.set_application_user('dr.house')")
        token = app.execute("select current_setting('hc_audit.app_user_token')").fetchone()[0]
        assert len(token) == 64
        other.execute("select set_config('hc_audit.app_user', 'dr.house', true)")
        other.execute("select set_config('hc_audit.app_user_token', %s, true)", (token,))
        assert actor(other) == (thief, None)


def test_only_the_application_role_may_name_a_user(as_role) -> None:
    for group in ("hc_clinician", "hc_dba", "hc_receptionist", "hc_analyst"):
        c = as_role.connect(group)
        with pytest.raises(INSUFFICIENT_PRIVILEGE):
            c.execute("select audit.set_application_user('dr.house')")


def test_the_membership_check_holds_even_with_a_direct_execute_grant(conn: psycopg.Connection, as_role) -> None:
    # a mistaken grant to somebody outside hc_app: the function itself still refuses
    user, url = as_role.login("hc_clinician")
    conn.execute(sql.SQL("grant execute on function audit.set_application_user(text) to {}").format(sql.Identifier(user)))
    with psycopg.connect(url, autocommit=True) as c:
        with pytest.raises(INSUFFICIENT_PRIVILEGE):
            c.execute("select audit.set_application_user('dr.house')")
        assert actor(c) == (user, None)


def test_hostile_application_user_is_stored_verbatim_and_changes_nothing_else(
    conn: psycopg.Connection, as_role
) -> None:
    make_audited_probe(conn, grant_to="hc_app")
    before = catalog.snapshot(conn)
    _, url = as_role.login("hc_app")
    with psycopg.connect(url) as c:
        for count, name in enumerate(HOSTILE_TEXT, start=1):
            c.execute("select audit.set_application_user(%s)", (name,))
            assert actor(c)[1] == unicodedata.normalize("NFC", name)
            c.execute("select clinic.audit_probe_write(%s, %s)", (count, name))
            c.commit()
            last = conn.execute("select app_user, new_row ->> 'note' from audit.log order by log_id desc limit 1")
            assert last.fetchone() == (unicodedata.normalize("NFC", name), name)
            assert conn.execute("select count(*) from clinic.audit_probe").fetchone()[0] == count
            assert conn.execute("select count(*) from audit.log").fetchone()[0] == count
    assert catalog.snapshot(conn) == before


def test_malformed_application_user_is_refused(as_role) -> None:
    _, url = as_role.login("hc_app")
    with psycopg.connect(url) as c:
        for name in [*REFUSED_APP_USERS, None]:
            with pytest.raises(INVALID_PARAMETER):
                c.execute("select audit.set_application_user(%s)", (name,))
            c.rollback()
            assert actor(c)[1] is None
            c.rollback()
