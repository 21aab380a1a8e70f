from django.contrib import admin

from .models import FeedbackRequest, Reflection


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    """Shared reflections only: a private one is nobody else's, site administrators included."""

    list_display = ["title", "author", "visibility", "created_at"]
    list_filter = ["visibility"]
    fields = ["title", "author", "visibility", "team", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(visibility=Reflection.Visibility.PRIVATE)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FeedbackRequest)
class FeedbackRequestAdmin(admin.ModelAdmin):
    list_display = ["reflection", "asked", "created_at", "answered_at"]
    fields = ["reflection", "asked", "created_at", "answered_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(reflection__visibility=Reflection.Visibility.PRIVATE)
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
