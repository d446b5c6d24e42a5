"""Pages people could not find: the menu offers "Kelengkapan" to those who follow the
reporting and "Batas waktu" to the administrator; the monitoring pages link to each other;
and a page that shows sample figures says so once, near its heading."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from selaras.accounts.models import Role, User
from selaras.planning.factories import make_renja

pytestmark = pytest.mark.django_db

SAMPLE_MARK = "data contoh"


@pytest.fixture
def admin(cast) -> User:
    return User.objects.create(
        username="admin_uji", role=Role.ADMIN, pemda=cast.pemda, perangkat_daerah=cast.balitbangda
    )


def _menu(html: str) -> list[str]:
    """The labels of the main menu."""
    menu = html.split('class="navbar-nav', 1)[1].split("</ul>", 1)[0]
    return [label.strip() for label in re.findall(r'class="nav-link[^"]*"[^>]*>([^<]+)</a>', menu)]


# the menu, per role ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "completeness", "deadlines"),
    [
        ("admin", True, True),
        ("perencana", True, False),
        ("pimpinan", True, False),
        ("kepala_a", True, False),
        ("operator_a", False, False),
        ("verifikator", False, False),
        ("outsider", False, False),
    ],
)
def test_the_menu_offers_completeness_and_deadlines_by_role(
    client, cast, admin, renja, persona, completeness, deadlines
):
    user = admin if persona == "admin" else getattr(cast, persona)
    client.force_login(user)
    menu = _menu(client.get(reverse("home")).content.decode())
    assert ("Kelengkapan" in menu) is completeness
    assert ("Batas waktu" in menu) is deadlines
    assert menu.index("Monitoring") < menu.index("Technopark")


def test_the_menu_item_opens_the_completeness_of_this_years_renja(client, cast, renja, today):
    make_renja(cast.balitbangda, 2027)  # next year's plan, drafted early: not the one followed
    make_renja(cast.other_pd, 2026)  # another agency's
    today(dt.date(2026, 8, 20))  # TW III under way: TW II is the last that has ended
    client.force_login(cast.pimpinan)
    response = client.get(reverse("monitoring:completeness_latest"))
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:completeness", args=[renja.pk]) + "?tw=2"
    html = client.get(response["Location"]).content.decode()
    # the menu shows where the reader is: Kelengkapan, not also Monitoring
    assert re.search(r'nav-link text-nowrap active"[^>]*>Kelengkapan<', html)
    assert not re.search(r'nav-link text-nowrap active"[^>]*>Monitoring<', html)


def test_without_a_renja_the_menu_item_leads_to_the_monitoring_index(client, cast):
    client.force_login(cast.pimpinan)
    response = client.get(reverse("monitoring:completeness_latest"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("monitoring:index")
    assert "Belum ada Renja yang dapat Anda lihat." in response.content.decode()


def test_anonymous_visitors_get_the_login_page(client):
    response = client.get(reverse("monitoring:completeness_latest"))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


# links between the monitoring pages ------------------------------------------------------


def test_the_monitoring_index_links_to_completeness_and_deadlines(client, cast, admin, renja):
    client.force_login(admin)
    html = client.get(reverse("monitoring:index")).content.decode()
    assert f'href="{reverse("monitoring:completeness", args=[renja.pk])}"' in html
    assert f'href="{reverse("monitoring:deadlines")}"' in html
    client.force_login(cast.pimpinan)
    html = client.get(reverse("monitoring:index")).content.decode()
    assert f'href="{reverse("monitoring:completeness", args=[renja.pk])}"' in html
    assert f'href="{reverse("monitoring:deadlines")}"' not in html  # only the administrator sets them


def test_the_dashboard_links_to_the_e81_and_completeness_of_its_quarter(client, cast, renja, today):
    today(dt.date(2026, 8, 20))
    client.force_login(cast.pimpinan)
    html = client.get(reverse("monitoring:dashboard", args=[renja.pk])).content.decode()
    assert f'href="{reverse("monitoring:evaluation", args=[renja.pk])}?triwulan=2"' in html
    assert f'href="{reverse("monitoring:completeness", args=[renja.pk])}?tw=2"' in html


def test_the_entry_page_links_to_the_e81_and_completeness(client, cast, renja):
    client.force_login(cast.operator_a)
    html = client.get(reverse("monitoring:entry", args=[renja.pk, 3])).content.decode()
    evaluation = reverse("monitoring:evaluation", args=[renja.pk])
    assert f'href="{evaluation}?triwulan=3&amp;bidang={cast.bidang_a.pk}"' in html
    assert f'href="{reverse("monitoring:completeness", args=[renja.pk])}?tw=3"' in html


# one "data contoh" mark per page ---------------------------------------------------------

PAGES = [
    ("monitoring:dashboard", ()),
    ("monitoring:warning", ()),
    ("monitoring:entry", (1,)),
    ("monitoring:completeness", ()),
    ("planning:renja_detail", ()),
]


@pytest.mark.parametrize(("name", "extra"), PAGES)
def test_a_page_of_a_sample_renja_says_so_once(client, cast, renja, name, extra):
    renja.data_contoh = True
    renja.save()
    client.force_login(cast.perencana)
    html = client.get(reverse(name, args=[renja.pk, *extra])).content.decode()
    assert html.count(SAMPLE_MARK) == 1


@pytest.mark.parametrize(("name", "extra"), PAGES)
def test_a_page_of_a_real_renja_carries_no_mark(client, cast, renja, name, extra):
    client.force_login(cast.perencana)
    html = client.get(reverse(name, args=[renja.pk, *extra])).content.decode()
    assert SAMPLE_MARK not in html
