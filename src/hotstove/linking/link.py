"""Link an article: find every mention of a person, club, affiliate or outlet and decide who it is.

A walk down the gazetteer's word trie from each capitalized word finds the candidates; the
context (the article's year, its clubs, position words and role cues near a name, what was named
before) is weighed only for those few candidates.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate, compress
from operator import add

from rapidfuzz import fuzz, process

from hotstove.linking.gazetteer import (
    AffiliateEntry,
    ClubEntry,
    Gazetteer,
    PersonInfo,
    StaffEntry,
)
from hotstove.linking.text import Tokens, text_key
from hotstove.records import (
    Article,
    LinkedArticle,
    LinkedClub,
    LinkedPerson,
    LinkedPlayer,
    Span,
    Unresolved,
)

SUFFIX_KEYS = {"jr": "Jr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV"}
LEVEL_WORDS = {
    "triple a": "AAA", "aaa": "AAA", "double a": "AA", "aa": "AA", "high a": "A+",
    "single a": "A", "low a": "A", "class a": "A",
}  # fmt: skip
# Words near a name that say which position he plays (checked against his positions).
POSITION_WORDS: dict[str, set[str]] = {
    "catcher": {"C"}, "backstop": {"C"}, "catching": {"C"},
    "pitcher": {"P"}, "right hander": {"P"}, "left hander": {"P"}, "righty": {"P"},
    "lefty": {"P"}, "starter": {"P"}, "reliever": {"P"}, "closer": {"P"}, "rhp": {"P"},
    "lhp": {"P"}, "hurler": {"P"}, "southpaw": {"P"}, "ace": {"P"}, "bullpen": {"P"},
    "rotation": {"P"}, "shortstop": {"SS"}, "first baseman": {"1B"}, "second baseman": {"2B"},
    "third baseman": {"3B"}, "outfielder": {"LF", "CF", "RF", "OF"},
    "center fielder": {"CF"}, "left fielder": {"LF"}, "right fielder": {"RF"},
    "infielder": {"1B", "2B", "3B", "SS"}, "designated hitter": {"DH"}, "slugger": {"1B", "DH"},
    "first base": {"1B"}, "second base": {"2B"}, "third base": {"3B"},
    "outfield": {"LF", "CF", "RF", "OF"},
    "behind the plate": {"C"}, "mound": {"P"},
}  # fmt: skip
HOW_PENALTY = {"exact": 0.0, "nickname": -0.2, "alias": -0.4, "initials": -0.8, "variant": -0.6}
PLACE_WORDS = {"in", "at", "near", "outside", "around", "downtown"}
REPORT_VERBS = {"reported", "reports", "reporting", "wrote", "writes", "tweeted", "noted",
                "said", "says", "added", "hears", "heard", "relayed", "confirmed"}  # fmt: skip
# a year 1870-2099 written as a word: "\b(18[7-9]\d|19\d\d|20\d\d)\b", with the boundary before it
# checked after its first digit so the search can skip to the next 1 or 2
_YEAR = re.compile(r"(?:1(?<!\w1)(?:8[7-9]|9\d)|2(?<!\w2)0\d)\d\b")


def _middle_initial_hits(tokens: Tokens, gaz: Gazetteer) -> list[_Hit]:
    """ "Juan A. Namesake": first and last name, and a middle initial that picks a namesake."""
    keys, is_cap, ends = tokens.keys, tokens.is_cap, tokens.ends
    text = tokens.text
    out: list[_Hit] = []
    last = len(keys) - 2
    for k in tokens.caps:  # the middle initial, capitalized like the names around it
        if not 1 <= k <= last:
            continue
        n = k - 1
        initial = keys[k]
        if not (is_cap[n] and is_cap[k + 1] and len(initial) == 1
                and text[ends[k] : ends[k] + 1] == "."):  # fmt: skip
            continue
        num = gaz.find(f"{keys[n]} {keys[k + 1]}")
        if num is None:
            continue
        people = [e[1] for e in gaz.lookup(num) if e[0] == "person"]
        keep = [
            e for e in people
            if (p := gaz.people.get(e[0])) is not None
            and any(g.startswith(initial) for g in p.given)
        ]  # fmt: skip
        if keep:
            out.append(_Hit(n, n + 2, "person", keep))
    return out


_BREAK = re.compile(r"[,;:()\[\]\"“”/\n]|\s-\s|—|–")


_FUTURE_CUES = {"for", "through", "thru", "until", "till", "beyond", "by", "will", "would",
                "miss", "misses", "missing", "next"}  # fmt: skip


_LETTERS = re.compile(r"[A-Za-z]+")


def _past_years(text: str) -> list[int]:
    """Years the text names as seasons that happened, not contract years ("options for 2010",
    "under contract through 2028")."""
    out = []
    for m in _YEAR.finditer(text):
        before = _LETTERS.findall(text[max(0, m.start() - 25) : m.start()].lower())[-3:]
        if not _FUTURE_CUES & set(before):
            out.append(int(m.group()))
    return out


@dataclass(slots=True)
class _Hit:
    i: int  # first token
    j: int  # last token
    kind: str
    entries: list  # shared with the gazetteer's memo: read, never changed


def article_year(
    article: Article, latest_season: int, careers: list[tuple[int, int, int]] | None = None
) -> int:
    """The season a story is about.

    Its date when known. Otherwise the players it names tell (each name with one MLB candidate,
    as first pro season, MLB debut, last MLB season): the seasons in which the most of them were
    in the majors, a prospect counting half before his debut; the first of those seasons (at most
    the last season the data holds). A later year written in the text as past wins. With
    neither, the coming season.
    """
    if article.published is not None:
        return article.published.year
    years = [y for y in _past_years(article.text) if y <= latest_season + 1]
    named = max(years) if years else None
    estimate = None
    if careers:
        lo = min(a for a, _, _ in careers)
        hi = max(lo, min(max(c for _, _, c in careers), latest_season + 1))
        # each season's weight in half players (exact, as the halves are), summed as steps:
        # +2 over each MLB career (debut to last season), +1 over the pro years before a debut
        steps = [0] * (hi - lo + 2)
        for a, b, c in careers:
            for first, last, w in ((b, c, 2), (a, b - 1, 1)):
                first, last = max(first, lo), min(last, hi)
                if first <= last:
                    steps[first - lo] += w
                    steps[last - lo + 1] -= w
        counts = list(accumulate(steps[:-1]))
        # the first of the seasons most of them played: a story names players as they are when
        # it is written, and an undated story is no later than the last season the data holds
        estimate = min(lo + counts.index(max(counts)), latest_season)
    if estimate is not None and (named is None or named < estimate):
        return estimate
    return named if named is not None else latest_season + 1


def _scan(tokens: Tokens, gaz: Gazetteer) -> list[_Hit]:
    """Every gazetteer key written in the text as whole tokens, first and last capitalized as
    names are: a walk down the trie from each capitalized token, a word at a time, while some
    key goes on (and no punctuation splits the words: "L.A., Díaz" is not one name)."""
    found: list[_Hit] = []
    keys, is_cap, starts, ends = tokens.keys, tokens.is_cap, tokens.starts, tokens.ends
    text = tokens.text
    number = gaz.index.get
    stems = gaz.stems  # some key goes on from these words
    last = len(keys) - 1
    for i in tokens.caps:
        key = keys[i]
        j = i
        while True:
            if is_cap[j]:
                n = number(key)
                if n is not None:
                    for kind, group in gaz.groups(n):
                        found.append(_Hit(i, j, kind, group))
            if j == last or key not in stems:
                break
            gap = text[ends[j] : starts[j + 1]]
            if gap != " " and _BREAK.search(gap):  # one space never breaks a name
                break
            j += 1
            key = f"{key} {keys[j]}"
    return found


# Each position word, singular or plural, as words; by its first word.
_POSITION_OF = {
    form: pos for w, pos in POSITION_WORDS.items() for form in (w, f"{w}s")
}  # fmt: skip
_POSITION_BY_FIRST: dict[str, list[tuple[list[str], set[str]]]] = defaultdict(list)
for _form, _pos in _POSITION_OF.items():
    _POSITION_BY_FIRST[_form.split(" ")[0]].append((_form.split(" "), _pos))


def _position_spots(tokens: Tokens) -> list[tuple[int, int, set[str]]]:
    """Every position word of the text as (first token, last token, positions)."""
    keys = tokens.keys
    spots: list[tuple[int, int, set[str]]] = []
    if not tokens.spaced:  # a token a word: compare tokens
        for t in compress(range(len(keys)), map(_POSITION_BY_FIRST.__contains__, keys)):
            for words, pos in _POSITION_BY_FIRST[keys[t]]:
                if keys[t : t + len(words)] == words:
                    spots.append((t, t + len(words) - 1, pos))
        return spots
    # a key holding spaces: find the words in the normal form, then the tokens holding them
    padded = f" {tokens.norm} "
    at = list(map(add, accumulate(map(len, keys), initial=0), range(len(keys))))
    for form, pos in _POSITION_OF.items():
        needle = f" {form} "
        q = padded.find(needle)
        while q >= 0:  # the form is at norm[q : q + len(form)]
            spots.append((bisect_right(at, q) - 1, bisect_right(at, q + len(form) - 1) - 1, pos))
            q = padded.find(needle, q + 1)
    return spots


def _position_cues(
    spots: list[tuple[int, int, set[str]]], n_tokens: int, i: int, j: int, window: int = 6
) -> set[str]:
    """The positions named by words within ``window`` tokens of the name at tokens i..j."""
    lo, hi = max(0, i - window), min(n_tokens, j + window + 1)
    got: set[str] = set()
    for a, b, pos in spots:
        if a >= lo and b < hi:
            got |= pos
    return got


def _club_overlaps(
    gaz: Gazetteer, pid: str, near: set[str], clubs: set[str], years: tuple[int, ...],
    slack: int = 3,
) -> tuple[float, float]:  # fmt: skip
    """The best fit, over ``years``, of a person's organizations with the clubs named nearby and
    with those named in the article: 1.0 when he was there that season (a year's slack), 0.6
    within ``slack`` seasons, else 0.0."""
    best_near = best_all = 0.0
    for club, first, last in gaz.orgs.get(pid, ()):
        in_all = club in clubs
        in_near = club in near
        if not (in_all or in_near):
            continue
        for year in years:
            if first - slack <= year <= last + slack:
                fit = 1.0 if first - 1 <= year <= last + 1 else 0.6
                if in_all and fit > best_all:
                    best_all = fit
                if in_near and fit > best_near:
                    best_near = fit
    return best_near, best_all


def _club_overlap(gaz: Gazetteer, pid: str, clubs: set[str], year: int, slack: int = 3) -> float:
    return _club_overlaps(gaz, pid, clubs, clubs, (year,), slack)[1]


def _score_person(
    gaz: Gazetteer, p: PersonInfo, how: str, years: tuple[int, ...], clubs: set[str],
    near_clubs: set[str], pos_cues: set[str], suffix: str | None, elders: dict[str, int],
) -> float:  # fmt: skip
    """How well a candidate fits one mention: his career against the story's season (or a year
    named in the sentence), his clubs against the clubs named nearby and in the article, position
    words beside the name, a written suffix, and how often he played (a prior)."""
    s = HOW_PENALTY.get(how, -0.5)
    first = p.first
    last = p.last
    if first is None or last is None:
        s += 0.0  # a career the data does not date (a new draftee): neither for nor against
    elif any(first - 1 <= y <= last + 1 for y in years):
        s += 3.0
    elif any(first - 4 <= y <= last + 4 for y in years):
        s += 1.0
    else:
        gap = min(min(abs(y - first), abs(y - last)) for y in years)
        s -= min(4.0, gap / 4)
    if p.mlb_first is not None:
        s += 2.0
    s += 0.5 * p.prior
    near_fit, any_fit = _club_overlaps(gaz, p.person_id, near_clubs, clubs, years)
    s += max(2.5 * near_fit, 1.0 * any_fit)
    if pos_cues:
        if set(p.positions[:2]) & pos_cues:
            s += 1.5
        elif p.positions:
            s -= 1.5
    if suffix:
        want = SUFFIX_KEYS[suffix]
        if p.suffix == want:
            s += 3.0
        elif p.suffix and p.suffix != want:
            s -= 3.0
        elif p.birth_year and elders.get(p.person_id) == (-1 if suffix == "jr" else 1):
            s += 2.0
    return s


def _generation(people: list[PersonInfo]) -> dict[str, int]:
    """Among namesakes, -1 for the youngest and 1 for the eldest (for an unmarked Jr./Sr.)."""
    born = [p for p in people if p.birth_year]
    if len(born) < 2:
        return {}
    born.sort(key=lambda p: p.birth_year or 0)
    return {born[0].person_id: 1, born[-1].person_id: -1}


def _minus_score(scored: tuple[float, PersonInfo]) -> float:
    return -scored[0]


def link_article(article: Article, gaz: Gazetteer) -> LinkedArticle:
    text = article.text
    tokens = Tokens(text)
    keys, starts, ends = tokens.keys, tokens.starts, tokens.ends
    is_cap, is_upper = tokens.is_cap, tokens.is_upper
    n_tok = len(keys)
    hits = _scan(tokens, gaz)
    hits += _middle_initial_hits(tokens, gaz)
    eponyms = [h for h in hits if h.kind == "person" and _eponym(tokens, h)]
    blocked = {n for h in eponyms for n in range(h.i, h.j + 1)}
    if blocked:
        hits = [h for h in hits if not (h.kind in ("person", "staff") and h.i in blocked)]
    careers: list[tuple[int, int, int]] = []
    people = gaz.people
    for h in hits:
        if h.kind == "person":
            mlb = {pid for pid, how, _ in h.entries if how == "exact"
                   and (p := people.get(pid)) is not None and p.mlb_first}  # fmt: skip
            if len(mlb) == 1 and next(iter(mlb)) not in gaz.managed:  # managers played long ago
                p = people[next(iter(mlb))]
                careers.append((p.pro_first or p.mlb_first or 0, p.mlb_first or 0, p.mlb_last or 0))
    year = article_year(article, gaz.latest_season, careers)

    # Longest match wins where matches overlap (a player's full name over a club nickname inside
    # an affiliate's name, "Worcester Red Sox" over "Red Sox").
    hits.sort(key=lambda h: (h.i - h.j, h.i))
    taken = bytearray(n_tok)
    chosen_spans: set[tuple[int, int]] = set()
    chosen: list[_Hit] = []
    for h in hits:
        if any(taken[h.i : h.j + 1]):
            # same span, another kind (a name that is also a staff entry): keep both
            if (h.i, h.j) in chosen_spans:
                chosen.append(h)
            continue
        taken[h.i : h.j + 1] = b"\x01" * (h.j - h.i + 1)
        chosen_spans.add((h.i, h.j))
        chosen.append(h)
    chosen.sort(key=lambda h: h.i)

    # --- clubs -------------------------------------------------------------------------------
    club_mentions: dict[str, LinkedClub] = {}
    pending: list[tuple[_Hit, list[str]]] = []

    def add_club(code: str, i: int, j: int, via: str, conf: float) -> None:
        a, b = starts[i], ends[j]
        c = club_mentions.setdefault(code, LinkedClub(code, conf))
        c.mentions.append(Span(a, b, text[a:b]))
        c.confidence = max(c.confidence, conf)
        if via not in c.via:
            c.via.append(via)

    for h in chosen:
        if h.kind == "club":
            entries = [e for e in h.entries if isinstance(e, ClubEntry) and e.valid(year)]
            if not entries:
                entries = [e for e in h.entries if isinstance(e, ClubEntry)]
                if all(e.valid_to is not None and e.valid_to < year - 1 for e in entries):
                    continue
            codes = sorted({e.code for e in entries})
            kinds = {e.kind for e in entries}
            if _is_place(tokens, h, kinds):
                continue
            if len(codes) == 1 and not any(e.needs_context for e in entries):
                add_club(codes[0], h.i, h.j, sorted(kinds)[0], 0.97)
            elif codes:
                pending.append((h, codes))
        elif h.kind == "affiliate":
            level = _level_before(tokens, h.i)
            ok = [e for e in h.entries if isinstance(e, AffiliateEntry) and e.valid(year)]
            ok = [e for e in ok if not e.needs_level or level is not None]
            if level is not None:
                ok = [e for e in ok if e.level == level] or ok
            parents = sorted({e.parent for e in ok})
            if len(parents) == 1:
                add_club(parents[0], h.i, h.j, "affiliate", 0.9)
    for h, codes in pending:  # "the Sox", "L.A.": the club named nearest before, else most named
        before = [
            (m.start, code) for code, c in club_mentions.items() if code in codes
            for m in c.mentions if m.start < starts[h.i]
        ]  # fmt: skip
        if before:
            add_club(max(before)[1], h.i, h.j, "context", 0.85)
        else:
            named = [c for c in codes if c in club_mentions]
            if len(named) == 1:
                add_club(named[0], h.i, h.j, "context", 0.8)

    clubs_here = set(club_mentions)
    sent_starts = _sentence_starts(text)
    clubs_by_sent: dict[int, set[str]] = defaultdict(set)
    for code, c in club_mentions.items():
        for m in c.mentions:
            clubs_by_sent[bisect_right(sent_starts, m.start) - 1].add(code)
    years_by_sent: dict[int, set[int]] = defaultdict(set)
    for ym in _YEAR.finditer(text):
        y = int(ym.group())
        if y <= gaz.latest_season + 1:
            years_by_sent[bisect_right(sent_starts, ym.start()) - 1].add(y)

    def near(n: int) -> tuple[set[str], tuple[int, ...]]:
        k = bisect_right(sent_starts, starts[n]) - 1
        cl = clubs_by_sent[k] | clubs_by_sent[k - 1] | clubs_by_sent[k + 1]
        ys = (year, *sorted(years_by_sent[k]))
        return cl, ys

    # --- people --------------------------------------------------------------------------------
    players: dict[str, LinkedPlayer] = {}
    staff_people: dict[tuple[str, str], LinkedPerson] = {}
    unresolved: list[Unresolved] = []
    person_hits = [h for h in chosen if h.kind in ("person", "staff")]
    covered: set[int] = set(blocked)
    spans_by_pid: dict[str, list[int]] = defaultdict(list)
    staff_at: dict[tuple[int, int], list] = {}  # the staff entries of each span
    for x in chosen:
        if x.kind == "staff":
            staff_at.setdefault((x.i, x.j), []).extend(x.entries)
    spots: list[tuple[int, int, set[str]]] | None = None  # position words, found on first need

    for h in person_hits:
        if h.kind != "person":
            continue
        a, b = starts[h.i], ends[h.j]
        sfx = keys[h.j + 1] if h.j + 1 < n_tok and keys[h.j + 1] in SUFFIX_KEYS else None
        cands: list[tuple[PersonInfo, str]] = []
        for pid, how, _sfx in h.entries:
            p = people.get(pid)
            if p is not None:
                cands.append((p, how))
        if not cands:
            continue
        staff = staff_at.get((h.i, h.j), [])
        role = _role(gaz, tokens, h, cands, staff, year)
        if role is not None:
            _add_person(staff_people, role, text, a, b)
            covered.update(range(h.i, h.j + 1))
            continue
        if spots is None:
            spots = _position_spots(tokens)
        pos_cues = _position_cues(spots, n_tok, h.i, h.j) if spots else set()
        near_cl, ys = near(h.i)
        by_name: dict[str, list[PersonInfo]] = defaultdict(list)
        for p, _ in cands:
            by_name[p.name.split(" Jr.")[0].split(" Sr.")[0]].append(p)
        gens: dict[str, int] = {}
        for group in by_name.values():
            if len(group) > 1:
                gens.update(_generation(group))
        scored = [
            (_score_person(gaz, p, how, ys, clubs_here, near_cl, pos_cues, sfx, gens), p)
            for p, how in cands
        ]
        scored.sort(key=_minus_score)
        best_s, best = scored[0]
        margin = best_s - scored[1][0] if len(scored) > 1 else 3.0
        if best_s < 0.5 and not best.active(year, 6) and len(scored) > 1:
            unresolved.append(Unresolved(text[a:b], [Span(a, b, text[a:b])],
                [_cand_dict(p) for _, p in scored[:5]], "no candidate active then"))  # fmt: skip
            continue
        conf = round(min(0.99, 0.5 + 0.15 * margin), 3)
        if not any(best.active(y, 3) for y in ys):
            conf = min(conf, 0.6)  # a name from another era: said with doubt
        lp = players.get(best.person_id)
        if lp is None:
            lp = LinkedPlayer(best.name, best.person_id, best.bbref, best.mlbam, conf, how="name")
            players[best.person_id] = lp
        lp.confidence = max(lp.confidence, conf)
        lp.mentions.append(Span(a, b, text[a:b]))
        spans_by_pid[best.person_id].append(h.i)
        covered.update(range(h.i, h.j + 1 + (1 if sfx else 0)))

    # staff names the name index holds only as staff (reporters, executives who never played)
    for h in person_hits:
        if h.kind != "staff" or not covered.isdisjoint(range(h.i, h.j + 1)):
            continue
        staff_entries = [x for x in h.entries if isinstance(x, StaffEntry)]
        valid = [x for x in staff_entries if x.valid(year)] or staff_entries
        se = valid[0]
        a, b = starts[h.i], ends[h.j]
        lp2 = _add_person(
            staff_people, (se.role, se.club, se.outlet, se.name, se.title), text, a, b
        )
        lp2.name = se.name
        covered.update(range(h.i, h.j + 1))

    # misspelled full names: a capitalized "First Last" whose surname is known and first name close
    _fuzzy_names(gaz, tokens, covered, year, clubs_here, players, unresolved)

    # surnames alone refer to the person already named in the article
    last_keys: dict[str, list[str]] = defaultdict(list)
    for pid in players:
        p = people[pid]
        parts = text_key(p.name).split()
        if p.suffix and len(parts) > 2:
            parts = parts[:-1]
        if len(parts) >= 2:
            last_keys[parts[-1]].append(pid)
    if last_keys:
        for n in tokens.caps:
            key = keys[n]
            if key not in last_keys or n in covered:
                continue
            if n > 0 and n - 1 not in covered and is_cap[n - 1] and not is_upper[n - 1]:
                gap = text[ends[n - 1] : starts[n]]
                if gap == " " and not _sentence_start(text, starts[n - 1]):
                    continue  # "Zebediah Freeman": another person's first name, not Freddie again
            pids = last_keys[key]
            pid = pids[0] if len(pids) == 1 else max(
                pids, key=lambda q: max((i for i in spans_by_pid[q] if i < n), default=-1)
            )  # fmt: skip
            players[pid].mentions.append(Span(starts[n], ends[n], text[starts[n] : ends[n]]))

    # reporters credited by pattern even when the staff file does not know them, then people the
    # data lacks named right after a role cue ("general manager Jane Doe")
    outlets = _outlets(gaz, chosen, tokens)
    _reporter_patterns(tokens, text, chosen, staff_people, covered, gaz)

    def tokens_of(mentions: list[Span]) -> set[int]:  # the tokens that start inside the mentions
        return {
            n for m in mentions
            for n in range(bisect_left(starts, m.start), bisect_left(starts, m.end))
        }  # fmt: skip

    for sp in staff_people.values():
        covered |= tokens_of(sp.mentions)
    _cue_people(gaz, tokens, covered, staff_people, club_mentions)
    used = covered | {n for h in chosen if h.kind != "person" for n in range(h.i, h.j + 1)}
    for sp in staff_people.values():
        used |= tokens_of(sp.mentions)
    _unknown_names(gaz, tokens, used, players, unresolved)

    return LinkedArticle(
        article=article,
        players=sorted(players.values(), key=lambda p: p.mentions[0].start),
        clubs=sorted(club_mentions.values(), key=lambda c: c.mentions[0].start),
        people=list(staff_people.values()),
        unresolved=unresolved,
        outlets=outlets,
        season=year,
    )


EPONYM_NEXT = {
    "surgery", "procedure", "operation", "rule", "award", "awards", "trophy", "winner", "winners",
    "voting", "race", "stadium", "field", "park", "prize", "vote", "finalist", "finalists",
}  # fmt: skip


def _eponym(tokens: Tokens, h: _Hit) -> bool:
    """ "Tommy John surgery", "the Cy Young Award": a name that names a thing, not the man."""
    keys = tokens.keys
    if h.j + 1 < len(keys) and keys[h.j + 1] in EPONYM_NEXT:
        return True
    if h.j + 1 < len(keys) and keys[h.j + 1] == "s" and h.j + 2 < len(keys):
        return keys[h.j + 2] in EPONYM_NEXT
    return False


# The end of each match is a sentence start: a stop ([.!?] and closing quotes, then space before
# a capital or digit) or a newline. Written to begin with the one class [.!?\n] (the stop is part
# of the match, a look-behind only after it) so the engine skips ahead to the next candidate.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)\s*|(?<!\n)[\"'’”)]*\s+(?=[\"'‘“(]*[A-Z0-9]))")


def _sentence_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text))]


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n:"


def _cand_dict(p: PersonInfo) -> dict[str, object]:
    return {"name": p.name, "bbref": p.bbref, "mlbam": p.mlbam, "mlb_first": p.mlb_first,
            "mlb_last": p.mlb_last, "positions": list(p.positions[:3])}  # fmt: skip


# Words that make "in <City>" a place where something happened or someone lives, not the club
# ("a confrontation in Miami", "born in Houston"); otherwise "in Boston" means with the Red Sox.
PLACE_CONTEXT = {
    "confrontation", "born", "lives", "living", "live", "resides", "hospital", "surgery",
    "restaurant", "dinner", "meeting", "meetings", "conference", "visit", "visited", "vacation",
    "home", "hometown", "native", "raised", "grew", "wedding", "office", "offices", "arrested",
    "apartment", "house", "school", "college", "university", "airport", "hotel", "downtown",
}  # fmt: skip


def _is_place(tokens: Tokens, h: _Hit, kinds: set[str]) -> bool:
    """A city named as a place ("born in Miami", a dateline), not as the club."""
    if not kinds <= {"city", "short"}:
        return False
    keys, i = tokens.keys, h.i
    if tokens.is_upper[i] and (
        i == 0 or "\n" in tokens.text[tokens.ends[i - 1] : tokens.starts[i]]
    ):
        return True  # dateline: "MIAMI --"
    if i > 0 and keys[i - 1] in PLACE_WORDS:
        before = set(keys[max(0, i - 5) : i - 1])
        return bool(before & PLACE_CONTEXT) or keys[i - 1] != "in"
    return False


def _level_before(tokens: Tokens, i: int) -> str | None:
    keys = tokens.keys
    for width in (2, 1):
        if i - width >= 0:
            words = " ".join(keys[i - width : i])
            if words in LEVEL_WORDS:
                return LEVEL_WORDS[words]
    return None


def _role(
    gaz: Gazetteer, tokens: Tokens, h: _Hit, cands: list[tuple[PersonInfo, str]],
    staff: list, year: int,
) -> tuple[str, str | None, str | None, str, str | None] | None:  # fmt: skip
    """A name that is a manager, executive, coach, agent or reporter in this story, else None."""
    for e in staff:
        if isinstance(e, StaffEntry) and e.valid(year):
            active_player = any(p.active(year, 0) and p.mlb_first for p, how in cands
                                if how == "exact")  # fmt: skip
            if not active_player or _cue_role(gaz, tokens, h.i, h.j) == e.role:
                return (e.role, e.club, e.outlet, e.name, e.title)
    for p, how in cands:
        if how != "exact":
            continue
        for season, club in gaz.managed.get(p.person_id, ()):
            if abs(season - year) <= 1 and not p.active(year, 0):
                return ("manager", club, None, p.name, "manager")
    cue = _cue_role(gaz, tokens, h.i, h.j)
    if cue is not None and not any(p.active(year, 0) for p, _ in cands):
        best = cands[0][0]
        return (cue, None, None, best.name, None)
    return None


_CUE_INDEX: dict[int, tuple[list, dict[str, list[int]], dict[str, list[int]], list[int]]] = {}


def _cue_index(
    gaz: Gazetteer,
) -> tuple[dict[str, list[int]], dict[str, list[int]], list[int]]:
    """The role cues (as indexes into ``gaz.cues``) by their last word (cues before a name) and
    first word (cues after it); cues not written as single-spaced words are always checked."""
    got = _CUE_INDEX.get(id(gaz))
    if got is None or got[0] is not gaz.cues:
        by_last: dict[str, list[int]] = defaultdict(list)
        by_first: dict[str, list[int]] = defaultdict(list)
        always: list[int] = []
        for n, (cue, _role, where) in enumerate(gaz.cues):
            words = cue.split(" ")
            if not cue or "" in words:
                always.append(n)
                continue
            if where in ("before", "either"):
                by_last[words[-1]].append(n)
            if where in ("after", "either"):
                by_first[words[0]].append(n)
        got = (gaz.cues, dict(by_last), dict(by_first), always)
        _CUE_INDEX.clear()
        _CUE_INDEX[id(gaz)] = got
    return got[1], got[2], got[3]


def _cue_role(gaz: Gazetteer, tokens: Tokens, i: int, j: int) -> str | None:
    keys = tokens.keys
    by_last, by_first, always = _cue_index(gaz)
    last = keys[i - 1] if i > 0 else ""
    first = keys[j + 1] if j + 1 < len(keys) else ""
    idx = [*by_last.get(last, ()), *by_first.get(first, ()), *always]
    if not idx:
        return None
    idx.sort()
    before = " ".join(keys[max(0, i - 5) : i])
    after = " ".join(keys[j + 1 : j + 6])
    for n in idx:
        cue, role, where = gaz.cues[n]
        if where in ("before", "either") and (before.endswith(" " + cue) or before == cue):
            return role
        if where in ("after", "either") and (after.startswith(cue + " ") or after == cue):
            return role
    return None


def _add_person(
    store: dict[tuple[str, str], LinkedPerson],
    role: tuple[str, str | None, str | None, str, str | None],
    text: str, a: int, b: int,
) -> LinkedPerson:  # fmt: skip
    kind, club, outlet, name, title = role
    key = (name, kind)
    lp = store.get(key)
    if lp is None:
        lp = LinkedPerson(name, kind, club=club, outlet=outlet, title=title)  # type: ignore[arg-type]
        store[key] = lp
    lp.mentions.append(Span(a, b, text[a:b]))
    return lp


def _fuzzy_names(
    gaz: Gazetteer, tokens: Tokens, covered: set[int], year: int, clubs: set[str],
    players: dict[str, LinkedPlayer], unresolved: list[Unresolved],
) -> None:  # fmt: skip
    keys, starts, ends = tokens.keys, tokens.starts, tokens.ends
    text = tokens.text
    for n in tokens.name_pairs:  # both capitalized, not all capitals, one space apart
        if n in covered or n + 1 in covered:
            continue
        first_key, last_key = keys[n], keys[n + 1]
        if len(first_key) < 2 or last_key not in gaz.surnames:
            continue
        best: tuple[float, str] | None = None
        # the first names of that surname beginning with the same letter, scored in one call
        firsts, pids = _surname_initials(gaz, last_key, first_key[0])
        for _first, sim, at in process.extract_iter(
            first_key, firsts, scorer=fuzz.ratio, processor=None, score_cutoff=80
        ):
            pid = pids[at]
            p = gaz.people[pid]
            score = sim / 100 + (1.0 if p.active(year, 1) else 0) + 0.3 * p.prior
            score += _club_overlap(gaz, pid, clubs, year)
            if best is None or score > best[0]:
                best = (score, pid)
        if best is not None and best[0] >= 1.8:
            p = gaz.people[best[1]]
            lp = players.setdefault(
                p.person_id, LinkedPlayer(p.name, p.person_id, p.bbref, p.mlbam, 0.7, how="fuzzy")
            )
            a, b = starts[n], ends[n + 1]
            lp.mentions.append(Span(a, b, text[a:b]))
            covered |= {n, n + 1}


_SURNAME_INITIALS: dict[int, tuple[dict, dict[tuple[str, str], tuple[list[str], list[str]]]]] = {}


def _surname_initials(gaz: Gazetteer, surname: str, letter: str) -> tuple[list[str], list[str]]:
    """The first names (and their people) of a surname that begin with ``letter``, in index
    order: a namesake whose first name starts otherwise is never a misspelling of it."""
    got = _SURNAME_INITIALS.get(id(gaz))
    if got is None or got[0] is not gaz.surnames:
        got = (gaz.surnames, {})
        _SURNAME_INITIALS.clear()
        _SURNAME_INITIALS[id(gaz)] = got
    memo = got[1]
    pair = memo.get((surname, letter))
    if pair is None:
        pairs = [(f, pid) for f, pid in gaz.surname_pairs(surname) if f[:1] == letter]
        pair = ([f for f, _ in pairs], [pid for _, pid in pairs])
        memo[(surname, letter)] = pair
    return pair


_FIRST_NAMES: dict[int, frozenset[str]] = {}


def _first_names(gaz: Gazetteer) -> frozenset[str]:
    got = _FIRST_NAMES.get(id(gaz))
    if got is None:
        # a first name is one that many people carry: rare ones are surnames or odd spellings
        got = frozenset(
            k for k, n in gaz.first_counts.items() if n >= FIRST_NAME_MIN and len(k) > 1
        )
        _FIRST_NAMES.clear()
        _FIRST_NAMES[id(gaz)] = got
    return got


FIRST_NAME_MIN = 20  # people in the register with that used first name


def _unknown_names(
    gaz: Gazetteer, tokens: Tokens, named: set[int],
    players: dict[str, LinkedPlayer], unresolved: list[Unresolved],
) -> None:  # fmt: skip
    """ "First Last" that looks like a person's name but matches no one: reported, not dropped."""
    keys, starts, ends, is_cap = tokens.keys, tokens.starts, tokens.ends, tokens.is_cap
    text = tokens.text
    firsts = _first_names(gaz)
    title_end = text.find("\n") if "\n" in text else 0
    known_last = {text_key(p.name).split()[-1] for p in players.values() if p.name}
    seen = {u.text for u in unresolved}
    for n in tokens.name_pairs:  # both capitalized, not all capitals, one space apart
        if n in named or n + 1 in named:
            continue
        first_key, last_key = keys[n], keys[n + 1]
        if first_key not in firsts or last_key in known_last:
            continue
        a_start, b_end = starts[n], ends[n + 1]
        if last_key not in gaz.surnames or a_start < title_end:
            continue  # only a known surname; a Title Case headline is not a run of names
        if n > 0 and is_cap[n - 1] and n - 1 not in named and ends[n - 1] + 1 == a_start:
            continue  # inside a longer capitalized run ("New York Yankees Will Warren"): unclear
        surface = text[a_start:b_end]
        if surface in seen:
            continue
        seen.add(surface)
        cands = sorted(
            (gaz.people[pid] for _f, pid in gaz.surname_pairs(last_key) if pid in gaz.people),
            key=lambda p: -p.mlb_games,
        )[:5]
        span = Span(a_start, b_end, surface)
        cand_list = [_cand_dict(p) for p in cands]
        unresolved.append(Unresolved(surface, [span], cand_list, "not in the name index"))


def _outlets(gaz: Gazetteer, chosen: list[_Hit], tokens: Tokens) -> list[str]:
    got: list[str] = []
    for h in chosen:
        if h.kind == "outlet":
            for o in h.entries:
                if o not in got:
                    got.append(o)
    return got


_BEFORE_CUES: dict[int, tuple[list, dict[str, list[tuple[int, list[str], str]]], list]] = {}


def _before_cues(
    gaz: Gazetteer,
) -> tuple[dict[str, list[tuple[int, list[str], str]]], list[tuple[int, list[str], str]]]:
    """The cues said before a name as (order, words, role), by their last word; a cue with no
    words (it matches anywhere) in the second list."""
    got = _BEFORE_CUES.get(id(gaz))
    if got is None or got[0] is not gaz.cues:
        by_last: dict[str, list[tuple[int, list[str], str]]] = defaultdict(list)
        always: list[tuple[int, list[str], str]] = []
        for order, (c, r, where) in enumerate(gaz.cues):
            if where in ("before", "either"):
                words = c.split()
                (by_last[words[-1]] if words else always).append((order, words, r))
        got = (gaz.cues, dict(by_last), always)
        _BEFORE_CUES.clear()
        _BEFORE_CUES[id(gaz)] = got
    return got[1], got[2]


def _cue_people(
    gaz: Gazetteer, tokens: Tokens, covered: set[int],
    people: dict[tuple[str, str], LinkedPerson], clubs: dict[str, LinkedClub],
) -> None:  # fmt: skip
    """ "general manager Jane Doe": a role cue right before a capitalized name the data lacks."""
    keys, starts, ends = tokens.keys, tokens.starts, tokens.ends
    is_cap, is_upper = tokens.is_cap, tokens.is_upper
    text = tokens.text
    by_last, always = _before_cues(gaz)
    for n in tokens.caps:
        if n in covered or is_upper[n]:
            continue
        got = by_last.get(keys[n - 1], ()) if n > 0 else ()
        if not got and not always:
            continue
        cues = sorted([*got, *always]) if always else got
        for _order, words, role in cues:
            k = len(words)
            if n < k or keys[n - k : n] != words:
                continue
            j = n
            while (
                j + 1 < len(keys)
                and j - n < 2
                and is_cap[j + 1]
                and not is_upper[j + 1]
                and text[ends[j] : starts[j + 1]] == " "
                and j + 1 not in covered
            ):
                j += 1  # fmt: skip
            if j == n:
                break
            a, b = starts[n], ends[j]
            name = text[a:b]
            if any(name == p.name for p in people.values()):
                break
            club = None
            cue_start = starts[n - k]
            for code, c in clubs.items():
                if any(0 <= cue_start - m.end <= 2 for m in c.mentions):
                    club = code
            lp = LinkedPerson(name, role, club=club, title=" ".join(words), confidence=0.7)  # type: ignore[arg-type]
            lp.mentions.append(Span(a, b, name))
            people[(name, role)] = lp
            covered |= set(range(n, j + 1))
            break


_LEADING_WORDS = {
    "Then", "But", "And", "As", "Per", "According", "When", "While", "So", "Also", "Now", "The",
    "Meanwhile", "However", "Still", "Yet", "If", "After", "Before",
}  # fmt: skip


def _clean_name(name: str) -> str | None:
    """The person's name out of a capitalized run: after a sentence break, without "Then"."""
    name = re.split(r"(?<=[a-z])\.\s+", name)[-1]
    words = name.split()
    while words and words[0] in _LEADING_WORDS:
        words = words[1:]
    return " ".join(words) if len(words) >= 2 else None


_NAME_RE = re.compile(r"([A-Z][a-zA-Z'’.-]+(?: [A-Z][a-zA-Z'’.-]+){1,2})")


def _reporter_patterns(
    tokens: Tokens, text: str, chosen: list[_Hit],
    people: dict[tuple[str, str], LinkedPerson], covered: set[int], gaz: Gazetteer,
) -> None:  # fmt: skip
    """ "according to X of Outlet", "Outlet's X reported", "per X": reporters the data lacks."""
    known = {p.name for p in people.values()}
    outlet_hits = [h for h in chosen if h.kind == "outlet"]
    for h in outlet_hits:
        oa, ob = tokens.span(h.i, h.j)
        outlet = h.entries[0]
        # "X of Outlet"
        pre = text[max(0, oa - 45) : oa]
        m = re.search(r"([A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,2}) of (?:the )?$", pre)
        name = m.group(1) if m else None
        if name is None:  # "Outlet's X"
            post = text[ob : ob + 45]
            m2 = re.match(r"['’]s? ([A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,2})", post)
            name = m2.group(1) if m2 else None
            start = ob + (m2.start(1) if m2 else 0)
        else:
            start = max(0, oa - 45) + m.start(1)  # type: ignore[union-attr]
        name = _clean_name(name) if name else None
        if not name or name in known or any(name in k or k in name for k in known):
            continue
        if any(n in name for n in ("Red Sox", "Trade", "Rumors")):
            continue
        lp = LinkedPerson(name, "reporter", outlet=outlet, confidence=0.8)
        lp.mentions.append(Span(start, start + len(name), name))
        people[(name, "reporter")] = lp
        known.add(name)
