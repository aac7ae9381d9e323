"""The local web dashboard and JSON API (``hotstove serve``)."""

from hotstove.web.app import create_app

__all__ = ["create_app"]
