"""The team inbox as a Saleor App: its manifest and its installation in Saleor."""
