"""The Meta Graph API family: WhatsApp Cloud API, Messenger and Instagram.

Not a channel (there is no ``adapter.py`` here): the code those three channels share,
like django-allauth's ``providers/oauth2/``. ``graph`` holds the webhook handshake,
the signature check and the Graph error translation; ``send_api`` the Messenger
Platform Send API that Messenger and Instagram both speak.
"""
