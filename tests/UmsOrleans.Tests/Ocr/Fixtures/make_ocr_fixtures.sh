#!/bin/sh
# Renders the OCR test images (run once; the PNGs and their .txt are committed, so CI needs no ImageMagick).
# ImageMagick 6 (Debian package imagemagick, /usr/bin/convert) with Debian's fonts-dejavu; each .txt holds the rendered lines, top to bottom.
set -eu
cd "$(dirname "$0")"
FONTS=/usr/share/fonts/truetype/dejavu
render() { # name font size foreground background text
  printf '%s\n' "$6" > "$1.txt"
  /usr/bin/convert -background "$5" -fill "$4" -font "$FONTS/$2" -pointsize "$3" label:"$6" \
    -bordercolor "$5" -border 24 -depth 8 -strip "$1.png"
}
render milk DejaVuSans.ttf 28 black white "Organic Whole Milk
Fresh from local farms"
render juice DejaVuSans-Bold.ttf 32 '#1a1a1a' '#fff4d6' "Orange Juice 100% Pure
Best before 2027-03-15"
render yoghurt DejaVuSerif.ttf 26 white '#1d3b6e' "Greek Yoghurt Natural 500 g"
render oat DejaVuSansMono.ttf 24 black '#e8e8e8' "Oat Drink Barista Edition
Keep refrigerated after opening"
render price DejaVuSans.ttf 22 '#202020' '#d0d0d0' "Price 2.49 EUR per kg
Store below 8 degrees
Product of Sweden"
