#!/usr/bin/env bash
# The pictures the README links, from the shipped first-run sample as of 2022-09-30
# (examples/first-run, the README's first run), as a reader meets each document:
#   docs/tongbao-N.png     each page of the 通报 (docx -> LibreOffice PDF -> pdftoppm, 70 dpi)
#   docs/taizhang-N.png    each printed page of the 台账 (xlsx -> LibreOffice PDF -> pdftoppm)
#   docs/html-1280.png     the html page at a desk's width, in headless Chromium
#   docs/html-390.png      the same page at a phone's width (the ledger as cards)
# Needs: rectify installed (.venv), chromium, libreoffice (writer and calc), fonts-noto-cjk,
# poppler-utils; .ci/run installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
rectify=${RECTIFY:-.venv/bin/rectify}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache" RECTIFY_LANG=zh
sample=(--plans examples/first-run zibo-minzheng-2022-sample --as-of 2022-09-30)

"$rectify" report "${sample[@]}" --format docx -o "$work/tongbao.docx"
"$rectify" report "${sample[@]}" --format xlsx -o "$work/taizhang.xlsx"
"$rectify" report "${sample[@]}" --format html -o "$work/report.html"
soffice --headless "-env:UserInstallation=file://$work/lo" --convert-to pdf --outdir "$work" \
    "$work/tongbao.docx" "$work/taizhang.xlsx" > /dev/null
rm -f docs/tongbao-*.png docs/taizhang-*.png
pdftoppm -png -r 70 "$work/tongbao.pdf" docs/tongbao
pdftoppm -png -r 70 "$work/taizhang.pdf" docs/taizhang
for width in 1280 390; do
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$width,2000" \
        --user-data-dir="$work/chromium" --screenshot="$PWD/docs/html-$width.png" "file://$work/report.html" \
        2> /dev/null
done
echo "wrote $(ls docs/tongbao-*.png docs/taizhang-*.png docs/html-*.png | tr '\n' ' ')"
