#!/usr/bin/env python3
"""Cuts the windows of a lab or advise report (results.json) into a recorded-run resource for the verdict tests:
the command, date, build and machine, and per window its setting, verdict and figures (RunFigures), at most
KEEP windows per verdict. Usage: record-verdicts.py RESULTS_JSON BUILD OUT_JSON [KEEP]"""
import json, sys, datetime, os

src, build, out = sys.argv[1], sys.argv[2], sys.argv[3]
keep = int(sys.argv[4]) if len(sys.argv) > 4 else 2
r = json.load(open(src))
per_label = {}
windows = []
for s in r["details"]["settings"]:
    for i, w in enumerate(s["windows"]):
        if w.get("failure"):
            continue
        label = w["diagnosis"]["label"]
        if per_label.get(label, 0) >= keep:
            continue
        per_label[label] = per_label.get(label, 0) + 1
        windows.append({
            "setting": "%s %s x%d%s" % (w["workload"], w["model"], w["threads"],
                                        "" if not w.get("offload") or not w["offload"].get("executor")
                                        else " (%s, inline %s)" % (w["offload"]["executor"], w["offload"]["inline"])),
            "window": i + 1,
            "label": label,
            "line": w["diagnosis"]["line"],
            "figures": w["figures"],
        })
doc = {
    "command": r["command"],
    "date": datetime.datetime.fromtimestamp(os.path.getmtime(src), datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "build": build,
    "machine": "the project's shared 2-CPU KVM guest; " + r["environment"].get("placement", ""),
    "windows": windows,
}
json.dump(doc, open(out, "w"), indent=1)
print(out, {k: v for k, v in per_label.items()})
