"""A small hand-written world for ml tests: two articles, their readers' comments, and some spam."""

from __future__ import annotations

import ml
from ml.types import CommentInput, Example

BATTERY_TITLE = "Solid-state batteries reach the prototype stage"
BATTERY_BODY = (
    "Toyota says its solid-state battery cells now charge from ten to eighty percent in ten minutes. "
    "The prototype cells use a sulphide electrolyte, and the company plans limited production of the "
    "batteries in 2027. Range could rise to 1,000 kilometres, although cost per kilowatt-hour remains "
    "the obstacle, and dendrite growth in the electrolyte is still being studied."
)
DEALER_TITLE = "Dealers push back on fixed online pricing"
DEALER_BODY = (
    "Franchise dealers argue that fixed online pricing removes haggling and squeezes their margins. "
    "Manufacturers want one national price for every car sold online, with dealers paid a fee for "
    "handovers and servicing. Several dealer groups say the agency model shifts stock risk to them."
)
ON_TOPIC_BATTERY = (
    "Ten minute charging is great but I want the cost per kilowatt-hour before I believe the 2027 date.",
    "Sulphide electrolyte cells have struggled with dendrites for years, so the prototype is progress.",
    "If the batteries really give 1,000 kilometres of range, charging stops stop mattering.",
    "Limited production in 2027 means these cells will only reach expensive cars at first.",
)
ON_TOPIC_DEALER = (
    "Fixed online pricing sounds fine to me, haggling with dealers is the worst part of buying a car.",
    "The agency model leaves dealers with the handovers and servicing but none of the margin.",
    "A national price is only fair if the dealer fee for handovers covers their real costs.",
    "Dealer groups complaining about margins is not news, stock risk is the real story here.",
)
OFF_TOPIC = (
    "Does anyone know a good recipe for sourdough bread? Mine never rises properly in winter.",
    "My grandson finished his Lego castle in a weekend, the instructions were three hundred pages.",
    "Is it just me or has the weather been awful this month? The garden is a swamp again.",
    "Watched the football last night, the referee was a disgrace and the penalty was never a foul.",
)
SPAM = (
    "Check out my channel for daily videos!!! Subscribe now http://promo-vids.example.com",
    "EARN $5000 A WEEK FROM HOME!!! Message me on whatsapp +44 7700 900123 now",
    "Cheap replica watches free shipping visit www.cheap-watches-deal.net today only!!!",
    "Win a free iPhone, click here http://bit.ly/free-prize-now and claim your prize",
)


def comment(
    body: str, title: str = BATTERY_TITLE, article: str = BATTERY_BODY, parent: str = ""
) -> CommentInput:
    return CommentInput(article_title=title, article_body=article, body=body, parent_body=parent)


def world_examples() -> list[Example]:
    """Labelled examples under both articles, with spam and off-topic comments under each."""
    examples = []
    for title, body, on_topic in (
        (BATTERY_TITLE, BATTERY_BODY, ON_TOPIC_BATTERY),
        (DEALER_TITLE, DEALER_BODY, ON_TOPIC_DEALER),
    ):
        examples += [Example(comment(text, title, body), "ham", title) for text in on_topic]
        examples += [Example(comment(text, title, body), "off_topic", title) for text in OFF_TOPIC]
        examples += [Example(comment(text, title, body), "spam", title) for text in SPAM]
    # Each article's on-topic comments are drift under the other one: same domain, wrong thread.
    examples += [
        Example(comment(text, DEALER_TITLE, DEALER_BODY), "off_topic", "swap") for text in ON_TOPIC_BATTERY
    ]
    return examples


def small_model() -> ml.ModerationModel:
    return ml.train_model(world_examples(), folds=2)
