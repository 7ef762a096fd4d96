"""Công khai: the disclosure section of every school site (Thông tư 09/2024/TT-BGDĐT).

The checklist is data (DisclosureCatalogue + DisclosureRequirement, loaded from
fixtures/ and editable by office administrators); each published item is a
DisclosurePage under the school's DisclosureIndexPage.
"""

# Every model lives in the module of its job (the checklist in requirements, the
# disclosures, the public page, the school-year calendar, the stored figures in
# summaries); their names are re-exported here, where Django and the rest of the code
# look for the app's models. The modules the public page needs never import this one.
from .disclosures import (  # noqa: F401
    RETENTION_YEARS,
    DisclosurePage,
    DisclosurePermissionTester,
    acting_user,
    acting_user_is_superuser,
    retained_disclosures_under,
    retention_until,
)
from .periods import (  # noqa: F401
    DISCLOSURE_YEAR_START_MONTH,
    TimingRule,
    default_period,
    disclosure_year_of,
    month_label,
    parse_month,
    parse_week,
    school_year_of_period,
    validate_period,
    week_label,
)
from .public import DisclosureIndexPage, DisclosureIndexPermissionTester  # noqa: F401
from .requirements import (  # noqa: F401
    GROUP_ORDER,
    DisclosureCatalogue,
    DisclosureCatalogueQuerySet,
    DisclosureChange,
    DisclosureDeferral,
    DisclosureRequirement,
    DisclosureRequirementQuerySet,
    RequirementGroup,
    StagesField,
)
from .school_calendar import SchoolBreak, SchoolYearCalendar  # noqa: F401
from .sector_data.stored import (  # noqa: F401
    SectorDataImport,
    SectorDataImportQuerySet,
    SectorDataKind,
)
from .summaries import (  # noqa: F401
    ComplianceCounts,
    OfficeComplianceSnapshot,
    SchoolComplianceSummary,
)
