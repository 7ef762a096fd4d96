"""A school's own domain: its main hostname and alias hostnames that answer 301 to it.

The office administrator sets them. A hostname is accepted when it lies under the
domain of the school's office (or of an office above it: one install, one operator),
or when the office proved control of it: a DNS TXT record
``_truongso-xac-minh.<hostname>`` with value ``truongso-xac-minh=<token>``, or a file
``http://<hostname>/.well-known/truongso-xac-minh.txt`` containing the token. The proof
is stored (what was seen, when). Resolver and fetcher are injectable (tests use fakes).
"""

import http.client
import ipaddress
import re
import secrets
import socket
import urllib.parse

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Site

from .models import HostnameProof, Office, School, SchoolHostname
from .office_scope import office_ids_above
from .permissions import hostname_office, may_name_school_host

TXT_PREFIX = "_truongso-xac-minh"
TXT_VALUE = "truongso-xac-minh={token}"
FILE_PATH = "/.well-known/truongso-xac-minh.txt"


class DomainError(ValueError):
    """A hostname cannot be used; the messages are Vietnamese and safe to show (one per
    problem, `messages`; str() joins them)."""

    @property
    def messages(self):
        return [str(arg) for arg in self.args]

    def __str__(self):
        return " ".join(self.messages)


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


def proof_steps(proof):
    """What to publish for `proof`: the TXT record (name, value) or the file (URL, content)."""
    return {
        "txt_name": f"{TXT_PREFIX}.{proof.hostname}",
        "txt_value": TXT_VALUE.format(token=proof.token),
        "file_url": f"http://{proof.hostname}{FILE_PATH}",
        "file_content": proof.token,
    }


def instructions(proof):
    steps = proof_steps(proof)
    return _(
        "Tạo bản ghi DNS TXT “%(name)s” với giá trị “%(value)s”, hoặc đặt tệp "
        "%(url)s chứa mã “%(token)s”; sau đó chạy kiểm tra."
    ) % {
        "name": steps["txt_name"],
        "value": steps["txt_value"],
        "url": steps["file_url"],
        "token": steps["file_content"],
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


def checked_address(hostname):
    """The address to connect to for `hostname`: resolved once, returned only when every
    address the name has is a public one (the file check fetches a URL an administrator
    typed and must never reach the servers' own network), else None."""
    try:
        infos = socket.getaddrinfo(hostname, None)
        addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    except (OSError, UnicodeError, ValueError):
        return None
    if not addresses or not all(address.is_global for address in addresses):
        return None
    return str(addresses[0])


def fetch_text(url):
    """The first 4 KiB of an http:// URL's body, '' on any failure or non-200 answer
    (redirects are not followed: one could lead to an internal address)."""
    parts = urllib.parse.urlsplit(url)
    hostname = parts.hostname or ""
    if parts.scheme != "http" or not hostname:
        return ""
    address = checked_address(hostname)
    if address is None:
        return ""
    # Connect to the address just checked, never to the name again: a second DNS answer
    # (rebinding, TTL 0) could otherwise point the connection at 127.0.0.1.
    port = parts.port or 80
    connection = http.client.HTTPConnection(address, port, timeout=5)
    try:
        connection.request(
            "GET",
            parts.path or "/",
            headers={
                "Host": hostname if port == 80 else f"{hostname}:{port}",
                "User-Agent": "TruongSo-xac-minh",
            },
        )
        response = connection.getresponse()
        if response.status != 200:
            return ""
        return response.read(4096).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return ""
    finally:
        connection.close()


def not_seen_message(proof, method):
    where = (
        _("bản ghi DNS TXT %(name)s") % {"name": f"{TXT_PREFIX}.{proof.hostname}"}
        if method == HostnameProof.Method.DNS
        else _("tệp http://%(host)s%(path)s") % {"host": proof.hostname, "path": FILE_PATH}
    )
    return _("Chưa thấy mã xác minh cho %(host)s trong %(where)s.") % {
        "host": proof.hostname,
        "where": where,
    }


def check_proof(proof, method=HostnameProof.Method.DNS, *, resolver=None, fetcher=None):
    """Look for the token; on success store the evidence and the time. Returns the proof.
    The resolver and fetcher default to dns_txt and fetch_text, looked up at call time (so
    tests may replace them on the module)."""
    resolver, fetcher = resolver or dns_txt, fetcher or fetch_text
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
        raise DomainError(not_seen_message(proof, method), instructions(proof))
    proof.method, proof.evidence, proof.verified_at = method, evidence, timezone.now()
    proof.save(update_fields=["method", "evidence", "verified_at"])
    return proof


def _problem(school, hostname, by=None):
    """Why `hostname` cannot be the school's (a message), or None. The proof is not
    looked at here (see check_hostnames)."""
    if "." not in hostname:
        return _("Tên miền “%(host)s” phải có ít nhất hai phần, ví dụ thcskimdong.edu.vn.") % {
            "host": hostname
        }
    if Office.objects.filter(domain=hostname).exists():
        return _("%(host)s là tên miền cổng của một đơn vị.") % {"host": hostname}
    other_site = Site.objects.filter(hostname=hostname).exclude(pk=school.site_id).exists()
    other_alias = SchoolHostname.objects.filter(hostname=hostname).exclude(school=school).exists()
    if other_site or other_alias:
        return _("Tên miền %(host)s đang được dùng cho trường hoặc đơn vị khác.") % {
            "host": hostname
        }
    # Under an office's domain, that office gives out the name: the school's own or one
    # above it, and one the user manages (a ward never hands out www.<Sở domain>, nor a
    # sibling ward's names).
    owner = hostname_office(hostname)
    if owner is not None and not may_name_school_host(by, school, hostname):
        return _("%(host)s thuộc tên miền của đơn vị khác (%(office)s).") % {
            "host": hostname,
            "office": owner.name,
        }
    return None


def wanted_hostnames(main, aliases=()):
    """(main, aliases) normalised, aliases without blanks, repeats or the main hostname.
    DomainError (every invalid one at once) for a hostname that is no DNS name."""
    errors, cleaned = [], []
    for hostname in [main, *[a for a in aliases if (a or "").strip()]]:
        try:
            cleaned.append(_normalise(hostname))
        except DomainError as error:
            errors.append(str(error))
    if not (main or "").strip():
        errors.insert(0, _("Hãy nhập tên miền chính."))
    if errors:
        raise DomainError(*errors)
    main, *aliases = cleaned
    return main, [h for h in dict.fromkeys(aliases) if h != main]


def check_hostnames(school, main, aliases=(), *, by=None):
    """(main, aliases, unproven) for the hostnames wanted for `school`: normalised, and
    the ones that still need the office's proof (outside the office's domains, no
    verified proof; a hostname under another unproven one is covered by its proof).
    DomainError, every problem at once, for an invalid hostname or one another school
    or office holds."""
    main, aliases = wanted_hostnames(main, aliases)
    errors = [p for p in (_problem(school, h, by) for h in [main, *aliases]) if p]
    if errors:
        raise DomainError(*errors)
    office = school.office
    unproven = [
        h
        for h in [main, *aliases]
        if not under_office_domains(office, h) and verified_proof(office, h) is None
    ]
    unproven = [h for h in unproven if not any(h.endswith("." + other) for other in unproven)]
    return main, aliases, unproven


def request_school_hostnames(school, main, aliases=(), *, by=None):
    """Apply `main` and `aliases` at once when every hostname may be used; otherwise
    change nothing and return the proofs the office has to publish (new or pending)."""
    school = School.objects.select_related("site", "office").get(pk=school.pk)
    main, aliases, unproven = check_hostnames(school, main, aliases, by=by)
    if unproven:
        return [start_proof(school.office, hostname) for hostname in unproven]
    set_school_hostnames(school, main, aliases, by=by)
    return []


def proofs_needed(school, main, aliases=(), *, by=None):
    """The proofs (new or pending) to publish before `main` and `aliases` can be applied;
    [] when none is needed or when a hostname cannot be used at all."""
    try:
        _main, _aliases, unproven = check_hostnames(school, main, aliases, by=by)
    except DomainError:
        return []
    return [start_proof(school.office, hostname) for hostname in unproven]


def verify_school_hostnames(
    school,
    main,
    aliases=(),
    method=HostnameProof.Method.DNS,
    *,
    resolver=None,
    fetcher=None,
    by=None,
):
    """Check the proof of every hostname that needs one, then apply. DomainError naming
    each hostname whose token was not seen (nothing applied); proofs that were seen stay
    verified, with their evidence."""
    school = School.objects.select_related("site", "office").get(pk=school.pk)
    _main, _aliases, unproven = check_hostnames(school, main, aliases, by=by)
    errors = []
    for hostname in unproven:
        try:
            check_proof(
                start_proof(school.office, hostname), method, resolver=resolver, fetcher=fetcher
            )
        except DomainError as error:
            errors.append(error.messages[0])  # the screen shows the steps beside it
    if errors:
        raise DomainError(*errors)
    return set_school_hostnames(school, main, aliases, by=by)


def set_school_hostnames(school, main, aliases=(), *, by=None):
    """Make `main` the school's hostname and `aliases` its alias hostnames (301 to main).
    The previous main hostname stays as an alias, so old links keep working. All or
    nothing: one unusable hostname and nothing changes."""
    try:
        with transaction.atomic():
            return _set_school_hostnames(school, main, aliases, by)
    except IntegrityError:
        # Another save took one of these names between our check and our write.
        raise DomainError(
            _("Một tên miền vừa được trường khác đăng ký cùng lúc; hãy tải lại trang và thử lại.")
        ) from None


def _set_school_hostnames(school, main, aliases, by=None):
    school = School.objects.select_related("site", "office").get(pk=school.pk)
    main, aliases, unproven = check_hostnames(school, main, aliases, by=by)
    if unproven:
        raise DomainError(
            *[
                _(
                    "%(host)s không thuộc tên miền của đơn vị; hãy xác minh quyền quản lý tên "
                    "miền (DNS TXT hoặc tệp) trước."
                )
                % {"host": hostname}
                for hostname in unproven
            ]
        )
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
