"""Whatever the model answers, settled fields keep their value and no value appears that the document lacks."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.llm.ground import Grounder
from core.llm.port import LlmAnswer
from core.llm.prompt import ASKABLE
from core.llm.second_opinion import SecondOpinion


class ScriptedLlm:
    """An LlmClient that answers with a given text (the Protocol, satisfied without a network)."""

    model = "scripted"

    def __init__(self, text: str) -> None:
        self.text = text

    def complete(self, messages, schema, image=None) -> LlmAnswer:
        return LlmAnswer(self.text, 10, 5)


values = st.one_of(st.none(), st.text(max_size=30), st.sampled_from(
    ["142.21", "119,50", "22.71", "1000.00", "2024-05-03", "2024-06-01", "Acme Supplies Ltd", "EUR", "USD",
     "INV-2024-017", "DE89370400440532013000"]))
answers = st.dictionaries(st.sampled_from(ASKABLE), values)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=answers)
def test_the_local_result_is_never_made_worse(invoice, answer):
    document, local = invoice
    ex = copy.deepcopy(local)
    SecondOpinion(ScriptedLlm(json.dumps(answer)), "always").review(document, ex)
    grounder = Grounder(document.text, local.language)
    for name, before in local.fields.items():
        after = ex.fields[name]
        if not (before.flagged or before.value is None):
            assert after.value == before.value and after.source == before.source
        elif after.source == "llm":
            printed = grounder.check(name, str(after.value)).accepted
            assert printed or after.reasons[0].startswith("read by the second opinion (follows from")
