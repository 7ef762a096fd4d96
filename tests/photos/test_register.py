"""The consent register: the principal and the editors the principal names keep it;
nobody else reads it (another school's staff, office staff of any rank, superusers, the
public); a class list can be imported (only name, class, status, date kept); it is erased a
set time after pupils leave; and nothing of it reaches exports, logs or the open data."""

import datetime
import io
import logging
import zipfile

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wagtail.models import ModelLogEntry, PageLogEntry

import pytest
from openpyxl import Workbook

from cms.schools.export import export_school
from home.photos import register as register_module
from home.photos.models import ListedPupil, RegisterKeeper, SchoolClass
from home.photos.register import current_year, import_class_lists
from sites.roles import OfficeRole, SchoolRole
from sites.spreadsheet import SpreadsheetError
from tests.factories import SuperuserFactory, make_office_user, make_school_user

from .conftest import PUPIL

pytestmark = pytest.mark.django_db
URL = "/quan-tri/anh-hoc-sinh/so-dong-y/"


def sees_register(client, user):
    client.force_login(user)
    response = client.get(URL)
    return response.status_code == 200 and PUPIL in response.content.decode()


def test_principal_keeps_the_register(client, principal, register):
    assert sees_register(client, principal)
    html = client.get(URL).content.decode()
    assert "Tất cả đã đồng ý" in html  # 6A2
    assert "Đã rút lại đồng ý" in html


def test_an_editor_reads_it_only_once_named_by_the_principal(client, school, principal, register):
    editor = make_school_user(school, SchoolRole.EDITOR)
    assert not sees_register(client, editor)
    refused = client.get(URL)
    assert refused.status_code == 302 and refused.url == "/quan-tri/"  # Wagtail's refusal
    client.force_login(principal)
    client.post(URL, {"action": "giu-so", "giu-so-keepers": [editor.pk]})
    assert RegisterKeeper.objects.filter(school=school, user=editor).exists()
    assert sees_register(client, editor)
    # A named editor keeps it but cannot name others.
    other = make_school_user(school, SchoolRole.EDITOR)
    client.force_login(editor)
    response = client.post(URL, {"action": "giu-so", "giu-so-keepers": [other.pk]})
    assert response.status_code == 302 and response.url == "/quan-tri/"
    assert not RegisterKeeper.objects.filter(user=other).exists()


@pytest.mark.parametrize("role", [SchoolRole.TEACHER, SchoolRole.GROUP_HEAD])
def test_other_staff_of_the_school_see_nothing(client, school, register, role):
    assert not sees_register(client, make_school_user(school, role))


def test_another_school_and_the_office_see_nothing(client, office, other_school, register):
    other_principal = make_school_user(other_school, SchoolRole.PRINCIPAL)
    client.force_login(other_principal)
    response = client.get(URL)
    assert response.status_code == 200 and PUPIL not in response.content.decode()
    # Posting into it touches only the other school's own register.
    pupil = ListedPupil.objects.get(name=PUPIL)
    response = client.post(URL, {"action": "xoa", "pupil": pupil.pk})
    assert response.status_code == 404
    assert ListedPupil.objects.filter(pk=pupil.pk).exists()
    for role in (OfficeRole.INSPECTOR, OfficeRole.ADMINISTRATOR):
        assert not sees_register(client, make_office_user(office, role))
    assert not sees_register(client, SuperuserFactory(username="quantri-so"))


def test_the_public_sees_nothing(client, school, register):
    assert client.get(URL).status_code == 302  # to the login
    for path in ("/", "/tin-tuc/", "/yeu-cau-go-anh/", "/sitemap.xml", "/rss.xml"):
        response = client.get(path, HTTP_HOST=school.site.hostname)
        assert PUPIL not in response.content.decode(), path


def test_adding_classes_and_pupils_and_marking_a_pupil_gone(client, school, principal):
    client.force_login(principal)
    client.post(URL, {"action": "lop", "lop-names": "7a1, 7A2\n7A1"})
    year = current_year()
    assert set(SchoolClass.objects.filter(school=school).values_list("name", flat=True)) == {
        "7A1",
        "7A2",
    }
    seven = SchoolClass.objects.get(name="7A1")
    response = client.post(
        URL,
        {
            "action": "hoc-sinh",
            "hs-school_class": seven.pk,
            "hs-name": "Lê Văn Tám",
            "hs-status": "chua-dong-y",
            "hs-recorded_on": "2026-09-05",
            "hs-source": "phieu-giay",
        },
    )
    assert response.status_code == 302
    pupil = ListedPupil.objects.get(name="Lê Văn Tám")
    assert pupil.school == school and pupil.school_class.school_year == year
    client.post(URL, {"action": "roi-truong", "pupil": pupil.pk})
    pupil.refresh_from_db()
    assert pupil.left_on == timezone.localdate()
    # A bad class name is a Vietnamese error and nothing is saved.
    response = client.post(URL, {"action": "lop", "lop-names": "<script>"})
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()


def class_list_xlsx(rows, extra_header=("Ngày sinh", "SĐT phụ huynh")):
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH HỌC SINH ĐỒNG Ý ĐĂNG ẢNH"])
    sheet.append(["STT", "Họ và tên", "Lớp", *extra_header, "Trạng thái", "Ngày"])
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_importing_a_class_list_keeps_only_what_the_register_needs(client, school, principal):
    data = class_list_xlsx(
        [
            ("Nguyễn Văn An", "6a1", "15/03/2014", "0905123456", "Đồng ý", "05/09/2026"),
            ("Phạm Thị Bình", "6A1", "02/01/2014", "0905765432", "Không đồng ý", "06/09/2026"),
            ("Hồ Văn Cường", "6A2", "11/11/2014", "0914000111", "Rút lại", "2026-10-01"),
            ("Đỗ Thị Dung", "6A2", "01/12/2014", "0914000222", "", ""),
        ]
    )
    client.force_login(principal)
    response = client.post(
        URL,
        {
            "action": "nhap",
            "nhap-file": SimpleUploadedFile("lop.xlsx", data),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    listed = {p.name: p for p in ListedPupil.objects.filter(school=school)}
    assert set(listed) == {"Phạm Thị Bình", "Hồ Văn Cường", "Đỗ Thị Dung"}
    assert listed["Phạm Thị Bình"].status == "chua-dong-y"
    assert listed["Phạm Thị Bình"].recorded_on == datetime.date(2026, 9, 6)
    assert listed["Hồ Văn Cường"].status == "rut-lai"
    # A blank answer is not consent.
    assert listed["Đỗ Thị Dung"].status == "chua-dong-y"
    assert set(SchoolClass.objects.values_list("name", flat=True)) == {"6A1", "6A2"}
    # Birth dates and parents' phones were never stored anywhere.
    stored = " ".join(str(v) for p in ListedPupil.objects.values() for v in p.values()) + " ".join(
        str(v) for v in SchoolClass.objects.values()
    )
    for leftover in ("2014", "0905", "0914"):
        assert leftover not in stored
    # Importing the class again replaces its list (a pupil whose parents consented since).
    import_class_lists(
        school,
        current_year(),
        class_list_xlsx([("Phạm Thị Bình", "6A1", "", "", "Đồng ý", "")]),
    )
    assert not ListedPupil.objects.filter(name="Phạm Thị Bình").exists()
    assert ListedPupil.objects.filter(name="Hồ Văn Cường").exists()  # 6A2 untouched


def test_a_bad_or_oversized_file_stores_nothing(client, school, principal, monkeypatch):
    year = current_year()
    with pytest.raises(SpreadsheetError, match="Dòng 4"):
        import_class_lists(
            school,
            year,
            class_list_xlsx([("An", "6A1", "", "", "Không", ""), ("", "6A1", "", "", "", "")]),
        )
    with pytest.raises(SpreadsheetError, match="ngày"):
        import_class_lists(
            school, year, class_list_xlsx([("An", "6A1", "", "", "Không", "31/02/2026")])
        )
    monkeypatch.setattr(register_module, "MAX_IMPORT_ROWS", 10)
    rows = [(f"Học sinh {n}", "6A1", "", "", "Không", "") for n in range(40)]
    with pytest.raises(SpreadsheetError, match="quá nhiều dòng"):
        import_class_lists(school, year, class_list_xlsx(rows))
    with pytest.raises(SpreadsheetError):
        import_class_lists(school, year, b"PK\x03\x04 not really a workbook")
    assert not ListedPupil.objects.exists() and not SchoolClass.objects.exists()


def test_pupils_are_erased_a_set_time_after_they_leave(school, register, settings):
    settings.CONSENT_REGISTER_RETENTION_DAYS = 30
    listed, _clear = register
    pupil = listed.listed_pupils.get()
    today = timezone.localdate()
    pupil.left_on = today - datetime.timedelta(days=20)
    pupil.save()
    assert register_module.erase_expired(today) == 0
    assert register_module.erase_expired(today + datetime.timedelta(days=11)) == 1
    assert not ListedPupil.objects.exists()


def test_a_past_school_year_is_erased_after_its_end(school, settings):
    settings.CONSENT_REGISTER_RETENTION_DAYS = 365
    old = SchoolClass.objects.create(school=school, school_year="2023-2024", name="9A")
    ListedPupil.objects.create(
        school=school,
        school_class=old,
        name="Vũ Văn Cũ",
        status="chua-dong-y",
        recorded_on=datetime.date(2023, 9, 5),
    )
    this_year = SchoolClass.objects.create(school=school, school_year="2025-2026", name="9A")
    # 2023-2024 ended 31/7/2024: kept a year, gone on 1/8/2025.
    assert register_module.erase_expired(datetime.date(2025, 7, 31)) == 0
    assert register_module.erase_expired(datetime.date(2025, 8, 1)) == 1
    assert list(SchoolClass.objects.all()) == [this_year]


def test_nothing_of_the_register_reaches_exports_logs_or_open_data(
    client, school, principal, register, tmp_path, caplog
):
    caplog.set_level(logging.DEBUG)
    client.force_login(principal)
    client.post(URL, {"action": "lop", "lop-names": "6A3"})
    client.post(
        URL,
        {
            "action": "nhap",
            "nhap-file": SimpleUploadedFile(
                "lop.xlsx",
                class_list_xlsx([(PUPIL + " Hai", "6A3", "", "", "Không đồng ý", "")]),
            ),
        },
    )
    assert ListedPupil.objects.filter(name=PUPIL + " Hai").exists()
    # Exports: the school's ZIP (the office moves schools with it).
    output = tmp_path / "truong.zip"
    export_school(school, output)
    with zipfile.ZipFile(output) as archive:
        for name in archive.namelist():
            assert PUPIL.encode() not in archive.read(name), name
    # Logs: Python's and Wagtail's audit log.
    assert PUPIL not in caplog.text
    for entry in list(PageLogEntry.objects.all()) + list(ModelLogEntry.objects.all()):
        assert PUPIL not in str(entry.data) and PUPIL not in entry.label
    assert all(PUPIL not in str(m.body) for m in mail.outbox)
    # The open data of the office's portal.
    portal = school.office.site.hostname
    response = client.get("/du-lieu-mo/cong-khai.json", HTTP_HOST=portal)
    assert response.status_code == 200 and PUPIL not in response.content.decode()
