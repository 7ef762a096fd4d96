"""Filters of Wagtail's listings and reports, scoped for a school's staff.

Wagtail's filter forms offer every user who ever locked, owned or edited a page, every
Site and every collection as choices ("Khoá bởi", "Người sửa", "Trang web"…), whatever
the listing itself shows: another school's usernames and site names leak through the
choices. Every filter form is a WagtailFilterSet, so one wrapper around its `form`
narrows each user, Site, collection and group choice to the user's own school, for the
reports and listings Wagtail has now and those it adds later.

For office staff the Site choices are the sites of their reach (their offices' portals
and schools). A province has 20,000 sites: as checkboxes they are neither usable nor
cheap (rendering them took seconds on every explorer page), so past SITE_CHOICES_MAX the
Site filter is left out; the explorer's search and the office school list find a school.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q

from wagtail.models import Collection, Site

from .permissions import (
    is_office_staff,
    media_collection_ids,
    offices_visible_to,
    sees_every_office,
    user_school,
    users_visible_to,
)

SITE_CHOICES_MAX = 300


def scoped_choices(queryset, user):
    """`queryset` of choices narrowed to what a school's staff may know of."""
    school = user_school(user)
    model = queryset.model
    if issubclass(model, get_user_model()):
        own = get_user_model().objects.filter(groups__school_role__school=school)
        return queryset.filter(pk__in=own.values("pk")) | queryset.filter(pk=user.pk)
    if issubclass(model, Site):
        return queryset.filter(pk=school.site_id)
    if issubclass(model, Collection):
        return queryset.filter(path__startswith=school.collection.path)
    if issubclass(model, Group):
        return queryset.filter(school_role__school=school)
    return queryset


def scope_filter_form(form, user):
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and hasattr(queryset, "model"):
            field.queryset = scoped_choices(queryset, user)


def office_sites(user):
    """The Sites in an office user's reach: portals and schools of the offices they see."""
    sites = Site.objects.all()
    if sees_every_office(user) or not is_office_staff(user):
        return sites
    office_ids = offices_visible_to(user)
    return sites.filter(Q(school__office_id__in=office_ids) | Q(office__id__in=office_ids))


def scope_office_filter_form(form, user):
    """A ward's office staff: user choices ("Khoá bởi", "Người sửa", "Chủ sở hữu") are the
    people of their reach and collection choices their collections, not every account
    and collection of the province; Site choices as limit_site_choices."""
    if is_office_staff(user) and not sees_every_office(user):
        collection_ids = media_collection_ids(user)
        for field in form.fields.values():
            queryset = getattr(field, "queryset", None)
            model = getattr(queryset, "model", None)
            if model is None:
                continue
            if issubclass(model, get_user_model()):
                field.queryset = queryset.filter(pk__in=users_visible_to(user).values("pk"))
            elif issubclass(model, Collection) and collection_ids is not None:
                field.queryset = queryset.filter(pk__in=collection_ids)
    limit_site_choices(form, user)


def limit_site_choices(form, user):
    """Site choices of office staff (and superusers) scoped to their reach; the field
    dropped when they are more than SITE_CHOICES_MAX (one COUNT decides)."""
    for name, field in list(form.fields.items()):
        queryset = getattr(field, "queryset", None)
        if queryset is None or not issubclass(getattr(queryset, "model", object), Site):
            continue
        field.queryset = queryset & office_sites(user)
        if field.queryset.count() > SITE_CHOICES_MAX:
            del form.fields[name]
