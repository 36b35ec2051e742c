"""Write the schema's SDL to ``schema.graphql``: ``python -m saleor_conversational.graphql.print_schema``
(with Saleor's settings, e.g. ``DJANGO_SETTINGS_MODULE=saleor.settings``)."""

import django

if __name__ == "__main__":
    django.setup()
    from saleor_conversational.graphql.schema import SDL_PATH, sdl

    SDL_PATH.write_text(sdl())
    print(f"wrote {SDL_PATH}")
