import numpy as np

from ml.pipelines import as_array
from ml.spam_features import SIGNAL_LIMIT, SpamSignals
from tests.ml.builders import BATTERY_BODY, comment


def signals_of(text: str, site_text: str = BATTERY_BODY) -> dict[str, float]:
    fitted = SpamSignals().fit(np.asarray([[site_text, "", "hello"]], dtype=object))
    return dict(zip(fitted.get_feature_names_out(), fitted.signals(text), strict=True))


def test_promotion_vocabulary_is_counted_in_separate_groups():
    values = signals_of("Check out my new channel, free giveaway every week")
    assert values["calls_to_action"] == 1
    assert values["self_promotion"] == 1
    assert values["offers"] == 2


def test_ordinary_car_talk_has_no_promotion_vocabulary():
    values = signals_of("The dealer checked the brakes and said the pads would last another winter.")
    assert values["calls_to_action"] == values["self_promotion"] == values["offers"] == 0


def test_shortened_and_spelled_out_links_are_counted():
    assert signals_of("details at http://bit.ly/abc123")["shortened_or_hidden_links"] == 1
    assert signals_of("go to freestuff dot com today")["shortened_or_hidden_links"] == 1
    assert signals_of("the press release is on toyota.com")["shortened_or_hidden_links"] == 0


def test_money_and_contact_details_are_counted():
    values = signals_of("Earn $500 a day, write to me at someone@example.org or call +44 7700 900123")
    assert values["money_patterns"] == 1
    assert values["contact_patterns"] == 2


def test_signals_count_only_the_opening_of_a_long_comment():
    long_prose = "The gearbox felt smooth on the motorway. " * (SIGNAL_LIMIT // 40 + 1)
    X = as_array([comment(long_prose + " visit http://promo.example.com")])
    fitted = SpamSignals().fit(X[:, [0, 1, 3]])
    row = dict(zip(fitted.get_feature_names_out(), fitted.transform(X[:, [0, 1, 3]])[0], strict=True))
    assert row["links"] == 0 and row["calls_to_action"] == 0


def test_spam_reasons_report_the_counts_the_model_read(model):
    links = " ".join(f"http://offer{i}.example.net" for i in range(3))
    (score,) = model.score([comment(f"Click these for a free prize!!! {links}")])
    assert "3 link(s) to domains never seen on this site" in score.reasons


def test_a_signal_beyond_anything_seen_in_training_counts_as_the_training_edge(model):
    signals = model.spam_head[0].named_transformers_["signals"]
    plain, extreme = as_array(
        [comment("Range could rise to 1,000 km."), comment("1234567890 2345678901 3456789012 4567890123")]
    )[:, [0, 1, 3]]
    edge = signals[:-1].transform([plain, extreme]).max(axis=0)

    assert edge.max() <= 1.0 and signals.transform([extreme]).max() < 10
