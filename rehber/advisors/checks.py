"""`rehber check` refuses to pass when an advisor rule file or the values file does not load."""

from pathlib import Path

from django.core.checks import Error, register

from rehber.advisors import rulebook
from rehber.advisors.engine import RuleError, load_rule_sets, load_values


def rule_problems(rules_dir: Path) -> list[str]:
    """What is wrong with the rule files of ``rules_dir`` (empty when they all load)."""
    try:
        load_values(rules_dir / rulebook.VALUES_FILE.name)
        load_rule_sets(rules_dir)
    except RuleError as error:
        return list(error.problems)
    return []


@register()
def advisor_rules_check(app_configs, **kwargs):
    problems = rule_problems(rulebook.RULES_DIR)
    if not problems:
        return []
    return [
        Error(
            "The advisor rule files do not load.",
            hint="; ".join(problems[:10]),
            obj=str(rulebook.RULES_DIR),
            id="advisors.E001",
        )
    ]
