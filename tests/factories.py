"""Factories for tests. Schools are made through the real provisioning service, so
every test school has exactly what a provisioned school has."""

import datetime
import itertools

from django.contrib.auth import get_user_model

import factory
import wagtail_factories

from home.models import NewsCategory, NewsPage, OfficeNewsPage
from sites.models import Office
from sites.provisioning import (
    SchoolSpec,
    add_office_user,
    add_school_user,
    provision_office,
    provision_school,
)

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
