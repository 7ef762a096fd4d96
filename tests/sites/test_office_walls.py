"""Walls between offices: ward A's administrator (and inspector) attack the Sở's portal,
ward B's portal and schools, and the province's defences, by URL and by POST, as the
issue's findings describe. Each object owned by an office goes through the predicates
of sites/permissions.py; nothing here may change, nor show what it should not."""

from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Site
from wagtail.permissions import policy_registry

import pytest

from sites.models import BlockedDomainPattern, SchoolHostname, SchoolSettings
from sites.roles import OfficeRole
from tests.factories import (
    DocumentFactory,
    ImageFactory,
    SuperuserFactory,
    make_office_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def walls(province, client):
    so, ward_a, ward_b, schools = province
    admin_a = make_office_user(ward_a, OfficeRole.ADMINISTRATOR, "quantri-phuong-a")
    client.force_login(admin_a)
    return so, ward_a, ward_b, schools, admin_a


def refused(response):
    """403, 404, or Wagtail's "no permission" redirect to the dashboard."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def site_state():
    return sorted(
        Site.objects.values_list("pk", "hostname", "port", "root_page_id", "is_default_site")
    )


def site_post(site, **changes):
    data = {
        "hostname": site.hostname,
        "port": site.port,
        "site_name": site.site_name,
        "root_page": site.root_page_id,
    }
    if site.is_default_site:
        data["is_default_site"] = "on"
    data.update(changes)
    return data


# --- Portal Sites are the Sở's superusers' ----------------------------------------------


def test_ward_admin_cannot_take_over_any_portal_site(client, walls):
    so, ward_a, ward_b, _schools, _admin = walls
    before = site_state()
    for portal in (so.site, ward_b.site, ward_a.site):
        url = reverse("wagtailsites:edit", args=[portal.pk])
        assert refused(client.get(url)), portal
        takeover = site_post(
            portal,
            hostname=f"chiem.{ward_a.domain}" if portal != ward_a.site else "x.hoian.test",
            root_page=ward_a.site.root_page_id,
            is_default_site="on",
        )
        assert refused(client.post(url, takeover)), portal
        assert refused(client.post(reverse("wagtailsites:delete", args=[portal.pk])))
    assert site_state() == before


def test_ward_admin_creates_and_deletes_no_site(client, walls):
    so, ward_a, _ward_b, schools, _admin = walls
    before = site_state()
    add = reverse("wagtailsites:add")
    assert refused(client.get(add))
    response = client.post(
        add,
        {
            "hostname": f"moi.{ward_a.domain}",
            "port": 80,
            "site_name": "Cổng giả",
            "root_page": so.site.root_page_id,
        },
    )
    assert refused(response)
    # Not even its own school's Site: a school's Site goes with the school.
    url = reverse("wagtailsites:delete", args=[schools["a1"].site_id])
    assert refused(client.post(url))
    assert site_state() == before


def test_ward_admin_still_renames_its_own_schools_site_not_ward_bs(client, walls):
    _so, ward_a, _ward_b, schools, _admin = walls
    a1, b1 = schools["a1"], schools["b1"]
    response = client.post(
        reverse("wagtailsites:edit", args=[a1.site_id]),
        site_post(a1.site, hostname=f"kimdong.{ward_a.domain}"),
    )
    assert response.status_code == 302
    assert Site.objects.get(pk=a1.site_id).hostname == f"kimdong.{ward_a.domain}"
    before = site_state()
    url = reverse("wagtailsites:edit", args=[b1.site_id])
    assert refused(client.get(url))
    client.post(url, site_post(b1.site, site_name="Đã bị đổi"))
    assert site_state() == before
    assert Site.objects.get(pk=b1.site_id).site_name != "Đã bị đổi"


def test_superuser_edits_a_portal_site(client, walls):
    so, *_rest = walls
    client.force_login(SuperuserFactory(username="quantri-so"))
    response = client.post(
        reverse("wagtailsites:edit", args=[so.site_id]), site_post(so.site, site_name="Cổng Sở")
    )
    assert response.status_code == 302
    assert Site.objects.get(pk=so.site_id).site_name == "Cổng Sở"


# --- Site settings of other tenants --------------------------------------------------------


def settings_url(site):
    return reverse("wagtailsettings:edit", args=["sites", "schoolsettings", site.pk])


def settings_post(motto):
    return {"primary_colour": "#ff0000", "motto": motto, "quick_links-count": "0"}


def test_ward_admin_edits_settings_of_its_schools_and_its_portal_only(client, walls):
    so, ward_a, ward_b, schools, admin_a = walls
    for site in (schools["b1"].site, schools["so"].site, so.site, ward_b.site):
        assert refused(client.get(settings_url(site))), site
        assert refused(client.post(settings_url(site), settings_post("Bị phường A sửa"))), site
        assert SchoolSettings.for_site(site).motto != "Bị phường A sửa"
    for site in (schools["a1"].site, ward_a.site):
        page = client.get(settings_url(site))
        assert page.status_code == 200
        # The site switcher lists only what the user may edit.
        switcher = page.context.get("site_switcher")
        if switcher is not None:
            listed = {url for url, _label in switcher.fields["site"].choices}
            assert listed == {
                settings_url(s) for s in (ward_a.site, schools["a1"].site, schools["a2"].site)
            }
        response = client.post(settings_url(site), settings_post("Phường A"))
        assert response.status_code == 302, site
        assert SchoolSettings.for_site(site).motto == "Phường A"


def test_settings_policy_lists_only_the_wards_sites(walls):
    so, ward_a, _ward_b, schools, admin_a = walls
    policy = policy_registry.get_by_type(SchoolSettings)
    sites = set(
        policy.sites_user_has_permission_for(admin_a, "change").values_list("pk", flat=True)
    )
    assert sites == {ward_a.site_id, schools["a1"].site_id, schools["a2"].site_id}
    inspector = make_office_user(ward_a, OfficeRole.INSPECTOR)
    assert not policy.user_has_permission_for_instance(inspector, "change", schools["a1"].site)
    so_admin = make_office_user(so, OfficeRole.ADMINISTRATOR)
    assert policy.user_has_permission_for_instance(so_admin, "change", schools["b1"].site)


# --- Office media --------------------------------------------------------------------------


@pytest.fixture
def office_media(walls):
    so, ward_a, ward_b, schools, admin_a = walls
    root = Collection.get_first_root_node()
    return {
        "so_doc": DocumentFactory(title="Quyết định chưa ban hành", collection=so.collection),
        "so_image": ImageFactory(title="Ảnh của Sở", collection=so.collection),
        "b_image": ImageFactory(title="Ảnh phường B", collection=ward_b.collection),
        "b_image_2": ImageFactory(title="Ảnh phường B số 2", collection=ward_b.collection),
        "root_image": ImageFactory(title="Ảnh gốc", collection=root),
        "a_image": ImageFactory(title="Ảnh phường A", collection=ward_a.collection),
    }


def test_each_office_gets_its_own_collection(walls):
    so, ward_a, ward_b, schools, _admin = walls
    collections = {so.collection_id, ward_a.collection_id, ward_b.collection_id}
    assert None not in collections and len(collections) == 3
    assert ward_a.collection.depth == 2


def test_ward_admin_cannot_read_or_change_office_media_of_others(client, walls, office_media):
    so, ward_a, ward_b, _schools, _admin = walls
    doc = office_media["so_doc"]
    for name, item in (
        ("wagtaildocs:edit", doc),
        ("wagtaildocs:delete", doc),
        ("wagtailimages:edit", office_media["so_image"]),
        ("wagtailimages:delete", office_media["b_image"]),
        ("wagtailimages:edit", office_media["root_image"]),
    ):
        url = reverse(name, args=[item.pk])
        assert client.get(url).status_code == 404, url
        posted = client.post(url, {"title": "Bị đổi", "file": ContentFile(b"x", name="x.pdf")})
        assert posted.status_code == 404, url
    # The unreleased document, through its public URL, on any host.
    for host in (ward_a.domain, so.domain, "testserver"):
        assert client.get(doc.url, HTTP_HOST=host).status_code == 404, host
    # Bulk delete of several of ward B's images.
    ids = [office_media["b_image"].pk, office_media["b_image_2"].pk]
    bulk = reverse("wagtail_bulk_action", args=["wagtailimages", "image", "delete"])
    query = "?" + "&".join(f"id={pk}" for pk in ids)
    assert client.post(bulk + query).status_code == 404
    assert Image.objects.filter(pk__in=ids).count() == 2
    assert Document.objects.filter(pk=doc.pk, title="Quyết định chưa ban hành").exists()
    assert Image.objects.filter(collection=so.collection, title="Ảnh của Sở").exists()
    # Listings show ward A's own office media, not the Sở's, ward B's or the root's.
    listing = client.get(reverse("wagtailimages:index"))
    titles = {item.title for item in listing.context["object_list"]}
    assert titles == {"Ảnh phường A"}
    # Its own office media it edits.
    own = reverse("wagtailimages:edit", args=[office_media["a_image"].pk])
    assert client.get(own).status_code == 200


def test_so_admin_sees_every_office_media(client, walls, office_media):
    so, *_rest = walls
    client.force_login(make_office_user(so, OfficeRole.ADMINISTRATOR))
    url = reverse("wagtaildocs:edit", args=[office_media["so_doc"].pk])
    assert client.get(url).status_code == 200


def test_existing_office_media_moves_into_the_office_collection(walls):
    """The data migration: media in the root used only by one office's portal pages
    moves into that office's collection; the rest stays in the root (superuser-only)."""
    from django.apps import apps

    from sites.office_media import adopt_office_media
    from tests.factories import OfficeNewsPageFactory

    so, ward_a, ward_b, _schools, _admin = walls
    root = Collection.get_first_root_node()
    used_by_b = ImageFactory(title="Ảnh tin phường B", collection=root)
    used_by_both = ImageFactory(title="Ảnh dùng ở hai cổng", collection=root)
    unused = ImageFactory(title="Ảnh chưa dùng", collection=root)
    news_b = ward_b.site.root_page.get_children().get(slug="tin-tuc")
    news_a = ward_a.site.root_page.get_children().get(slug="tin-tuc")
    OfficeNewsPageFactory(parent=news_b, lead_image=used_by_b)
    OfficeNewsPageFactory(parent=news_b, lead_image=used_by_both)
    OfficeNewsPageFactory(parent=news_a, lead_image=used_by_both)
    # Provisioned before the migration ran: no collection yet.
    type(ward_b).objects.filter(pk=ward_b.pk).update(collection=None)
    adopt_office_media(apps)
    ward_b.refresh_from_db()
    assert ward_b.collection_id is not None
    assert Image.objects.get(pk=used_by_b.pk).collection_id == ward_b.collection_id
    assert Image.objects.get(pk=used_by_both.pk).collection_id == root.pk
    assert Image.objects.get(pk=unused.pk).collection_id == root.pk


def test_ward_portal_settings_take_no_media_of_the_so(client, walls, office_media):
    _so, ward_a, *_rest = walls
    data = {**settings_post("Phường A"), "logo": office_media["so_image"].pk}
    response = client.post(settings_url(ward_a.site), data)
    assert response.status_code == 200
    assert "Ảnh của Sở" not in response.content.decode()
    assert SchoolSettings.for_site(ward_a.site).logo_id is None
    own = {**data, "logo": office_media["a_image"].pk}
    assert client.post(settings_url(ward_a.site), own).status_code == 302
    assert SchoolSettings.for_site(ward_a.site).logo_id == office_media["a_image"].pk


# --- The province's block list --------------------------------------------------------------


def pattern_post(pattern, office=None):
    return {
        "pattern": pattern,
        "kind": "contains",
        "site_kind": "co-bac",
        "note": "",
        "is_active": "on",
        "office": office.pk if office else "",
    }


def test_ward_admin_manages_block_patterns_of_its_own_office_only(client, walls):
    so, ward_a, ward_b, _schools, _admin = walls
    shared = BlockedDomainPattern.objects.create(pattern="chung-toan-tinh")
    of_so = BlockedDomainPattern.objects.create(pattern="cua-so", office=so)
    of_b = BlockedDomainPattern.objects.create(pattern="cua-phuong-b", office=ward_b)
    before = sorted(
        BlockedDomainPattern.objects.values_list("pk", "pattern", "office", "is_active")
    )
    add = reverse("ten_mien_bi_chan:add")
    for office in (None, so, ward_b):
        client.post(add, pattern_post("nhacai-moi", office))
    for pattern in (shared, of_so, of_b):
        edit = reverse("ten_mien_bi_chan:edit", args=[pattern.pk])
        assert refused(client.get(edit)), pattern
        assert refused(client.post(edit, pattern_post("da-doi", ward_a)))
        assert refused(client.post(reverse("ten_mien_bi_chan:delete", args=[pattern.pk])))
    assert (
        sorted(BlockedDomainPattern.objects.values_list("pk", "pattern", "office", "is_active"))
        == before
    )
    # Its own office's pattern: added, changed, removed.
    assert client.post(add, pattern_post("nhacai-phuong-a", ward_a)).status_code == 302
    own = BlockedDomainPattern.objects.get(pattern="nhacai-phuong-a", office=ward_a)
    edit = reverse("ten_mien_bi_chan:edit", args=[own.pk])
    assert client.post(edit, pattern_post("nhacai-phuong-a2", ward_a)).status_code == 302
    assert client.post(reverse("ten_mien_bi_chan:delete", args=[own.pk])).status_code == 302
    assert not BlockedDomainPattern.objects.filter(pk=own.pk).exists()
    # The list shows the install-wide patterns (they apply to its schools) and its own.
    listing = client.get(reverse("ten_mien_bi_chan:index")).content.decode()
    assert "chung-toan-tinh" in listing and "cua-phuong-b" not in listing


def test_so_admin_manages_install_wide_patterns(client, walls):
    so, *_rest = walls
    client.force_login(make_office_user(so, OfficeRole.ADMINISTRATOR))
    response = client.post(reverse("ten_mien_bi_chan:add"), pattern_post("nhacai-toan-tinh"))
    assert response.status_code == 302
    assert BlockedDomainPattern.objects.filter(pattern="nhacai-toan-tinh", office=None).exists()


# --- Hostnames under the Sở's or a sibling ward's domain ------------------------------------


def test_ward_admin_cannot_give_a_school_a_name_of_the_so_or_a_sibling(client, walls, settings):
    settings.EXTRA_ALLOWED_HOSTS = ["testserver"]
    _so, ward_a, _ward_b, schools, _admin = walls
    a1 = schools["a1"]
    before = (Site.objects.get(pk=a1.site_id).hostname, list(SchoolHostname.objects.all()))
    domains = reverse("truong_hoc:domains", args=[a1.pk])
    for main, aliases in (
        ("www.sogddanang.test", ""),
        (a1.hostname, "tuyensinh.sogddanang.test"),
        ("kd.hoiantay.sogddanang.test", ""),
    ):
        response = client.post(domains, {"main": main, "aliases": aliases})
        assert response.status_code == 200, main
        assert "thuộc tên miền của đơn vị khác" in response.content.decode(), main
    sites_edit = reverse("wagtailsites:edit", args=[a1.site_id])
    for hostname in (
        "www.sogddanang.test",
        "tuyensinh.sogddanang.test",
        "x.hoiantay.sogddanang.test",
    ):
        response = client.post(sites_edit, site_post(a1.site, hostname=hostname))
        assert response.status_code == 200, hostname
    assert (Site.objects.get(pk=a1.site_id).hostname, list(SchoolHostname.objects.all())) == before
    # Its own office's names still go through.
    ok = client.post(domains, {"main": f"kd.{ward_a.domain}", "aliases": ""})
    assert ok.status_code == 302
