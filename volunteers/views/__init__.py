"""Pages of the volunteers app, one module per audience: `residents`, `volunteers`, `organisers`,
`staff` (and `common`, what they share). Thin: every write through services, every read through
selectors."""
