"""One question per screen, with every answer kept in the address (no session, no storage).

The query string holds the answers by question id (``status=family&age=34``), the questions
the person did not know (``skip=age``) and, while an answer is being changed, ``change=<id>``.
Which questions were asked, and in which order, is worked out again from the answers on every
request by asking the engine for the next question: so "back" and "change" need no state.
No Django imports: the views hand over the query string as a mapping of lists.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from rehber.advisors.engine import Question, RuleSet, coerce_answers, next_question

SKIP = "skip"
CHANGE = "change"

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")


def normalise_typed(text: str) -> str:
    """Arabic-Indic and Persian digits as ASCII digits, spaces inside a number removed."""
    cleaned = text.strip().translate(_DIGITS)
    return "".join(cleaned.split()) if any(ch.isdigit() for ch in cleaned) else cleaned


def answer_as_text(value: Any) -> str:
    """An answer as it goes into the address."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class Flow:
    rule_set: RuleSet
    answers: dict[str, Any]  # every valid answer in the address
    raw: dict[str, str]  # what was typed, by question id
    errors: dict[str, str]  # question id -> engine error code
    skipped: frozenset[str]
    path: list[Question] = field(default_factory=list)  # asked so far, in order
    given: dict[str, Any] = field(default_factory=dict)  # the answers along the path
    current: Question | None = None  # the question to show; None: the result is ready
    change: str = ""  # the question being changed, if any
    unanswered: list[Question] = field(default_factory=list)  # passed over on a result page
    remaining: int = 0  # about how many questions may follow the current one

    @property
    def position(self) -> int:
        return len(self.path) + 1

    @property
    def total(self) -> int:
        return self.position + self.remaining

    @property
    def error(self) -> str:
        """The engine's error code for the current question, if what was typed was refused."""
        if self.current is not None and self.current.id in self.errors:
            return self.errors[self.current.id]
        return ""

    @property
    def typed(self) -> str:
        """What to show in the current question's field: what was typed, or the old answer."""
        if self.current is None:
            return ""
        if self.current.id in self.errors:
            return self.raw.get(self.current.id, "")
        if self.current.id in self.answers:
            return answer_as_text(self.answers[self.current.id])
        return ""

    def hidden(self) -> list[tuple[str, str]]:
        """The answers and skips the question form carries along, as (name, value) pairs."""
        current = self.current.id if self.current else None
        pairs = [
            (question.id, answer_as_text(self.answers[question.id]))
            for question in self.rule_set.questions
            if question.id in self.answers and question.id != current
        ]
        pairs += [(SKIP, qid) for qid in self._ordered(self.skipped) if qid != current]
        return pairs

    def _ordered(self, ids) -> list[str]:
        return [question.id for question in self.rule_set.questions if question.id in ids]

    def query(
        self, *, without: str | None = None, change: str | None = None, only_given=False
    ) -> str:
        """The address query of these answers, ``without`` one question (kept as ``change``)."""
        answers = self.given if only_given else self.answers
        skipped = (
            {q.id for q in self.path if q.id in self.skipped} if only_given else set(self.skipped)
        )
        pairs = [
            (question.id, answer_as_text(answers[question.id]))
            for question in self.rule_set.questions
            if question.id in answers and (question.id != without or change == without)
        ]
        pairs += [(SKIP, qid) for qid in self._ordered(skipped) if qid != without]
        if change:
            pairs.append((CHANGE, change))
        return urlencode(pairs)

    def back_query(self) -> str | None:
        """The address of the previous question, its answer kept to be changed."""
        if not self.path:
            return None
        return self.query(without=self.path[-1].id, change=self.path[-1].id)

    def change_query(self, question_id: str) -> str:
        return self.query(without=question_id, change=question_id, only_given=True)


def flow_from_query(
    rule_set: RuleSet,
    query: Mapping[str, Sequence[str]],
    *,
    values: Mapping[str, Any] | None = None,
    today: datetime.date | None = None,
    through: bool = False,
) -> Flow:
    """Read the answers in ``query`` and find the question to ask next (or none).

    With ``through``, for a result page: go past unanswered questions (they stay unknown and
    are listed in ``unanswered``) so that answers given after them still count.
    """
    ids = {question.id for question in rule_set.questions}
    skipped = frozenset(qid for qid in query.get(SKIP, []) if qid in ids)
    change = next((qid for qid in query.get(CHANGE, []) if qid in ids), "")
    raw = {}
    for qid in ids:
        given = [text for text in query.get(qid, []) if text.strip()]
        if given and qid not in skipped:
            raw[qid] = normalise_typed(given[-1])[:100]
    answers, errors = coerce_answers(rule_set, raw)
    answers = {qid: value for qid, value in answers.items() if qid not in errors}
    flow = Flow(
        rule_set=rule_set,
        answers=answers,
        raw=raw,
        errors=dict(errors),
        skipped=skipped,
        change=change,
    )
    options = {"values": values, "today": today}
    given: dict[str, Any] = {}
    passed: set[str] = set()
    for _step in range(len(rule_set.questions) + 1):
        question = next_question(rule_set, given, skipped=frozenset(passed), **options)
        if question is None or question.id in {q.id for q in [*flow.path, *flow.unanswered]}:
            break
        if question.id == change and not through:
            flow.current = question
            break
        if question.id in answers:
            given[question.id] = answers[question.id]
        elif question.id in skipped:
            passed.add(question.id)
        elif through:
            flow.current = flow.current or question
            flow.unanswered.append(question)
            passed.add(question.id)
            continue
        else:
            flow.current = question
            break
        flow.path.append(question)
    flow.given = given
    if flow.current is not None and not through:
        flow.remaining = _remaining(rule_set, given, passed | {flow.current.id}, options)
    return flow


def _remaining(rule_set: RuleSet, given: dict, passed: set[str], options: dict) -> int:
    """How many more questions would come if the person knew none of the answers."""
    passed = set(passed)
    count = 0
    for _step in range(len(rule_set.questions)):
        question = next_question(rule_set, given, skipped=frozenset(passed), **options)
        if question is None or question.id in passed:
            break
        passed.add(question.id)
        count += 1
    return count
