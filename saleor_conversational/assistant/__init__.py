"""The built-in assistant: understanding shoppers and answering them."""
