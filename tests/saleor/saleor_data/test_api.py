"""The plugin calls Saleor's public GraphQL API in-process as its own App."""

from __future__ import annotations

import pytest
from saleor.app.models import App

from saleor_conversational.models import CommerceAppCredential
from saleor_conversational.saleor_data import api as saleor_api
from saleor_conversational.saleor_data.api import SaleorApiError

pytestmark = pytest.mark.django_db

CHECKOUT_CREATE = """
mutation($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) {
    checkout { token totalPrice { gross { amount currency } } }
    errors { field code message }
  }
}
"""


def test_app_and_token_are_created_once_and_token_is_encrypted():
    first = saleor_api.app_token()
    second = saleor_api.app_token()
    assert first == second
    credential = CommerceAppCredential.objects.get()
    assert first not in credential.token_encrypted
    perms = set(credential.app.permissions.values_list("codename", flat=True))
    assert perms == {"handle_checkouts", "handle_payments"}
    assert App.objects.filter(identifier="saleor.conversational.commerce").count() == 1


def test_checkout_create_runs_through_saleor_graphql_as_the_app(product, channel_USD):
    data = saleor_api.execute(
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": channel_USD.slug,
                "email": "shopper@example.com",
                "lines": [
                    {
                        "variantId": _gid(
                            "ProductVariant", product.variants.first().pk
                        ),
                        "quantity": 1,
                    }
                ],
            }
        },
    )["checkoutCreate"]
    assert data["errors"] == []
    assert (
        data["checkout"]["totalPrice"]["gross"]["currency"] == channel_USD.currency_code
    )
    assert data["checkout"]["totalPrice"]["gross"]["amount"] > 0


def test_saleor_input_validation_errors_come_back(product, channel_USD):
    data = saleor_api.execute(
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": channel_USD.slug,
                "lines": [
                    {
                        "variantId": _gid(
                            "ProductVariant", product.variants.first().pk
                        ),
                        "quantity": 5000,
                    }
                ],
            }
        },
    )["checkoutCreate"]
    assert data["checkout"] is None
    assert data["errors"][0]["code"] in {
        "INSUFFICIENT_STOCK",
        "QUANTITY_GREATER_THAN_LIMIT",
    }


def test_operation_needing_a_permission_the_app_lacks_is_refused():
    with pytest.raises(SaleorApiError):
        saleor_api.execute("{ staffUsers(first: 1) { edges { node { id } } } }")


def _gid(kind: str, pk: int) -> str:
    import graphene

    return graphene.Node.to_global_id(kind, pk)


@pytest.mark.parametrize(
    ("allowed", "public_url", "expected"),
    [
        (["api.shop.example"], "https://api.shop.example", ("api.shop.example", True)),
        (
            [".shop.example"],
            "http://127.0.0.1:8000",
            ("shop.example", False),
        ),  # PUBLIC_URL not allowed
        (["*"], "", ("localhost", False)),
    ],
)
def test_calls_outside_a_request_use_a_host_saleor_allows(
    settings, product, channel_USD, allowed, public_url, expected
):
    """A Celery worker has no request to borrow a host from, and Django's test runner's
    "testserver" is not allowed in production: every in-process call names an allowed host."""
    settings.ALLOWED_HOSTS = allowed
    settings.PUBLIC_URL = public_url
    assert saleor_api.request_host() == expected
    data = saleor_api.execute(
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": channel_USD.slug,
                "email": "shopper@example.com",
                "lines": [
                    {
                        "variantId": _gid(
                            "ProductVariant", product.variants.first().pk
                        ),
                        "quantity": 1,
                    }
                ],
            }
        },
    )["checkoutCreate"]
    assert data["errors"] == [] and data["checkout"]["token"]


# -- the merchant's kill switch ---------------------------------------------------------
APP_DEACTIVATE = """
mutation($id: ID!) { appDeactivate(id: $id) { errors { field code message } } }
"""


def _deactivate_in_dashboard(staff_api_client, permission_manage_apps, app):
    staff_api_client.user.user_permissions.add(permission_manage_apps)
    response = staff_api_client.post_graphql(
        APP_DEACTIVATE, {"id": _gid("App", app.pk)}
    )
    assert response.json()["data"]["appDeactivate"]["errors"] == []


def test_an_app_the_merchant_deactivated_stays_off_and_is_never_replaced(
    staff_api_client, permission_manage_apps
):
    saleor_api.app_token()
    app = CommerceAppCredential.objects.get().app
    _deactivate_in_dashboard(staff_api_client, permission_manage_apps, app)

    for _ in range(2):
        with pytest.raises(saleor_api.CommerceAppDeactivated):
            saleor_api.execute("{ shop { name } }")
    # the credential lost too: still no new App
    CommerceAppCredential.objects.all().delete()
    with pytest.raises(saleor_api.CommerceAppDeactivated):
        saleor_api.app_token()
    assert list(App.objects.filter(identifier="saleor.conversational.commerce")) == [
        app
    ]


def test_a_lost_credential_gets_a_new_token_for_the_same_app():
    saleor_api.app_token()
    app = CommerceAppCredential.objects.get().app
    CommerceAppCredential.objects.all().delete()
    token = saleor_api.app_token()
    assert CommerceAppCredential.objects.get().app == app
    assert App.objects.filter(identifier="saleor.conversational.commerce").count() == 1
    assert saleor_api.execute("{ shop { name } }")["shop"]["name"]
    assert token == saleor_api.app_token()
