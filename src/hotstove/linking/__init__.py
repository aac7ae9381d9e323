"""Linking: every name in an article to a real identity (players, clubs, staff, reporters)."""

from hotstove.linking.gazetteer import Gazetteer, load_gazetteer
from hotstove.linking.link import article_year, link_article

__all__ = ["Gazetteer", "article_year", "link_article", "load_gazetteer"]
