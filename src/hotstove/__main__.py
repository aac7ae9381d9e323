"""``python -m hotstove`` runs the command line."""

from hotstove.cli import main

main()
