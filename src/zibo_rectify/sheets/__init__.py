"""The units' own sheets: the 填报表 a unit fills in (form), reading it back (collect), and a plan
drafted from the 台账 an office already keeps (ledger_import).  openpyxl is imported only here."""
