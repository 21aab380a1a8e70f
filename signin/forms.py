from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import NamedRequired

from .models import IdentityProvider, SignInPolicy


class SignInPolicyForm(NamedRequired, forms.ModelForm):
    class Meta:
        model = SignInPolicy
        fields = ["password_for_staff", "two_step_for_leaders", "new_accounts_domain"]

    def clean_new_accounts_domain(self) -> str:
        domain = self.cleaned_data["new_accounts_domain"].strip().lower().lstrip("@")
        if domain and ("." not in domain or " " in domain):
            raise forms.ValidationError(
                _("Write the domain as in an email address, e.g. school.nl.")
            )
        return domain


class IdentityProviderForm(NamedRequired, forms.ModelForm):
    """A way in. The client secret is write-only: shown never, kept when left empty."""

    secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted and never shown again. Leave empty to keep the saved one."),
    )

    class Meta:
        model = IdentityProvider
        fields = ["kind", "label", "client_id", "tenant_id", "domain", "server_url", "is_enabled"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = IdentityProvider.Kind.choices
        if not self.instance.pk:
            self.fields["secret"].help_text = _("Stored encrypted and never shown again.")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == IdentityProvider.Kind.MICROSOFT and not cleaned.get("tenant_id"):
            self.add_error("tenant_id", _("Fill in your school's tenant ID from Entra ID."))
        if kind == IdentityProvider.Kind.GOOGLE and not cleaned.get("domain"):
            self.add_error("domain", _("Fill in your school's Google Workspace domain."))
        if kind == IdentityProvider.Kind.OIDC and not cleaned.get("server_url"):
            self.add_error("server_url", _("Fill in the provider's issuer URL."))
        if not cleaned.get("secret") and not self.instance.has_secret:
            self.add_error("secret", _("Fill in the client secret you got when registering."))
        return cleaned

    def save(self, commit=True):
        provider = super().save(commit=False)
        if secret := self.cleaned_data.get("secret"):
            provider.set_secret(secret)
        if commit:
            provider.save()
        return provider
