"""培训考核: staff records, training sessions and written tests, daily inspections, weekly slogans
and the monthly assessment. One module per idea; the tab, the reports and the CLI call them."""
