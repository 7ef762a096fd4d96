"""The sections every school site has: the one table every module reads.

Four are the fixed sections of the regulations (Giới thiệu, Công khai, Thông tin chuyên
môn, Thông tin thông báo; `core=True`): compliance and the portal rely on exactly those.
Five more are protected pages every school carries at a fixed address (Tuyển sinh, Lịch
công tác tuần, Hỏi đáp – liên hệ, Lấy ý kiến, Sự kiện; `core=False`).

Provisioning creates them (with their titles and slugs), page permissions keep them from
being deleted, moved, unpublished or re-slugged by anyone but a superuser, the workflows
pick the approval chain by section, and school roles get their page rights from here.
"""

from dataclasses import dataclass

from django.apps import apps

from sites.roles import SchoolRole


class WorkflowKind:
    """Which shared approval chain governs a section (names in home/workflows.py)."""

    NEWS = "news"  # editor → principal
    PROFESSIONAL = "professional"  # teacher → subject-group head → principal
    DISCLOSURE = "disclosure"  # editor → principal


# Roles that hold page rights on the whole school subtree (sites/roles.py says which).
SCHOOL_WIDE_ROLES = (SchoolRole.EDITOR, SchoolRole.PRINCIPAL)


@dataclass(frozen=True)
class FixedSection:
    slug: str
    model_label: str  # "app.Model": a label, so this table imports no page type
    title: str
    workflow: str  # a WorkflowKind
    editor_roles: tuple = SCHOOL_WIDE_ROLES  # roles that may add and edit pages in it
    core: bool = True  # one of the four fixed sections of the regulations

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def section_only_roles(self):
        """Roles that may edit here and nowhere else in the school."""
        return tuple(role for role in self.editor_roles if role not in SCHOOL_WIDE_ROLES)


INTRODUCTION = FixedSection("gioi-thieu", "home.IntroductionPage", "Giới thiệu", WorkflowKind.NEWS)
DISCLOSURES = FixedSection(
    "cong-khai", "publicity.DisclosureIndexPage", "Công khai", WorkflowKind.DISCLOSURE
)
PROFESSIONAL = FixedSection(
    "chuyen-mon",
    "home.ProfessionalIndexPage",
    "Thông tin chuyên môn",
    WorkflowKind.PROFESSIONAL,
    editor_roles=(*SCHOOL_WIDE_ROLES, SchoolRole.TEACHER, SchoolRole.GROUP_HEAD),
)
NEWS = FixedSection("tin-tuc", "home.NewsIndexPage", "Thông tin, thông báo", WorkflowKind.NEWS)

ENROLMENT = FixedSection(
    "tuyen-sinh", "home.EnrolmentPage", "Tuyển sinh", WorkflowKind.NEWS, core=False
)
WORK_SCHEDULE = FixedSection(
    "lich-cong-tac",
    "home.WorkScheduleIndexPage",
    "Lịch công tác tuần",
    WorkflowKind.NEWS,
    core=False,
)
QUESTIONS = FixedSection(
    "hoi-dap", "home.QuestionIndexPage", "Hỏi đáp – liên hệ", WorkflowKind.NEWS, core=False
)
CONSULTATIONS = FixedSection(
    "lay-y-kien", "home.ConsultationIndexPage", "Lấy ý kiến", WorkflowKind.NEWS, core=False
)
EVENTS = FixedSection("su-kien", "home.EventIndexPage", "Sự kiện", WorkflowKind.NEWS, core=False)

# Every protected section of a school site, in menu order; provisioning creates them all.
SCHOOL_SECTIONS = (
    INTRODUCTION,
    DISCLOSURES,
    PROFESSIONAL,
    NEWS,
    ENROLMENT,
    WORK_SCHEDULE,
    QUESTIONS,
    CONSULTATIONS,
    EVENTS,
)
# The four fixed sections of the regulations only.
FIXED_SECTIONS = tuple(section for section in SCHOOL_SECTIONS if section.core)
FIXED_SECTION_SLUGS = frozenset(section.slug for section in FIXED_SECTIONS)
SCHOOL_SECTION_SLUGS = frozenset(section.slug for section in SCHOOL_SECTIONS)


def section_model(sections, slug):
    """The page type of the section at `slug` among `sections` (a site's), or None."""
    return next((section.model for section in sections if section.slug == slug), None)


# The school's home page itself is approved like news.
HOME_WORKFLOW = WorkflowKind.NEWS
SECTION_WORKFLOWS = {section.slug: section.workflow for section in SCHOOL_SECTIONS}


@dataclass(frozen=True)
class PortalSection:
    """A section every office portal carries at a fixed address."""

    slug: str
    model_label: str
    title: str
    main_menu: bool = True  # in the main menu; otherwise in the footer

    @property
    def model(self):
        return apps.get_model(self.model_label)


# Every office portal's sections, in menu order; provisioning creates the missing ones.
PORTAL_SECTIONS = (
    PortalSection("tin-tuc", "home.OfficeNewsIndexPage", "Tin tức – Thông báo"),
    PortalSection("van-ban", "home.OfficialDocumentIndexPage", "Văn bản chỉ đạo"),
    PortalSection("truong-hoc", "home.SchoolDirectoryPage", "Danh bạ trường học"),
    PortalSection(
        "lich-cong-tac", "home.OfficeWorkScheduleIndexPage", "Lịch công tác", main_menu=False
    ),
    PortalSection("tuyen-sinh", "home.EnrolmentOverviewPage", "Tuyển sinh các trường", False),
)
