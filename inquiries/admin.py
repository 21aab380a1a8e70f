from django.contrib import admin

from .models import CycleTemplate, Initiative


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "school", "state", "template", "last_activity_at"]
    list_filter = ["state", "school"]
    search_fields = ["title"]
    list_select_related = ["school", "template"]


@admin.register(CycleTemplate)
class CycleTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "builtin_key"]
