from django.contrib import admin

from moderation.models import AuditEntry, ModerationSettings, ReplyNotice, Review, ScoreRecord


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        ("Model thresholds", {"fields": [
            "use_model_thresholds", "spam_hold_threshold", "spam_reject_threshold",
            "drift_hold_threshold", "drift_collapse_threshold",
        ]}),
        ("Words", {"fields": ["banned_words", "blocked_words"]}),
        ("Readers", {"fields": [
            "premoderate_first", "reports_to_hold", "auto_premoderate_rate", "auto_premoderate_window",
        ]}),
    ]

    def has_add_permission(self, request) -> bool:
        return not ModerationSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what happened: viewable, never edited by hand."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "reason", "from_status", "to_status", "comment_id"]
    list_filter = ["action", "reason", "to_status"]
    list_select_related = ["actor"]
    search_fields = ["comment__body", "actor__username", "note"]


@admin.register(ScoreRecord)
class ScoreRecordAdmin(ReadOnlyAdmin):
    list_display = ["comment_id", "model_version", "spam_score", "drift_score", "scored_at"]
    list_filter = ["model_version"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["comment_id", "reason_codes", "spam_score", "drift_score", "open_reports", "updated_at"]


@admin.register(ReplyNotice)
class ReplyNoticeAdmin(ReadOnlyAdmin):
    list_display = ["comment_id", "recipient", "sent_at"]
