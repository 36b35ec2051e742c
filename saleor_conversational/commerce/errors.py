class CheckoutError(Exception):
    """Bad input for a chat checkout, shaped like Saleor's GraphQL errors."""

    def __init__(self, field: str | None, code: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code
        self.message = message
