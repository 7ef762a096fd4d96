"""Filters of Wagtail's listings and reports, scoped for a school's staff.

Wagtail's filter forms offer every user who ever locked, owned or edited a page, every
Site and every collection as choices ("Khoá bởi", "Người sửa", "Trang web"…), whatever
the listing itself shows: another school's usernames and site names leak through the
choices. Every filter form is a WagtailFilterSet, so one wrapper around its `form`
narrows each user, Site, collection and group choice to the user's own school, for the
reports and listings Wagtail has now and those it adds later.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Collection, Site

from .permissions import user_school


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
