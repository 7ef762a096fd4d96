"""The committed Vietnamese catalogue is the source: compiled, consistent, merged right."""

from pathlib import Path

from django.conf import settings

import polib
import pytest

from tools.i18n import catalogues
from tools.i18n.catalogues import Source, check_entry, merge, problems_in, stale_mo

LC_MESSAGES = Path(settings.BASE_DIR) / "cms" / "locale" / "vi" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")


def as_dict(catalogue):
    return catalogues.compiled_content(catalogue)


def test_locale_paths_point_at_the_project_catalogue():
    assert LC_MESSAGES.parent.parent in [Path(p) for p in settings.LOCALE_PATHS]
    assert catalogues.LC_MESSAGES == LC_MESSAGES


@pytest.mark.parametrize("domain", DOMAINS)
def test_committed_mo_files_are_compiled_from_the_po_files(domain):
    # A fresh machine has no msgfmt: a stale .mo would silently show old wording.
    po_path = LC_MESSAGES / f"{domain}.po"
    assert stale_mo(po_path, po_path.with_suffix(".mo")) is None
    assert len(as_dict(polib.pofile(str(po_path)))) > 50


def test_a_po_edited_without_recompiling_is_caught(tmp_path):
    po = polib.pofile(str(LC_MESSAGES / "django.po"))
    po.save(str(tmp_path / "django.po"))
    po.save_as_mofile(str(tmp_path / "django.mo"))
    assert stale_mo(tmp_path / "django.po", tmp_path / "django.mo") is None

    # a changed wording, as a translator would save it from Poedit
    entry = po.find("Save draft")
    entry.msgstr = "Lưu nháp"
    po.save(str(tmp_path / "django.po"))
    assert "Save draft" in stale_mo(tmp_path / "django.po", tmp_path / "django.mo")

    # a new translation of an empty entry, and a translation marked fuzzy
    po = polib.pofile(str(LC_MESSAGES / "django.po"))
    po.untranslated_entries()[0].msgstr = "Mới dịch"
    po.save(str(tmp_path / "django.po"))
    assert stale_mo(tmp_path / "django.po", tmp_path / "django.mo")
    po = polib.pofile(str(LC_MESSAGES / "django.po"))
    po.find("Save draft").flags.append("fuzzy")
    po.save(str(tmp_path / "django.po"))
    assert stale_mo(tmp_path / "django.po", tmp_path / "django.mo")
    (tmp_path / "django.mo").unlink()
    assert "missing" in stale_mo(tmp_path / "django.po", tmp_path / "django.mo")


@pytest.mark.parametrize("domain", DOMAINS)
def test_translations_keep_their_placeholders(domain):
    assert problems_in(polib.pofile(str(LC_MESSAGES / f"{domain}.po"))) == []


def test_vietnamese_has_a_single_plural_form():
    for domain in DOMAINS:
        po = polib.pofile(str(LC_MESSAGES / f"{domain}.po"))
        assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
        assert po.metadata["Language"] == "vi"
        for entry in po:
            if entry.msgid_plural:
                assert list(entry.msgstr_plural) == [0]
            assert not entry.fuzzy, entry.msgid


def test_placeholder_check_catches_lost_or_extra_placeholders():
    assert check_entry("Delete %(title)s", None, "Xoá") != []
    assert check_entry("Delete %(title)s", None, "Xoá %(name)s") != []
    assert check_entry("<b>{title}</b> is locked", None, "{title} đang bị khoá") != []
    assert check_entry("Delete 1 page", "Delete %(counter)s pages", "Xoá trang") != []
    assert check_entry("Delete %(title)s", None, "") != []
    assert check_entry("Delete %(title)s", None, "Xoá %(title)s") == []
    assert check_entry("Delete 1 page", "Delete %(counter)s pages", "Xoá %(counter)s trang") == []


def test_key_terms_are_translated_consistently():
    po = {
        msgid: msgstr
        for (_ctxt, msgid), msgstr in as_dict(polib.pofile(str(LC_MESSAGES / "django.po"))).items()
    }
    assert po["Collection"] == "Thư mục"
    assert po["Settings"] == "Cài đặt"
    assert po["Submit for moderation"] == "Gửi kiểm duyệt"
    assert po["Save draft"] == "Lưu bản nháp"
    assert po["Workflow"] == "Quy trình duyệt"
    assert po["Snippets"] == "Đoạn nội dung"


def test_django_strings_editors_meet_are_vietnamese():
    from datetime import timedelta

    from django.contrib.auth.password_validation import MinimumLengthValidator
    from django.core.exceptions import ValidationError
    from django.utils import timezone, translation
    from django.utils.timesince import timesince

    with translation.override("vi"):
        # Wagtail renders "%(time_period)s trước" around Django's timesince.
        assert timesince(timezone.now() - timedelta(days=3)) == "3\xa0ngày"
        try:
            MinimumLengthValidator(min_length=8).validate("abc")
        except ValidationError as error:
            assert error.messages == ["Mật khẩu quá ngắn. Mật khẩu phải có ít nhất 8 ký tự."]
        else:
            raise AssertionError("short password accepted")
        # django-taggit's messages on Wagtail's tag fields come from our catalogue.
        from taggit.managers import TaggableManager

        assert str(TaggableManager().help_text) == "Danh sách thẻ, phân cách bằng dấu phẩy."


# ---------------------------------------------------------------- make messages


def catalogue(*entries):
    po = polib.POFile()
    po.metadata = dict(catalogues.HEADER)
    for entry in entries:
        po.append(entry)
    return po


def sources(*items):
    return {s.key: s for s in items}


def test_merge_keeps_translations_and_adds_what_upstream_leaves_untranslated():
    existing = catalogue(
        polib.POEntry(
            msgid="Save draft", msgstr="Lưu bản nháp", tcomment="thống nhất với Xuất bản"
        ),
        polib.POEntry(msgid="Publish", msgstr="Đăng", flags=["fuzzy"]),
    )
    upstream = sources(
        Source(None, "Save draft", occurrences=[("wagtail/admin", "")]),
        Source(None, "Publish", upstream_translated=True),  # ours overrides Wagtail's wording
        Source(None, "Unpublish"),  # new in a Wagtail release: listed for a translator
        Source(None, "Delete", upstream_translated=True),  # Wagtail's vi has it: not listed
        Source(None, "%(n)s page", "%(n)s pages", flags=["python-format"]),
    )
    project = sources(Source(None, "Tin tức", occurrences=[("home/models.py", "")]))
    po, stats = merge(existing, project, upstream)
    by_id = {e.msgid: e for e in po}
    assert [e.msgid for e in po] == ["Tin tức", "Save draft", "Publish", "Unpublish", "%(n)s page"]
    assert by_id["Save draft"].msgstr == "Lưu bản nháp"
    assert by_id["Save draft"].tcomment == "thống nhất với Xuất bản"
    assert by_id["Save draft"].occurrences == [("wagtail/admin", "")]
    assert by_id["Publish"].msgstr == "Đăng" and by_id["Publish"].fuzzy
    assert by_id["Unpublish"].msgstr == ""
    assert by_id["%(n)s page"].msgstr_plural == {0: ""}
    assert "python-format" in by_id["%(n)s page"].flags
    assert by_id["Tin tức"].msgstr == ""  # the msgid is already Vietnamese
    assert stats == {"new": 3, "obsolete": 0, "revived": 0, "dropped": 0, "made_obsolete": []}


def test_merge_makes_vanished_translations_obsolete_and_revives_them():
    existing = catalogue(
        polib.POEntry(msgid="Old Wagtail string", msgstr="Chuỗi cũ"),
        polib.POEntry(msgid="Old empty string", msgstr=""),
    )
    po, stats = merge(existing, {}, {})
    assert [(e.msgid, e.obsolete) for e in po] == [("Old Wagtail string", True)]
    assert stats["made_obsolete"] == ["Old Wagtail string"] and stats["dropped"] == 1
    assert as_dict(po) == {}  # an obsolete entry never reaches the .mo

    po, stats = merge(po, {}, sources(Source(None, "Old Wagtail string")))
    assert [(e.msgid, e.msgstr, e.obsolete) for e in po] == [
        ("Old Wagtail string", "Chuỗi cũ", False)
    ]
    assert stats["revived"] == 1


def test_merge_flags_a_translation_whose_plural_changed():
    existing = catalogue(polib.POEntry(msgid="1 item", msgstr="1 mục"))
    po, _stats = merge(existing, {}, sources(Source(None, "1 item", "%(n)s items")))
    assert po[0].msgstr_plural == {0: "1 mục"} and po[0].fuzzy


def test_merge_of_the_committed_catalogue_changes_nothing():
    # What `make messages` does twice in a row: the second run is a no-op.
    for domain in DOMAINS:
        committed = polib.pofile(str(LC_MESSAGES / f"{domain}.po"))
        once, _stats = merge(committed, {}, catalogues.upstream_sources(domain))
        twice, stats = merge(once, {}, catalogues.upstream_sources(domain))
        assert str(once) == str(twice)
        assert stats["new"] == stats["obsolete"] == stats["revived"] == 0
        # No translation is lost by a merge, and no upstream msgid is missing.
        assert as_dict(once) == as_dict(committed)


def test_upstream_msgids_come_from_the_installed_packages_catalogues():
    django_ids = catalogues.upstream_sources("django")
    assert ("wagtail/admin", "") in django_ids[(None, "Save draft")].occurrences
    assert (None, "This field is required.") in django_ids  # django/conf
    assert (None, "A comma-separated list of tags.") in django_ids  # taggit, installed
    js_ids = catalogues.upstream_sources("djangojs")
    assert (None, "Page explorer") in js_ids
    assert (None, "Save draft") not in js_ids


def test_project_strings_are_extracted_from_code_and_templates(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(
        "{% load i18n %}<h1>{% translate 'Tin tức' %}</h1>\n"
        "{# Translators: số trường trong danh sách #}\n"
        "{% blocktranslate count n=schools|length %}Có {{ n }} trường.{% plural %}"
        "Có {{ n }} trường.{% endblocktranslate %}\n"
        '<p>{% translate "Mở" context "cửa sổ" %}</p>\n',
        encoding="utf-8",
    )
    found = {(c, m, p): comments for c, m, p, _line, comments in catalogues.extract_file(template)}
    assert (None, "Tin tức", "") in found
    assert found[(None, "Có %(n)s trường.", "Có %(n)s trường.")] == [
        "Translators: số trường trong danh sách"
    ]
    assert ("cửa sổ", "Mở", "") in found

    module = tmp_path / "models.py"
    module.write_text(
        "from django.utils.translation import gettext_lazy as _, ngettext, pgettext_lazy\n"
        "A = _('Trường học')\n"
        "B = ngettext('%(n)d mục', '%(n)d mục', 2)\n"
        "C = pgettext_lazy('trạng thái', 'Mở')\n"
        "D = 'không dịch'\n",
        encoding="utf-8",
    )
    found = {(c, m, p) for c, m, p, _line, _comments in catalogues.extract_file(module)}
    assert found == {
        (None, "Trường học", ""),
        (None, "%(n)d mục", "%(n)d mục"),
        ("trạng thái", "Mở", ""),
    }


def test_the_committed_catalogue_lists_the_project_strings():
    project = catalogues.project_sources("django")
    assert len(project) > 300
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(LC_MESSAGES / "django.po"))}
    assert (None, "Ghi nhớ đăng nhập") in project  # sites/accounts_forms.py
    assert (None, "Ghi nhớ đăng nhập") in committed
    assert not any(s.occurrences[0][0].startswith((".venv", "tests/")) for s in project.values())
