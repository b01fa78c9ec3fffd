"""The peer of the many-plan figures: every log of a folder read with `json`, the latest value
of each target printed as one JSON array.  It checks nothing and judges nothing: the floor
of reading the same files.

    python benchmarks/latest.py FOLDER
"""

import json
import sys
from pathlib import Path


def main() -> None:
    folder = Path(sys.argv[1])
    latest = []
    for log in sorted(folder.glob("*.progress.yaml")):
        plan = log.name.removesuffix(".progress.yaml")
        last: dict[str, dict] = {}
        with log.open(encoding="utf-8") as lines:
            for line in lines:
                if not line.startswith("- {"):
                    continue
                entry = json.loads(line[2:])
                figure = entry.get("value", entry.get("done"))
                if figure is None:
                    continue
                seen = last.get(entry["target"])
                if seen is None or (entry["date"], entry["recorded"]) >= (seen["date"], seen["recorded"]):
                    last[entry["target"]] = entry
        for target, entry in sorted(last.items()):
            figure = entry.get("value", entry.get("done"))
            latest.append({"plan": plan, "target": target, "date": entry["date"], "value": figure})
    json.dump(latest, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
