"""Pages of the consultations app: residents' pages and staff pages, thin over the services."""
