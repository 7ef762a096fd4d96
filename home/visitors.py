"""What visitors send: questions (Hỏi đáp – liên hệ) and consultation comments (Lấy ý
kiến). One plain model owned by the school; nothing is public until a school editor
publishes it, and contact details are erased a set time after the answer."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from sites.models import School
from sites.roles import SchoolRole

from .base import FixedSectionPage, SchoolSitePage
from .blocks import RICH_TEXT_FEATURES
from .forms import MAX_CONTACT, MAX_NAME, MAX_TEXT, VisitorMessageForm

PUBLISHED_PER_PAGE = 50

CONSENT_TEXT = _(
    "Tôi đồng ý để nhà trường dùng họ tên và thông tin liên hệ này chỉ để trả lời câu hỏi "
    "hoặc góp ý của tôi. Thông tin liên hệ không được công khai và sẽ được xoá sau khi trả "
    "lời theo thời hạn lưu trữ của nhà trường (Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu "
    "cá nhân)."
)


class VisitorMessage(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "cau-hoi", _("Câu hỏi")
        COMMENT = "gop-y", _("Góp ý dự thảo")

    class Status(models.TextChoices):
        NEW = "moi", _("Chờ xử lý")
        PUBLISHED = "cong-khai", _("Đã công khai")
        HIDDEN = "khong-cong-khai", _("Không công khai")

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="visitor_messages", verbose_name=_("trường")
    )
    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("gửi tại trang")
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("họ và tên"), max_length=MAX_NAME, blank=True)
    contact = models.CharField(_("điện thoại hoặc thư điện tử"), max_length=MAX_CONTACT, blank=True)
    text = models.TextField(_("nội dung"), max_length=MAX_TEXT)
    consented_at = models.DateTimeField(_("đồng ý điều khoản lúc"))
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True
    )
    answer = models.TextField(_("trả lời của nhà trường"), max_length=MAX_TEXT, blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    contact_erased_at = models.DateTimeField(
        _("đã xoá thông tin liên hệ lúc"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("câu hỏi, góp ý")
        verbose_name_plural = _("hỏi đáp, góp ý")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["page", "status", "-created_at"])]

    def __str__(self):
        return self.text[:60]

    def save(self, *args, **kwargs):
        if self.answer.strip() and self.answered_at is None:
            self.answered_at = timezone.now()
        super().save(*args, **kwargs)

    def clean(self):
        unanswered = self.kind == self.Kind.QUESTION and not self.answer.strip()
        if self.status == self.Status.PUBLISHED and unanswered:
            raise ValidationError({"status": _("Cần có câu trả lời trước khi công khai câu hỏi.")})

    @classmethod
    def from_db(cls, db, field_names, values):  # remembers the stored status
        instance = super().from_db(db, field_names, values)
        instance._status_in_db = instance.__dict__.get("status")
        return instance

    def page_cache_hosts(self):
        """Only a published message (or one just taken down) changes a public page:
        a new question must not clear the cache of every site (sites/cache.py)."""
        published = self.Status.PUBLISHED
        if published not in (self.status, getattr(self, "_status_in_db", None)):
            return []
        return [self.school.site.hostname]

    # --- Retention ------------------------------------------------------------------

    @classmethod
    def erase_expired_contacts(cls, now=None):
        """Blank name and contact of messages answered more than the retention time
        ago (VISITOR_CONTACT_RETENTION_DAYS), and of never-answered ones that old (so no
        contact is kept for ever); returns how many were erased."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=settings.VISITOR_CONTACT_RETENTION_DAYS)
        expired = cls.objects.filter(
            models.Q(answered_at__lt=cutoff)
            | models.Q(answered_at__isnull=True, created_at__lt=cutoff),
            contact_erased_at__isnull=True,
        ).exclude(name="", contact="")
        return expired.update(name="", contact="", contact_erased_at=now)

    # --- Arrival --------------------------------------------------------------------

    def notify_editors(self):
        User = get_user_model()
        recipients = list(
            User.objects.filter(
                is_active=True,
                groups__school_role__school=self.school,
                groups__school_role__role__in=(SchoolRole.EDITOR, SchoolRole.PRINCIPAL),
            )
            .exclude(email="")
            .values_list("email", flat=True)
            .distinct()
        )
        if not recipients:
            return 0
        subject = gettext("[%(school)s] %(kind)s mới trên trang web") % {
            "school": self.school.name,
            "kind": self.get_kind_display(),
        }
        body = gettext(
            "Trang web của trường vừa nhận một %(kind)s mới. Nội dung chỉ hiện công khai khi "
            "biên tập viên duyệt. Xem và trả lời trong trang quản trị, mục Hỏi đáp, góp ý."
        ) % {"kind": self.get_kind_display().lower()}
        return send_mail(subject, body, None, recipients, fail_silently=True)


def allow_submission(address):
    """Count a submission from `address`; False once VISITOR_RATE_LIMIT are in the window."""
    key = f"visitor-rate:{address}"
    window = settings.VISITOR_RATE_WINDOW
    if cache.add(key, 1, window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return True
    return count <= settings.VISITOR_RATE_LIMIT


@transaction.atomic
def record_message(page, kind, cleaned):
    message = VisitorMessage.objects.create(
        school=page.school,
        page=page,
        kind=kind,
        name=cleaned["name"],
        contact=cleaned["contact"],
        text=cleaned["text"],
        consented_at=timezone.now(),
    )
    transaction.on_commit(message.notify_editors)
    return message


class AcceptsVisitorMessages:
    """A page with the visitor form: it renders the form with a fresh token, and shows
    the messages the school published."""

    visitor_message_kind = None

    def accepts_messages(self):
        return True

    def published_messages(self):
        return list(
            VisitorMessage.objects.filter(page=self, status=VisitorMessage.Status.PUBLISHED)
            .only("text", "answer", "answered_at", "created_at", "kind")
            .order_by("-created_at")[:PUBLISHED_PER_PAGE]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("form", VisitorMessageForm(page=self))
        context["published_messages"] = self.published_messages()
        context["sent"] = request.GET.get("da-gui") == "1"
        context["consent_text"] = CONSENT_TEXT
        return context


class QuestionIndexPage(AcceptsVisitorMessages, FixedSectionPage):
    """Hỏi đáp – liên hệ: the question form and the answered questions."""

    introduction = RichTextField(_("giới thiệu"), features=RICH_TEXT_FEATURES, blank=True)
    contact_details = RichTextField(
        _("thông tin liên hệ của trường"), features=RICH_TEXT_FEATURES, blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("contact_details"),
    ]
    subpage_types = []
    visitor_message_kind = VisitorMessage.Kind.QUESTION
    template = "home/question_index_page.html"

    class Meta:
        verbose_name = _("hỏi đáp – liên hệ")


class ConsultationIndexPage(FixedSectionPage):
    """Lấy ý kiến: the school's drafts put up for comment."""

    introduction = RichTextField(_("giới thiệu"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    subpage_types = ["home.ConsultationPage"]

    class Meta:
        verbose_name = _("lấy ý kiến")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["consultations"] = (
            ConsultationPage.objects.child_of(self)
            .live()
            .only("title", "slug", "url_path", "path", "depth", "opens_on", "closes_on")
            .order_by("-opens_on", "-pk")
        )
        context["today"] = timezone.localdate()
        return context


class ConsultationPage(AcceptsVisitorMessages, SchoolSitePage):
    issue = models.TextField(_("vấn đề lấy ý kiến"), max_length=1000)
    body = RichTextField(_("nội dung dự thảo"), features=RICH_TEXT_FEATURES, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("tệp dự thảo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    how_to_comment = RichTextField(
        _("cách thức góp ý"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Góp ý qua mẫu trên trang, hoặc gửi về đâu, cho ai."),
    )
    opens_on = models.DateField(_("ngày bắt đầu lấy ý kiến"), default=datetime.date.today)
    closes_on = models.DateField(_("ngày kết thúc lấy ý kiến"))
    summary = RichTextField(
        _("tổng hợp, tiếp thu ý kiến"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Công bố sau khi kết thúc lấy ý kiến."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("issue"),
        FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
        FieldPanel("body"),
        FieldPanel("document"),
        FieldPanel("how_to_comment"),
        FieldPanel("summary"),
    ]
    parent_page_types = ["home.ConsultationIndexPage"]
    subpage_types = []
    visitor_message_kind = VisitorMessage.Kind.COMMENT

    class Meta:
        verbose_name = _("dự thảo lấy ý kiến")
        verbose_name_plural = _("dự thảo lấy ý kiến")

    def folded_search_source(self):
        return " ".join(filter(None, [self.title, self.issue]))

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("Ngày kết thúc không được trước ngày bắt đầu.")})

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def accepts_messages(self):
        return self.is_open()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["is_open"] = self.is_open()
        context["is_closed"] = timezone.localdate() > self.closes_on
        return context
