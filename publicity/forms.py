"""The editor's form for a disclosure: only the school's own requirements may be chosen."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.forms import SchoolPageForm
from sites.text import vietnamese_slug

from .periods import period_choices, period_help, period_label
from .requirements import DisclosureChange, DisclosureRequirement


class DisclosurePageForm(SchoolPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = self._find_school()
        if "slug" in self.fields:  # every new version gets its own slug from the title
            self.fields["slug"].required = False
        change = self.fields.get("change")
        if change is not None:  # only this school's recorded changes
            change.queryset = DisclosureChange.objects.filter(school=self.school).select_related(
                "requirement"
            )
        self._period_field()
        field = self.fields.get("requirement")
        if field is None:
            return
        allowed = [r.pk for r in self.applicable_requirements()]
        current = self.instance.requirement_id if self.instance.pk else None
        if current:
            allowed.append(current)  # a retired requirement stays on its old pages
        field.queryset = DisclosureRequirement.objects.filter(pk__in=allowed).order_by(
            "order", "code"
        )

    def _chosen_requirement(self):
        """The requirement the form is about: the one submitted, else the page's."""
        wanted = self.data.get(self.add_prefix("requirement")) if self.is_bound else None
        if wanted:
            return (
                DisclosureRequirement.objects.filter(pk=wanted).first()
                if wanted.isdigit()
                else None
            )
        return self.instance.requirement if self.instance.requirement_id else None

    def _period_field(self):
        """Editors pick the period from a labelled list (the current school year first),
        only the periods that fit the item's timing once it is known; never a code."""
        old = self.fields.get("period")
        if old is None:
            return
        requirement = self._chosen_requirement()
        groups = period_choices(
            requirement.timing if requirement else None,
            with_years=bool(requirement and requirement.is_conditional),
        )
        choices = [(str(group), list(options)) for group, options in groups]
        current = self.instance.period
        known = {code for _group, options in choices for code, _label in options}
        if current and current not in known:  # an older period keeps its place
            choices.insert(0, (current, period_label(current)))
        self.fields["period"] = forms.ChoiceField(
            label=old.label,
            choices=[("", _("– Chọn kỳ công khai –"))] + choices,
            help_text=period_help(),
        )
        if "changed_on" in self.fields:
            self.fields["changed_on"].help_text = _(
                "Để trống nếu đây là bản đầu tiên hoặc bản đính chính. Bản đầu tiên có thông "
                "tin ra đời sau hạn 30/6: ghi ngày có thông tin. Bản đăng sau bản đầu tiên vì "
                "thông tin thay đổi: ghi ngày thay đổi; hạn cập nhật là %(n)s ngày làm việc "
                "tính từ ngày này."
            ) % {"n": requirement.working_days if requirement else 10}

    def _find_school(self):
        page = self.instance
        parent = getattr(self, "parent_page", None)
        return page.school_for_tree(parent)

    def applicable_requirements(self):
        if self.school is None:
            return []
        stages = self.school.stages
        return [r for r in DisclosureRequirement.objects.in_force() if r.applies_to(stages)]

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        parent = getattr(self, "parent_page", None)
        if slug or parent is None:
            return slug
        base = vietnamese_slug(self.data.get("title", ""))[:200] or "cong-khai"
        taken = set(
            parent.get_children()
            .filter(slug__startswith=base)
            .exclude(pk=self.instance.pk)
            .values_list("slug", flat=True)
        )
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def clean(self):
        cleaned = super().clean()
        requirement = cleaned.get("requirement")
        if requirement is not None and self.school is not None:
            unchanged = self.instance.pk and requirement.pk == self.instance.requirement_id
            applicable = requirement.applies_to(self.school.stages) and not requirement.is_retired
            if not unchanged and not applicable:
                self.add_error("requirement", _("Mục này không áp dụng cho cấp học của trường."))
        return cleaned
