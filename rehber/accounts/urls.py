from django.urls import path

from rehber.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path("sign-up/sent/", views.sign_up_sent, name="sign_up_sent"),
    path("sign-up/confirm/<str:token>/", views.sign_up_confirm, name="sign_up_confirm"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("sign-in/code/", views.two_factor, name="two_factor"),
    path("sign-in/authenticator/", views.two_factor_setup, name="two_factor_setup"),
    path("my-data/", views.my_data, name="my_data"),
    path("", views.account, name="account"),
]
