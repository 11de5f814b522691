from django.contrib import admin, messages

from api.keys import revoke
from api.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are made by `manage.py create_api_key` (the only time a key is shown); here they are revoked."""

    list_display = ("prefix", "site", "scopes", "note", "created_at", "last_used_at", "revoked_at")
    list_filter = ("site", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("prefix", "site__name", "note")
    readonly_fields = ("site", "prefix", "key_hash", "scopes", "created_at", "last_used_at", "revoked_at")
    fields = ("site", "prefix", "scopes", "note", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke_keys"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Revoke the selected keys")
    def revoke_keys(self, request, queryset) -> None:
        count = sum(revoke(key_id) for key_id in queryset.values_list("pk", flat=True))
        self.message_user(request, f"{count} key(s) revoked.", messages.SUCCESS)
