"""The request's optional `genre` and the answer's `genre`."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

HISTORY = (
    "The ferry line opened in 1884 and was extended in 1887. In June the first steamer sank; "
    "the company recovered by 1890 and was sold in 1899."
)


def _post(client: FlaskClient, **body: object) -> tuple[int, dict]:
    response = client.post("/v1/timeline", json={"published": "2025-04-18", **body})
    return response.status_code, response.get_json()


@pytest.mark.parametrize(
    ("text", "genre"),
    [
        pytest.param("The council met on Tuesday.", "news", id="news"),
        pytest.param(HISTORY, "narrative", id="narrative"),
        pytest.param("movie night tmrw #popcorn", "colloquial", id="colloquial"),
    ],
)
def test_the_answer_says_which_genre_it_chose(client: FlaskClient, text: str, genre: str) -> None:
    status, answer = _post(client, text=text)
    assert status == 200 and answer["genre"] == genre


def test_a_sent_genre_is_used(client: FlaskClient) -> None:
    _, answer = _post(client, text=HISTORY, genre="news")
    assert answer["genre"] == "news"
    assert next(t["value"] for t in answer["timexes"] if t["text"] == "June") == "2024-06"


@pytest.mark.parametrize("bad", ["poem", "", "NEWS", 3, None], ids=repr)
def test_a_bad_genre_is_a_validation_problem(client: FlaskClient, bad: object) -> None:
    response = client.post(
        "/v1/timeline", json={"text": "Rain on Friday.", "published": "2025-04-18", "genre": bad}
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert (
        list(problem["errors"]) == ["genre"]
        and "news, narrative, colloquial" in problem["errors"]["genre"][0]
    )
