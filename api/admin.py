from django.contrib import admin, messages

from api.keys import revoke
from api.models import ApiKey, CoralPhase, WebhookDelivery, WebhookSubscription


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


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("site", "url", "events", "is_active", "created_at")
    list_filter = ("site", "is_active")
    readonly_fields = ("secret", "created_at")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """What was sent and how each try went; written only by the delivery task."""

    list_display = ("event", "subscription", "status", "attempts", "last_status_code", "created_at")
    list_filter = ("status", "event", "subscription__site")
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CoralPhase)
class CoralPhaseAdmin(admin.ModelAdmin):
    list_display = ("id", "site", "is_active", "created_at")
    list_filter = ("site", "is_active")
