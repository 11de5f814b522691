"""The REST API's shapes: what callers send and what they get back (and so the OpenAPI schema)."""
from __future__ import annotations

from rest_framework import serializers

from blog.models import Comment
from moderation.models import AuditEntry
from moderation.queue import REASON_CODES, SORTS, TABS

MAX_ID = 2**63 - 1  # the largest id a database column holds; a larger one must be a 400, not a crash


class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField(help_text="What went wrong, in words a developer can act on.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False,
        help_text="Per-field problems, for a request that did not validate.",
    )


class ArticleInSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    external_id = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=200_000, help_text="The article's text: drift's context.")
    comments_open = serializers.BooleanField(required=False, default=True)


class ArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    external_id = serializers.CharField()
    title = serializers.CharField()
    comments_open = serializers.BooleanField()


class AuthorSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, default="", allow_blank=True)
    id = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True,
        help_text="Your site's id for the author.",
    )


class CommentInSerializer(serializers.Serializer):
    article_id = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="Pitlane's article id."
    )
    article_url = serializers.URLField(max_length=500, required=False)
    article_external_id = serializers.CharField(max_length=200, required=False)
    parent_id = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID
    )
    author = AuthorSerializer(required=False)
    text = serializers.CharField(max_length=Comment.MAX_BODY, trim_whitespace=False)
    ip = serializers.IPAddressField(required=False, allow_null=True, default=None)
    user_agent = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)

    def validate(self, data: dict) -> dict:
        if not any(data.get(name) for name in ("article_id", "article_url", "article_external_id")):
            raise serializers.ValidationError("Give article_id, article_url or article_external_id.")
        if not data["text"].strip():
            raise serializers.ValidationError({"text": ["The comment is empty."]})
        return data


class CommentCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Comment.Status.choices)


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    article_id = serializers.IntegerField()
    parent_id = serializers.IntegerField(allow_null=True)
    text = serializers.CharField(source="body")
    status = serializers.ChoiceField(choices=Comment.Status.choices)
    collapsed = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    status_changed_at = serializers.DateTimeField()
    spam_score = serializers.FloatField(source="review.spam_score", allow_null=True, default=None)
    drift_score = serializers.FloatField(source="review.drift_score", allow_null=True, default=None)
    reason_codes = serializers.ListField(child=serializers.CharField(), source="review.codes", default=list)
    reasons = serializers.ListField(child=serializers.CharField(), source="review.reasons", default=list)
    model_version = serializers.CharField(source="review.model_version", default="")

    def to_representation(self, comment: Comment) -> dict:
        data = super().to_representation(comment)
        # A comment not scored yet has no review: empty lists and no model, never null.
        for name, empty in (("reason_codes", []), ("reasons", []), ("model_version", "")):
            if data[name] is None:
                data[name] = empty
        return data


class DecisionInSerializer(serializers.Serializer):
    moderator = serializers.CharField(max_length=100, help_text="The name of your moderator deciding.")
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)
    expected_status = serializers.ChoiceField(
        choices=Comment.Status.choices, required=False, allow_null=True, default=None,
        help_text="The status your moderator saw; if it changed since, nothing happens and you get 409.",
    )


class RejectInSerializer(DecisionInSerializer):
    reason = serializers.ChoiceField(choices=AuditEntry.Reason.choices)


class QueueFilterSerializer(serializers.Serializer):
    tab = serializers.ChoiceField(
        choices=[(tab.key, tab.label) for tab in TABS], required=False, default="held"
    )
    reason = serializers.ChoiceField(
        choices=list(REASON_CODES.items()), required=False, default="", allow_blank=True
    )
    article_id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, default=None)
    sort = serializers.ChoiceField(choices=list(SORTS.items()), required=False, default="oldest")
    page = serializers.IntegerField(required=False, min_value=1, max_value=100_000, default=1)


class QueuePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = CommentSerializer(many=True)


class ModelVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.CharField()
    status = serializers.CharField()
    is_live = serializers.BooleanField(source="is_active")
    is_shadow = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    promoted_at = serializers.DateTimeField(allow_null=True)


class ModelListSerializer(serializers.Serializer):
    live = ModelVersionSerializer(allow_null=True)
    models = ModelVersionSerializer(many=True)
