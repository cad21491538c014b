"""What hds-lint prints: scan reports (text, JSON, SARIF) and the catalog view."""
