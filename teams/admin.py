from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied

from .models import (
    Board,
    CoreValue,
    Holiday,
    Membership,
    School,
    SchoolYear,
    SharedGoal,
    Team,
    TeamNorm,
    User,
)


class CoreValueInline(admin.TabularInline):
    model = CoreValue
    extra = 0


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "board", "shares_with_board", "created_at"]
    inlines = [CoreValueInline]


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 0


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "starts_on", "ends_on"]
    list_filter = ["school"]
    inlines = [HolidayInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "kind", "first_group", "last_group"]
    list_filter = ["school", "kind"]
    inlines = [MembershipInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["school", "name"]
    list_display = ["name", "email", "school", "board", "role", "is_active"]
    list_filter = ["school", "board", "role", "is_active", "is_school_admin"]
    search_fields = ["name", "email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (None, {"fields": ["name", "job_title", "school", "board", "role", "is_school_admin"]}),
        (None, {"fields": ["language", "working_days", "is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "name", "school", "board", "password1", "password2"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        # Colleagues are deactivated, never deleted: their work stays (and the delete
        # confirmation page would list what they wrote, private reflections included).
        return False

    def get_readonly_fields(self, request, obj=None):
        # Nobody acts as someone else, a superuser neither: another person's login address
        # changes only through EmailChange (the person confirms), and their password only
        # by themselves.
        if obj is not None:
            return ["email"]
        return []

    def user_change_password(self, request, id, form_url=""):
        if str(request.user.pk) != str(id):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(SharedGoal)
class SharedGoalAdmin(admin.ModelAdmin):
    list_display = ["title", "school", "team", "status"]
    list_filter = ["school", "status"]


@admin.register(TeamNorm)
class TeamNormAdmin(admin.ModelAdmin):
    list_display = ["text", "team"]


# allauth's address rows also let a password reset find an account: an address added here
# would take someone over. Login addresses change only through EmailChange.
if admin.site.is_registered(EmailAddress):
    admin.site.unregister(EmailAddress)
