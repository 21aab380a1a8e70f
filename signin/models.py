from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import LineField
from teams.models import School, User

from . import secrets


class SignInPolicy(models.Model):
    """How a school's staff sign in. Without a row: passwords on, two-step sign-in required
    for the leader and staff admins, no accounts made on the fly."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="sign_in_policy")
    password_for_staff = models.BooleanField(
        _("staff may sign in with a password"),
        default=True,
        help_text=_(
            "Switch this off once your school's account works. The school leader and staff "
            "admins keep their password (with two-step sign-in) as a way in if the provider "
            "is down."
        ),
    )
    two_step_for_leaders = models.BooleanField(
        _("two-step sign-in required for the school leader and staff admins"),
        default=True,
        help_text=_("When they sign in with a password; the school's account has its own."),
    )
    new_accounts_domain = models.CharField(
        _("make an account for a new colleague of this email domain"),
        max_length=100,
        blank=True,
        help_text=_(
            "For example: devlinderboom.nl. Empty (the default): only colleagues who are "
            "already in the staff list can sign in."
        ),
    )

    class Meta:
        verbose_name = _("sign-in policy")

    def __str__(self) -> str:
        return str(self.school)

    @classmethod
    def of(cls, school_id: int) -> SignInPolicy:
        return cls.objects.filter(school_id=school_id).first() or cls(school_id=school_id)

    def allows_password(self, user: User) -> bool:
        return self.password_for_staff or user.is_leader or user.is_school_admin

    def requires_two_step(self, user: User) -> bool:
        return self.two_step_for_leaders and (user.is_leader or user.is_school_admin)


class IdentityProvider(models.Model):
    """A school's own way in: its Microsoft tenant, its Google Workspace domain, or an
    OpenID Connect provider (how Entree Federatie connects)."""

    class Kind(models.TextChoices):
        MICROSOFT = "microsoft", _("Microsoft (Entra ID, work accounts)")
        GOOGLE = "google", _("Google Workspace")
        OIDC = "oidc", _("OpenID Connect (for example Entree Federatie)")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="identity_providers")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    label = LineField(
        _("button text"),
        max_length=60,
        help_text=_("What the login page says, for example: Inloggen met Microsoft."),
    )
    client_id = models.CharField(_("client ID"), max_length=200)
    secret_encrypted = models.TextField(blank=True, editable=False)
    server_url = models.URLField(
        _("issuer URL"),
        max_length=300,
        blank=True,
        help_text=_(
            "Only for OpenID Connect; Microsoft and Google know their own. For example: "
            "https://connect.entree.kennisnet.nl"
        ),
    )
    tenant_id = models.CharField(
        _("Microsoft tenant ID"),
        max_length=64,
        blank=True,
        help_text=_("The directory (tenant) ID of your school in Entra ID."),
    )
    domain = models.CharField(
        _("Google Workspace domain"),
        max_length=100,
        blank=True,
        help_text=_("For example: devlinderboom.nl"),
    )
    is_enabled = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["school_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="microsoft") | ~models.Q(tenant_id=""),
                name="microsoft_needs_a_tenant",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="google") | ~models.Q(domain=""),
                name="google_needs_a_domain",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="oidc") | ~models.Q(server_url=""),
                name="oidc_needs_an_issuer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.label}"

    @property
    def provider_id(self) -> str:
        """allauth's name for this provider: in its URLs and its linked accounts."""
        return f"school{self.school_id}-{self.pk}"

    @property
    def issuer_url(self) -> str:
        if self.server_url:
            return self.server_url  # set for OIDC; for the others only to test against
        if self.kind == self.Kind.MICROSOFT:
            # The tenant's own endpoint: Microsoft itself turns away accounts of other tenants.
            return f"https://login.microsoftonline.com/{self.tenant_id}/v2.0"
        return "https://accounts.google.com"

    def set_secret(self, secret: str) -> None:
        self.secret_encrypted = secrets.encrypt(secret)

    @property
    def has_secret(self) -> bool:
        return bool(self.secret_encrypted)

    def secret(self) -> str:
        return secrets.decrypt(self.secret_encrypted)
