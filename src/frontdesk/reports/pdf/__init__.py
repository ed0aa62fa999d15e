"""PDF documents, one module per document (ReportLab, the bundled CJK font embedded). Qt-free."""
