"""The documents register's filters (Văn bản): issuing body, year, kind and a keyword.

The kind of an official document is written in its number, as the regulations on
administrative documents have it ("123/QĐ-SGDĐT" a decision, "45/KH-UBND" a plan); a
number with no kind code ("1234/SGDĐT-VP") is a công văn. Reading it from the number
needs no field for editors to fill and no query to list the kinds."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sites.text import fold

# (code in the number, label), in the order people look for them.
KINDS = (
    ("QĐ", _("Quyết định")),
    ("KH", _("Kế hoạch")),
    ("TB", _("Thông báo")),
    ("HD", _("Hướng dẫn")),
    ("CT", _("Chỉ thị")),
    ("BC", _("Báo cáo")),
    ("TTr", _("Tờ trình")),
    ("NQ", _("Nghị quyết")),
)
CONG_VAN = "CV"
KIND_CHOICES = (*KINDS, (CONG_VAN, _("Công văn")))


def _has_code(code):
    # "/QĐ-" after the serial number; also "QĐ-" at the start of numbers written without it.
    return Q(number__icontains=f"/{code}-") | Q(number__istartswith=f"{code}-")


def filter_documents(documents, params, pairs):
    """(documents filtered, chosen filters, issuers, years). `pairs` is the list of
    (issuer, year) of the register's documents: one query gives both lists."""
    issuers = sorted({issuer for issuer, _year in pairs})
    years = sorted({year for _issuer, year in pairs if year}, reverse=True)
    chosen = {"issuer": "", "year": "", "kind": "", "q": ""}

    issuer = params.get("co-quan", "")
    if issuer in issuers:
        documents = documents.filter(issuer=issuer)
        chosen["issuer"] = issuer
    year = params.get("nam", "")
    if year.isdigit() and int(year) in years:
        documents = documents.filter(issued_on__year=int(year))
        chosen["year"] = int(year)
    kind = params.get("loai", "")
    if kind == CONG_VAN:
        for code, _label in KINDS:
            documents = documents.exclude(_has_code(code))
        chosen["kind"] = kind
    elif kind in dict(KINDS):
        documents = documents.filter(_has_code(kind))
        chosen["kind"] = kind
    keyword = " ".join(params.get("q", "").split())[:100]
    if keyword:
        # Number or abstract as written, or the folded text (so "ke hoach" finds "Kế hoạch").
        documents = documents.filter(
            Q(number__icontains=keyword)
            | Q(abstract__icontains=keyword)
            | Q(search_text_folded__icontains=fold(keyword))
        )
        chosen["q"] = keyword
    return documents, chosen, issuers, years
