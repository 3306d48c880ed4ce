"""Language detection from each grammar's function words."""

from __future__ import annotations

import pytest

from service.core import SUPPORTED_LANGUAGES
from service.core.language import SAMPLE, detect


@pytest.mark.parametrize(
    ("text", "language"),
    [
        pytest.param("The minister said on Tuesday that the talks would resume.", "en", id="English news"),
        pytest.param("El ministro dijo el martes que se reanudarán las obras.", "es", id="Spanish news"),
        pytest.param("Hoy, lunes, se abre la feria del libro en la plaza.", "es", id="Spanish, short"),
        pytest.param("Storms hit the coast.", "en", id="English, short"),
        pytest.param("O ministro disse na terça-feira que as obras vão parar.", "pt", id="Portuguese news"),
        pytest.param("A câmara aprovou o plano e o presidente não comentou.", "pt", id="Portuguese, short"),
        pytest.param("Le ministre a dit mardi que les travaux vont reprendre.", "fr", id="French news"),
        pytest.param("La mairie est fermée depuis lundi.", "fr", id="French, short"),
        pytest.param("Die Regierung will mit den Gewerkschaften verhandeln.", "de", id="German"),
        pytest.param("2025 / 42 / 17", "en", id="no words: the default"),
        pytest.param("", "en", id="empty: the default"),
    ],
)
def test_detects_the_language_by_its_commonest_words(text: str, language: str) -> None:
    assert detect(text, SUPPORTED_LANGUAGES, default="en") == language


def test_only_the_opening_is_read() -> None:
    """The cost stays flat however long the text: what follows the sample does not count."""
    spanish, english = "el de la que y en los " * 10, " the of and to in"
    text = spanish + " " * (SAMPLE - len(spanish)) + english * 1000
    assert detect(text, SUPPORTED_LANGUAGES, default="en") == "es"


def test_a_tie_goes_to_the_default() -> None:
    assert detect("los the", SUPPORTED_LANGUAGES, default="en") == "en"
    assert detect("los the", SUPPORTED_LANGUAGES, default="es") == "es"
