"""What views share: access rules and the event loader, error pages, file downloads, form
input, template filters and navigation."""
