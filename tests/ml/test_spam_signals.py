import numpy as np

from ml.pipelines import as_array
from ml.spam_features import SIGNAL_LIMIT, SpamSignals
from ml.text import domains
from ml.train import fit_spam_head
from ml.types import Example
from tests.ml.builders import BATTERY_BODY, comment, world_examples


def signals_of(text: str, site_text: str = BATTERY_BODY) -> dict[str, float]:
    fitted = SpamSignals().fit(np.asarray([[site_text, "", "hello"]], dtype=object))
    return dict(zip(fitted.get_feature_names_out(), fitted.signals(text), strict=True))


def test_promotion_vocabulary_is_counted_in_separate_groups():
    values = signals_of("Check out my new channel, free followers and a giveaway every week, link below")
    assert values["calls_to_action"] == 1
    assert values["self_promotion"] == 1
    assert values["offers"] == 2


def test_a_request_for_the_writers_own_audience_is_self_promotion_and_advice_is_not():
    assert signals_of("please subscribe and follow me")["self_promotion"] == 2
    advice = signals_of("Go to the dealer and check it out, I made my own ramps and at my shop we do that")
    assert advice["self_promotion"] == 0 and advice["calls_to_action"] == 1


def test_ordinary_car_talk_has_no_promotion_vocabulary():
    values = signals_of("The dealer checked the brakes and said the pads would last another winter.")
    assert values["calls_to_action"] == values["self_promotion"] == values["offers"] == 0


def test_shortened_and_spelled_out_links_are_counted():
    assert signals_of("details at http://bit.ly/abc123")["shortened_or_hidden_links"] == 1
    assert signals_of("go to freestuff dot com today")["shortened_or_hidden_links"] == 1
    assert signals_of("the press release is on toyota.com")["shortened_or_hidden_links"] == 0


def test_money_words_prices_and_contact_details_are_counted_apart():
    values = signals_of("Earn $500 a day in bitcoin, mail someone@example.org or call +44 7700 900123")
    assert values["money_patterns"] == 1
    assert values["prices"] == 1
    assert values["contact_patterns"] == 2


def test_signals_count_only_the_opening_of_a_long_comment():
    long_prose = "The gearbox felt smooth on the motorway. " * (SIGNAL_LIMIT // 40 + 1)
    X = as_array([comment(long_prose + " visit http://promo.example.com")])
    fitted = SpamSignals().fit(X[:, [0, 1, 3]])
    row = dict(zip(fitted.get_feature_names_out(), fitted.transform(X[:, [0, 1, 3]])[0], strict=True))
    assert row["unseen_domain_links_bare"] == 0 and row["calls_to_action"] == 0


def test_spam_reasons_report_the_counts_the_model_read(model):
    links = " ".join(f"http://offer{i}.example.net" for i in range(3))
    (score,) = model.score([comment(f"Click these for a free prize!!! {links}")])
    assert any(
        reason.startswith("promotes links to domains never seen on this site: offer0.example.net")
        for reason in score.reasons
    )


def test_a_signal_beyond_anything_seen_in_training_counts_as_the_training_edge(model):
    signals = model.spam_head[0].named_transformers_["signals"]
    plain, extreme = as_array(
        [comment("Range could rise to 1,000 km."), comment("1234567890 2345678901 3456789012 4567890123")]
    )[:, [0, 1, 3]]
    edge = signals[:-1].transform([plain, extreme]).max(axis=0)

    assert edge.max() <= 1.0 and signals.transform([extreme]).max() < 10


def test_self_promotion_of_channels_tracks_and_follow_trades_is_counted():
    assert signals_of("sub 4 sub, I'm a new rapper")["self_promotion"] == 2
    assert signals_of("follow for follow, my latest remix is up")["self_promotion"] == 2
    assert signals_of("sub to me and search for my name")["self_promotion"] == 2


def test_a_youtube_row_weighs_more_than_a_seed_row_in_the_spam_head():
    disputed = "totally unique phrase zebra marmalade"

    def disputed_score(ham_source: str) -> float:
        rows = world_examples() + [
            Example(comment(disputed), "ham", "disputed-ham", ham_source),
            Example(comment(disputed), "spam", "disputed-spam", "seed"),
        ]
        head, _, _ = fit_spam_head(rows, folds=2)
        return head.predict_proba(as_array([comment(disputed)]))[0, 1]

    assert disputed_score("youtube") < disputed_score("seed")


def test_one_promotional_word_weighs_less_in_a_long_reply_than_in_a_short_comment():
    short = signals_of("discount codes at my channel")
    long_reply = signals_of(
        "The dealer gave a discount on floor mats, but the service plan was the real cost once you "
        "add the extended warranty, the paint protection and the delivery charge on top."
    )
    assert short["promotion_per_word"] > 3 * long_reply["promotion_per_word"] > 0


def test_word_lists_read_text_that_wraps_with_runs_of_spaces():
    assert signals_of("if you like racing games suscribe to my  channel")["self_promotion"] == 2


def test_hurried_spellings_of_subscribe_are_self_promotion_and_car_audio_subs_are_not():
    assert signals_of("Sucscribe to me!")["self_promotion"] == 1
    assert signals_of("Please become my first subscriber")["self_promotion"] >= 1
    assert signals_of("I need new subs and an amp for my truck")["self_promotion"] == 0


def test_a_referral_code_in_a_link_is_link_evidence_and_a_plain_product_page_is_not():
    referral = signals_of("the kit is here https://parts.example.com/kit?ref=speedy99 buy it here")
    assert referral["shortened_or_hidden_links"] == 1
    plain = signals_of("the kit is here https://parts.example.com/dp/B00X/ref=olp_tab?ie=UTF8")
    assert plain["shortened_or_hidden_links"] == 0


def test_money_spent_and_car_idioms_are_no_evidence():
    talk = signals_of("Tight on cash, so like for like; check my rack, and search 'CV axle' on YouTube")
    assert talk["money_patterns"] == talk["self_promotion"] == 0
    assert signals_of("Earn easy money from home, passive income guaranteed")["money_patterns"] == 2


def test_a_markdown_link_is_judged_by_its_domain():
    assert domains("try [Parts.example.com](http://parts.example.com/cv)") == ["parts.example.com"] * 2


def test_a_money_pitch_counts_as_money_even_where_an_offer_word_starts_it():
    assert signals_of("Play my browser game and earn real money every evening")["money_patterns"] == 1
    assert signals_of("Claim free steam gift cards, paid out by pay pal")["money_patterns"] == 2


def test_paying_cash_and_free_extras_at_the_dealer_are_no_money_pitch():
    values = signals_of("Paid cash for the wagon and the dealer threw in free mud flaps")
    assert values["money_patterns"] == 0



def test_a_writer_announcing_their_own_music_or_apologising_for_spam_promotes_themselves():
    assert signals_of("Hey, I'm a 16 yr old music producer, beats in my bio")["self_promotion"] >= 1
    assert signals_of("sorry about the spamming, but vote for us")["self_promotion"] == 1
    assert signals_of("friends like&share this")["self_promotion"] == 1


def test_a_mechanic_naming_a_parts_producer_promotes_nobody():
    assert signals_of("I'm a tech at a VW shop, the producer of that pump is Bosch")["self_promotion"] == 0
