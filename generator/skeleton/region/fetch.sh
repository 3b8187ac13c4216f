#!/bin/sh
# Download each organization's published open data (plan.json) into the folder region.yaml
# names for it, and note which reference documents it publishes; for each region (a national
# roll-up), its portal's summary (region.json). `adal region` itself never
# reaches the network: run this first (the CI templates do). Needs curl and Python (Adal's).
set -eu
python3 - <<'PY' > .fetch-list
import yaml
region = yaml.safe_load(open("region.yaml", encoding="utf-8"))
for what in ("organizations", "regions"):
    for org in region.get(what) or []:
        site = str(org.get("site") or "")
        if site.startswith(("https://", "http://")) and org.get("data"):
            print(what, org["data"], site.rstrip("/") + "/data/")
PY
while read -r what dir url; do
  mkdir -p "$dir"
  if [ "$what" = regions ]; then
    # A region's published summary (its portal's data/region.json): a national roll-up.
    rm -f "$dir/region.json"
    curl -fsSL --proto '=http,https' --max-time 120 --max-filesize 50331648 \
      -o "$dir/region.json" "${url}region.json" || rm -f "$dir/region.json"
    continue
  fi
  rm -f "$dir/plan.json" "$dir"/analytical-reference-*
  curl -fsSL --proto '=http,https' --max-time 60 --max-filesize 4194304 \
    -o "$dir/plan.json" "${url}plan.json" || rm -f "$dir/plan.json"
  for doc in analytical-reference-kk.pdf analytical-reference-ru.pdf \
             analytical-reference-kk.docx analytical-reference-ru.docx; do
    # Only whether it is there: the regional site links to the organization's own copy.
    if curl -fsIL --proto '=http,https' --max-time 30 -o /dev/null "${url}${doc}"; then
      : > "$dir/$doc"
    fi
  done
done < .fetch-list
rm -f .fetch-list
