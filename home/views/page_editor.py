"""The page editor's "Gửi duyệt" on the publishing road (home/publishing.py).

A submission for approval whose version has personal-data findings nobody confirmed, or
photos still owed a declaration or a confirmation, is saved as a draft instead: the
editor sees why before anything reaches the principal. Wagtail's own page views decide
this in `form_valid`, on the version they have just validated (`self.form.instance`, no
second form built), by running their own save action instead of the submit action:
the request is left as it came.

Routing: Wagtail 8 sends every page URL (`wagtailadmin_pages:add`, `:edit`,
`:revisions_revert`...) through its page viewset registry, which picks the viewset
registered for the page's model or its nearest base class. `GuardedPageViewSet` is
registered for `Page` itself (home/wagtail_hooks.py, ordered after Wagtail's own base
viewset so it replaces it), so every page type of every app gets these views, under
Wagtail's URL names and paths, without shadowing any URL.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.revisions import RevisionsRevertView
from wagtail.admin.viewsets.pages import PageViewSet

from sites.permissions import school_of_page

from ..photos.review import HELD_MESSAGE, check_version, role_for
from ..privacy import PRIVACY_CONFIRM_FIELD, log_confirmation
from ..publishing import privacy_findings
from .editing import remember_findings

SUBMIT_ACTIONS = ("submit", "restart_workflow")


class GuardedSubmissionMixin:
    """For Wagtail's CreateView and EditView: hold a submission the guards stop."""

    held = None  # "privacy" or "photos" once the submission is held

    def form_valid(self, form):
        self.privacy = []
        if self.action_name in SUBMIT_ACTIONS:
            self.held = self._hold_reason(form.instance)
            if self.held:
                # The view's own draft save instead of its submit action.
                self.__dict__["action_name_and_method"] = ("save", self.save_action)
        response = super().form_valid(form)
        return self._after_save(response)

    def _hold_reason(self, version):
        self.privacy = privacy_findings(version, request=self.request)
        if self.privacy and not self.request.POST.get(PRIVACY_CONFIRM_FIELD):
            return "privacy"
        # A new page has no place in the tree yet: its school is its parent's.
        anchor = version if version.pk else self.parent_page
        check = check_version(version, version=version, school=school_of_page(anchor))
        if check.blocks(role_for(self.request.user, anchor)):
            return "photos"
        return None

    def _after_save(self, response):
        page = self.page
        if self.privacy and self.held is None:
            log_confirmation(page, self.request.user, self.privacy, revision=page.latest_revision)
            remember_findings(self.request, page, [])
        if self.held is None or self.expects_json_response:
            return response
        if self.held == "photos":
            messages.error(self.request, str(HELD_MESSAGE))
            return redirect("photos_page", page.pk)
        remember_findings(self.request, page, self.privacy)
        messages.error(
            self.request,
            _(
                "Chưa gửi duyệt: trang có thể chứa dữ liệu cá nhân của học sinh. Bản nháp đã được "
                "lưu. Hãy xem các mục được phát hiện ở đầu trang soạn thảo, sửa lại hoặc đánh dấu "
                "xác nhận rồi gửi duyệt lại."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)


class GuardedCreateView(GuardedSubmissionMixin, CreateView):
    pass


class GuardedEditView(GuardedSubmissionMixin, EditView):
    pass


class GuardedRevertView(GuardedSubmissionMixin, RevisionsRevertView):
    pass


class GuardedPageViewSet(PageViewSet):
    add_view_class = GuardedCreateView
    edit_view_class = GuardedEditView
    revisions_revert_view_class = GuardedRevertView


guarded_page_viewset = GuardedPageViewSet()
