#!/usr/bin/env python
"""Django's command-line utility; the installed ``rehber`` script does the same."""

from rehber.__main__ import main

if __name__ == "__main__":
    main()
