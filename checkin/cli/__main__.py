"""`python -m checkin.cli …`: the same command as `checkin …`."""

from checkin.cli import main

main()
