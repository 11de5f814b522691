"""The word lists and link patterns the spam signals (ml.spam_features) count: written by hand, not mined."""

from __future__ import annotations

import re

# General promotion vocabulary in three groups, so the model weighs each on its own: a writer pointing
# at their own content or account, a call to act on a link, and an offer. Written by hand, not mined.
SELF_PROMOTION = (
    # Not "my shop", "my book" or "I made my own": mechanics and owners say those about their work.
    r"(?:my|our) (?:new |newest |latest |first |own |gaming |music |youtube |official )?"
    r"(?:channel|videos?|vids|music|songs?|page|blog|website|site|profile|account|app|podcast|stream)",
    r"i (?:just )?(?:made|uploaded|started|created) (?:a|an|my) (?:new |gaming |music |youtube )?"
    r"(?:channel|video|song|page|blog|website|site|cover|remix|account|group|app)",
    r"sub4sub",
    r"subscribers?",
    r"(?:mi|nuestro) canal|su(?:b|s)scrib(?:irse|ete)|suscr[ií]bete",
    r"my (?:new |own |first |latest )?(?:raps?|remix(?:es)?|covers?|beats?|mixtape|band|tracks?|album"
    r"|vlogs?|art|drawings?|youtube|instagram|insta|twitter|facebook|soundcloud|twitch|tiktok)",
    r"i(?:'m|m| am) (?:a |an )?(?:\d+ ?(?:yr|year)s? old )?(?:new |young |upcoming |small |aspiring )?"
    r"(?:music )?(?:rapper|singer|producer|artist|youtuber|musician|dj)",
    # not "like for like": that is how a mechanic says "the same part again"
    r"(?:sub|follow)s? ?(?:4|for) ?(?:sub|follow)s?|likes? ?4 ?likes?",
    r"f4f|l4l|s4s",
    r"road to \d+",
    # Requests for the writer's own audience: a call to act on their account, not on the thread's subject.
    # "check out my build thread" promotes; "check my oil" is car talk
    r"check (?:out )?me|check out (?:my|our)",
    # the way it is spelt in a hurry as well: "suscribe", "sucscribe", "subcribe"
    r"subs?c?c?ri(?:be|b|bir)|suscri(?:be|bir|bete)|sucscribe|subscibe|subsribe",
    r"(?:get|gain|need|reach|want|getting) (?:some |more |a few |\d+ )?followers",
    r"sub (?:to )?(?:me|my)",
    r"follow (?:me|my|us)",
    r"(?:watch|listen to) (?:my|our)",
    r"give (?:me|my \w+) a (?:chance|try|listen|shot)",
    r"please (?:like|help me|support|check|subscribe|share|visit)",
    r"support (?:me|us)|support my (?:channel|music|page|art|stream|work)",
    r"share my",
    r"(?:like|upvote) (?:this|my) (?:comment|post|video)",
    r"thumbs up (?:if|for)|how many (?:thumbs up|likes)",
    r"give (?:it|this|me|us) a (?:like|thumbs up)|like ?(?:&|and) ?share",
    r"sorry (?:for|about) (?:the |this |my )?spam(?:ming)?",
    r"(?:this|my|our) page on (?:facebook|instagram|twitter)",
    r"(?:check out|take a look at|watch) this (?:video|playlist|channel|song|track|link)s? on",
    # not "search 'timing belt' on YouTube": that is how readers point each other at a repair video
    r"search (?:for )?(?:me|my|us)",
)
CALLS_TO_ACTION = (
    r"check (?:it |this |them )?out",
    r"give it a (?:chance|try|listen|shot)",
    r"would (?:mean|be) (?:a lot|appreciated)",
    r"click",
    r"visit",
    r"sign up",
    r"register",
    r"download",
    r"join",
    r"(?:please )?share (?:this|it)",
    r"link (?:below|above|in)",
)
OFFERS = (
    # not "free" alone: "for free at the library", "pull you free" are car talk
    r"free (?:\w+ )?(?:followers|subscribers|likes|views|trial)|100% free",
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
    r"buy (?:now|(?:it |them )?here)",
    r"order now",
)
# Link shorteners and spelled-out links hide where a link goes, which a real reader seldom needs to do.
SHORTENERS = frozenset(
    ("bit.ly", "goo.gl", "tinyurl.com", "t.co", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rb.gy", "tiny.cc")
)
HIDDEN_LINK_RE = re.compile(
    r"\b(?:dot|\(dot\)|\[dot\]|\[\.\])\s?(?:com|net|org|info)\b|\bwww\s+[a-z0-9-]{3,}"
)

# A referral or affiliate code in a link pays its poster for every click: a reader sharing a part's page
# has no reason to add one. Amazon's own "ref=" path segments and "ref_=" are navigation, not codes.
REFERRAL_LINK_RE = re.compile(r"(?i)[?&](?:ref|aff|affid|affiliate|referral|referrer|invite|promo)=\w")


# Money made, not money spent: "if money is an issue" and "tight on cash" are how car owners talk.
MONEY_WORDS = (
    r"(?:make|making|earn|earning|extra|easy|free) (?:easy |extra |real |some )?(?:money|cash)",
    r"money online|cash ?app|pay ?pal",
    r"free (?:\w+ )?(?:gift cards?|money|cash|iphones?|robux)",
    # not "car loan", "dealer profit", "invest in a torque wrench": car news and car talk
    r"bitcoin|crypto(?:currency)?|forex|(?:passive|monthly|extra) income|investment (?:plan|opportunity)",
)
CONTACT_WORDS = ("whatsapp", "telegram", "dm me", "call now", "contact us")
# Matched in one pass, where the first list that matches at a place takes it: the evidence lists come
# first, so "earn real money" counts as money, not as the offer "earn".
VOCABULARY = {
    "money_patterns": MONEY_WORDS,
    "contact_patterns": CONTACT_WORDS,
    "self_promotion": SELF_PROMOTION,
    "calls_to_action": CALLS_TO_ACTION,
    "offers": OFFERS,
}
# Links whose kind says what they are for: a writer's own profile, channel or fundraiser is promotion
# wherever it is posted; a photo is how readers show a part or a fault.
PROFILE_LINK_RE = re.compile(
    r"(?i)(?<![\w-])(?:facebook\.com|twitter\.com|x\.com|instagram\.com|tiktok\.com|twitch\.tv|soundcloud\.com"
    r"|reverbnation\.com|youtube\.com/(?:channel|user|c)/|gofundme\.com|indiegogo\.com|kickstarter\.com"
    r"|change\.org|avaaz\.org|patreon\.com|teespring\.com)"
)
PHOTO_LINK_RE = re.compile(r"(?i)(?:\.(?:jpe?g|png|gif|gifv|webp)\b|imgur\.com|redd\.it|giphy\.com)")
