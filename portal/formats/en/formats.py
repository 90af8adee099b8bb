"""English dates in the British convention (Django's ``en_GB``, with the month written out and
a 24-hour clock, as in the German pages)."""

from django.conf.locale.en_GB import formats as en_gb

DATE_FORMAT = "j F Y"  # 14 January 2027
TIME_FORMAT = "H:i"  # 09:30
DATETIME_FORMAT = "j F Y, H:i"  # 14 January 2027, 09:30
YEAR_MONTH_FORMAT = "F Y"  # January 2027
MONTH_DAY_FORMAT = "j F"  # 14 January
SHORT_DATE_FORMAT = "d/m/Y"  # 14/01/2027
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 14/01/2027 09:30
FIRST_DAY_OF_WEEK = 1  # Monday

# ISO first: see portal/formats/__init__.py.
DATE_INPUT_FORMATS = ["%Y-%m-%d", *en_gb.DATE_INPUT_FORMATS]
DATETIME_INPUT_FORMATS = en_gb.DATETIME_INPUT_FORMATS
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
