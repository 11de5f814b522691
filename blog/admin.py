"""Admin for articles and tags; comments are read-only here because only moderation.services writes status."""
from django.contrib import admin

from blog.models import AccountEvent, Article, Comment, LoginAlert, ReaderProfile, Report, Site, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "slug")
    list_filter = ("kind",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "is_home", "created_at")
    search_fields = ("name", "url")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "site", "byline", "published_at", "comments_open", "premoderate_all")
    list_filter = ("site", "comments_open", "premoderate_all", "tags")
    search_fields = ("title", "standfirst")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("tags",)
    date_hierarchy = "published_at"


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("id", "author", "article", "status", "depth", "created_at", "seed_label")
    list_filter = ("status", "seed_label", "collapsed")
    search_fields = ("body", "author__username")
    list_select_related = ("author", "article")
    raw_id_fields = ("article", "parent", "root", "author")
    readonly_fields = ("status", "status_changed_at", "collapsed", "root", "depth", "seed_label", "seed_key")

    def has_add_permission(self, request) -> bool:
        # New comments go through moderation.services.submit_comment, which checks and scores them.
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("comment", "reporter", "reason", "created_at")
    list_filter = ("reason",)
    raw_id_fields = ("comment", "reporter")


@admin.register(ReaderProfile)
class ReaderProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "display_name", "email_on_reply", "trusted", "banned")
    list_filter = ("trusted", "banned", "email_on_reply")
    raw_id_fields = ("user",)


@admin.register(LoginAlert)
class LoginAlertAdmin(admin.ModelAdmin):
    list_display = ("username", "failures", "created_at")
    search_fields = ("username",)
    readonly_fields = ("username", "failures", "created_at")

    def has_add_permission(self, request) -> bool:
        return False  # only the login limiter raises alerts


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    """The audit of readers' data downloads and account deletions: read only, and kept."""

    list_display = ("created_at", "kind", "username", "user_id")
    list_filter = ("kind",)
    search_fields = ("username",)
    readonly_fields = ("kind", "user_id", "username", "details", "created_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
