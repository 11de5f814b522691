"""The word lists and link patterns the spam signals (ml.spam_features) count: written by hand, not mined."""

from __future__ import annotations

import re

# General promotion vocabulary in three groups, so the model weighs each on its own: a writer pointing
# at their own content or account, a call to act on a link, and an offer. Written by hand, not mined.
SELF_PROMOTION = (
    # Not "my shop", "my book" or "I made my own": mechanics and owners say those about their work.
    r"(?:my|our) (?:new |latest |first |own )?(?:channel|videos?|vids|music|songs?|page|blog|website|site"
    r"|profile|account|app|podcast|stream)",
    r"i (?:just )?(?:made|uploaded|started|created) (?:a|an|my) (?:new )?(?:channel|video|song|page|blog"
    r"|website|site|cover|remix|account|group|app)",
    r"sub4sub",
    r"subscribers",
    r"my (?:new |own |first |latest )?(?:raps?|remix(?:es)?|covers?|beats?|mixtape|band|tracks?|album"
    r"|vlogs?|art|drawings?|youtube|instagram|insta|twitter|facebook|soundcloud|twitch|tiktok)",
    r"i(?:'m|m| am) (?:a |an )?(?:new |young |upcoming |small |aspiring )?"
    r"(?:rapper|singer|producer|artist|youtuber|musician|dj)",
    r"(?:sub|follow|like)s? ?(?:4|for) ?(?:sub|follow|like)s?",
    r"f4f|l4l|s4s",
    r"road to \d+",
    # Requests for the writer's own audience: a call to act on their account, not on the thread's subject.
    r"check (?:out )?(?:me|my)",
    r"subscribe",
    r"sub (?:to )?(?:me|my)",
    r"follow (?:me|my|us)",
    r"(?:watch|listen to) (?:my|our)",
    r"give (?:me|my \w+) a (?:chance|try|listen|shot)",
    r"please (?:like|help me|support|check|subscribe|share|visit)",
    r"support (?:me|my|us)",
    r"share my",
    r"(?:like|upvote) (?:this|my) (?:comment|post|video)",
    r"thumbs up if",
    r"(?:check out|take a look at|watch) this (?:video|playlist|channel|song|track|link)s? on",
    r"search (?:for )?(?:me|my|us)|search \w+(?: \w+)? on (?:youtube|google|instagram|facebook|twitter)",
)
CALLS_TO_ACTION = (
    r"check (?:it |this |them )?out",
    r"give it a (?:chance|try|listen|shot)",
    r"would (?:mean|be) (?:a lot|appreciated)",
    r"click",
    r"visit",
    r"(?:take|have) a look",
    r"go to",
    r"sign up",
    r"register",
    r"download",
    r"join",
    r"(?:please )?share (?:this|it)",
    r"link (?:below|above|in)",
)
OFFERS = (
    r"free",
    r"giveaway",
    r"win(?:ner)?",
    r"prizes?",
    r"promo(?:tion)? code",
    r"coupon",
    r"discount",
    r"offer",
    r"bonus",
    r"gift card",
    r"earn",
    r"cheap",
    r"limited time",
    r"buy now",
    r"order now",
)
# Link shorteners and spelled-out links hide where a link goes, which a real reader seldom needs to do.
SHORTENERS = frozenset(
    ("bit.ly", "goo.gl", "tinyurl.com", "t.co", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rb.gy", "tiny.cc")
)
HIDDEN_LINK_RE = re.compile(
    r"\b(?:dot|\(dot\)|\[dot\]|\[\.\])\s?(?:com|net|org|info)\b|\bwww\s+[a-z0-9-]{3,}"
)


MONEY_WORDS = ("money", "cash", "paypal", "bitcoin", "crypto", "income", "profit", "investment", "loan")
CONTACT_WORDS = ("whatsapp", "telegram", "dm me", "call now", "contact us")
VOCABULARY = {
    "self_promotion": SELF_PROMOTION,
    "calls_to_action": CALLS_TO_ACTION,
    "offers": OFFERS,
    "money_patterns": MONEY_WORDS,
    "contact_patterns": CONTACT_WORDS,
}
# Links whose kind says what they are for: a writer's own profile, channel or fundraiser is promotion
# wherever it is posted; a photo is how readers show a part or a fault.
PROFILE_LINK_RE = re.compile(
    r"(?i)(?<![\w-])(?:facebook\.com|twitter\.com|x\.com|instagram\.com|tiktok\.com|twitch\.tv|soundcloud\.com"
    r"|reverbnation\.com|youtube\.com/(?:channel|user|c)/|gofundme\.com|indiegogo\.com|kickstarter\.com"
    r"|change\.org|avaaz\.org|patreon\.com|teespring\.com)"
)
PHOTO_LINK_RE = re.compile(r"(?i)(?:\.(?:jpe?g|png|gif|gifv|webp)\b|imgur\.com|redd\.it|giphy\.com)")
