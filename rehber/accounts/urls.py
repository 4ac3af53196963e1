from django.urls import path

from rehber.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path("sign-up/sent/", views.sign_up_sent, name="sign_up_sent"),
    path("sign-up/confirm/<str:token>/", views.sign_up_confirm, name="sign_up_confirm"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.password_reset_sent, name="password_reset_sent"),
    path("password-reset/done/", views.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<str:uidb64>/<str:token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("sign-in/code/", views.two_factor, name="two_factor"),
    path("sign-in/authenticator/", views.two_factor_setup, name="two_factor_setup"),
    path("my-data/", views.my_data, name="my_data"),
    path("", views.account, name="account"),
]
