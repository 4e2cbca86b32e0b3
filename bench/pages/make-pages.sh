#!/bin/sh
# Makes the page images the OCR throughput benchmark (bench/ocr-limit.c)
# reads: eight pages of varied English text, 4 to 20 lines, 150 to 300 dpi,
# from a 1240x400 memo to a full A4 page, each with its text in NAME.txt
# (the ground truth the benchmark scores recognition against).
#
#	sh bench/pages/make-pages.sh [OUTDIR]
#
# Needs ImageMagick 6 (/usr/bin/convert) and the DejaVu fonts. PNGs keep
# only IHDR, pHYs, IDAT and IEND, so a re-run gives the same bytes.
set -eu

: "${CONVERT:=/usr/bin/convert}"
out=${1:-$(dirname "$0")}

# page NAME DPI FONT POINTS MIN-WIDTH MIN-HEIGHT TEXT
# Renders TEXT (lines separated by newlines) black on white with a margin
# of a third of an inch, padded to at least MIN-WIDTH x MIN-HEIGHT.
page() {
	name=$1 dpi=$2 font=$3 pt=$4 minw=$5 minh=$6 text=$7
	margin=$((dpi / 3))
	printf '%s\n' "$text" >"$out/$name.txt"
	"$CONVERT" -density "$dpi" -units PixelsPerInch -font "$font" \
		-pointsize "$pt" -background white -fill black label:"$text" \
		-bordercolor white -border "$margin" \
		-gravity northwest -extent "${minw}x${minh}<" \
		-colorspace Gray -depth 8 -strip \
		-define png:exclude-chunks=all -define png:include-chunk=pHYs \
		"$out/$name.png"
}

page 01-memo 300 DejaVu-Sans 9 1240 400 \
'Memo: the scanner on the second floor is fixed.
Please send invoices to accounts before Friday noon.
Room 214 is booked for the budget review at 3 pm.
Questions go to Maria Lopez, extension 4417.'

page 02-receipt 200 DejaVu-Sans-Mono 9 0 0 \
'GREEN LEAF MARKET
14 Harbour Road, Portsmouth
Receipt 000381     2024-03-09 17:42
Oat milk 1L             2 x 1.85
Sourdough loaf              3.20
Free range eggs (6)         2.75
Cheddar, mature 400g        4.10
Bananas 1.2 kg              1.38
Subtotal                   15.13
VAT included                0.00
Card payment               15.13
Thank you for shopping with us'

page 03-letter 150 DejaVu-Serif 11 1240 1754 \
'Dear Mr Thompson,

Thank you for your letter of 2 May about the delayed delivery
of the oak bookshelves you ordered in March. I am sorry that
the carrier missed both of the agreed dates, and that nobody
called to tell you in advance.

We have arranged a new delivery for Tuesday 14 May between
eight and noon. The driver will telephone thirty minutes
before arriving. As an apology we have refunded the delivery
charge of 45 pounds to the card you paid with; it should
appear on your statement within five working days.

If the new date does not suit you, please reply to this
letter or call our customer team on 0161 496 0732.

Yours sincerely,
Helen Ward
Customer Relations Manager'

page 04-notice 300 DejaVu-Sans 12 2480 0 \
'NOTICE TO ALL RESIDENTS
The water supply to Elm Court will be switched off on
Wednesday from 9 am until about 4 pm while the main
valve in the basement is replaced. Please fill a kettle
and a few bottles the evening before. Lifts and lights
are not affected. We apologise for the inconvenience
and thank you for your patience during the repair work.
Building management, telephone 020 7946 0018'

page 05-report 300 DejaVu-Serif 10 2480 3508 \
'Quarterly Operations Report, Third Quarter

Summary. Orders grew by eleven percent compared with the
second quarter, driven mostly by the new wholesale accounts
in the north west. Average dispatch time fell from 2.4 days
to 1.9 days after the second packing line opened in August.

Staffing. Four warehouse positions were filled and two
drivers retired. Overtime hours dropped by a third, although
the September peak still needed weekend shifts.

Costs. Fuel prices rose again, adding about 6,200 pounds to
transport costs. Packaging costs fell slightly because we
switched to recycled cardboard from a local supplier.

Risks. The lease on the Bristol depot ends next spring and
negotiations have not started. The ageing forklift fleet
should be reviewed before winter.

Next steps. Agree the depot lease, order two forklifts and
publish the holiday rota by the end of October.'

page 06-table 200 DejaVu-Sans-Mono 10 0 0 \
'Route   Depart  Arrive  Platform  Status
R12     07:05   07:48   3         On time
R14     07:20   08:02   1         Delayed 5 min
R12     07:35   08:18   3         On time
X1      07:50   08:21   2         Cancelled
R14     08:05   08:47   1         On time
R16     08:15   09:10   4         On time
X1      08:30   09:01   2         On time
R12     08:45   09:28   3         Delayed 10 min
R16     09:00   09:55   4         On time'

page 07-article 150 DejaVu-Sans 10 1240 0 \
'Community garden opens on Saturday

After two years of planning, the garden behind the old
library will open to the public this weekend. Volunteers
have built twelve raised beds, a tool shed and a small
greenhouse from reclaimed windows.

Local schools will look after four of the beds, and the
rest can be rented for a small yearly fee. Anyone who
wants to help with watering over the summer can sign up
at the library desk or at the opening on Saturday morning.'

page 08-form 300 DejaVu-Sans 11 2480 1400 \
'APPLICATION FOR A PARKING PERMIT
Full name: Daniel Okafor
Address: 27 Station Lane, Leeds LS6 2QT
Vehicle registration: YK19 HTZ
Make and model: Toyota Yaris, silver
Permit type: Resident, twelve months
Start date: 1 June 2024
Payment: 96 pounds by debit card
Signature on file, checked by J. Patel'
