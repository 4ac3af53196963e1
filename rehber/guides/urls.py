from django.urls import path

from rehber.guides import views

app_name = "guides"

urlpatterns = [
    path("guides/", views.guide_index, name="index"),
    path("guides/saved/", views.saved_guides, name="saved"),
    path("guides/<slug:slug>/", views.guide_detail, name="detail"),
    path("laws/", views.law_index, name="law_index"),
    path("laws/<slug:slug>/", views.law_detail, name="law_detail"),
    path("staff/guides/", views.staff_guides, name="staff_index"),
    path("staff/guides/review/", views.staff_review_queue, name="staff_review_queue"),
    path("staff/guides/stale/", views.staff_stale, name="staff_stale"),
    path("staff/guides/<slug:slug>/verified/", views.staff_mark_verified, name="staff_verified"),
    path("staff/guides/<slug:slug>/<str:language>/", views.staff_guide_edit, name="staff_edit"),
    path(
        "staff/guides/<slug:slug>/<str:language>/review/", views.staff_review, name="staff_review"
    ),
    path(
        "staff/guides/<slug:slug>/<str:language>/history/",
        views.staff_history,
        name="staff_history",
    ),
    path(
        "staff/laws/<slug:slug>/<str:number>/amend/", views.staff_law_amend, name="staff_law_amend"
    ),
    path(
        "staff/laws/<slug:slug>/<str:number>/<str:language>/",
        views.staff_law_translate,
        name="staff_law_translate",
    ),
]
