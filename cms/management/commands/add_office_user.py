from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from cms.management.add_person import AddPersonCommand
from cms.schools.provisioning import add_office_user, office_by_domain
from sites.roles import OfficeRole

ROLES = {"administrator": OfficeRole.ADMINISTRATOR, "inspector": OfficeRole.INSPECTOR}


class Command(AddPersonCommand):
    help = "Thêm cán bộ (quản trị viên hoặc chuyên viên kiểm tra) cho một đơn vị."
    place_option, place_help = "--office", "Tên miền cổng của đơn vị"
    role_help = "administrator | inspector"

    def place(self, domain):
        return office_by_domain(domain)

    def role(self, name):
        if name not in ROLES:
            raise CommandError(
                _("Vai trò “%(role)s” không hợp lệ (dùng administrator hoặc inspector).")
                % {"role": name}
            )
        return ROLES[name]

    def add(self, office, role, **person):
        return add_office_user(office, role, **person)
