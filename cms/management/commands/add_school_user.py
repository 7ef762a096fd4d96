from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from cms.management.add_person import AddPersonCommand
from cms.schools.provisioning import add_school_user
from sites.models import School
from sites.roles import SchoolRole


class Command(AddPersonCommand):
    help = "Thêm một người dùng vào một vai trò của một trường."
    place_option, place_help = "--school", "Mã trường, ví dụ thcs-kim-dong"
    role_help = "editor | teacher | group_head | principal"

    def place(self, slug):
        school = School.objects.filter(slug=slug).first()
        if school is None:
            raise CommandError(_("Không có trường mã “%(slug)s”.") % {"slug": slug})
        return school

    def role(self, name):
        if name not in SchoolRole.values:
            raise CommandError(
                _("Vai trò “%(role)s” không hợp lệ (dùng một trong: %(choices)s).")
                % {"role": name, "choices": ", ".join(SchoolRole.values)}
            )
        return SchoolRole(name)

    def add(self, school, role, **person):
        return add_school_user(school, role, **person)
