"""Reader accounts under /accounts/: Django's auth views plus sign-up and the profile page."""
from django.contrib.auth import views as auth_views
from django.urls import path, reverse

from blog import account_views, views
from blog.forms import WorkerPasswordResetForm
from blog.limits import RESET_PER_IP, limited
from blog.login_limits import guarded_login
from moderation.permissions import is_moderator


class LoginView(auth_views.LoginView):
    """Moderators land on the moderation queue unless the login asked to go somewhere else."""

    def get_default_redirect_url(self) -> str:
        if is_moderator(self.request.user):
            return reverse("moderation:queue")
        return super().get_default_redirect_url()


login_view = LoginView.as_view(redirect_authenticated_user=True)
password_reset = limited(RESET_PER_IP)(
    auth_views.PasswordResetView.as_view(form_class=WorkerPasswordResetForm)
)

urlpatterns = [
    path("login/", guarded_login(login_view), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("me/", views.profile, name="profile"),
    path("settings/", account_views.account_settings, name="account_settings"),
    path("settings/data/", account_views.download_data, name="download_data"),
    path("delete/", account_views.delete_account, name="delete_account"),
    path("unsubscribe/<str:token>/", account_views.unsubscribe, name="unsubscribe"),
    path("verify/<str:token>/", account_views.verify_email, name="verify_email"),
    path("verify-again/", account_views.resend_verification, name="resend_verification"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password_reset/", password_reset, name="password_reset"),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
