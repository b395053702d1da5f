"""A closing date is a calendar day of the province: no time zone of a user or
of a request moves it."""

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest

EVALUATION = "cchc.evaluation"
_units = itertools.count(1)

# (the head's own time zone, the time zone the request claims)
WAYS_TO_ASK = {
    "context far west": ("Asia/Ho_Chi_Minh", "Etc/GMT+12"),
    "context UTC": ("Asia/Ho_Chi_Minh", "UTC"),
    "context far east": ("Asia/Ho_Chi_Minh", "Pacific/Kiritimati"),
    "user far west": ("Etc/GMT+12", None),
    "user UTC": ("UTC", None),
    "user without time zone": (False, None),
}


def province_today(world):
    """Today in the province, as the test sees it."""
    [company] = world.admin(
        "res.company", "read", [world.ref("base.main_company")], ["cchc_tz"]
    )
    assert company["cchc_tz"] == "Asia/Ho_Chi_Minh"
    return datetime.datetime.now(ZoneInfo(company["cchc_tz"])).date()


@pytest.mark.parametrize("way", WAYS_TO_ASK)
def test_closing_date_is_the_province_day(world, way):
    user_tz, context_tz = WAYS_TO_ASK[way]
    w = world
    unit = w.agency(f"TZ{next(_units)}")
    head = w.user(f"tzhead{unit}", "head", unit)
    [head_id] = w.admin("res.users", "search", [("login", "=", head)])
    w.admin("res.users", "write", [head_id], {"tz": user_tz})
    evaluation = w.evaluation(w.campaign([unit]), unit)
    w.score(head, evaluation)
    kwargs = {"context": {"tz": context_tz}} if context_tz else {}
    secretariat = w.as_user(w.roles["secretariat"])
    today = province_today(w)

    def close_on(day):
        secretariat(EVALUATION, "write", [evaluation], {"date_deadline": str(day)})

    def state():
        return w.admin(EVALUATION, "read", [evaluation], ["state"])[0]["state"]

    # Closed yesterday in the province: refused, wherever the head says he is.
    close_on(today - datetime.timedelta(days=1))
    error = w.refused(head, EVALUATION, "action_submit", [evaluation], **kwargs)
    assert error.name == "UserError"
    assert "closed on" in error.message
    assert state() == "draft"
    # On the closing day itself: accepted.
    close_on(today)
    w.as_user(head)(EVALUATION, "action_submit", [evaluation], **kwargs)
    assert state() == "submitted"
