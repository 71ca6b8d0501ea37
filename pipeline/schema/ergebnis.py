"""What a body did with a Vorlage: the result of one deliberation, and how it was voted.

Defined once, here: a draft records a result reached outside this tool
(`beratungsfolge[].ergebnis`), and the minutes of this tool's own sessions use the same
structure, so a result reads alike wherever it was recorded.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .fields import Base, Text

STATUS = ("beschlossen", "geändert beschlossen", "abgelehnt", "vertagt", "zurückgestellt",
          "verwiesen", "zur Kenntnis genommen", "ohne Beschluss")
Status = Literal[STATUS]  # type: ignore[valid-type]
DECIDED = ("beschlossen", "geändert beschlossen")  # a decision was taken


class Abstimmung(Base):
    """Wie abgestimmt wurde: `einstimmig`, `mehrheitlich` oder die Stimmen."""

    art: Literal["einstimmig", "mehrheitlich", "Stimmen"] = Field(
        "Stimmen", description="einstimmig, mehrheitlich, oder Stimmen (dann ja/nein/"
                               "enthaltungen)")
    ja: int | None = Field(None, ge=0, description="Ja-Stimmen")
    nein: int | None = Field(None, ge=0, description="Nein-Stimmen")
    enthaltungen: int | None = Field(None, ge=0, description="Enthaltungen")

    @model_validator(mode="before")
    @classmethod
    def _word(cls, data):
        # `abstimmung: einstimmig` is the short form of `{art: einstimmig}`.
        return {"art": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _counted(self):
        counts = (self.ja, self.nein, self.enthaltungen)
        if self.art == "Stimmen" and all(c is None for c in counts):
            raise ValueError("braucht `einstimmig`, `mehrheitlich` oder die Stimmen "
                             "{ja: 12, nein: 3, enthaltungen: 1}")
        if self.art != "Stimmen" and any(c is not None for c in counts):
            raise ValueError(f"„{self.art}“ oder die Stimmen, nicht beides")
        return self


class Ergebnis(Base):
    """Das Ergebnis einer Beratung: was das Gremium beschlossen hat und wie abgestimmt wurde."""

    status: Status = Field(description=", ".join(STATUS[:-1]) + " oder " + STATUS[-1])
    an: Text | None = Field(None, description="bei verwiesen: an welches Gremium")
    abstimmung: Abstimmung | None = Field(
        None, description="einstimmig, mehrheitlich oder {ja: 12, nein: 3, enthaltungen: 1}")
    hinweis: Text | None = Field(None, description="Anmerkung, z. B. die beschlossene "
                                                   "Änderung")

    @model_validator(mode="before")
    @classmethod
    def _word(cls, data):
        # `ergebnis: vertagt` is the short form of `{status: vertagt}`.
        return {"status": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _consistent(self):
        if self.status == "verwiesen" and not self.an:
            raise ValueError("verwiesen: braucht `an:` (das Gremium, an das verwiesen wurde)")
        if self.an and self.status != "verwiesen":
            raise ValueError("`an:` gilt nur für verwiesen")
        return self

    def printed(self) -> str:
        """The result as a Vorlage prints it: „verwiesen an Bauausschuss (einstimmig)“."""
        text = f"{self.status} an {self.an}" if self.an else self.status
        votes = self.abstimmung
        if votes is not None and votes.art != "Stimmen":
            text += f" ({votes.art})"
        elif votes is not None:
            counted = [f"{word}: {n}" for word, n in (("Ja", votes.ja), ("Nein", votes.nein),
                                                      ("Enthaltungen", votes.enthaltungen))
                       if n is not None]
            text += f" ({', '.join(counted)})"
        return text
