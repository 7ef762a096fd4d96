"""The open data of the sector figures on an office's portal: /du-lieu-mo/so-lieu-nganh.json
and .csv (schema open_data.SCHEMA), for the schools below the office, published figures
only. A school's host and an unknown host answer 404, as /du-lieu-mo/cong-khai.json."""

from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone

from wagtail.models import Site

from sites.models import Office
from sites.school_year import parse_school_year

from ..periods import disclosure_year_of
from .open_data import csv_text, document


def _document(request):
    site = Site.find_for_request(request)
    office = Office.objects.filter(site_id=site.pk).first() if site is not None else None
    if office is None:
        raise Http404
    school_year = request.GET.get("nam_hoc") or disclosure_year_of(timezone.localdate())
    try:
        parse_school_year(school_year)
    except ValueError:
        raise Http404 from None
    return document(office, office.schools_below().order_by("name"), school_year)


def open_data_json(request):
    response = JsonResponse(_document(request), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def open_data_csv(request):
    response = HttpResponse(csv_text(_document(request)), content_type="text/csv; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response
