"""Changing and resetting a password: Django's own views, with the site's templates and a limit on how
often one address may ask for reset e-mails. A reset never says whether an address has an account."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.decorators import method_decorator

from config import throttle


@method_decorator(login_not_required, name="dispatch")
class PasswordReset(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"

    def post(self, request, *args, **kwargs):
        if not throttle.allowed(request, "password-reset", settings.PASSWORD_RESETS_PER_MINUTE):
            return render(request, "accounts/password_reset_too_many.html", status=429)
        return super().post(request, *args, **kwargs)
