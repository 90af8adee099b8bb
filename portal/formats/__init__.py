"""Local date and number formats (``FORMAT_MODULE_PATH``), where Django's own do not fit.

English is the British convention ("14 January 2027", "14/01/2027", weeks from Monday), not
Django's American ``en`` ("Jan. 14, 2027"): the portal serves German public service, and its
English readers expect the European order. The URL prefix and the message catalogue stay
``en``; only the formats change.

English keeps ISO dates (``2027-01-14``) first among the input formats, as Django's ``en``
has them: a date field shows an initial value in the first input format, and an
``<input type="date">`` accepts only ISO. Typed dates in the British order are still accepted.
"""
