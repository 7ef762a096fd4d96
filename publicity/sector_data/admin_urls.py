"""Admin URLs of Số liệu từ CSDL ngành (included by publicity/admin_urls.py)."""

from django.urls import path

from .views import (
    AnnualReportView,
    ImportXlsxView,
    MissingImportsView,
    SampleExportView,
    SectorDataView,
)

urlpatterns = [
    path("cong-khai/so-lieu-nganh/", SectorDataView.as_view(), name="publicity_sector_data"),
    path(
        "cong-khai/so-lieu-nganh/mau.xlsx",
        SampleExportView.as_view(),
        name="publicity_sector_data_sample",
    ),
    path(
        "cong-khai/so-lieu-nganh/<int:pk>/xlsx/",
        ImportXlsxView.as_view(),
        name="publicity_sector_data_xlsx",
    ),
    path(
        "cong-khai/so-lieu-nganh/bao-cao-thuong-nien/",
        AnnualReportView.as_view(),
        name="publicity_sector_data_annual_report",
    ),
    path(
        "cong-khai/so-lieu-nganh/chua-nhap/",
        MissingImportsView.as_view(),
        name="publicity_sector_data_missing",
    ),
]
