"""A school's own domain: its main hostname and alias hostnames that answer 301 to it.

The office administrator sets them. A hostname is accepted when it lies under the
domain of the school's office (or of an office above it: one install, one operator),
or when the office proved control of it: a DNS TXT record
``_truongso-xac-minh.<hostname>`` with value ``truongso-xac-minh=<token>``, or a file
``http://<hostname>/.well-known/truongso-xac-minh.txt`` containing the token. The proof
is stored (what was seen, when). Resolver and fetcher are injectable (tests use fakes).
"""

import re
import secrets
import urllib.request

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Site

from .models import HostnameProof, Office, School, SchoolHostname
from .office_scope import office_ids_above

TXT_PREFIX = "_truongso-xac-minh"
TXT_VALUE = "truongso-xac-minh={token}"
FILE_PATH = "/.well-known/truongso-xac-minh.txt"


class DomainError(ValueError):
    """A hostname cannot be used; the message is Vietnamese and safe to show."""


_DOMAIN = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)


def normalise_hostname(hostname):
    return (hostname or "").strip().lower().rstrip(".")


def valid_hostname(hostname):
    """`hostname` when it is a valid DNS name, else ValueError with a Vietnamese message."""
    if not _DOMAIN.match(hostname or ""):
        raise ValueError(_("Tên miền “%(host)s” không hợp lệ.") % {"host": hostname or ""})
    return hostname


def _normalise(hostname):
    try:
        return valid_hostname(normalise_hostname(hostname))
    except ValueError as error:
        raise DomainError(str(error)) from None


def office_domains(office):
    """The domains under which `office` may give out hostnames without a proof."""
    return list(
        Office.objects.filter(pk__in=office_ids_above(office.pk)).values_list("domain", flat=True)
    )


def under_office_domains(office, hostname):
    return any(hostname.endswith("." + domain) for domain in office_domains(office))


def verified_proof(office, hostname):
    """The office's verified proof for `hostname` or a domain above it (whoever controls
    thcskimdong.edu.vn's DNS or web server also controls www.thcskimdong.edu.vn)."""
    labels = hostname.split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    return HostnameProof.objects.filter(
        office=office, hostname__in=candidates, verified_at__isnull=False
    ).first()


def start_proof(office, hostname):
    """The proof to set up for `hostname` (a new token, or the pending one)."""
    hostname = _normalise(hostname)
    proof, _created = HostnameProof.objects.get_or_create(
        office=office,
        hostname=hostname,
        defaults={"token": secrets.token_urlsafe(24), "method": HostnameProof.Method.DNS},
    )
    return proof


def instructions(proof):
    return _(
        "Tạo bản ghi DNS TXT “%(name)s” với giá trị “%(value)s”, hoặc đặt tệp "
        "http://%(host)s%(path)s chứa mã “%(token)s”; sau đó chạy kiểm tra."
    ) % {
        "name": f"{TXT_PREFIX}.{proof.hostname}",
        "value": TXT_VALUE.format(token=proof.token),
        "host": proof.hostname,
        "path": FILE_PATH,
        "token": proof.token,
    }


def dns_txt(name):
    """TXT strings published at `name` (dnspython); [] when there are none."""
    import dns.exception
    import dns.resolver

    try:
        answer = dns.resolver.resolve(name, "TXT", lifetime=5)
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer, dns.exception.DNSException):
        return []
    return [b"".join(record.strings).decode("utf-8", "replace") for record in answer]


def fetch_text(url):
    request = urllib.request.Request(  # noqa: S310 - http(s) only, built by us
        url, headers={"User-Agent": "TruongSo-xac-minh"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (http only by design)
            return response.read(4096).decode("utf-8", "replace")
    except OSError:
        return ""


def check_proof(proof, method=HostnameProof.Method.DNS, *, resolver=dns_txt, fetcher=fetch_text):
    """Look for the token; on success store the evidence and the time. Returns the proof."""
    if method == HostnameProof.Method.DNS:
        name = f"{TXT_PREFIX}.{proof.hostname}"
        records = resolver(name)
        wanted = TXT_VALUE.format(token=proof.token)
        found = [r for r in records if r.strip() == wanted]
        evidence = f"TXT {name}: {found[0]}" if found else ""
    else:
        url = f"http://{proof.hostname}{FILE_PATH}"
        body = fetcher(url)
        found = proof.token in (body or "")
        evidence = f"GET {url}: {body.strip()[:200]}" if found else ""
    if not found:
        raise DomainError(
            _("Chưa thấy mã xác minh cho %(host)s. %(how)s")
            % {"host": proof.hostname, "how": instructions(proof)}
        )
    proof.method, proof.evidence, proof.verified_at = method, evidence, timezone.now()
    proof.save(update_fields=["method", "evidence", "verified_at"])
    return proof


def _check_usable(school, hostname):
    office = school.office
    if Office.objects.filter(domain=hostname).exists():
        raise DomainError(_("%(host)s là tên miền cổng của một đơn vị.") % {"host": hostname})
    other_site = Site.objects.filter(hostname=hostname).exclude(pk=school.site_id).first()
    other_alias = SchoolHostname.objects.filter(hostname=hostname).exclude(school=school).first()
    if other_site is not None or other_alias is not None:
        raise DomainError(_("Tên miền %(host)s đang được dùng.") % {"host": hostname})
    if not under_office_domains(office, hostname) and verified_proof(office, hostname) is None:
        raise DomainError(
            _(
                "%(host)s không thuộc tên miền của đơn vị; hãy xác minh quyền quản lý tên miền "
                "(DNS TXT hoặc tệp) trước."
            )
            % {"host": hostname}
        )


@transaction.atomic
def set_school_hostnames(school, main, aliases=()):
    """Make `main` the school's hostname and `aliases` its alias hostnames (301 to main).
    The previous main hostname stays as an alias, so old links keep working. All or
    nothing: one unusable hostname and nothing changes."""
    school = School.objects.select_related("site", "office").get(pk=school.pk)
    main = _normalise(main)
    aliases = [h for h in dict.fromkeys(_normalise(a) for a in aliases if a.strip()) if h != main]
    for hostname in [main, *aliases]:
        _check_usable(school, hostname)
    site = school.site
    old_main = site.hostname
    keep = set(aliases)
    if old_main != main:
        keep.add(old_main)
    SchoolHostname.objects.filter(school=school, reason=SchoolHostname.Reason.ALIAS).exclude(
        hostname__in=keep
    ).delete()
    SchoolHostname.objects.filter(hostname=main).delete()
    for hostname in keep:
        SchoolHostname.objects.update_or_create(
            hostname=hostname,
            defaults={"school": school, "reason": SchoolHostname.Reason.ALIAS},
        )
    if old_main != main:
        site.hostname = main
        site.save()  # School.base_url, routing and page-cache generations follow
    return school
