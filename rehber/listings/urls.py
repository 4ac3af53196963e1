from django.urls import path

from rehber.listings import views

app_name = "listings"

urlpatterns = [
    path("listings/", views.listing_list, name="list"),
    path("listings/new/", views.listing_create, name="create"),
    path("listings/mine/", views.listing_mine, name="mine"),
    path("listings/<int:pk>/", views.listing_detail, name="detail"),
    path("listings/<int:pk>/edit/", views.listing_edit, name="edit"),
    path("listings/<int:pk>/renew/", views.listing_renew, name="renew"),
    path("listings/<int:pk>/photos/", views.listing_photos, name="photos"),
    path("listings/photos/<int:pk>/<str:size>.jpg", views.listing_photo, name="photo"),
    path("listings/<int:pk>/report/", views.listing_report, name="report"),
    path("listings/<int:pk>/contact/", views.listing_contact, name="contact"),
    path("listings/messages/", views.conversation_list, name="conversations"),
    path("listings/messages/<int:pk>/", views.conversation_detail, name="conversation"),
    path("listings/api-keys/", views.api_keys, name="api_keys"),
    path("staff/listings/", views.staff_queue, name="staff_queue"),
    path("staff/listings/posters/", views.staff_verify, name="staff_verify"),
]
