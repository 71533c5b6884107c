"""``python -m buyerlens`` runs the command line."""

from buyerlens.cli import main

main()
