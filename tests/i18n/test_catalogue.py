"""The committed Vietnamese admin catalogue is complete, compiled and consistent."""

from pathlib import Path

from django.conf import settings

import polib

from tools.i18n.build_vi_catalogues import build, check_entry

LC_MESSAGES = Path(settings.BASE_DIR) / "cms" / "locale" / "vi" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")


def as_dict(catalogue):
    """{msgid: translation} for the translated entries of a .po or .mo file."""
    result = {}
    for entry in catalogue:
        if entry.msgid_plural:
            result[entry.msgid] = tuple(sorted((int(k), v) for k, v in entry.msgstr_plural.items()))
        elif entry.msgstr:
            result[entry.msgid] = entry.msgstr
    return result


def test_locale_paths_point_at_the_project_catalogue():
    assert LC_MESSAGES.parent.parent in [Path(p) for p in settings.LOCALE_PATHS]


def test_committed_mo_files_are_compiled_from_the_po_files():
    # A fresh machine has no msgfmt: a stale .mo would silently show old wording.
    for domain in DOMAINS:
        po = polib.pofile(str(LC_MESSAGES / f"{domain}.po"))
        mo = polib.mofile(str(LC_MESSAGES / f"{domain}.mo"))
        assert as_dict(po) == as_dict(mo), (
            f"{domain}.mo is stale: run .venv/bin/python -m tools.i18n.build_vi_catalogues"
        )
        assert len(as_dict(po)) > 50


def test_po_files_match_the_translation_tables():
    catalogues, problems = build(write=False)
    assert problems == []
    for domain in DOMAINS:
        committed = polib.pofile(str(LC_MESSAGES / f"{domain}.po"))
        assert as_dict(committed) == as_dict(catalogues[domain]), (
            f"{domain}.po is stale: run .venv/bin/python -m tools.i18n.build_vi_catalogues"
        )


def test_vietnamese_has_a_single_plural_form():
    for domain in DOMAINS:
        po = polib.pofile(str(LC_MESSAGES / f"{domain}.po"))
        assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
        assert po.metadata["Language"] == "vi"
        for entry in po:
            if entry.msgid_plural:
                assert list(entry.msgstr_plural) == [0]
            assert not entry.fuzzy


def test_placeholder_check_catches_lost_or_extra_placeholders():
    assert check_entry("Delete %(title)s", None, "Xoá") != []
    assert check_entry("Delete %(title)s", None, "Xoá %(name)s") != []
    assert check_entry("<b>{title}</b> is locked", None, "{title} đang bị khoá") != []
    assert check_entry("Delete 1 page", "Delete %(counter)s pages", "Xoá trang") != []
    assert check_entry("Delete %(title)s", None, "") != []
    assert check_entry("Delete %(title)s", None, "Xoá %(title)s") == []
    assert check_entry("Delete 1 page", "Delete %(counter)s pages", "Xoá %(counter)s trang") == []


def test_key_terms_are_translated_consistently():
    po = as_dict(polib.pofile(str(LC_MESSAGES / "django.po")))
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
