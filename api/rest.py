"""REST API v1: thin views; parse, authorise the key, one call into api's modules or moderation.services."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.views.defaults import page_not_found
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import access, articles, checking, identities
from api import serializers as s
from api.models import ApiKey
from blog.models import Comment
from moderation import queue, services
from scoring import registry
from scoring.models import ModelVersion

ERRORS = {
    code: OpenApiResponse(s.ErrorSerializer, description=text)
    for code, text in {
        400: "The request did not validate.", 401: "Missing, unknown or revoked API key.",
        403: "The key lacks the scope.", 404: "No such thing for this site.",
        409: "Already decided by someone else.", 429: "Too many calls with this key.",
    }.items()
}


def responses(ok: dict, *codes: int) -> dict:
    return {**ok, **{code: ERRORS[code] for code in (400, 401, 403, 429, *codes)}}


class SiteView(APIView):
    """Every call presents `Authorization: Bearer <key>` with the view's scope."""

    scope = ApiKey.Scope.CHECK

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        header = request.META.get("HTTP_AUTHORIZATION", "")
        presented = header[7:].strip() if header[:7].lower() == "bearer " else ""
        key = access.authorise(request._request, presented, self.scope)
        if isinstance(key, access.Refusal):
            raise {401: exceptions.NotAuthenticated, 403: exceptions.PermissionDenied}.get(
                key.status, exceptions.Throttled
            )(key.retry_after if key.status == 429 else key.message)
        request.api_key = key

    def get_authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="pitlane"'

    def comment_of_site(self, request: Request, pk: int) -> Comment:
        if not 0 < pk <= s.MAX_ID:  # beyond any id the database can hold
            raise Http404("No such comment for this site.")
        comment = (
            Comment.objects.select_related("review")
            .filter(pk=pk, article__site=request.api_key.site).first()
        )
        if comment is None:  # another site's comment is as unknown as a missing one
            raise Http404("No such comment for this site.")
        return comment


class ArticleRegister(SiteView):
    @extend_schema(request=s.ArticleInSerializer, responses=responses({200: s.ArticleSerializer,
                                                                         201: s.ArticleSerializer}, 409))
    def post(self, request: Request) -> Response:
        """Register an article (or update it, found by external id or URL) so drift has its text."""
        data = validated(s.ArticleInSerializer, request.data)
        try:
            article, created = articles.register(request.api_key.site, articles.ArticleText(**data))
        except articles.ArticleConflict as exc:
            return error(str(exc), status.HTTP_409_CONFLICT)
        return Response(s.ArticleSerializer(article).data, status=201 if created else 200)


class CommentSubmit(SiteView):
    @extend_schema(request=s.CommentInSerializer, responses=responses({201: s.CommentCreatedSerializer}, 404))
    def post(self, request: Request) -> Response:
        """Submit a comment: it is scored by the worker and decided like any Pitlane comment."""
        data = validated(s.CommentInSerializer, request.data)
        site = request.api_key.site
        article = articles.find(
            site, data.get("article_id"), data.get("article_url", ""), data.get("article_external_id", "")
        )
        if article is None:
            raise Http404("No such article for this site: register it first (POST /api/v1/articles/).")
        author = data.get("author") or {}
        incoming = checking.Incoming(
            body=data["text"], author_name=author.get("name", ""), author_email=author.get("email", ""),
            author_id=author.get("id", ""), ip_address=data["ip"], parent_id=data["parent_id"],
        )
        try:
            comment = checking.submit(site, incoming, article)
        except services.CommentRejected as exc:
            return error(str(exc), status.HTTP_400_BAD_REQUEST)
        return Response({"id": comment.pk, "status": comment.status}, status=201)


class CommentDetail(SiteView):
    @extend_schema(responses=responses({200: s.CommentSerializer}, 404))
    def get(self, request: Request, pk: int) -> Response:
        """A comment's status, scores, reasons and the model version that scored it."""
        return Response(s.CommentSerializer(self.comment_of_site(request, pk)).data)


class Decide(SiteView):
    scope = ApiKey.Scope.MODERATE
    action = ""

    def post(self, request: Request, pk: int) -> Response:
        comment = self.comment_of_site(request, pk)
        serializer = s.RejectInSerializer if self.action == "reject" else s.DecisionInSerializer
        data = validated(serializer, request.data)
        site = request.api_key.site
        moderator = identities.moderator(site, data["moderator"])
        expected, note = data["expected_status"], data["note"]
        try:
            if self.action == "approve":
                services.approve(comment.pk, moderator, expected, site_id=site.pk)
            elif self.action == "reject":
                services.reject(comment.pk, moderator, data["reason"], note, expected, site_id=site.pk)
            else:
                services.mark_spam_and_ban(comment.pk, moderator, note, expected, site_id=site.pk)
        except services.AlreadyHandled as exc:
            return error(str(exc), status.HTTP_409_CONFLICT)
        return Response(s.CommentSerializer(self.comment_of_site(request, pk)).data)


class Approve(Decide):
    action = "approve"

    @extend_schema(request=s.DecisionInSerializer, responses=responses({200: s.CommentSerializer}, 404, 409))
    def post(self, request: Request, pk: int) -> Response:
        """Publish the comment, as the named moderator of your site."""
        return super().post(request, pk)


class Reject(Decide):
    action = "reject"

    @extend_schema(request=s.RejectInSerializer, responses=responses({200: s.CommentSerializer}, 404, 409))
    def post(self, request: Request, pk: int) -> Response:
        """Reject the comment with a reason, as the named moderator of your site."""
        return super().post(request, pk)


class Spam(Decide):
    action = "spam"

    @extend_schema(request=s.DecisionInSerializer, responses=responses({200: s.CommentSerializer}, 404, 409))
    def post(self, request: Request, pk: int) -> Response:
        """Mark the comment spam and ban its author on your site, as the named moderator."""
        return super().post(request, pk)


class Queue(SiteView):
    scope = ApiKey.Scope.MODERATE

    @extend_schema(parameters=[s.QueueFilterSerializer], responses=responses({200: s.QueuePageSerializer}))
    def get(self, request: Request) -> Response:
        """Your site's moderation queue, by tab, filtered and sorted like Pitlane's own."""
        unknown = set(request.query_params) - set(s.QueueFilterSerializer().fields)
        if unknown:
            names = ", ".join(sorted(unknown))
            return error(f"Unknown query parameters: {names}.", status.HTTP_400_BAD_REQUEST)
        data = validated(s.QueueFilterSerializer, request.query_params.dict())
        filters = queue.Filters(tab=data["tab"], reason=data["reason"], article_id=data["article_id"],
                                sort=data["sort"])
        comments = queue.items(filters).filter(article__site=request.api_key.site)
        paginator = Paginator(comments, queue.PER_PAGE)
        page = paginator.get_page(data["page"])
        body = {"count": paginator.count, "page": page.number, "pages": paginator.num_pages,
                "results": s.CommentSerializer(page.object_list, many=True).data}
        return Response(body)


class Models(SiteView):
    @extend_schema(responses=responses({200: s.ModelListSerializer}))
    def get(self, request: Request) -> Response:
        """Every trained model version, and the live one (null before the first promotion)."""
        rows = list(ModelVersion.objects.order_by("-created_at", "-id")[:100])
        return Response(s.ModelListSerializer({"live": registry.live_version(), "models": rows}).data)


def not_found(request, exception=None) -> JsonResponse | HttpResponse:
    """The site's 404 handler: JSON under /api/, the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "No such API endpoint."}, status=404)
    return page_not_found(request, exception)


def validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def error(message: str, code: int) -> Response:
    return Response({"error": message}, status=code)
