"""Report writers: each turns a ScanResult into text for one audience."""
