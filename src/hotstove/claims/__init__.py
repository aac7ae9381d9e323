"""Claims: every number an article states about a player, tied to a stat, and judged."""
