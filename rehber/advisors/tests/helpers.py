"""Walking an advisor's question pages the way a person does, with the Django test client."""

import datetime
import re
from urllib.parse import parse_qsl, urlsplit

from django.utils import timezone

from rehber.advisors.engine import Question

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def hidden_fields(html: str) -> list[tuple[str, str]]:
    return HIDDEN.findall(html)


def an_answer(question: Question) -> str:
    """A valid answer to any question: the first choice, yes, a middle number, a past date."""
    if question.type == "choice":
        return question.choices[0].value
    if question.type == "boolean":
        return "yes"
    if question.type == "number":
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 60
        return str(int(low + (high - low) / 2))
    return (timezone.localdate() - datetime.timedelta(days=30)).isoformat()


def submit(client, url: str, html: str, question: Question, value: str | None):
    """Send the question form: the hidden answers plus this answer (or "I don't know")."""
    data = hidden_fields(html)
    if value is None:
        data.append(("skip", question.id))
    else:
        data.append((question.id, value))
    return client.get(url, data=_as_querydict(data))


def _as_querydict(pairs):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name, value in pairs:
        query.appendlist(name, value)
    return query


def query_of(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)
