#!/usr/bin/env python
"""Django's command-line utility; `netral` is the same with a shorter name."""

from netral.__main__ import main

if __name__ == "__main__":
    main()
