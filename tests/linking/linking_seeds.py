"""What the two real seed articles must link to (shared by the API and the CLI tests)."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared"  # the shared folder next to the repository
SEED_ARTICLES = SHARED / "examples" / "articles"
SEEDS = sorted(SEED_ARTICLES.glob("*.txt")) if SEED_ARTICLES.is_dir() else []
DEV_SET = SHARED / "eval" / "dev"

# Players named in either seed, by Baseball-Reference id (from Lahman's bbrefID).
SEED_PLAYERS_BBREF = {
    "rushida01": "Dalton Rushing",
    "barneau01": "Austin Barnes",
    "kershcl01": "Clayton Kershaw",
    "smithwi05": "Will Smith",  # the Dodgers catcher, not the left-handed reliever (smithwi04)
    "freemfr01": "Freddie Freeman",
    "hernate01": "Teoscar Hernández",
    "narvaca01": "Carlos Narváez",
    "wongco01": "Connor Wong",  # "Conor Wong" in seed-000
    "rortvbe01": "Ben Rortvedt",
    "buschmi02": "Michael Busch",
    "realmjt01": "J.T. Realmuto",
    "caratvi01": "Victor Caratini",
    "bettsmo01": "Mookie Betts",
    "verdual01": "Alex Verdugo",
    "downsje01": "Jeter Downs",
    "maydu01": "Dustin May",
    "deverra01": "Rafael Devers",
}
# Players with no MLB game, by MLBAM id.
SEED_PLAYERS_MLBAM = {696486: "James Tibbs III"}
SEED_CLUBS = {"BOS", "LAD", "CIN", "CHC"}
# Former players named in a non-playing role: never under players.
NOT_PLAYERS_BBREF = {"roberda07": "Dave Roberts", "breslcr01": "Craig Breslow"}
