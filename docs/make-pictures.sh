#!/usr/bin/env bash
# The pictures the README shows, from the shipped plan with the README's scenario recorded:
#   docs/report-html.png  the HTML report, in headless Chromium
#   docs/report-docx.png  the first page of the docx report (LibreOffice -> PDF -> pdftoppm)
# Needs: rectify installed (.venv), chromium, libreoffice-writer, fonts-noto-cjk, poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
rectify=${RECTIFY:-.venv/bin/rectify}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r plans "$work/plans"
export RECTIFY_PLANS="$work/plans" RECTIFY_BY=养老服务科
"$rectify" update canteens 95 --date 2022-07-31 --note 第一批验收 > /dev/null
"$rectify" update canteens 250 --date 2022-10-20 --note 第三批验收 --evidence 验收单 > /dev/null
"$rectify" update beds 2100 --date 2022-09-30 --note 已完成改造 > /dev/null
"$rectify" update care-rate 61 --date 2022-10-31 > /dev/null
for task in low-income-rules extreme-poverty-rules temporary-assistance-notice data-sharing; do
    "$rectify" done "$task" --date 2022-06-20 > /dev/null
done
"$rectify" done reporting-system --date 2022-07-05 --evidence "淄民发〔2022〕9号" > /dev/null

"$rectify" report --as-of 2022-11-01 --format html -o "$work/report.html"
"$rectify" report --as-of 2022-11-01 --format docx -o "$work/report.docx"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1500 \
    --user-data-dir="$work/chromium" --screenshot="$PWD/docs/report-html.png" "file://$work/report.html" \
    2> /dev/null
soffice --headless "-env:UserInstallation=file://$work/lo" --convert-to pdf --outdir "$work" \
    "$work/report.docx" > /dev/null
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/report.pdf" docs/report-docx
echo "wrote docs/report-html.png and docs/report-docx.png"
