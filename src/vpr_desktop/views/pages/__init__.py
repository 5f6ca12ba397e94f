"""One module per page of the window; each page is handed the services it shows."""
