"""The plugin's developer GraphQL API, served at ``/plugins/global/saleor.conversational/graphql/``."""
