#!/usr/bin/env python
"""axe-core (vendored, tests/browser/vendor/axe-core) over every role's main pages at 390 px.

    .venv/bin/python tests/browser/a11y.py --base http://127.0.0.1:8000

The same walk as audit.py with --axe: also asserts no sideways scroll at 320, 390 and 1366 px.
Exit status 1 on any serious or critical WCAG 2.1 A/AA violation.
"""

import sys

import audit

if __name__ == "__main__":
    sys.argv.append("--axe")
    sys.exit(audit.main())
