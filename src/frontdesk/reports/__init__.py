"""Documents from service results: PDF (ReportLab) and Excel (openpyxl). Qt-free."""
