"""Choose the timeline's entries: happenings, plans and deadlines, one entry for one happening."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from service.core.mentions import WORD_RUN
from service.core.model import Event, EventDate
from service.core.wordforms import Words, count_after, count_before, words

if TYPE_CHECKING:
    from service.core.events import Reading
    from service.core.grammar import Grammar


@dataclass(frozen=True, slots=True, eq=False)
class EntryWords:
    """The word data of one grammar (events.yaml) that choosing the timeline's entries reads."""

    states: frozenset[str]  # verbs of states and opinions
    coordinators: frozenset[str]
    subjects: frozenset[str]  # words that open a subject of its own after a coordinator
    light_verbs: frozenset[str]
    negations: frozenset[str]
    media: frozenset[str]
    media_prepositions: frozenset[str]
    occurrence_verbs: frozenset[str]
    anaphoric: frozenset[str]  # words that point back to a happening named before ("the deal")
    schedules: frozenset[str]
    participles: frozenset[str]  # words after which a participle is a circumstance ("being")
    unreal: re.Pattern[str]  # what makes a past verb after it no happening ("if", "could have")
    unreal_openers: frozenset[str]  # the words that open one
    phases: frozenset[str]  # verbs of a phase ("began"): the verb after them is the happening
    prepositions: frozenset[str]  # before an event noun, make it an object ("of an investigation begun")
    sequences: frozenset[str]  # verbs that only relate two happenings ("a landslide that followed the")
    casualties: frozenset[str]  # after a count, a casualty ("222 dead"): an entry of its own
    table: Words  # (the counts a casualty follows)


@functools.cache
def entry_words(grammar: Grammar) -> EntryWords:
    """The entry word data of a grammar (made once per grammar object)."""
    lex = grammar.events
    return EntryWords(
        states=lex["state_verbs"],
        coordinators=lex["coordinators"],
        subjects=lex["determiners"] | lex["person_pronouns"],
        light_verbs=lex["light_verbs"],
        negations=lex["negations"],
        media=lex["media"],
        media_prepositions=lex["media_prepositions"],
        occurrence_verbs=lex["occurrence_verbs"],
        anaphoric=lex["anaphoric"],
        schedules=lex["schedules"],
        participles=lex["participle_markers"],
        unreal=grammar.event_patterns["unreal_before"],
        unreal_openers=lex["unreal_openers"],
        phases=lex["phase_verbs"],
        prepositions=lex.get("prepositions", frozenset()),
        sequences=lex.get("sequence_verbs", frozenset()),
        casualties=lex.get("casualty_words", frozenset()),
        table=words(grammar),
    )


def choose(
    events: list[Event],
    readings: dict[int, Reading],
    words: EntryWords,
    write_head: Callable[[Event], None] = lambda e: None,
) -> list[tuple[Event, list[Event]]]:
    """The timeline's entries, each with the events it gathers: happenings, plans and deadlines (not
    states, copulas or hypotheses); at most one a clause unless its happenings have different dates; a
    reporting frame only when its sentence gives no other entry, or none the text dates (then the
    statement is the news: "X said on Friday the US would abandon ..."); no headline twice (`states`: the
    verbs of states and opinions). Verbs in the past joined by a coordinator ("left the stove on and
    stepped outside", `coordinators`) are happenings of their own, each with its headline (`subjects`:
    the words that open a subject of its own after the coordinator, "and the airport was shut down"). An
    event noun after a verb that says little of its own (`light_verbs`: "suffered injuries", "conducted
    a search") heads that verb's entry. What a negation denies (`negations`: "has not issued") is none.
    An event noun that is where a statement was made (`media` after one of `media_prepositions`: "said in a
    statement", "announced at a press conference") is no happening of its own. An event noun that is the
    subject of a verb that only says it happened (`occurrence_verbs`: "a tsunami struck", "the fire broke
    out") is the entry's trigger: the noun names the happening.
    (`words`: the grammar's entry word data, named here by its fields; `write_head`: writes what only
    heads need, an event's headline and participants, before they are read.)"""
    groups: dict[tuple[int, int, str, int], list[Event]] = {}
    joined: dict[tuple[int, int], tuple[int, int]] = {}  # of a clause: its last past verb's end, how many
    by_clause: dict[tuple[int, int], list[Event]] = {}
    sayings: list[Event] = []
    # where a clause tells a state, a copula or a hypothesis (0 for a hypothesis: the whole clause)
    untold: dict[tuple[int, int], int] = {}
    nouns: list[Event] = []  # event nouns without a date of their own: entries only in a clause that tells
    light: dict[tuple[int, int], tuple[int, tuple[int, int, str, int]]] = {}  # a light verb's end and group
    objects: set[int] = set()  # the ids of event nouns a light verb governs
    told_again: set[int] = set()  # event nouns without a date that name a happening named before
    media_dated: dict[int, EventDate] = {}  # of a sentence, the date of where a statement was made
    counts: dict[int, str] = {}  # of a casualty count's event, its headline ("222 dead")
    # where a form of be is dated as the clause's verb: the event noun before it is what the date dates
    # ("the vote was on Monday")
    copulas = {
        (r.sentence, r.clause): e.trigger.start
        for e in events
        if ((r := readings[id(e)]).auxiliary or r.word in words.schedules)
        and e.date.source == "text"
        and not r.secondary
    }
    for e in events:
        r = readings[id(e)]
        dated_subject = r.noun and r.secondary and e.trigger.start < copulas.get((r.sentence, r.clause), -1)
        by_clause.setdefault((r.sentence, r.clause), []).append(e)
        # (what a quotation says without a date of the text is a statement, not a happening to list)
        # (a title sums up what the body tells: its happenings enter where the body tells them)
        if r.title:
            continue
        if r.noun and r.word in words.media and _after_preposition(e, words.media_prepositions):
            # (its date is the statement's: "announced at a conference on Monday")
            if e.date.source == "text":
                media_dated.setdefault(r.sentence, e.date)
            continue
        held = light.get((r.sentence, r.clause))
        if r.noun and held is not None and held[0] < e.trigger.start:
            objects.add(id(e))
            groups[held[1]].append(e)
            continue
        if (
            not (dated_subject or _happening(e, r, words.states))
            or (not r.noun and e.date.source != "text" and _after_word(e, words.participles))
            or (not r.noun and r.tense == "past" and _unreal(e, words.unreal, words.unreal_openers))
            or (r.quoted and e.date.source != "text")
            or (words.negations and not r.noun and _denied(e, words.negations))
        ):
            if not r.noun:
                since = 0 if e.status == "hypothetical" else e.trigger.start
                untold[(r.sentence, r.clause)] = min(since, untold.get((r.sentence, r.clause), since))
            continue
        if r.noun and e.date.source != "text":
            nouns.append(e)
            continue
        if r.frame and r.tense in ("past", "present"):  # (a plan, "is to be concluded", is none)
            sayings.append(e)
            continue
        at = (r.sentence, r.clause)
        step = 0
        if r.word in words.casualties and not r.noun and (line := _casualty_line(e, words.table)):
            # a casualty count ("222 dead and 843 injured"): a happening of its own, beside its cause
            key = (*at, e.date.value if e.date.source == "text" else "", -1 - e.trigger.start)
            groups[key] = [e]
            counts[id(e)] = line
            continue
        if r.tense == "past" and not r.noun:
            end, step = joined.get(at, (-1, 0))
            if end >= 0 and words.coordinators:
                between = e.sentence.text[end - e.sentence.start : e.trigger.start - e.sentence.start]
                step += any(w in words.coordinators for w in WORD_RUN.findall(between.lower()))
            joined[at] = (e.trigger.end, step)
        key = (*at, e.date.value if e.date.source == "text" else "", step)
        groups.setdefault(key, []).append(e)
        if r.word in words.light_verbs:
            light[at] = (e.trigger.end, key)
    dated = {key[0] for key in groups if key[2]}
    # (the lead: the first LEAD_SENTENCES sentences after the title, if there is one)
    lead = LEAD_SENTENCES + (1 if sayings and readings[id(events[0])].title else 0)
    for e in sayings:
        r = readings[id(e)]
        if e.date.source == "publication" and r.sentence in media_dated:
            e.date = media_dated[r.sentence]  # "said in a statement on Monday": the saying's date
        if e.date.source == "text" and not r.secondary and r.sentence not in dated and r.sentence < lead:
            dated.add(r.sentence)
            groups[(r.sentence, r.clause, e.date.value, 0)] = [e]
    clause_keys: dict[tuple[int, int], tuple[int, int, str, int]] = {}  # each clause's first entry
    for key in groups:
        clause_keys.setdefault(key[:2], key)
    seen_nouns: set[str] = set()
    noun_ends: set[int] = set()  # one past where each event noun ends (a participle there may describe it)
    undated = {id(e) for e in nouns}
    for e in events:
        if readings[id(e)].noun:
            noun_ends.add(e.trigger.end + 1)
            word = e.trigger.text.lower()
            if id(e) in undated and word in seen_nouns and _definite(e, words.anaphoric):
                told_again.add(id(e))
            seen_nouns.add(word)
    for e in nouns:
        r = readings[id(e)]
        if id(e) in told_again:
            continue  # "the deal", told again without a date: the happening named before
        # "the talks remain possible", "if the talks fail": out; "there was an attack": in
        untold_from = untold.get((r.sentence, r.clause))
        if _speaks(e, by_clause[(r.sentence, r.clause)], readings, words.subjects):
            continue  # "the inquiry concluded that ...": who speaks, not what happened
        if untold_from is None or 0 < untold_from < e.trigger.start:
            # (without a date of its own it joins its clause's entry: one entry a clause)
            key = clause_keys.setdefault((r.sentence, r.clause), (r.sentence, r.clause, "", 0))
            groups.setdefault(key, []).append(e)
    heads = {
        key: max(members, key=lambda e: (id(e) in objects, *_weight(e, readings)))
        for key, members in groups.items()
    }
    triggers: dict[int, Event] = {}  # of an entry's head, the event noun whose trigger it takes
    if words.occurrence_verbs or words.phases or words.prepositions:
        group_of: dict[int, tuple[int, int, str, int]] | None = None
        for key, head in heads.items():
            r = readings[id(head)]
            word = r.word
            occurs = word in words.occurrence_verbs or word in words.phases
            if not occurs and head.trigger.start not in noun_ends and word not in words.sequences:
                continue  # (most heads)
            noun = None
            if occurs:
                noun = _occurring(head, by_clause[key[:2]], readings, words.occurrence_verbs) or _phase_of(
                    head, by_clause[key[:2]], readings, words.phases
                )
            if noun is None and word in words.sequences:
                noun = _ordered(head, by_clause[key[:2]], readings)
            if noun is None and head.trigger.start in noun_ends and r.tense == "past" and not r.frame:
                noun = _reduced_relative(
                    head, by_clause[key[:2]], readings, words.prepositions, words.coordinators
                )
            if noun is None or key not in groups:
                continue
            triggers[id(head)] = noun
            if group_of is None:  # (made only for an article that has such a subject)
                group_of = {id(e): k for k, members in groups.items() for e in members}
            other = group_of.get(id(noun))
            if other is not None and other != key and other in groups:  # the noun's own entry joins
                groups[key].extend(groups.pop(other))
    entered = {id(e) for members in groups.values() for e in members}
    chosen: list[tuple[Event, list[Event]]] = []
    told: dict[object, list[Event]] = {}  # the events gathered, by headline and by what happened when
    joined_heads: dict[tuple[int, int], Event] = {}  # the head of each clause's last joined happening
    told_clauses = {key[:2] for key in groups if key[3] >= 0}  # the clauses with an entry besides a count
    for (sentence, clause, _, joint), members in groups.items():
        head = heads[(sentence, clause, _, joint)]
        write_head(head)
        gathered = members + [e for e in by_clause[(sentence, clause)] if id(e) not in entered]
        noun = triggers.get(id(head))
        if noun is not None and all(e is not noun for e in gathered):
            gathered.append(noun)  # (its trigger is the entry's)
        entered.update(id(e) for e in gathered)
        if (
            joint < 0
            and (line := counts.get(id(head))) is not None
            and (head.headline in told or (sentence, clause) in told_clauses)
        ):
            head.headline = line  # "222 dead": the clause's headline tells another entry
        elif joint and (first := joined_heads.get((sentence, clause))) is not None:
            _split_headline(first, head, words.coordinators, words.subjects)
        if joint >= 0:
            joined_heads[(sentence, clause)] = head
        keys: list[object] = [head.headline]
        if head.date.source == "text" and not head.date.vague:
            # the same verb on the same date with the same people and the same words before it
            word = head.trigger.text
            subject = head.headline.partition(word)[0].strip().lower()
            keys.append((word.lower(), head.date.value, tuple(head.participants), subject))
        same = next((told[k] for k in keys if k in told), None)
        if same is not None:  # the same happening told twice, or two predicates of one statement
            same.extend(gathered)
            continue
        for k in keys:
            told[k] = gathered
        chosen.append((head, gathered))
    if len(chosen) > MOST_ENTRIES:
        chosen = _most_salient(chosen, readings)
    return [(_entry(head, gathered, triggers.get(id(head))), gathered) for head, gathered in chosen]


def _most_salient(
    chosen: list[tuple[Event, list[Event]]], readings: dict[int, Reading]
) -> list[tuple[Event, list[Event]]]:
    """The entries an editor would keep of a long article, in their order: every one the text dates, and of
    the others the most salient where the story is told first (salience less the share of the article
    before the entry's sentence), up to MOST_ENTRIES in all."""
    sentences = 1 + max(readings[id(head)].sentence for head, _ in chosen)
    dated = [i for i, (head, _) in enumerate(chosen) if head.date.source == "text"]

    def rank(i: int) -> tuple[float, int]:
        head, gathered = chosen[i]
        return (readings[id(head)].sentence / sentences - max(e.salience for e in gathered), i)

    others = sorted((i for i, (head, _) in enumerate(chosen) if head.date.source != "text"), key=rank)
    kept = sorted(dated + others[: max(0, MOST_ENTRIES - len(dated))])
    return [chosen[i] for i in kept]


def _casualty_line(e: Event, table: Words) -> str | None:
    """The headline of a casualty count, the count and the casualty ("222 dead", "30 people killed"; "Over
    220,000 killed" of "killed over 220,000"), or None when no count stands before or after the word."""
    text, at = e.sentence.text, e.trigger.start - e.sentence.start
    start = count_before(text, at, table)
    if start >= 0:
        line = text[start : at + len(e.trigger.text)]
    else:
        start, end = count_after(text, at + len(e.trigger.text), table)
        if start < 0:
            return None
        line = f"{text[start:end]} {e.trigger.text.lower()}"
    return line[:1].upper() + line[1:]


def _after_preposition(e: Event, prepositions: frozenset[str]) -> bool:
    """Whether one of `prepositions` stands among the few words before the event noun ("in a statement",
    "at a press conference")."""
    at = e.trigger.start - e.sentence.start
    before = WORD_RUN.findall(e.sentence.text[max(0, at - 40) : at].lower())[-NOUN_REACH:]
    return any(w in prepositions for w in before)


def _after_word(e: Event, words: frozenset[str]) -> bool:
    """Whether the word right before the event is one of `words`."""
    if not words:
        return False
    text, end = e.sentence.text, e.trigger.start - e.sentence.start - 1  # (the space before the verb)
    return text[text.rfind(" ", 0, end) + 1 : end].lower() in words


UNREAL_WORDS = 5  # how many words before a verb in the past a condition or a modal may stand


def _unreal(e: Event, unreal: re.Pattern[str], openers: frozenset[str]) -> bool:
    """Whether what `unreal` finds ends right before the verb, from one of the UNREAL_WORDS words before it
    ("if supply improved", "could not have been fined")."""
    return _ends_before(e, unreal, UNREAL_WORDS, openers)


def _definite(e: Event, anaphoric: frozenset[str]) -> bool:
    """Whether one of `anaphoric` stands among the two words before the event noun ("the deal", "the
    failed deal")."""
    at = e.trigger.start - e.sentence.start
    before = WORD_RUN.findall(e.sentence.text[max(0, at - 30) : at].lower())[-2:]
    return any(w in anaphoric for w in before)


def _speaks(noun: Event, clause: list[Event], readings: dict[int, Reading], subjects: frozenset[str]) -> bool:
    """Whether the event noun is the subject of a reporting frame right after it ("the inquiry concluded",
    "the report has said"), not with a subject of the frame's own between them ("the verdict, she said":
    `subjects`, the words that open a subject, or a name)."""
    at = next((i for i, e in enumerate(clause) if e is noun), -1)
    after = clause[at + 1] if 0 <= at < len(clause) - 1 else None
    if after is None or not readings[id(after)].frame:
        return False
    gap = WORD_RUN.findall(
        noun.sentence.text[noun.trigger.end - noun.sentence.start : after.trigger.start - noun.sentence.start]
    )
    return len(gap) <= SPEAKER_GAP and not any(w.lower() in subjects or w[:1].isupper() for w in gap)


def _phase_of(
    head: Event, clause: list[Event], readings: dict[int, Reading], phases: frozenset[str]
) -> Event | None:
    """The verb right after a verb of a phase that names what begins, goes on or ends ("began consulting
    residents", "started to evacuate"), if there is one."""
    r = readings[id(head)]
    if r.noun or r.word not in phases:
        return None
    at = next((i for i, e in enumerate(clause) if e is head), -1)
    after = clause[at + 1] if 0 <= at < len(clause) - 1 else None
    if after is None or readings[id(after)].noun or readings[id(after)].tense != "nonfinite":
        return None
    gap = WORD_RUN.findall(
        head.sentence.text[head.trigger.end - head.sentence.start : after.trigger.start - head.sentence.start]
    )
    return after if len(gap) <= 1 else None


def _occurring(
    head: Event, clause: list[Event], readings: dict[int, Reading], occurrence_verbs: frozenset[str]
) -> Event | None:
    """The event noun right before a verb that only says it happened, its subject ("a tsunami struck",
    "the shooting began"), if there is one."""
    r = readings[id(head)]
    if r.noun or r.word not in occurrence_verbs:
        return None
    at = next((i for i, e in enumerate(clause) if e is head), 0)
    before = clause[at - 1] if at > 0 else None
    if before is None or not readings[id(before)].noun:
        return None
    return before


def _reduced_relative(
    head: Event,
    clause: list[Event],
    readings: dict[int, Reading],
    prepositions: frozenset[str],
    coordinators: frozenset[str],
) -> Event | None:
    """The event noun a participle in the past right after it describes, when the noun is no subject of
    that participle ("the result of an investigation begun in 2018", "signed the ceasefire agreed on
    Monday", "an agreement made yesterday is expected to ..."), if there is one: the noun names the
    happening. The noun is no subject when one of `prepositions` stands among the words before it, or a
    verb not in the past follows the participle with no coordinator between them (the clause's own verb:
    "is expected"); "the talks ended on Monday" and "the talks ended and will resume" keep their verb."""
    at = next((i for i, e in enumerate(clause) if e is head), 0)
    noun = clause[at - 1] if at > 0 else None
    if noun is None or not readings[id(noun)].noun:
        return None
    text, start = head.sentence.text, head.sentence.start
    if not text[noun.trigger.end - start : head.trigger.start - start].isspace():
        return None  # (an auxiliary or a comma between them: "the deal was signed", "the talks, she said")
    # (the words right before the noun, back to a comma or a capitalized word: "On Wednesday, a storm" and
    # "On Wednesday the storm" are the subject's)
    lead = text[max(0, noun.trigger.start - start - 30) : noun.trigger.start - start]
    before: list[str] = WORD_RUN.findall(lead[lead.rfind(",") + 1 :])[-NOUN_REACH + 1 :]
    for w in reversed(before):
        if w.lower() in prepositions:
            return noun
        if w[:1].isupper():
            break
    verb = next((e for e in clause[at + 1 :] if not readings[id(e)].noun), None)
    if verb is None or readings[id(verb)].tense not in ("present", "future"):
        return None
    between = text[head.trigger.end - start : verb.trigger.start - start].lower()
    return None if any(w in coordinators for w in WORD_RUN.findall(between)) else noun


def _ordered(head: Event, clause: list[Event], readings: dict[int, Reading]) -> Event | None:
    """The event noun right after a verb that only relates two happenings, when no event noun before it
    is its subject ("a landslide that followed the eruptions", "it was caused by an undersea landslide":
    the eruptions and the landslide are the clause's happening), if there is one within SEQUENCE_GAP
    words."""
    at = next((i for i, e in enumerate(clause) if e is head), -1)
    after = clause[at + 1] if 0 <= at < len(clause) - 1 else None
    if after is None or not readings[id(after)].noun or (at > 0 and readings[id(clause[at - 1])].noun):
        return None  # (an event noun before the verb is its subject: "the quake triggered a tsunami")
    start = head.sentence.start
    gap = WORD_RUN.findall(head.sentence.text[head.trigger.end - start : after.trigger.start - start])
    return after if len(gap) <= SEQUENCE_GAP else None


def _split_headline(
    first: Event, second: Event, coordinators: frozenset[str], subjects: frozenset[str]
) -> None:
    """Two happenings a coordinator joins in one clause get a headline each: "The owner left a stove on"
    and "The owner stepped outside" from "The owner left a stove on and stepped outside."; a second one
    with a subject of its own keeps it ("and the airport was shut down")."""
    line = second.headline
    if line != first.headline:
        return
    at = line.find(first.trigger.text)
    joint = line.find(second.trigger.text, at + len(first.trigger.text)) if at >= 0 else -1
    if joint < 0:
        return
    between = list(WORD_RUN.finditer(line, at + len(first.trigger.text), joint))
    cut = next((i for i, m in enumerate(between) if m.group().lower() in coordinators), None)
    if cut is None:
        return
    first.headline = line[: between[cut].start()].rstrip(" ,;") + "."
    after = [m for m in between[cut:] if m.group().lower() not in coordinators]
    if after and (after[0].group()[:1].isupper() or after[0].group().lower() in subjects):
        rest = line[after[0].start() :]
        second.headline = rest[:1].upper() + rest[1:]
    else:
        rest = line[joint:]
        second.headline = line[:at] + rest if at else rest[:1].upper() + rest[1:]


# An editor's timeline of one article: every happening the text dates, and of those told without a date of
# their own, the most salient up to this many entries in all (an article that tells more gives its
# background, which the timeline leaves out).
MOST_ENTRIES = 20
# A statement is the news in the lead alone ("Rubio said on Friday the US will abandon ..."): after its first
# sentences an article reports what people said of the news, not news of its own.
LEAD_SENTENCES = 6
SEQUENCE_GAP = 3  # how many words may stand between a relating verb and its event noun ("caused by an")
SPEAKER_GAP = 2  # how many words may stand between an event noun and the frame it is the subject of
NOUN_REACH = 4  # how many words before an event noun a preposition is looked for ("at a press conference")
NEGATION_REACH = 3  # how many words before a verb its negation is looked for ("has not yet issued")


@functools.cache
@functools.cache
def _openers(negations: frozenset[str]) -> frozenset[str]:
    """The words a negation opens with ("no" of "no longer")."""
    return frozenset(w.split()[0] for w in negations)


@functools.cache
def _negation(negations: frozenset[str]) -> re.Pattern[str]:
    """The pattern of a negation and at most NEGATION_REACH - 1 words after it, ending where it is searched
    up to (the start of a verb)."""
    alternatives = "|".join(
        (r"\b" if w[:1].isalnum() else "") + re.escape(w).replace(r"\ ", r"\s+").replace("'", "['’]")
        for w in sorted(negations, key=len, reverse=True)
    )
    return re.compile(rf"(?:{alternatives})(?:\s+\S+){{0,{NEGATION_REACH - 1}}}\s+$", re.IGNORECASE)


def _denied(e: Event, negations: frozenset[str]) -> bool:
    """Whether a negation stands among the few words before the event's verb (tried where each of those
    words starts, not at every character before the verb)."""
    return _ends_before(e, _negation(negations), NEGATION_REACH + 1, _openers(negations))


def _ends_before(e: Event, pattern: re.Pattern[str], words: int, openers: frozenset[str]) -> bool:
    """Whether `pattern` matches from the start of one of the `words` words before the event's trigger up
    to the trigger; tried only when a word that can open it (`openers`, in lower case) stands there."""
    text, end = e.sentence.text, e.trigger.start - e.sentence.start
    before = text[max(0, end - 12 * words) : end].lower()
    # (most verbs: no opener in the characters before it, let alone as one of its last words)
    if not any(w in before for w in openers) or openers.isdisjoint(before.split()[-words:]):
        return False
    at = end - 1
    for _ in range(words):
        at = text.rfind(" ", 0, at)
        if pattern.match(text, at + 1, end) is not None:
            return True
        if at <= 0:
            return False
    return False


def _happening(e: Event, r: Reading, states: frozenset[str]) -> bool:
    """Whether an event can be a timeline entry: a happening, a plan or a deadline the text tells."""
    if e.status == "hypothetical" or r.auxiliary or r.word in states:
        return False
    if r.noun:
        return not r.secondary or r.named  # an event noun with a date of its own, or with none in its clause
    if r.tense != "past":  # a present, a plan or an infinitive the text does not date: no entry
        return e.date.source == "text"
    return True


def _weight(e: Event, readings: dict[int, Reading]) -> tuple[bool, bool, bool, float, int]:
    """Which event of a clause heads its entry: one the text dates, an event noun its date names ("the
    election on Sunday", "the 2010 raid"), a verb in the past (what the clause tells: "met" in "has met him
    in an effort to broker a truce"), the most salient, the first."""
    r = readings[id(e)]
    return (e.date.source == "text", r.named, r.tense == "past" and not r.noun, e.salience, -e.trigger.start)


def _entry(head: Event, gathered: list[Event], noun: Event | None = None) -> Event:
    """The timeline entry an event heads: the event, with the mentions of all it gathers (and the trigger
    of the event noun that is the subject of its verb, `noun`, when there is one)."""
    spans = {(m.start, m.end): m for e in gathered for m in e.mentions}
    mentions = [spans[k] for k in sorted(spans)]
    return Event(
        head.trigger if noun is None else noun.trigger,
        head.date,
        head.sentence,
        head.status,
        head.headline,
        list(head.participants),
        max(e.salience for e in gathered),
        mentions,
    )


def place(timeline: list[Event]) -> None:
    """An entry that happened without a date of its own (dated by the publication) is placed by the
    narration instead: on the date of the last entry before it in the text that the text dates, with
    `date.source` "relation" (the publication day is where news happens, not where its background did)."""
    last: EventDate | None = None
    for e in sorted(timeline, key=lambda e: e.trigger.start):
        d = e.date
        if d.source == "text" and not d.vague:
            last = d
        elif d.source == "publication" and e.status == "happened" and last is not None:
            e.date = EventDate(
                last.value, last.mod, last.granularity, last.interval, last.text, "relation", last.timex
            )
