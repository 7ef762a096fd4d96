"""Admin URLs of the tenancy layer (mounted under /quan-tri/ by sites.wagtail_hooks)."""

from django.urls import path

from . import accounts_views

urlpatterns = [
    path("xac-thuc/thiet-lap/", accounts_views.setup, name="two_factor_setup"),
    path("xac-thuc/", accounts_views.verify, name="two_factor_verify"),
    path(
        "xac-thuc/ma-du-phong/",
        accounts_views.new_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("tai-khoan/", accounts_views.accounts_index, name="truongso_accounts"),
    path(
        "tai-khoan/<int:user_id>/dat-lai-xac-thuc/",
        accounts_views.reset_second_factor,
        name="truongso_reset_second_factor",
    ),
    path("tai-khoan/<int:user_id>/mo-khoa/", accounts_views.unlock, name="truongso_unlock"),
    path(
        "tai-khoan/<int:user_id>/gui-loi-moi/",
        accounts_views.resend_invitation,
        name="truongso_resend_invitation",
    ),
]
