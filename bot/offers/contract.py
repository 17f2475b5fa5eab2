"""No written contract before departure, however it is put (docs/labelling.md §2,
`no_contract`): a contract or agreement said to be absent or not needed, nothing
written down, or one signed or drawn up only after arrival.

Read by its parts: a word for the contract, and a word for its absence or its coming
later, so "the employment agreement is drawn up at the site office after you arrive"
is found although no labelled offer put it so. A contract signed before departure,
or in Dushanbe, is none of these.
"""

from __future__ import annotations

import re

from bot.offers.reading import first_words

_CONTRACT = r"contracts?|agreements?|agreement\s+paper|paper\s+agreement|written\s+contract"
_MISSING = re.compile(
    rf"(?<!\w)(?:no|without(?:\s+a|\s+any)?)\s+(?:written\s+|signed\s+)?(?:{_CONTRACT})(?!\w)"
    r"(?!\s+(?:fees?|charges?|costs?|payments?))"
    rf"|(?<!\w)(?:{_CONTRACT})\s+(?:is\s+|are\s+)?(?:not|isn[ʼ'’]t|aren[ʼ'’]t)\s+"
    r"(?:needed|required|signed)(?!\w)"
    r"|(?<!\w)nothing\s+(?:is\s+)?(?:written|signed)(?!\w)",
    re.IGNORECASE,
)
_LATER = re.compile(
    rf"(?<!\w)(?:{_CONTRACT})(?!\w)[^.!?\n;]{{0,40}}?(?<!\w)(?:sign\w*|drawn\s+up|given|give)"
    r"(?:\s+\w+){0,4}?\s+(?:after\s+(?:you\s+)?arriv\w*|on\s+arrival|once\s+(?:you\s+)?arriv\w*"
    r"|when\s+you\s+(?:arrive|come)|once\s+arrive)(?!\w)",
    re.IGNORECASE,
)


def no_written_contract(text: str) -> str | None:
    return first_words(text, _MISSING, _LATER)


# "No contract fees": the "no" denies a fee, not the contract.
_NO_CONTRACT_FEE = re.compile(r"(?<!\w)no\s+contract\s+(?:fees?|charges?|costs?)(?!\w)", re.I)


def denies_a_fee_only(text: str) -> bool:
    return _NO_CONTRACT_FEE.search(text) is not None and _MISSING.search(text) is None
