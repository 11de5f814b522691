"""Sanctions on readers: each one changes the reader's standing and leaves a history row; staff and
moderators are out of a moderator's reach; the reader is told why and until when."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Comment, ReaderProfile
from moderation import policy, services
from moderation.models import AuditEntry, ModerationSettings, Restriction, Sanction
from moderation.reader_notices import notices_for
from moderation.services import CommentRejected, NewComment, SanctionRefused
from tests.blog.builders import make_comment, make_reader
from tests.moderation.builders import make_admin, make_held

Kind = Sanction.Kind


def in_hours(hours: float):
    return timezone.now() + timedelta(hours=hours)


def test_timed_suspension_blocks_commenting_and_tells_the_reader_why_and_until_when(
    article, alice, moderator
):
    ends = in_hours(24)
    services.sanction(alice.pk, Kind.SUSPEND, moderator, "Repeated personal attacks", ends)
    with pytest.raises(CommentRejected, match="suspended from commenting until"):
        services.submit_comment(NewComment(article.pk, alice.pk, "Let me back in"))
    assert not Comment.objects.filter(author=alice).exists()
    [notice] = notices_for(alice)
    assert (notice.kind, notice.reason, notice.ends_at) == ("suspend", "Repeated personal attacks", ends)


def test_an_expired_suspension_no_longer_applies(article, alice, moderator):
    services.sanction(alice.pk, Kind.SUSPEND, moderator, "Cool off", in_hours(1))
    Restriction.objects.filter(reader=alice).update(suspended_until=in_hours(-0.1))
    services.submit_comment(NewComment(article.pk, alice.pk, "Back again"))
    assert notices_for(alice) == []


def test_suspension_needs_a_length_within_a_year_and_a_reason(alice, moderator):
    with pytest.raises(SanctionRefused, match="how long"):
        services.sanction(alice.pk, Kind.SUSPEND, moderator, "Reason", None)
    with pytest.raises(SanctionRefused, match="at most a year"):
        services.sanction(alice.pk, Kind.SUSPEND, moderator, "Reason", in_hours(24 * 400))
    with pytest.raises(SanctionRefused, match="reason"):
        services.sanction(alice.pk, Kind.SUSPEND, moderator, "", in_hours(1))
    assert not Sanction.objects.exists()


def test_suspension_lengths_from_the_form(db):
    assert abs(services.suspension_end("1h") - timezone.now() - timedelta(hours=1)) < timedelta(seconds=5)
    assert services.suspension_end("7d") - timezone.now() > timedelta(days=6, hours=23)
    assert services.suspension_end("custom", 36) - timezone.now() > timedelta(hours=35)
    assert services.suspension_end("custom") is None


def test_premoderated_reader_is_held_even_when_trusted(alice, moderator):
    services.sanction(alice.pk, Kind.TRUST, moderator)
    services.sanction(alice.pk, Kind.PREMODERATE, moderator, "Too many off-topic posts")
    standing = policy.Standing(trusted=True, premoderated=True)
    verdict = policy.decide(policy.Submission("Fine comment", 0.01, 0.01), policy.PolicySettings(), standing)
    assert verdict.action == policy.Action.HOLD and verdict.codes == ("premoderated_reader",)
    from moderation import inputs

    assert inputs.standings({alice.pk})[alice.pk].premoderated


@pytest.mark.parametrize(("give", "lift", "flag"), [
    (Kind.BAN, Kind.UNBAN, "banned"), (Kind.TRUST, Kind.UNTRUST, "trusted"),
])
def test_ban_and_trust_flip_the_flag_and_refuse_a_repeat(alice, moderator, give, lift, flag):
    services.sanction(alice.pk, give, moderator, "reason")
    assert getattr(ReaderProfile.objects.get(user=alice), flag)
    with pytest.raises(SanctionRefused, match="already"):
        services.sanction(alice.pk, give, moderator, "reason")
    services.sanction(alice.pk, lift, moderator)
    assert not getattr(ReaderProfile.objects.get(user=alice), flag)
    history = list(Sanction.objects.filter(reader=alice).values_list("kind", "actor__username"))
    assert history == [(lift, "mona"), (give, "mona")]


def test_lifting_premoderation_and_suspension(alice, moderator):
    services.sanction(alice.pk, Kind.PREMODERATE, moderator, "reason")
    services.sanction(alice.pk, Kind.SUSPEND, moderator, "reason", in_hours(2))
    services.sanction(alice.pk, Kind.LIFT_PREMODERATION, moderator)
    services.sanction(alice.pk, Kind.LIFT_SUSPENSION, moderator)
    restriction = Restriction.objects.get(reader=alice)
    assert not restriction.premoderated and not restriction.is_suspended
    with pytest.raises(SanctionRefused, match="not suspended"):
        services.sanction(alice.pk, Kind.LIFT_SUSPENSION, moderator)


def test_moderator_cannot_sanction_staff_or_another_moderator_or_themselves(db, moderator, other_moderator):
    staff = make_reader("stella")
    staff.is_staff = True
    staff.save()
    superuser = make_admin("ada")
    for target in (staff, superuser, other_moderator, moderator):
        with pytest.raises(SanctionRefused):
            services.sanction(target.pk, Kind.BAN, moderator, "no")
    assert not Sanction.objects.exists()
    assert not ReaderProfile.objects.filter(banned=True).exists()


def test_superuser_may_sanction_staff_and_moderators(db, moderator):
    staff = make_reader("stella")
    staff.is_staff = True
    staff.save()
    ada = make_admin("ada")
    services.sanction(staff.pk, Kind.PREMODERATE, ada, "Testing the rule")
    services.sanction(moderator.pk, Kind.SUSPEND, ada, "Cool off", in_hours(1))
    assert Sanction.objects.filter(actor=ada).count() == 2


def test_spam_and_ban_refuses_a_staff_author_and_changes_nothing(article, moderator):
    staff = make_reader("stella")
    staff.is_staff = True
    staff.save()
    comment = make_held(article, staff)
    with pytest.raises(CommentRejected, match="staff"):
        services.mark_spam_and_ban(comment.pk, moderator, expected="held")
    comment.refresh_from_db()
    assert comment.status == "held" and not ReaderProfile.objects.get(user=staff).banned


def test_spam_and_ban_records_the_ban_in_the_history_and_undo_records_the_unban(article, alice, moderator):
    decision = services.mark_spam_and_ban(make_held(article, alice).pk, moderator, expected="held")
    services.undo(decision.pk, moderator)
    kinds = list(Sanction.objects.filter(reader=alice).values_list("kind", flat=True))
    assert kinds == [Kind.UNBAN, Kind.BAN]


@pytest.fixture
def auto_rule(db):
    ModerationSettings.objects.update_or_create(
        pk=1, defaults={"auto_premoderate_rate": 0.5, "auto_premoderate_window": 4}
    )


def test_rejection_rate_past_the_admins_share_premoderates_automatically(
    article, alice, moderator, auto_rule
):
    for minutes in range(2):
        make_comment(article, alice, minutes=minutes)
    first, second = make_held(article, alice, minutes=3), make_held(article, alice, minutes=4)
    services.reject(first.pk, moderator, "spam", expected="held")
    assert not Restriction.objects.filter(reader=alice, premoderated=True).exists()  # 1 of 4
    services.reject(second.pk, moderator, "spam", expected="held")  # 2 of 4 = 0.5
    assert Restriction.objects.get(reader=alice).premoderated
    sanction = Sanction.objects.get(reader=alice)
    assert sanction.is_automatic and sanction.kind == Kind.PREMODERATE
    assert sanction.reason == "2 of your last 4 comments were not published"
    assert notices_for(alice)[0].kind == "premoderate"


def test_rejection_rate_rule_waits_for_a_full_window_and_is_off_by_default(article, alice, moderator):
    comment = make_held(article, alice)
    services.reject(comment.pk, moderator, "spam", expected="held")  # 1 of 1, but the rule is off
    assert not Sanction.objects.exists()
    assert not policy.rejection_rate_exceeded([True, True], 0.5, 4)
    assert policy.rejection_rate_exceeded([True, False, True, False, False], 0.5, 4)


def test_model_rejections_count_towards_the_rule_too(article, alice, auto_rule, settings):
    from types import SimpleNamespace

    for minutes in range(3):
        make_comment(article, alice, status="rejected", minutes=minutes)
    pending = make_comment(article, alice, "Buy now", status="pending", minutes=5)
    score = SimpleNamespace(spam_score=0.99, drift_score=0.0, reasons=["spammy"])
    assert services.apply_scores([(pending.pk, score)], "tagged-1").get(pending.pk) == "spam"
    assert Sanction.objects.get(reader=alice).is_automatic


def test_dossier_shows_comments_sanctions_and_private_notes(client, article, alice, moderator):
    make_comment(article, alice, "A published one")
    make_comment(article, alice, "A rejected one", status="rejected")
    services.sanction(alice.pk, Kind.PREMODERATE, moderator, "Off-topic streak")
    services.add_note(alice.pk, moderator, "Writes well when on topic; watch the Tesla threads.")
    client.force_login(moderator)
    page = client.get(reverse("moderation:dossier", args=[alice.pk])).content.decode()
    for expected in ("A published one", "A rejected one", "Premoderated", "Off-topic streak",
                     "watch the Tesla threads", "1 rejected", "moderators only"):
        assert expected in page


def test_private_notes_never_reach_the_reader(client, article, alice, moderator):
    services.add_note(alice.pk, moderator, "Secret remark about alice")
    client.force_login(alice)
    assert "Secret remark" not in client.get(reverse("profile")).content.decode()
    assert "Secret remark" not in client.get(article.get_absolute_url()).content.decode()


def test_sanction_form_suspends_for_the_chosen_length_and_the_reader_sees_the_notice(
    client, article, alice, moderator
):
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:sanction", args=[alice.pk]),
        {"kind": "suspend", "duration": "24h", "reason": "Doxxing another reader"}, follow=True,
    )
    assert "Suspended: alice." in response.content.decode()
    until = Restriction.objects.get(reader=alice).suspended_until
    assert timedelta(hours=23) < until - timezone.now() <= timedelta(hours=24)
    client.force_login(alice)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "You are suspended from commenting." in page and "Doxxing another reader" in page


def test_sanction_form_without_a_length_is_a_clear_error(client, alice, moderator):
    client.force_login(moderator)
    response = client.post(reverse("moderation:sanction", args=[alice.pk]),
                           {"kind": "suspend", "reason": "x"}, follow=True)
    assert "Choose how long" in response.content.decode()
    assert not Sanction.objects.exists()


def test_moderator_sanctioning_staff_through_the_form_is_refused(client, moderator):
    ada = make_admin("ada")
    client.force_login(moderator)
    response = client.post(reverse("moderation:sanction", args=[ada.pk]),
                           {"kind": "ban", "reason": "x"}, follow=True)
    assert "only a superuser can sanction staff" in response.content.decode()
    assert not ReaderProfile.objects.filter(user=ada, banned=True).exists()


@pytest.mark.parametrize("url_name", ["moderation:sanction", "moderation:reader_note"])
def test_readers_cannot_sanction_or_write_notes(client, alice, bob, url_name):
    client.force_login(bob)
    response = client.post(reverse(url_name, args=[alice.pk]), {"kind": "ban", "reason": "x", "text": "x"})
    assert response.status_code == 403
    assert not Sanction.objects.exists()
    assert not AuditEntry.objects.exists()
