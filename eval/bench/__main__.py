"""`python -m eval.bench [--sizes 1,10,100] [--out eval/bench.md]`: the scale benchmark (scale.py)."""

import sys

from eval.bench.scale import main

sys.exit(main())
