from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from rehber.accounts.roles import Role
from rehber.advisors import rulebook, selectors, services
from rehber.advisors.answers import answer_display, error_message
from rehber.advisors.engine import RuleSet, evaluate, explain
from rehber.advisors.flow import Flow, answer_as_text, flow_from_query
from rehber.advisors.forms import AdvisorValueForm
from rehber.core.access import role_required, user_has_role
from rehber.core.models import text_direction

ADVISOR_READERS = (Role.EDITOR, Role.ADMIN)

#: The question a form was sent for, to tell "sent empty" from "opened by a link".
ASKED = "asked"


def _rule_set_or_404(advisor: str) -> RuleSet:
    rule_set = rulebook.rule_set_get(advisor)
    if rule_set is None:
        raise Http404(_("No such advisor."))
    return rule_set


def _flow(request, rule_set: RuleSet, *, through: bool = False) -> Flow:
    return flow_from_query(
        rule_set,
        {key: request.GET.getlist(key) for key in request.GET},
        values=rulebook.values_current(),
        today=timezone.localdate(),
        through=through,
    )


def _content(request) -> dict:
    """``lang`` and ``dir`` for blocks of rule text (written in the page's language)."""
    language = request.LANGUAGE_CODE
    return {"lang": language, "dir": text_direction(language)}


# Readers ----------------------------------------------------------------------
# Nothing here writes to the database or a session: the answers live in the address.


@require_safe
def advisor_index(request):
    language = request.LANGUAGE_CODE
    advisors = [
        {
            "slug": slug,
            "title": rule_set.title.get(language),
            "summary": rule_set.summary.get(language),
            "checked_on": rule_set.checked_on,
        }
        for slug, rule_set in rulebook.rule_sets().items()
    ]
    return render(
        request, "advisors/advisor_index.html", {"advisors": advisors, "content": _content(request)}
    )


@require_safe
def advisor_start(request, advisor):
    rule_set = _rule_set_or_404(advisor)
    language = request.LANGUAGE_CODE
    return render(
        request,
        "advisors/advisor_start.html",
        {
            "rule_set": rule_set,
            "title": rule_set.title.get(language),
            "summary": rule_set.summary.get(language),
            "question_count": len(rule_set.questions),
            "guides": selectors.guide_links(slugs=rule_set.guides, language=language),
            "content": _content(request),
        },
    )


@require_safe
def advisor_question(request, advisor):
    rule_set = _rule_set_or_404(advisor)
    flow = _flow(request, rule_set)
    if flow.current is None:
        query = flow.query(only_given=True)
        url = reverse("advisors:result", kwargs={"advisor": advisor})
        return redirect(f"{url}?{query}" if query else url)
    language = request.LANGUAGE_CODE
    question = flow.current
    back = flow.back_query()
    error = error_message(question, flow.error) if flow.error else ""
    if not error and request.GET.get(ASKED) == question.id:
        # The form came back for this question with nothing chosen or typed.
        error = _("Please answer, or choose “I don't know”.")
    return render(
        request,
        "advisors/advisor_question.html",
        {
            "rule_set": rule_set,
            "title": rule_set.title.get(language),
            "flow": flow,
            "question": question,
            "text": question.text.get(language),
            "help": question.help.get(language) if question.help else "",
            "choices": [(choice.value, choice.text.get(language)) for choice in question.choices],
            "typed": flow.typed,
            "error": error,
            "back": back,
            "asked": ASKED,
            "content": _content(request),
        },
    )


def answer_rows(flow: Flow, language: str, url: str) -> list[dict]:
    """The answers given so far, each with a link to change it."""
    rows = []
    for question in flow.path:
        if question.id in flow.given:
            shown = answer_display(question, flow.given[question.id], language)
        else:
            shown = _("I don't know")
        rows.append(
            {
                "id": question.id,
                "text": question.text.get(language),
                "answer": shown,
                "change": f"{url}?{flow.change_query(question.id)}",
            }
        )
    return rows


@require_safe
def advisor_result(request, advisor):
    rule_set = _rule_set_or_404(advisor)
    flow = _flow(request, rule_set, through=True)
    language = request.LANGUAGE_CODE
    evaluation = evaluate(
        rule_set,
        flow.given,
        lang=language,
        values=rulebook.values_current(),
        today=timezone.localdate(),
    )
    ask = reverse("advisors:question", kwargs={"advisor": advisor})
    outcomes = []
    for outcome in evaluation.outcomes:
        missing = []
        for qid in outcome.missing:
            question = rule_set.question(qid)
            if question is not None:
                missing.append(
                    {"text": question.text.get(language), "url": f"{ask}?{flow.change_query(qid)}"}
                )
        outcomes.append({"result": outcome, "missing": missing})
    return render(
        request,
        "advisors/advisor_result.html",
        {
            "rule_set": rule_set,
            "title": rule_set.title.get(language),
            "evaluation": evaluation,
            "outcomes": outcomes,
            "answers": answer_rows(flow, language, ask),
            "unfinished": flow.current is not None,
            "continue_url": f"{ask}?{flow.query()}",
            "share_url": request.build_absolute_uri(),
            "explain_url": (
                reverse("advisors:staff_explain", kwargs={"advisor": advisor})
                + f"?{flow.query(only_given=True)}"
                if user_has_role(request.user, ADVISOR_READERS)[0]
                else ""
            ),
            "guides": selectors.guide_links(slugs=rule_set.guides, language=language),
            "content": _content(request),
        },
    )


# Staff ------------------------------------------------------------------------


@role_required(*ADVISOR_READERS)
def staff_index(request):
    return render(
        request,
        "advisors/staff/advisor_overview.html",
        {
            "advisors": selectors.advisor_overview(language=request.LANGUAGE_CODE),
            "values": selectors.value_rows(),
            "may_edit": user_has_role(request.user, (Role.ADMIN,))[0],
        },
    )


@role_required(*ADVISOR_READERS)
def staff_versions(request, advisor):
    rule_set = _rule_set_or_404(advisor)
    versions = selectors.rule_set_versions(advisor=advisor)
    older = selectors.version_pick(versions, request.GET.get("from"), default_index=1)
    newer = selectors.version_pick(versions, request.GET.get("to"), default_index=0)
    diff = selectors.version_diff(older=older, newer=newer) if older and newer else []
    return render(
        request,
        "advisors/staff/rule_set_versions.html",
        {
            "rule_set": rule_set,
            "title": rule_set.title.get(request.LANGUAGE_CODE),
            "versions": versions,
            "older": older,
            "newer": newer,
            "diff": diff,
        },
    )


@role_required(*ADVISOR_READERS)
def staff_explain(request, advisor):
    rule_set = _rule_set_or_404(advisor)
    language = request.LANGUAGE_CODE
    query = {key: request.GET.getlist(key) for key in request.GET}
    values = rulebook.values_current()
    today = timezone.localdate()
    flow = flow_from_query(rule_set, query, values=values, today=today)
    explanation = explain(rule_set, flow.answers, values=values, today=today, lang=language)
    evaluation = evaluate(rule_set, flow.answers, lang=language, values=values, today=today)
    titles = {outcome.code: outcome.title for outcome in evaluation.outcomes}
    outcomes = [
        {
            "title": titles.get(item.code, item.code),
            "outcome": item,
            "requirements": [
                {
                    "requirement": requirement,
                    "applies_if": condition_rows(requirement.applies_if),
                    "test": condition_rows(requirement.test),
                }
                for requirement in item.requirements
            ],
            "factors": [
                {"factor": factor, "when": condition_rows(factor.when)} for factor in item.factors
            ],
        }
        for item in explanation
    ]
    fields = [
        {
            "question": question,
            "text": question.text.get(language),
            "choices": [(c.value, c.text.get(language)) for c in question.choices],
            "typed": flow.raw.get(question.id, ""),
            "error": error_message(question, flow.errors[question.id])
            if question.id in flow.errors
            else "",
        }
        for question in rule_set.questions
    ]
    return render(
        request,
        "advisors/staff/explain.html",
        {
            "rule_set": rule_set,
            "title": rule_set.title.get(language),
            "fields": fields,
            "asked": bool(request.GET),
            "outcomes": outcomes,
            "public_url": reverse("advisors:result", kwargs={"advisor": advisor})
            + (f"?{flow.query()}" if flow.answers else ""),
        },
    )


def _operand_text(value) -> str:
    if value is None:
        return "?"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_operand_text(item) for item in value) + "]"
    return str(value)


def condition_rows(node, depth: int = 0) -> list[dict]:
    """An evaluated condition tree as rows to show, each with its depth and its result."""
    if node is None:
        return []
    if node.children:
        text = node.op
    elif node.op == "answered":
        text = f"answered {node.left}"
    else:
        left, right = (*node.operands, None, None)[:2]
        text = f"{node.left} = {_operand_text(left)} · {node.op} {_operand_text(right)}"
    rows = [{"text": text, "result": node.result, "depth": min(depth, 6)}]
    for child in node.children:
        rows.extend(condition_rows(child, depth + 1))
    return rows


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def staff_value_edit(request, key):
    spec = rulebook.value_specs().get(key)
    if spec is None:
        raise Http404(_("No such value."))
    current = rulebook.values_current()[key]
    if request.method == "POST":
        form = AdvisorValueForm(request.POST, spec=spec)
        if form.is_valid():
            try:
                services.advisor_value_set(
                    key=key,
                    value=form.cleaned_data["value"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved. The advisors use the new value from now on."))
                return redirect("advisors:staff_value_edit", key=key)
    else:
        form = AdvisorValueForm(spec=spec, initial={"value": answer_as_text(current)})
    return render(
        request,
        "advisors/staff/value_edit.html",
        {
            "spec": spec,
            "current": current,
            "form": form,
            "history": selectors.value_history(key=key),
        },
    )
