"""What views share: access rules, error pages, template filters and navigation."""
