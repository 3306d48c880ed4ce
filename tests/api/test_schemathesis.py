"""API fuzzing from the spec: schemathesis generates requests from openapi.yaml and runs every check.

In process (WSGI), with API keys configured so that the authentication checks have something to check,
and a bounded, derandomized number of examples per operation so that the suite stays fast and stable.
``make schemathesis`` runs a larger campaign against a real gunicorn server (benchmarks/api_fuzz.py).
Any server error (5xx) or answer that breaks the spec fails the test with a reproducible curl command.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from service import create_app

KEY = "schemathesis-test-key-0123456789"
EXAMPLES_PER_OPERATION = 25

app = create_app({"TESTING": False, "API_KEYS": KEY})
# The app's /openapi.yaml: the committed openapi.yaml (test_openapi.py keeps the two identical).
schema = schemathesis.openapi.from_wsgi("/openapi.yaml", app)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_api_conforms_to_its_spec(case: schemathesis.Case) -> None:
    """Every check of schemathesis: no 5xx, status codes, content types, headers and bodies as documented,
    invalid data rejected, valid data accepted, authentication not ignored."""
    case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"})
