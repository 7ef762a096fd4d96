"""Factories for tests. Schools are made through the real provisioning service, so
every test school has exactly what a provisioned school has."""

import datetime
import itertools

from django.contrib.auth import get_user_model

import factory
import wagtail_factories

from cms.schools.provisioning import (
    SchoolSpec,
    add_office_user,
    add_school_user,
    provision_office,
    provision_school,
)
from home.models import NewsCategory, NewsPage, OfficeNewsPage
from sites.models import Office

_counter = itertools.count(1)


def make_office(name="Phòng Giáo dục và Đào tạo Hội An", domain="pgddthoian.test"):
    office = Office.objects.filter(domain=domain).first()
    return office or provision_office(name, domain, port=80)


def make_school(name=None, level="THCS", office=None, **fields):
    office = office or make_office()
    name = name or f"THCS Thử Nghiệm {next(_counter)}"
    school, _created = provision_school(office, SchoolSpec(name=name, level=level, **fields))
    return school


def make_child_office(parent, name, domain):
    office = Office.objects.filter(domain=domain).first()
    return office or provision_office(name, domain, parent=parent, port=80)


def make_office_user(office, role, username=None, password="matkhau-thu-123"):
    """An administrator or inspector of `office` (OfficeRole value)."""
    username = username or f"canbo-{office.pk}-{role}-{next(_counter)}"
    return add_office_user(
        office, role, username=username, email=f"{username}@example.test", password=password
    )


def join_office(user, role, office=None):
    """Make an existing user staff of `office` (default: the first office) in `role`:
    the membership decides their reach, the group their permissions."""
    from cms.schools.provisioning import office_group
    from sites.models import OfficeMembership

    office = office or Office.objects.order_by("pk").first()
    OfficeMembership.objects.update_or_create(user=user, defaults={"office": office, "role": role})
    user.groups.add(office_group(role))
    return user


def make_school_user(school, role, username=None, password="matkhau-thu-123"):
    username = username or f"{school.slug}-{role}-{next(_counter)}"
    return add_school_user(
        school, role, username=username, email=f"{username}@example.test", password=password
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    password = factory.django.Password("matkhau-thu-123")


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Ảnh {n}")


class DocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Tài liệu {n}")


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Tin hoạt động số {n}")
    date = factory.LazyFunction(datetime.date.today)
    category = NewsCategory.SCHOOL_LIFE
    summary = "Tóm tắt tin bài."

    @classmethod
    def for_school(cls, school, **kwargs):
        index = school.home_page.get_children().get(slug="tin-tuc")
        return cls(parent=index, **kwargs)


class OfficeNewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = OfficeNewsPage

    title = factory.Sequence(lambda n: f"Thông báo của phòng số {n}")
    date = factory.LazyFunction(datetime.date.today)
    summary = "Tóm tắt thông báo."


# --- Second factor -------------------------------------------------------------------


def enrol_second_factor(user):
    """A confirmed authenticator and recovery codes for `user`: (TOTPDevice, [codes])."""
    from sites.two_factor import enrol

    return enrol(user)


def totp_code(device_or_hex_key, *, step_offset=0):
    """The code an authenticator app would show now for a device (or its hex key, where
    the ORM is out of reach, as inside Playwright). step_offset=1 gives the next code:
    a code is accepted only once, so a second login within 30 s needs it."""
    from binascii import unhexlify

    from django_otp.oath import totp

    key = getattr(device_or_hex_key, "key", device_or_hex_key)
    return f"{totp(unhexlify(key), drift=step_offset):06d}"


def mark_second_factor_passed(client, user):
    """What a real login + code leaves in the session, for tests about something else."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="totp", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
