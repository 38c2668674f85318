"""lovkode: Danish law as code.

    import lovkode
    spec = lovkode.load()                       # the bundled fleksjob spec
    answers = spec.evaluate({"fødselsdato": "1965-03-10"}, questions=["folkepensionsalder"])
    answers["folkepensionsalder"].value          # Decimal('68')
"""
from .api import Answer, Answers, NotAQuestionError, Spec, SpecError, UnknownQuestionError
from .facts import FactProblem, FactsError
from .pipeline import check_path, load, spec_dir

__all__ = ["Answer", "Answers", "FactProblem", "FactsError", "NotAQuestionError", "Spec", "SpecError", "UnknownQuestionError",
           "check_path", "load", "spec_dir"]
__version__ = "0.1.0"
